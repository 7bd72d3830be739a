//! The built-in `FileCheck`: LLVM FileCheck semantics through the `litcheck-filecheck` crate.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use clap::Parser;
use litcheck_filecheck::litcheck::diagnostics::{
    DefaultSourceManager, FileName, Report, SourceFile, SourceLanguage, SourceManager,
};
use litcheck_filecheck::litcheck::reporting::PrintDiagnostic;
use litcheck_filecheck::{Config, Options, Test};

/// The program name RUN lines use for the built-in FileCheck.
pub const FILECHECK: &str = "FileCheck";

/// LLVM spells long options with one dash (`-check-prefix=X`); these are accepted either way.
const LONG_OPTIONS: &[&str] = &[
    "allow-empty",
    "allow-unused-prefixes",
    "check-prefix",
    "check-prefixes",
    "comment-prefixes",
    "dump-input",
    "dump-input-filter",
    "enable-var-scope",
    "ignore-case",
    "implicit-check-not",
    "input-file",
    "match-full-lines",
    "strict-whitespace",
];

/// Command line of FileCheck: the check file, the input, and litcheck's matching options.
#[derive(Debug, Parser)]
#[command(
    name = "FileCheck",
    about = "Verify that the input matches the CHECK directives of a file (LLVM FileCheck)",
    disable_version_flag = true
)]
struct FileCheckCli {
    /// File holding the CHECK directives (in RUN lines, usually the test itself: `%s`).
    check_file: PathBuf,
    /// Read the input from FILE instead of standard input.
    #[arg(long, value_name = "FILE")]
    input_file: Option<PathBuf>,
    #[command(flatten)]
    options: Options,
}

/// What a FileCheck run produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileCheckOutput {
    /// Exit status: 0 all checks matched, 1 a check failed, 2 bad usage or unreadable file.
    pub status: i32,
    /// Standard output (only `--help` prints there).
    pub stdout: String,
    /// Standard error: the failed directive, where it was searched, and the input around it.
    pub stderr: String,
}

impl FileCheckOutput {
    /// An output with only a status and an error text.
    fn error(status: i32, stderr: String) -> Self {
        FileCheckOutput {
            status,
            stdout: String::new(),
            stderr,
        }
    }
}

/// Rewrites LLVM-style single-dash long options (`-check-prefix=X`) to `--check-prefix=X`.
fn normalize_arg(arg: &str) -> String {
    if let Some(rest) = arg.strip_prefix('-').filter(|r| !r.starts_with('-')) {
        let name = rest.split('=').next().unwrap_or(rest);
        if LONG_OPTIONS.contains(&name) {
            return format!("-{arg}");
        }
    }
    arg.to_string()
}

/// Runs FileCheck with `args` (without the program name) on `stdin`; relative paths are
/// resolved against `cwd`. `color` enables ANSI colors in the report.
pub fn run_filecheck(args: &[String], stdin: &[u8], cwd: &Path, color: bool) -> FileCheckOutput {
    let argv = std::iter::once(FILECHECK.to_string()).chain(args.iter().map(|a| normalize_arg(a)));
    let cli = match FileCheckCli::try_parse_from(argv) {
        Ok(cli) => cli,
        Err(e) if !e.use_stderr() => {
            return FileCheckOutput {
                status: 0,
                stdout: e.render().to_string(),
                stderr: String::new(),
            }
        }
        Err(e) => return FileCheckOutput::error(2, e.render().to_string()),
    };
    if let Err(report) = cli.options.validate() {
        return FileCheckOutput::error(2, format!("FileCheck: {report}\n"));
    }
    let input = match &cli.input_file {
        Some(path) => match std::fs::read(cwd.join(path)) {
            Ok(bytes) => bytes,
            Err(e) => {
                let msg = format!(
                    "FileCheck: cannot read input file {}: {e}\n",
                    path.display()
                );
                return FileCheckOutput::error(2, msg);
            }
        },
        None => stdin.to_vec(),
    };
    let check_file = cwd.join(&cli.check_file);
    verify(cli.options, &check_file, &input, color)
}

/// Checks `input` against the directives of `check_file`.
fn verify(options: Options, check_file: &Path, input: &[u8], color: bool) -> FileCheckOutput {
    let checks = match std::fs::read(check_file) {
        Ok(bytes) => bytes,
        Err(e) => {
            let shown = check_file.display();
            let msg = format!("FileCheck: cannot read check file {shown}: {e}\n");
            return FileCheckOutput::error(2, msg);
        }
    };
    let config = Config {
        source_manager: Arc::new(DefaultSourceManager::default()),
        options,
    };
    let checks = load(&config, FileName::from(check_file), &checks);
    let input = load(&config, FileName::from("<stdin>"), input);
    match Test::new(checks, &config).verify(input) {
        Ok(_) => FileCheckOutput::error(0, String::new()),
        Err(report) => FileCheckOutput::error(1, render(report, color)),
    }
}

/// Loads `bytes` into the source manager, canonicalizing whitespace unless strict.
fn load(config: &Config, name: FileName, bytes: &[u8]) -> Arc<SourceFile> {
    let text = String::from_utf8_lossy(bytes);
    let text = if config.options.strict_whitespace {
        text.into_owned()
    } else {
        canonicalize_whitespace(&text)
    };
    config
        .source_manager
        .load(SourceLanguage::Unknown, name, text)
}

/// Replaces every run of spaces and tabs by one space, as LLVM FileCheck does to both the check
/// file and the input unless `--strict-whitespace` is given (litcheck leaves them as they are).
pub fn canonicalize_whitespace(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_blank = false;
    for c in text.chars() {
        let blank = c == ' ' || c == '\t';
        if !(blank && in_blank) {
            out.push(if blank { ' ' } else { c });
        }
        in_blank = blank;
    }
    out
}

/// Renders a FileCheck failure report as text.
fn render(report: Report, color: bool) -> String {
    let text = if color {
        PrintDiagnostic::new(report).to_string()
    } else {
        PrintDiagnostic::new_without_color(report).to_string()
    };
    if text.ends_with('\n') {
        text
    } else {
        text + "\n"
    }
}
