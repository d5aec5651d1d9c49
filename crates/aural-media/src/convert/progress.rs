//! ffmpeg's `-progress pipe:1` output: blocks of `key=value` lines, each closed by
//! `progress=continue`, the last by `progress=end` (SPEC §7.8).

use std::time::Duration;

/// Turns progress lines into the fraction of `total` written so far.
#[derive(Debug)]
pub(crate) struct ProgressReader {
    total: Duration,
    out_time: Duration,
}

impl ProgressReader {
    pub(crate) fn new(total: Duration) -> ProgressReader {
        ProgressReader {
            total,
            out_time: Duration::ZERO,
        }
    }

    /// The fraction done (0–1) when `line` closes a block, else `None`. A block's position is
    /// `out_time_us`; ffmpeg prints `N/A` for it before the first packet. Below 1 until the end,
    /// because the last packets can run past the expected total.
    pub(crate) fn line(&mut self, line: &str) -> Option<f64> {
        let (key, value) = line.trim().split_once('=')?;
        match key {
            "out_time_us" => {
                if let Ok(us) = value.trim().parse::<u64>() {
                    self.out_time = Duration::from_micros(us);
                }
                None
            }
            "progress" if value.trim() == "end" => Some(1.0),
            "progress" if self.total.is_zero() => Some(0.0),
            "progress" => Some((self.out_time.as_secs_f64() / self.total.as_secs_f64()).min(0.999)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::ProgressReader;

    #[test]
    fn blocks_report_out_time_over_total() {
        let mut reader = ProgressReader::new(Duration::from_secs(10));
        let mut seen = Vec::new();
        for line in [
            "out_time_us=N/A",
            "progress=continue",
            "bitrate=  34.6kbits/s",
            "out_time_us=2500000",
            "out_time_ms=2500000",
            "progress=continue",
            "out_time_us=11000000",
            "progress=continue",
            "garbage without equals",
            "progress=end",
        ] {
            seen.extend(reader.line(line));
        }
        assert_eq!(seen, [0.0, 0.25, 0.999, 1.0]);
    }
}
