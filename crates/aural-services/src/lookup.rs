//! Finding a book, author or series by what the user typed. An ASIN can be all digits
//! (`1721358595`) and a name can be a number (`1984`), so such text is tried as an id first and
//! then as an ASIN or name; when it names two different things, the id wins and a note says how
//! to reach the other.

use aural_core::{Asin, Book, BookId};
use aural_db::DbError;

use crate::context::AppContext;
use crate::error::ServiceError;
use crate::people::Group;

/// What a lookup found, with a note when the text also named something else.
#[derive(Debug, Clone, PartialEq)]
pub struct Found<T> {
    pub item: T,
    pub note: Option<String>,
}

pub async fn find_book(ctx: &AppContext, text: &str) -> Result<Found<Book>, ServiceError> {
    let books = ctx.db().books();
    let by_id = match text.parse::<BookId>() {
        Ok(id) => present(books.get(id).await)?,
        Err(_) => None,
    };
    let by_asin = match text.parse::<Asin>() {
        Ok(asin) => present(books.get_by_asin(&asin).await)?,
        Err(_) => None,
    };
    pick(
        Named {
            text,
            what: "book",
            other: "ASIN",
            command: "books show",
        },
        by_id,
        by_asin,
        |b| (b.id.to_string(), b.title.clone()),
    )
    .ok_or_else(|| ServiceError::BookNotFound(text.to_owned()))
}

/// The author or series that `text` names: an id, else a name (for authors, also an alias).
pub async fn find<G: Group>(
    ctx: &AppContext,
    text: &str,
) -> Result<Found<G::Summary>, ServiceError> {
    let db = ctx.db();
    let by_id = match text.parse::<G::Id>() {
        Ok(id) => present(G::get(db, id).await)?,
        Err(_) => None,
    };
    let by_name = match G::find_by_name(db, text).await? {
        Some(id) => present(G::get(db, id).await)?,
        None => None,
    };
    pick(
        Named {
            text,
            what: G::NOUN,
            other: "name",
            command: G::SHOW_COMMAND,
        },
        by_id,
        by_name,
        G::id_and_name,
    )
    .ok_or_else(|| G::not_found(text.to_owned()))
}

/// How the messages name the lookup.
struct Named<'a> {
    text: &'a str,
    what: &'static str,
    /// What the text is when it is not an id: "ASIN" or "name".
    other: &'static str,
    command: &'static str,
}

fn pick<T>(
    named: Named<'_>,
    by_id: Option<T>,
    by_other: Option<T>,
    label: impl Fn(&T) -> (String, String),
) -> Option<Found<T>> {
    match (by_id, by_other) {
        (Some(item), Some(other)) if label(&item).0 != label(&other).0 => {
            let (other_id, other_name) = label(&other);
            let Named {
                text,
                what,
                other: kind,
                command,
            } = named;
            let note = format!(
                "{text} is the id of the {what} shown and the {kind} of the {what} {other_name:?} (id {other_id}); `{command} {other_id}` shows that one"
            );
            Some(Found {
                item,
                note: Some(note),
            })
        }
        (Some(item), _) | (None, Some(item)) => Some(Found { item, note: None }),
        (None, None) => None,
    }
}

fn present<T>(result: Result<T, DbError>) -> Result<Option<T>, ServiceError> {
    match result {
        Ok(item) => Ok(Some(item)),
        Err(DbError::NotFound { .. }) => Ok(None),
        Err(e) => Err(ServiceError::Db(e)),
    }
}
