//! Printer of a `Module` as MLIR-syntax text: custom form for registered ops (short form when
//! all types agree), generic form for the rest or for everything (`generic`), optional locations.
//! Output goes through a large buffer; type spellings are cached per tensor type.

mod attrs;

use crate::attributes::{Attribute, NamedAttr};
use crate::diagnostics::Location;
use crate::ir::{Func, Module, OpData, OpId, ValueDef, ValueId};
use crate::types::Type;
use rustc_hash::FxHashMap;
use std::fmt;
use std::sync::Arc;

/// Writes `s` as an MLIR string literal with escapes (`\22`, `\0A`, `\\`).
pub fn write_escaped_string(f: &mut impl fmt::Write, s: &str) -> fmt::Result {
    f.write_char('"')?;
    for c in s.chars() {
        match c {
            '"' => f.write_str("\\22")?,
            '\\' => f.write_str("\\\\")?,
            ' '..='~' => f.write_char(c)?,
            c if (c as u32) < 0x20 || c as u32 == 0x7f => write!(f, "\\{:02X}", c as u32)?,
            c => f.write_char(c)?,
        }
    }
    f.write_char('"')
}

/// Options of the printer.
#[derive(Clone, Debug)]
pub struct PrintOptions {
    /// Print every op in the generic form (`--mlir-print-op-generic`).
    pub generic: bool,
    /// Print `loc(...)` after ops (`--mlir-print-debuginfo`).
    pub debug_info: bool,
    /// Dense attributes with more elements than this print as hex (`dense<"0x…">`).
    pub hex_threshold: usize,
}

impl Default for PrintOptions {
    fn default() -> Self {
        PrintOptions {
            generic: false,
            debug_info: false,
            hex_threshold: 100,
        }
    }
}

/// Prints a module as MLIR text.
pub fn print_module(
    m: &Module,
    opts: &PrintOptions,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let mut p = Printer::new(opts, Some(out));
    p.module(m)?;
    p.flush()
}

/// Prints a module to a `String`.
pub fn module_to_string(m: &Module, opts: &PrintOptions) -> String {
    let mut buf = Vec::new();
    print_module(m, opts, &mut buf).expect("writing to a Vec cannot fail");
    String::from_utf8(buf).expect("the printer writes UTF-8")
}

/// Prints one op of `f` on one line, with values named as in the whole function.
pub fn op_to_string(f: &Func, op: OpId, opts: &PrintOptions) -> String {
    let mut p = Printer::new(opts, None);
    p.number_values(f);
    p.op(f, op, 0);
    p.into_string()
}

/// The MLIR spelling of a type.
pub fn type_to_string(t: &Type) -> String {
    t.to_string()
}

/// The MLIR spelling of an attribute.
pub fn attribute_to_string(a: &Attribute) -> String {
    let opts = PrintOptions::default();
    let mut p = Printer::new(&opts, None);
    attrs::write_attr(&mut p, a);
    p.into_string()
}

/// An output byte buffer that is also a `fmt::Write`.
pub(crate) struct Buf(pub(crate) Vec<u8>);

impl Buf {
    #[inline]
    pub(crate) fn push_str(&mut self, s: &str) {
        self.0.extend_from_slice(s.as_bytes());
    }

    /// Writes a decimal unsigned integer without going through `fmt`.
    #[inline]
    pub(crate) fn push_u64(&mut self, mut v: u64) {
        let mut tmp = [0u8; 20];
        let mut i = tmp.len();
        loop {
            i -= 1;
            tmp[i] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.0.extend_from_slice(&tmp[i..]);
    }

    /// Writes a decimal signed integer.
    pub(crate) fn push_i64(&mut self, v: i64) {
        if v < 0 {
            self.0.push(b'-');
        }
        self.push_u64(v.unsigned_abs());
    }
}

impl fmt::Write for Buf {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.push_str(s);
        Ok(())
    }
}

