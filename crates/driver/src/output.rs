//! The `-o` output: standard output, or a file written atomically (a temporary file in the
//! same directory, renamed over the destination only when the run succeeds).

use crate::error::DriverError;
use std::fs::{self, File};
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};
use tempfile::NamedTempFile;

/// Where the printed IR goes.
pub enum Output<'a> {
    /// A caller-supplied stream (standard output); what was written stays written.
    Stream(&'a mut dyn Write),
    /// A temporary file renamed over `dest` by [`Output::finish`] on success.
    Atomic {
        /// The temporary file, buffered.
        tmp: BufWriter<NamedTempFile>,
        /// The final path.
        dest: PathBuf,
    },
    /// A non-regular file (`/dev/null`, a pipe) written in place.
    Direct(BufWriter<File>),
}

impl<'a> Output<'a> {
    /// Opens `path` (`-` means `stdout`); fails, creating nothing, if the directory is unusable.
    pub fn open(path: &str, stdout: &'a mut dyn Write) -> Result<Output<'a>, DriverError> {
        if path == "-" {
            return Ok(Output::Stream(stdout));
        }
        let open_err = |source| DriverError::OpenOutput {
            path: path.to_string(),
            source,
        };
        let dest = resolve_dest(Path::new(path));
        if let Ok(meta) = fs::metadata(&dest) {
            if !meta.is_file() {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .truncate(true)
                    .open(&dest)
                    .map_err(open_err)?;
                return Ok(Output::Direct(BufWriter::new(file)));
            }
        }
        let tmp = temp_beside(&dest).map_err(open_err)?;
        tracing::debug!(tmp = %tmp.path().display(), dest = %dest.display(), "atomic output");
        Ok(Output::Atomic {
            tmp: BufWriter::new(tmp),
            dest,
        })
    }

    /// The stream to write IR into.
    pub fn writer(&mut self) -> &mut dyn Write {
        match self {
            Output::Stream(w) => *w,
            Output::Atomic { tmp, .. } => tmp,
            Output::Direct(w) => w,
        }
    }

    /// Ends the output: `keep` false discards a file output (the destination is untouched).
    pub fn finish(self, keep: bool) -> Result<(), DriverError> {
        let write_err = |source| DriverError::WriteOutput { source };
        match self {
            Output::Stream(w) => w.flush().map_err(write_err),
            Output::Direct(mut w) => w.flush().map_err(write_err),
            Output::Atomic { tmp, dest } => {
                if !keep {
                    return Ok(());
                }
                let tmp = tmp.into_inner().map_err(|e| write_err(e.into_error()))?;
                tmp.persist(&dest).map_err(|e| write_err(e.error))?;
                Ok(())
            }
        }
    }
}

/// The file a path finally names: a symbolic link is followed so the link itself survives.
fn resolve_dest(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if is_link {
        if let Ok(target) = fs::canonicalize(path) {
            return target;
        }
    }
    path.to_path_buf()
}

/// A new temporary file in `dest`'s directory, with the permissions `dest` has (or a new
/// file would get under the umask).
fn temp_beside(dest: &Path) -> io::Result<NamedTempFile> {
    let dir = match dest.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let mut builder = tempfile::Builder::new();
    builder.prefix(".neuron-opt-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    let tmp = builder.tempfile_in(dir)?;
    if let Ok(meta) = fs::metadata(dest) {
        tmp.as_file().set_permissions(meta.permissions())?;
    }
    Ok(tmp)
}
