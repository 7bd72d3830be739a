//! Command-line pre-scan run before clap: pulls out registered passes used as flags
//! (`--cse`, `--canonicalize=max-iterations=3`) and accepts LLVM-style single-dash long
//! flags (`-split-input-file`), which clap alone cannot do.

use crate::config::PassFlag;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsString;

/// The driver's own flags: long name → whether it takes its value as the next argument.
#[derive(Clone, Debug, Default)]
pub struct FlagTable {
    /// Long flags (without `--`) and whether `--flag VALUE` consumes the next argument.
    pub long: BTreeMap<String, bool>,
    /// Short flags (one char) that consume the next argument when given alone (`-o FILE`).
    pub short_with_value: BTreeSet<char>,
}

/// The result of the pre-scan.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PreScan {
    /// Arguments for clap: the program name, then everything but pass flags, with
    /// single-dash long flags rewritten to `--`.
    pub args: Vec<OsString>,
    /// Pass flags in command-line order.
    pub pass_flags: Vec<PassFlag>,
}

/// Splits `args` (program name first) into clap's arguments and pass flags.
///
/// A flag is a pass flag when its name is in `passes` and is not one of the driver's own.
/// Values of driver flags and everything after `--` are left alone.
pub fn prescan(
    args: impl IntoIterator<Item = OsString>,
    flags: &FlagTable,
    passes: &BTreeSet<String>,
) -> PreScan {
    let mut out = PreScan::default();
    let mut iter = args.into_iter();
    out.args.extend(iter.next());
    while let Some(arg) = iter.next() {
        let Some(text) = arg.to_str().map(str::to_string) else {
            out.args.push(arg);
            continue;
        };
        if text == "--" {
            out.args.push(arg);
            out.args.extend(iter.by_ref());
            break;
        }
        match classify(&text, flags, passes) {
            Kind::Driver {
                normalized,
                takes_next,
            } => {
                out.args.push(normalized.into());
                if takes_next {
                    out.args.extend(iter.next());
                }
            }
            Kind::Pass(flag) => out.pass_flags.push(flag),
            Kind::Other => out.args.push(arg),
        }
    }
    out
}

enum Kind {
    Driver {
        normalized: String,
        takes_next: bool,
    },
    Pass(PassFlag),
    Other,
}

fn classify(text: &str, flags: &FlagTable, passes: &BTreeSet<String>) -> Kind {
    if let Some(c) = short_flag(text) {
        return Kind::Driver {
            normalized: text.to_string(),
            takes_next: flags.short_with_value.contains(&c),
        };
    }
    let Some(body) = long_body(text) else {
        return Kind::Other;
    };
    let (name, value) = match body.split_once('=') {
        Some((n, v)) => (n, Some(v)),
        None => (body, None),
    };
    if let Some(&takes_value) = flags.long.get(name) {
        return Kind::Driver {
            normalized: format!("--{body}"),
            takes_next: takes_value && value.is_none(),
        };
    }
    if passes.contains(name) {
        return Kind::Pass(PassFlag {
            name: name.to_string(),
            options: value.map(str::to_string),
        });
    }
    Kind::Other
}

/// `-o` alone: its letter.
fn short_flag(text: &str) -> Option<char> {
    let rest = text.strip_prefix('-')?;
    let mut chars = rest.chars();
    let c = chars.next()?;
    (c != '-' && chars.next().is_none()).then_some(c)
}

/// The part after `--` or, for names longer than one letter, after a single `-`.
fn long_body(text: &str) -> Option<&str> {
    if let Some(body) = text.strip_prefix("--") {
        return (!body.is_empty()).then_some(body);
    }
    let body = text.strip_prefix('-')?;
    let name_len = body.find('=').unwrap_or(body.len());
    (name_len > 1).then_some(body)
}
