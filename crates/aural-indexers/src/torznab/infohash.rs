//! Info-hashes as one form (40 lower-case hex digits), whether an indexer gives hex or the
//! base32 form of BEP 9 magnets (Anime Tosho's magnets use base32), so that the same torrent
//! from two indexers is recognised as one (SPEC §5.5).

const BASE32: &[u8; 32] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/// The hash in lower-case hex, or `None` when `text` is neither 40 hex digits nor 32 base32 ones.
pub fn normalize(text: &str) -> Option<String> {
    let text = text.trim();
    match text.len() {
        40 if text.bytes().all(|b| b.is_ascii_hexdigit()) => Some(text.to_ascii_lowercase()),
        32 => base32_to_hex(text),
        _ => None,
    }
}

/// The hash of a magnet's `xt=urn:btih:` part.
pub fn from_magnet(magnet: &str) -> Option<String> {
    let url = url::Url::parse(magnet).ok()?;
    if url.scheme() != "magnet" {
        return None;
    }
    url.query_pairs()
        .filter(|(k, _)| k == "xt")
        .find_map(|(_, v)| {
            let v = v.to_ascii_lowercase();
            v.strip_prefix("urn:btih:").and_then(normalize)
        })
}

fn base32_to_hex(text: &str) -> Option<String> {
    let mut bits: u64 = 0;
    let mut count = 0;
    let mut hex = String::with_capacity(40);
    for b in text.bytes() {
        let value = BASE32.iter().position(|&c| c == b.to_ascii_uppercase())? as u64;
        bits = (bits << 5) | value;
        count += 5;
        while count >= 4 {
            count -= 4;
            let nibble = (bits >> count) & 0xf;
            hex.push(char::from_digit(nibble as u32, 16).expect("a nibble is one hex digit"));
        }
    }
    Some(hex)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_and_base32_give_the_same_hash() {
        for (input, want) in [
            (
                "9FB267CFF5AE5603F07A347676EC3BF3E35F75E1",
                Some("9fb267cff5ae5603f07a347676ec3bf3e35f75e1"),
            ),
            // The base32 magnet of the Anime Tosho fixture, checked with Python's base64.b32decode.
            (
                "VU2QYN66WU7FTPXSG3TFDRXW6KTEBPBF",
                Some("ad350c37deb53e59bef236e651c6f6f2a640bc25"),
            ),
            ("xyz", None),
            ("9fb267cff5ae5603f07a347676ec3bf3e35f75eZ", None),
            ("VU2QYN66WU7FTPXSG3TFDRXW6KTEBPB1", None),
        ] {
            assert_eq!(normalize(input).as_deref(), want, "input {input:?}");
        }
        assert_eq!(
            from_magnet("magnet:?xt=urn:btih:VU2QYN66WU7FTPXSG3TFDRXW6KTEBPBF&dn=x").as_deref(),
            Some("ad350c37deb53e59bef236e651c6f6f2a640bc25")
        );
        assert_eq!(
            from_magnet("https://example.invalid/?xt=urn:btih:abc"),
            None
        );
    }
}
