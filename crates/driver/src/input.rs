//! Reading the input: a file or standard input, required to be UTF-8.

use crate::error::DriverError;
use std::io::Read;
use std::sync::Arc;

/// The input of a run: its display name (`<stdin>` for `-`) and full text.
#[derive(Clone, Debug)]
pub struct Input {
    /// The name used in locations and diagnostics.
    pub name: Arc<str>,
    /// The whole text.
    pub text: Arc<str>,
}

/// Reads `path`, or standard input for `-`.
pub fn read_input(path: &str) -> Result<Input, DriverError> {
    let open_err = |source| DriverError::OpenInput {
        path: path.to_string(),
        source,
    };
    let (name, bytes) = if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin().read_to_end(&mut buf).map_err(open_err)?;
        ("<stdin>", buf)
    } else {
        (path, std::fs::read(path).map_err(open_err)?)
    };
    let text = decode(path, bytes)?;
    Ok(Input {
        name: name.into(),
        text: text.into(),
    })
}

/// The bytes as UTF-8 text; the error locates the first invalid byte.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String, DriverError> {
    String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).unwrap_or_default();
        let line = good.matches('\n').count() + 1;
        let col = good.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        DriverError::InvalidUtf8 {
            path: path.to_string(),
            line: u32::try_from(line).unwrap_or(u32::MAX),
            col: u32::try_from(col).unwrap_or(u32::MAX),
        }
    })
}
