//! The values a naming template can name.

/// A value a template can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Token {
    Author,
    Authors,
    Narrator,
    Narrators,
    Title,
    Subtitle,
    Series,
    SeriesPosition,
    Year,
    Asin,
    Language,
    Publisher,
    Part,
    Parts,
    Chapter,
    Ext,
}

impl Token {
    const ALL: [(&'static str, Token); 16] = [
        ("author", Token::Author),
        ("authors", Token::Authors),
        ("narrator", Token::Narrator),
        ("narrators", Token::Narrators),
        ("title", Token::Title),
        ("subtitle", Token::Subtitle),
        ("series", Token::Series),
        ("series_position", Token::SeriesPosition),
        ("year", Token::Year),
        ("asin", Token::Asin),
        ("language", Token::Language),
        ("publisher", Token::Publisher),
        ("part", Token::Part),
        ("parts", Token::Parts),
        ("chapter", Token::Chapter),
        ("ext", Token::Ext),
    ];

    pub(super) fn from_name(name: &str) -> Option<Token> {
        Token::ALL.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
    }
}

/// The book's values a template is filled with; empty strings and `None` count as missing.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct NameFields {
    pub authors: Vec<String>,
    pub narrators: Vec<String>,
    pub title: String,
    pub subtitle: Option<String>,
    pub series: Option<String>,
    /// Raw position text ("3", "1.5", "1-3").
    pub series_position: Option<String>,
    pub year: Option<i32>,
    pub asin: Option<String>,
    pub language: Option<String>,
    pub publisher: Option<String>,
    /// 1-based number of the file in a multi-file book.
    pub part: Option<u32>,
    pub parts: Option<u32>,
    pub chapter: Option<u32>,
    /// File extension without the dot.
    pub ext: Option<String>,
}

impl NameFields {
    pub(super) fn value(&self, token: Token) -> String {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let num = |v: Option<u32>| v.map(|n| n.to_string()).unwrap_or_default();
        match token {
            Token::Author => self.authors.first().cloned().unwrap_or_default(),
            Token::Authors => self.authors.join(", "),
            Token::Narrator => self.narrators.first().cloned().unwrap_or_default(),
            Token::Narrators => self.narrators.join(", "),
            Token::Title => self.title.clone(),
            Token::Subtitle => opt(&self.subtitle),
            Token::Series => opt(&self.series),
            Token::SeriesPosition => opt(&self.series_position),
            Token::Year => self.year.map(|y| y.to_string()).unwrap_or_default(),
            Token::Asin => opt(&self.asin),
            Token::Language => opt(&self.language),
            Token::Publisher => opt(&self.publisher),
            Token::Part => num(self.part),
            Token::Parts => num(self.parts),
            Token::Chapter => num(self.chapter),
            Token::Ext => opt(&self.ext),
        }
    }
}
