//! Books, the people and series credited on them, genres and extra ASINs (SPEC §2.1).

use sea_orm_migration::prelude::{
    ConnectionTrait, DbErr, DeriveMigrationName, Expr, ForeignKey, ForeignKeyAction,
    ForeignKeyCreateStatement, Index, IndexCreateStatement, MigrationTrait, SchemaManager, Table,
    TableCreateStatement, async_trait,
};
use sea_orm_migration::schema::{
    big_integer, big_integer_null, boolean, double_null, integer, integer_null, pk_auto, text,
    text_null,
};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for table in [
            books(),
            authors(),
            author_aliases(),
            book_authors(),
            narrators(),
            book_narrators(),
            series(),
            book_series(),
            genres(),
            book_genres(),
            book_asins(),
        ] {
            manager.create_table(table).await?;
        }
        for index in indexes() {
            manager.create_index(index).await?;
        }
        for index in EXPRESSION_INDEXES {
            manager.get_connection().execute_unprepared(index).await?;
        }
        Ok(())
    }

    fn use_transaction(&self) -> Option<bool> {
        Some(true)
    }
}

fn books() -> TableCreateStatement {
    Table::create()
        .table("books")
        .col(pk_auto("id"))
        .col(text_null("asin").unique_key())
        .col(text_null("isbn"))
        .col(text("title").check(Expr::cust("length(trim(title)) > 0")))
        .col(text_null("subtitle"))
        // Denormalised sort and identity keys: written with the row so that every sort order and the
        // title + first-author fallback identity (SPEC §2.4) is one index range, never a join.
        .col(text("sort_title"))
        .col(text_null("sort_author"))
        .col(text_null("sort_series"))
        .col(double_null("sort_series_pos"))
        .col(text("title_key"))
        .col(text("author_key"))
        .col(text("status").check(Expr::cust(
            "status IN ('owned', 'wanted', 'downloading', 'missing', 'ignored')",
        )))
        .col(text_null("wanted_reason").check(Expr::cust(
            "wanted_reason IN ('user', 'wishlist', 'followed_series', 'followed_author', 'list_import')",
        )))
        .col(integer_null("runtime_min").check(Expr::cust("runtime_min >= 0")))
        .col(text_null("release_date"))
        .col(text_null("language"))
        .col(text_null("publisher"))
        .col(text_null("summary"))
        .col(text_null("copyright"))
        .col(text_null("format_type"))
        .col(boolean("is_adult").default(false))
        .col(double_null("rating_avg"))
        .col(integer_null("rating_count"))
        .col(text_null("cover_key"))
        .col(text_null("cover_url"))
        .col(text("metadata_source").check(Expr::cust(
            "metadata_source IN ('user', 'audible_library', 'audible_catalog', 'audnexus', 'abs', 'tags', 'list_import')",
        )))
        .col(big_integer_null("metadata_refreshed_at"))
        .col(text("locked_fields").default("[]"))
        .col(big_integer("added_at"))
        .col(big_integer("updated_at"))
        .to_owned()
}

fn authors() -> TableCreateStatement {
    Table::create()
        .table("authors")
        .col(pk_auto("id"))
        .col(text("name").unique_key().extra("COLLATE NOCASE"))
        .col(text_null("asin").unique_key())
        .col(text("sort_name").extra("COLLATE NOCASE"))
        .col(text_null("bio"))
        .col(text_null("image_key"))
        .col(boolean("followed").default(false))
        .col(big_integer_null("refreshed_at"))
        .to_owned()
}

fn author_aliases() -> TableCreateStatement {
    Table::create()
        .table("author_aliases")
        .col(text("alias").primary_key().extra("COLLATE NOCASE"))
        .col(integer("author_id"))
        .foreign_key(&mut cascade("author_aliases", "author_id", "authors"))
        .to_owned()
}

fn book_authors() -> TableCreateStatement {
    Table::create()
        .table("book_authors")
        .col(integer("book_id"))
        .col(integer("author_id"))
        .col(integer("ordinal"))
        .col(
            text("role")
                .default("author")
                .check(Expr::cust("role IN ('author', 'editor', 'translator')")),
        )
        .primary_key(Index::create().col("book_id").col("author_id"))
        .foreign_key(&mut cascade("book_authors", "book_id", "books"))
        .foreign_key(&mut cascade("book_authors", "author_id", "authors"))
        .to_owned()
}

fn narrators() -> TableCreateStatement {
    Table::create()
        .table("narrators")
        .col(pk_auto("id"))
        .col(text("name").unique_key().extra("COLLATE NOCASE"))
        .col(text_null("asin"))
        .to_owned()
}

fn book_narrators() -> TableCreateStatement {
    Table::create()
        .table("book_narrators")
        .col(integer("book_id"))
        .col(integer("narrator_id"))
        .col(integer("ordinal"))
        .primary_key(Index::create().col("book_id").col("narrator_id"))
        .foreign_key(&mut cascade("book_narrators", "book_id", "books"))
        .foreign_key(&mut cascade("book_narrators", "narrator_id", "narrators"))
        .to_owned()
}

