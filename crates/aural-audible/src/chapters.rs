//! `GET /1.0/content/<asin>/metadata` with `chapter_info`: Audible's chapter list, which may
//! nest (parts holding chapters) when asked for as a tree. Sent unsigned.

use aural_core::Asin;
use serde::Deserialize;

use crate::lenient;

/// `Tree` keeps parts and their chapters; a caller that wants one level uses [`ChapterInfo::flat`].
pub fn metadata_path(asin: &Asin) -> String {
    format!(
        "/1.0/content/{}/metadata?response_groups=chapter_info&chapter_titles_type=Tree",
        asin.as_str()
    )
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Chapter {
    #[serde(default, deserialize_with = "lenient::text")]
    pub title: Option<String>,
    pub start_offset_ms: i64,
    pub length_ms: i64,
    #[serde(default, deserialize_with = "lenient::list")]
    pub chapters: Vec<Chapter>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct ChapterInfo {
    #[serde(
        rename = "brandIntroDurationMs",
        default,
        deserialize_with = "lenient::integer"
    )]
    pub brand_intro_duration_ms: Option<i64>,
    #[serde(
        rename = "brandOutroDurationMs",
        default,
        deserialize_with = "lenient::integer"
    )]
    pub brand_outro_duration_ms: Option<i64>,
    /// Whether the offsets match the audio file; only then may they replace the file's markers.
    #[serde(default, deserialize_with = "lenient::flag")]
    pub is_accurate: Option<bool>,
    #[serde(default, deserialize_with = "lenient::integer")]
    pub runtime_length_ms: Option<i64>,
    #[serde(default, deserialize_with = "lenient::list")]
    pub chapters: Vec<Chapter>,
}

impl ChapterInfo {
    /// Every chapter in play order, a part's own entry before its chapters.
    pub fn flat(&self) -> Vec<&Chapter> {
        fn walk<'a>(chapters: &'a [Chapter], out: &mut Vec<&'a Chapter>) {
            for chapter in chapters {
                out.push(chapter);
                walk(&chapter.chapters, out);
            }
        }
        let mut out = Vec::new();
        walk(&self.chapters, &mut out);
        out
    }
}

#[derive(Deserialize)]
struct Body {
    content_metadata: ContentMetadata,
}

#[derive(Deserialize)]
struct ContentMetadata {
    chapter_info: ChapterInfo,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the content metadata answer has no chapter_info")]
pub struct NoChapterInfo;

pub fn parse_chapter_info(body: &[u8]) -> Result<ChapterInfo, NoChapterInfo> {
    serde_json::from_slice::<Body>(body)
        .map(|b| b.content_metadata.chapter_info)
        .map_err(|_| NoChapterInfo)
}
