//! An Audible account as the library keeps it (SPEC §2.7 `audible_accounts`): who it is, in which
//! marketplace, with which registered device, and how its library sync stands. Its tokens, key
//! and cookies are one secret beside it, never here.

use crate::clock::Timestamp;
use crate::ids::AccountId;
use crate::job::text_enum;
use crate::secret_ref::SecretRef;

#[derive(Debug, Clone, PartialEq)]
pub struct AudibleAccount {
    pub id: AccountId,
    /// What the user calls it; unique. The customer's name unless they chose another.
    pub label: String,
    /// The marketplace's country code (`us`, `uk`, `de` …).
    pub marketplace: String,
    /// `iphone` or `android`: the device profile it was registered as.
    pub device_type: String,
    pub customer_name: String,
    /// SHA-256 of Amazon's id of the customer (the id itself is a secret: it feeds the AAXC
    /// voucher key); with the marketplace it names the account.
    pub customer_key: String,
    pub device_serial: String,
    pub state: AccountState,
    /// The library's `State-Token` after the last complete sync: the next sync asks only for
    /// what changed since.
    pub library_state_token: Option<String>,
    pub last_sync_at: Option<Timestamp>,
    pub secret: Option<SecretRef>,
    pub added_at: Timestamp,
}

/// What is known of an account before it is stored.
#[derive(Debug, Clone, PartialEq)]
pub struct NewAudibleAccount {
    pub label: String,
    pub marketplace: String,
    pub device_type: String,
    pub customer_name: String,
    pub customer_key: String,
    pub device_serial: String,
}

text_enum!(
    /// Whether an account can be used: `NeedsSignIn` when Amazon refused its refresh token, and
    /// only a new sign-in brings it back.
    AccountState { Ok => "ok", NeedsSignIn => "needs_sign_in" }
);
