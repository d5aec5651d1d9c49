//! Identifier newtypes. An invalid value cannot be constructed.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidId {
    #[error("{0:?} is not an ASIN: an ASIN is 10 letters or digits, e.g. B017V4IM1G")]
    Asin(String),
    #[error("{0:?} is not a valid id: ids are positive whole numbers")]
    Number(String),
    #[error(
        "{0:?} is not a job id: a job id is a UUID such as 67e55044-10b1-426f-9247-bb680e5fe0c8"
    )]
    Job(String),
}

/// An Audible/Amazon ASIN: 10 characters `[A-Z0-9]`, stored upper-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Asin(String);

impl Asin {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for Asin {
    type Err = InvalidId;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let upper = s.trim().to_ascii_uppercase();
        if upper.len() == 10 && upper.bytes().all(|b| b.is_ascii_alphanumeric()) {
            Ok(Asin(upper))
        } else {
            Err(InvalidId::Asin(s.to_owned()))
        }
    }
}

impl TryFrom<String> for Asin {
    type Error = InvalidId;
    fn try_from(s: String) -> Result<Self, Self::Error> {
        s.parse()
    }
}

impl From<Asin> for String {
    fn from(a: Asin) -> String {
        a.0
    }
}

impl fmt::Display for Asin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

macro_rules! row_id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl FromStr for $name {
            type Err = InvalidId;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim().parse::<i64>() {
                    Ok(n) if n > 0 => Ok($name(n)),
                    _ => Err(InvalidId::Number(s.to_owned())),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "{}", self.0)
            }
        }
    };
}

row_id!(
    /// Primary key of a row in `books`.
    BookId
);
row_id!(
    /// Primary key of a row in `authors`.
    AuthorId
);
row_id!(
    /// Primary key of a row in `series`.
    SeriesId
);
row_id!(
    /// Primary key of a row in `providers`.
    ProviderId
);
row_id!(
    /// Primary key of a row in `downloads`.
    DownloadId
);
row_id!(
    /// Primary key of a row in `audible_accounts`.
    AccountId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asin_accepts_ten_alphanumerics_and_upper_cases_them() {
        for (input, want) in [
            ("B017V4IM1G", Some("B017V4IM1G")),
            (" b017v4im1g ", Some("B017V4IM1G")),
            ("1721358595", Some("1721358595")),
            ("B017V4IM1", None),
            ("B017V4IM1G1", None),
            ("B017V4-M1G", None),
            ("", None),
        ] {
            assert_eq!(
                input.parse::<Asin>().ok().as_ref().map(Asin::as_str),
                want,
                "input {input:?}"
            );
        }
    }

    #[test]
    fn row_ids_must_be_positive() {
        assert_eq!("42".parse::<BookId>(), Ok(BookId(42)));
        assert!("0".parse::<BookId>().is_err());
        assert!("-3".parse::<BookId>().is_err());
        assert!("B017V4IM1G".parse::<BookId>().is_err());
    }
}
