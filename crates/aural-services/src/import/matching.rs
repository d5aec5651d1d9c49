//! Matching a card against the local library (SPEC §7.4): by ASIN first, else fuzzy title and
//! author (+ narrator, runtime, series position), each candidate scored 0–100 with its reasons.
//! Below the auto-accept threshold nothing is chosen for the user.

use aural_core::normalize::{name_key, title_key};
use aural_core::{Asin, Book, BookFilter, BookSort, Page, SortDir};
use aural_db::DbError;

use super::card::{Candidate, Detected};
use crate::context::AppContext;
use crate::error::ServiceError;

/// At or above this a candidate is taken without asking (SPEC §7.4 default).
pub const AUTO_ACCEPT: u8 = 90;
/// Below this a library book shares too little with the card to be offered.
const OFFER_FROM: u8 = 40;
/// Books read from the library per fuzzy query (title, then author).
const FUZZY_LIMIT: u32 = 10;

/// The library's candidates for a card, best first. An ASIN found in the library is the only
/// candidate, at 100.
pub async fn candidates(
    ctx: &AppContext,
    detected: &Detected,
) -> Result<Vec<Candidate>, ServiceError> {
    if let Some(asin) = detected
        .asin
        .as_deref()
        .and_then(|a| a.parse::<Asin>().ok())
    {
        match ctx.db().books().get_by_asin(&asin).await {
            Ok(book) => {
                return Ok(vec![candidate(
                    &book,
                    100,
                    vec![format!("ASIN {asin} is this library book's")],
                )]);
            }
            Err(DbError::NotFound { .. }) => {}
            Err(e) => return Err(e.into()),
        }
    }
    let Some(title) = detected.title.as_deref() else {
        return Ok(Vec::new());
    };
    let mut books: Vec<Book> = Vec::new();
    let queries = [Some(title.to_owned()), detected.authors.first().cloned()];
    for query in queries.into_iter().flatten() {
        let filter = BookFilter {
            query: Some(query),
            ..BookFilter::default()
        };
        let page = ctx
            .db()
            .books()
            .list(
                &filter,
                BookSort::default(),
                SortDir::default(),
                Page::new(1, FUZZY_LIMIT),
            )
            .await?;
        for book in page.items {
            if !books.iter().any(|b| b.id == book.id) {
                books.push(book);
            }
        }
    }
    let mut found: Vec<Candidate> = books
        .iter()
        .filter_map(|book| {
            let (score, reasons) = score(detected, book);
            (score >= OFFER_FROM).then(|| candidate(book, score, reasons))
        })
        .collect();
    found.sort_by(|a, b| {
        b.confidence
            .cmp(&a.confidence)
            .then(a.book_id.cmp(&b.book_id))
    });
    Ok(found)
}

/// Counts the files the library holds for each candidate's book, so a duplicate shows before
/// it is imported. Candidates are few (two fuzzy queries of ten at most).
pub(crate) async fn mark_held(
    ctx: &AppContext,
    candidates: &mut [Candidate],
) -> Result<(), ServiceError> {
    for c in candidates {
        let held = ctx.db().import_journal().book_files(c.book_id).await?;
        c.files_held = u32::try_from(held.len()).unwrap_or(u32::MAX);
    }
    Ok(())
}

pub(crate) fn candidate(book: &Book, confidence: u8, reasons: Vec<String>) -> Candidate {
    Candidate {
        book_id: book.id,
        asin: book.asin.as_ref().map(|a| a.as_str().to_owned()),
        title: book.title.clone(),
        authors: book.authors.iter().map(|a| a.name.clone()).collect(),
        confidence,
        reasons,
        files_held: 0,
    }
}