/// Inherent attributes of `func.func`: properties in generic form, syntax in custom form.
const FUNC_PROPS: [&str; 5] = [
    "arg_attrs",
    "function_type",
    "res_attrs",
    "sym_name",
    "sym_visibility",
];

/// Bytes buffered before handing them to the output.
const FLUSH_AT: usize = 1 << 16;

/// Printer state: the buffer, options, caches and the value numbering of the current function.
pub(crate) struct Printer<'o> {
    pub(crate) buf: Buf,
    pub(crate) opts: &'o PrintOptions,
    out: Option<&'o mut dyn std::io::Write>,
    tensor_text: FxHashMap<usize, Box<str>>,
    /// Printed number of each op's first result, by `OpId`.
    op_num: Vec<u32>,
    escaped_file: Option<(Arc<str>, String)>,
}

impl<'o> Printer<'o> {
    fn new(opts: &'o PrintOptions, out: Option<&'o mut dyn std::io::Write>) -> Printer<'o> {
        Printer {
            buf: Buf(Vec::with_capacity(FLUSH_AT + 4096)),
            opts,
            out,
            tensor_text: FxHashMap::default(),
            op_num: Vec::new(),
            escaped_file: None,
        }
    }

    fn into_string(self) -> String {
        String::from_utf8(self.buf.0).expect("the printer writes UTF-8")
    }

    fn maybe_flush(&mut self) -> std::io::Result<()> {
        if self.buf.0.len() >= FLUSH_AT {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        if let Some(out) = self.out.as_mut() {
            out.write_all(&self.buf.0)?;
            self.buf.0.clear();
            out.flush()?;
        }
        Ok(())
    }

    /// Writes a type, using the cached spelling of tensor types.
    pub(crate) fn write_type(&mut self, t: &Type) {
        match t {
            Type::Scalar(s) => self.buf.push_str(s.name()),
            Type::Tensor(tt) => {
                let key = Arc::as_ptr(tt) as usize;
                if let Some(s) = self.tensor_text.get(&key) {
                    self.buf.0.extend_from_slice(s.as_bytes());
                } else {
                    let s: Box<str> = t.to_string().into();
                    self.buf.push_str(&s);
                    self.tensor_text.insert(key, s);
                }
            }
            Type::Function(ft) => {
                self.write_type_list_parens(ft.inputs.iter());
                self.buf.push_str(" -> ");
                self.write_result_types(&ft.results);
            }
        }
    }

    fn write_type_list_parens<'t>(&mut self, types: impl Iterator<Item = &'t Type>) {
        self.buf.push_str("(");
        for (i, t) in types.enumerate() {
            if i > 0 {
                self.buf.push_str(", ");
            }
            self.write_type(t);
        }
        self.buf.push_str(")");
    }

    /// Results: one non-function type bare, else parenthesised.
    fn write_result_types(&mut self, types: &[Type]) {
        match types {
            [t] if !matches!(t, Type::Function(_)) => self.write_type(t),
            _ => self.write_type_list_parens(types.iter()),
        }
    }

    fn write_loc(&mut self, loc: &Location) {
        self.buf.push_str(" loc(");
        match loc {
            Location::Unknown => self.buf.push_str("unknown"),
            Location::Name(n) => {
                let _ = write_escaped_string(&mut self.buf, n);
            }
            Location::File { file, line, col } => {
                match &self.escaped_file {
                    Some((f, s)) if Arc::ptr_eq(f, file) => self.buf.push_str(s),
                    _ => {
                        let mut s = Buf(Vec::new());
                        let _ = write_escaped_string(&mut s, file);
                        let s = String::from_utf8(s.0).expect("escaped text is UTF-8");
                        self.buf.push_str(&s);
                        self.escaped_file = Some((file.clone(), s));
                    }
                }
                self.buf.push_str(":");
                self.buf.push_u64(*line as u64);
                self.buf.push_str(":");
                self.buf.push_u64(*col as u64);
            }
        }
        self.buf.push_str(")");
    }

    fn indent(&mut self, depth: usize) {
        for _ in 0..depth {
            self.buf.push_str("  ");
        }
    }

    fn module(&mut self, m: &Module) -> std::io::Result<()> {
        if self.opts.generic {
            self.buf.push_str("\"builtin.module\"()");
            if let Some(n) = &m.name {
                self.buf.push_str(" <{sym_name = ");
                let _ = write_escaped_string(&mut self.buf, n);
                self.buf.push_str("}>");
            }
            self.buf.push_str(" ({\n");
            if m.funcs.is_empty() {
                self.buf.push_str("^bb0:\n");
            }
        } else {
            self.buf.push_str("module");
            if let Some(n) = &m.name {
                self.buf.push_str(" ");
                attrs::write_symbol(n, &mut self.buf);
            }
            if !m.attrs.is_empty() {
                self.buf.push_str(" attributes ");
                attrs::write_dict(self, &m.attrs);
            }
            self.buf.push_str(" {\n");
        }
        for f in &m.funcs {
            self.func(f)?;
        }
        if self.opts.generic {
            self.buf.push_str("})");
            if !m.attrs.is_empty() {
                self.buf.push_str(" ");
                attrs::write_dict(self, &m.attrs);
            }
            self.buf.push_str(" : () -> ()");
        } else {
            self.buf.push_str("}");
        }
        if self.opts.debug_info {
            self.write_loc(&m.loc);
        }
        self.buf.push_str("\n");
        Ok(())
    }

    /// Numbers the results of `f`'s live ops in order.
    fn number_values(&mut self, f: &Func) {
        let body = &f.body;
        self.op_num.clear();
        let mut next = 0u32;
        for id in body.ops() {
            let n = body.op(id).num_results();
            if n == 0 {
                continue;
            }
            let i = id.0 as usize;
            if self.op_num.len() <= i {
                self.op_num.resize(i + 1, u32::MAX);
            }
            self.op_num[i] = next;
            next += 1;
        }
    }

    fn func(&mut self, f: &Func) -> std::io::Result<()> {
        self.number_values(f);
        if self.opts.generic {
            self.generic_func_header(f);
        } else {
            self.custom_func_header(f);
        }
        for id in f.body.ops() {
            self.op(f, id, 2);
            self.buf.push_str("\n");
            self.maybe_flush()?;
        }
        self.buf
            .push_str(if self.opts.generic { "  }) " } else { "  }" });
        if self.opts.generic {
            let other: Vec<NamedAttr> = f
                .attrs
                .iter()
                .filter(|a| !FUNC_PROPS.contains(&&*a.name))
                .cloned()
                .collect();
            if !other.is_empty() {
                attrs::write_dict(self, &other);
                self.buf.push_str(" ");
            }
            self.buf.push_str(": () -> ()");
        }
        if self.opts.debug_info {
            self.write_loc(&f.loc);
        }
        self.buf.push_str("\n");
        Ok(())
    }

    fn generic_func_header(&mut self, f: &Func) {
        let mut props: Vec<NamedAttr> = f
            .attrs
            .iter()
            .filter(|a| FUNC_PROPS.contains(&&*a.name))
            .cloned()
            .collect();
        let extra = [
            (
                "function_type",
                Attribute::Type(Type::Function(f.ty.clone())),
            ),
            ("sym_name", Attribute::String(f.name.clone())),
        ];
        for (k, v) in extra {
            let _ = crate::parser::insert_sorted(
                &mut props,
                NamedAttr {
                    name: k.into(),
                    value: v,
                },
            );
        }
        self.buf.push_str("  \"func.func\"() <");
        attrs::write_dict(self, &props);
        self.buf.push_str("> ({\n");
        if !f.body.args().is_empty() {
            self.buf.push_str("  ^bb0(");
            for (i, &a) in f.body.args().iter().enumerate() {
                if i > 0 {
                    self.buf.push_str(", ");
                }
                self.value(f, a);
                self.buf.push_str(": ");
                self.write_type(f.body.ty(a));
            }
            self.buf.push_str("):\n");
        }
    }

    /// The per-position dictionaries of `arg_attrs`/`res_attrs`, if well formed for `n` entries.
    fn per_position<'a>(f: &'a Func, key: &str, n: usize) -> Option<Vec<&'a [NamedAttr]>> {
        let a = f.attrs.iter().find(|a| &*a.name == key)?;
        let Attribute::Array(items) = &a.value else {
            return None;
        };
        if items.len() != n {
            return None;
        }
        items
            .iter()
            .map(|d| match d {
                Attribute::Dict(d) => Some(&**d),
                _ => None,
            })
            .collect()
    }

    fn custom_func_header(&mut self, f: &Func) {
        let arg_attrs = Self::per_position(f, "arg_attrs", f.ty.inputs.len());
        let res_attrs = Self::per_position(f, "res_attrs", f.ty.results.len());
        let vis = f
            .attrs
            .iter()
            .find(|a| &*a.name == "sym_visibility")
            .and_then(|a| a.value.as_str())
            .filter(|v| matches!(*v, "private" | "public" | "nested"));
        self.buf.push_str("  func.func ");
        if let Some(v) = vis {
            self.buf.push_str(v);
            self.buf.push_str(" ");
        }
        attrs::write_symbol(&f.name, &mut self.buf);
        self.buf.push_str("(");
        for (i, &a) in f.body.args().iter().enumerate() {
            if i > 0 {
                self.buf.push_str(", ");
            }
            self.value(f, a);
            self.buf.push_str(": ");
            self.write_type(f.body.ty(a));
            self.optional_dict(arg_attrs.as_ref().and_then(|v| v.get(i).copied()));
        }
        self.buf.push_str(")");
        self.custom_func_results(f, res_attrs.as_deref());
        let shown = |a: &&NamedAttr| match &*a.name {
            "sym_visibility" => vis.is_none(),
            "arg_attrs" => arg_attrs.is_none(),
            "res_attrs" => res_attrs.is_none(),
            _ => true,
        };
        let other: Vec<NamedAttr> = f.attrs.iter().filter(shown).cloned().collect();
        if !other.is_empty() {
            self.buf.push_str(" attributes ");
            attrs::write_dict(self, &other);
        }
        self.buf.push_str(" {\n");
    }

    fn custom_func_results(&mut self, f: &Func, res_attrs: Option<&[&[NamedAttr]]>) {
        let results = &f.ty.results;
        if results.is_empty() {
            return;
        }
        self.buf.push_str(" -> ");
        let has_attrs = res_attrs.is_some_and(|r| r.iter().any(|d| !d.is_empty()));
        if !has_attrs {
            self.write_result_types(results);
            return;
        }
        self.buf.push_str("(");
        for (i, t) in results.iter().enumerate() {
            if i > 0 {
                self.buf.push_str(", ");
            }
            self.write_type(t);
            self.optional_dict(res_attrs.and_then(|v| v.get(i).copied()));
        }
        self.buf.push_str(")");
    }

    fn optional_dict(&mut self, d: Option<&[NamedAttr]>) {
        if let Some(d) = d.filter(|d| !d.is_empty()) {
            self.buf.push_str(" ");
            attrs::write_dict(self, d);
        }
    }

    /// Writes a value use: `%argN`, `%N` or `%N#i`.
    fn value(&mut self, f: &Func, v: ValueId) {
        match f.body.value(v).def {
            ValueDef::Arg(i) => {
                self.buf.push_str("%arg");
                self.buf.push_u64(i as u64);
            }
            ValueDef::Result(op, i) => match self.op_num.get(op.0 as usize) {
                Some(&n) if n != u32::MAX => {
                    self.buf.push_str("%");
                    self.buf.push_u64(n as u64);
                    if f.body.op(op).num_results() > 1 {
                        self.buf.push_str("#");
                        self.buf.push_u64(i as u64);
                    }
                }
                _ => self.buf.push_str("%<<UNKNOWN SSA VALUE>>"),
            },
        }
    }

    fn operands(&mut self, f: &Func, op: &OpData) {
        for (i, &v) in op.operands().iter().enumerate() {
            if i > 0 {
                self.buf.push_str(", ");
            }
            self.value(f, v);
        }
    }

    /// Writes one op (no newline) at `depth` levels of indentation.
    fn op(&mut self, f: &Func, id: OpId, depth: usize) {
        let op = f.body.op(id);
        self.indent(depth);
        let n = op.num_results();
        if n > 0 {
            match self.op_num.get(id.0 as usize) {
                Some(&num) if num != u32::MAX => {
                    self.buf.push_str("%");
                    self.buf.push_u64(num as u64);
                }
                _ => self.buf.push_str("%<<UNKNOWN SSA VALUE>>"),
            }
            if n > 1 {
                self.buf.push_str(":");
                self.buf.push_u64(n as u64);
            }
            self.buf.push_str(" = ");
        }
        if self.opts.generic || op.def().is_none() {
            self.generic_op(f, op);
        } else if op.name() == "func.return" {
            self.return_op(f, op);
        } else {
            self.custom_op(f, op);
        }
        if self.opts.debug_info {
            self.write_loc(&op.loc);
        }
    }

    fn generic_op(&mut self, f: &Func, op: &OpData) {
        self.buf.push_str("\"");
        self.buf.push_str(op.name());
        self.buf.push_str("\"(");
        self.operands(f, op);
        self.buf.push_str(")");
        if !op.attrs.is_empty() {
            self.buf.push_str(" ");
            attrs::write_dict(self, &op.attrs);
        }
        self.buf.push_str(" : ");
        self.op_function_type(f, op);
    }

    fn op_function_type(&mut self, f: &Func, op: &OpData) {
        let body = &f.body;
        self.write_type_list_parens(op.operands().iter().map(|v| body.ty(*v)));
        self.buf.push_str(" -> ");
        match op.num_results() {
            1 if !matches!(body.ty(op.result(0)), Type::Function(_)) => {
                self.write_type(body.ty(op.result(0)))
            }
            _ => self.write_type_list_parens(op.results().map(|r| body.ty(r))),
        }
    }

    fn return_op(&mut self, f: &Func, op: &OpData) {
        self.buf.push_str("return");
        if op.operands().is_empty() {
            return;
        }
        self.buf.push_str(" ");
        self.operands(f, op);
        self.buf.push_str(" : ");
        for (i, &v) in op.operands().iter().enumerate() {
            if i > 0 {
                self.buf.push_str(", ");
            }
            self.write_type(f.body.ty(v));
        }
    }

    /// The short form `: T` applies when the op has one result and operands that all have its type.
    fn short_form_type<'b>(f: &'b Func, op: &OpData) -> Option<&'b Type> {
        if op.num_results() != 1 || op.operands().is_empty() {
            return None;
        }
        let body = &f.body;
        let t = body.ty(op.result(0));
        let same = op.operands().iter().all(|v| body.ty(*v) == t);
        (same && !matches!(t, Type::Function(_))).then_some(t)
    }

    fn custom_op(&mut self, f: &Func, op: &OpData) {
        self.buf.push_str(op.name());
        if !op.operands().is_empty() {
            self.buf.push_str(" ");
            self.operands(f, op);
        }
        if !op.attrs.is_empty() {
            self.buf.push_str(" ");
            attrs::write_dict(self, &op.attrs);
        }
        self.buf.push_str(" : ");
        match Self::short_form_type(f, op) {
            Some(t) => self.write_type(t),
            None => self.op_function_type(f, op),
        }
    }
}
