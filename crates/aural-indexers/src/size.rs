//! Sizes as sites write them for people: "1.2 GiB", "345.6 MB", "1,024 KBs", "734003200". Units
//! are read as binary multiples, as MyAnonamouse and AudiobookBay mean them (and as Prowlarr's
//! `ParseUtil.GetBytes` reads them).

/// Bytes, or `None` for text that is not a size (no number, an unknown unit, an overflow).
pub fn parse(text: &str) -> Option<u64> {
    let text = text.trim();
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == ','))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let number: f64 = number.replace(',', "").parse().ok()?;
    let unit = unit.trim().to_ascii_lowercase();
    let unit = unit.strip_suffix('s').unwrap_or(&unit);
    let exponent = match unit {
        "" | "b" | "byte" => 0,
        "k" | "kb" | "kib" => 1,
        "m" | "mb" | "mib" => 2,
        "g" | "gb" | "gib" => 3,
        "t" | "tb" | "tib" => 4,
        _ => return None,
    };
    let bytes = number * 1024f64.powi(exponent);
    (bytes.is_finite() && bytes < u64::MAX as f64).then_some(bytes.round() as u64)
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn sizes_read_with_and_without_units() {
        for (input, want) in [
            ("734003200", Some(734_003_200)),
            ("1.5 GiB", Some(1_610_612_736)),
            ("345.6 MB", Some(362_387_866)),
            ("512 KBs", Some(524_288)),
            ("1.08 GBs", Some(1_159_641_170)),
            ("1,024 bytes", Some(1_024)),
            ("2 TiB", Some(2_199_023_255_552)),
            ("12 parsecs", None),
            ("", None),
            ("GB", None),
            ("99999999999999999999999 TB", None),
        ] {
            assert_eq!(parse(input), want, "input {input:?}");
        }
    }
}
