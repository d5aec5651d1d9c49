mod audible;
mod blocklist;
mod books;
mod daemon;
mod downloads;
mod import;
mod jobs;
mod library;
mod people;
mod providers;
mod search;
mod settings;
mod supervisor;

use aural_api::ApiError;
use aural_core::ProviderFamily;

use crate::args::{Cli, Command};
use crate::output::Output;

pub async fn dispatch(cli: Cli, out: &Output) -> Result<(), ApiError> {
    let ctx = aural_api::open(cli.data_dir).await?;
    for warning in aural_api::settings::start_up_warnings(&ctx) {
        out.warning(&warning);
    }
    let result = match cli.command {
        Command::Library(cmd) => library::run(&ctx, cmd, out).await,
        Command::Books(cmd) => books::run(&ctx, cmd, out).await,
        Command::Stats => books::stats(&ctx, out).await,
        Command::Authors(cmd) => people::authors(&ctx, cmd, out).await,
        Command::Series(cmd) => people::series(&ctx, cmd, out).await,
        Command::Jobs(cmd) => jobs::run(&ctx, cmd, out).await,
        Command::Settings(cmd) => settings::run(&ctx, cmd, out).await,
        Command::Indexers(cmd) => providers::run(&ctx, ProviderFamily::Indexer, cmd, out).await,
        Command::Clients(cmd) => {
            providers::run(&ctx, ProviderFamily::DownloadClient, cmd, out).await
        }
        Command::Abs(cmd) => providers::run(&ctx, ProviderFamily::AudioBookShelf, cmd, out).await,
        Command::Search(cmd) => search::run(&ctx, cmd, out).await,
        Command::Blocklist(cmd) => blocklist::run(&ctx, cmd, out).await,
        Command::Downloads(cmd) => downloads::run(&ctx, cmd, out).await,
        Command::Import(cmd) => import::run(&ctx, cmd, out).await,
        Command::Audible(cmd) => audible::run(&ctx, cmd, out).await,
        Command::Daemon { wait } => daemon::run(&ctx, wait, out).await,
        Command::Supervisor(cmd) => supervisor::run(&ctx, cmd, out),
    };
    let closed = aural_api::close(&ctx).await;
    result.and(closed)
}
