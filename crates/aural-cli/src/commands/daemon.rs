//! `auralarchive-cli daemon`: the app's background work without a window, in the foreground.

use aural_api::supervisor::{self, Holder, Leadership, Role};
use aural_api::{ApiError, AppContext};
use aural_core::ErrorCode;
use serde::Serialize;

use crate::output::Output;

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct DaemonLine<'a> {
    event: &'a str,
    pid: u32,
    data_dir: String,
}

/// Runs until SIGTERM or Ctrl-C; the caller then closes the context, which stops every loop
/// within the supervisor's grace period.
pub async fn run(ctx: &AppContext, wait: bool, out: &Output) -> Result<(), ApiError> {
    let mut signals = StopSignals::listen().map_err(signal_error)?;
    let data_dir = ctx.data_dir().display().to_string();
    match supervisor::start(ctx, Role::Daemon).await? {
        Leadership::Leading => {}
        Leadership::Waiting { holder } if !wait => return Err(led_elsewhere(holder, &data_dir)),
        Leadership::Waiting { holder } => {
            let line = DaemonLine {
                event: "waiting",
                pid: std::process::id(),
                data_dir: data_dir.clone(),
            };
            out.show(&line, || {
                println!(
                    "{} runs the background work for {data_dir}; this daemon takes over when it stops",
                    leader_name(holder)
                );
            });
        }
        Leadership::Unavailable(e) => {
            return Err(ApiError {
                code: ErrorCode::ReadOnly,
                message: format!("cannot run the background work for {data_dir}: {e}"),
                field: None,
                hint: Some(
                    "The daemon needs a data folder it may write to; choose one with --data-dir."
                        .to_owned(),
                ),
            });
        }
    }
    let started = DaemonLine {
        event: "started",
        pid: std::process::id(),
        data_dir: data_dir.clone(),
    };
    out.show(&started, || {
        println!(
            "auralarchive-cli daemon (pid {}) runs the background work for {data_dir}; stop it with Ctrl-C or SIGTERM",
            started.pid
        );
    });
    let signal = signals.next().await.map_err(signal_error)?;
    let stopping = DaemonLine {
        event: "stopping",
        pid: std::process::id(),
        data_dir,
    };
    out.show(&stopping, || {
        println!("auralarchive-cli daemon stops ({signal})");
    });
    Ok(())
}

fn signal_error(e: std::io::Error) -> ApiError {
    ApiError {
        code: ErrorCode::Unknown,
        message: format!("cannot listen for stop signals: {e}"),
        field: None,
        hint: None,
    }
}

fn led_elsewhere(holder: Option<Holder>, data_dir: &str) -> ApiError {
    ApiError {
        code: ErrorCode::Conflict,
        message: format!(
            "{} already runs the background work for {data_dir}",
            leader_name(holder)
        ),
        field: None,
        hint: Some(
            "Only one process per data folder runs it. Stop that one, or pass --wait to take over when it stops."
                .to_owned(),
        ),
    }
}

fn leader_name(holder: Option<Holder>) -> String {
    holder.map_or_else(
        || "another AuralArchive process".to_owned(),
        |h| h.to_string(),
    )
}

/// Ctrl-C and (on Unix) SIGTERM, which is how systemd stops a service. Listening starts when this
/// is made: a SIGTERM before that would end the process without closing the library.
struct StopSignals {
    #[cfg(unix)]
    term: tokio::signal::unix::Signal,
}

impl StopSignals {
    fn listen() -> std::io::Result<StopSignals> {
        Ok(StopSignals {
            #[cfg(unix)]
            term: tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?,
        })
    }

    /// Waits for the first signal and returns its name.
    async fn next(&mut self) -> std::io::Result<&'static str> {
        #[cfg(unix)]
        {
            tokio::select! {
                interrupted = tokio::signal::ctrl_c() => interrupted.map(|()| "Ctrl-C"),
                _ = self.term.recv() => Ok("SIGTERM"),
            }
        }
        #[cfg(not(unix))]
        {
            tokio::signal::ctrl_c().await.map(|()| "Ctrl-C")
        }
    }
}
