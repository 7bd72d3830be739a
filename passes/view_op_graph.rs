//! `view-op-graph`: writes the dataflow graph of every function as a Graphviz DOT digraph.
//!
//! One cluster per function; one node per function argument and per op (name, attributes,
//! result types); one edge per operand, from the defining node to the user, labelled with
//! the operand index. Node ids (`v0`, `v1`, …) follow module order, so output is stable.

use neuron_ir::numerics::bits_to_f64;
use neuron_ir::{Attribute, DenseArray, Diagnostic, Func, Module, OpId, ValueDef, ValueId};
use neuron_pass::PassRegistration;
use neuron_pass::{Changed, OptionKind, OptionSpec, Pass, PassOptions, PassOutput};
use rustc_hash::FxHashMap;
use std::collections::BTreeSet;
use std::fmt::Write;

/// Options of the DOT output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GraphOptions {
    /// Attribute values longer than this are cut and end in `...`.
    pub max_label_len: usize,
    /// Show attributes in op nodes.
    pub print_attrs: bool,
}

impl Default for GraphOptions {
    fn default() -> Self {
        GraphOptions {
            max_label_len: 20,
            print_attrs: true,
        }
    }
}

/// Escapes text for a record label (`{}|<>` are structure there) inside a DOT string.
fn escape_record(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '{' | '}' | '|' | '<' | '>' | '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\l"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for a plain DOT string.
fn escape_plain(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Cuts `s` to `max` characters, marking the cut with `...`.
fn truncate(s: &str, max: usize) -> String {
    match s.char_indices().nth(max) {
        Some((i, _)) => format!("{}...", &s[..i]),
        None => s.to_string(),
    }
}

/// A short MLIR-like rendering of an attribute value for labels.
pub fn attr_text(a: &Attribute) -> String {
    let list = |items: Vec<String>| items.join(", ");
    match a {
        Attribute::Integer(v, s) => format!("{v} : {s}"),
        Attribute::Float(bits, s) => format!("{:?} : {s}", bits_to_f64(*s, *bits)),
        Attribute::String(s) => format!("\"{s}\""),
        Attribute::Bool(b) => b.to_string(),
        Attribute::Unit => "unit".into(),
        Attribute::Array(items) => format!("[{}]", list(items.iter().map(attr_text).collect())),
        Attribute::DenseArray(d) => match &**d {
            DenseArray::Int(s, v) => format!(
                "array<{s}: {}>",
                list(v.iter().map(|x| x.to_string()).collect())
            ),
            DenseArray::Float(s, v) => format!(
                "array<{s}: {}>",
                list(
                    v.iter()
                        .map(|b| format!("{:?}", bits_to_f64(*s, *b)))
                        .collect()
                )
            ),
        },
        Attribute::Dict(entries) => format!(
            "{{{}}}",
            list(
                entries
                    .iter()
                    .map(|e| format!("{} = {}", e.name, attr_text(&e.value)))
                    .collect()
            )
        ),
        Attribute::Type(t) => t.to_string(),
        Attribute::Dense(d) => {
            let ty = neuron_ir::Type::Tensor(d.ty.clone());
            if d.is_splat() && d.ty.elem.is_float() {
                format!("dense<{:?}> : {ty}", d.get_f64(0))
            } else if d.is_splat() {
                format!("dense<{}> : {ty}", d.get_i64(0))
            } else {
                format!("dense<...> : {ty}")
            }
        }
        Attribute::SymbolRef(s) => format!("@{s}"),
    }
}

/// Writes the DOT text of a whole module.
pub fn module_to_dot(m: &Module, opts: &GraphOptions) -> String {
    let names: BTreeSet<&str> = m
        .funcs
        .iter()
        .flat_map(|f| f.body.ops().map(move |op| f.body.op(op).name()))
        .collect();
    let hues: FxHashMap<&str, f64> = names
        .iter()
        .enumerate()
        .map(|(i, n)| (*n, i as f64 / names.len().max(1) as f64))
        .collect();
    let mut out = String::from("digraph G {\n  compound = true;\n");
    let mut edges = String::new();
    let mut next_id = 0usize;
    for (i, f) in m.funcs.iter().enumerate() {
        let mut w = FuncWriter {
            f,
            opts,
            hues: &hues,
            ids: FxHashMap::default(),
            names: FxHashMap::default(),
            next_id: &mut next_id,
        };
        w.write(i, &mut out, &mut edges);
    }
    out.push_str(&edges);
    out.push_str("}\n");
    out
}

/// Writes one function's cluster and edges.
struct FuncWriter<'a> {
    f: &'a Func,
    opts: &'a GraphOptions,
    hues: &'a FxHashMap<&'a str, f64>,
    ids: FxHashMap<OpId, usize>,
    names: FxHashMap<ValueId, String>,
    next_id: &'a mut usize,
}

impl FuncWriter<'_> {
    fn fresh(&mut self) -> usize {
        let id = *self.next_id;
        *self.next_id += 1;
        id
    }

    fn write(&mut self, index: usize, out: &mut String, edges: &mut String) {
        let f = self.f;
        let label = format!("func.func @{} : {}", f.name, f.ty);
        let _ = writeln!(out, "  subgraph cluster_{index} {{");
        let _ = writeln!(out, "    label = \"{}\";", escape_plain(&label));
        let mut arg_ids = Vec::new();
        for (i, &a) in f.body.args().iter().enumerate() {
            let id = self.fresh();
            arg_ids.push(id);
            let text = format!("%arg{i} : {}", f.body.ty(a));
            self.names.insert(a, format!("%arg{i}"));
            let _ = writeln!(
                out,
                "    v{id} [label = \"{}\", shape = ellipse];",
                escape_plain(&text)
            );
        }
        let mut value_no = 0usize;
        for op in f.body.ops() {
            let id = self.fresh();
            self.ids.insert(op, id);
            let label = self.op_label(op, &mut value_no);
            let hue = self.hues.get(f.body.op(op).name()).copied().unwrap_or(0.0);
            let _ = writeln!(
                out,
                "    v{id} [fillcolor = \"{hue:.6} 0.3 0.95\", label = \"{label}\", shape = Mrecord, style = filled];"
            );
        }
        out.push_str("  }\n");
        for op in f.body.ops() {
            self.write_edges(op, &arg_ids, edges);
        }
    }

    /// `{name\lattr: v\l|{<r0> %0 T|…}}`, naming results as the printer does (`%N`, `%N#i`).
    fn op_label(&mut self, op: OpId, value_no: &mut usize) -> String {
        let data = self.f.body.op(op);
        let mut label = format!("{{{}\\l", escape_record(data.name()));
        if self.opts.print_attrs && !data.attrs.is_empty() {
            label.push_str("\\l");
            for a in &data.attrs {
                let v = truncate(&attr_text(&a.value), self.opts.max_label_len);
                let _ = write!(
                    label,
                    "{}: {}\\l",
                    escape_record(&a.name),
                    escape_record(&v)
                );
            }
        }
        let n = data.num_results();
        if n > 0 {
            let base = *value_no;
            *value_no += 1;
            let fields: Vec<String> = data
                .results()
                .enumerate()
                .map(|(i, r)| {
                    let name = if n == 1 {
                        format!("%{base}")
                    } else {
                        format!("%{base}#{i}")
                    };
                    let field = format!(
                        "<r{i}> {} {}",
                        escape_record(&name),
                        escape_record(&self.f.body.ty(r).to_string())
                    );
                    self.names.insert(r, name);
                    field
                })
                .collect();
            let _ = write!(label, "|{{{}}}", fields.join("|"));
        }
        label.push('}');
        label
    }

    fn write_edges(&self, op: OpId, arg_ids: &[usize], edges: &mut String) {
        let body = &self.f.body;
        let to = self.ids[&op];
        for (k, &v) in body.op(op).operands().iter().enumerate() {
            let from = match body.value(v).def {
                ValueDef::Arg(i) => arg_ids.get(i as usize).map(|id| format!("v{id}")),
                ValueDef::Result(d, i) => self.ids.get(&d).map(|id| format!("v{id}:r{i}")),
            };
            if let Some(from) = from {
                let _ = writeln!(edges, "  {from} -> v{to} [label = \"{k}\"];");
            }
        }
    }
}

