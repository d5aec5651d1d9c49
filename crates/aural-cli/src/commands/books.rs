use aural_api::dto::{BookDetail, BookQuery, BookRow};
use aural_api::{ApiError, AppContext, authors, library, series};
use aural_core::{BookSort, BookStatus};

use crate::args::BooksCommand;
use crate::output::{Output, clean, opt, runtime, say, table};

pub async fn run(ctx: &AppContext, cmd: BooksCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        BooksCommand::List {
            paging,
            sort,
            status,
            author,
            series: series_key,
            narrator,
            language,
        } => {
            let sort = BookSort::parse(&sort).ok_or_else(|| {
                ApiError::validation("sort", format!("cannot sort by {sort:?}"))
                    .with_hint("Use title, author, series, releaseDate, addedDate or runtime.")
            })?;
            let status = status.map(|s| parse_status(&s)).transpose()?;
            let author_id = match author {
                Some(key) => Some(authors::get_author(ctx, key).await?.id),
                None => None,
            };
            let series_id = match series_key {
                Some(key) => Some(series::get_series(ctx, key).await?.id),
                None => None,
            };
            let query = BookQuery {
                page: paging.page,
                per_page: paging.per_page,
                sort,
                desc: paging.desc,
                query: paging.query,
                status,
                author_id,
                series_id,
                narrator,
                language,
            };
            let page = library::list_books(ctx, query).await?;
            out.show(&page, || {
                print_books(&page.items);
                let pages = page.total.div_ceil(u64::from(page.per_page)).max(1);
                say!("{} books · page {} of {}", page.total, page.page, pages);
            });
            Ok(())
        }
        BooksCommand::Show { book } => {
            let (detail, note) = library::find_book(ctx, book).await?;
            if let Some(note) = note {
                out.note(&note);
            }
            out.show(&detail, || print_detail(&detail));
            Ok(())
        }
        BooksCommand::SetStatus { book, status } => {
            let status = parse_status(&status)?;
            let detail = library::set_book_status(ctx, book, status).await?;
            out.show(&detail, || {
                say!(
                    "{} is now {}",
                    clean(&detail.book.title),
                    detail.book.status
                )
            });
            Ok(())
        }
    }
}

pub async fn stats(ctx: &AppContext, out: &Output) -> Result<(), ApiError> {
    let stats = library::library_stats(ctx).await?;
    out.show(&stats, || {
        let s = &stats.by_status;
        table(
            &["", ""],
            [
                vec!["Books".to_owned(), stats.total_books.to_string()],
                vec!["Owned".to_owned(), s.owned.to_string()],
                vec!["Wanted".to_owned(), s.wanted.to_string()],
                vec!["Downloading".to_owned(), s.downloading.to_string()],
                vec!["Missing".to_owned(), s.missing.to_string()],
                vec!["Ignored".to_owned(), s.ignored.to_string()],
                vec![
                    "Hours (all)".to_owned(),
                    format!("{:.1}", stats.total_hours),
                ],
                vec![
                    "Hours (owned)".to_owned(),
                    format!("{:.1}", stats.owned_hours),
                ],
                vec!["Authors".to_owned(), stats.authors.to_string()],
                vec!["Series".to_owned(), stats.series.to_string()],
                vec![
                    "Added in the last 7 days".to_owned(),
                    stats.added_last_7_days.to_string(),
                ],
            ],
        );
    });
    Ok(())
}

pub fn print_books(books: &[BookRow]) {
    table(
        &["ID", "Status", "Title", "Authors", "Series", "Runtime"],
        books.iter().map(|b| {
            vec![
                b.id.to_string(),
                b.status.to_string(),
                b.title.clone(),
                b.authors.join(", "),
                b.series
                    .iter()
                    .map(|s| match &s.position {
                        Some(p) => format!("{} #{p}", s.name),
                        None => s.name.clone(),
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
                runtime(b.runtime_minutes),
            ]
        }),
    );
}

fn print_detail(d: &BookDetail) {
    let b = &d.book;
    table(
        &["", ""],
        [
            vec!["Title".to_owned(), b.title.clone()],
            vec!["Subtitle".to_owned(), opt(b.subtitle.as_ref())],
            vec!["ID".to_owned(), b.id.to_string()],
            vec!["ASIN".to_owned(), opt(b.asin.as_ref())],
            vec!["Status".to_owned(), b.status.to_string()],
            vec!["Authors".to_owned(), b.authors.join(", ")],
            vec!["Narrators".to_owned(), b.narrators.join(", ")],
            vec![
                "Series".to_owned(),
                b.series
                    .iter()
                    .map(|s| {
                        format!("{} {}", s.name, s.position.as_deref().unwrap_or(""))
                            .trim()
                            .to_owned()
                    })
                    .collect::<Vec<_>>()
                    .join(", "),
            ],
            vec!["Runtime".to_owned(), runtime(b.runtime_minutes)],
            vec!["Released".to_owned(), opt(b.release_date.as_ref())],
            vec!["Language".to_owned(), opt(b.language.as_ref())],
            vec!["Publisher".to_owned(), opt(b.publisher.as_ref())],
            vec!["Added".to_owned(), b.added_at.clone()],
        ],
    );
    if let Some(summary) = &d.summary {
        let summary: Vec<String> = summary.lines().map(clean).collect();
        say!("\n{}", summary.join("\n"));
    }
}

fn parse_status(text: &str) -> Result<BookStatus, ApiError> {
    text.parse::<BookStatus>()
        .map_err(|e| ApiError::validation("status", e.to_string()))
}
