//! `print-op-stats`: counts ops by name (including `builtin.module`, `func.func` and
//! `func.return`, as `mlir-opt` does) and reports them in `mlir-opt`'s table or JSON format.

use neuron_ir::{Diagnostic, Module};
use neuron_pass::PassRegistration;
use neuron_pass::{Changed, OptionKind, OptionSpec, Pass, PassOptions, PassOutput};
use std::collections::BTreeMap;
use std::fmt::Write;

/// How many ops of each name the module holds, sorted by name.
pub fn count_ops(m: &Module) -> BTreeMap<String, usize> {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    counts.insert("builtin.module".into(), 1);
    if !m.funcs.is_empty() {
        counts.insert("func.func".into(), m.funcs.len());
    }
    for f in &m.funcs {
        for op in f.body.ops() {
            let name = f.body.op(op).name();
            match counts.get_mut(name) {
                Some(n) => *n += 1,
                None => {
                    counts.insert(name.to_string(), 1);
                }
            }
        }
    }
    counts
}

/// The table `mlir-opt --print-op-stats` prints: dialects right-aligned on the dot.
pub fn format_table(counts: &BTreeMap<String, usize>) -> String {
    let split = |name: &str| match name.split_once('.') {
        Some((d, o)) => (d.to_string(), o.to_string()),
        None => (String::new(), name.to_string()),
    };
    let (mut dialect_w, mut op_w) = (0, 0);
    for k in counts.keys() {
        let (d, o) = split(k);
        dialect_w = dialect_w.max(d.len());
        op_w = op_w.max(o.len());
    }
    let mut out = String::from("Operations encountered:\n-----------------------\n");
    for (k, n) in counts {
        let (d, o) = split(k);
        if d.is_empty() {
            out.push_str(&" ".repeat(dialect_w + 3));
        } else {
            let _ = write!(out, "{d:>w$}.", w = dialect_w + 2);
        }
        let _ = writeln!(out, "{o:<op_w$} , {n}");
    }
    out
}

/// The JSON object `mlir-opt --print-op-stats=json` prints.
pub fn format_json(counts: &BTreeMap<String, usize>) -> String {
    let entries: Vec<String> = counts
        .iter()
        .map(|(k, n)| {
            format!(
                "  \"{}\" : {n}",
                k.replace('\\', "\\\\").replace('"', "\\\"")
            )
        })
        .collect();
    if entries.is_empty() {
        return "{\n}\n".into();
    }
    format!("{{\n{}\n}}\n", entries.join(",\n"))
}

/// The `print-op-stats` pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct PrintOpStats {
    /// Print JSON instead of the table.
    pub json: bool,
}

impl Pass for PrintOpStats {
    fn run_on_module(&self, m: &mut Module, out: &mut PassOutput) -> Result<Changed, Diagnostic> {
        let counts = count_ops(m);
        out.text.push_str(&if self.json {
            format_json(&counts)
        } else {
            format_table(&counts)
        });
        Ok(Changed::No)
    }
}

const OPTIONS: &[OptionSpec] = &[OptionSpec {
    name: "json",
    kind: OptionKind::Bool,
    default: "false",
    help: "print the stats as JSON",
}];

fn create(opts: &PassOptions) -> Result<Box<dyn Pass>, String> {
    Ok(Box::new(PrintOpStats {
        json: opts.bool("json"),
    }))
}

inventory::submit! {
    PassRegistration {
        argument: "print-op-stats",
        name: "PrintOpStats",
        summary: "Print statistics of operations",
        options: OPTIONS,
        create,
    }
}
