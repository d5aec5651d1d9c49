use aural_api::{ApiError, AppContext, downloads};

use crate::args::DownloadsCommand;
use crate::output::{Output, clean, opt, table};

pub async fn run(ctx: &AppContext, cmd: DownloadsCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        DownloadsCommand::List {
            state,
            page,
            per_page,
        } => {
            let list = downloads::list_downloads(ctx, state, page, per_page).await?;
            out.show(&list, || {
                table(
                    &["ID", "Release", "State", "Progress", "Warnings"],
                    list.items.iter().map(|d| {
                        vec![
                            d.id.to_string(),
                            clean(&d.name),
                            d.state.to_string(),
                            format!("{:.0} %", d.progress * 100.0),
                            d.warnings
                                .iter()
                                .map(|w| {
                                    w.message.clone().unwrap_or_else(|| format!("{:?}", w.kind))
                                })
                                .collect::<Vec<_>>()
                                .join("; "),
                        ]
                    }),
                );
                println!("{} of {} downloads", list.items.len(), list.total);
            });
        }
        DownloadsCommand::Show { id } => {
            let detail = downloads::get_download(ctx, id).await?;
            out.show(&detail, || {
                let d = &detail.download;
                println!("{} ({})", clean(&d.name), d.id);
                println!("  state     {}", d.state);
                println!("  progress  {:.0} %", d.progress * 100.0);
                println!("  files     {}", opt(d.local_path.as_deref()));
                if let Some(error) = &d.error {
                    println!("  error     {error}");
                }
                for m in &detail.history {
                    println!(
                        "  {}  {} → {}  {}",
                        m.at,
                        m.from.map_or_else(|| "—".to_owned(), |s| s.to_string()),
                        m.to,
                        m.reason
                    );
                }
            });
        }
        DownloadsCommand::Pause { id } => {
            let d = downloads::pause_download(ctx, id).await?;
            out.show(&d, || println!("Paused {} ({})", clean(&d.name), d.id));
        }
        DownloadsCommand::Resume { id } => {
            let d = downloads::resume_download(ctx, id).await?;
            out.show(&d, || println!("Resumed {} ({})", clean(&d.name), d.id));
        }
        DownloadsCommand::SearchWanted => {
            let touched = downloads::search_wanted_now(ctx).await?;
            out.show(&touched, || {
                table(
                    &["ID", "Book", "State", "Release"],
                    touched.iter().map(|d| {
                        vec![
                            d.id.to_string(),
                            d.book_id.map_or_else(String::new, |b| b.to_string()),
                            d.state.to_string(),
                            clean(&d.name),
                        ]
                    }),
                );
                println!("{} wanted books searched", touched.len());
            });
        }
        DownloadsCommand::Reject { id, delete_data } => {
            let d = downloads::reject_download(ctx, id, delete_data).await?;
            out.show(&d, || {
                println!(
                    "Rejected {} ({}); its release is blocklisted for the book",
                    clean(&d.name),
                    d.id
                )
            });
        }
        DownloadsCommand::Cancel { id, delete_data } => {
            let d = downloads::cancel_download(ctx, id, delete_data).await?;
            out.show(&d, || {
                println!(
                    "Cancelled {} ({}){}",
                    clean(&d.name),
                    d.id,
                    if delete_data {
                        "; its files were deleted"
                    } else {
                        "; its files stay"
                    }
                )
            });
        }
    }
    Ok(())
}
