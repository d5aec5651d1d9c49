use aural_core::{
    AuthorId, BookFilter, BookSort, BookStatus, NameQuery, NameSort, Page, SeriesId, SortDir,
    Timestamp,
};
use aural_db::HotQuery;

use crate::support::open;

/// A plan is acceptable when no step reads a whole table without an index: `SCAN x` lines are
/// full scans unless they go through an index (`SCAN x USING … INDEX`), and a `SCAN` of an FTS
/// virtual table is its index lookup. `book_counts` is exempt: it holds one row per status and
/// language, whatever the size of the library.
fn full_scans(plan: &[Vec<String>]) -> Vec<String> {
    plan.iter()
        .flatten()
        .filter(|line| {
            line.starts_with("SCAN") && !line.contains("INDEX") && !line.contains("VIRTUAL TABLE")
        })
        .filter(|line| !matches!(line.as_str(), "SCAN book_counts" | "SCAN CONSTANT ROW"))
        .cloned()
        .collect()
}

#[tokio::test]
async fn hot_queries_use_indexes() {
    let t = open().await;
    let page = Page::new(3, 50);
    let books = |filter: BookFilter, sort: BookSort| HotQuery::Books {
        filter,
        sort,
        dir: SortDir::Asc,
        page,
    };
    let owned = || BookFilter {
        statuses: vec![BookStatus::Owned],
        ..Default::default()
    };
    let cases = [
        (
            "books by title",
            books(BookFilter::default(), BookSort::Title),
        ),
        (
            "books by author",
            books(BookFilter::default(), BookSort::Author),
        ),
        (
            "books by added date",
            books(BookFilter::default(), BookSort::AddedDate),
        ),
        (
            "books by series",
            books(BookFilter::default(), BookSort::Series),
        ),
        (
            "books by release date",
            books(BookFilter::default(), BookSort::ReleaseDate),
        ),
        (
            "books by runtime",
            books(BookFilter::default(), BookSort::Runtime),
        ),
        (
            "books by status",
            books(BookFilter::default(), BookSort::Status),
        ),
        (
            "books by narrator",
            books(BookFilter::default(), BookSort::Narrator),
        ),
        ("owned books by title", books(owned(), BookSort::Title)),
        ("owned books by author", books(owned(), BookSort::Author)),
        (
            "owned books by added date",
            books(owned(), BookSort::AddedDate),
        ),
        (
            "an author's books",
            books(
                BookFilter {
                    author: Some(AuthorId(1)),
                    ..Default::default()
                },
                BookSort::Title,
            ),
        ),
        (
            "a series' books",
            books(
                BookFilter {
                    series: Some(SeriesId(1)),
                    ..Default::default()
                },
                BookSort::Series,
            ),
        ),
        (
            "search",
            books(
                BookFilter {
                    query: Some("dune".into()),
                    ..Default::default()
                },
                BookSort::Title,
            ),
        ),
        (
            "authors list",
            HotQuery::Authors {
                query: NameQuery::default(),
                page,
            },
        ),
        (
            "series list",
            HotQuery::Series {
                query: NameQuery::default(),
                page,
            },
        ),
        ("author page", HotQuery::Author(AuthorId(1))),
        ("series page", HotQuery::OneSeries(SeriesId(1))),
        ("stats", HotQuery::Stats { now: Timestamp(0) }),
    ];
    let mut cases: Vec<(String, HotQuery)> = cases
        .into_iter()
        .map(|(name, q)| (name.to_owned(), q))
        .collect();
    for sort in NameSort::ALL {
        for dir in [SortDir::Asc, SortDir::Desc] {
            let query = NameQuery {
                sort,
                dir,
                ..Default::default()
            };
            cases.push((
                format!("authors by {sort:?} {dir:?}"),
                HotQuery::Authors {
                    query: query.clone(),
                    page,
                },
            ));
            cases.push((
                format!("series by {sort:?} {dir:?}"),
                HotQuery::Series { query, page },
            ));
        }
    }
    for (name, query) in cases {
        let plan = t.db.explain(&query).await.expect("explain");
        assert!(!plan.is_empty(), "{name} has statements");
        assert_eq!(
            full_scans(&plan),
            Vec::<String>::new(),
            "{name} reads whole tables: {plan:#?}"
        );
        let sorts: Vec<&String> = plan
            .iter()
            .flatten()
            .filter(|l| l.contains("TEMP B-TREE FOR ORDER BY"))
            .collect();
        let sorted_by_index = !matches!(
            name.as_str(),
            "search" | "an author's books" | "a series' books" | "series page" | "author page"
        );
        if sorted_by_index {
            assert!(
                sorts.is_empty(),
                "{name} sorts in memory instead of reading an index in order: {plan:#?}"
            );
        }
    }
}
