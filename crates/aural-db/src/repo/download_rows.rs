//! Rows of `downloads` and `download_history` as aural-core types, and the columns a
//! [`DownloadFacts`] writes.

use aural_core::{
    BookId, Download, DownloadHistoryEntry, DownloadId, DownloadKind, DownloadState, Health,
    ProviderId, ReleaseInfo, Timestamp, Transfer,
};
use sea_orm::DbErr;
use sea_orm::sea_query::Expr;

use crate::entity::{download, download_history};
use crate::error::DbError;
use crate::repo::downloads::DownloadFacts;

pub(super) fn health_json(health: &Health) -> Result<String, DbError> {
    serde_json::to_string(health).map_err(|e| DbError::Validation {
        field: "health",
        message: e.to_string(),
    })
}

pub(super) fn fact_columns(
    facts: &DownloadFacts,
) -> Result<Vec<(download::Column, Expr)>, DbError> {
    let mut columns = Vec::new();
    if let Some(client_ref) = &facts.client_ref {
        columns.push((download::Column::ClientRef, Expr::value(client_ref.clone())));
    }
    if let Some(t) = &facts.transfer {
        let progress = if t.progress.is_finite() {
            t.progress.clamp(0.0, 1.0)
        } else {
            0.0
        };
        columns.extend([
            (download::Column::Progress, Expr::value(progress)),
            (
                download::Column::SpeedBps,
                Expr::value(saturating_i64(t.speed_bps)),
            ),
            (
                download::Column::EtaS,
                Expr::value(t.eta_s.map(saturating_i64)),
            ),
            (
                download::Column::Size,
                Expr::value(t.size.map(saturating_i64)),
            ),
            (
                download::Column::Ratio,
                Expr::value(t.ratio.filter(|r| r.is_finite())),
            ),
        ]);
    }
    if let Some(path) = &facts.remote_path {
        columns.push((download::Column::RemotePath, Expr::value(path.clone())));
    }
    if let Some(path) = &facts.local_path {
        columns.push((download::Column::LocalPath, Expr::value(path.clone())));
    }
    if let Some(error) = &facts.error {
        columns.push((download::Column::Error, Expr::value(error.clone())));
    } else if facts.clear_error {
        columns.push((download::Column::Error, Expr::value(Option::<String>::None)));
    }
    if let Some(client) = facts.client {
        columns.push((download::Column::ClientId, Expr::value(client.0)));
    }
    if let Some(kind) = facts.kind {
        columns.push((download::Column::Kind, Expr::value(kind.as_str())));
    }
    if let Some(release) = &facts.release {
        columns.extend([
            (download::Column::Name, Expr::value(release.title.trim())),
            (
                download::Column::IndexerId,
                Expr::value(release.indexer.map(|p| p.0)),
            ),
            (download::Column::Guid, Expr::value(release.guid.clone())),
            (
                download::Column::InfoHash,
                Expr::value(release.info_hash.clone()),
            ),
            (
                download::Column::SourceUrl,
                Expr::value(release.source_url.clone()),
            ),
        ]);
    }
    if let Some(attempt) = facts.attempt {
        columns.push((download::Column::Attempt, Expr::value(i64::from(attempt))));
    }
    if let Some(at) = facts.next_attempt_at {
        columns.push((
            download::Column::NextAttemptAt,
            Expr::value(at.map(|t| t.millis())),
        ));
    }
    if let Some(health) = &facts.health {
        columns.push((download::Column::Health, Expr::value(health_json(health)?)));
    }
    Ok(columns)
}

fn saturating_i64(n: u64) -> i64 {
    i64::try_from(n).unwrap_or(i64::MAX)
}

pub(super) fn parse_state(text: &str) -> Result<DownloadState, DbErr> {
    text.parse()
        .map_err(|_| DbErr::Type(format!("unknown download state {text:?}")))
}

pub(super) fn to_download(m: download::Model) -> Result<Download, DbErr> {
    let kind: DownloadKind = m
        .kind
        .parse()
        .map_err(|_| DbErr::Type(format!("unknown download kind {:?}", m.kind)))?;
    // Warnings a later version wrote in another form are dropped rather than hiding the row.
    let health = serde_json::from_str::<Health>(&m.health).unwrap_or_else(|e| {
        tracing::warn!(download = m.id, error = %e, "ignoring unreadable download health");
        Health::default()
    });
    Ok(Download {
        id: DownloadId(m.id),
        book: m.book_id.map(BookId),
        kind,
        state: parse_state(&m.state)?,
        health,
        client: m.client_id.map(ProviderId),
        client_ref: m.client_ref,
        release: ReleaseInfo {
            title: m.name,
            indexer: m.indexer_id.map(ProviderId),
            guid: m.guid,
            info_hash: m.info_hash,
            source_url: m.source_url,
        },
        transfer: Transfer {
            progress: m.progress,
            speed_bps: u64::try_from(m.speed_bps).unwrap_or(0),
            eta_s: m.eta_s.and_then(|e| u64::try_from(e).ok()),
            size: m.size.and_then(|s| u64::try_from(s).ok()),
            ratio: m.ratio,
        },
        remote_path: m.remote_path,
        local_path: m.local_path,
        error: m.error,
        attempt: u32::try_from(m.attempt).unwrap_or(1),
        next_attempt_at: m.next_attempt_at.map(Timestamp),
        priority: m.priority,
        created_at: Timestamp(m.created_at),
        updated_at: Timestamp(m.updated_at),
        finished_at: m.finished_at.map(Timestamp),
    })
}

pub(super) fn to_history(m: download_history::Model) -> Result<DownloadHistoryEntry, DbErr> {
    Ok(DownloadHistoryEntry {
        at: Timestamp(m.at),
        from: m.from_state.as_deref().map(parse_state).transpose()?,
        to: parse_state(&m.to_state)?,
        reason: m.reason,
    })
}
