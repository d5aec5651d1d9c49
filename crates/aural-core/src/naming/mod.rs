//! Library folder and file names: templates, safe names, and guesses from existing folder names.

pub mod fields;
pub mod folder_name;
pub mod preset;
pub mod relative_path;
pub mod sanitize;
pub mod template;

pub use fields::{NameFields, Token};
pub use folder_name::{FolderGuess, disc_number, guess_from_folders};
pub use preset::NamingPreset;
pub use relative_path::SafeRelativePath;
pub use sanitize::{ComponentKind, numbered, sanitize_component, sanitize_value};
pub use template::{NamingTemplate, TemplateError};
