//! Logging of the app: to stderr and to daily files in `logs/` of the data folder (10 kept), at
//! the level of the `general.logLevel` setting, which can change while the app runs.
//! `AURALARCHIVE_LOG` (a tracing filter such as `aural_db=debug`) overrides the setting.

use std::io::IsTerminal;
use std::io::Write;
use std::path::Path;

use tracing::Subscriber;
use tracing::subscriber::DefaultGuard;
use tracing_appender::non_blocking::WorkerGuard;
use tracing_appender::rolling::{Builder, Rotation};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{EnvFilter, Registry, reload};

use crate::settings::LogLevel;

pub const ENV: &str = "AURALARCHIVE_LOG";
const KEPT_FILES: usize = 10;

/// Keeps the log file writer alive and lets the level follow the settings.
pub struct Logging {
    filter: reload::Handle<EnvFilter, Registry>,
    from_env: bool,
    _file: Option<WorkerGuard>,
}

impl std::fmt::Debug for Logging {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Logging")
            .field("from_env", &self.from_env)
            .finish_non_exhaustive()
    }
}

/// Starts logging for the whole process. A data folder where no log file can be created leaves
/// logging on stderr only, because the app must still start to tell the user what is wrong with
/// that folder.
pub fn init(data_dir: &Path, level: LogLevel) -> Logging {
    let (subscriber, logging) = build(data_dir, level);
    // Only fails when something embedding the app installed a subscriber already; theirs stays.
    let _ = subscriber.try_init();
    logging
}

/// Like [`init`], for the current thread only, until the guard drops: lets each test read its own
/// log file while other tests in the same binary log elsewhere.
pub fn init_for_thread(data_dir: &Path, level: LogLevel) -> (Logging, DefaultGuard) {
    let (subscriber, logging) = build(data_dir, level);
    (logging, subscriber.set_default())
}

/// Logging of a command-line run: stderr only, filtered by `AURALARCHIVE_LOG` (errors when unset),
/// through the same redaction as the app's log files.
pub fn init_stderr(default_filter: &str) {
    let filter = match std::env::var(ENV) {
        Ok(filter) if !filter.is_empty() => EnvFilter::new(filter),
        _ => EnvFilter::new(default_filter),
    };
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(Redacting(std::io::stderr))
        // A service manager's journal shows escape codes as text.
        .with_ansi(std::io::stderr().is_terminal())
        .try_init();
}

fn build(data_dir: &Path, level: LogLevel) -> (impl Subscriber + Send + Sync + 'static, Logging) {
    let env_filter = std::env::var(ENV)
        .ok()
        .and_then(|f| EnvFilter::try_new(f).ok());
    let from_env = env_filter.is_some();
    let (filter, handle) = reload::Layer::new(env_filter.unwrap_or_else(|| filter_for(level)));
    let log_dir = data_dir.join("logs");
    // tracing-appender lists the folder to prune old files as it opens the first one, and prints
    // "Error reading the log directory/files" to stderr when the folder does not exist yet: on a
    // first start, before anything else. Creating it first keeps a first start quiet.
    let appender = std::fs::create_dir_all(&log_dir)
        .map_err(|e| e.to_string())
        .and_then(|()| {
            Builder::new()
                .rotation(Rotation::DAILY)
                .filename_prefix("auralarchive")
                .filename_suffix("log")
                .max_log_files(KEPT_FILES)
                .build(&log_dir)
                .map_err(|e| e.to_string())
        });
    let (file_layer, guard) = match appender {
        Ok(appender) => {
            let (writer, guard) = tracing_appender::non_blocking(appender);
            (
                Some(
                    tracing_subscriber::fmt::layer()
                        .with_ansi(false)
                        .with_writer(Redacting(writer)),
                ),
                Some(guard),
            )
        }
        Err(e) => {
            eprintln!("cannot write log files in {}: {e}", data_dir.display());
            (None, None)
        }
    };
    let subscriber = tracing_subscriber::registry()
        .with(filter)
        .with(tracing_subscriber::fmt::layer().with_writer(Redacting(std::io::stderr)))
        .with(file_layer);
    let logging = Logging {
        filter: handle,
        from_env,
        _file: guard,
    };
    (subscriber, logging)
}

/// Passes every log line through the one redaction rule before it is written, so a key or token
/// that reaches a log field by any path (a URL, a library's debug output) never reaches the file.
struct Redacting<M>(M);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter(self.0.make_writer())
    }
}

struct RedactingWriter<W>(W);

impl<W: Write> Write for RedactingWriter<W> {
    // The fmt layer formats a whole event, then writes it with one call.
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let line = String::from_utf8_lossy(buf);
        self.0
            .write_all(aural_http::redact::text(&line).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

impl Logging {
    /// Applies the level of the settings, unless `AURALARCHIVE_LOG` chose the filter.
    pub fn apply(&self, level: LogLevel) {
        if self.from_env {
            return;
        }
        if let Err(e) = self.filter.reload(filter_for(level)) {
            tracing::warn!(error = %e, "could not change the log level");
        }
    }
}

fn filter_for(level: LogLevel) -> EnvFilter {
    let level = match level {
        LogLevel::Error => "error",
        LogLevel::Warn => "warn",
        LogLevel::Info => "info",
        LogLevel::Debug => "debug",
        LogLevel::Trace => "trace",
    };
    // Our crates at the chosen level; libraries stay at warn so debug logs show our protocol detail.
    EnvFilter::new(format!(
        "warn,auralarchive={level},auralarchive_lib={level},aural_core={level},aural_db={level},\
         aural_services={level},aural_api={level},aural_http={level}"
    ))
}
