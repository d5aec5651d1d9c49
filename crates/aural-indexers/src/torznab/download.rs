//! Where a download client gets a release (SPEC §5.2): the indexer's magnet, else its `.torrent`
//! or `.nzb` URL, else a magnet built from the info-hash with the indexer's trackers.

use aural_core::Sensitive;

use crate::torznab::feed::Release;

#[derive(Debug, Clone, PartialEq)]
pub enum DownloadRef {
    Magnet(String),
    /// May carry the API key or a passkey, so it stays a secret until handed to the client.
    Url(Sensitive<String>),
}

impl Release {
    pub fn download_ref(&self, trackers: &[String]) -> Option<DownloadRef> {
        if let Some(magnet) = &self.magnet {
            return Some(DownloadRef::Magnet(magnet.clone()));
        }
        if let Some(url) = &self.download_url {
            return Some(DownloadRef::Url(url.clone()));
        }
        let hash = self.info_hash.as_deref()?;
        let mut magnet = format!("magnet:?xt=urn:btih:{hash}&dn={}", encode(&self.title));
        for tracker in trackers {
            magnet.push_str("&tr=");
            magnet.push_str(&encode(tracker));
        }
        Some(DownloadRef::Magnet(magnet))
    }

    /// `downloadvolumefactor=0`: the download does not count against the user's ratio.
    pub fn is_freeleech(&self) -> bool {
        self.download_volume_factor == Some(0.0)
    }
}

/// Percent-encoding with spaces as `%20`, which every client reads (some take `+` literally).
fn encode(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes())
        .collect::<String>()
        .replace('+', "%20")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::torznab::feed::{Feed, Protocol};

    const FEED: &str = r#"<rss><channel>
        <item><title>A</title><link>https://t.invalid/dl?passkey=p</link>
          <torznab:attr name="magneturl" value="magnet:?xt=urn:btih:aa"/></item>
        <item><title>B</title><enclosure url="https://t.invalid/b.torrent" type="application/x-bittorrent"/></item>
        <item><title>C + D: the book</title>
          <torznab:attr name="infohash" value="9FB267CFF5AE5603F07A347676EC3BF3E35F75E1"/></item>
        <item><title>E</title></item>
    </channel></rss>"#;

    #[test]
    fn the_magnet_beats_the_url_and_a_hash_alone_makes_one() {
        let feed = Feed::parse(FEED.as_bytes(), Protocol::Torrent).expect("parses");
        let trackers = vec!["udp://tracker.invalid:1337/announce".to_owned()];
        let refs: Vec<Option<DownloadRef>> = feed
            .releases
            .iter()
            .map(|r| r.download_ref(&trackers))
            .collect();
        assert_eq!(
            refs[0],
            Some(DownloadRef::Magnet("magnet:?xt=urn:btih:aa".to_owned()))
        );
        assert_eq!(
            refs[1],
            Some(DownloadRef::Url(Sensitive::new(
                "https://t.invalid/b.torrent".to_owned()
            )))
        );
        assert_eq!(
            refs[2],
            Some(DownloadRef::Magnet(
                "magnet:?xt=urn:btih:9fb267cff5ae5603f07a347676ec3bf3e35f75e1\
                 &dn=C%20%2B%20D%3A%20the%20book\
                 &tr=udp%3A%2F%2Ftracker.invalid%3A1337%2Fannounce"
                    .to_owned()
            ))
        );
        assert_eq!(refs[3], None);
    }
}
