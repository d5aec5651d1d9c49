//! Integration tests of aural-media against real files made by the system's ffmpeg.

mod chapters;
mod discover;
mod fsops;
mod namespace;
mod probe;
mod sample;
mod tags;
