use std::ffi::OsString;

use aural_core::ErrorCode;
use aural_services::ServiceUrls;
use aural_services::config::{AMAZON_URL_ENV, AUDIBLE_API_URL_ENV, AUDNEXUS_URL_ENV};

fn urls_with(var: &'static str, value: &str) -> Result<ServiceUrls, aural_services::ServiceError> {
    ServiceUrls::from_vars(|name| (name == var).then(|| OsString::from(value)))
}

#[test]
fn without_overrides_the_real_services_are_used() {
    let urls = ServiceUrls::from_vars(|_| None).expect("defaults");
    assert_eq!(urls, ServiceUrls::default());
    assert_eq!(urls.audnexus.as_str(), "https://api.audnex.us/");
    assert_eq!(
        urls.audible_api, None,
        "each marketplace keeps its own Audible host"
    );
    assert_eq!(
        urls.amazon, None,
        "each marketplace keeps its own Amazon host"
    );
}

#[test]
fn each_variable_overrides_its_service() {
    for (var, value) in [
        (AUDIBLE_API_URL_ENV, "http://127.0.0.1:41001/"),
        (AMAZON_URL_ENV, "http://127.0.0.1:41002/sub/path/"),
        (AUDNEXUS_URL_ENV, "https://proxy.example.invalid/audnexus/"),
    ] {
        let urls = urls_with(var, value).expect("a valid URL");
        let got = match var {
            AUDIBLE_API_URL_ENV => urls.audible_api.map(|u| u.to_string()),
            AMAZON_URL_ENV => urls.amazon.map(|u| u.to_string()),
            _ => Some(urls.audnexus.to_string()),
        };
        assert_eq!(got.as_deref(), Some(value), "{var}");
    }
}

#[test]
fn an_empty_variable_is_no_override() {
    let urls = urls_with(AUDNEXUS_URL_ENV, "").expect("empty is unset");
    assert_eq!(urls, ServiceUrls::default());
}

#[test]
fn a_value_that_is_not_an_http_url_is_refused_naming_the_variable() {
    for (var, value, reason) in [
        (AUDNEXUS_URL_ENV, "api.audnex.us", "relative URL"),
        (AUDIBLE_API_URL_ENV, "ftp://127.0.0.1/", "scheme is \"ftp\""),
        (AMAZON_URL_ENV, "file:///etc/passwd", "scheme is \"file\""),
        (AMAZON_URL_ENV, "http://", "empty host"),
    ] {
        let err = urls_with(var, value).expect_err(value);
        let message = err.to_string();
        assert!(
            message.contains(var),
            "{value:?}: the variable is named: {message}"
        );
        assert!(
            message.contains(value),
            "{value:?}: the value is shown: {message}"
        );
        assert!(
            message.contains(reason),
            "{value:?}: the reason is given: {message}"
        );
        assert_eq!(err.code(), ErrorCode::Validation, "{value:?}");
        let hint = err.hint().expect("a hint");
        assert!(
            hint.contains(var) && hint.contains("unset it"),
            "{value:?}: the user is told what to do: {hint}"
        );
    }
}
