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
    Series(SeriesCommand),
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
    /// Indexers: Torznab, Newznab, MyAnonamouse (mam), AudiobookBay (abb).
    #[command(subcommand)]
    Indexers(ProviderCommand),
    /// Download clients: qBittorrent, Transmission, Deluge, SABnzbd, NZBGet.
    #[command(subcommand)]
    Clients(ProviderCommand),
    /// AudioBookShelf servers.
    #[command(subcommand)]
    Abs(ProviderCommand),
    /// Search every enabled indexer at once.
    #[command(subcommand)]
    Search(SearchCommand),
    /// Releases not to take again: every later search shows them rejected, with the reason.
    #[command(subcommand)]
    Blocklist(BlocklistCommand),
    /// Downloads: the list, one with its history, pause, resume and cancel.
    #[command(subcommand)]
    Downloads(DownloadsCommand),
    /// Import audiobook files into the library folder (library.root).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Audible accounts.
    #[command(subcommand)]
    Audible(AudibleCommand),
}

#[derive(Debug, Subcommand)]
pub enum AudibleCommand {
    /// Add the account of an audible-cli (or mkb79 Audible) auth file, without signing in again.
    /// The file must be unencrypted.
    ImportAuth {
        file: PathBuf,
        /// What to call the account (default: the customer's name and marketplace).
        #[arg(long)]
        label: Option<String>,
    },
    /// The accounts, with their marketplace and state.
    Accounts,
    /// Remove an account (its id or label) and the sign-in stored with it. Amazon is first told
    /// to forget this device, unless --keep-device.
    Remove {
        account: String,
        /// Remove it here only: the device stays registered at Amazon (for when Amazon cannot be
        /// reached, or the device is shared with audible-cli).
        #[arg(long)]
        keep_device: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// Find the books among files and folders and match them with the library: one card each.
    Scan {
        #[arg(required = true, value_name = "PATH")]
        paths: Vec<PathBuf>,
    },
    /// Place the files of ready cards in the library folder.
    Run {
        /// Every card that is ready.
        #[arg(long, conflicts_with = "cards", required_unless_present = "cards")]
        all_ready: bool,
        #[arg(value_name = "CARD_ID")]
        cards: Vec<i64>,
        /// Delete each source once its copy is verified and recorded.
        #[arg(long, conflicts_with = "copy")]
        r#move: bool,
        /// Keep the sources (the default unless library.importMode is move).
        #[arg(long)]
        copy: bool,
        /// A preset (audiobookshelf, flat, libation) or a folder template such as
        /// "{author}/{title}".
        #[arg(long, value_name = "T")]
        template: Option<String>,
    },
    /// The cards with their status, and how many are in each status.
    Status {
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 50)]
        per_page: u32,
    },
    /// Finish or undo what an interrupted import left behind.
    Recover,
}

#[derive(Debug, Subcommand)]
pub enum DownloadsCommand {
    /// Newest first.
    List {
        /// Only these states (queued, sent, downloading, paused, stalled, completed, failed, …).
        #[arg(long, value_delimiter = ',')]
        state: Vec<aural_core::DownloadState>,
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 50)]
        per_page: u32,
    },
    /// One download with the history of its states.
    Show {
        id: i64,
    },
    /// Pause it, in its client too.
    Pause {
        id: i64,
    },
    Resume {
        id: i64,
    },
    /// Cancel it and take it out of its client; its files stay unless --delete-data.
    Cancel {
        id: i64,
        #[arg(long)]
        delete_data: bool,
    },
    /// Cancel it, blocklist its release for the book and queue the book for the next best
    /// release (searched by the open app or `daemon`).
    Reject {
        id: i64,
        #[arg(long)]
        delete_data: bool,
    },
    /// Search now for the Wanted books nothing is downloading and grab the best release of
    /// each scoring at least downloads.minScore (what downloads.automatic does on a schedule).
    SearchWanted,
}

