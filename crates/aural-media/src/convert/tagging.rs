//! Tags, cover and chapters of a written M4B, with mp4ameta (SPEC §7.6 "After placement").
//!
//! The ASIN goes into the freeform `----:com.apple.iTunes:ASIN` atom that AudioBookShelf reads
//! (it ignores `CDEK`); series and position into `SERIES`/`SERIES-PART` atoms, the form the tag
//! reader of this crate and AudioBookShelf both know. Chapters are written twice, as a chapter
//! list (`chpl`, read by most players) and as a QuickTime chapter track (read by Apple's).

use std::path::{Path, PathBuf};

use aural_core::Asin;
use mp4ameta::{Data, FreeformIdent, Img, ImgFmt, MediaType, Tag};

use crate::MediaError;
use crate::probe::Chapter;

/// What is written into the M4B's tags; empty fields are left out.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct BookMetadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub narrators: Vec<String>,
    pub series: Option<String>,
    /// As shown, e.g. `3` or `1.5`.
    pub series_position: Option<String>,
    pub year: Option<i32>,
    pub description: Option<String>,
    pub asin: Option<Asin>,
    pub cover: Option<Cover>,
}

/// A cover image to embed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cover {
    /// A JPEG or PNG file, e.g. the book's `cover.jpg`.
    File(PathBuf),
    /// JPEG or PNG bytes, e.g. a cached catalog image.
    Bytes(Vec<u8>),
}

const ITUNES: &str = "com.apple.iTunes";

/// Writes `meta`, and `chapters` when given, into the MP4 at `path` (in place: it is our
/// temporary file). Without `chapters` the file's own are left as they are.
pub(crate) fn write_tags(
    path: &Path,
    meta: &BookMetadata,
    chapters: Option<&[Chapter]>,
) -> Result<(), MediaError> {
    let tag_error = |source| MediaError::TagWrite {
        path: path.to_owned(),
        source,
    };
    let mut tag = Tag::read_from_path(path).map_err(tag_error)?;
    tag.set_media_type(MediaType::AudioBook);
    if let Some(title) = &meta.title {
        tag.set_title(title.clone());
        tag.set_album(title.clone());
    }
    if !meta.authors.is_empty() {
        tag.set_artist(meta.authors.join(", "));
        tag.set_album_artist(meta.authors.join(", "));
    }
    if !meta.narrators.is_empty() {
        tag.set_composer(meta.narrators.join(", "));
        tag.set_data(
            mp4ameta::Fourcc(*b"\xa9nrt"),
            Data::Utf8(meta.narrators.join(", ")),
        );
    }
    let freeform = |tag: &mut Tag, name: &'static str, value: &str| {
        tag.set_data(
            FreeformIdent::new_static(ITUNES, name),
            Data::Utf8(value.to_owned()),
        );
    };
    if let Some(series) = &meta.series {
        freeform(&mut tag, "SERIES", series);
        tag.set_movement(series.clone());
        if let Some(position) = &meta.series_position {
            freeform(&mut tag, "SERIES-PART", position);
            if let Ok(index) = position.trim().parse::<u16>() {
                tag.set_movement_index(index);
            }
        }
    }
    if let Some(year) = meta.year {
        tag.set_year(year.to_string());
    }
    if let Some(description) = &meta.description {
        tag.set_description(description.clone());
    }
    if let Some(asin) = &meta.asin {
        freeform(&mut tag, "ASIN", asin.as_str());
    }
    if let Some(cover) = &meta.cover {
        let bytes = match cover {
            Cover::File(file) => std::fs::read(file).map_err(|e| MediaError::io(file, e))?,
            Cover::Bytes(bytes) => bytes.clone(),
        };
        let format = image_format(&bytes).ok_or_else(|| MediaError::CoverFormat {
            path: match cover {
                Cover::File(file) => file.clone(),
                Cover::Bytes(_) => path.to_owned(),
            },
        })?;
        tag.set_artwork(Img::new(format, bytes));
    }
    if let Some(chapters) = chapters {
        let marks: Vec<mp4ameta::Chapter> = chapters
            .iter()
            .map(|c| mp4ameta::Chapter::new(c.start, c.title.clone().unwrap_or_default()))
            .collect();
        *tag.chapter_list_mut() = marks.clone();
        *tag.chapter_track_mut() = marks;
    }
    tag.write_to_path(path).map_err(tag_error)
}

fn image_format(bytes: &[u8]) -> Option<ImgFmt> {
    if bytes.starts_with(b"\xFF\xD8\xFF") {
        Some(ImgFmt::Jpeg)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(ImgFmt::Png)
    } else {
        None
    }
}
