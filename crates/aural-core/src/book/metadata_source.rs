//! Where a book's metadata came from and how much it is trusted.

use serde::{Deserialize, Serialize};

/// Where a book's metadata came from, ranked (SPEC §2.4): a higher rank replaces a lower one.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MetadataSource {
    ListImport,
    Tags,
    Abs,
    Audnexus,
    AudibleCatalog,
    AudibleLibrary,
    User,
}

impl MetadataSource {
    pub const ALL: [MetadataSource; 7] = [
        MetadataSource::ListImport,
        MetadataSource::Tags,
        MetadataSource::Abs,
        MetadataSource::Audnexus,
        MetadataSource::AudibleCatalog,
        MetadataSource::AudibleLibrary,
        MetadataSource::User,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MetadataSource::ListImport => "list_import",
            MetadataSource::Tags => "tags",
            MetadataSource::Abs => "abs",
            MetadataSource::Audnexus => "audnexus",
            MetadataSource::AudibleCatalog => "audible_catalog",
            MetadataSource::AudibleLibrary => "audible_library",
            MetadataSource::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<MetadataSource> {
        MetadataSource::ALL.into_iter().find(|m| m.as_str() == s)
    }

    pub fn rank(self) -> u8 {
        self as u8
    }
}
