//! Structure parsing: the module (custom, generic or implicit), functions (custom and generic)
//! and operations (generic form, custom form of registered ops, `return`), with SSA names.

use super::attrs::insert_sorted;
use super::lexer::{Tok, Token};
use super::{LocTarget, PResult, Parser};
use crate::attributes::{Attribute, NamedAttr};
use crate::diagnostics::{Diagnostic, Location};
use crate::ir::{Body, Func, Module, OpId, OpKind, OpSpec, ValueDef, ValueId};
use crate::registry;
use crate::types::{FunctionType, Type};
use rustc_hash::FxHashMap;
use smallvec::SmallVec;
use std::sync::Arc;

/// Names visible in one function body: `%<digits>` through a vector, others through a map.
/// Each entry is (first value id, number of values).
struct Scope<'a> {
    numbered: Vec<(u32, u32)>,
    named: FxHashMap<&'a str, (u32, u32)>,
    max_numbered: usize,
}

impl<'a> Scope<'a> {
    fn new(estimate: usize) -> Scope<'a> {
        Scope {
            numbered: Vec::with_capacity(estimate + 1),
            named: FxHashMap::default(),
            max_numbered: 2 * estimate + 4096,
        }
    }

    /// The numeric index of a `%<digits>` name without leading zeros, if small enough.
    #[inline]
    fn number(&self, name: &str) -> Option<usize> {
        let b = name.as_bytes();
        if b.is_empty() || b.len() > 9 || (b[0] == b'0' && b.len() > 1) {
            return None;
        }
        let mut n = 0usize;
        for &c in b {
            if !c.is_ascii_digit() {
                return None;
            }
            n = n * 10 + (c - b'0') as usize;
        }
        (n <= self.max_numbered).then_some(n)
    }

    #[inline]
    fn get(&self, name: &str) -> Option<(u32, u32)> {
        match self.number(name) {
            Some(n) => self.numbered.get(n).copied().filter(|e| e.1 != 0),
            None => self.named.get(name).copied(),
        }
    }

    /// Binds a name (the caller checked it is free).
    #[inline]
    fn define(&mut self, name: &'a str, first: u32, count: u32) {
        match self.number(name) {
            Some(n) => {
                if n >= self.numbered.len() {
                    self.numbered.resize(n + 1, (0, 0));
                }
                self.numbered[n] = (first, count);
            }
            None => {
                self.named.insert(name, (first, count));
            }
        }
    }
}

/// An SSA use as written: the value and the token naming it.
#[derive(Clone, Copy)]
struct Use {
    value: ValueId,
    tok: Token,
}

/// A result group on the left of `=`: `%name` or `%name:count`.
#[derive(Clone, Copy)]
struct ResultName {
    tok: Token,
    count: u32,
}

/// Counts lines from `from` up to the next `func.func`, as an estimate of a body's op count.
fn estimate_ops(text: &str, from: usize) -> usize {
    let rest = &text.as_bytes()[from..];
    let end = memchr::memmem::find(rest, b"func.func").unwrap_or(rest.len());
    memchr::memchr_iter(b'\n', &rest[..end]).count() + 1
}

impl<'a> Parser<'a> {
    /// Parses the whole input: aliases plus exactly one module (explicit or implicit).
    pub(crate) fn parse_top_level(&mut self) -> PResult<Module> {
        let mut module: Option<Module> = None;
        let mut implicit = Module {
            loc: self.loc_of(self.tok),
            ..Module::default()
        };
        loop {
            let t = self.tok;
            match t.kind {
                Tok::Eof => break,
                Tok::HashId => self.parse_hash_alias_def()?,
                Tok::ExclaimId => self.parse_type_alias_def()?,
                _ if self.at_op_name("module", "builtin.module") => {
                    if module.is_some() || !implicit.funcs.is_empty() {
                        return self.err_at(t, "expected a single top-level module per input");
                    }
                    module = Some(self.parse_module_op()?);
                }
                _ if self.at_op_name("func.func", "func.func") => {
                    if module.is_some() {
                        return self.err_at(t, "expected a single top-level module per input");
                    }
                    let f = self.parse_func(implicit.funcs.len())?;
                    implicit.funcs.push(f);
                }
                _ => return self.err_at(t, "expected 'module' or 'func.func' at the top level"),
            }
        }
        Ok(module.unwrap_or(implicit))
    }

