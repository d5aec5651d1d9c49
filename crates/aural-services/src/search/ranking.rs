//! Ranking what an indexer found against the wanted book, with aural-core's explained score.

use std::cmp::Ordering;

use aural_core::release::{Language, QualityPrefs, ReleaseFacts, WantedBook, parse, score};
use aural_core::{BlocklistEntry, Provider, ReleaseIdentity, Timestamp};
use aural_indexers::{Protocol, Release};

use super::found::release_key;
use super::{FoundRelease, FoundReleases, KeptRelease, SearchFor};
use crate::blocklist;

/// The wanted book's facts, owned, so each answer can borrow them as a [`WantedBook`].
pub(super) struct Wanted {
    title: String,
    subtitle: Option<String>,
    authors: Vec<String>,
    narrators: Vec<String>,
    volume: Option<f32>,
    runtime_minutes: Option<u32>,
    language: Option<Language>,
}

impl Wanted {
    pub(super) fn of(what: &SearchFor) -> Wanted {
        match what {
            SearchFor::Book(book) => Wanted {
                title: book.title.clone(),
                subtitle: book.details.subtitle.clone(),
                authors: book.authors.iter().map(|a| a.name.clone()).collect(),
                narrators: book.narrators.clone(),
                volume: book
                    .series
                    .first()
                    .and_then(|s| s.position.as_ref())
                    .and_then(|p| p.first())
                    .map(|v| v as f32),
                runtime_minutes: book.details.runtime_min,
                language: book.details.language.as_deref().and_then(Language::parse),
            },
            SearchFor::Text(text) => Wanted {
                title: text.clone(),
                subtitle: None,
                authors: Vec::new(),
                narrators: Vec::new(),
                volume: None,
                runtime_minutes: None,
                language: None,
            },
        }
    }

    pub(super) fn book(&self) -> WantedBook<'_> {
        WantedBook {
            title: &self.title,
            subtitle: self.subtitle.as_deref(),
            authors: &self.authors,
            narrators: &self.narrators,
            volume: self.volume,
            runtime_minutes: self.runtime_minutes,
            language: self.language,
            abridged: false,
        }
    }
}

pub(super) fn rank(
    wanted: &WantedBook<'_>,
    provider: &Provider,
    minimum_seeders: u32,
    releases: Vec<Release>,
    blocklist: &[BlocklistEntry],
    found: &FoundReleases,
    now: Timestamp,
) -> Vec<FoundRelease> {
    let prefs = QualityPrefs::default();
    let now_secs = now.millis() / 1000;
    releases
        .into_iter()
        .map(|r| {
            let parsed = parse(&r.title);
            let usenet = r.protocol == Protocol::Usenet;
            let guid_hash = r.guid.as_deref().map(blocklist::guid_hash);
            let key = release_key(
                provider.id,
                guid_hash
                    .as_deref()
                    .or(r.info_hash.as_deref())
                    .unwrap_or(&r.title),
            );
            // Kept for a grab; a release without a link or hash cannot be grabbed.
            if let Some(link) = r.download_ref(&[]) {
                found.keep(
                    key.clone(),
                    KeptRelease {
                        indexer: provider.id,
                        title: r.title.clone(),
                        size: r.size,
                        info_hash: r.info_hash.clone(),
                        usenet,
                        link,
                    },
                );
            }
            let identity = ReleaseIdentity {
                indexer: Some(provider.id),
                guid_hash: guid_hash.as_deref(),
                info_hash: r.info_hash.as_deref(),
                title: &r.title,
            };
            let blocklisted = blocklist
                .iter()
                .find(|e| e.matches(&identity))
                .map(|e| e.reason.describe());
            let facts = ReleaseFacts {
                size_bytes: r.size,
                seeders: r.seeders,
                usenet,
                age_days: r.published.map(|p| {
                    u32::try_from((now_secs - p.unix_timestamp()).max(0) / 86_400)
                        .unwrap_or(u32::MAX)
                }),
                freeleech: r.download_volume_factor == Some(0.0),
                minimum_seeders: if usenet { 0 } else { minimum_seeders },
                nuked: r.nuked,
                author: r.author.as_deref(),
                book_title: r.book_title.as_deref(),
                blocklisted,
                ..ReleaseFacts::new(&r.title, &parsed)
            };
            let score = score(wanted, &facts, &prefs);
            FoundRelease {
                key,
                indexer: provider.id,
                indexer_name: provider.name.clone(),
                size: r.size,
                seeders: r.seeders,
                leechers: r.leechers,
                usenet,
                published: r
                    .published
                    .map(|p| Timestamp(p.unix_timestamp().saturating_mul(1000)).to_rfc3339()),
                info_url: r.info_url.clone(),
                info_hash: r.info_hash.clone(),
                guid_hash,
                score,
                title: r.title,
            }
        })
        .collect()
}

/// Accepted releases before rejected ones, then by score, then by seeders.
pub(super) fn best_first(a: &FoundRelease, b: &FoundRelease) -> Ordering {
    a.score
        .is_rejected()
        .cmp(&b.score.is_rejected())
        .then(b.score.total.cmp(&a.score.total))
        .then(b.seeders.cmp(&a.seeders))
}
