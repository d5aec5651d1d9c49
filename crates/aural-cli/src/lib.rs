//! `auralarchive-cli`: the same commands as the window, for terminals and scripts. Every read
//! command takes `--json` (camelCase, stable field names); errors exit non-zero with one line.

mod args;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

use crate::args::Cli;
use crate::output::Output;

pub fn run() -> ExitCode {
    let cli = Cli::parse();
    let out = Output::new(cli.json);
    aural_api::start_cli_logging();
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
