//! The words of release names that are not title or author: formats, bitrates, abridgement,
//! languages and flags. Short or common words ("it", "opus", "french") count only where they
//! cannot be part of a title: inside brackets, or written in capitals.

use serde::{Deserialize, Serialize};

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum AudioFormat {
    M4b,
    M4a,
    Aac,
    Mp3,
    Flac,
    Opus,
    Ogg,
}

impl AudioFormat {
    pub fn label(self) -> &'static str {
        match self {
            AudioFormat::M4b => "M4B",
            AudioFormat::M4a => "M4A",
            AudioFormat::Aac => "AAC",
            AudioFormat::Mp3 => "MP3",
            AudioFormat::Flac => "FLAC",
            AudioFormat::Opus => "OPUS",
            AudioFormat::Ogg => "OGG",
        }
    }

    /// The AAC family (M4B, M4A, AAC) reaches a given quality at about half MP3's bitrate.
    pub fn is_aac(self) -> bool {
        matches!(self, AudioFormat::M4b | AudioFormat::M4a | AudioFormat::Aac)
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", tag = "kind", content = "kbps")]
pub enum Bitrate {
    Kbps(u32),
    /// `VBR`: variable, no single number.
    Variable,
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Abridgement {
    Abridged,
    Unabridged,
}

/// A language as its ISO 639-1 code; in JSON the code as a string.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Language(pub &'static str);

impl Serialize for Language {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0)
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Language, D::Error> {
        let text = String::deserialize(deserializer)?;
        Language::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown language {text:?}")))
    }
}

impl Language {
    /// A language from its name or code in any case ("English", "eng", "en", "Deutsch").
    pub fn parse(text: &str) -> Option<Language> {
        match language(&text.trim().to_lowercase()) {
            Some(Word::Language(l)) => Some(l),
            _ => None,
        }
    }
}

#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ReleaseFlag {
    Dramatized,
    FullCast,
    Retail,
    GraphicAudio,
    Sample,
    Ebook,
    Epub,
    Pdf,
}

impl ReleaseFlag {
    pub fn label(self) -> &'static str {
        match self {
            ReleaseFlag::Dramatized => "Dramatized",
            ReleaseFlag::FullCast => "Full Cast",
            ReleaseFlag::Retail => "RETAIL",
            ReleaseFlag::GraphicAudio => "Graphic Audio",
            ReleaseFlag::Sample => "Sample",
            ReleaseFlag::Ebook => "Ebook",
            ReleaseFlag::Epub => "EPUB",
            ReleaseFlag::Pdf => "PDF",
        }
    }

    /// Not an audiobook, or not all of one.
    pub fn is_not_audio(self) -> bool {
        matches!(
            self,
            ReleaseFlag::Sample | ReleaseFlag::Ebook | ReleaseFlag::Epub | ReleaseFlag::Pdf
        )
    }
}

/// What one word (or two, for "full cast", "128 kbps") of a name means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Word {
    Format(AudioFormat),
    Bitrate(Bitrate),
    Abridgement(Abridgement),
    Language(Language),
    Flag(ReleaseFlag),
    /// Words that say nothing about the book ("audiobook", "web").
    Noise,
}

/// Where a word stands: inside brackets (or a scene name's dash-separated field) any spelling
/// counts; in running text the ambiguous words count only in capitals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    Tag,
    Text,
}

/// Longer words are none of the vocabulary ("dramatisation" is the longest, with room to spare).
const MAX_WORD_BYTES: usize = 24;

/// ISO code, then the names and codes that stand for it, in lower case.
const LANGUAGES: &[(&str, &[&str])] = &[
    ("en", &["english", "eng", "en"]),
    ("de", &["german", "deutsch", "ger", "deu", "de"]),
    (
        "fr",
        &["french", "français", "francais", "fre", "fra", "fr"],
    ),
    ("es", &["spanish", "español", "espanol", "spa", "esp", "es"]),
    ("it", &["italian", "italiano", "ita", "it"]),
    ("nl", &["dutch", "nederlands", "nld", "dut", "nl"]),
    ("pl", &["polish", "polski", "pol", "pl"]),
    ("ru", &["russian", "rus", "ru"]),
    ("pt", &["portuguese", "português", "por", "pt"]),
    ("sv", &["swedish", "svenska", "swe", "sv"]),
    ("ja", &["japanese", "jpn", "ja"]),
    ("zh", &["chinese", "chi", "zho", "zh"]),
];

