//! Where and how an export writes: the decision for the path the user gave, made before a byte is
//! written. A regular file (new, or named through a symlink) is replaced atomically; a FIFO, a
//! character device and `-` (standard output) are streams, written directly; the library's own
//! files are refused however they are named.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};

use tempfile::NamedTempFile;

use crate::context::DB_FILE;
use crate::error::ServiceError;

/// The path that means standard output, as for most command-line tools.
pub const STDOUT: &str = "-";

/// Links followed before a path counts as a loop (Linux stops at 40 too).
const MAX_LINKS: usize = 40;

/// Where an export goes, decided by [`choose`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ExportTarget {
    Stdout,
    /// A FIFO or character device: opened for writing as it is, never replaced or synced.
    Stream(PathBuf),
    /// A regular file (or a name for a new one), symlinks already followed: written beside it
    /// under a temp name and renamed over it when complete.
    Replace(PathBuf),
}

/// Decides where an export to `path` writes. The data folder's own files are refused because an
/// export over them destroys the library, settings or secrets.
pub(crate) fn choose(path: &Path, data_dir: &Path) -> Result<ExportTarget, ServiceError> {
    if path == Path::new(STDOUT) {
        return Ok(ExportTarget::Stdout);
    }
    let real = resolve(path).map_err(|e| write_error(path, e))?;
    refuse_library_file(path, &real, data_dir)?;
    let refuse = |reason: &str| ServiceError::ExportRefused {
        path: path.to_owned(),
        reason: reason.to_owned(),
    };
    match fs::metadata(&real) {
        Ok(meta) if meta.is_file() => Ok(ExportTarget::Replace(real)),
        Ok(meta) if meta.is_dir() => Err(refuse("it is a folder; give a file name in it")),
        Ok(meta) => stream_kind(&meta.file_type(), real).ok_or_else(|| {
            refuse("it is neither a file, a FIFO nor a character device (a socket or a disk)")
        }),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(ExportTarget::Replace(real)),
        Err(e) => Err(write_error(path, e)),
    }
}

#[cfg(unix)]
fn stream_kind(kind: &fs::FileType, real: PathBuf) -> Option<ExportTarget> {
    use std::os::unix::fs::FileTypeExt;
    // A block device is a disk: a list written there would overwrite a file system.
    (kind.is_fifo() || kind.is_char_device()).then_some(ExportTarget::Stream(real))
}

#[cfg(not(unix))]
fn stream_kind(_kind: &fs::FileType, _real: PathBuf) -> Option<ExportTarget> {
    None
}