    /// True if the current token is bare `custom` or the string `"generic"`.
    fn at_op_name(&self, custom: &str, generic: &str) -> bool {
        match self.tok.kind {
            Tok::BareId => self.text_of(self.tok) == custom,
            Tok::String => {
                let s = self.text_of(self.tok);
                s.len() == generic.len() + 2 && &s[1..s.len() - 1] == generic
            }
            _ => false,
        }
    }

    fn parse_module_op(&mut self) -> PResult<Module> {
        let t = self.tok;
        let mut m = Module {
            loc: self.loc_of(t),
            ..Module::default()
        };
        if t.kind == Tok::BareId {
            self.advance()?;
            if self.tok.kind == Tok::AtId {
                m.name = Some(self.parse_symbol_name()?);
            }
            if self.at_keyword("attributes") {
                self.advance()?;
                self.parse_attr_dict(&mut m.attrs)?;
            }
            self.parse_module_body(&mut m)?;
        } else {
            self.parse_generic_module(&mut m)?;
        }
        if let Some(l) = self.parse_trailing_loc(LocTarget::Module)? {
            m.loc = l;
        }
        Ok(m)
    }

    fn parse_generic_module(&mut self, m: &mut Module) -> PResult<()> {
        self.advance()?;
        self.expect(Tok::LParen, "'('")?;
        self.expect(Tok::RParen, "')': 'builtin.module' takes no operands")?;
        self.parse_properties(&mut m.attrs)?;
        self.expect(Tok::LParen, "'(' before the module region")?;
        self.parse_module_body(m)?;
        self.expect(Tok::RParen, "')' after the module region")?;
        if self.tok.kind == Tok::LBrace {
            self.parse_attr_dict(&mut m.attrs)?;
        }
        self.expect_unit_op_type("builtin.module")?;
        if let Some(i) = m.attrs.iter().position(|a| &*a.name == "sym_name") {
            match m.attrs.remove(i).value {
                Attribute::String(s) => m.name = Some(s),
                _ => {
                    return self.err_here("'builtin.module' attribute 'sym_name' must be a string")
                }
            }
        }
        Ok(())
    }

    /// Parses `: () -> ()` after a generic module or function.
    fn expect_unit_op_type(&mut self, op: &str) -> PResult<()> {
        self.expect(Tok::Colon, "':' and the operation type")?;
        let t = self.tok;
        let ft = self.parse_function_type()?;
        if !ft.inputs.is_empty() || !ft.results.is_empty() {
            return self.err_at(t, format!("'{op}' must have type '() -> ()'"));
        }
        Ok(())
    }

    /// Parses `<{…}>` if present, merging the entries into `attrs`.
    fn parse_properties(&mut self, attrs: &mut Vec<NamedAttr>) -> PResult<()> {
        if self.eat(Tok::Less)? {
            self.parse_attr_dict(attrs)?;
            self.expect(Tok::Greater, "'>' to close properties")?;
        }
        Ok(())
    }

    fn parse_module_body(&mut self, m: &mut Module) -> PResult<()> {
        self.expect(Tok::LBrace, "'{' to begin the module body")?;
        if self.tok.kind == Tok::CaretId {
            self.advance()?;
            self.expect(Tok::Colon, "':' after block label")?;
        }
        while !self.eat(Tok::RBrace)? {
            if !self.at_op_name("func.func", "func.func") {
                return self.err_here("only 'func.func' operations are supported inside a module");
            }
            let f = self.parse_func(m.funcs.len())?;
            m.funcs.push(f);
        }
        Ok(())
    }

    /// Parses one function (custom or generic form); `index` is its position in the module.
    fn parse_func(&mut self, index: usize) -> PResult<Func> {
        let t = self.tok;
        let mut f = if t.kind == Tok::BareId {
            self.parse_custom_func(index)?
        } else {
            self.parse_generic_func(index)?
        };
        if let Some(l) = self.parse_trailing_loc(LocTarget::Func(index))? {
            f.loc = l;
        }
        Ok(f)
    }

