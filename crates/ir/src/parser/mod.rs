//! Parser of MLIR-syntax text into a `Module`: custom and generic op forms, every supported
//! type and attribute, locations and aliases. Every malformed input gets a located error.

mod attrs;
mod dense;
mod lexer;
pub(crate) mod literals;
mod locs;
mod ops;
mod types;

pub(crate) use attrs::{insert_sorted, is_bare_identifier};

use crate::attributes::Attribute;
use crate::diagnostics::{Diagnostic, Location};
use crate::ir::{Module, OpKind};
use crate::types::Type;
use lexer::{Lexer, Tok, Token};
use rustc_hash::FxHashMap;
use std::sync::Arc;

/// Options of the parser.
#[derive(Clone, Debug, Default)]
pub struct ParseOptions {
    /// Accept ops of unregistered dialects.
    pub allow_unregistered: bool,
    /// Lines before this text in its file (for `--split-input-file` chunks): added to every line number.
    pub line_offset: u32,
}

/// Parses a module from `text`; `file` names the source in locations and diagnostics.
pub fn parse_module(
    text: &str,
    file: &Arc<str>,
    opts: &ParseOptions,
) -> Result<Module, Diagnostic> {
    let run = || {
        let mut p = Parser::new(text, file, opts)?;
        let mut m = p.parse_top_level()?;
        p.resolve_pending_locs(&mut m)?;
        Ok(m)
    };
    run().map_err(|e: Box<Diagnostic>| *e)
}

/// Parses one type, e.g. `tensor<2x3xf32>` or `(f32) -> f32`.
pub fn parse_type(text: &str) -> Result<Type, Diagnostic> {
    let file: Arc<str> = "<type>".into();
    let run = || {
        let mut p = Parser::new(text, &file, &ParseOptions::default())?;
        let t = p.parse_type()?;
        p.expect_eof()?;
        Ok(t)
    };
    run().map_err(|e: Box<Diagnostic>| *e)
}

/// Parses one attribute, e.g. `dense<[1.0, 2.0]> : tensor<2xf32>` or `{k = 1 : i64}`.
pub fn parse_attribute(text: &str) -> Result<Attribute, Diagnostic> {
    let file: Arc<str> = "<attribute>".into();
    let run = || {
        let mut p = Parser::new(text, &file, &ParseOptions::default())?;
        let a = p.parse_attribute()?;
        p.expect_eof()?;
        Ok(a)
    };
    run().map_err(|e: Box<Diagnostic>| *e)
}

/// Result of the parser's internal steps (the error boxed, so results stay register-sized).
pub(crate) type PResult<T> = Result<T, Box<Diagnostic>>;

/// What a `loc(#alias)` reference must be patched into once all aliases are known.
#[derive(Clone, Copy, Debug)]
pub(crate) enum LocTarget {
    /// The module itself.
    Module,
    /// Function number `n` of the module.
    Func(usize),
    /// An op of function number `n`.
    Op(usize, crate::ir::OpId),
}

/// A location alias used before (or without) its definition.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PendingLoc {
    /// Where the location goes.
    pub target: LocTarget,
    /// The `#alias` token.
    pub tok: Token,
}

/// Parser state: the token cursor, options and caches shared by the whole input.
pub(crate) struct Parser<'a> {
    pub(crate) lex: Lexer<'a>,
    pub(crate) tok: Token,
    pub(crate) text: &'a str,
    pub(crate) file: Arc<str>,
    pub(crate) line_offset: u32,
    pub(crate) allow_unregistered: bool,
    /// Tensor types by their exact spelling, so equal spellings share one `Arc`.
    pub(crate) types: FxHashMap<&'a str, Type>,
    /// Interned attribute names and symbol names by spelling.
    pub(crate) names: FxHashMap<&'a str, Arc<str>>,
    /// Op kinds by name.
    pub(crate) op_kinds: FxHashMap<&'a str, OpKind>,
    /// `#name = <attr>` definitions.
    pub(crate) attr_aliases: FxHashMap<&'a str, Attribute>,
    /// `!name = <type>` definitions.
    pub(crate) type_aliases: FxHashMap<&'a str, Type>,
    /// `#loc = loc(…)` definitions.
    pub(crate) loc_aliases: FxHashMap<&'a str, Location>,
    /// Location alias uses to resolve at the end.
    pub(crate) pending_locs: Vec<PendingLoc>,
    /// Current nesting of attributes, types and locations (bounded to protect the stack).
    depth: u32,
}

/// Deepest nesting of attributes, types or locations accepted.
const MAX_DEPTH: u32 = 200;

