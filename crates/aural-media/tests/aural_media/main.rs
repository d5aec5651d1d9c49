//! Integration tests of aural-media against real files made by the system's ffmpeg.

mod audible;
mod audible_sample;
mod chapters;
mod convert;
mod discover;
mod fsops;
mod namespace;
mod probe;
#[path = "../../../../tests/testkit/src/media.rs"]
mod sample;
mod tags;
