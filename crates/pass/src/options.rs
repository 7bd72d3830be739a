//! Typed pass options: declared per pass, parsed from pipeline text `{key=value …}`.

use std::collections::BTreeMap;

/// The kind of value an option takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptionKind {
    /// `true`/`false` (a bare `key` means true).
    Bool,
    /// A signed integer.
    Int,
    /// Any string.
    Str,
    /// One of a fixed set of words.
    Enum(&'static [&'static str]),
    /// A comma-separated list of strings.
    List,
}

/// The declaration of one option of a pass.
#[derive(Clone, Copy, Debug)]
pub struct OptionSpec {
    /// Option name (kebab-case).
    pub name: &'static str,
    /// Value kind.
    pub kind: OptionKind,
    /// Default value as text (as it would be written in a pipeline).
    pub default: &'static str,
    /// One-line help.
    pub help: &'static str,
}

/// A parsed option value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionValue {
    /// Bool.
    Bool(bool),
    /// Integer.
    Int(i64),
    /// String or enum word.
    Str(String),
    /// List.
    List(Vec<String>),
}

impl OptionValue {
    /// Parses `text` as a value of `kind`; the error says what was expected.
    pub fn parse(kind: OptionKind, text: &str) -> Result<OptionValue, String> {
        match kind {
            OptionKind::Bool => match text {
                "" | "true" | "1" => Ok(OptionValue::Bool(true)),
                "false" | "0" => Ok(OptionValue::Bool(false)),
                _ => Err(format!("expected 'true' or 'false', found '{text}'")),
            },
            OptionKind::Int => text
                .parse()
                .map(OptionValue::Int)
                .map_err(|_| format!("expected an integer, found '{text}'")),
            OptionKind::Str => Ok(OptionValue::Str(text.to_string())),
            OptionKind::Enum(words) => {
                if words.contains(&text) {
                    Ok(OptionValue::Str(text.to_string()))
                } else {
                    Err(format!(
                        "expected one of {}, found '{text}'",
                        words
                            .iter()
                            .map(|w| format!("'{w}'"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                }
            }
            OptionKind::List => Ok(OptionValue::List(if text.is_empty() {
                vec![]
            } else {
                text.split(',').map(|s| s.trim().to_string()).collect()
            })),
        }
    }

    /// The value as pipeline text.
    pub fn to_text(&self) -> String {
        match self {
            OptionValue::Bool(b) => b.to_string(),
            OptionValue::Int(i) => i.to_string(),
            OptionValue::Str(s) => s.clone(),
            OptionValue::List(v) => v.join(","),
        }
    }
}

/// The full set of option values of one pass instance (defaults filled in).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PassOptions {
    values: BTreeMap<&'static str, OptionValue>,
}

impl PassOptions {
    /// Builds from declarations and `(key, value)` pairs as written; errors name the bad key or value.
    pub fn from_pairs(
        specs: &[OptionSpec],
        pairs: &[(String, String)],
    ) -> Result<PassOptions, String> {
        let mut values = BTreeMap::new();
        for s in specs {
            let v = OptionValue::parse(s.kind, s.default)
                .map_err(|e| format!("bad default of option '{}': {e}", s.name))?;
            values.insert(s.name, v);
        }
        for (k, v) in pairs {
            let spec = specs
                .iter()
                .find(|s| s.name == k)
                .ok_or_else(|| format!("no such option '{k}'"))?;
            let parsed = OptionValue::parse(spec.kind, v)
                .map_err(|e| format!("invalid value for option '{k}': {e}"))?;
            values.insert(spec.name, parsed);
        }
        Ok(PassOptions { values })
    }

    /// A bool option (false if absent).
    pub fn bool(&self, name: &str) -> bool {
        matches!(self.values.get(name), Some(OptionValue::Bool(true)))
    }

    /// An integer option (0 if absent).
    pub fn int(&self, name: &str) -> i64 {
        match self.values.get(name) {
            Some(OptionValue::Int(i)) => *i,
            _ => 0,
        }
    }

    /// A string or enum option ("" if absent).
    pub fn str(&self, name: &str) -> &str {
        match self.values.get(name) {
            Some(OptionValue::Str(s)) => s,
            _ => "",
        }
    }

    /// A list option (empty if absent).
    pub fn list(&self, name: &str) -> &[String] {
        match self.values.get(name) {
            Some(OptionValue::List(v)) => v,
            _ => &[],
        }
    }

    /// `{a=1 b=x}` text of every option, in declaration order; empty if the pass has none.
    pub fn to_text(&self, specs: &[OptionSpec]) -> String {
        if specs.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = specs
            .iter()
            .filter_map(|s| {
                self.values
                    .get(s.name)
                    .map(|v| format!("{}={}", s.name, v.to_text()))
            })
            .collect();
        format!("{{{}}}", parts.join(" "))
    }
}
