//! Pass pipelines: the tree of pass instances anchored on `builtin.module`, its parser for
//! MLIR's textual grammar (`builtin.module(canonicalize{max-iterations=3}, func.func(cse))`,
//! or the short form `cse,dce`) and its canonical, fully spelled text.

use crate::options::{unwrap_braces, PassOptions};
use crate::registry::{all_passes, all_pipelines, lookup_pass, lookup_pipeline};
use crate::registry::{PassRegistration, PipelineRegistration};
use crate::Pass;
use neuron_ir::{Diagnostic, Location};
use std::fmt;
use std::sync::Arc;

/// File name used in the locations of pipeline parse errors.
pub const PIPELINE_SOURCE_NAME: &str = "<pass-pipeline>";

/// The operations a nested pipeline runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// `builtin.module`: the whole module.
    Module,
    /// `func.func`: each function (in parallel).
    Func,
    /// `any`: each function for function passes, the module for the others.
    Any,
}

impl Anchor {
    /// The anchor as written in pipeline text.
    pub fn name(self) -> &'static str {
        match self {
            Anchor::Module => "builtin.module",
            Anchor::Func => "func.func",
            Anchor::Any => "any",
        }
    }

    /// The anchor written `name`.
    pub fn from_name(name: &str) -> Option<Anchor> {
        match name {
            "builtin.module" => Some(Anchor::Module),
            "func.func" => Some(Anchor::Func),
            "any" => Some(Anchor::Any),
            _ => None,
        }
    }
}

/// One pass of a pipeline: its registration, its options and the instance built from them.
#[derive(Clone)]
pub struct PassInstance {
    reg: &'static PassRegistration,
    options: PassOptions,
    pass: Arc<dyn Pass>,
}

impl PassInstance {
    /// Builds an instance of `reg` with the given options.
    pub fn new(reg: &'static PassRegistration, options: PassOptions) -> Result<Self, String> {
        let pass = Arc::from((reg.create)(&options)?);
        Ok(PassInstance { reg, options, pass })
    }

    /// The pass's registration.
    pub fn registration(&self) -> &'static PassRegistration {
        self.reg
    }

    /// Kebab-case argument (`canonicalize`).
    pub fn argument(&self) -> &'static str {
        self.reg.argument
    }

    /// Display name (`Canonicalizer`).
    pub fn name(&self) -> &'static str {
        self.reg.name
    }

    /// The option values the instance was built with.
    pub fn options(&self) -> &PassOptions {
        &self.options
    }

    /// The pass itself.
    pub fn pass(&self) -> &dyn Pass {
        &*self.pass
    }

    /// `argument{options}` as pipeline text.
    pub fn to_text(&self) -> String {
        format!("{}{}", self.reg.argument, self.options.to_pipeline_text())
    }
}

/// One element of a pipeline: a pass, or a nested pipeline on functions (`func.func`, `any`).
#[derive(Clone)]
pub enum PipelineElement {
    /// A pass.
    Pass(PassInstance),
    /// A nested pipeline and its anchor (never `Anchor::Module`).
    Nest(Anchor, Vec<PipelineElement>),
}

/// A pipeline anchored on `builtin.module`: the passes to run, in order.
#[derive(Clone, Default)]
pub struct Pipeline {
    elements: Vec<PipelineElement>,
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_inline_text())
    }
}

impl Pipeline {
    /// The pipeline that runs nothing.
    pub fn empty() -> Pipeline {
        Pipeline::default()
    }

    /// Appends `other`, to run after the passes of `self`.
    pub fn extend(&mut self, other: Pipeline) {
        self.elements.extend(other.elements);
    }

    /// True if the pipeline holds no pass (nested pipelines included).
    pub fn is_empty(&self) -> bool {
        self.num_passes() == 0
    }

    /// Number of pass instances, nested ones included.
    pub fn num_passes(&self) -> usize {
        fn count(e: &[PipelineElement]) -> usize {
            e.iter()
                .map(|e| match e {
                    PipelineElement::Pass(_) => 1,
                    PipelineElement::Nest(_, inner) => count(inner),
                })
                .sum()
        }
        count(&self.elements)
    }

