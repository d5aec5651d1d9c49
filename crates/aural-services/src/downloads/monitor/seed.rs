//! Imported torrents seeding: removed from their client once the client's seeding rule is met
//! (SPEC §6.9). The imported copy is never touched; the client's copy stays unless the rule
//! says to delete it.

use aural_clients::{ClientError, ItemStatus, RemoveData};
use aural_core::{Download, DownloadState, HealthKind};
use aural_db::DownloadFacts;

use super::{Monitor, transfer_of};
use crate::context::AppContext;
use crate::downloads::client::Connected;
use crate::error::ServiceError;

impl Monitor {
    /// An imported torrent: removed from its client, files kept, once the seeding rule is met.
    pub(super) async fn seed(
        &mut self,
        ctx: &AppContext,
        connected: &Connected,
        d: Download,
        status: &ItemStatus,
    ) -> Result<(), ServiceError> {
        let rule = connected
            .provider
            .settings()
            .and_then(|settings| settings.seeding())
            .cloned()
            .unwrap_or_default();
        let mut minutes = status.seeding_time.map_or(0, |t| t.as_secs() / 60);
        if !rule.is_met(status.ratio, minutes) {
            // A client that does not count seeding time (or lost it in a restart): the time
            // since the import counts instead.
            let history = ctx.db().downloads().history(d.id).await?;
            if let Some(since) = history
                .iter()
                .rev()
                .find(|h| h.to == DownloadState::Seeding)
            {
                let ms = ctx.clock().now().millis().saturating_sub(since.at.millis());
                minutes = minutes.max(u64::try_from(ms / 60_000).unwrap_or(0));
            }
        }
        let facts = DownloadFacts {
            transfer: Some(transfer_of(status)),
            ..DownloadFacts::default()
        };
        if !rule.is_met(status.ratio, minutes) {
            self.settle(ctx, d, vec![], facts, None).await?;
            return Ok(());
        }
        let Some(item) = connected.item(&d) else {
            return Ok(());
        };
        let data = if rule.deletes_data() {
            RemoveData::Delete
        } else {
            RemoveData::Keep
        };
        match connected.client.remove(&item, data).await {
            Ok(()) | Err(ClientError::NotFound { .. }) => {}
            Err(e) => {
                let message = connected.fail(e).to_string();
                return self.warn(ctx, d, HealthKind::ClientError, &message).await;
            }
        }
        tracing::info!(download = %d.id, ratio = status.ratio, minutes, "seeding rule met");
        let kept = if rule.deletes_data() {
            "the client's copy deleted, the imported one kept"
        } else {
            "files kept"
        };
        let why = format!(
            "seeding rule met (ratio {:.2}, {minutes} min); removed from the client, {kept}",
            status.ratio
        );
        self.settle(ctx, d, vec![DownloadState::Done], facts, Some(why))
            .await?;
        Ok(())
    }
}
