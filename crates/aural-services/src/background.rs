//! The loops every AuralArchive process hands its supervisor. New long-running work (the download
//! monitor, provider re-enable, token refresh, schedules) is registered here, and nowhere spawned
//! by hand.

use crate::context::AppContext;
use crate::error::ServiceError;
use crate::supervisor::{Leadership, Loop, Role};
use crate::{changes, covers, downloads, jobs};

pub async fn loops(ctx: &AppContext) -> Result<Vec<Loop>, ServiceError> {
    Ok(vec![
        changes::tail_loop(ctx).await?,
        changes::prune_loop(),
        jobs::progress_loop(),
        covers::fetch_loop(),
        downloads::monitor_loop(),
        downloads::import_loop(),
        downloads::search_loop(),
    ])
}

/// Starts this process's background work as `role`: the app when it opens, the daemon.
pub async fn start(ctx: &AppContext, role: Role) -> Result<Leadership, ServiceError> {
    let loops = loops(ctx).await?;
    ctx.supervisor().start(ctx, role, loops)
}