/// The meaning of `word` (already stripped of surrounding punctuation) at `place`.
pub(crate) fn word(word: &str, place: Place) -> Option<Word> {
    if word.is_empty() || word.len() > MAX_WORD_BYTES {
        return None;
    }
    // Every name has a dozen words, so ASCII ones are lower-cased on the stack.
    let mut buf = [0u8; MAX_WORD_BYTES];
    let owned;
    let lower: &str = if word.is_ascii() {
        let bytes = &mut buf[..word.len()];
        bytes.copy_from_slice(word.as_bytes());
        bytes.make_ascii_lowercase();
        std::str::from_utf8(bytes).expect("ASCII stays UTF-8")
    } else {
        owned = word.to_lowercase();
        &owned
    };
    // Asked only of the few words that need it.
    let loose = || place == Place::Tag || shouting(word);
    let found = match lower {
        "m4b" => Word::Format(AudioFormat::M4b),
        "m4a" => Word::Format(AudioFormat::M4a),
        "mp3" => Word::Format(AudioFormat::Mp3),
        "flac" => Word::Format(AudioFormat::Flac),
        "aac" | "aac-lc" | "he-aac" if loose() => Word::Format(AudioFormat::Aac),
        "opus" if loose() => Word::Format(AudioFormat::Opus),
        "ogg" | "vorbis" if loose() => Word::Format(AudioFormat::Ogg),
        "vbr" => Word::Bitrate(Bitrate::Variable),
        "cbr" => Word::Noise,
        "unabridged" | "ungekürzt" | "ungekuerzt" | "integral" | "intégral" => {
            Word::Abridgement(Abridgement::Unabridged)
        }
        "abridged" | "gekürzt" | "gekuerzt" => Word::Abridgement(Abridgement::Abridged),
        "dramatized" | "dramatised" | "dramatization" | "dramatisation" => {
            Word::Flag(ReleaseFlag::Dramatized)
        }
        "fullcast" => Word::Flag(ReleaseFlag::FullCast),
        "retail" => Word::Flag(ReleaseFlag::Retail),
        "graphicaudio" => Word::Flag(ReleaseFlag::GraphicAudio),
        "sample" if loose() => Word::Flag(ReleaseFlag::Sample),
        "ebook" | "e-book" | "mobi" | "azw3" => Word::Flag(ReleaseFlag::Ebook),
        "epub" => Word::Flag(ReleaseFlag::Epub),
        "pdf" => Word::Flag(ReleaseFlag::Pdf),
        "audiobook" | "audiobooks" | "audio" | "hörbuch" | "horbuch" if loose() => Word::Noise,
        "audiobook" | "audiobooks" | "hörbuch" => Word::Noise,
        "web" | "webrip" | "cd" | "cdrip" | "x264" if loose() => Word::Noise,
        _ => {
            return bitrate(lower)
                .map(Word::Bitrate)
                // Codes and names are words of titles too ("It", "The French Lieutenant's
                // Woman").
                .or_else(|| loose().then(|| language(lower)).flatten());
        }
    };
    Some(found)
}

/// Written in capitals: some letters, none of them lower case.
fn shouting(word: &str) -> bool {
    if word.is_ascii() {
        word.bytes().any(|b| b.is_ascii_alphabetic())
            && !word.bytes().any(|b| b.is_ascii_lowercase())
    } else {
        word.chars().any(char::is_alphabetic) && word.chars().all(|c| !c.is_lowercase())
    }
}

