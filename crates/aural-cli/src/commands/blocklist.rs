use aural_api::dto::BlocklistRequest;
use aural_api::{ApiError, AppContext, blocklist};

use crate::args::BlocklistCommand;
use crate::output::{Output, clean, table};

pub async fn run(ctx: &AppContext, cmd: BlocklistCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        BlocklistCommand::List { page, per_page } => {
            let list = blocklist::list_blocklist(ctx, page, per_page).await?;
            out.show(&list, || {
                table(
                    &["ID", "Release", "Book", "Why", "Since"],
                    list.items.iter().map(|e| {
                        vec![
                            e.id.to_string(),
                            clean(&e.title),
                            e.book_title
                                .as_deref()
                                .map_or_else(|| "every book".to_owned(), clean),
                            e.why.clone(),
                            e.created_at.clone(),
                        ]
                    }),
                );
                println!("{} of {} on the blocklist", list.items.len(), list.total);
            });
        }
        BlocklistCommand::Add {
            book,
            title,
            info_hash,
            reason,
        } => {
            let entry = blocklist::add_to_blocklist(
                ctx,
                BlocklistRequest {
                    book,
                    indexer_id: None,
                    guid_hash: None,
                    info_hash,
                    title,
                    reason: Some(reason),
                },
            )
            .await?;
            out.show(&entry, || {
                println!(
                    "Blocklisted {} ({}) for {}: {}",
                    clean(&entry.title),
                    entry.id,
                    entry
                        .book_title
                        .as_deref()
                        .map_or_else(|| "every book".to_owned(), clean),
                    entry.why
                )
            });
        }
        BlocklistCommand::Remove { id } => {
            blocklist::remove_from_blocklist(ctx, id).await?;
            out.show(&serde_json::json!({ "removed": id }), || {
                println!("Removed blocklist entry {id}")
            });
        }
    }
    Ok(())
}
