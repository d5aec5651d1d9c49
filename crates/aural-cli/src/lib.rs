//! `auralarchive-cli`: the same commands as the window, for terminals and scripts. Every read
//! command takes `--json` (camelCase, stable field names); errors exit non-zero with one line.

mod args;
mod commands;
mod hints;
mod output;

use std::process::ExitCode;

use aural_api::ApiError;
use aural_core::ErrorCode;
use clap::Parser;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::args::{Cli, Command};
use crate::output::Output;

/// The exit code clap uses for a command line it cannot parse.
const USAGE_ERROR: u8 = 2;

pub fn run() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    let out = Output::new(cli.json);
    aural_api::start_cli_logging(default_log_filter(&cli.command));
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
            out.error(&hints::for_terminal(e));
            ExitCode::FAILURE
        }
    }
}

/// Help and version go out as clap prints them. A command line that cannot be parsed is, with
/// `--json`, the same JSON error every other failure prints, so a script reads one shape.
fn usage_error(e: clap::Error) -> ExitCode {
    let wants_json = std::env::args_os().any(|a| a == "--json");
    if !wants_json || matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        e.exit();
    }
    let message = if e.kind() == ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand {
        "a subcommand is missing".to_owned()
    } else {
        e.to_string()
            .lines()
            .next()
            .unwrap_or_default()
            .trim_start_matches("error: ")
            .to_owned()
    };
    let field = match e.get(ContextKind::InvalidArg) {
        Some(ContextValue::String(arg)) => Some(arg.clone()),
        _ => None,
    };
    Output::new(true).error(&ApiError {
        code: ErrorCode::Validation,
        message,
        field,
        hint: Some(
            "Run `auralarchive-cli --help` for the commands and their arguments.".to_owned(),
        ),
    });
    ExitCode::from(USAGE_ERROR)
}

/// What is logged without `AURALARCHIVE_LOG`: commands log only errors (their output is the
/// report), while the daemon, whose log is all a service manager sees, also logs warnings (a loop
/// that restarts) and the service layer's one line per job and change of leadership.
fn default_log_filter(command: &Command) -> &'static str {
    match command {
        Command::Daemon { .. } => "warn,aural_services=info",
        _ => "error",
    }
}