#[derive(Debug, Subcommand)]
pub enum BlocklistCommand {
    /// The list, newest first.
    List {
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 50)]
        per_page: u32,
    },
    /// Reject a release, by its title and (for a torrent) its info-hash.
    Add {
        /// The book's id or ASIN; without it the release is rejected for every book.
        #[arg(long)]
        book: Option<String>,
        /// The release's title as the indexer lists it.
        #[arg(long)]
        title: String,
        /// 40 hexadecimal characters.
        #[arg(long)]
        info_hash: Option<String>,
        /// failed_download, import_rejected, user or bad_content.
        #[arg(long, default_value = "user", value_parser = blocklist_reason)]
        reason: aural_core::BlocklistReason,
    },
    /// Take an entry off the list (ID as `blocklist list` shows it).
    Remove { id: i64 },
}

fn blocklist_reason(text: &str) -> Result<aural_core::BlocklistReason, String> {
    aural_core::BlocklistReason::parse(text)
        .ok_or_else(|| "one of failed_download, import_rejected, user, bad_content".to_owned())
}

#[derive(Debug, Subcommand)]
pub enum SearchCommand {
    /// Releases of a book (--book ID|ASIN) or of your own words (--query), ranked with reasons.
    Releases {
        #[arg(long, conflicts_with = "query")]
        book: Option<String>,
        #[arg(long)]
        query: Option<String>,
        /// Then send the best release that is not rejected to a download client.
        #[arg(long)]
        grab: bool,
        /// The download client (id or name) for --grab; else the first enabled one that fits.
        #[arg(long, requires = "grab")]
        client: Option<String>,
    },
}