    /// The top-level elements (run on the module), in order.
    pub fn elements(&self) -> &[PipelineElement] {
        &self.elements
    }

    /// Canonical text in `mlir-opt --dump-pass-pipeline` layout: fully anchored, one element
    /// per line indented by nesting, every option spelled out. It parses back to itself.
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        write_nest(&mut out, Anchor::Module, &self.elements, 0);
        out
    }

    /// The canonical text on one line: `builtin.module(cse,func.func(dce))`.
    pub fn to_inline_text(&self) -> String {
        let mut out = String::new();
        write_inline(&mut out, Anchor::Module, &self.elements);
        out
    }

    /// What `mlir-opt --dump-pass-pipeline` writes on stderr:
    /// `Pass Manager with N passes:`, the canonical text, then a blank line.
    pub fn dump_text(&self) -> String {
        format!(
            "Pass Manager with {} passes:\n{}\n\n",
            self.elements.len(),
            self.to_text()
        )
    }
}

fn write_nest(out: &mut String, anchor: Anchor, elements: &[PipelineElement], depth: usize) {
    out.push_str(anchor.name());
    out.push_str("(\n");
    for (i, e) in elements.iter().enumerate() {
        if i > 0 {
            out.push_str(",\n");
        }
        out.push_str(&"  ".repeat(depth + 1));
        match e {
            PipelineElement::Pass(p) => out.push_str(&p.to_text()),
            PipelineElement::Nest(a, inner) => write_nest(out, *a, inner, depth + 1),
        }
    }
    out.push('\n');
    out.push_str(&"  ".repeat(depth));
    out.push(')');
}

fn write_inline(out: &mut String, anchor: Anchor, elements: &[PipelineElement]) {
    out.push_str(anchor.name());
    out.push('(');
    for (i, e) in elements.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match e {
            PipelineElement::Pass(p) => out.push_str(&p.to_text()),
            PipelineElement::Nest(a, inner) => write_inline(out, *a, inner),
        }
    }
    out.push(')');
}

/// Parses pipeline text; errors point into `text` under the file name `PIPELINE_SOURCE_NAME`.
pub fn parse_pipeline(text: &str) -> Result<Pipeline, Diagnostic> {
    let mut p = Parser::new(text, Vec::new(), None);
    let elements = p.parse_all(Ctx::Top)?;
    Ok(Pipeline { elements })
}

/// Where an element list stands: decides which anchors may open there and which passes fit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ctx {
    /// The outermost list (`builtin.module(…)` and `any(…)` here mean the module itself).
    Top,
    /// Inside `builtin.module(…)`.
    Module,
    /// Inside `func.func(…)`.
    Func,
    /// Inside a nested `any(…)`.
    Any,
}

impl Ctx {
    fn anchor(self) -> Anchor {
        match self {
            Ctx::Top | Ctx::Module => Anchor::Module,
            Ctx::Func => Anchor::Func,
            Ctx::Any => Anchor::Any,
        }
    }
}

/// One `key=value` of a pass's option list, with byte offsets for diagnostics.
struct OptPair {
    key: String,
    key_pos: usize,
    value: String,
    value_pos: usize,
}

/// Options written after a pass name, and the offset of their `{`.
struct Opts {
    open: usize,
    pairs: Vec<OptPair>,
}

/// Recursive-descent parser over one pipeline text (the user's, or a registered pipeline's).
struct Parser<'a> {
    text: &'a str,
    pos: usize,
    /// Registered pipelines being expanded, outermost first (cycle guard).
    stack: Vec<&'static str>,
    /// For a registered pipeline's text: its name and the location of its use in the user's
    /// text, where every error is reported.
    alias: Option<(&'static str, Location)>,
}

