//! Creates libraries of several sizes through the list import (a generated CSV, imported as the
//! user would) and prints the import time and the median time of the queries pages run, plus the
//! process memory. `AURAL_BENCH_SIZES=1000,5000` overrides the default sizes.

use std::future::Future;
use std::time::{Duration, Instant};

use anyhow::Context;
use aural_core::{BookFilter, BookSort, BookStatus, NameQuery, NameSort, Page, SortDir};
use aural_db::BookSelection;
use aural_services::people::{AuthorGroup, SeriesGroup};
use aural_services::secrets::SecretStore;
use aural_services::{AppConfig, AppContext, ServiceError, library, lookup, people};

mod common;

use common::synthetic_csv;

const RUNS: usize = 51;

fn rss() -> String {
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
    Fut: Future<Output = Result<T, ServiceError>>,
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
    let dir = tempfile::tempdir()?;
    let list = dir.path().join("library.csv");
    std::fs::write(&list, synthetic_csv(size))?;
    let ctx = AppContext::builder(AppConfig::at(dir.path().join("data")))
        .secrets(SecretStore::in_memory())
        .open()
        .await?;

    let start = Instant::now();
    let outcome = library::spawn_list_import(&ctx, list).await?.wait().await?;
    let import = start.elapsed();
    anyhow::ensure!(outcome.inserted == size as u64, "imported {outcome:?}");

    let page = Page::new(1, 100);
    let deep = Page::new(((size / 100) as u32).min(2_000), 100);
    let all = BookFilter::default();
    // A word in about 12 % of titles: the hits, and so the work, grow with the library.
    let common_word = BookFilter {
        query: Some("dragon".into()),
        ..Default::default()
    };
    // What people usually type: a name. Its hits stay few at every size.
    let author_name = BookFilter {
        query: Some("anna writer0".into()),
        ..Default::default()
    };
    // A name whose last word, searched as a prefix while typing, expands to many index terms
    // (`writer12*`: 111 at 20k books, 1,111 at 250k), so its hits grow slowly with the library.
    let name_prefix = BookFilter {
        query: Some("anna writer12".into()),
        ..Default::default()
    };
    let author = lookup::find::<AuthorGroup>(&ctx, "Anna Writer0")
        .await
        .context("seeded author exists")?
        .item;
    let by_author = BookFilter {
        author: Some(author.id),
        ..Default::default()
    };
    let names = NameQuery::default();
    let most_missing = NameQuery {
        sort: NameSort::Missing,
        dir: SortDir::Desc,
        ..Default::default()
    };
    let deep_name = format!("books page {} by author", deep.number());
    let ctx = &ctx;
    let rows = [
        (
            "books page 1 by author",
            median(|| library::list_books(ctx, &all, BookSort::Author, SortDir::Asc, page)).await?,
        ),
        (
            deep_name.as_str(),
            median(|| library::list_books(ctx, &all, BookSort::Author, SortDir::Asc, deep)).await?,
        ),
        (
            "FTS \"anna writer0\" page 1",
            median(|| library::list_books(ctx, &author_name, BookSort::Title, SortDir::Asc, page))
                .await?,
        ),
        (
            "FTS \"anna writer12\" page 1",
            median(|| library::list_books(ctx, &name_prefix, BookSort::Title, SortDir::Asc, page))
                .await?,
        ),
        (
            "FTS \"dragon\" page 1",
            median(|| library::list_books(ctx, &common_word, BookSort::Title, SortDir::Asc, page))
                .await?,
        ),
        ("library stats", median(|| library::stats(ctx)).await?),
        (
            "authors list page 1",
            median(|| people::list::<AuthorGroup>(ctx, &names, page)).await?,
        ),
        (
            "authors by most missing page 1",
            median(|| people::list::<AuthorGroup>(ctx, &most_missing, page)).await?,
        ),
        (
            "series list page 1",
            median(|| people::list::<SeriesGroup>(ctx, &names, page)).await?,
        ),
        (
            "author page (summary + books)",
            median(|| async {
                people::get::<AuthorGroup>(ctx, author.id).await?;
                library::list_books(ctx, &by_author, BookSort::Title, SortDir::Asc, page).await
            })
            .await?,
        ),
    ];
    println!(
        "\n{size} books: imported from CSV in {:.2} s ({:.0} books/s)",
        import.as_secs_f64(),
        size as f64 / import.as_secs_f64()
    );
    for (name, time) in rows {
        println!("  {name:<32} {:>8.3} ms", time.as_secs_f64() * 1_000.0);
    }
    // User actions over the whole library, each a single set-based write, then its undo: every
    // book to Wanted (those not already Wanted move), then every book, now all Wanted, to Owned.
    for status in [BookStatus::Wanted, BookStatus::Owned] {
        let start = Instant::now();
        let change =
            library::set_status_of(ctx, &BookSelection::Matching(all.clone()), status).await?;
        let bulk = start.elapsed();
        println!(
            "  {:<32} {:>8.3} ms",
            format!("set status of {} books", change.changed),
            bulk.as_secs_f64() * 1_000.0
        );
        if status == BookStatus::Owned {
            let batch = change.batch.context("the bulk change moved books")?;
            let start = Instant::now();
            let undone = library::undo_status_change(ctx, batch).await?;
            let undo = start.elapsed();
            anyhow::ensure!(
                undone.changed == change.changed,
                "undo moved {undone:?} of {change:?}"
            );
            println!(
                "  {:<32} {:>8.3} ms",
                format!("undo that change of {}", undone.changed),
                undo.as_secs_f64() * 1_000.0
            );
        }
    }
    for (name, filter) in [
        ("anna writer0", &author_name),
        ("anna writer12", &name_prefix),
        ("dragon", &common_word),
    ] {
        let hits = library::list_books(ctx, filter, BookSort::Title, SortDir::Asc, page)
            .await?
            .total;
        println!("  {:<32} {hits:>8}", format!("hits for \"{name}\""));
    }
    println!("  {:<32} {}", "process RSS", rss());
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
