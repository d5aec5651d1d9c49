//! The eleven Audible marketplaces and the hosts each one is served from.

use std::fmt;
use std::str::FromStr;

use url::Url;

/// One Audible store. The country code is the one audible-cli writes as `locale_code`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Marketplace {
    Us,
    Uk,
    De,
    Fr,
    Ca,
    It,
    Au,
    In,
    Jp,
    Es,
    Br,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not an Audible marketplace: use one of us, uk, de, fr, ca, it, au, in, jp, es, br"
)]
pub struct UnknownMarketplace(pub String);

impl Marketplace {
    pub const ALL: [Marketplace; 11] = [
        Marketplace::Us,
        Marketplace::Uk,
        Marketplace::De,
        Marketplace::Fr,
        Marketplace::Ca,
        Marketplace::It,
        Marketplace::Au,
        Marketplace::In,
        Marketplace::Jp,
        Marketplace::Es,
        Marketplace::Br,
    ];

    /// `us`, `uk`, …: the code users type and the suffix of `openid.assoc_handle`.
    pub fn code(self) -> &'static str {
        self.facts().code
    }

    /// The top-level domain after `audible.` / `amazon.`: `com`, `co.uk`, `com.au`, …
    pub fn tld(self) -> &'static str {
        self.facts().tld
    }

    /// Amazon's `marketPlaceId` sent with sign-in.
    pub fn marketplace_id(self) -> &'static str {
        self.facts().marketplace_id
    }

    /// `Accept-Language` for every request: without it `api.audible.de` answers in English.
    pub fn accept_language(self) -> &'static str {
        self.facts().language
    }

    /// The sign-in page's `language` parameter: the same locale with an underscore (`de_DE`).
    pub fn signin_language(self) -> String {
        self.accept_language().replace('-', "_")
    }

    /// Pre-Amazon Audible user-name accounts exist only in these stores.
    pub fn allows_username_accounts(self) -> bool {
        matches!(self, Marketplace::Us | Marketplace::Uk | Marketplace::De)
    }

    fn facts(self) -> &'static Facts {
        let i = Marketplace::ALL
            .iter()
            .position(|m| *m == self)
            .expect("ALL lists every marketplace");
        &FACTS[i]
    }
}

struct Facts {
    code: &'static str,
    tld: &'static str,
    marketplace_id: &'static str,
    language: &'static str,
}

/// In the order of [`Marketplace::ALL`]; ids as mkb79/Audible `localization.py` lists them.
const FACTS: [Facts; 11] = [
    Facts {
        code: "us",
        tld: "com",
        marketplace_id: "AF2M0KC94RCEA",
        language: "en-US",
    },
    Facts {
        code: "uk",
        tld: "co.uk",
        marketplace_id: "A2I9A3Q2GNFNGQ",
        language: "en-GB",
    },
    Facts {
        code: "de",
        tld: "de",
        marketplace_id: "AN7V1F1VY261K",
        language: "de-DE",
    },
    Facts {
        code: "fr",
        tld: "fr",
        marketplace_id: "A2728XDNODOQ8T",
        language: "fr-FR",
    },
    Facts {
        code: "ca",
        tld: "ca",
        marketplace_id: "A2CQZ5RBY40XE",
        language: "en-CA",
    },
    Facts {
        code: "it",
        tld: "it",
        marketplace_id: "A2N7FU2W2BU2ZC",
        language: "it-IT",
    },
    Facts {
        code: "au",
        tld: "com.au",
        marketplace_id: "AN7EY7DTAW63G",
        language: "en-AU",
    },
    Facts {
        code: "in",
        tld: "in",
        marketplace_id: "AJO3FBRUE6J4S",
        language: "en-IN",
    },
    Facts {
        code: "jp",
        tld: "co.jp",
        marketplace_id: "A1QAP3MOU4173J",
        language: "ja-JP",
    },
    Facts {
        code: "es",
        tld: "es",
        marketplace_id: "ALMIKO4SZCSAR",
        language: "es-ES",
    },
    Facts {
        code: "br",
        tld: "com.br",
        marketplace_id: "A10J1VAYUDTYRN",
        language: "pt-BR",
    },
];

impl FromStr for Marketplace {
    type Err = UnknownMarketplace;

    /// Accepts the code in any case; `gb` is taken for `uk` because it is the ISO code.
    fn from_str(s: &str) -> Result<Marketplace, UnknownMarketplace> {
        let code = s.trim().to_ascii_lowercase();
        let code = if code == "gb" { "uk" } else { code.as_str() };
        Marketplace::ALL
            .into_iter()
            .find(|m| m.code() == code)
            .ok_or_else(|| UnknownMarketplace(s.to_owned()))
    }
}

impl fmt::Display for Marketplace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// Where requests for one marketplace go. Built from the marketplace and then, for tests and
/// users behind proxies, from [`BaseUrlOverrides`]; requests never name a host themselves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoints {
    /// `https://api.audible.<tld>`: library, wishlist, catalog.
    pub api: Url,
    /// `https://api.amazon.<tld>`: `/auth/register`, `/auth/token`, `/auth/deregister`.
    pub auth: Url,
    /// `https://www.amazon.<tld>`: the sign-in pages and the iPhone maplanding.
    pub signin: Url,
    /// `https://www.audible.<tld>`: the Android app's maplanding.
    pub audible_www: Url,
}

