//! Page requests from the window and the CLI are checked here, so a page that cannot exist is an
//! error naming the allowed range rather than a different page than the one asked for.

use aural_core::{MAX_PER_PAGE, Page};

use crate::dto::ApiError;

pub(crate) fn page(number: u32, per_page: u32) -> Result<Page, ApiError> {
    if number == 0 {
        return Err(ApiError::validation(
            "page",
            "page 0 does not exist: pages are numbered from 1",
        )
        .with_hint("Ask for page 1 or later."));
    }
    if !(1..=MAX_PER_PAGE).contains(&per_page) {
        return Err(ApiError::validation(
            "perPage",
            format!("{per_page} per page is out of range: allowed are 1 to {MAX_PER_PAGE}"),
        )
        .with_hint(format!("Ask for 1 to {MAX_PER_PAGE} per page.")));
    }
    Ok(Page::new(number, per_page))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_outside_the_range_are_errors_naming_it() {
        for (number, per_page, field) in [
            (0, 50, "page"),
            (1, 0, "perPage"),
            (1, 1_000_000, "perPage"),
        ] {
            let err = page(number, per_page).expect_err("out of range");
            assert_eq!(err.field.as_deref(), Some(field), "{number}/{per_page}");
            if field == "perPage" {
                assert!(err.message.contains("1 to 500"), "{}", err.message);
            }
        }
        assert_eq!(
            page(2, 500).map(|p| (p.number(), p.size())).ok(),
            Some((2, 500))
        );
    }
}
