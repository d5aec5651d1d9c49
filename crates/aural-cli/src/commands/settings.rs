use aural_api::{ApiError, AppContext, settings};

use crate::args::SettingsCommand;
use crate::output::{Output, clean, say, table};

pub async fn run(ctx: &AppContext, cmd: SettingsCommand, out: &Output) -> Result<(), ApiError> {
    match cmd {
        SettingsCommand::List => {
            let entries = settings::list_settings(ctx).await?;
            out.show(&entries, || {
                table(
                    &["Key", "Value"],
                    entries
                        .iter()
                        .map(|e| vec![e.key.clone(), e.value.to_string()]),
                );
            });
        }
        SettingsCommand::Get { key } => {
            let entry = settings::get_setting(ctx, key).await?;
            out.show(&entry, || match &entry.value {
                serde_json::Value::String(s) => say!("{}", clean(s)),
                other => say!("{}", clean(&other.to_string())),
            });
        }
        SettingsCommand::Set { key, value } => {
            settings::set_setting(ctx, key.clone(), value).await?;
            let entry = settings::get_setting(ctx, key).await?;
            out.show(&entry, || {
                say!("{} = {}", entry.key, clean(&entry.value.to_string()))
            });
        }
    }
    Ok(())
}
