//! Taking the authorization code from the `/ap/maplanding` address Amazon sends the login
//! window (or the user's browser) to once sign-in is done.

use aural_core::Sensitive;
use url::Url;

/// The one-time code `/auth/register` exchanges for tokens.
#[derive(Debug, Clone)]
pub struct AuthorizationCode(pub Sensitive<String>);

/// What is wrong with a pasted address; each message says what to paste instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum MaplandingError {
    #[error("nothing was pasted: paste the address of the page shown after signing in")]
    Empty,
    #[error("this is not a web address: paste the whole address from the browser's address bar")]
    NotAUrl,
    #[error(
        "this is the sign-in page itself: finish signing in, then paste the address of the page that follows (it may say \"page not found\")"
    )]
    StillSigningIn,
    #[error(
        "this address leads to {path}, not to /ap/maplanding: paste the address of the page shown right after signing in"
    )]
    NotMaplanding { path: String },
    #[error("Amazon ended the sign-in without a code ({reason}): sign in again")]
    Refused { reason: String },
    #[error(
        "the address has no openid.oa2.authorization_code: it may have been cut off, paste all of it"
    )]
    MissingCode,
}

/// Whether a navigation in the login window is the end of sign-in; the window cancels that
/// navigation and calls [`authorization_code`] on the first hop (br answers it with a further
/// redirect that drops the code).
pub fn is_maplanding(url: &Url) -> bool {
    url.path().starts_with("/ap/maplanding")
}

/// The code from a maplanding address, pasted or seen by the login window. Stray quotes,
/// angle brackets and whitespace from copying are ignored.
pub fn authorization_code(pasted: &str) -> Result<AuthorizationCode, MaplandingError> {
    let text = pasted
        .trim()
        .trim_matches(|c: char| c == '"' || c == '\'' || c == '<' || c == '>')
        .trim();
    if text.is_empty() {
        return Err(MaplandingError::Empty);
    }
    let url = Url::parse(text).map_err(|_| MaplandingError::NotAUrl)?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(MaplandingError::NotAUrl);
    }
    if url.path().starts_with("/ap/signin")
        || url.path().starts_with("/ap/mfa")
        || url.path().starts_with("/ap/cvf")
    {
        return Err(MaplandingError::StillSigningIn);
    }
    if !is_maplanding(&url) {
        return Err(MaplandingError::NotMaplanding {
            path: url.path().to_owned(),
        });
    }
    let mut code = None;
    let mut mode = None;
    for (key, value) in url.query_pairs() {
        match key.as_ref() {
            "openid.oa2.authorization_code" if !value.is_empty() => code = Some(value.into_owned()),
            "openid.mode" => mode = Some(value.into_owned()),
            _ => {}
        }
    }
    match (code, mode) {
        (Some(code), _) => Ok(AuthorizationCode(Sensitive::new(code))),
        (None, Some(mode)) if mode == "cancel" || mode == "error" => {
            Err(MaplandingError::Refused {
                reason: format!("openid.mode={mode}"),
            })
        }
        (None, _) => Err(MaplandingError::MissingCode),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD: &str = "https://www.amazon.co.uk/ap/maplanding?openid.assoc_handle=amzn_audible_ios_uk&openid.claimed_id=https%3A%2F%2Fwww.amazon.co.uk%2Fap%2Fid%2Famzn1.account.X&openid.mode=id_res&openid.oa2.authorization_code=ANcodeTEST123&openid.ns=http%3A%2F%2Fspecs.openid.net%2Fauth%2F2.0";

    #[test]
    fn the_code_is_taken_from_a_maplanding_address() {
        for pasted in [
            GOOD.to_owned(),
            format!("  \"{GOOD}\"\n"),
            format!("<{GOOD}>"),
        ] {
            let code = authorization_code(&pasted).expect("a maplanding address has a code");
            assert_eq!(code.0.expose(), "ANcodeTEST123", "pasted {pasted:?}");
        }
        let loopback = "http://127.0.0.1:4100/ap/maplanding?openid.oa2.authorization_code=c0de";
        assert_eq!(
            authorization_code(loopback).expect("fake host").0.expose(),
            "c0de"
        );
    }

    #[test]
    fn wrong_pastes_say_what_to_paste_instead() {
        for (pasted, want) in [
            ("", MaplandingError::Empty),
            ("   ", MaplandingError::Empty),
            ("ANcodeTEST123", MaplandingError::NotAUrl),
            (
                "file:///ap/maplanding?openid.oa2.authorization_code=x",
                MaplandingError::NotAUrl,
            ),
            (
                "https://www.amazon.de/ap/signin?openid.mode=checkid_setup",
                MaplandingError::StillSigningIn,
            ),
            (
                "https://www.amazon.de/ap/mfa?arb=1",
                MaplandingError::StillSigningIn,
            ),
            (
                "https://www.amazon.de/gp/homepage.html",
                MaplandingError::NotMaplanding {
                    path: "/gp/homepage.html".to_owned(),
                },
            ),
            (
                "https://www.amazon.de/ap/maplanding?openid.mode=cancel",
                MaplandingError::Refused {
                    reason: "openid.mode=cancel".to_owned(),
                },
            ),
            (
                "https://www.amazon.de/ap/maplanding?openid.mode=id_res",
                MaplandingError::MissingCode,
            ),
            (
                "https://www.amazon.de/ap/maplanding?openid.oa2.authorization_code=",
                MaplandingError::MissingCode,
            ),
        ] {
            assert_eq!(
                authorization_code(pasted).map(|c| c.0.expose().clone()),
                Err(want),
                "pasted {pasted:?}"
            );
        }
    }

    #[test]
    fn a_code_never_shows_in_debug_output() {
        let code = authorization_code(GOOD).expect("valid");
        assert!(!format!("{code:?}").contains("ANcodeTEST123"));
    }
}
