//! A provider's health after each use (SPEC §2.7): failures rest it on the escalating schedule,
//! a success puts it back in service.

use aural_core::{Provider, ProviderId};

use crate::context::AppContext;
use crate::error::ServiceError;

/// Records a failed use at the context's clock. `message` must already be free of secrets (the
/// protocol crates redact URLs and headers before an error leaves them).
pub async fn record_failure(
    ctx: &AppContext,
    id: ProviderId,
    message: &str,
) -> Result<Provider, ServiceError> {
    let now = ctx.clock().now();
    let provider = ctx
        .db()
        .providers()
        .update_health(id, |h| h.after_failure(message, now))
        .await?;
    tracing::warn!(
        provider = %id,
        failures = provider.health.failure_count,
        until = ?provider.health.disabled_until.map(|t| t.to_rfc3339()),
        "provider failed; resting it"
    );
    Ok(provider)
}

pub async fn record_success(ctx: &AppContext, id: ProviderId) -> Result<Provider, ServiceError> {
    Ok(ctx
        .db()
        .providers()
        .update_health(id, |h| h.after_success())
        .await?)
}
