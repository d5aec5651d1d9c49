//! Integration tests of aural-media against real files made by the system's ffmpeg.

mod discover;
mod sample;
mod tags;
