use std::sync::Arc;

use aural_core::{BookInput, ReleaseDate, SeriesInput, SeriesPosition};
use aural_db::Db;
pub use aural_testkit::FixedClock;
use tempfile::TempDir;

pub const T0: i64 = 1_700_000_000_000;

pub struct TestDb {
    pub db: Db,
    pub clock: Arc<FixedClock>,
    /// Held so the folder and the database file live as long as the test.
    _dir: TempDir,
}

pub async fn open() -> TestDb {
    let dir = tempfile::tempdir().expect("a temp dir can be created");
    let clock = Arc::new(FixedClock::at(T0));
    let db = aural_db::connect(&dir.path().join("library.db"))
        .await
        .expect("a fresh database opens");
    TestDb {
        db: db.with_clock(clock.clone()),
        clock,
        _dir: dir,
    }
}

pub fn book(title: &str, authors: &[&str]) -> BookInput {
    BookInput {
        title: title.to_owned(),
        authors: authors.iter().map(|a| (*a).to_owned()).collect(),
        ..BookInput::default()
    }
}

pub fn with_asin(mut b: BookInput, asin: &str) -> BookInput {
    b.asin = Some(asin.parse().expect("test ASINs are valid"));
    b
}

pub fn in_series(mut b: BookInput, name: &str, position: &str) -> BookInput {
    b.series.push(SeriesInput {
        name: name.to_owned(),
        position: Some(SeriesPosition::parse(position)),
    });
    b
}

pub fn released(mut b: BookInput, date: &str) -> BookInput {
    b.details.release_date = ReleaseDate::parse(date);
    b
}
