use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

#[derive(Debug, Parser)]
#[command(
    name = "auralarchive-cli",
    version,
    about = "AuralArchive from the command line"
)]
pub struct Cli {
    /// Data folder (default: AURALARCHIVE_DATA_DIR, else the OS data folder).
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Print JSON (camelCase) instead of tables.
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Import or export a library list (CSV or JSON; Libation exports too).
    #[command(subcommand)]
    Library(LibraryCommand),
    /// List, show and change books.
    #[command(subcommand)]
    Books(BooksCommand),
    /// Library statistics.
    Stats,
    /// Authors with owned / wanted / missing counts.
    #[command(subcommand)]
    Authors(NamesCommand),
    /// Series with owned / wanted / missing counts.
    #[command(subcommand)]
    Series(NamesCommand),
    /// Background jobs.
    #[command(subcommand)]
    Jobs(JobsCommand),
    /// Read and change settings (dotted keys such as library.root).
    #[command(subcommand)]
    Settings(SettingsCommand),
    /// Run the background work headless (for a NAS or a systemd unit) until SIGTERM or Ctrl-C.
    ///
    /// One process per data folder runs it: the app while its window is open, else this. When
    /// another process already does, the daemon says which and exits with status 1, or with
    /// `--wait` waits and takes over when that process stops.
    Daemon {
        /// Wait for the process that runs the background work to stop, then take over.
        #[arg(long)]
        wait: bool,
    },
    /// The background work of the data folder.
    #[command(subcommand)]
    Supervisor(SupervisorCommand),
}

#[derive(Debug, Subcommand)]
pub enum SupervisorCommand {
    /// Which process runs the background work, and each loop's state, restarts and last error.
    Status,
}

#[derive(Debug, Subcommand)]
pub enum LibraryCommand {
    /// Add or update books from a CSV or JSON list; bad rows are reported and skipped.
    Import { file: PathBuf },
    /// Write every book to a CSV or JSON list that `library import` reads back.
    Export {
        file: PathBuf,
        /// Format; by default taken from the file's extension.
        #[arg(long, value_enum)]
        format: Option<FormatArg>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum FormatArg {
    Csv,
    Json,
}

#[derive(Debug, Args)]
pub struct Paging {
    #[arg(long, default_value_t = 1)]
    pub page: u32,
    #[arg(long, default_value_t = 50)]
    pub per_page: u32,
    /// Sort descending.
    #[arg(long)]
    pub desc: bool,
    /// Search text.
    #[arg(long, short)]
    pub query: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum BooksCommand {
    List {
        #[command(flatten)]
        paging: Paging,
        /// title, author, series, releaseDate, addedDate or runtime.
        #[arg(long, default_value = "title")]
        sort: String,
        /// owned, wanted, downloading, missing or ignored.
        #[arg(long)]
        status: Option<String>,
        /// Author id or name.
        #[arg(long)]
        author: Option<String>,
        /// Series id or name.
        #[arg(long)]
        series: Option<String>,
        #[arg(long)]
        narrator: Option<String>,
        #[arg(long)]
        language: Option<String>,
    },
    /// Show one book by id or ASIN.
    Show { book: String },
    /// Change a book's status (missing, wanted, ignored; or give up an owned book).
    SetStatus { book: String, status: String },
}

#[derive(Debug, Subcommand)]
pub enum NamesCommand {
    List {
        #[command(flatten)]
        paging: Paging,
        /// name, books, owned or missing.
        #[arg(long, default_value = "name")]
        sort: String,
    },
    /// Show one by id or name, with its books.
    Show { key: String },
}

#[derive(Debug, Subcommand)]
pub enum JobsCommand {
    List {
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 50)]
        per_page: u32,
    },
}

#[derive(Debug, Subcommand)]
pub enum SettingsCommand {
    List,
    Get { key: String },
    Set { key: String, value: String },
}