    fn parse_custom_func(&mut self, index: usize) -> PResult<Func> {
        let start = self.bump()?;
        let mut attrs = Vec::new();
        if self.tok.kind == Tok::BareId {
            let vt = self.bump()?;
            let vis = self.text_of(vt);
            if !matches!(vis, "private" | "public" | "nested") {
                return self.err_at(
                    vt,
                    "expected symbol visibility 'private', 'public' or 'nested', or '@name'",
                );
            }
            self.add_attr(
                &mut attrs,
                "sym_visibility",
                Attribute::String(vis.into()),
                vt,
            )?;
        }
        let name = self.parse_symbol_name()?;
        let (arg_names, ty) = self.parse_custom_signature(&mut attrs)?;
        if self.at_keyword("attributes") {
            let kw = self.bump()?;
            let mut extra = Vec::new();
            self.parse_attr_dict(&mut extra)?;
            for a in extra {
                self.add_attr(&mut attrs, &a.name.clone(), a.value, kw)?;
            }
        }
        if self.tok.kind != Tok::LBrace {
            return self.err_at(
                start,
                "functions without a body (declarations) are not supported",
            );
        }
        let mut f = Func {
            name,
            ty: Arc::new(ty),
            attrs,
            loc: self.loc_of(start),
            body: Body::default(),
        };
        self.parse_func_region(&mut f, index, arg_names, false)?;
        Ok(f)
    }

    /// Adds a function attribute, failing on a duplicate name.
    fn add_attr(
        &mut self,
        attrs: &mut Vec<NamedAttr>,
        name: &str,
        value: Attribute,
        t: Token,
    ) -> PResult<()> {
        let name: Arc<str> = name.into();
        insert_sorted(attrs, NamedAttr { name, value })
            .or_else(|n| self.err_at(t, format!("duplicate attribute '{n}' on function")))
    }

    /// Parses `(%a: T {attrs}, …) -> (R {attrs}, …)`; returns argument name tokens and the type.
    fn parse_custom_signature(
        &mut self,
        attrs: &mut Vec<NamedAttr>,
    ) -> PResult<(Vec<Token>, FunctionType)> {
        let open = self.expect(Tok::LParen, "'(' to begin the argument list")?;
        let mut names = Vec::new();
        let mut inputs = Vec::new();
        let mut arg_attrs = Vec::new();
        if !self.eat(Tok::RParen)? {
            loop {
                if self.tok.kind == Tok::PercentId {
                    names.push(self.bump()?);
                    self.expect(Tok::Colon, "':' after the argument name")?;
                }
                inputs.push(self.parse_type()?);
                arg_attrs.push(self.parse_optional_dict()?);
                if self.at_keyword("loc") {
                    self.parse_loc_direct()?;
                }
                if !self.eat(Tok::Comma)? {
                    break;
                }
            }
            self.expect(Tok::RParen, "')' to end the argument list")?;
        }
        if !names.is_empty() && names.len() != inputs.len() {
            return self.err_at(open, "expected SSA value name for every argument");
        }
        let mut results = Vec::new();
        let mut res_attrs = Vec::new();
        if self.eat(Tok::Arrow)? {
            self.parse_custom_results(&mut results, &mut res_attrs)?;
        }
        for (key, list) in [("arg_attrs", arg_attrs), ("res_attrs", res_attrs)] {
            if list.iter().any(|d| !d.is_empty()) {
                let arr: Vec<Attribute> = list
                    .into_iter()
                    .map(|d| Attribute::Dict(d.into()))
                    .collect();
                self.add_attr(attrs, key, Attribute::Array(arr.into()), open)?;
            }
        }
        Ok((names, FunctionType { inputs, results }))
    }

    fn parse_custom_results(
        &mut self,
        results: &mut Vec<Type>,
        res_attrs: &mut Vec<Vec<NamedAttr>>,
    ) -> PResult<()> {
        if !self.eat(Tok::LParen)? {
            results.push(self.parse_type()?);
            res_attrs.push(Vec::new());
            return Ok(());
        }
        if self.eat(Tok::RParen)? {
            return Ok(());
        }
        loop {
            results.push(self.parse_type()?);
            res_attrs.push(self.parse_optional_dict()?);
            if !self.eat(Tok::Comma)? {
                break;
            }
        }
        self.expect(Tok::RParen, "')' to end the result list")?;
        Ok(())
    }

