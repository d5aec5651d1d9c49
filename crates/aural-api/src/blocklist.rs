//! The blocklist: releases rejected for a book (or for every book), listed and edited.

use aural_core::{BlocklistReason, NewBlocklistEntry, ProviderId};
use aural_services::{AppContext, blocklist};

use crate::dto::{ApiError, BlocklistEntryDto, BlocklistPage, BlocklistRequest};
use crate::error_map::from_service;
use crate::{library, paging};

pub async fn list_blocklist(
    ctx: &AppContext,
    page: u32,
    per_page: u32,
) -> Result<BlocklistPage, ApiError> {
    let list = blocklist::list(ctx, paging::page(page, per_page)?)
        .await
        .map_err(from_service)?;
    Ok(BlocklistPage::map(&list, |e| BlocklistEntryDto::from(e)))
}

pub async fn add_to_blocklist(
    ctx: &AppContext,
    request: BlocklistRequest,
) -> Result<BlocklistEntryDto, ApiError> {
    let book = match request.book {
        Some(key) => Some(library::book_of(ctx, key).await?.id),
        None => None,
    };
    let entry = NewBlocklistEntry {
        book,
        indexer: request.indexer_id.map(ProviderId),
        guid_hash: request.guid_hash,
        info_hash: request.info_hash,
        title: request.title,
        reason: request.reason.unwrap_or(BlocklistReason::User),
    };
    let stored = blocklist::add(ctx, &entry).await.map_err(from_service)?;
    Ok(BlocklistEntryDto::from(&stored))
}

pub async fn remove_from_blocklist(ctx: &AppContext, id: i64) -> Result<(), ApiError> {
    blocklist::remove(ctx, id).await.map_err(from_service)
}
