use aural_api::downloads;
use aural_api::dto::{DownloadDto, IndexerOutcomeDto, IndexerReportDto, SearchResultsDto};
use aural_api::search::{self, ReleaseSearch};
use aural_api::{ApiError, AppContext};
use serde::Serialize;

use crate::args::SearchCommand;
use crate::output::{Output, clean, say, table};

pub async fn run(ctx: &AppContext, cmd: SearchCommand, out: &Output) -> Result<(), ApiError> {
    let SearchCommand::Releases {
        book,
        query,
        grab,
        client,
    } = cmd;
    let what = match (book.clone(), query) {
        (Some(book), _) => ReleaseSearch::Book(book),
        (None, Some(query)) => ReleaseSearch::Text(query),
        (None, None) => {
            return Err(ApiError::validation("book", "say what to search for")
                .with_hint("Give --book ID|ASIN, or --query \"title author\"."));
        }
    };
    let human = !out.is_json();
    let results = search::releases(ctx, what, |report, _| {
        if human {
            say!("{}", report_line(&report));
        }
    })
    .await?;
    let grabbed = match grab {
        true => Some(grab_best(ctx, &results, book, client).await?),
        false => None,
    };
    let shown = Searched {
        results: &results,
        grabbed: grabbed.as_ref(),
    };
    out.show(&shown, || {
        table(
            &["Score", "Title", "Indexer", "Size", "Seeders", "Why"],
            results.releases.iter().map(|r| {
                let why = if r.score.is_rejected() {
                    r.score
                        .rejections
                        .iter()
                        .map(|x| x.reason.clone())
                        .collect::<Vec<_>>()
                        .join("; ")
                } else {
                    r.score
                        .components
                        .iter()
                        .filter(|c| c.points != 0)
                        .map(|c| format!("{:+} {}", c.points, c.reason))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                vec![
                    if r.score.is_rejected() {
                        "rejected".to_owned()
                    } else {
                        r.score.total.to_string()
                    },
                    clean(&r.title),
                    r.indexer_name.clone(),
                    r.size.map(size).unwrap_or_default(),
                    r.seeders.map(|s| s.to_string()).unwrap_or_default(),
                    why,
                ]
            }),
        );
        say!(
            "{} releases from {} indexers",
            results.releases.len(),
            results.indexers.len()
        );
        if let Some(sent) = &grabbed {
            say!(
                "Sent {} to the download client: {} (download {})",
                clean(&sent.name),
                sent.state,
                sent.id
            );
        }
    });
    Ok(())
}

/// The results, and with `--grab` the download the best of them became.
#[derive(Serialize)]
struct Searched<'a> {
    #[serde(flatten)]
    results: &'a SearchResultsDto,
    #[serde(skip_serializing_if = "Option::is_none")]
    grabbed: Option<&'a DownloadDto>,
}

async fn grab_best(
    ctx: &AppContext,
    results: &SearchResultsDto,
    book: Option<String>,
    client: Option<String>,
) -> Result<DownloadDto, ApiError> {
    let Some(best) = results.releases.iter().find(|r| !r.score.is_rejected()) else {
        return Err(
            ApiError::validation("grab", "no release found is good enough to grab")
                .with_hint("Look at why each was rejected, or search with other words."),
        );
    };
    downloads::grab_release(ctx, book, best.key.clone(), client).await
}

fn report_line(report: &IndexerReportDto) -> String {
    let what = match &report.outcome {
        IndexerOutcomeDto::Answered { found, millis } => format!("{found} found in {millis} ms"),
        IndexerOutcomeDto::Failed { error, .. } => format!("failed: {error}"),
        IndexerOutcomeDto::TimedOut { seconds } => format!("no answer within {seconds} s"),
        IndexerOutcomeDto::Skipped { reason } => format!("skipped: {reason}"),
    };
    format!("{}: {what}", clean(&report.name))
}

fn size(bytes: u64) -> String {
    const MB: f64 = 1_000_000.0;
    let mb = bytes as f64 / MB;
    if mb >= 1000.0 {
        format!("{:.1} GB", mb / 1000.0)
    } else {
        format!("{mb:.0} MB")
    }
}
