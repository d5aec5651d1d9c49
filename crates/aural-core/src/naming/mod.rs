//! Library folder and file names: templates, safe names, and guesses from existing folder names.

pub mod folder_name;
pub mod sanitize;
pub mod template;

pub use folder_name::{FolderGuess, disc_number, guess_from_folders};
pub use sanitize::{ComponentKind, numbered, sanitize_component, sanitize_value};
pub use template::{
    NameFields, NamingPreset, NamingTemplate, SafeRelativePath, TemplateError, Token,
};
