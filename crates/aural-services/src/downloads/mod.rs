//! The download pipeline (SPEC §6): downloads persisted with every state they went through, a
//! grab that hands a release to a download client, the user's pause, resume and cancel, and
//! one monitor that follows every active download in its client, and the hand-off of completed
//! downloads to the import.

mod auto_search;
mod client;
mod control;
mod found;
mod grab;
mod handoff;
mod handover;
mod monitor;
mod observe;
mod requeue;
mod schedule;
mod update;

use aural_core::{Download, DownloadHistoryEntry, DownloadId, Page, Paged};
use aural_db::DbError;

pub use aural_clients::{RemoveData, Source};
pub use aural_db::DownloadFilter;
pub use auto_search::{search_loop, search_loop_with, search_wanted_now};
pub use control::{cancel, pause, resume};
pub use found::grab_found;
pub use grab::{GrabRequest, grab};
pub use handoff::{import_loop, import_loop_with};
pub use monitor::{monitor_loop, monitor_loop_with};
pub use requeue::reject;
pub use schedule::MonitorSchedule;

use crate::context::AppContext;
use crate::error::ServiceError;

/// A download with the states it went through, oldest first.
#[derive(Debug, Clone, PartialEq)]
pub struct DownloadDetail {
    pub download: Download,
    pub history: Vec<DownloadHistoryEntry>,
}

/// Newest first.
pub async fn list(
    ctx: &AppContext,
    filter: &DownloadFilter,
    page: Page,
) -> Result<Paged<Download>, ServiceError> {
    Ok(ctx.db().downloads().list(filter, page).await?)
}

pub async fn get(ctx: &AppContext, id: DownloadId) -> Result<DownloadDetail, ServiceError> {
    let download = load(ctx, id).await?;
    let history = ctx.db().downloads().history(id).await?;
    Ok(DownloadDetail { download, history })
}

async fn load(ctx: &AppContext, id: DownloadId) -> Result<Download, ServiceError> {
    match ctx.db().downloads().get(id).await {
        Ok(d) => Ok(d),
        Err(DbError::NotFound { .. }) => Err(ServiceError::DownloadNotFound(id)),
        Err(e) => Err(e.into()),
    }
}
