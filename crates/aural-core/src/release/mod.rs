//! Releases found by indexers (SPEC §5.6, §5.7): what a release name says ([`name`]), the words
//! it is made of ([`vocabulary`]), what the user prefers ([`quality`]), and how well a release
//! fits a wanted book ([`score`]).

pub mod name;
pub mod quality;
pub mod score;
pub mod similarity;
pub mod vocabulary;

pub use name::{ParsedRelease, parse};
pub use quality::{FormatPoints, QualityPrefs};
pub use score::{Component, Rejection, ReleaseFacts, Rule, Score, WantedBook, score};
pub use vocabulary::{Abridgement, AudioFormat, Bitrate, Language, ReleaseFlag};