/// Title ≤ 45, author ≤ 30, narrator ≤ 10, runtime within 3 % +15 (off by more than 10 % −20),
/// equal series position +5; clamped to 0–100.
pub fn score(detected: &Detected, book: &Book) -> (u8, Vec<String>) {
    let mut points = 0.0_f64;
    let mut reasons = Vec::new();
    if let Some(title) = &detected.title {
        let sim = similarity(&title_key(title), &title_key(&book.title));
        points += 45.0 * sim;
        reasons.push(format!("title {:.0} % alike", sim * 100.0));
    }
    let author_sim = best_similarity(
        &detected.authors,
        book.authors.iter().map(|a| a.name.as_str()),
    );
    if let Some(sim) = author_sim {
        points += 30.0 * sim;
        reasons.push(format!("author {:.0} % alike", sim * 100.0));
    }
    if let Some(sim) = best_similarity(
        &detected.narrators,
        book.narrators.iter().map(String::as_str),
    ) {
        points += 10.0 * sim;
        reasons.push(format!("narrator {:.0} % alike", sim * 100.0));
    }
    if let (Some(ms), Some(minutes)) = (detected.duration_ms, book.details.runtime_min)
        && minutes > 0
    {
        let ours = ms as f64 / 60_000.0;
        let off = (ours - f64::from(minutes)).abs() / f64::from(minutes);
        if off <= 0.03 {
            points += 15.0;
            reasons.push("runtime within 3 %".to_owned());
        } else if off > 0.10 {
            points -= 20.0;
            reasons.push(format!("runtime off by {:.0} %", off * 100.0));
        }
    }
    let position = detected
        .series_position
        .as_deref()
        .map(aural_core::SeriesPosition::parse);
    if let Some(position) = position.and_then(|p| p.first())
        && book
            .series
            .iter()
            .any(|s| s.position.as_ref().and_then(|p| p.first()) == Some(position))
    {
        points += 5.0;
        reasons.push("same series position".to_owned());
    }
    (points.round().clamp(0.0, 100.0) as u8, reasons)
}

fn best_similarity<'a>(
    ours: &[String],
    theirs: impl Iterator<Item = &'a str> + Clone,
) -> Option<f64> {
    ours.iter()
        .flat_map(|o| {
            theirs
                .clone()
                .map(move |t| similarity(&name_key(o), &name_key(t)))
        })
        .max_by(f64::total_cmp)
}

/// 0–1: Sørensen–Dice over character bigrams of two normalised keys.
fn similarity(a: &str, b: &str) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    if a == b {
        return 1.0;
    }
    strsim::sorensen_dice(a, b)
}

#[cfg(test)]
mod tests {
    use super::*;
    use aural_core::{
        AuthorId, BookDetails, BookId, BookStatus, Credit, MetadataSource, Timestamp,
    };

    fn book(title: &str, author: &str) -> Book {
        Book {
            id: BookId(1),
            asin: None,
            title: title.to_owned(),
            authors: vec![Credit {
                id: AuthorId(1),
                name: author.to_owned(),
            }],
            narrators: Vec::new(),
            series: Vec::new(),
            genres: Vec::new(),
            status: BookStatus::Wanted,
            details: BookDetails::default(),
            cover_key: None,
            metadata_source: MetadataSource::User,
            added_at: Timestamp(0),
            updated_at: Timestamp(0),
        }
    }

    #[test]
    fn scores_follow_the_spec_weights() {
        let detected = Detected {
            title: Some("The Long Way".to_owned()),
            authors: vec!["Becky Chambers".to_owned()],
            ..Detected::default()
        };
        for (title, author, low, high, case) in [
            (
                "The Long Way",
                "Becky Chambers",
                75,
                75,
                "title and author equal: 45 + 30",
            ),
            (
                "Long Way",
                "Becky Chambers",
                75,
                75,
                "a leading article is ignored",
            ),
            (
                "Completely Else",
                "Becky Chambers",
                30,
                45,
                "only the author alike",
            ),
            ("Completely Else", "Someone Other", 0, 20, "nothing alike"),
        ] {
            let (score, reasons) = score(&detected, &book(title, author));
            assert!(
                (low..=high).contains(&score),
                "{case}: {score} not in {low}..={high} ({reasons:?})"
            );
        }
    }
}
