//! Ready-made naming layouts (SPEC §7.5).

/// Ready-made layouts offered in Settings › Library.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum NamingPreset {
    /// `Author/Series/1 - Title/Title - Part 01.mp3`, the layout AudioBookShelf scans.
    #[default]
    AudioBookShelf,
    Flat,
    LibationLike,
}

impl NamingPreset {
    /// (folder template, file template).
    pub fn templates(self) -> (&'static str, &'static str) {
        match self {
            NamingPreset::AudioBookShelf => (
                "{author}/[{series}/][{series_position} - ]{title}",
                "{title}[ - Part {part:02}]",
            ),
            NamingPreset::Flat => (
                "{author} - {title}",
                "{author} - {title}[ - Part {part:02}]",
            ),
            NamingPreset::LibationLike => (
                "{author}/{title}[ \\[{asin}\\]]",
                "{title}[ \\[{asin}\\]][ - Part {part:02}]",
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::NamingPreset;
    use crate::naming::NamingTemplate;

    #[test]
    fn every_preset_parses() {
        for preset in [
            NamingPreset::AudioBookShelf,
            NamingPreset::Flat,
            NamingPreset::LibationLike,
        ] {
            let (folder, file) = preset.templates();
            assert!(
                folder.parse::<NamingTemplate>().is_ok(),
                "{preset:?} folder"
            );
            assert!(file.parse::<NamingTemplate>().is_ok(), "{preset:?} file");
        }
    }
}
