use aural_api::dto::{
    BookDetail, BookQuery, BookRow, BookSelectionDto, LibraryEntryDto, StatusChangeDto,
};
use aural_api::people::{self, AuthorGroup, SeriesGroup};
use aural_api::{ApiError, AppContext, library};
use aural_core::{BookSort, BookStatus};

use crate::args::{BooksCommand, Matching};
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
            collapse_series,
        } => {
            let sort = BookSort::parse(&sort).ok_or_else(|| {
                ApiError::validation("sort", format!("cannot sort by {sort:?}")).with_hint(
                    "Use title, author, series, releaseDate, addedDate, runtime, status or narrator.",
                )
            })?;
            let matching = Matching {
                query: paging.query,
                status,
                author,
                series: series_key,
                narrator,
                language,
            };
            let query = BookQuery {
                page: paging.page,
                per_page: paging.per_page,
                sort,
                desc: paging.desc,
                collapse_series,
                ..book_query(ctx, matching).await?
            };
            if collapse_series {
                let page = library::list_library(ctx, query).await?;
                out.show(&page, || {
                    print_entries(&page.items);
                    let pages = page.total.div_ceil(u64::from(page.per_page)).max(1);
                    say!("{} entries · page {} of {}", page.total, page.page, pages);
                });
                return Ok(());
            }
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
        BooksCommand::SetStatus { mut args, matching } => {
            let status = parse_status(&args.pop().unwrap_or_default())?;
            if let [book] = args.as_slice()
                && matching.is_empty()
            {
                let changed = library::set_book_status(ctx, book.clone(), status).await?;
                out.show(&changed, || {
                    say!(
                        "{} is now {}",
                        clean(&changed.book.book.title),
                        changed.book.book.status
                    );
                    print_undo(changed.change);
                });
                return Ok(());
            }
            let selection = match (args.is_empty(), matching.is_empty()) {
                (false, true) => BookSelectionDto {
                    ids: Some(book_ids(ctx, args).await?),
                    matching: None,
                },
                (true, false) => BookSelectionDto {
                    ids: None,
                    matching: Some(book_query(ctx, matching).await?),
                },
                _ => {
                    return Err(ApiError::validation(
                        "books",
                        "name books by id or ASIN, or select them with --query and the like, not both",
                    )
                    .with_hint("`books set-status 12 B017V4IM1G wanted` or `books set-status --author \"Frank Herbert\" owned`."));
                }
            };
            let change = library::set_books_status(ctx, selection, status).await?;
            out.show(&change, || {
                say!("{} changed to {status}", books_count(change.changed));
                print_undo(change);
            });
            Ok(())
        }
        BooksCommand::Undo { change } => {
            let undone = library::undo_status_change(ctx, change).await?;
            out.show(&undone, || {
                say!("{} changed back", books_count(undone.changed));
                print_undo(undone);
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

/// Books and collapsed series: a series row names its progress where a book names its status.
fn print_entries(entries: &[LibraryEntryDto]) {
    table(
        &["ID", "Status", "Title", "Authors", "Series", "Runtime"],
        entries.iter().map(|entry| match entry {
            LibraryEntryDto::Book(b) => vec![
                b.id.to_string(),
                b.status.to_string(),
                b.title.clone(),
                b.authors.join(", "),
                String::new(),
                runtime(b.runtime_minutes),
            ],
            LibraryEntryDto::Series(s) => vec![
                format!("series {}", s.id),
                format!("{} of {} owned", s.counts.owned, s.books - s.counts.ignored),
                s.name.clone(),
                s.authors.join(", "),
                format!("{} books", s.books),
                String::new(),
            ],
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
            vec!["Genres".to_owned(), d.genres.join(", ")],
            vec!["Format".to_owned(), opt(d.format_type.as_ref())],
            vec!["ISBN".to_owned(), opt(d.isbn.as_ref())],
            vec![
                "Rating".to_owned(),
                d.rating
                    .as_ref()
                    .map(|r| format!("{:.1} ({} ratings)", r.average, r.count))
                    .unwrap_or_default(),
            ],
            vec!["Added".to_owned(), b.added_at.clone()],
        ],
    );
    say!("\nWho says what:");
    table(
        &["Source", "Status", "Since"],
        d.sources.iter().map(|c| {
            let who = if c.key.is_empty() {
                c.source.to_string()
            } else {
                format!("{} {}", c.source, c.key)
            };
            vec![who, c.status.to_string(), c.since.clone()]
        }),
    );
    if !d.status_history.is_empty() {
        say!("\nStatus history (newest first):");
        table(
            &["When", "From", "To", "By"],
            d.status_history.iter().map(|h| {
                vec![
                    h.at.clone(),
                    h.from.to_string(),
                    h.to.to_string(),
                    h.source.to_string(),
                ]
            }),
        );
    }
    if let Some(summary) = &d.summary {
        let summary: Vec<String> = summary.lines().map(clean).collect();
        say!("\n{}", summary.join("\n"));
    }
}

/// The filter of a books query from the CLI's selection options, names resolved to ids.
async fn book_query(ctx: &AppContext, m: Matching) -> Result<BookQuery, ApiError> {
    let statuses = m
        .status
        .iter()
        .map(|s| parse_status(s))
        .collect::<Result<Vec<_>, _>>()?;
    let author_id = match m.author {
        Some(key) => Some(people::get::<AuthorGroup>(ctx, key).await?.id),
        None => None,
    };
    let series_id = match m.series {
        Some(key) => Some(people::get::<SeriesGroup>(ctx, key).await?.id),
        None => None,
    };
    Ok(BookQuery {
        query: m.query,
        statuses,
        author_id,
        series_id,
        narrator: m.narrator,
        language: m.language,
        ..BookQuery::default()
    })
}

/// Book ids of keys given as ids or ASINs; an unknown one stops the whole change before it starts.
async fn book_ids(ctx: &AppContext, keys: Vec<String>) -> Result<Vec<i64>, ApiError> {
    let mut ids = Vec::with_capacity(keys.len());
    for key in keys {
        ids.push(library::find_book(ctx, key).await?.0.book.id);
    }
    Ok(ids)
}

fn books_count(n: u64) -> String {
    if n == 1 {
        "1 book".to_owned()
    } else {
        format!("{n} books")
    }
}

fn print_undo(change: StatusChangeDto) {
    if let Some(undo) = change.undo {
        say!("Undo with: auralarchive-cli books undo {undo}");
    }
}

fn parse_status(text: &str) -> Result<BookStatus, ApiError> {
    text.parse::<BookStatus>()
        .map_err(|e| ApiError::validation("status", e.to_string()))
}