/// The same commands for every family of provider. PROVIDER is an id or a name.
#[derive(Debug, Subcommand)]
pub enum ProviderCommand {
    List {
        #[arg(long, default_value_t = 1)]
        page: u32,
        #[arg(long, default_value_t = 50)]
        per_page: u32,
    },
    Show {
        provider: String,
    },
    /// Add one. Secrets are best given on stdin (--api-key-stdin, --password-stdin) or through
    /// --secret-env, so they do not show in the process list.
    Add {
        name: String,
        /// Required where the family has several kinds.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
        /// Lower is tried first.
        #[arg(long, default_value_t = 0)]
        priority: i32,
        /// Add it switched off.
        #[arg(long)]
        disabled: bool,
        #[command(flatten)]
        settings: SettingsArgs,
        #[command(flatten)]
        secret: SecretArgs,
    },
    /// Change name, priority, settings or secret; what is not given stays.
    Edit {
        provider: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        priority: Option<i32>,
        #[command(flatten)]
        settings: SettingsArgs,
        #[command(flatten)]
        secret: SecretArgs,
        /// Remove the stored secret.
        #[arg(long, conflicts_with_all = ["api_key", "api_key_stdin", "password", "password_stdin", "session_cookie", "session_cookie_stdin", "secret_env"])]
        clear_secret: bool,
    },
    /// Check the provider's settings against its service.
    Test {
        provider: String,
    },
    /// Remove it and its stored secret.
    Remove {
        provider: String,
    },
    /// Switch it on, ending any back-off after failures.
    Enable {
        provider: String,
    },
    Disable {
        provider: String,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum KindArg {
    Torznab,
    Newznab,
    Mam,
    Abb,
    Qbittorrent,
    Transmission,
    Deluge,
    Sabnzbd,
    Nzbget,
    Audiobookshelf,
}

/// Settings fields; each applies to the kinds that have it.
#[derive(Debug, Default, Args)]
pub struct SettingsArgs {
    #[arg(long)]
    pub url: Option<String>,
    #[arg(long)]
    pub username: Option<String>,
    /// Indexer categories, comma-separated (default 3030, Audio/Audiobook).
    #[arg(long, value_delimiter = ',')]
    pub categories: Option<Vec<u32>>,
    #[arg(long)]
    pub minimum_seeders: Option<u32>,
    #[arg(long)]
    pub timeout_secs: Option<u32>,
    #[arg(long)]
    pub requests_per_minute: Option<u32>,
    /// Extra query parameter sent to the indexer, as NAME=VALUE; repeatable.
    #[arg(long = "param", value_name = "NAME=VALUE")]
    pub params: Vec<String>,
    /// MyAnonamouse search type: all, active, freeleech, freeleechVip, vip, notVip.
    #[arg(long)]
    pub search_type: Option<String>,
    /// Download client category or label (default audiobooks).
    #[arg(long)]
    pub category: Option<String>,
    #[arg(long)]
    pub save_path: Option<String>,
    /// AudioBookShelf library id.
    #[arg(long)]
    pub library_id: Option<String>,
    /// A folder as the provider sees it and as this machine sees it, REMOTE=LOCAL; repeatable.
    /// Given on edit, the list replaces the stored one.
    #[arg(long = "path-mapping", value_name = "REMOTE=LOCAL")]
    pub path_mappings: Vec<String>,
}

/// At most one way of giving the secret.
#[derive(Debug, Default, Args)]
#[group(multiple = false)]
pub struct SecretArgs {
    /// The API key (visible in the process list; prefer --api-key-stdin).
    #[arg(long)]
    pub api_key: Option<String>,
    /// Read the API key from the first line of stdin.
    #[arg(long)]
    pub api_key_stdin: bool,
    /// The password (visible in the process list; prefer --password-stdin).
    #[arg(long)]
    pub password: Option<String>,
    /// Read the password from the first line of stdin.
    #[arg(long)]
    pub password_stdin: bool,
    /// MyAnonamouse's mam_id session cookie (prefer --session-cookie-stdin).
    #[arg(long)]
    pub session_cookie: Option<String>,
    #[arg(long)]
    pub session_cookie_stdin: bool,
    /// Read the secret the kind takes from this environment variable.
    #[arg(long, value_name = "VAR")]
    pub secret_env: Option<String>,
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
        /// The file to write; `-` writes to standard output. A FIFO or device is written directly.
        file: PathBuf,
        /// Format; by default taken from the file's extension (CSV for standard output).
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
        /// title, author, series, releaseDate, addedDate, runtime, status or narrator.
        #[arg(long, default_value = "title")]
        sort: String,
        /// owned, wanted, downloading, missing or ignored; several as `owned,wanted`.
        #[arg(long, value_delimiter = ',')]
        status: Vec<String>,
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
        /// One row per series (with what you own of it) among the books in no series, by name.
        #[arg(long)]
        collapse_series: bool,
    },
    /// Show one book by id or ASIN.
    Show { book: String },
    /// Set the status of books: owned, wanted, missing or ignored. Name books by id or ASIN, or
    /// select every book a query matches with --query/--status/--author/--series/--narrator/
    /// --language. Prints how many changed and the number `books undo` takes.
    #[command(name = "set-status")]
    SetStatus {
        /// The books (ids or ASINs), then the new status; only the status when a selection option
        /// is given.
        #[arg(required = true, num_args = 1.., value_name = "BOOK... STATUS")]
        args: Vec<String>,
        #[command(flatten)]
        matching: Matching,
    },
    /// Reverse a status change by the number `set-status` printed.
    Undo { change: i64 },
}

/// Selects every book that matches, across all pages.
#[derive(Debug, Args, Default)]
pub struct Matching {
    /// Search text.
    #[arg(long, short)]
    pub query: Option<String>,
    /// Only books with one of these statuses (`wanted` or `wanted,missing`).
    #[arg(long, value_delimiter = ',')]
    pub status: Vec<String>,
    /// Author id or name.
    #[arg(long)]
    pub author: Option<String>,
    /// Series id or name.
    #[arg(long)]
    pub series: Option<String>,
    #[arg(long)]
    pub narrator: Option<String>,
    #[arg(long)]
    pub language: Option<String>,
}

impl Matching {
    pub fn is_empty(&self) -> bool {
        self.query.is_none()
            && self.status.is_empty()
            && self.author.is_none()
            && self.series.is_none()
            && self.narrator.is_none()
            && self.language.is_none()
    }
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
pub enum SeriesCommand {
    #[command(flatten)]
    Names(NamesCommand),
    /// Join two series of the same name that are one (a series written by several authors).
    /// Later imports of FROM's name and author land in INTO.
    Merge { from: String, into: String },
    /// Give each first author of a series that mixes two authors' series their own.
    Split { series: String },
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