    fn parse_optional_dict(&mut self) -> PResult<Vec<NamedAttr>> {
        let mut d = Vec::new();
        if self.tok.kind == Tok::LBrace {
            self.parse_attr_dict(&mut d)?;
        }
        Ok(d)
    }

    fn parse_generic_func(&mut self, index: usize) -> PResult<Func> {
        let start = self.bump()?;
        self.expect(Tok::LParen, "'('")?;
        self.expect(Tok::RParen, "')': 'func.func' takes no operands")?;
        let mut attrs = Vec::new();
        self.parse_properties(&mut attrs)?;
        self.expect(Tok::LParen, "'(' before the function region")?;
        let mut f = Func {
            name: "".into(),
            ty: Arc::new(FunctionType {
                inputs: vec![],
                results: vec![],
            }),
            attrs: Vec::new(),
            loc: self.loc_of(start),
            body: Body::default(),
        };
        self.parse_func_region(&mut f, index, Vec::new(), true)?;
        self.expect(Tok::RParen, "')' after the function region")?;
        if self.tok.kind == Tok::LBrace {
            self.parse_attr_dict(&mut attrs)?;
        }
        self.expect_unit_op_type("func.func")?;
        self.take_generic_func_attrs(&mut f, attrs, start)?;
        Ok(f)
    }

    /// Moves `sym_name` and `function_type` out of a generic function's attributes and checks the
    /// entry block against the signature.
    fn take_generic_func_attrs(
        &mut self,
        f: &mut Func,
        mut attrs: Vec<NamedAttr>,
        start: Token,
    ) -> PResult<()> {
        let mut take = |name: &str| {
            attrs
                .iter()
                .position(|a| &*a.name == name)
                .map(|i| attrs.remove(i).value)
        };
        let name = take("sym_name");
        let ty = take("function_type");
        f.attrs = attrs;
        match name {
            Some(Attribute::String(s)) => f.name = s,
            _ => return self.err_at(start, "'func.func' op requires string attribute 'sym_name'"),
        }
        let ty = match ty {
            Some(Attribute::Type(Type::Function(ft))) => ft,
            _ => {
                return self.err_at(
                    start,
                    "'func.func' op requires function type attribute 'function_type'",
                )
            }
        };
        let args = f.body.args();
        if args.len() != ty.inputs.len() {
            return self.err_at(
                start,
                format!(
                    "entry block must have {} arguments to match function signature",
                    ty.inputs.len()
                ),
            );
        }
        for (i, (&a, t)) in args.iter().zip(&ty.inputs).enumerate() {
            let got = f.body.ty(a);
            if got != t {
                return self.err_at(start, format!("type of entry block argument #{i}({got}) must match the type of the corresponding argument in function signature({t})"));
            }
        }
        f.ty = ty;
        Ok(())
    }

    /// Parses `{ [^bb0(…):] ops }`. In custom form the arguments come from `f.ty` and are named by
    /// `arg_names`; in generic form (`generic`) they come from the `^bb0(…)` label.
    fn parse_func_region(
        &mut self,
        f: &mut Func,
        index: usize,
        arg_names: Vec<Token>,
        generic: bool,
    ) -> PResult<()> {
        let open = self.expect(Tok::LBrace, "'{' to begin the function body")?;
        if generic && self.tok.kind == Tok::RBrace {
            return self.err_at(
                open,
                "functions without a body (declarations) are not supported",
            );
        }
        let estimate = estimate_ops(self.text, open.end as usize);
        let mut scope = Scope::new(estimate);
        let mut names: Vec<(Token, usize)> = arg_names.into_iter().zip(0..).collect();
        let mut label_names = Vec::new();
        let mut label_types = Vec::new();
        if self.tok.kind == Tok::CaretId {
            self.parse_entry_label(&mut label_names, &mut label_types)?;
        }
        if !generic && !label_names.is_empty() && label_types[..] != f.ty.inputs[..] {
            return self.err_at(
                open,
                "entry block arguments must match the function signature",
            );
        }
        names.extend(label_names.into_iter().zip(0..));
        f.body = Body::with_args(if generic { &label_types } else { &f.ty.inputs });
        f.body.reserve(estimate);
        for (t, i) in names {
            let arg = f.body.args()[i];
            let name = &self.text_of(t)[1..];
            match scope.get(name) {
                Some((v, _)) if v == arg.0 => {}
                Some((v, _)) => return Err(self.redefinition(f, t, ValueId(v))),
                None => {
                    scope.define(name, arg.0, 1);
                }
            }
        }
        loop {
            match self.tok.kind {
                Tok::RBrace => break,
                Tok::CaretId => return self.err_here("only single-block functions are supported"),
                Tok::Eof => return self.err_here("expected '}' to end the function body"),
                _ => self.parse_op(f, index, &mut scope)?,
            }
        }
        self.advance()
    }

