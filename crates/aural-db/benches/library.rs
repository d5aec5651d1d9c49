//! Seeds libraries of several sizes through `upsert_batch` and prints the median time of the
//! queries pages run. `AURAL_BENCH_SIZES=1000,5000` overrides the default sizes.

use std::time::{Duration, Instant};

use anyhow::Context;
use aural_core::{
    BookFilter, BookInput, BookSort, BookStatus, MetadataSource, NameQuery, Page, ReleaseDate,
    SeriesInput, SeriesPosition, SortDir, Timestamp,
};

const BATCH: usize = 2_500;
const RUNS: usize = 21;
const WORDS: [&str; 40] = [
    "shadow", "empire", "storm", "night", "crown", "river", "stone", "winter", "fire", "silent",
    "garden", "iron", "dragon", "glass", "hollow", "king", "queen", "song", "blood", "light",
    "dark", "ocean", "forest", "star", "city", "ghost", "wolf", "secret", "golden", "last",
    "first", "lost", "war", "peace", "road", "house", "dream", "mirror", "hunter", "sky",
];
const FIRST: [&str; 12] = [
    "Anna", "Brian", "Clara", "David", "Elena", "Frank", "Grace", "Henry", "Iris", "Jack", "Kara",
    "Liam",
];
const LANGUAGES: [&str; 5] = ["english", "english", "english", "german", "french"];
const STATUSES: [BookStatus; 5] = [
    BookStatus::Owned,
    BookStatus::Owned,
    BookStatus::Wanted,
    BookStatus::Missing,
    BookStatus::Ignored,
];

/// Book `i`: about 3 authors per 10 books, a series for most books, two narrators.
fn synthetic(i: usize) -> BookInput {
    let word = |k: u32| pick(&WORDS, i, k);
    let author_no = i / 4 + (i % 3);
    let author = format!("{} Writer{author_no}", FIRST[author_no % FIRST.len()]);
    let mut authors = vec![author];
    if i.is_multiple_of(7) {
        authors.push(format!("Co Author{}", i / 50));
    }
    let series = (!i.is_multiple_of(5)).then(|| SeriesInput {
        name: format!("The {} Saga {}", capitalise(pick(&WORDS, i / 6, 9)), i / 6),
        position: Some(SeriesPosition::parse(&if i.is_multiple_of(23) {
            format!("{}.5", i % 6)
        } else {
            format!("{}", i % 6 + 1)
        })),
    });
    BookInput {
        asin: Some(format!("B{i:09}").parse().expect("a 10-character ASIN")),
        title: format!(
            "{} {} {} {}",
            capitalise(word(1)),
            word(2),
            word(3),
            word(8)
        ),
        subtitle: i.is_multiple_of(3).then(|| format!("A {} novel", word(4))),
        authors,
        narrators: vec![
            format!("Narrator {}", i % 900),
            format!("Voice {}", i % 311),
        ],
        series: series.into_iter().collect(),
        runtime_min: Some(60 + (i % 1_200) as u32),
        release_date: ReleaseDate::day(
            1990 + (i % 35) as i32,
            (i % 12 + 1) as u8,
            (i % 28 + 1) as u8,
        ),
        language: Some(LANGUAGES[i % LANGUAGES.len()].to_owned()),
        publisher: Some(format!("Publisher {}", i % 40)),
        summary: Some(format!(
            "Summary of book {i}: {} {} {}.",
            word(5),
            word(6),
            word(7)
        )),
        status: Some(STATUSES[i % STATUSES.len()]),
    }
}

/// A well-spread pseudo-random choice for item `i`, draw `k`.
fn pick<'w>(list: &[&'w str], i: usize, k: u32) -> &'w str {
    let h = (i as u64 + 1)
        .wrapping_mul(0x9E37_79B9_7F4A_7C15)
        .rotate_left(k * 7)
        .wrapping_mul(0xBF58_476D_1CE4_E5B9);
    list[((h >> 33) % list.len() as u64) as usize]
}

