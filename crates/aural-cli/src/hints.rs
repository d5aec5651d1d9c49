//! The CLI's own words for what to do next: the services' hints fit every front end, so the
//! commands and flags that help in a terminal are added here, by error code and field.

use aural_api::ApiError;
use aural_core::ErrorCode;

/// `err` with the terminal's advice appended to its hint, when there is any.
pub fn for_terminal(mut err: ApiError) -> ApiError {
    if let Some(extra) = terminal_hint(err.code, err.field.as_deref()) {
        err.hint = Some(match err.hint.take() {
            Some(hint) => format!("{hint} {extra}"),
            None => extra.to_owned(),
        });
    }
    err
}

fn terminal_hint(code: ErrorCode, field: Option<&str>) -> Option<&'static str> {
    match (code, field?) {
        (ErrorCode::NotFound, "book") => Some("`books list --query TEXT` finds a book's id."),
        (ErrorCode::NotFound, "author") => {
            Some("`authors list --query TEXT` finds an author's id.")
        }
        (ErrorCode::NotFound, "series") => Some("`series list --query TEXT` finds a series' id."),
        (ErrorCode::Conflict | ErrorCode::NotFound, "card") => {
            Some("`import status` lists the cards with their ids and status.")
        }
        (_, "dataDir") => Some("Pass --data-dir or set AURALARCHIVE_DATA_DIR for another folder."),
        // Settings are named by their dotted key (`general.theme`).
        (ErrorCode::Validation, key) if key.contains('.') => {
            Some("`settings list` shows each setting with its current value.")
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(code: ErrorCode, field: Option<&str>, hint: Option<&str>) -> ApiError {
        ApiError {
            code,
            message: "m".to_owned(),
            field: field.map(str::to_owned),
            hint: hint.map(str::to_owned),
        }
    }

    #[test]
    fn adds_the_command_that_helps_after_the_services_hint() {
        let e = for_terminal(err(
            ErrorCode::NotFound,
            Some("book"),
            Some("Search the library."),
        ));
        assert_eq!(
            e.hint.as_deref(),
            Some("Search the library. `books list --query TEXT` finds a book's id.")
        );
        let e = for_terminal(err(ErrorCode::ReadOnly, Some("dataDir"), None));
        assert!(e.hint.is_some_and(|h| h.contains("--data-dir")));
        let e = for_terminal(err(ErrorCode::Validation, Some("general.theme"), None));
        assert!(e.hint.is_some_and(|h| h.contains("settings list")));
    }

    #[test]
    fn leaves_other_errors_as_they_are() {
        let e = for_terminal(err(
            ErrorCode::Validation,
            Some("status"),
            Some("Use owned."),
        ));
        assert_eq!(e.hint.as_deref(), Some("Use owned."));
        assert_eq!(for_terminal(err(ErrorCode::Busy, None, None)).hint, None);
    }
}
