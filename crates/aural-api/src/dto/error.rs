use aural_core::ErrorCode;
use serde::{Deserialize, Serialize};
use specta::Type;

/// Every command's error: the UI branches on `code`, shows `message`, puts it on `field` when set,
/// and shows `hint` as what to do next.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Type, thiserror::Error)]
#[serde(rename_all = "camelCase")]
#[error("{message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub field: Option<String>,
    pub hint: Option<String>,
}

impl ApiError {
    pub fn validation(field: &str, message: impl Into<String>) -> ApiError {
        ApiError {
            code: ErrorCode::Validation,
            message: message.into(),
            field: Some(field.to_owned()),
            hint: None,
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> ApiError {
        self.hint = Some(hint.into());
        self
    }
}