/// Two words read together: "full cast", "graphic audio", "128 kbps".
pub(crate) fn pair(first: &str, second: &str) -> Option<Word> {
    let numeric = !first.is_empty() && first.bytes().all(|b| b.is_ascii_digit());
    if !(numeric || first.eq_ignore_ascii_case("full") || first.eq_ignore_ascii_case("graphic")) {
        return None;
    }
    let (a, b) = (first.to_lowercase(), second.to_lowercase());
    match (a.as_str(), b.as_str()) {
        ("full", "cast") => Some(Word::Flag(ReleaseFlag::FullCast)),
        ("graphic", "audio") => Some(Word::Flag(ReleaseFlag::GraphicAudio)),
        (n, unit) if is_kbps_unit(unit) => kbps(n).map(|k| Word::Bitrate(Bitrate::Kbps(k))),
        _ => None,
    }
}

fn is_kbps_unit(unit: &str) -> bool {
    matches!(unit, "kbps" | "kbit" | "kbit/s" | "kb/s" | "kbs" | "k")
}

/// `64kbps`, `@128kbps`, `320k`, `64kbit/s`.
fn bitrate(lower: &str) -> Option<Bitrate> {
    let text = lower.trim_start_matches('@');
    let digits = text.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    let (number, unit) = text.split_at(digits);
    is_kbps_unit(unit)
        .then(|| kbps(number))
        .flatten()
        .map(Bitrate::Kbps)
}

/// Bitrates an audiobook can have, 8 kbps to CD's 1411.
fn kbps(number: &str) -> Option<u32> {
    number.parse().ok().filter(|k| (8..=1411).contains(k))
}

fn language(lower: &str) -> Option<Word> {
    LANGUAGES
        .iter()
        .find(|(_, names)| names.contains(&lower))
        .map(|(code, _)| Word::Language(Language(code)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_mean_what_they_say_where_they_stand() {
        for (input, place, want) in [
            ("M4B", Place::Text, Some(Word::Format(AudioFormat::M4b))),
            ("mp3", Place::Text, Some(Word::Format(AudioFormat::Mp3))),
            ("Opus", Place::Text, None),
            ("OPUS", Place::Text, Some(Word::Format(AudioFormat::Opus))),
            ("opus", Place::Tag, Some(Word::Format(AudioFormat::Opus))),
            (
                "64kbps",
                Place::Text,
                Some(Word::Bitrate(Bitrate::Kbps(64))),
            ),
            (
                "@128kbps",
                Place::Text,
                Some(Word::Bitrate(Bitrate::Kbps(128))),
            ),
            ("320k", Place::Text, Some(Word::Bitrate(Bitrate::Kbps(320)))),
            ("5k", Place::Text, None),
            ("99999kbps", Place::Text, None),
            ("VBR", Place::Text, Some(Word::Bitrate(Bitrate::Variable))),
            (
                "Unabridged",
                Place::Text,
                Some(Word::Abridgement(Abridgement::Unabridged)),
            ),
            (
                "ungekürzt",
                Place::Text,
                Some(Word::Abridgement(Abridgement::Unabridged)),
            ),
            ("it", Place::Text, None),
            ("IT", Place::Text, Some(Word::Language(Language("it")))),
            ("it", Place::Tag, Some(Word::Language(Language("it")))),
            ("ENG", Place::Text, Some(Word::Language(Language("en")))),
            ("French", Place::Text, None),
            ("GERMAN", Place::Text, Some(Word::Language(Language("de")))),
            (
                "Dramatised",
                Place::Text,
                Some(Word::Flag(ReleaseFlag::Dramatized)),
            ),
            ("RETAIL", Place::Text, Some(Word::Flag(ReleaseFlag::Retail))),
            ("Sample", Place::Text, None),
            ("SAMPLE", Place::Text, Some(Word::Flag(ReleaseFlag::Sample))),
            ("epub", Place::Text, Some(Word::Flag(ReleaseFlag::Epub))),
            ("Kings", Place::Text, None),
            ("", Place::Tag, None),
        ] {
            assert_eq!(word(input, place), want, "{input:?} at {place:?}");
        }
        assert_eq!(
            pair("Full", "Cast"),
            Some(Word::Flag(ReleaseFlag::FullCast))
        );
        assert_eq!(pair("128", "kbps"), Some(Word::Bitrate(Bitrate::Kbps(128))));
        assert_eq!(pair("Full", "Moon"), None);
    }
}