    /// Parses `^bb0(%a: T loc(…), …):` or `^bb0:`.
    fn parse_entry_label(&mut self, names: &mut Vec<Token>, types: &mut Vec<Type>) -> PResult<()> {
        self.advance()?;
        if self.eat(Tok::LParen)? && !self.eat(Tok::RParen)? {
            loop {
                names.push(self.expect(Tok::PercentId, "SSA value name in block argument list")?);
                self.expect(Tok::Colon, "':' after block argument name")?;
                types.push(self.parse_type()?);
                if self.at_keyword("loc") {
                    self.parse_loc_direct()?;
                }
                if !self.eat(Tok::Comma)? {
                    break;
                }
            }
            self.expect(Tok::RParen, "')' to end block arguments")?;
        }
        self.expect(Tok::Colon, "':' after block label")?;
        Ok(())
    }

    /// Parses one operation with its results, and appends it to `f`.
    fn parse_op(&mut self, f: &mut Func, index: usize, scope: &mut Scope<'a>) -> PResult<()> {
        let first = self.tok;
        let mut results: SmallVec<[ResultName; 1]> = SmallVec::new();
        if first.kind == Tok::PercentId {
            self.parse_result_names(&mut results)?;
        }
        let num_results: u32 = results.iter().map(|r| r.count).sum();
        let name_tok = self.tok;
        let mut spec = match name_tok.kind {
            Tok::String => self.parse_generic_op(f, scope, num_results)?,
            Tok::BareId => self.parse_custom_op(f, scope, num_results)?,
            _ => return self.err_here("expected operation name in quotes"),
        };
        if spec.result_types.len() != num_results as usize && !results.is_empty() {
            let msg = format!(
                "operation defines {} results but was provided {} to bind",
                spec.result_types.len(),
                num_results
            );
            return self.err_at(first, msg);
        }
        let pending = self.pending_locs.len();
        spec.loc = match self.parse_trailing_loc(LocTarget::Module)? {
            Some(l) => l,
            None => self.loc_of(first),
        };
        let id = f.body.append(spec);
        if self.pending_locs.len() > pending {
            self.pending_locs[pending].target = LocTarget::Op(index, id);
        }
        self.bind_results(f, scope, id, &results)
    }

    fn parse_result_names(&mut self, out: &mut SmallVec<[ResultName; 1]>) -> PResult<()> {
        loop {
            let tok = self.expect(Tok::PercentId, "SSA value name")?;
            let mut count = 1;
            if self.eat(Tok::Colon)? {
                let ct = self.tok;
                let n = self.expect(Tok::Integer, "result count after ':'")?;
                count = self
                    .text_of(n)
                    .parse::<u32>()
                    .ok()
                    .filter(|c| *c >= 1)
                    .map_or_else(
                        || self.err_at(ct, "expected named operation to have at least 1 result"),
                        Ok,
                    )?;
            }
            out.push(ResultName { tok, count });
            if !self.eat(Tok::Comma)? {
                break;
            }
        }
        self.expect(Tok::Equal, "'=' after the result names")?;
        Ok(())
    }

    fn bind_results(
        &mut self,
        f: &Func,
        scope: &mut Scope<'a>,
        id: OpId,
        results: &[ResultName],
    ) -> PResult<()> {
        let mut next = f.body.op(id).results().next().map_or(0, |v| v.0);
        for r in results {
            let name = &self.text_of(r.tok)[1..];
            if let Some((prev, _)) = scope.get(name) {
                return Err(self.redefinition(f, r.tok, ValueId(prev)));
            }
            scope.define(name, next, r.count);
            next += r.count;
        }
        Ok(())
    }

