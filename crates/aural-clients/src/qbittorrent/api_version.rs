//! Which qBittorrent Web API dialect a daemon speaks. 5.0 (Web API 2.11) renamed
//! `torrents/pause` and `torrents/resume` to `torrents/stop` and `torrents/start`; the old names
//! answer 404 on 5.x and the new ones 404 on 4.x.

/// The first Web API version of qBittorrent 5.0.
const STOP_START_SINCE: (u32, u32) = (2, 11);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    /// qBittorrent 4.x: `pause`/`resume`, add with `paused`.
    PauseResume,
    /// qBittorrent 5.x: `stop`/`start`, add with `stopped`.
    StopStart,
}

impl Dialect {
    /// From `app/webapiVersion` (`2.8.19` on 4.5.2, `2.11.x` on 5.0). An unreadable version is
    /// taken as 4.x, and a 404 on the chosen endpoint switches dialect anyway.
    pub(crate) fn from_webapi_version(text: &str) -> Dialect {
        let mut numbers = text
            .trim()
            .trim_start_matches('v')
            .split('.')
            .map(str::parse::<u32>);
        match (numbers.next(), numbers.next()) {
            (Some(Ok(major)), Some(Ok(minor))) if (major, minor) >= STOP_START_SINCE => {
                Dialect::StopStart
            }
            _ => Dialect::PauseResume,
        }
    }

    pub(crate) fn other(self) -> Dialect {
        match self {
            Dialect::PauseResume => Dialect::StopStart,
            Dialect::StopStart => Dialect::PauseResume,
        }
    }

    pub(crate) fn pause_endpoint(self) -> &'static str {
        match self {
            Dialect::PauseResume => "torrents/pause",
            Dialect::StopStart => "torrents/stop",
        }
    }

    pub(crate) fn resume_endpoint(self) -> &'static str {
        match self {
            Dialect::PauseResume => "torrents/resume",
            Dialect::StopStart => "torrents/start",
        }
    }

    /// The form field of `torrents/add` that adds without starting.
    pub(crate) fn add_paused_field(self) -> &'static str {
        match self {
            Dialect::PauseResume => "paused",
            Dialect::StopStart => "stopped",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn web_api_version_decides_the_dialect() {
        for (version, want) in [
            ("2.8.19", Dialect::PauseResume),
            ("2.8.3\n", Dialect::PauseResume),
            ("2.10.4", Dialect::PauseResume),
            ("2.11.0", Dialect::StopStart),
            ("2.11.2", Dialect::StopStart),
            ("2.12", Dialect::StopStart),
            ("3.0.0", Dialect::StopStart),
            ("v2.11.4", Dialect::StopStart),
            ("", Dialect::PauseResume),
            ("<html>", Dialect::PauseResume),
        ] {
            assert_eq!(
                Dialect::from_webapi_version(version),
                want,
                "version {version:?}"
            );
        }
    }

    #[test]
    fn each_dialect_names_its_own_endpoints() {
        assert_eq!(Dialect::PauseResume.pause_endpoint(), "torrents/pause");
        assert_eq!(Dialect::StopStart.pause_endpoint(), "torrents/stop");
        assert_eq!(Dialect::PauseResume.resume_endpoint(), "torrents/resume");
        assert_eq!(Dialect::StopStart.resume_endpoint(), "torrents/start");
        assert_eq!(Dialect::StopStart.add_paused_field(), "stopped");
        assert_eq!(Dialect::PauseResume.other(), Dialect::StopStart);
    }
}
