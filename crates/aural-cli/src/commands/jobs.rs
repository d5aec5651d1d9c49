use aural_api::{ApiError, AppContext, jobs};

use crate::args::JobsCommand;
use crate::output::{Output, opt, table};

pub async fn run(ctx: &AppContext, cmd: JobsCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        JobsCommand::List { page, per_page } => {
            let list = jobs::list_jobs(ctx, page, per_page).await?;
            out.show(&list, || {
                table(
                    &["ID", "Kind", "State", "Progress", "Started", "Message"],
                    list.items.iter().map(|j| {
                        vec![
                            j.id.clone(),
                            j.kind.to_string(),
                            j.state.to_string(),
                            match j.total {
                                Some(total) => format!("{}/{} {}", j.done, total, j.unit),
                                None => format!("{} {}", j.done, j.unit),
                            },
                            j.started_at.clone(),
                            opt(j.error.as_ref().or(j.message.as_ref())),
                        ]
                    }),
                );
            });
            Ok(())
        }
    }
}
