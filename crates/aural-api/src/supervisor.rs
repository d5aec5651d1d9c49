//! The background work of a process: starting it (the app, the daemon) and its status.

use aural_services::AppContext;
use aural_services::background;
pub use aural_services::supervisor::{Holder, Leadership, Role};

use crate::dto::{ApiError, SupervisorStatusDto};
use crate::error_map::from_service;

/// Starts the supervised loops of this process and tries to lead the data folder as `role`.
pub async fn start(ctx: &AppContext, role: Role) -> Result<Leadership, ApiError> {
    background::start(ctx, role).await.map_err(from_service)
}

pub fn status(ctx: &AppContext) -> Result<SupervisorStatusDto, ApiError> {
    let status = ctx.supervisor().status().map_err(from_service)?;
    Ok(SupervisorStatusDto::from(&status))
}
