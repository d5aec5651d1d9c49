//! Schema migrations of the library database. Files are additive: a schema change is a new file.

use sea_orm_migration::MigrationTrait;
/// Re-exported so the database crate can run [`Migrator`] without its own dependency on sea-orm-migration.
pub use sea_orm_migration::MigratorTrait;

mod m20250101_000001_library;
mod m20250101_000002_jobs_changes;
mod m20250101_000003_search_and_counters;
mod m20250101_000004_name_counters;
mod m20250101_000005_job_owner;
mod m20250101_000006_job_queue;
mod m20250101_000007_providers;
mod m20250101_000008_series_order;
mod m20250101_000009_book_sources;
mod m20250101_000010_status_sort;
mod m20250101_000011_series_identity;
mod m20250101_000012_narrator_sort;
mod m20250101_000013_cover_fetch;
mod m20250101_000014_count_triggers_when_changed;
mod m20250101_000015_counts_held_for_bulk_moves;
mod m20250101_000016_downloads;
mod m20250101_000017_import;
mod m20250101_000018_blocklist;
mod m20250101_000019_provider_caps;
mod m20250101_000020_audible_accounts;

pub struct Migrator;

impl MigratorTrait for Migrator {
    fn migrations() -> Vec<Box<dyn MigrationTrait>> {
        vec![
            Box::new(m20250101_000001_library::Migration),
            Box::new(m20250101_000002_jobs_changes::Migration),
            Box::new(m20250101_000003_search_and_counters::Migration),
            Box::new(m20250101_000004_name_counters::Migration),
            Box::new(m20250101_000005_job_owner::Migration),
            Box::new(m20250101_000006_job_queue::Migration),
            Box::new(m20250101_000007_providers::Migration),
            Box::new(m20250101_000008_series_order::Migration),
            Box::new(m20250101_000009_book_sources::Migration),
            Box::new(m20250101_000010_status_sort::Migration),
            Box::new(m20250101_000011_series_identity::Migration),
            Box::new(m20250101_000012_narrator_sort::Migration),
            Box::new(m20250101_000013_cover_fetch::Migration),
            Box::new(m20250101_000014_count_triggers_when_changed::Migration),
            Box::new(m20250101_000015_counts_held_for_bulk_moves::Migration),
            Box::new(m20250101_000016_downloads::Migration),
            Box::new(m20250101_000017_import::Migration),
            Box::new(m20250101_000018_blocklist::Migration),
            Box::new(m20250101_000019_provider_caps::Migration),
            Box::new(m20250101_000020_audible_accounts::Migration),
        ]
    }
}

/// The names of the migrations this version knows, as `seaql_migrations.version` records them.
pub fn known_versions() -> Vec<String> {
    Migrator::migrations()
        .iter()
        .map(|m| m.name().to_owned())
        .collect()
}
