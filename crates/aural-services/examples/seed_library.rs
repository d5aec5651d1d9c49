//! Fills a data folder with a generated library, imported as the user would (the list import), for
//! the start-up bench: `cargo run -p aural-services --example seed_library -- DATA_DIR SIZE`.

use std::path::PathBuf;

use anyhow::Context;
use aural_services::secrets::SecretStore;
use aural_services::{AppConfig, AppContext, library};

#[path = "../benches/common/mod.rs"]
mod common;

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().context("usage: seed_library DATA_DIR SIZE")?);
    let size: usize = args
        .next()
        .context("usage: seed_library DATA_DIR SIZE")?
        .parse()?;
    let list = dir.join("seed-library.csv");
    std::fs::create_dir_all(&dir)?;
    std::fs::write(&list, common::synthetic_csv(size))?;
    let ctx = AppContext::builder(AppConfig::at(dir.clone()))
        .secrets(SecretStore::in_memory())
        .open()
        .await?;
    let outcome = library::spawn_list_import(&ctx, list.clone())
        .await?
        .wait()
        .await?;
    std::fs::remove_file(&list)?;
    ctx.close().await?;
    println!("{} books in {}", outcome.inserted, dir.display());
    Ok(())
}
