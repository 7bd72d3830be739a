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
            OptionKind::List => Ok(OptionValue::List(split_list(text))),
        }
    }

    /// The value as it must be written in pipeline text to parse back to itself
    /// (list items holding commas and values holding spaces are wrapped in braces).
    pub fn to_pipeline_text(&self) -> String {
        match self {
            OptionValue::List(v) => {
                let items: Vec<String> = v.iter().map(|s| quote_list_item(s)).collect();
                quote_value(&items.join(","))
            }
            other => quote_value(&other.to_text()),
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

    /// The value of option `name`, if declared.
    pub fn get(&self, name: &str) -> Option<&OptionValue> {
        self.values.get(name)
    }

    /// `{a=1 b=x}` as pipeline text: every option, sorted by name (as `mlir-opt` prints them),
    /// values quoted so the text parses back to the same options; empty if the pass has none.
    pub fn to_pipeline_text(&self) -> String {
        if self.values.is_empty() {
            return String::new();
        }
        let parts: Vec<String> = self
            .values
            .iter()
            .map(|(k, v)| format!("{k}={}", v.to_pipeline_text()))
            .collect();
        format!("{{{}}}", parts.join(" "))
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

/// Splits a list value at commas outside braces; each item is trimmed and loses one level
/// of enclosing braces (`{a,b},c` is `["a,b", "c"]`). The empty text is the empty list.
pub fn split_list(text: &str) -> Vec<String> {
    if text.trim().is_empty() {
        return vec![];
    }
    let mut items = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    for (i, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            ',' if depth == 0 => {
                items.push(unwrap_braces(text[start..i].trim()).to_string());
                start = i + 1;
            }
            _ => {}
        }
    }
    items.push(unwrap_braces(text[start..].trim()).to_string());
    items
}

/// `text` without one level of enclosing braces, if the first `{` closes at the very end.
pub fn unwrap_braces(text: &str) -> &str {
    if text.starts_with('{') && matching_brace(text, 0) == Some(text.len() - 1) {
        &text[1..text.len() - 1]
    } else {
        text
    }
}

/// Byte index of the `}` closing the `{` at byte `open`.
fn matching_brace(text: &str, open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (i, c) in text[open..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(open + i);
                }
            }
            _ => {}
        }
    }
    None
}

/// True if every `}` closes an earlier `{` and every `{` is closed.
fn balanced(text: &str) -> bool {
    let mut depth = 0i64;
    for c in text.chars() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => return false,
            '}' => depth -= 1,
            _ => {}
        }
    }
    depth == 0
}

/// Writes an option value so the pipeline parser reads back exactly `text`:
/// braces around empty values, values with spaces and values that are already braced;
/// double quotes when the braces inside are unbalanced.
pub fn quote_value(text: &str) -> String {
    let plain = !text.is_empty()
        && !text.contains(char::is_whitespace)
        && !text.starts_with('"')
        && balanced(text)
        && unwrap_braces(text).len() == text.len();
    if plain {
        text.to_string()
    } else if balanced(text) || text.contains('"') {
        format!("{{{text}}}")
    } else {
        format!("\"{text}\"")
    }
}

/// Writes one item of a list value so `split_list` reads it back exactly.
fn quote_list_item(item: &str) -> String {
    let plain = !item.is_empty()
        && !item.contains(',')
        && item.trim() == item
        && balanced(item)
        && unwrap_braces(item).len() == item.len();
    if plain {
        item.to_string()
    } else {
        format!("{{{item}}}")
    }
}
