//! `indexers`, `clients` and `abs`: one implementation for every provider family.

use std::io::BufRead;

use aural_api::dto::{AddProviderRequest, EditProviderRequest, ProviderDto, SecretUpdate};
use aural_api::{ApiError, AppContext, providers};
use aural_core::provider::SecretField;
use aural_core::{ProviderFamily, ProviderKind, ProviderSettings, Sensitive};
use serde_json::{Map, Value};

use crate::args::{KindArg, ProviderCommand, SecretArgs, SettingsArgs};
use crate::output::{Output, opt, table};

pub async fn run(
    ctx: &AppContext,
    family: ProviderFamily,
    cmd: ProviderCommand,
    out: &Output,
) -> Result<(), ApiError> {
    match cmd {
        ProviderCommand::List { page, per_page } => {
            let list = providers::list_providers(ctx, family, page, per_page).await?;
            out.show(&list, || {
                table(
                    &[
                        "ID",
                        "Name",
                        "Kind",
                        "Status",
                        "Priority",
                        "Secret",
                        "Last error",
                    ],
                    list.items.iter().map(|p| {
                        vec![
                            p.id.to_string(),
                            p.name.clone(),
                            opt(p.kind.map(ProviderKind::as_str)),
                            status_text(p),
                            p.priority.to_string(),
                            secret_text(p),
                            opt(p.last_error.as_deref()),
                        ]
                    }),
                );
                println!("{} {}s · page {}", list.total, family.noun(), list.page);
            });
        }
        ProviderCommand::Show { provider } => {
            let p = providers::show_provider(ctx, family, provider).await?;
            out.show(&p, || print_provider(&p));
        }
        ProviderCommand::Add {
            name,
            kind,
            priority,
            disabled,
            settings,
            secret,
        } => {
            let kind = kind_for(family, kind)?;
            let mut base = Map::new();
            base.insert("kind".to_owned(), Value::from(kind.as_str()));
            let settings = build_settings(base, &settings)?;
            let secret = read_secret(secret, kind)?;
            let request = AddProviderRequest {
                name,
                enabled: disabled.then_some(false),
                priority,
                settings,
                secret,
            };
            let p = providers::add_provider(ctx, family, request).await?;
            out.show(&p, || {
                println!("Added {} {} ({})", family.noun(), p.name, p.id)
            });
        }
        ProviderCommand::Edit {
            provider,
            name,
            priority,
            settings,
            secret,
            clear_secret,
        } => {
            let current = providers::show_provider(ctx, family, provider.clone()).await?;
            let kind = current.kind.ok_or_else(|| {
                ApiError::validation("kind", "this version does not know the provider's kind")
                    .with_hint("Remove it, or use the version that added it.")
            })?;
            let new_settings = if settings_given(&settings) || current.settings.is_none() {
                Some(build_settings(current_settings(&current, kind), &settings)?)
            } else {
                None
            };
            let secret = if clear_secret {
                SecretUpdate::Clear
            } else {
                match read_secret(secret, kind)? {
                    Some(s) => SecretUpdate::Replace(s),
                    None => SecretUpdate::Keep,
                }
            };
            let request = EditProviderRequest {
                name,
                priority,
                settings: new_settings,
                secret,
            };
            let p = providers::edit_provider(ctx, family, provider, request).await?;
            out.show(&p, || {
                println!("Saved {} {} ({})", family.noun(), p.name, p.id)
            });
        }
        ProviderCommand::Test { provider } => {
            let report = providers::test_provider(ctx, family, provider).await?;
            out.show(&report, || {
                table(
                    &["Severity", "Field", "Problem", "What to do"],
                    report.issues.iter().map(|i| {
                        vec![
                            format!("{:?}", i.severity),
                            opt(i.field.as_deref()),
                            i.message.clone(),
                            opt(i.hint.as_deref()),
                        ]
                    }),
                );
            });
        }
        ProviderCommand::Remove { provider } => {
            let p = providers::remove_provider(ctx, family, provider).await?;
            out.show(&p, || {
                println!("Removed {} {} ({})", family.noun(), p.name, p.id)
            });
        }
        ProviderCommand::Enable { provider } => {
            let p = providers::enable_provider(ctx, family, provider).await?;
            out.show(&p, || println!("Enabled {} ({})", p.name, p.id));
        }
        ProviderCommand::Disable { provider } => {
            let p = providers::disable_provider(ctx, family, provider).await?;
            out.show(&p, || println!("Disabled {} ({})", p.name, p.id));
        }
    }
    Ok(())
}