/// Replacement base URLs, read once at start-up from `AURALARCHIVE_AUDIBLE_API_URL` and
/// `AURALARCHIVE_AMAZON_URL` by the caller; this crate reads no environment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BaseUrlOverrides {
    /// Replaces `https://api.audible.<tld>`.
    pub audible_api: Option<Url>,
    /// Replaces `https://www.amazon.<tld>`, `https://api.amazon.<tld>` and `https://www.audible.<tld>`.
    pub amazon: Option<Url>,
}

impl Endpoints {
    pub fn for_marketplace(marketplace: Marketplace) -> Endpoints {
        let tld = marketplace.tld();
        let url = |host: String| {
            Url::parse(&format!("https://{host}/")).expect("a marketplace host makes a URL")
        };
        Endpoints {
            api: url(format!("api.audible.{tld}")),
            auth: url(format!("api.amazon.{tld}")),
            signin: url(format!("www.amazon.{tld}")),
            audible_www: url(format!("www.audible.{tld}")),
        }
    }

    pub fn with_overrides(mut self, overrides: &BaseUrlOverrides) -> Endpoints {
        if let Some(api) = &overrides.audible_api {
            self.api = api.clone();
        }
        if let Some(amazon) = &overrides.amazon {
            self.auth = amazon.clone();
            self.signin = amazon.clone();
            self.audible_www = amazon.clone();
        }
        self
    }

    /// `path` (with its query) under `base`, keeping a path prefix the base may carry
    /// (`http://proxy/audible` + `/1.0/library` → `http://proxy/audible/1.0/library`).
    pub(crate) fn join(base: &Url, path: &str) -> Url {
        let mut url = base.clone();
        let prefix = url.path().trim_end_matches('/').to_owned();
        let (path, query) = path
            .split_once('?')
            .map_or((path, None), |(p, q)| (p, Some(q)));
        url.set_path(&format!("{prefix}{path}"));
        url.set_query(query);
        url
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_marketplace_has_its_own_domain_and_id() {
        let want = [
            ("us", "com", "AF2M0KC94RCEA", "en-US"),
            ("uk", "co.uk", "A2I9A3Q2GNFNGQ", "en-GB"),
            ("de", "de", "AN7V1F1VY261K", "de-DE"),
            ("fr", "fr", "A2728XDNODOQ8T", "fr-FR"),
            ("ca", "ca", "A2CQZ5RBY40XE", "en-CA"),
            ("it", "it", "A2N7FU2W2BU2ZC", "it-IT"),
            ("au", "com.au", "AN7EY7DTAW63G", "en-AU"),
            ("in", "in", "AJO3FBRUE6J4S", "en-IN"),
            ("jp", "co.jp", "A1QAP3MOU4173J", "ja-JP"),
            ("es", "es", "ALMIKO4SZCSAR", "es-ES"),
            ("br", "com.br", "A10J1VAYUDTYRN", "pt-BR"),
        ];
        assert_eq!(Marketplace::ALL.len(), want.len());
        for (m, (code, tld, id, lang)) in Marketplace::ALL.into_iter().zip(want) {
            assert_eq!(
                (m.code(), m.tld(), m.marketplace_id(), m.accept_language()),
                (code, tld, id, lang),
                "{m}"
            );
            assert_eq!(
                code.parse::<Marketplace>(),
                Ok(m),
                "code {code} parses back"
            );
            let endpoints = Endpoints::for_marketplace(m);
            assert_eq!(
                endpoints.api.as_str(),
                format!("https://api.audible.{tld}/")
            );
            assert_eq!(
                endpoints.auth.as_str(),
                format!("https://api.amazon.{tld}/")
            );
            assert_eq!(
                endpoints.signin.as_str(),
                format!("https://www.amazon.{tld}/")
            );
        }
    }

    #[test]
    fn codes_parse_in_any_case_and_unknown_ones_are_named() {
        assert_eq!("UK".parse::<Marketplace>(), Ok(Marketplace::Uk));
        assert_eq!(" gb ".parse::<Marketplace>(), Ok(Marketplace::Uk));
        let err = "nl"
            .parse::<Marketplace>()
            .expect_err("there is no Dutch Audible store");
        assert!(err.to_string().contains("\"nl\""), "{err}");
    }

    #[test]
    fn overrides_replace_hosts_and_keep_a_path_prefix() {
        let overrides = BaseUrlOverrides {
            audible_api: Some(Url::parse("http://127.0.0.1:9000/audible").expect("valid")),
            amazon: Some(Url::parse("http://127.0.0.1:9001").expect("valid")),
        };
        let e = Endpoints::for_marketplace(Marketplace::De).with_overrides(&overrides);
        assert_eq!(
            Endpoints::join(&e.api, "/1.0/library?page=2").as_str(),
            "http://127.0.0.1:9000/audible/1.0/library?page=2"
        );
        assert_eq!(
            Endpoints::join(&e.auth, "/auth/token").as_str(),
            "http://127.0.0.1:9001/auth/token"
        );
        assert_eq!(
            e.signin, e.audible_www,
            "one Amazon override serves every sign-in host"
        );
    }
}
