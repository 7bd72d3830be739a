//! The text of `--list-passes` and of the pass section of `--help`: every registered pass
//! and pipeline alias with its summary and options, laid out like mlir-opt's listing.

use neuron_pass::{OptionKind, OptionSpec, PassRegistration, PipelineRegistration};
use std::fmt::Write as _;

/// One listed row: the flag column and its description.
struct Row {
    flag: String,
    text: String,
}

/// The listing of `passes` and `pipelines` (sorted as given): a `Passes:` section, then
/// `Pass Pipelines:`; each entry `--name - summary`, its options indented below.
pub fn render(passes: &[&PassRegistration], pipelines: &[&PipelineRegistration]) -> String {
    let mut sections: Vec<(&str, Vec<Row>)> = Vec::new();
    let mut rows = Vec::new();
    for p in passes {
        rows.push(Row {
            flag: format!("  --{}", p.argument),
            text: format!("-   {}", p.summary),
        });
        rows.extend(p.options.iter().map(option_row));
    }
    sections.push(("Passes:", rows));
    let rows = pipelines
        .iter()
        .map(|p| Row {
            flag: format!("  --{}", p.argument),
            text: format!("-   {} (= {})", p.summary, p.pipeline),
        })
        .collect();
    sections.push(("Pass Pipelines:", rows));
    let width = sections
        .iter()
        .flat_map(|(_, rows)| rows.iter().map(|r| r.flag.chars().count()))
        .max()
        .unwrap_or(0)
        + 2;
    let mut out = String::new();
    for (title, rows) in sections {
        let _ = writeln!(out, "{title}");
        if rows.is_empty() {
            let _ = writeln!(out, "  (none registered)");
        }
        for r in rows {
            let _ = writeln!(out, "{:width$}{}", r.flag, r.text);
        }
    }
    out
}

/// The listing of everything registered.
pub fn render_registered() -> String {
    render(&neuron_pass::all_passes(), &neuron_pass::all_pipelines())
}

fn option_row(o: &OptionSpec) -> Row {
    let hint = match o.kind {
        OptionKind::Bool => String::new(),
        OptionKind::Int => "=<int>".to_string(),
        OptionKind::Str => "=<string>".to_string(),
        OptionKind::Enum(_) => "=<value>".to_string(),
        OptionKind::List => "=<list>".to_string(),
    };
    let mut text = format!("- {}", o.help);
    if let OptionKind::Enum(words) = o.kind {
        let _ = write!(text, " (one of: {})", words.join(", "));
    }
    if !o.default.is_empty() {
        let _ = write!(text, " (default: {})", o.default);
    }
    Row {
        flag: format!("    --{}{hint}", o.name),
        text,
    }
}