    /// The error for binding a name twice, with a note at the earlier definition.
    #[cold]
    fn redefinition(&self, f: &Func, t: Token, prev: ValueId) -> Box<Diagnostic> {
        let msg = format!("redefinition of SSA value '{}'", self.text_of(t));
        Box::new(
            Diagnostic::error(self.loc_of(t), msg)
                .with_note(self.def_loc(f, prev), "previously defined here"),
        )
    }

    /// Where value `v` is defined, for notes.
    fn def_loc(&self, f: &Func, v: ValueId) -> Location {
        match f.body.value(v).def {
            ValueDef::Result(op, _) => f.body.op(op).loc.clone(),
            ValueDef::Arg(_) => f.loc.clone(),
        }
    }

    /// Parses `%a, %b#1, …` (possibly empty) into uses.
    fn parse_operands(&mut self, scope: &Scope<'a>, out: &mut SmallVec<[Use; 4]>) -> PResult<()> {
        if self.tok.kind != Tok::PercentId {
            return Ok(());
        }
        loop {
            out.push(self.parse_use(scope)?);
            if !self.eat(Tok::Comma)? {
                return Ok(());
            }
        }
    }

    #[inline]
    fn parse_use(&mut self, scope: &Scope<'a>) -> PResult<Use> {
        let tok = self.expect(Tok::PercentId, "SSA value name")?;
        let Some((first, count)) = scope.get(&self.text_of(tok)[1..]) else {
            return self.err_at(tok, "use of undeclared SSA value name");
        };
        let mut idx = 0;
        if self.tok.kind == Tok::HashId {
            let ht = self.bump()?;
            idx = self.text_of(ht)[1..]
                .parse::<u32>()
                .map_or_else(|_| self.err_at(ht, "invalid SSA value result number"), Ok)?;
            if idx >= count {
                return self.err_at(tok, "reference to invalid result number");
            }
        }
        Ok(Use {
            value: ValueId(first + idx),
            tok,
        })
    }

    /// Checks that each operand's value has the type written for it.
    fn check_operand_types(&self, f: &Func, uses: &[Use], types: &[Type]) -> PResult<()> {
        for (u, t) in uses.iter().zip(types) {
            let have = f.body.ty(u.value);
            if have != t {
                let name = self.text_of(u.tok);
                let msg = format!("use of value '{name}' expects different type than prior uses: '{t}' vs '{have}'");
                return Err(Box::new(
                    Diagnostic::error(self.loc_of(u.tok), msg)
                        .with_note(self.def_loc(f, u.value), "prior use here"),
                ));
            }
        }
        Ok(())
    }

    /// The op kind named `name` (registered or not), checking `allow_unregistered`.
    fn op_kind(&mut self, name: &'a str, t: Token) -> PResult<OpKind> {
        let kind = match self.op_kinds.get(name) {
            Some(k) => k.clone(),
            None => {
                let k = OpKind::from_name(name);
                self.op_kinds.insert(name, k.clone());
                k
            }
        };
        if matches!(kind, OpKind::Unregistered(_)) && !self.allow_unregistered {
            return Err(Box::new(crate::verifier::unregistered_error(
                name,
                self.loc_of(t),
            )));
        }
        Ok(kind)
    }