impl<'a> Parser<'a> {
    fn new(
        text: &'a str,
        stack: Vec<&'static str>,
        alias: Option<(&'static str, Location)>,
    ) -> Self {
        Parser {
            text,
            pos: 0,
            stack,
            alias,
        }
    }

    fn peek(&self) -> Option<char> {
        self.text[self.pos..].chars().next()
    }

    fn bump(&mut self) {
        if let Some(c) = self.peek() {
            self.pos += c.len_utf8();
        }
    }

    fn eat(&mut self, c: char) -> bool {
        let hit = self.peek() == Some(c);
        if hit {
            self.bump();
        }
        hit
    }

    fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    /// Reads characters while `ok` holds; returns them.
    fn take_while(&mut self, ok: impl Fn(char) -> bool) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(&ok) {
            self.bump();
        }
        &self.text[start..self.pos]
    }

    /// The location of byte offset `pos` (1-based line and column, columns in characters).
    fn loc(&self, pos: usize) -> Location {
        if let Some((_, loc)) = &self.alias {
            return loc.clone();
        }
        let before = &self.text[..pos];
        let line = before.matches('\n').count() as u32 + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = before[line_start..].chars().count() as u32 + 1;
        Location::file(&Arc::from(PIPELINE_SOURCE_NAME), line, col)
    }

    /// An error at byte offset `pos` (or at the use of the registered pipeline being expanded).
    fn err(&self, pos: usize, msg: impl Into<String>) -> Diagnostic {
        let msg = msg.into();
        match &self.alias {
            Some((name, _)) => {
                Diagnostic::error(self.loc(pos), format!("in pass pipeline '{name}': {msg}"))
            }
            None => Diagnostic::error(self.loc(pos), msg),
        }
    }

    /// `end of pipeline` or the quoted next character.
    fn found(&self) -> String {
        match self.peek() {
            None => "end of pipeline".to_string(),
            Some(c) => format!("'{c}'"),
        }
    }

    /// A whole text: an element list and nothing after it (the empty text is no pass).
    fn parse_all(&mut self, ctx: Ctx) -> Result<Vec<PipelineElement>, Diagnostic> {
        self.skip_ws();
        if self.peek().is_none() {
            return Ok(Vec::new());
        }
        let elements = self.parse_list(ctx)?;
        self.skip_ws();
        match self.peek() {
            None => Ok(elements),
            Some(')') => Err(self.err(
                self.pos,
                "encountered extra closing ')' creating unbalanced parentheses while parsing pipeline",
            )),
            Some(_) => Err(self.err(
                self.pos,
                format!("expected ',' or end of pipeline, found {}", self.found()),
            )),
        }
    }

    /// `element (',' element)*`.
    fn parse_list(&mut self, ctx: Ctx) -> Result<Vec<PipelineElement>, Diagnostic> {
        let mut out = Vec::new();
        loop {
            out.extend(self.parse_element(ctx)?);
            self.skip_ws();
            if !self.eat(',') {
                return Ok(out);
            }
        }
    }

    /// A pass with options, a registered pipeline, or `anchor(…)`; spliced into the list.
    fn parse_element(&mut self, ctx: Ctx) -> Result<Vec<PipelineElement>, Diagnostic> {
        self.skip_ws();
        let start = self.pos;
        let name = self.take_while(is_name_char);
        if name.is_empty() {
            return Err(self.err(
                start,
                format!(
                    "expected a pass name or a nested pipeline, found {}",
                    self.found()
                ),
            ));
        }
        self.skip_ws();
        match self.peek() {
            Some('(') => self.parse_nest(name, start, ctx),
            Some('{') => {
                let opts = self.parse_options()?;
                self.resolve(name, start, Some(opts), ctx)
            }
            _ => self.resolve(name, start, None, ctx),
        }
    }

