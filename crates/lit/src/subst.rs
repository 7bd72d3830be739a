//! `%s`, `%S`, `%t` and `%%` substitution in RUN-line words.

use std::path::{Path, PathBuf};

/// The values substituted into the words of a RUN line.
#[derive(Clone, Debug)]
pub struct Substitutions {
    /// `%s`: the absolute path of the test file.
    pub file: PathBuf,
    /// `%S`: the directory of the test file.
    pub dir: PathBuf,
    /// `%t`: a temporary path unique to the test (not created; shared by its RUN lines).
    pub temp: PathBuf,
}

impl Substitutions {
    /// Substitutions for the test file `file`, with `temp` as its `%t`.
    pub fn new(file: &Path, temp: PathBuf) -> Self {
        let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
        Substitutions {
            file: file.to_path_buf(),
            dir,
            temp,
        }
    }

    /// Replaces `%s`, `%S`, `%t` and `%%` in `word`; any other `%` is kept as written.
    pub fn apply(&self, word: &str) -> String {
        let mut out = String::with_capacity(word.len());
        let mut chars = word.chars().peekable();
        while let Some(c) = chars.next() {
            if c != '%' {
                out.push(c);
                continue;
            }
            let replacement = match chars.peek() {
                Some('s') => Some(self.file.to_string_lossy()),
                Some('S') => Some(self.dir.to_string_lossy()),
                Some('t') => Some(self.temp.to_string_lossy()),
                Some('%') => Some("%".into()),
                _ => None,
            };
            match replacement {
                Some(text) => {
                    out.push_str(&text);
                    chars.next();
                }
                None => out.push('%'),
            }
        }
        out
    }
}