    /// `"dialect.op"(operands) <{props}> {attrs} : (T…) -> R…`.
    fn parse_generic_op(
        &mut self,
        f: &Func,
        scope: &Scope<'a>,
        num_results: u32,
    ) -> PResult<OpSpec> {
        let name_tok = self.bump()?;
        let name = &self.text[name_tok.start as usize + 1..name_tok.end as usize - 1];
        if name.contains('\\') || name.is_empty() {
            return self.err_at(name_tok, "invalid operation name");
        }
        self.expect(Tok::LParen, "'(' to start operand list")?;
        let mut uses = SmallVec::new();
        self.parse_operands(scope, &mut uses)?;
        self.expect(Tok::RParen, "')' to end operand list")?;
        if self.tok.kind == Tok::LSquare {
            return self.err_here("successors are not supported (functions have a single block)");
        }
        let mut attrs = Vec::new();
        self.parse_properties(&mut attrs)?;
        if self.tok.kind == Tok::LParen {
            return self.err_here("operations with regions are not supported");
        }
        if self.tok.kind == Tok::LBrace {
            self.parse_attr_dict(&mut attrs)?;
        }
        let kind = self.op_kind(name, name_tok)?;
        self.expect(Tok::Colon, "':' followed by operation type")?;
        let type_tok = self.tok;
        let mut inputs = Vec::with_capacity(uses.len());
        self.parse_paren_type_list(&mut inputs)?;
        self.expect(Tok::Arrow, "'->' in operation type")?;
        let mut result_types = Vec::with_capacity(num_results as usize);
        self.parse_result_types(&mut result_types)?;
        self.finish_spec(f, kind, &uses, inputs, result_types, attrs, type_tok)
    }

    /// Validates operand types and builds the op description.
    #[allow(clippy::too_many_arguments)]
    fn finish_spec(
        &self,
        f: &Func,
        kind: OpKind,
        uses: &[Use],
        inputs: Vec<Type>,
        result_types: Vec<Type>,
        attrs: Vec<NamedAttr>,
        type_tok: Token,
    ) -> PResult<OpSpec> {
        if inputs.len() != uses.len() {
            return self.err_at(
                type_tok,
                format!(
                    "expected {} operand types but had {}",
                    uses.len(),
                    inputs.len()
                ),
            );
        }
        self.check_operand_types(f, uses, &inputs)?;
        // An exact-size copy: the growth buffer is freed and reused by the next op's dictionary.
        let mut exact = Vec::with_capacity(attrs.len());
        exact.extend(attrs);
        let attrs = exact;
        Ok(OpSpec {
            kind,
            operands: uses.iter().map(|u| u.value).collect(),
            result_types,
            attrs,
            loc: Location::Unknown,
        })
    }

    /// Custom form: `return …`, or `name %a, %b {attrs} : (T…) -> R…` for registered ops; the short
    /// `… : T` gives every operand and result type `T` (printed for any op with one result
    /// whose operands all have the result's type).
    fn parse_custom_op(
        &mut self,
        f: &Func,
        scope: &Scope<'a>,
        num_results: u32,
    ) -> PResult<OpSpec> {
        let name_tok = self.bump()?;
        let name = self.text_of(name_tok);
        if name == "return" || name == "func.return" {
            return self.parse_return(f, scope, name_tok);
        }
        let Some(def) = registry::lookup(name) else {
            return self.err_at(name_tok, format!("custom op '{name}' is unknown"));
        };
        let mut uses = SmallVec::new();
        self.parse_operands(scope, &mut uses)?;
        let mut attrs = Vec::new();
        if self.tok.kind == Tok::LBrace {
            self.parse_attr_dict(&mut attrs)?;
        }
        self.expect(Tok::Colon, "':' followed by the operation type")?;
        let type_tok = self.tok;
        let kind = OpKind::Registered(def);
        if type_tok.kind == Tok::LParen {
            let ft = self.parse_function_type()?;
            return self.finish_spec(f, kind, &uses, ft.inputs, ft.results, attrs, type_tok);
        }
        let t = self.parse_type()?;
        let inputs = vec![t.clone(); uses.len()];
        let results = vec![t; num_results as usize];
        self.finish_spec(f, kind, &uses, inputs, results, attrs, type_tok)
    }

    /// `return`, `return %a, %b : T, U` (also spelled `func.return`).
    fn parse_return(&mut self, f: &Func, scope: &Scope<'a>, name_tok: Token) -> PResult<OpSpec> {
        let kind = self.op_kind("func.return", name_tok)?;
        let mut uses = SmallVec::new();
        self.parse_operands(scope, &mut uses)?;
        let mut types = Vec::new();
        let mut type_tok = self.tok;
        if !uses.is_empty() {
            self.expect(Tok::Colon, "':' followed by the operand types")?;
            type_tok = self.tok;
            self.parse_bare_type_list(&mut types)?;
        }
        self.finish_spec(f, kind, &uses, types, Vec::new(), Vec::new(), type_tok)
    }
}