    /// `anchor '(' list ')'`, with the cursor on `(`.
    fn parse_nest(
        &mut self,
        name: &str,
        start: usize,
        ctx: Ctx,
    ) -> Result<Vec<PipelineElement>, Diagnostic> {
        let anchor = Anchor::from_name(name).ok_or_else(|| {
            self.err(
                start,
                format!("'{name}' is not a known pipeline anchor; expected 'builtin.module', 'func.func' or 'any'"),
            )
        })?;
        let (inner, splice) = match (anchor, ctx) {
            (Anchor::Module | Anchor::Any, Ctx::Top) => (Ctx::Module, true),
            (Anchor::Func, Ctx::Top | Ctx::Module) => (Ctx::Func, false),
            (Anchor::Any, Ctx::Module) => (Ctx::Any, false),
            _ => {
                return Err(self.err(
                    start,
                    format!(
                        "a '{}' pipeline cannot be nested inside a '{}' pipeline",
                        anchor.name(),
                        ctx.anchor().name()
                    ),
                ))
            }
        };
        let open = self.pos;
        self.bump();
        self.skip_ws();
        let elements = if splice && self.peek() == Some(')') {
            Vec::new()
        } else {
            self.parse_list(inner)?
        };
        self.skip_ws();
        match self.peek() {
            Some(')') => self.bump(),
            None => return Err(self.err(open, "missing closing ')' of this pipeline")),
            Some(_) => {
                return Err(self.err(
                    self.pos,
                    format!("expected ',' or ')', found {}", self.found()),
                ))
            }
        }
        Ok(if splice {
            elements
        } else {
            vec![PipelineElement::Nest(anchor, elements)]
        })
    }

    /// `'{' (key ('=' value)?)* '}'`, with the cursor on `{`.
    fn parse_options(&mut self) -> Result<Opts, Diagnostic> {
        let open = self.pos;
        self.bump();
        let mut pairs = Vec::new();
        loop {
            self.skip_ws();
            match self.peek() {
                None => {
                    return Err(self.err(open, "missing closing '}' while processing pass options"))
                }
                Some('}') => {
                    self.bump();
                    return Ok(Opts { open, pairs });
                }
                Some(_) => pairs.push(self.parse_option()?),
            }
        }
    }

    /// One `key` or `key=value`.
    fn parse_option(&mut self) -> Result<OptPair, Diagnostic> {
        let key_pos = self.pos;
        let key = self.take_while(|c| !c.is_whitespace() && !matches!(c, '=' | '{' | '}'));
        if key.is_empty() {
            return Err(self.err(
                key_pos,
                format!("expected an option name, found {}", self.found()),
            ));
        }
        if !self.eat('=') {
            return Ok(OptPair {
                key: key.to_string(),
                key_pos,
                value: String::new(),
                value_pos: key_pos,
            });
        }
        let value_pos = self.pos;
        let value = self.parse_value()?;
        Ok(OptPair {
            key: key.to_string(),
            key_pos,
            value,
            value_pos,
        })
    }

    /// An option value: `"quoted"`, or text up to a space or `}` outside braces, with
    /// one level of enclosing braces removed (`{a b}` is `a b`).
    fn parse_value(&mut self) -> Result<String, Diagnostic> {
        let start = self.pos;
        if self.eat('"') {
            let body = self.take_while(|c| c != '"');
            if !self.eat('"') {
                return Err(self.err(start, "missing closing '\"' of this option value"));
            }
            return Ok(body.to_string());
        }
        let mut opens = Vec::new();
        while let Some(c) = self.peek() {
            match c {
                '{' => opens.push(self.pos),
                '}' if opens.is_empty() => break,
                '}' => {
                    opens.pop();
                }
                c if c.is_whitespace() && opens.is_empty() => break,
                _ => {}
            }
            self.bump();
        }
        if let Some(&open) = opens.last() {
            return Err(self.err(open, "missing closing '}' of this option value"));
        }
        Ok(unwrap_braces(&self.text[start..self.pos]).to_string())
    }

    /// Turns a name (and its options) into elements: a registered pass, or the expansion of a
    /// registered pipeline.
    fn resolve(
        &mut self,
        name: &str,
        start: usize,
        opts: Option<Opts>,
        ctx: Ctx,
    ) -> Result<Vec<PipelineElement>, Diagnostic> {
        if let Some(reg) = lookup_pass(name) {
            let pairs = opts.map_or_else(Vec::new, |o| o.pairs);
            let inst = self.make_pass(reg, start, &pairs, ctx)?;
            return Ok(vec![PipelineElement::Pass(inst)]);
        }
        if let Some(pl) = lookup_pipeline(name) {
            if let Some(o) = opts {
                return Err(self.err(
                    o.open,
                    format!("pass pipeline '{name}' does not take options"),
                ));
            }
            return self.expand(pl, start, ctx);
        }
        Err(self.unknown_pass(name, start))
    }

