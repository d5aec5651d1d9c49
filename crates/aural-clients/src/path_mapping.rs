//! The same folder seen from the client and from this machine (SPEC §6.9): a client in a
//! container or on a NAS reports `/downloads/Book`, and we read `/mnt/nas/downloads/Book`.
//! Pairs are matched on whole path components, the longest remote prefix wins, and a Windows
//! remote (`D:\Torrents`) is matched backslash-aware and without regard to case.

use std::path::{Component, Path, PathBuf};

use aural_core::provider::PathMapping;

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PathMap {
    rules: Vec<Rule>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Rule {
    remote: RemotePath,
    local: PathBuf,
}

/// A client-side path split into components; the first is the root (`/`, `D:` or `\\server`)
/// when the path is absolute.
#[derive(Debug, Clone, PartialEq, Eq)]
struct RemotePath {
    parts: Vec<String>,
    windows: bool,
}

impl RemotePath {
    fn parse(text: &str) -> RemotePath {
        let bytes = text.as_bytes();
        let windows = text.contains('\\')
            || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':');
        let mut parts: Vec<String> = Vec::new();
        let mut root = 0;
        if text.starts_with("\\\\") {
            root = 1;
            parts.push("\\\\".to_owned());
        } else if text.starts_with('/') {
            root = 1;
            parts.push("/".to_owned());
        }
        let pieces = text.split(|c| c == '/' || (windows && c == '\\'));
        for piece in pieces {
            match piece {
                "" | "." => {}
                // Lexically, so a reported `../..` cannot climb above the mapped folder.
                ".." => {
                    if parts.len() > root {
                        parts.pop();
                    }
                }
                _ => {
                    if parts.is_empty() && windows && piece.ends_with(':') {
                        root = 1;
                    }
                    parts.push(piece.to_owned());
                }
            }
        }
        RemotePath { parts, windows }
    }

    /// How many of `path`'s leading components are this path, if all of it is.
    fn prefix_of(&self, path: &RemotePath) -> Option<usize> {
        let same = |a: &String, b: &String| {
            if self.windows || path.windows {
                a.eq_ignore_ascii_case(b)
            } else {
                a == b
            }
        };
        let matches = self.parts.len() <= path.parts.len()
            && self.parts.iter().zip(&path.parts).all(|(a, b)| same(a, b));
        matches.then_some(self.parts.len())
    }

    fn separator(&self) -> char {
        if self.windows { '\\' } else { '/' }
    }

    fn join(&self, rest: &[String]) -> String {
        let sep = self.separator();
        let mut out = String::new();
        for (i, part) in self.parts.iter().chain(rest).enumerate() {
            let after_root = i == 1 && self.parts.first().is_some_and(|p| p == "/" || p == "\\\\");
            if i > 0 && !after_root {
                out.push(sep);
            }
            out.push_str(part);
        }
        if out.ends_with(':') {
            out.push(sep);
        }
        out
    }
}

impl PathMap {
    pub fn new(mappings: &[PathMapping]) -> PathMap {
        PathMap {
            rules: mappings
                .iter()
                .filter(|m| !m.remote.trim().is_empty() && !m.local.trim().is_empty())
                .map(|m| Rule {
                    remote: RemotePath::parse(m.remote.trim()),
                    local: PathBuf::from(m.local.trim()),
                })
                .collect(),
        }
    }

    /// Where a path the client reports is found here; unchanged when no pair matches.
    pub fn to_local(&self, remote: &str) -> PathBuf {
        let path = RemotePath::parse(remote);
        let best = self
            .rules
            .iter()
            .filter_map(|rule| rule.remote.prefix_of(&path).map(|n| (n, rule)))
            .max_by_key(|(n, _)| *n);
        match best {
            Some((n, rule)) => path.parts[n..]
                .iter()
                .fold(rule.local.clone(), |acc, part| acc.join(part)),
            // Lexically cleaned, so `..` in what a client reports never reaches the disk.
            None if !path.windows && !path.parts.is_empty() => path
                .parts
                .iter()
                .fold(PathBuf::new(), |acc, part| acc.join(part)),
            None => PathBuf::from(remote),
        }
    }

