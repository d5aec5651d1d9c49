//! A rendered relative path that cannot climb out of the folder it is joined to.

use std::fmt;
use std::path::PathBuf;

/// A relative path whose every component is safe (see [`super::sanitize`]); it cannot climb
/// out of the folder it is joined to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SafeRelativePath(pub(super) Vec<String>);

impl SafeRelativePath {
    pub fn components(&self) -> &[String] {
        &self.0
    }

    pub fn to_path_buf(&self) -> PathBuf {
        self.0.iter().collect()
    }
}

impl fmt::Display for SafeRelativePath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0.join("/"))
    }
}