impl<'a> Parser<'a> {
    /// A parser positioned on the first token of `text`.
    pub(crate) fn new(text: &'a str, file: &Arc<str>, opts: &ParseOptions) -> PResult<Parser<'a>> {
        let mut p = Parser {
            lex: Lexer::new(text),
            tok: Token {
                kind: Tok::Eof,
                start: 0,
                end: 0,
                line: 1,
                col: 1,
            },
            text,
            file: file.clone(),
            line_offset: opts.line_offset,
            allow_unregistered: opts.allow_unregistered,
            types: FxHashMap::default(),
            names: FxHashMap::default(),
            op_kinds: FxHashMap::default(),
            attr_aliases: FxHashMap::default(),
            type_aliases: FxHashMap::default(),
            loc_aliases: FxHashMap::default(),
            pending_locs: Vec::new(),
            depth: 0,
        };
        p.advance()?;
        Ok(p)
    }

    /// Lexes the next token into `self.tok`.
    #[inline]
    pub(crate) fn advance(&mut self) -> PResult<()> {
        match self.lex.next_token() {
            Ok(t) => {
                self.tok = t;
                Ok(())
            }
            Err(e) => Err(Box::new(Diagnostic::error(
                Location::file(&self.file, e.line + self.line_offset, e.col),
                e.msg,
            ))),
        }
    }

    /// Returns the current token and moves to the next one.
    #[inline]
    pub(crate) fn bump(&mut self) -> PResult<Token> {
        let t = self.tok;
        self.advance()?;
        Ok(t)
    }

    /// Continues lexing at byte `pos` (on the current line), past raw-scanned text.
    pub(crate) fn resume_at(&mut self, pos: usize) -> PResult<()> {
        self.lex.reset_to(pos);
        self.advance()
    }

    /// The source text of a token.
    #[inline]
    pub(crate) fn text_of(&self, t: Token) -> &'a str {
        &self.text[t.start as usize..t.end as usize]
    }

    /// The location of a token.
    #[inline]
    pub(crate) fn loc_of(&self, t: Token) -> Location {
        Location::File {
            file: self.file.clone(),
            line: t.line + self.line_offset,
            col: t.col,
        }
    }

    /// An error pointing at token `t`.
    #[cold]
    pub(crate) fn err_at<T>(&self, t: Token, msg: impl Into<String>) -> PResult<T> {
        Err(Box::new(Diagnostic::error(self.loc_of(t), msg)))
    }

    /// An error pointing at the current token.
    #[cold]
    pub(crate) fn err_here<T>(&self, msg: impl Into<String>) -> PResult<T> {
        self.err_at(self.tok, msg)
    }

    /// True if the current token is the bare keyword `kw`.
    #[inline]
    pub(crate) fn at_keyword(&self, kw: &str) -> bool {
        self.tok.kind == Tok::BareId && self.text_of(self.tok) == kw
    }

    /// Consumes a token of `kind` if it is the current one.
    #[inline]
    pub(crate) fn eat(&mut self, kind: Tok) -> PResult<bool> {
        if self.tok.kind == kind {
            self.advance()?;
            Ok(true)
        } else {
            Ok(false)
        }
    }

    /// Consumes a token of `kind`, or fails with "expected {what}".
    #[inline]
    pub(crate) fn expect(&mut self, kind: Tok, what: &str) -> PResult<Token> {
        if self.tok.kind == kind {
            self.bump()
        } else {
            self.err_here(format!("expected {what}"))
        }
    }

    /// Consumes the keyword `kw`, or fails.
    pub(crate) fn expect_keyword(&mut self, kw: &str) -> PResult<Token> {
        if self.at_keyword(kw) {
            self.bump()
        } else {
            self.err_here(format!("expected '{kw}'"))
        }
    }

    /// Fails unless the input is fully consumed.
    pub(crate) fn expect_eof(&self) -> PResult<()> {
        if self.tok.kind == Tok::Eof {
            Ok(())
        } else {
            self.err_here(format!(
                "unexpected {} after the end of the input",
                self.tok.kind.describe()
            ))
        }
    }

    /// Runs a recursive parsing step one nesting level deeper, failing past `MAX_DEPTH`.
    pub(crate) fn nested<T>(&mut self, step: impl FnOnce(&mut Self) -> PResult<T>) -> PResult<T> {
        if self.depth >= MAX_DEPTH {
            return self.err_here("nesting is too deep");
        }
        self.depth += 1;
        let r = step(self);
        self.depth -= 1;
        r
    }

    /// The interned `Arc<str>` for a spelling.
    pub(crate) fn intern(&mut self, s: &'a str) -> Arc<str> {
        if let Some(a) = self.names.get(s) {
            return a.clone();
        }
        let a: Arc<str> = s.into();
        self.names.insert(s, a.clone());
        a
    }
}
