//! The client against a loopback fake that answers like Audible from the fixtures and checks
//! ADP signatures with the fixture key's public half.

use std::sync::Arc;
use std::time::Duration;

use aural_audible::library::LibraryQuery;
use aural_audible::maplanding::authorization_code;
use aural_audible::signing::verify;
use aural_audible::{
    AccessToken, AudibleClient, AudibleError, BaseUrlOverrides, DeviceProfile, Endpoints,
    Marketplace, SigningIdentity,
};
use aural_core::{Sensitive, Timestamp};
use aural_http::{ClientSettings, HttpError, RetryPolicy, build_client};
use aural_testkit::{FakeServer, Fault, FixedClock, NOW};
use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post};
use tokio_util::sync::CancellationToken;

use crate::register::sign_in;
use crate::{ADP_TOKEN, bytes, test_key, test_public_key};

const REFRESH: &str = "Atnr|test-refresh-token";

fn json(status: StatusCode, body: Vec<u8>, extra: &[(&'static str, &str)]) -> Response {
    let mut response = (status, [("content-type", "application/json")], body).into_response();
    for (name, value) in extra {
        response
            .headers_mut()
            .insert(*name, value.parse().expect("test header values are valid"));
    }
    response
}

/// Checks the `x-adp-*` headers as Audible does; 401 when they are missing or wrong.
fn signed(method: &Method, uri: &Uri, headers: &HeaderMap, body: &[u8]) -> bool {
    let header = |name: &str| {
        headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_owned()
    };
    let path = uri.path_and_query().map(|p| p.as_str()).unwrap_or_default();
    header("x-adp-alg") == "SHA256withRSA:1.0"
        && verify(
            &test_public_key(),
            &header("x-adp-token"),
            method.as_str(),
            path,
            body,
            &header("x-adp-signature"),
        )
        && header("x-adp-token") == ADP_TOKEN
}

async fn library(method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    if !signed(&method, &uri, &headers, &body) {
        return json(
            StatusCode::UNAUTHORIZED,
            br#"{"message": "Invalid signature"}"#.to_vec(),
            &[],
        );
    }
    if uri.query().unwrap_or_default().contains("state_token=") {
        return json(
            StatusCode::OK,
            bytes("audible/library_delta_revoked.json"),
            &[("State-Token", "1765200000000")],
        );
    }
    json(
        StatusCode::OK,
        bytes("audible/library_page_composed.json"),
        &[("Total-Count", "6"), ("State-Token", "1765108176000")],
    )
}

async fn wishlist(method: Method, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    if !signed(&method, &uri, &headers, &body) {
        return json(
            StatusCode::UNAUTHORIZED,
            br#"{"message": "Invalid signature"}"#.to_vec(),
            &[],
        );
    }
    match method {
        Method::GET => json(
            StatusCode::OK,
            bytes("audible/wishlist_page_composed.json"),
            &[],
        ),
        Method::POST => json(
            StatusCode::CREATED,
            Vec::new(),
            &[("Location", "/1.0/wishlist/B017V4IM1G")],
        ),
        _ => StatusCode::NO_CONTENT.into_response(),
    }
}

async fn register(body: Bytes) -> Response {
    let body: serde_json::Value = serde_json::from_slice(&body).unwrap_or_default();
    if body["auth_data"]["authorization_code"] == "ANgood" {
        json(StatusCode::OK, bytes("audible/auth_register_ok.json"), &[])
    } else {
        json(
            StatusCode::BAD_REQUEST,
            bytes("audible/auth_register_error.json"),
            &[],
        )
    }
}

async fn token(body: Bytes) -> Response {
    let form: Vec<(String, String)> = url::form_urlencoded::parse(&body).into_owned().collect();
    if form.contains(&("source_token".to_owned(), REFRESH.to_owned())) {
        json(StatusCode::OK, bytes("audible/auth_token_ok.json"), &[])
    } else {
        json(
            StatusCode::BAD_REQUEST,
            bytes("audible/auth_token_invalid_grant.json"),
            &[],
        )
    }
}

async fn deregister(headers: HeaderMap) -> Response {
    match headers
        .get("x-amz-access-token")
        .and_then(|v| v.to_str().ok())
    {
        Some("Atna|test-access-token") => json(
            StatusCode::OK,
            br#"{"response": {"success": {}}}"#.to_vec(),
            &[],
        ),
        _ => json(
            StatusCode::FORBIDDEN,
            br#"{"message": "Access denied"}"#.to_vec(),
            &[],
        ),
    }
}

async fn fake() -> FakeServer {
    FakeServer::start(
        Router::new()
            .route("/1.0/library", get(library))
            .route("/1.0/wishlist", any(wishlist))
            .route("/1.0/wishlist/{asin}", any(wishlist))
            .route(
                "/1.0/catalog/products/{asin}",
                get(
                    |axum::extract::Path(asin): axum::extract::Path<String>| async move {
                        json(
                            StatusCode::OK,
                            bytes(&format!("audible/catalog_product_{asin}.json")),
                            &[],
                        )
                    },
                ),
            )
            .route(
                "/1.0/content/{asin}/metadata",
                get(
                    |axum::extract::Path(asin): axum::extract::Path<String>| async move {
                        json(
                            StatusCode::OK,
                            bytes(&format!("audible/content_metadata_chapters_{asin}.json")),
                            &[],
                        )
                    },
                ),
            )
            .route(
                "/1.0/catalog/products",
                get(|| async {
                    json(
                        StatusCode::OK,
                        bytes("audible/catalog_products_composed.json"),
                        &[],
                    )
                }),
            )
            .route(
                "/broken/1.0/library",
                get(|| async { json(StatusCode::OK, br#"{"items": [{"asin": "#.to_vec(), &[]) }),
            )
            .route("/auth/register", post(register))
            .route("/auth/token", post(token))
            .route("/auth/deregister", post(deregister)),
    )
    .await
}

fn client_for(server: &FakeServer, api_prefix: &str) -> AudibleClient {
    let overrides = BaseUrlOverrides {
        audible_api: Some(server.url(api_prefix)),
        amazon: Some(server.url("/")),
    };
    let endpoints = Endpoints::for_marketplace(Marketplace::De).with_overrides(&overrides);
    let http = build_client(&ClientSettings::for_version("test")).expect("the client builds");
    let quick = RetryPolicy {
        max_tries: 3,
        min_delay: Duration::from_millis(10),
        max_delay: Duration::from_millis(40),
        max_retry_after: Duration::from_secs(5),
    };
    AudibleClient::new(
        http,
        Marketplace::De,
        endpoints,
        Arc::new(FixedClock::at(NOW)),
    )
    .with_retry(quick)
}

fn identity() -> SigningIdentity {
    SigningIdentity {
        adp_token: Sensitive::new(ADP_TOKEN.to_owned()),
        key: test_key(),
    }
}

fn assert_no_secret(error: &AudibleError) {
    let shown = format!("{error} {error:?}");
    for secret in [
        "Atnr|",
        "Atna|",
        "dGVzdA",
        "enc:",
        "state_token=17",
        "ANgood",
        "ANbad",
    ] {
        assert!(!shown.contains(secret), "the error shows {secret}: {shown}");
    }
}

#[tokio::test]
async fn register_refresh_and_deregister_against_the_fake() {
    let server = fake().await;
    let client = client_for(&server, "/");
    let cancel = CancellationToken::new();
    let sign_in = sign_in(DeviceProfile::Iphone);

    let code = authorization_code(&format!(
        "{}",
        server.url("/ap/maplanding?openid.oa2.authorization_code=ANgood")
    ))
    .expect("valid");
    let tokens = client
        .register(&sign_in, &code, &cancel)
        .await
        .expect("the fake accepts ANgood");
    assert_eq!(tokens.access.expires_at, Timestamp(NOW + 3_600_000));
    let sent = &server.requests_to("/auth/register")[0];
    assert_eq!(sent.headers["accept-language"], "de-DE");
    assert_eq!(
        sent.headers["x-amzn-identity-auth-domain"], "api.amazon.de",
        "the real Amazon host, not the fake's"
    );
    assert_eq!(
        sent.headers["cookie"],
        "amzn-app-id=MAPiOSLib/6.0/ToHideRetailLink"
    );

    let bad = authorization_code(&format!(
        "{}",
        server.url("/ap/maplanding?openid.oa2.authorization_code=ANbad")
    ))
    .expect("valid");
    let err = client
        .register(&sign_in, &bad, &cancel)
        .await
        .expect_err("the fake refuses ANbad");
    assert!(
        matches!(err, AudibleError::RegistrationRejected { status: 400 }),
        "{err:?}"
    );
    assert_eq!(
        server.requests_to("/auth/register").len(),
        2,
        "a registration is never retried"
    );
    assert_no_secret(&err);

    let fresh = client
        .refresh(DeviceProfile::Iphone, &tokens.refresh_token, &cancel)
        .await
        .expect("refresh works");
    assert_eq!(fresh.token.expose(), "Atna|test-refreshed-token");
    let sent = server.requests_to("/auth/token");
    assert_eq!(
        sent[0].headers["content-type"],
        "application/x-www-form-urlencoded"
    );

    let err = client
        .refresh(
            DeviceProfile::Iphone,
            &Sensitive::new("Atnr|revoked".to_owned()),
            &cancel,
        )
        .await
        .expect_err("invalid_grant");
    assert!(matches!(err, AudibleError::RefreshRejected), "{err:?}");
    assert_no_secret(&err);

    client
        .deregister(&tokens.access, &cancel)
        .await
        .expect("deregister works");
    let expired = AccessToken {
        token: Sensitive::new("Atna|expired".to_owned()),
        expires_at: Timestamp(0),
    };
    let err = client.deregister(&expired, &cancel).await.expect_err("403");
    assert!(
        matches!(
            err,
            AudibleError::Unauthorized {
                endpoint: "/auth/deregister"
            }
        ),
        "{err:?}"
    );
    assert_no_secret(&err);
}

#[tokio::test]
async fn library_pages_are_signed_and_carry_paging_headers() {
    let server = fake().await;
    let client = client_for(&server, "/");
    let cancel = CancellationToken::new();

    let page = client
        .library_page(&identity(), &LibraryQuery::full(1, 1000), &cancel)
        .await
        .expect("the fake verifies our signature");
    assert_eq!(page.items.len(), 6);
    assert_eq!(page.headers.total_count, Some(6));
    assert_eq!(page.page_count(1000), Some(1));
    let token = page.headers.state_token.clone().expect("a state token");
    assert_eq!(token.as_str(), "1765108176000");
    assert_eq!(
        server.requests_to("/1.0/library")[0].headers["accept-language"],
        "de-DE"
    );

    let delta = client
        .library_page(&identity(), &LibraryQuery::delta(token, 1, 1000), &cancel)
        .await
        .expect("delta");
    assert_eq!(delta.items.len(), 1);
    assert!(delta.items[0].is_revoked());
    assert_eq!(
        server.requests_to("/1.0/library").len(),
        2,
        "a no-retry delta is one request"
    );
}

#[tokio::test]
async fn a_wrong_key_or_expired_token_is_unauthorized_without_secrets() {
    let server = fake().await;
    let client = client_for(&server, "/");
    let cancel = CancellationToken::new();
    let other_key = aural_audible::signing::DeviceKey::parse(&{
        use rsa::pkcs1::EncodeRsaPrivateKey;
        let key = rsa::RsaPrivateKey::new(&mut rand::rngs::OsRng, 1024).expect("a key generates");
        key.to_pkcs1_pem(rsa::pkcs1::LineEnding::LF)
            .expect("encodes")
            .to_string()
    })
    .expect("valid");
    let wrong = SigningIdentity {
        adp_token: Sensitive::new(ADP_TOKEN.to_owned()),
        key: other_key,
    };
    let query = LibraryQuery::delta(
        aural_audible::library::StateToken::from_header("1765108176000").expect("token"),
        1,
        50,
    );
    let err = client
        .library_page(&wrong, &query, &cancel)
        .await
        .expect_err("the fake rejects a bad signature");
    assert!(
        matches!(
            err,
            AudibleError::Unauthorized {
                endpoint: "/1.0/library"
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        server.requests_to("/1.0/library").len(),
        1,
        "401 is not retried"
    );
    assert_no_secret(&err);

    server.inject("/1.0/library", [Fault::Status(StatusCode::UNAUTHORIZED)]);
    let err = client
        .library_page(&identity(), &LibraryQuery::full(1, 50), &cancel)
        .await
        .expect_err("expired");
    assert!(matches!(err, AudibleError::Unauthorized { .. }), "{err:?}");
}

#[tokio::test]
async fn rate_limits_are_retried_after_the_asked_wait() {
    let server = fake().await;
    let client = client_for(&server, "/");
    let cancel = CancellationToken::new();
    server.inject(
        "/1.0/library",
        [Fault::RetryAfter {
            status: StatusCode::TOO_MANY_REQUESTS,
            value: "1".to_owned(),
        }],
    );
    let page = client
        .library_page(&identity(), &LibraryQuery::full(1, 1000), &cancel)
        .await
        .expect("the second try succeeds");
    assert_eq!(page.items.len(), 6);
    let requests = server.requests_to("/1.0/library");
    assert_eq!(requests.len(), 2);
    assert!(
        requests[1].at - requests[0].at >= Duration::from_millis(950),
        "Retry-After: 1 was honoured"
    );

    let many = (0..3).map(|_| Fault::RetryAfter {
        status: StatusCode::TOO_MANY_REQUESTS,
        value: "0".to_owned(),
    });
    server.inject("/1.0/wishlist", many);
    let err = client
        .wishlist_page(&identity(), 0, &cancel)
        .await
        .expect_err("three 429s exhaust three tries");
    assert!(
        matches!(err, AudibleError::Http(HttpError::RateLimited { .. })),
        "{err:?}"
    );

    server.inject(
        "/1.0/catalog/products/B017V4IM1G",
        [Fault::RetryAfter {
            status: StatusCode::TOO_MANY_REQUESTS,
            value: "3600".to_owned(),
        }],
    );
    let asin = "B017V4IM1G".parse().expect("valid");
    let err = client
        .catalog_product(&asin, &cancel)
        .await
        .expect_err("an hour is too long to wait inside a call");
    match err {
        AudibleError::Http(HttpError::RateLimited { retry_after, .. }) => {
            assert_eq!(retry_after, Some(Duration::from_secs(3600)))
        }
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn malformed_answers_are_typed_errors() {
    let server = fake().await;
    let client = client_for(&server, "/broken");
    let cancel = CancellationToken::new();
    let err = client
        .library_page(&identity(), &LibraryQuery::full(1, 50), &cancel)
        .await
        .expect_err("cut-off JSON");
    assert!(
        matches!(
            err,
            AudibleError::Malformed {
                endpoint: "/1.0/library"
            }
        ),
        "{err:?}"
    );

    let server = fake().await;
    let client = client_for(&server, "/");
    server.inject("/1.0/library", [Fault::Truncated { missing: 100 }]);
    let err = client
        .library_page(
            &identity(),
            &LibraryQuery::full(1, 50),
            &CancellationToken::new(),
        )
        .await;
    assert!(
        matches!(err, Err(AudibleError::Http(HttpError::Body { .. }))),
        "a short body is reported, never read as a page: {err:?}"
    );
}

#[tokio::test]
async fn wishlist_and_catalog_calls() {
    let server = fake().await;
    let client = client_for(&server, "/");
    let cancel = CancellationToken::new();
    let page = client
        .wishlist_page(&identity(), 0, &cancel)
        .await
        .expect("wishlist");
    assert_eq!(page.items.len(), 2);
    let asin = "B017V4IM1G".parse().expect("valid");
    client
        .wishlist_add(&identity(), &asin, &cancel)
        .await
        .expect("201");
    client
        .wishlist_remove(&identity(), &asin, &cancel)
        .await
        .expect("204");
    let sent = server.requests_to("/1.0/wishlist");
    assert_eq!(
        sent.last().map(|r| r.body.as_ref()),
        Some(&br#"{"asin":"B017V4IM1G"}"#[..])
    );
    assert_eq!(
        server.requests_to("/1.0/wishlist/B017V4IM1G")[0].method,
        Method::DELETE
    );

    let product = client
        .catalog_product(&asin, &cancel)
        .await
        .expect("catalog product");
    assert_eq!(product.asin, asin);
    let catalog = &server.requests_to("/1.0/catalog/products/B017V4IM1G")[0];
    assert!(
        catalog.headers.get("x-adp-token").is_none(),
        "catalog calls go unsigned"
    );
    let list = client
        .catalog_products(
            &[asin.clone(), "B079LRSMNN".parse().expect("valid")],
            &cancel,
        )
        .await
        .expect("batch");
    assert_eq!(list.products.len(), 2);

    let chapters = client.chapters(&asin, &cancel).await.expect("chapters");
    assert_eq!(chapters.chapters.len(), 19);
    let sent = &server.requests_to("/1.0/content/B017V4IM1G/metadata")[0];
    assert!(
        sent.headers.get("x-adp-token").is_none(),
        "chapter metadata goes unsigned"
    );
}