fn kind_for(family: ProviderFamily, kind: Option<KindArg>) -> Result<ProviderKind, ApiError> {
    match (kind.map(provider_kind), family.kinds()) {
        // Checked before the settings, whose fields would otherwise be reported missing.
        (Some(k), _) if k.family() != family => Err(ApiError::validation(
            "kind",
            format!(
                "{} is {}, not {}",
                k.label(),
                k.family().one(),
                family.one()
            ),
        )),
        (Some(k), _) => Ok(k),
        (None, [only]) => Ok(*only),
        (None, kinds) => {
            let names: Vec<&str> = kinds.iter().map(|k| k.as_str()).collect();
            Err(ApiError::validation(
                "kind",
                format!("choose the kind with --kind: {}", names.join(", ")),
            ))
        }
    }
}

fn provider_kind(k: KindArg) -> ProviderKind {
    match k {
        KindArg::Torznab => ProviderKind::Torznab,
        KindArg::Newznab => ProviderKind::Newznab,
        KindArg::Mam => ProviderKind::MyAnonamouse,
        KindArg::Abb => ProviderKind::AudiobookBay,
        KindArg::Qbittorrent => ProviderKind::QBittorrent,
        KindArg::Transmission => ProviderKind::Transmission,
        KindArg::Deluge => ProviderKind::Deluge,
        KindArg::Sabnzbd => ProviderKind::Sabnzbd,
        KindArg::Nzbget => ProviderKind::Nzbget,
        KindArg::Audiobookshelf => ProviderKind::AudioBookShelf,
    }
}

/// The stored settings as JSON to edit; unreadable ones start again from the kind alone.
fn current_settings(current: &ProviderDto, kind: ProviderKind) -> Map<String, Value> {
    match current.settings.as_ref().map(serde_json::to_value) {
        Some(Ok(Value::Object(map))) => map,
        _ => {
            let mut map = Map::new();
            map.insert("kind".to_owned(), Value::from(kind.as_str()));
            map
        }
    }
}

fn settings_given(s: &SettingsArgs) -> bool {
    !patch(s).is_ok_and(|p| p.is_empty())
}

/// The flags given, under their settings field names.
fn patch(s: &SettingsArgs) -> Result<Map<String, Value>, ApiError> {
    let mut p = Map::new();
    let mut put = |key: &str, value: Option<Value>| {
        if let Some(v) = value {
            p.insert(key.to_owned(), v);
        }
    };
    put("url", s.url.clone().map(Value::from));
    put("username", s.username.clone().map(Value::from));
    put("categories", s.categories.clone().map(Value::from));
    put("minimumSeeders", s.minimum_seeders.map(Value::from));
    put("timeoutSecs", s.timeout_secs.map(Value::from));
    put("requestsPerMinute", s.requests_per_minute.map(Value::from));
    put("searchType", s.search_type.clone().map(Value::from));
    put("category", s.category.clone().map(Value::from));
    put("savePath", s.save_path.clone().map(Value::from));
    put("libraryId", s.library_id.clone().map(Value::from));
    if !s.params.is_empty() {
        let mut params = Map::new();
        for param in &s.params {
            let (name, value) = split_pair("param", param)?;
            params.insert(name.to_owned(), Value::from(value));
        }
        p.insert("extraParams".to_owned(), Value::Object(params));
    }
    if !s.path_mappings.is_empty() {
        let mut mappings = Vec::new();
        for mapping in &s.path_mappings {
            let (remote, local) = split_pair("pathMappings", mapping)?;
            mappings.push(serde_json::json!({ "remote": remote, "local": local }));
        }
        p.insert("pathMappings".to_owned(), Value::Array(mappings));
    }
    Ok(p)
}

fn split_pair<'a>(field: &str, text: &'a str) -> Result<(&'a str, &'a str), ApiError> {
    text.split_once('=').ok_or_else(|| {
        ApiError::validation(field, format!("{text:?} is not of the form NAME=VALUE"))
    })
}

