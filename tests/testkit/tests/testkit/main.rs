//! Each piece of the test kit, shown to do what it promises.

mod app;
mod clock;
mod daemon;
mod events;
mod fake_server;
mod fixtures;
mod wait;
