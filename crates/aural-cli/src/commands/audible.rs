use aural_api::{ApiError, AppContext, audible};

use crate::args::AudibleCommand;
use crate::output::{Output, clean, say, table};

pub async fn run(ctx: &AppContext, cmd: AudibleCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        AudibleCommand::ImportAuth { file, label } => {
            let account = audible::import_auth_file(ctx, file, label).await?;
            out.show(&account, || {
                say!(
                    "Added {} (id {}): marketplace {}, {} device",
                    clean(&account.label),
                    account.id,
                    account.marketplace,
                    account.device_type
                )
            });
        }
        AudibleCommand::Accounts => {
            let accounts = audible::list_accounts(ctx).await?;
            out.show(&accounts, || {
                table(
                    &[
                        "ID",
                        "Account",
                        "Marketplace",
                        "Device",
                        "State",
                        "Last sync",
                    ],
                    accounts.iter().map(|a| {
                        vec![
                            a.id.to_string(),
                            a.label.clone(),
                            a.marketplace.clone(),
                            a.device_type.clone(),
                            a.state.as_str().replace('_', " "),
                            a.last_sync_at.clone().unwrap_or_else(|| "never".to_owned()),
                        ]
                    }),
                );
                say!("{} Audible accounts", accounts.len());
            });
        }
        AudibleCommand::Remove {
            account,
            keep_device,
        } => {
            let removed = audible::remove_account(ctx, account, keep_device).await?;
            out.show(&removed, || {
                let device = if keep_device {
                    "its device stays registered at Amazon"
                } else {
                    "its device is deregistered"
                };
                say!("Removed {} ({device})", clean(&removed.label))
            });
        }
    }
    Ok(())
}
