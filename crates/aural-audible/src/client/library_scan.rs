//! Every page of a library scan as a stream, so the caller applies each page as it arrives
//! and saves the state token only after the last one.

use futures::stream::{self, BoxStream, StreamExt};
use tokio_util::sync::CancellationToken;

use super::AudibleClient;
use crate::error::AudibleError;
use crate::library::{LibraryPage, LibraryQuery};
use crate::tokens::SigningIdentity;

/// Pages in flight at once when the total is known (SPEC §3.6).
pub const MAX_CONCURRENT_PAGES: usize = 10;

impl AudibleClient {
    /// The pages of the scan that starts with `first` (a full or a delta query). The first
    /// page comes first; when it carries `Total-Count`, the other pages are fetched up to
    /// `concurrency` at a time and arrive in any order; otherwise `Continuation-Token` is
    /// followed one page after another. The stream ends at the first error.
    pub fn library_pages<'a>(
        &'a self,
        identity: &'a SigningIdentity,
        first: LibraryQuery,
        concurrency: usize,
        cancel: &'a CancellationToken,
    ) -> BoxStream<'a, Result<LibraryPage, AudibleError>> {
        let concurrency = concurrency.clamp(1, MAX_CONCURRENT_PAGES);
        let head = {
            let first = first.clone();
            async move { self.library_page(identity, &first, cancel).await }
        };
        stream::once(head)
            .flat_map(move |result| match result {
                Err(e) => stream::once(async { Err(e) }).boxed(),
                Ok(page) => {
                    let rest = self.rest_of_scan(identity, &first, &page, concurrency, cancel);
                    stream::once(async { Ok(page) }).chain(rest).boxed()
                }
            })
            .scan(false, |failed, result| {
                // Nothing after an error: a later page must not be applied when one is missing.
                let out = if *failed { None } else { Some(result) };
                *failed = *failed || matches!(out, Some(Err(_)));
                async move { out }
            })
            .boxed()
    }

    fn rest_of_scan<'a>(
        &'a self,
        identity: &'a SigningIdentity,
        first: &LibraryQuery,
        page: &LibraryPage,
        concurrency: usize,
        cancel: &'a CancellationToken,
    ) -> BoxStream<'a, Result<LibraryPage, AudibleError>> {
        match (
            page.page_count(first.num_results),
            &page.headers.continuation_token,
        ) {
            (Some(count), _) => {
                let first = first.clone();
                stream::iter(first.page + 1..=count)
                    .map(move |n| {
                        let query = LibraryQuery {
                            page: n,
                            ..first.clone()
                        };
                        async move { self.library_page(identity, &query, cancel).await }
                    })
                    .buffer_unordered(concurrency)
                    .boxed()
            }
            (None, Some(token)) => {
                let next = Some(first.continued(token.clone()));
                stream::try_unfold(next, move |next| async move {
                    let Some(query) = next else {
                        return Ok(None);
                    };
                    let page = self.library_page(identity, &query, cancel).await?;
                    let after = page
                        .headers
                        .continuation_token
                        .clone()
                        .map(|t| query.continued(t));
                    Ok(Some((page, after)))
                })
                .boxed()
            }
            (None, None) => stream::empty().boxed(),
        }
    }
}
