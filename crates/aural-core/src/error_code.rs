//! The codes the UI and scripts branch on. A code is added only when a caller needs a new branch.

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[non_exhaustive]
pub enum ErrorCode {
    NotFound,
    Validation,
    Conflict,
    AuthRequired,
    AuthFailed,
    OtpRequired,
    CaptchaRequired,
    Unreachable,
    Timeout,
    RateLimited,
    Cancelled,
    DiskFull,
    ReadOnly,
    Busy,
    Corrupt,
    // The feature exists but cannot do this yet (testing a provider kind whose protocol is not
    // built): the UI disables the action instead of offering a retry.
    Unsupported,
    Unknown,
}