    /// The client's name for a folder of ours, for a save path sent with an add.
    pub fn to_remote(&self, local: &Path) -> String {
        let best = self
            .rules
            .iter()
            .filter_map(|rule| {
                let rest = local.strip_prefix(&rule.local).ok()?;
                Some((rule.local.components().count(), rule, rest))
            })
            .max_by_key(|(n, _, _)| *n);
        match best {
            Some((_, rule, rest)) => {
                let rest: Vec<String> = rest
                    .components()
                    .filter_map(|c| match c {
                        Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                        _ => None,
                    })
                    .collect();
                rule.remote.join(&rest)
            }
            None => local.to_string_lossy().into_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> PathMap {
        PathMap::new(
            &pairs
                .iter()
                .map(|(remote, local)| PathMapping {
                    remote: (*remote).to_owned(),
                    local: (*local).to_owned(),
                })
                .collect::<Vec<_>>(),
        )
    }

    #[test]
    fn client_paths_map_to_local_paths() {
        let m = map(&[
            ("/downloads", "/mnt/nas/downloads"),
            ("/downloads/audiobooks", "/srv/books-in"),
            ("D:\\Torrents", "/mnt/d/Torrents"),
            ("\\\\nas\\share", "/mnt/share"),
        ]);
        for (remote, want) in [
            ("/downloads", "/mnt/nas/downloads"),
            ("/downloads/", "/mnt/nas/downloads"),
            ("/downloads/Book One", "/mnt/nas/downloads/Book One"),
            ("/downloads/audiobooks/Book", "/srv/books-in/Book"),
            ("/downloads//./Book", "/mnt/nas/downloads/Book"),
            ("/downloads-old/Book", "/downloads-old/Book"),
            ("/data/Book", "/data/Book"),
            ("D:\\Torrents\\Book\\01.mp3", "/mnt/d/Torrents/Book/01.mp3"),
            ("d:/torrents/Book", "/mnt/d/Torrents/Book"),
            ("\\\\NAS\\Share\\Book", "/mnt/share/Book"),
            ("/downloads/../../etc/passwd", "/etc/passwd"),
            (
                "/downloads/Book/../../downloads/Other",
                "/mnt/nas/downloads/Other",
            ),
        ] {
            assert_eq!(m.to_local(remote), PathBuf::from(want), "remote {remote:?}");
        }
    }

    #[test]
    fn unix_remotes_are_case_sensitive() {
        let m = map(&[("/Downloads", "/mnt/dl")]);
        assert_eq!(m.to_local("/downloads/x"), PathBuf::from("/downloads/x"));
        assert_eq!(m.to_local("/Downloads/x"), PathBuf::from("/mnt/dl/x"));
    }

    #[test]
    fn local_paths_map_back_to_the_clients_form() {
        let m = map(&[
            ("/downloads", "/mnt/nas/downloads"),
            ("D:\\Torrents", "/mnt/d/Torrents"),
            ("/", "/srv/root-of-client"),
        ]);
        for (local, want) in [
            ("/mnt/nas/downloads", "/downloads"),
            ("/mnt/nas/downloads/audiobooks", "/downloads/audiobooks"),
            ("/mnt/d/Torrents/Book", "D:\\Torrents\\Book"),
            ("/srv/root-of-client/x", "/x"),
            ("/elsewhere/x", "/elsewhere/x"),
        ] {
            assert_eq!(m.to_remote(Path::new(local)), want, "local {local:?}");
        }
    }

    #[test]
    fn without_pairs_paths_stay_as_they_are() {
        let m = map(&[("", "/x"), ("/y", " ")]);
        assert_eq!(m, PathMap::default(), "blank pairs are ignored");
        assert_eq!(
            m.to_local("/downloads/Book"),
            PathBuf::from("/downloads/Book")
        );
        assert_eq!(m.to_remote(Path::new("/mnt/x")), "/mnt/x");
    }
}
