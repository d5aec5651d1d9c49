use aural_api::dto::{AuthorRow, BookPage, BookQuery, NameListQuery, SeriesRow};
use aural_api::people::{self, AuthorGroup, SeriesGroup, Shown};
use aural_api::{ApiError, AppContext, library};
use aural_core::{BookSort, NameSort};
use serde::Serialize;

use super::books::print_books;
use crate::args::{NamesCommand, Paging, SeriesCommand};
use crate::output::{Output, clean, say, table};

/// Books shown under an author or series; `books list --author` pages through the rest.
const SHOWN_BOOKS: u32 = 100;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct WithBooks<T: Serialize> {
    #[serde(flatten)]
    item: T,
    books: BookPage,
}

/// How the CLI prints the members of a group: table columns, a headline, and their books.
trait Printed: Shown {
    /// The list's closing line names them: "authors", "series".
    const PLURAL: &'static str;
    const COLUMNS: &'static [&'static str];
    fn cells(row: &Self::Row) -> Vec<String>;
    fn headline(row: &Self::Row) -> String;
    /// The query for the books shown under one.
    fn books(row: &Self::Row) -> BookQuery;
}

impl Printed for AuthorGroup {
    const PLURAL: &'static str = "authors";
    const COLUMNS: &'static [&'static str] = &[
        "ID", "Author", "Books", "Owned", "Wanted", "Missing", "Hours", "Series",
    ];

    fn cells(a: &AuthorRow) -> Vec<String> {
        vec![
            a.id.to_string(),
            a.name.clone(),
            a.books.to_string(),
            a.counts.owned.to_string(),
            a.counts.wanted.to_string(),
            a.counts.missing.to_string(),
            format!("{:.1}", a.total_hours),
            a.series_count.to_string(),
        ]
    }

    fn headline(a: &AuthorRow) -> String {
        format!(
            "{} — {} books: {} owned, {} wanted, {} missing · {:.1} h",
            clean(&a.name),
            a.books,
            a.counts.owned,
            a.counts.wanted,
            a.counts.missing,
            a.total_hours
        )
    }

    fn books(a: &AuthorRow) -> BookQuery {
        BookQuery {
            author_id: Some(a.id),
            ..shown_books()
        }
    }
}

impl Printed for SeriesGroup {
    const PLURAL: &'static str = "series";
    const COLUMNS: &'static [&'static str] = &[
        "ID", "Series", "Authors", "Books", "Owned", "Missing", "Complete",
    ];

    fn cells(s: &SeriesRow) -> Vec<String> {
        vec![
            s.id.to_string(),
            s.name.clone(),
            s.authors.join(", "),
            s.books.to_string(),
            s.counts.owned.to_string(),
            s.counts.missing.to_string(),
            s.completion_percent
                .map(|p| format!("{p:.0} %"))
                .unwrap_or_else(|| "—".to_owned()),
        ]
    }

    fn headline(s: &SeriesRow) -> String {
        format!(
            "{} — {} books: {} owned, {} wanted, {} missing",
            clean(&s.name),
            s.books,
            s.counts.owned,
            s.counts.wanted,
            s.counts.missing
        )
    }

    fn books(s: &SeriesRow) -> BookQuery {
        BookQuery {
            series_id: Some(s.id),
            ..shown_books()
        }
    }
}

fn shown_books() -> BookQuery {
    BookQuery {
        sort: BookSort::Series,
        page: 1,
        per_page: SHOWN_BOOKS,
        ..BookQuery::default()
    }
}

pub async fn authors(ctx: &AppContext, cmd: NamesCommand, out: &Output) -> Result<(), ApiError> {
    names::<AuthorGroup>(ctx, cmd, out).await
}

pub async fn series(ctx: &AppContext, cmd: SeriesCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        SeriesCommand::Names(cmd) => names::<SeriesGroup>(ctx, cmd, out).await,
        SeriesCommand::Merge { from, into } => {
            let merged = people::merge_series(ctx, from, into).await?;
            out.show(&merged, || {
                say!(
                    "Merged into {} (id {}): {} books",
                    clean(&merged.name),
                    merged.id,
                    merged.books
                )
            });
            Ok(())
        }
        SeriesCommand::Split { series: key } => {
            let parts = people::split_series(ctx, key).await?;
            out.show(&parts, || {
                table(
                    &["ID", "Series", "Authors", "Books"],
                    parts.iter().map(|s| {
                        vec![
                            s.id.to_string(),
                            s.name.clone(),
                            s.authors.join(", "),
                            s.books.to_string(),
                        ]
                    }),
                );
            });
            Ok(())
        }
    }
}

/// `list` and `show`, the same for authors and series.
async fn names<G: Printed>(
    ctx: &AppContext,
    cmd: NamesCommand,
    out: &Output,
) -> Result<(), ApiError> {
    match cmd {
        NamesCommand::List { paging, sort } => {
            let page = people::list::<G>(ctx, name_query(paging, &sort)?).await?;
            out.show(&page, || {
                table(G::COLUMNS, page.items.iter().map(G::cells));
                say!("{} {} · page {}", page.total, G::PLURAL, page.page);
            });
            Ok(())
        }
        NamesCommand::Show { key } => {
            let (item, note) = people::find::<G>(ctx, key).await?;
            if let Some(note) = note {
                out.note(&note);
            }
            let books = library::list_books(ctx, G::books(&item)).await?;
            let shown = WithBooks { item, books };
            out.show(&shown, || {
                say!("{}", G::headline(&shown.item));
                print_books(&shown.books.items);
            });
            Ok(())
        }
    }
}

fn name_query(paging: Paging, sort: &str) -> Result<NameListQuery, ApiError> {
    let sort = NameSort::parse(sort).ok_or_else(|| {
        ApiError::validation("sort", format!("cannot sort by {sort:?}"))
            .with_hint("Use name, books, owned or missing.")
    })?;
    Ok(NameListQuery {
        page: paging.page,
        per_page: paging.per_page,
        sort,
        desc: paging.desc,
        query: paging.query,
    })
}