    /// `'nope' does not refer to …`, with a `did you mean` note when a name is close.
    fn unknown_pass(&self, name: &str, start: usize) -> Diagnostic {
        let d = self.err(
            start,
            format!("'{name}' does not refer to a registered pass or pass pipeline"),
        );
        let names = all_passes()
            .into_iter()
            .map(|p| p.argument)
            .chain(all_pipelines().into_iter().map(|p| p.argument));
        match closest(name, names) {
            Some(s) => d.with_note(self.loc(start), format!("did you mean '{s}'?")),
            None => d,
        }
    }

    /// Checks the options, builds the pass, and checks it may run where it stands.
    fn make_pass(
        &self,
        reg: &'static PassRegistration,
        start: usize,
        pairs: &[OptPair],
        ctx: Ctx,
    ) -> Result<PassInstance, Diagnostic> {
        for p in pairs {
            self.check_option(reg, p)?;
        }
        let kv: Vec<(String, String)> = pairs
            .iter()
            .map(|p| (p.key.clone(), p.value.clone()))
            .collect();
        let options = PassOptions::from_pairs(reg.options, &kv).map_err(|e| self.err(start, e))?;
        let inst = PassInstance::new(reg, options).map_err(|e| {
            self.err(
                start,
                format!("invalid options for pass '{}': {e}", reg.argument),
            )
        })?;
        if ctx == Ctx::Func && !inst.pass().is_function_pass() {
            return Err(self.err(
                start,
                format!(
                    "'{}' is a module pass and cannot be nested under 'func.func'",
                    reg.argument
                ),
            ));
        }
        Ok(inst)
    }

    /// One option: its key must be declared (error at the key) and its value valid (at the value).
    fn check_option(&self, reg: &PassRegistration, p: &OptPair) -> Result<(), Diagnostic> {
        let declared = reg.options.iter().any(|s| s.name == p.key);
        let pair = [(p.key.clone(), p.value.clone())];
        match PassOptions::from_pairs(reg.options, &pair) {
            Ok(_) => Ok(()),
            Err(e) if declared => Err(self.err(p.value_pos, e)),
            Err(e) => {
                let d = self.err(p.key_pos, format!("{e} for pass '{}'", reg.argument));
                let names = reg.options.iter().map(|s| s.name);
                Err(match closest(&p.key, names) {
                    Some(s) => d.with_note(self.loc(p.key_pos), format!("did you mean '{s}'?")),
                    None => d,
                })
            }
        }
    }

    /// Parses a registered pipeline's text in place (errors point at its use).
    fn expand(
        &self,
        pl: &'static PipelineRegistration,
        start: usize,
        ctx: Ctx,
    ) -> Result<Vec<PipelineElement>, Diagnostic> {
        if self.stack.contains(&pl.argument) {
            let mut chain = self.stack.clone();
            chain.push(pl.argument);
            return Err(self.err(
                start,
                format!(
                    "pass pipeline '{}' is defined recursively ({})",
                    pl.argument,
                    chain.join(" -> ")
                ),
            ));
        }
        let mut stack = self.stack.clone();
        stack.push(pl.argument);
        let at = self.loc(start);
        let mut sub = Parser::new(pl.pipeline, stack, Some((pl.argument, at)));
        let ctx = if ctx == Ctx::Module { Ctx::Top } else { ctx };
        sub.parse_all(ctx)
    }
}

/// Characters of pass names and anchors.
fn is_name_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '$')
}

/// The candidate closest to `name` by edit distance (transpositions count one), if close
/// enough to be a likely typo; ties go to the alphabetically first.
fn closest<'n>(name: &str, candidates: impl Iterator<Item = &'n str>) -> Option<&'n str> {
    let limit = (name.chars().count() / 3).max(1);
    candidates
        .map(|c| (strsim::osa_distance(name, c), c))
        .filter(|&(d, _)| d <= limit)
        .min()
        .map(|(_, c)| c)
}