/// Lays the flags over `base` and reads the result as settings of its kind. A flag the kind has
/// no field for is an error rather than silently dropped.
fn build_settings(
    mut base: Map<String, Value>,
    args: &SettingsArgs,
) -> Result<ProviderSettings, ApiError> {
    let patch = patch(args)?;
    let given: Vec<String> = patch.keys().cloned().collect();
    base.extend(patch);
    let settings = providers::settings_from_json(Value::Object(base))?;
    let label = settings.kind().label();
    if let Ok(Value::Object(result)) = serde_json::to_value(&settings)
        && let Some(unused) = given.iter().find(|k| !result.contains_key(k.as_str()))
    {
        return Err(ApiError::validation(
            unused,
            format!("{label} has no setting {unused}"),
        ));
    }
    Ok(settings)
}

/// The secret from whichever flag gave it, checked against the secret the kind takes.
fn read_secret(
    args: SecretArgs,
    kind: ProviderKind,
) -> Result<Option<Sensitive<String>>, ApiError> {
    let (given, value) = if let Some(v) = args.api_key {
        (Some(SecretField::ApiKey), v)
    } else if args.api_key_stdin {
        (Some(SecretField::ApiKey), stdin_line()?)
    } else if let Some(v) = args.password {
        (Some(SecretField::Password), v)
    } else if args.password_stdin {
        (Some(SecretField::Password), stdin_line()?)
    } else if let Some(v) = args.session_cookie {
        (Some(SecretField::SessionCookie), v)
    } else if args.session_cookie_stdin {
        (Some(SecretField::SessionCookie), stdin_line()?)
    } else if let Some(var) = args.secret_env {
        let value = std::env::var(&var).map_err(|_| {
            ApiError::validation(
                "secretEnv",
                format!("the environment variable {var} is not set"),
            )
        })?;
        (None, value)
    } else {
        return Ok(None);
    };
    let takes = kind.secret_field();
    match (given, takes) {
        (_, None) => Err(ApiError::validation(
            "secret",
            format!("{} takes no secret", kind.label()),
        )),
        (Some(g), Some(t)) if g != t => Err(ApiError::validation(
            g.field(),
            format!("{} takes {}, not {}", kind.label(), t.noun(), g.noun()),
        )),
        _ => Ok(Some(Sensitive::new(value))),
    }
}

/// One line from stdin without its line ending: `echo "$KEY" | … --api-key-stdin`.
fn stdin_line() -> Result<String, ApiError> {
    let mut line = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| ApiError::validation("secret", format!("cannot read stdin: {e}")))?;
    let line = line.trim_end_matches(['\n', '\r']).to_owned();
    if line.is_empty() {
        return Err(ApiError::validation("secret", "stdin held no secret"));
    }
    Ok(line)
}

fn status_text(p: &ProviderDto) -> String {
    use aural_api::dto::ProviderStatusDto as S;
    match p.status {
        S::Ready => "ready".to_owned(),
        S::Disabled => "disabled".to_owned(),
        S::BackedOff => format!("resting until {}", opt(p.disabled_until.as_deref())),
        S::NeedsAttention => "needs attention".to_owned(),
    }
}

fn secret_text(p: &ProviderDto) -> String {
    match (p.secret.field, p.secret.is_set) {
        (None, _) => "—".to_owned(),
        (Some(_), true) => "set".to_owned(),
        (Some(f), false) => format!("no {}", f.field()),
    }
}

fn print_provider(p: &ProviderDto) {
    println!("{} ({})", p.name, p.id);
    println!("  kind      {}", opt(p.kind.map(ProviderKind::as_str)));
    println!("  status    {}", status_text(p));
    println!("  priority  {}", p.priority);
    println!("  secret    {}", secret_text(p));
    println!("  failures  {}", p.failure_count);
    if let Some(e) = &p.last_error {
        println!("  last error {} ({})", e, opt(p.last_error_at.as_deref()));
    }
    if let Some(a) = &p.attention {
        println!("  attention {}", a.error);
        println!("  stored    {}", a.raw_settings);
    }
    if let Some(s) = &p.settings
        && let Ok(text) = serde_json::to_string_pretty(s)
    {
        println!("  settings  {text}");
    }
}