/// The absolute path `path` names with every symlink followed and `.`/`..` gone, also when the
/// file (or a symlink's target) does not exist yet; its folder must.
fn resolve(path: &Path) -> io::Result<PathBuf> {
    let mut path = std::path::absolute(path)?;
    for _ in 0..MAX_LINKS {
        match fs::canonicalize(&path) {
            Ok(real) => return Ok(real),
            Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
            Err(_) => {}
        }
        // The path does not exist as a whole: a new file, or a symlink whose target is missing.
        match fs::read_link(&path) {
            Ok(target) => {
                let folder = path.parent().unwrap_or(Path::new("/"));
                path = folder.join(target);
            }
            Err(_) => {
                let name = match path.components().next_back() {
                    Some(Component::Normal(name)) => name.to_owned(),
                    _ => return Err(io::Error::other("the path does not name a file")),
                };
                let folder = path.parent().unwrap_or(Path::new("/"));
                return Ok(fs::canonicalize(folder)?.join(name));
            }
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn refuse_library_file(given: &Path, real: &Path, data_dir: &Path) -> Result<(), ServiceError> {
    let data_dir = fs::canonicalize(data_dir).unwrap_or_else(|_| data_dir.to_owned());
    for (name, what) in library_files() {
        let own = data_dir.join(&name);
        if real == own || same_file(real, &own) {
            return Err(ServiceError::ExportRefused {
                path: given.to_owned(),
                reason: format!(
                    "it is the library's {what} ({}); an export there would destroy it",
                    own.display()
                ),
            });
        }
    }
    Ok(())
}

/// The data folder's files an export must never replace, with what each is for the message.
fn library_files() -> Vec<(String, &'static str)> {
    let mut files = Vec::new();
    for (base, what) in [
        (DB_FILE, "database"),
        (crate::settings::FILE, "settings file"),
        (crate::secrets::FILE, "secrets file"),
    ] {
        files.push((base.to_owned(), what));
        files.push((format!("{base}.lock"), "lock file"));
    }
    files.push((format!("{DB_FILE}-wal"), "database log"));
    files.push((format!("{DB_FILE}-shm"), "database index"));
    files
}

/// A hard link names the same file under another name; only the inode tells.
#[cfg(unix)]
fn same_file(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_a: &Path, _b: &Path) -> bool {
    false
}

/// What an export writes into; [`ExportWriter::finish`] completes it. Dropped without finishing
/// (a failed export), a replacement leaves the old file as it was and no temp file behind.
#[derive(Debug)]
pub(crate) struct ExportWriter {
    sink: Sink,
    shown: PathBuf,
}

#[derive(Debug)]
enum Sink {
    Stdout(io::Stdout),
    Stream(File),
    Replace { tmp: NamedTempFile, target: PathBuf },
}

impl ExportTarget {
    /// The path the messages name.
    pub(crate) fn shown(&self) -> PathBuf {
        match self {
            ExportTarget::Stdout => PathBuf::from(STDOUT),
            ExportTarget::Stream(path) | ExportTarget::Replace(path) => path.clone(),
        }
    }

    /// Opens the target for writing. Opening a FIFO waits until something reads it, so this runs
    /// off the async threads.
    pub(crate) fn open(self) -> io::Result<ExportWriter> {
        let shown = self.shown();
        let sink = match self {
            ExportTarget::Stdout => Sink::Stdout(io::stdout()),
            ExportTarget::Stream(path) => Sink::Stream(OpenOptions::new().write(true).open(path)?),
            ExportTarget::Replace(target) => Sink::Replace {
                tmp: temp_beside(&target)?,
                target,
            },
        };
        Ok(ExportWriter { sink, shown })
    }
}

fn temp_beside(target: &Path) -> io::Result<NamedTempFile> {
    let folder = target.parent().unwrap_or(Path::new("/"));
    let mut prefix = std::ffi::OsString::from(".");
    prefix.push(target.file_name().unwrap_or_default());
    prefix.push(".");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".partial");
    // The replacement keeps the mode of the file it replaces; a new file gets the usual 0666
    // less the umask, as any file the user creates, instead of the temp file's 0600.
    let permissions = match fs::metadata(target) {
        Ok(meta) => Some(meta.permissions()),
        Err(_) => default_permissions(),
    };
    if let Some(permissions) = permissions {
        builder.permissions(permissions);
    }
    builder.tempfile_in(folder)
}

#[cfg(unix)]
fn default_permissions() -> Option<fs::Permissions> {
    use std::os::unix::fs::PermissionsExt;
    Some(fs::Permissions::from_mode(0o666))
}

#[cfg(not(unix))]
fn default_permissions() -> Option<fs::Permissions> {
    None
}

impl ExportWriter {
    pub(crate) fn shown(&self) -> &Path {
        &self.shown
    }

    /// Flushes what was written; a replacement is synced to disk and renamed over its target.
    pub(crate) fn finish(self) -> io::Result<()> {
        match self.sink {
            Sink::Stdout(mut out) => out.flush(),
            Sink::Stream(mut file) => file.flush(),
            Sink::Replace { tmp, target } => {
                tmp.as_file().sync_all()?;
                tmp.persist(&target).map_err(|e| e.error)?;
                Ok(())
            }
        }
    }
}

impl Write for ExportWriter {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match &mut self.sink {
            Sink::Stdout(out) => out.write(buf),
            Sink::Stream(file) => file.write(buf),
            Sink::Replace { tmp, .. } => tmp.write(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.sink {
            Sink::Stdout(out) => out.flush(),
            Sink::Stream(file) => file.flush(),
            Sink::Replace { tmp, .. } => tmp.flush(),
        }
    }
}

fn write_error(path: &Path, source: io::Error) -> ServiceError {
    ServiceError::WriteFile {
        path: path.to_path_buf(),
        source,
    }
}
