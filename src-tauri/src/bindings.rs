//! The tauri-specta builder: the app registers its commands and events from it, and
//! `tests/bindings.rs` renders the same builder into `ui/src/lib/ipc/bindings.ts`.

use std::path::Path;

use specta_typescript::Typescript;
use tauri_specta::{Builder, collect_commands, collect_events};

use crate::commands::search::{self, ReleasesFoundEvent};
use crate::commands::{
    authors, blocklist, downloads, import, jobs, library, providers, series, settings, supervisor,
};
use crate::events::{
    DownloadUpdatedEvent, EntitiesChangedEvent, JobUpdatedEvent, NoticeEvent, ProgressUpdatedEvent,
};

pub fn builder() -> Builder<tauri::Wry> {
    Builder::new()
        .commands(collect_commands![
            library::list_books,
            library::list_library,
            library::get_book,
            library::set_book_status,
            library::set_books_status,
            library::undo_status_change,
            library::library_stats,
            library::import_library_list,
            library::export_library_list,
            authors::list_authors,
            authors::get_author,
            series::list_series,
            series::get_series,
            series::merge_series,
            series::split_series,
            jobs::list_jobs,
            jobs::cancel_job,
            supervisor::supervisor_status,
            providers::list_providers,
            providers::enable_provider,
            providers::disable_provider,
            providers::test_provider,
            providers::remove_provider,
            providers::provider_kinds,
            providers::add_provider,
            providers::edit_provider,
            providers::test_provider_settings,
            search::search_book_releases,
            blocklist::list_blocklist,
            blocklist::add_to_blocklist,
            blocklist::remove_from_blocklist,
            downloads::list_downloads,
            downloads::get_download,
            downloads::grab_release,
            downloads::pause_download,
            downloads::resume_download,
            downloads::cancel_download,
            downloads::reject_download,
            import::scan_import_files,
            import::scan_import_folders,
            import::scan_staging_folder,
            import::list_import_cards,
            import::search_import_candidates,
            import::choose_import_match,
            import::edit_import_card,
            import::dismiss_import_card,
            import::start_import,
            settings::get_settings,
            settings::update_settings,
            settings::choose_library_root,
            settings::get_settings_warnings,
        ])
        .events(collect_events![
            EntitiesChangedEvent,
            JobUpdatedEvent,
            ProgressUpdatedEvent,
            DownloadUpdatedEvent,
            NoticeEvent,
            ReleasesFoundEvent
        ])
        // Counts and totals are u64 in Rust but stay far below 2^53, so a JS number holds them exactly.
        .dangerously_cast_bigints_to_number()
        .disable_serde_phases()
}

/// Writes the TypeScript bindings of [`builder`] to `path`.
pub fn export_typescript(path: &Path) -> Result<(), specta_typescript::Error> {
    builder().export(Typescript::default(), path)
}
