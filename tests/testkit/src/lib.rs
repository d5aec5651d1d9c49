//! What AuralArchive's tests share (a dev-dependency only): a temp data folder with an open
//! context, a clock tests move by hand, waits with deadlines that say what they awaited, the
//! repository's fixtures, a recording fake HTTP server with injectable faults, a guard for real
//! daemons, and real download clients with a tiny torrent.

mod app;
pub mod clients;
mod clock;
mod daemon;
mod events;
pub mod fake_server;
mod fixtures;
pub mod media;
mod wait;

pub use app::{TestApp, TestAppBuilder, open_at};
pub use clock::{FixedClock, NOW};
pub use daemon::{Daemon, DaemonSpec, Probe};
pub use events::EventCollector;
pub use fake_server::{FakeServer, Fault, Recorded};
pub use fixtures::{fake_device_key_pem, fixture, fixture_bytes, fixture_text};
pub use wait::wait_until;
