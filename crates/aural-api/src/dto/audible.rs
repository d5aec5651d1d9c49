use aural_core::{AccountState, AudibleAccount};
use serde::{Deserialize, Serialize};
use specta::Type;

/// An Audible account as the window and scripts see it: never its tokens, only whether the
/// sign-in is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "camelCase")]
pub struct AudibleAccountDto {
    pub id: i64,
    pub label: String,
    pub marketplace: String,
    pub device_type: String,
    pub customer_name: String,
    pub state: AccountState,
    pub last_sync_at: Option<String>,
    pub signed_in: bool,
    pub added_at: String,
}

impl From<&AudibleAccount> for AudibleAccountDto {
    fn from(a: &AudibleAccount) -> Self {
        AudibleAccountDto {
            id: a.id.0,
            label: a.label.clone(),
            marketplace: a.marketplace.clone(),
            device_type: a.device_type.clone(),
            customer_name: a.customer_name.clone(),
            state: a.state,
            last_sync_at: a.last_sync_at.map(|t| t.to_rfc3339()),
            signed_in: a.secret.is_some(),
            added_at: a.added_at.to_rfc3339(),
        }
    }
}
