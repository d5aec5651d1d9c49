//! Release dates as sources write them: a full day, or only a year.

use serde::{Deserialize, Serialize};

/// A release date: a full day, or only a year when that is all a source knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum ReleaseDate {
    Day { year: i32, month: u8, day: u8 },
    Year(i32),
}

impl ReleaseDate {
    /// Accepts `YYYY-MM-DD`, `YYYY-MM-DDThh:mm…`, `YYYY-MM-DD hh:mm…`, `M/D/YYYY`, `D.M.YYYY` and `YYYY`.
    /// Slashes are read month first (US, as Libation writes en-US dates), dots day first (European).
    pub fn parse(text: &str) -> Option<ReleaseDate> {
        let t = text.trim();
        if t.is_empty() {
            return None;
        }
        if t.len() == 4 {
            return t
                .parse()
                .ok()
                .filter(|y| (1000..=9999).contains(y))
                .map(ReleaseDate::Year);
        }
        let date_part = t.split(['T', ' ']).next().unwrap_or(t);
        let nums: Vec<&str> = date_part.split(['-', '/', '.']).collect();
        let [a, b, c] = nums.as_slice() else {
            return None;
        };
        let (y, m, d) = if a.len() == 4 {
            (*a, *b, *c)
        } else if date_part.contains('.') {
            (*c, *b, *a)
        } else {
            (*c, *a, *b)
        };
        let (year, month, day) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        ReleaseDate::day(year, month, day)
    }

    /// A day that exists in the Gregorian calendar: no 30 February, 29 February in leap years only.
    pub fn day(year: i32, month: u8, day: u8) -> Option<ReleaseDate> {
        let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
        let days_in_month = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return None,
        };
        let valid = (1000..=9999).contains(&year) && (1..=days_in_month).contains(&day);
        valid.then_some(ReleaseDate::Day { year, month, day })
    }

    /// `YYYY-MM-DD` or `YYYY`: the stored form, which also sorts correctly as text.
    pub fn to_iso(self) -> String {
        match self {
            ReleaseDate::Day { year, month, day } => format!("{year:04}-{month:02}-{day:02}"),
            ReleaseDate::Year(year) => format!("{year:04}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ReleaseDate;

    #[test]
    fn release_dates_parse_common_forms() {
        for (input, want) in [
            ("2017-03-14", Some("2017-03-14")),
            ("2017-03-14T00:00:00Z", Some("2017-03-14")),
            ("2017-03-14 00:00:00", Some("2017-03-14")),
            ("3/14/2017", Some("2017-03-14")),
            ("8/31/2010 12:00:00 AM", Some("2010-08-31")),
            ("14.03.2017 00:00:00", Some("2017-03-14")),
            ("2017", Some("2017")),
            ("2017-13-01", None),
            ("2023-02-30", None),
            ("2023-02-29", None),
            ("2024-02-29", Some("2024-02-29")),
            ("1900-02-29", None),
            ("2000-02-29", Some("2000-02-29")),
            ("2023-04-31", None),
            ("2023-12-31", Some("2023-12-31")),
            ("2/30/2023", None),
            ("soon", None),
            ("", None),
        ] {
            assert_eq!(
                ReleaseDate::parse(input)
                    .map(ReleaseDate::to_iso)
                    .as_deref(),
                want,
                "input {input:?}"
            );
        }
    }
}
