//! The BitTorrent v1 info hash that identifies a torrent in every client, learned before the
//! torrent is sent (SPEC §6.3) so a client that answers "Ok." without an id can still be asked
//! about it.

use std::fmt;

use data_encoding::BASE32;
use lava_torrent::torrent::v1::Torrent;
use serde::{Deserialize, Serialize};

use crate::error::ClientError;

/// 40 lower-case hex digits.
#[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct InfoHash(String);

impl InfoHash {
    /// From 40 hex digits or the 32-character base32 form magnets may carry.
    pub fn parse(text: &str) -> Option<InfoHash> {
        let text = text.trim();
        match text.len() {
            40 if text.bytes().all(|b| b.is_ascii_hexdigit()) => {
                Some(InfoHash(text.to_ascii_lowercase()))
            }
            32 => {
                let bytes = BASE32.decode(text.to_ascii_uppercase().as_bytes()).ok()?;
                Some(InfoHash(bytes.iter().map(|b| format!("{b:02x}")).collect()))
            }
            _ => None,
        }
    }

    /// The `xt=urn:btih:` of a magnet link.
    pub fn from_magnet(magnet: &str) -> Result<InfoHash, ClientError> {
        let url = url::Url::parse(magnet.trim()).map_err(|_| ClientError::InvalidMagnet)?;
        if url.scheme() != "magnet" {
            return Err(ClientError::InvalidMagnet);
        }
        url.query_pairs()
            .filter(|(k, _)| k == "xt")
            .find_map(|(_, v)| {
                let (prefix, hash) = v.split_at_checked(9)?;
                prefix
                    .eq_ignore_ascii_case("urn:btih:")
                    .then(|| InfoHash::parse(hash))
                    .flatten()
            })
            .ok_or(ClientError::InvalidMagnet)
    }

    /// The SHA-1 of the bencoded `info` dictionary of a .torrent file; a file that does not
    /// parse as a torrent is refused here rather than by the client.
    pub fn from_torrent(bytes: &[u8]) -> Result<InfoHash, ClientError> {
        let torrent = Torrent::read_from_bytes(bytes)
            .map_err(|e| ClientError::InvalidTorrent(e.to_string()))?;
        Ok(InfoHash(torrent.info_hash()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for InfoHash {
    type Error = String;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        InfoHash::parse(&value).ok_or_else(|| format!("{value:?} is not an info hash"))
    }
}

impl From<InfoHash> for String {
    fn from(value: InfoHash) -> String {
        value.0
    }
}

impl fmt::Display for InfoHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for InfoHash {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "InfoHash({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEX: &str = "0123456789abcdef0123456789abcdef01234567";

    #[test]
    fn magnets_give_their_hash_in_hex_or_base32() {
        for (magnet, want) in [
            (
                format!("magnet:?xt=urn:btih:{HEX}&dn=Book%20One"),
                Some(HEX),
            ),
            (
                format!("magnet:?dn=x&xt=urn:btih:{}", HEX.to_uppercase()),
                Some(HEX),
            ),
            // The same 20 bytes in base32.
            (
                "magnet:?xt=urn:btih:AERUKZ4JVPG66AJDIVTYTK6N54ASGRLH".to_owned(),
                Some(HEX),
            ),
            ("magnet:?xt=urn:btmh:1220abcd".to_owned(), None),
            ("magnet:?xt=urn:btih:0123".to_owned(), None),
            (format!("http://example.invalid/?xt=urn:btih:{HEX}"), None),
            ("not a magnet".to_owned(), None),
        ] {
            let got = InfoHash::from_magnet(&magnet).ok();
            assert_eq!(got.as_ref().map(InfoHash::as_str), want, "magnet {magnet}");
        }
    }

    #[test]
    fn garbage_is_not_a_torrent() {
        for bytes in [
            &b""[..],
            b"<html>login</html>",
            b"d4:infod4:name1:xee",
            b"d8:announce",
        ] {
            assert!(
                matches!(
                    InfoHash::from_torrent(bytes),
                    Err(ClientError::InvalidTorrent(_))
                ),
                "{:?}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
}
