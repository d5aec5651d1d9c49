use aural_api::dto::{BookQuery, NameListQuery};
use aural_api::{ApiError, AppContext, authors, library, series};
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
    books: aural_api::dto::BookPage,
}

pub async fn authors(ctx: &AppContext, cmd: NamesCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        NamesCommand::List { paging, sort } => {
            let page = authors::list_authors(ctx, name_query(paging, &sort)?).await?;
            out.show(&page, || {
                table(
                    &[
                        "ID", "Author", "Books", "Owned", "Wanted", "Missing", "Hours", "Series",
                    ],
                    page.items.iter().map(|a| {
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
                    }),
                );
                say!("{} authors · page {}", page.total, page.page);
            });
            Ok(())
        }
        NamesCommand::Show { key } => {
            let (author, note) = authors::find_author(ctx, key).await?;
            if let Some(note) = note {
                out.note(&note);
            }
            let books = library::list_books(
                ctx,
                BookQuery {
                    author_id: Some(author.id),
                    sort: BookSort::Series,
                    page: 1,
                    per_page: SHOWN_BOOKS,
                    ..BookQuery::default()
                },
            )
            .await?;
            let shown = WithBooks {
                item: author,
                books,
            };
            out.show(&shown, || {
                let a = &shown.item;
                say!(
                    "{} — {} books: {} owned, {} wanted, {} missing · {:.1} h",
                    clean(&a.name),
                    a.books,
                    a.counts.owned,
                    a.counts.wanted,
                    a.counts.missing,
                    a.total_hours
                );
                print_books(&shown.books.items);
            });
            Ok(())
        }
    }
}

pub async fn series(ctx: &AppContext, cmd: SeriesCommand, out: &Output) -> Result<(), ApiError> {
    let cmd = match cmd {
        SeriesCommand::Names(cmd) => cmd,
        SeriesCommand::Merge { from, into } => {
            let merged = series::merge_series(ctx, from, into).await?;
            out.show(&merged, || {
                say!(
                    "Merged into {} (id {}): {} books",
                    clean(&merged.name),
                    merged.id,
                    merged.books
                )
            });
            return Ok(());
        }
        SeriesCommand::Split { series: key } => {
            let parts = series::split_series(ctx, key).await?;
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
            return Ok(());
        }
    };
    match cmd {
        NamesCommand::List { paging, sort } => {
            let page = series::list_series(ctx, name_query(paging, &sort)?).await?;
            out.show(&page, || {
                table(
                    &[
                        "ID", "Series", "Authors", "Books", "Owned", "Missing", "Complete",
                    ],
                    page.items.iter().map(|s| {
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
                    }),
                );
                say!("{} series · page {}", page.total, page.page);
            });
            Ok(())
        }
        NamesCommand::Show { key } => {
            let (found, note) = series::find_series(ctx, key).await?;
            if let Some(note) = note {
                out.note(&note);
            }
            let books = library::list_books(
                ctx,
                BookQuery {
                    series_id: Some(found.id),
                    sort: BookSort::Series,
                    page: 1,
                    per_page: SHOWN_BOOKS,
                    ..BookQuery::default()
                },
            )
            .await?;
            let shown = WithBooks { item: found, books };
            out.show(&shown, || {
                let s = &shown.item;
                say!(
                    "{} — {} books: {} owned, {} wanted, {} missing",
                    clean(&s.name),
                    s.books,
                    s.counts.owned,
                    s.counts.wanted,
                    s.counts.missing
                );
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