/// The `view-op-graph` pass.
#[derive(Clone, Copy, Debug, Default)]
pub struct ViewOpGraph {
    /// Label options.
    pub options: GraphOptions,
}

impl Pass for ViewOpGraph {
    fn run_on_module(&self, m: &mut Module, out: &mut PassOutput) -> Result<Changed, Diagnostic> {
        out.text.push_str(&module_to_dot(m, &self.options));
        Ok(Changed::No)
    }
}

const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "max-label-len",
        kind: OptionKind::Int,
        default: "20",
        help: "Limit attribute/type length to number of chars",
    },
    OptionSpec {
        name: "print-attrs",
        kind: OptionKind::Bool,
        default: "true",
        help: "Print attributes of operations",
    },
];

fn create(opts: &PassOptions) -> Result<Box<dyn Pass>, String> {
    let len = opts.int("max-label-len");
    let max_label_len = usize::try_from(len).map_err(|_| {
        format!("invalid value for option 'max-label-len': expected a count >= 0, found '{len}'")
    })?;
    Ok(Box::new(ViewOpGraph {
        options: GraphOptions {
            max_label_len,
            print_attrs: opts.bool("print-attrs"),
        },
    }))
}

inventory::submit! {
    PassRegistration {
        argument: "view-op-graph",
        name: "ViewOpGraph",
        summary: "Print Graphviz visualization of an operation",
        options: OPTIONS,
        create,
    }
}
