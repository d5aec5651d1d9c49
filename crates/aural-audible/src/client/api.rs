//! Library, wishlist and catalog calls against `api.audible.<tld>`.

use aural_core::Asin;
use aural_http::Method;
use tokio_util::sync::CancellationToken;

use super::{AudibleClient, Body};
use crate::catalog::{self, ProductList, Search, parse_product, parse_products};
use crate::chapters::{ChapterInfo, metadata_path, parse_chapter_info};
use crate::error::AudibleError;
use crate::library::{self, LibraryPage, LibraryQuery, PageHeaders, parse_library_page};
use crate::product::Product;
use crate::tokens::SigningIdentity;
use crate::wishlist::{self, WishlistPage, parse_wishlist_page};

impl AudibleClient {
    /// One library page, signed, with its paging headers.
    #[tracing::instrument(skip_all, fields(marketplace = %self.marketplace, page = query.page))]
    pub async fn library_page(
        &self,
        identity: &SigningIdentity,
        query: &LibraryQuery,
        cancel: &CancellationToken,
    ) -> Result<LibraryPage, AudibleError> {
        let request = self.request(
            Method::GET,
            &self.endpoints.api,
            &query.path_and_query(),
            Body::None,
            &[],
            Some(identity),
        )?;
        let response = self
            .send(request, &self.retry, library::PATH, cancel)
            .await?;
        let headers = PageHeaders::from_pairs(
            response
                .headers()
                .iter()
                .filter_map(|(n, v)| Some((n.as_str(), v.to_str().ok()?))),
        );
        let body = aural_http::bytes(response).await?;
        parse_library_page(&body, headers).map_err(|_| AudibleError::Malformed {
            endpoint: library::PATH,
        })
    }

    /// Wishlist page `page` (from 0), signed.
    #[tracing::instrument(skip_all, fields(marketplace = %self.marketplace, page))]
    pub async fn wishlist_page(
        &self,
        identity: &SigningIdentity,
        page: u32,
        cancel: &CancellationToken,
    ) -> Result<WishlistPage, AudibleError> {
        let request = self.request(
            Method::GET,
            &self.endpoints.api,
            &wishlist::page_path(page),
            Body::None,
            &[],
            Some(identity),
        )?;
        let response = self
            .send(request, &self.retry, wishlist::PATH, cancel)
            .await?;
        let body = aural_http::bytes(response).await?;
        parse_wishlist_page(&body, page).map_err(|_| AudibleError::Malformed {
            endpoint: wishlist::PATH,
        })
    }

    /// Adds a title to the Audible wishlist (201; adding twice is harmless).
    pub async fn wishlist_add(
        &self,
        identity: &SigningIdentity,
        asin: &Asin,
        cancel: &CancellationToken,
    ) -> Result<(), AudibleError> {
        let body = serde_json::to_vec(&wishlist::add_body(asin)).expect("a JSON value serialises");
        let request = self.request(
            Method::POST,
            &self.endpoints.api,
            wishlist::PATH,
            Body::Json(body),
            &[],
            Some(identity),
        )?;
        self.send(request, &self.retry, wishlist::PATH, cancel)
            .await?;
        Ok(())
    }

    /// Removes a title from the Audible wishlist (204).
    pub async fn wishlist_remove(
        &self,
        identity: &SigningIdentity,
        asin: &Asin,
        cancel: &CancellationToken,
    ) -> Result<(), AudibleError> {
        let request = self.request(
            Method::DELETE,
            &self.endpoints.api,
            &wishlist::item_path(asin),
            Body::None,
            &[],
            Some(identity),
        )?;
        self.send(request, &self.retry, wishlist::PATH, cancel)
            .await?;
        Ok(())
    }

    /// One catalog product, unsigned.
    pub async fn catalog_product(
        &self,
        asin: &Asin,
        cancel: &CancellationToken,
    ) -> Result<Product, AudibleError> {
        self.get_unsigned(
            &catalog::product_path(asin),
            catalog::PATH,
            parse_product,
            cancel,
        )
        .await
    }

    /// Up to [`catalog::MAX_BATCH`] products in one request; more ASINs are an error of the
    /// caller, who splits with [`catalog::batch_paths`]' rule.
    pub async fn catalog_products(
        &self,
        asins: &[Asin],
        cancel: &CancellationToken,
    ) -> Result<ProductList, AudibleError> {
        let mut all = ProductList {
            products: Vec::new(),
            total_results: None,
            warnings: Vec::new(),
        };
        for path in catalog::batch_paths(asins) {
            let list = self.catalog_list(&path, cancel).await?;
            all.products.extend(list.products);
            all.warnings.extend(list.warnings);
        }
        all.total_results = Some(all.products.len() as u64);
        Ok(all)
    }

    /// One page of a catalog search, unsigned.
    pub async fn catalog_search(
        &self,
        search: &Search,
        cancel: &CancellationToken,
    ) -> Result<ProductList, AudibleError> {
        self.catalog_list(&search.path(), cancel).await
    }

    async fn catalog_list(
        &self,
        path: &str,
        cancel: &CancellationToken,
    ) -> Result<ProductList, AudibleError> {
        self.get_unsigned(path, catalog::PATH, parse_products, cancel)
            .await
    }

    /// Audible's chapters of a title, unsigned.
    pub async fn chapters(
        &self,
        asin: &Asin,
        cancel: &CancellationToken,
    ) -> Result<ChapterInfo, AudibleError> {
        const ENDPOINT: &str = "/1.0/content/{asin}/metadata";
        self.get_unsigned(&metadata_path(asin), ENDPOINT, parse_chapter_info, cancel)
            .await
    }

    /// An unsigned GET of the API at `path`, its body read with `parse`; `endpoint` names it in
    /// errors (the path without its ASIN or query).
    async fn get_unsigned<T, E>(
        &self,
        path: &str,
        endpoint: &'static str,
        parse: impl FnOnce(&[u8]) -> Result<T, E>,
        cancel: &CancellationToken,
    ) -> Result<T, AudibleError> {
        let request = self.request(
            Method::GET,
            &self.endpoints.api,
            path,
            Body::None,
            &[],
            None,
        )?;
        let response = self.send(request, &self.retry, endpoint, cancel).await?;
        let body = aural_http::bytes(response).await?;
        parse(&body).map_err(|_| AudibleError::Malformed { endpoint })
    }
}
