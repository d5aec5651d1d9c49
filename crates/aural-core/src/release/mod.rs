//! Releases found by indexers (SPEC §5.6, §5.7): what a release name says ([`name`]), the words
//! it is made of ([`vocabulary`]), and how well a release fits a wanted book ([`score`]).

pub mod name;
pub mod score;
pub mod similarity;
pub mod vocabulary;

pub use name::{ParsedRelease, parse};
pub use score::{
    Component, FormatPoints, QualityPrefs, Rejection, ReleaseFacts, Rule, Score, WantedBook, score,
};
pub use vocabulary::{Abridgement, AudioFormat, Bitrate, Language, ReleaseFlag};
