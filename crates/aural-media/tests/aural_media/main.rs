//! Integration tests of aural-media against real files made by the system's ffmpeg.

mod discover;
mod probe;
mod sample;
mod tags;