fn series() -> TableCreateStatement {
    Table::create()
        .table("series")
        .col(pk_auto("id"))
        .col(text_null("asin").unique_key())
        // Not unique: two series may share a name; the name resolves to the oldest row until an ASIN tells them apart.
        .col(text("name").extra("COLLATE NOCASE"))
        .col(text_null("description"))
        .col(text_null("cover_key"))
        .col(integer_null("total_known"))
        .col(boolean("followed").default(false))
        .col(big_integer_null("refreshed_at"))
        .to_owned()
}

fn book_series() -> TableCreateStatement {
    Table::create()
        .table("book_series")
        .col(integer("book_id"))
        .col(integer("series_id"))
        .col(text_null("position_raw"))
        .col(double_null("position_sort"))
        .col(double_null("position_end"))
        .col(boolean("is_primary").default(false))
        .primary_key(Index::create().col("book_id").col("series_id"))
        .foreign_key(&mut cascade("book_series", "book_id", "books"))
        .foreign_key(&mut cascade("book_series", "series_id", "series"))
        .to_owned()
}

fn genres() -> TableCreateStatement {
    Table::create()
        .table("genres")
        .col(pk_auto("id"))
        .col(text("name"))
        .col(integer_null("parent_id"))
        .foreign_key(
            ForeignKey::create()
                .from("genres", "parent_id")
                .to("genres", "id")
                .on_delete(ForeignKeyAction::SetNull),
        )
        .to_owned()
}

fn book_genres() -> TableCreateStatement {
    Table::create()
        .table("book_genres")
        .col(integer("book_id"))
        .col(integer("genre_id"))
        .primary_key(Index::create().col("book_id").col("genre_id"))
        .foreign_key(&mut cascade("book_genres", "book_id", "books"))
        .foreign_key(&mut cascade("book_genres", "genre_id", "genres"))
        .to_owned()
}

fn book_asins() -> TableCreateStatement {
    Table::create()
        .table("book_asins")
        .col(text("asin").primary_key())
        .col(integer("book_id"))
        .col(text_null("marketplace"))
        .col(text("kind").check(Expr::cust("kind IN ('primary', 'edition', 'regional')")))
        .foreign_key(&mut cascade("book_asins", "book_id", "books"))
        .to_owned()
}

fn cascade(
    from: &'static str,
    column: &'static str,
    to: &'static str,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .from(from, column)
        .to(to, "id")
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

/// Every index a hot query needs, on plain columns.
fn indexes() -> Vec<IndexCreateStatement> {
    let idx = |name: &str, table: &str, cols: &[&str]| {
        let mut index = Index::create();
        index.name(name).table(table.to_owned());
        for col in cols {
            index.col(col.to_string());
        }
        index.to_owned()
    };
    vec![
        idx("books_identity", "books", &["title_key", "author_key"]),
        idx("books_by_title", "books", &["sort_title"]),
        idx("books_by_added", "books", &["added_at"]),
        idx("books_by_status_title", "books", &["status", "sort_title"]),
        idx("books_by_status_added", "books", &["status", "added_at"]),
        idx("books_by_language", "books", &["language"]),
        idx(
            "book_authors_by_author",
            "book_authors",
            &["author_id", "book_id"],
        ),
        idx(
            "book_narrators_by_narrator",
            "book_narrators",
            &["narrator_id", "book_id"],
        ),
        idx(
            "book_series_by_series",
            "book_series",
            &["series_id", "position_sort"],
        ),
        idx("book_genres_by_genre", "book_genres", &["genre_id"]),
        idx("book_asins_by_book", "book_asins", &["book_id"]),
        idx("author_aliases_by_author", "author_aliases", &["author_id"]),
        idx("authors_by_sort_name", "authors", &["sort_name"]),
        idx("series_by_name", "series", &["name"]),
        idx("genres_by_name", "genres", &["name"]),
    ]
}

/// Sort keys that may be NULL are indexed as `(key IS NULL), key` so ascending lists put books
/// without the value last and still read the index in order. sea-query 1.0's SQLite builder cannot
/// render expression indexes, so these are written out; the SQL is standard (Postgres takes it too).
const EXPRESSION_INDEXES: [&str; 5] = [
    "CREATE INDEX books_by_author ON books (sort_author IS NULL, sort_author, sort_title)",
    "CREATE INDEX books_by_series ON books \
     (sort_series IS NULL, sort_series, sort_series_pos IS NULL, sort_series_pos, sort_title)",
    "CREATE INDEX books_by_release ON books (release_date IS NULL, release_date)",
    "CREATE INDEX books_by_runtime ON books (runtime_min IS NULL, runtime_min)",
    "CREATE INDEX books_by_status_author ON books (status, sort_author IS NULL, sort_author, sort_title)",
];
