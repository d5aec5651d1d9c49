//! `auralarchive-cli`: the same commands as the window, for terminals and scripts. Every read
//! command takes `--json` (camelCase, stable field names); errors exit non-zero with one line.

mod args;
mod commands;
mod output;

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

use tracing_subscriber::EnvFilter;

use crate::args::{Cli, Command};
use crate::output::Output;

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let out = Output::new(cli.json);
    tracing_subscriber::fmt()
        .with_env_filter(log_filter(&cli.command))
        .with_writer(std::io::stderr)
        // A service manager's journal shows escape codes as text.
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(commands::dispatch(cli, &out)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            out.error(&e);
            ExitCode::FAILURE
        }
    }
}

/// `AURALARCHIVE_LOG` when set. Otherwise commands log only errors (their output is the report),
/// while the daemon, whose log is all a service manager sees, also logs warnings (a loop that
/// restarts) and the service layer's one line per job and change of leadership.
fn log_filter(command: &Command) -> EnvFilter {
    let default = match command {
        Command::Daemon { .. } => "warn,aural_services=info",
        _ => "error",
    };
    match std::env::var("AURALARCHIVE_LOG") {
        Ok(filter) if !filter.is_empty() => EnvFilter::new(filter),
        _ => EnvFilter::new(default),
    }
}