fn capitalise(w: &str) -> String {
    let mut c = w.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

fn rss_kib() -> String {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmRSS:"))
                .map(|l| l["VmRSS:".len()..].trim().to_owned())
        })
        .unwrap_or_else(|| "n/a".to_owned())
}

async fn median<F, Fut, T>(f: F) -> anyhow::Result<Duration>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<T, aural_db::DbError>>,
{
    f().await?;
    let mut times = Vec::with_capacity(RUNS);
    for _ in 0..RUNS {
        let start = Instant::now();
        f().await?;
        times.push(start.elapsed());
    }
    times.sort();
    Ok(times[RUNS / 2])
}

async fn bench(size: usize) -> anyhow::Result<()> {
    // AURAL_BENCH_DIR keeps the seeded databases for inspection (e.g. with the sqlite3 shell).
    let dir = match std::env::var_os("AURAL_BENCH_DIR") {
        Some(d) => tempfile::Builder::new()
            .prefix("library-")
            .disable_cleanup(true)
            .tempdir_in(d)?,
        None => tempfile::tempdir()?,
    };
    let db = aural_db::connect(&dir.path().join("library.db")).await?;
    let start = Instant::now();
    for first in (0..size).step_by(BATCH) {
        let batch: Vec<BookInput> = (first..(first + BATCH).min(size)).map(synthetic).collect();
        db.books()
            .upsert_batch(&batch, MetadataSource::ListImport, BookStatus::Owned)
            .await?;
    }
    let seeding = start.elapsed();
    let page = Page::new(1, 100);
    let deep = Page::new(((size / 100) as u32).min(2_000), 100);
    let all = BookFilter::default();
    let search = BookFilter {
        query: Some("dragon".into()),
        ..Default::default()
    };
    let author_id = db
        .authors()
        .find_by_name("Anna Writer0")
        .await?
        .context("seeded author exists")?;
    let by_author = BookFilter {
        author: Some(author_id),
        ..Default::default()
    };
    let books = db.books();
    let names = NameQuery::default();
    let deep_name = format!("books page {} by author", deep.number());
    let rows = [
        (
            "books page 1 by author",
            median(|| books.list(&all, BookSort::Author, SortDir::Asc, page)).await?,
        ),
        (
            deep_name.as_str(),
            median(|| books.list(&all, BookSort::Author, SortDir::Asc, deep)).await?,
        ),
        (
            "FTS \"dragon\" page 1",
            median(|| books.list(&search, BookSort::Title, SortDir::Asc, page)).await?,
        ),
        (
            "library stats",
            median(|| async { db.stats().library_stats(Timestamp(0)).await }).await?,
        ),
        (
            "authors list page 1",
            median(|| async { db.authors().list(&names, page).await }).await?,
        ),
        (
            "series list page 1",
            median(|| async { db.series().list(&names, page).await }).await?,
        ),
        (
            "author page (summary + books)",
            median(|| async {
                db.authors().get(author_id).await?;
                books
                    .list(&by_author, BookSort::Title, SortDir::Asc, page)
                    .await
            })
            .await?,
        ),
    ];
    println!(
        "\n{size} books: seeded in {:.2} s ({:.0} books/s)",
        seeding.as_secs_f64(),
        size as f64 / seeding.as_secs_f64()
    );
    for (name, time) in rows {
        println!("  {name:<32} {:>8.3} ms", time.as_secs_f64() * 1_000.0);
    }
    println!("  {:<32} {}", "process RSS", rss_kib());
    Ok(())
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let sizes: Vec<usize> = match std::env::var("AURAL_BENCH_SIZES") {
        Ok(list) => list
            .split(',')
            .map(|s| s.trim().parse())
            .collect::<Result<_, _>>()
            .context("AURAL_BENCH_SIZES")?,
        Err(_) => vec![1_000, 50_000, 250_000],
    };
    for size in sizes {
        bench(size).await?;
    }
    Ok(())
}
