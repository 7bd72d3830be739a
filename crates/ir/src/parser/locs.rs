//! Location parsing: `loc("file":l:c)`, `loc("name")`, `loc(unknown)`, `loc(#alias)`, and
//! approximations of call-site and fused locations.

use super::lexer::{Tok, Token};
use super::literals::parse_u64;
use super::{LocTarget, PResult, Parser, PendingLoc};
use crate::diagnostics::{Diagnostic, Location};
use crate::ir::Module;
use std::sync::Arc;

/// A parsed location or a reference to an alias that may be defined later.
pub(crate) enum ParsedLoc {
    /// A location.
    Loc(Location),
    /// `#alias`.
    Alias(Token),
}

impl<'a> Parser<'a> {
    /// Parses `loc(…)` if present after an op, function or module; aliases become pending.
    pub(crate) fn parse_trailing_loc(&mut self, target: LocTarget) -> PResult<Option<Location>> {
        if !self.at_keyword("loc") {
            return Ok(None);
        }
        self.advance()?;
        self.expect(Tok::LParen, "'(' in location")?;
        let parsed = self.parse_loc_inner()?;
        self.expect(Tok::RParen, "')' in location")?;
        Ok(Some(match parsed {
            ParsedLoc::Loc(l) => l,
            ParsedLoc::Alias(tok) => match self.loc_aliases.get(self.text_of(tok)) {
                Some(l) => l.clone(),
                None => {
                    self.pending_locs.push(PendingLoc { target, tok });
                    Location::Unknown
                }
            },
        }))
    }

    /// Parses `loc(…)` where an alias must already be defined (alias definitions, block args).
    pub(crate) fn parse_loc_direct(&mut self) -> PResult<Location> {
        self.expect_keyword("loc")?;
        self.expect(Tok::LParen, "'(' in location")?;
        let l = self.parse_resolved_inner()?;
        self.expect(Tok::RParen, "')' in location")?;
        Ok(l)
    }

    fn parse_resolved_inner(&mut self) -> PResult<Location> {
        match self.parse_loc_inner()? {
            ParsedLoc::Loc(l) => Ok(l),
            ParsedLoc::Alias(t) => Ok(self
                .loc_aliases
                .get(self.text_of(t))
                .cloned()
                .unwrap_or_default()),
        }
    }

    /// Parses the location between `loc(` and `)`.
    fn parse_loc_inner(&mut self) -> PResult<ParsedLoc> {
        self.nested(Self::parse_loc_here)
    }

    fn parse_loc_here(&mut self) -> PResult<ParsedLoc> {
        let t = self.tok;
        match t.kind {
            Tok::HashId => {
                self.advance()?;
                Ok(ParsedLoc::Alias(t))
            }
            Tok::String => self.parse_file_or_name_loc().map(ParsedLoc::Loc),
            Tok::BareId => match self.text_of(t) {
                "unknown" => self.advance().map(|_| ParsedLoc::Loc(Location::Unknown)),
                "callsite" => self.parse_callsite_loc().map(ParsedLoc::Loc),
                "fused" => self.parse_fused_loc().map(ParsedLoc::Loc),
                _ => self.err_here("expected location instance"),
            },
            _ => self.err_here("expected location instance"),
        }
    }

    fn parse_u32(&mut self, what: &str) -> PResult<u32> {
        let t = self.tok;
        if t.kind == Tok::Integer {
            if let Some(v) = parse_u64(self.text_of(t)).and_then(|v| u32::try_from(v).ok()) {
                self.advance()?;
                return Ok(v);
            }
        }
        self.err_here(format!("expected integer {what} in location"))
    }

    fn parse_file_or_name_loc(&mut self) -> PResult<Location> {
        let st = self.bump()?;
        let s = self.decode_string(st)?;
        if self.eat(Tok::Colon)? {
            let line = self.parse_u32("line number")?;
            let col = if self.eat(Tok::Colon)? {
                self.parse_u32("column")?
            } else {
                0
            };
            self.skip_loc_range()?;
            let file = if *s == *self.file {
                self.file.clone()
            } else {
                Arc::from(&*s)
            };
            return Ok(Location::File { file, line, col });
        }
        if self.eat(Tok::LParen)? {
            self.parse_resolved_inner()?;
            self.expect(Tok::RParen, "')' after name location child")?;
        }
        Ok(Location::Name(Arc::from(&*s)))
    }

    /// Skips the ` to L:C` / ` to :C` end of a file range location.
    fn skip_loc_range(&mut self) -> PResult<()> {
        if !self.at_keyword("to") {
            return Ok(());
        }
        self.advance()?;
        if self.tok.kind == Tok::Integer {
            self.parse_u32("line number")?;
        }
        if self.eat(Tok::Colon)? {
            self.parse_u32("column")?;
        }
        Ok(())
    }

    fn parse_callsite_loc(&mut self) -> PResult<Location> {
        self.advance()?;
        self.expect(Tok::LParen, "'(' in callsite location")?;
        let callee = self.parse_resolved_inner()?;
        self.expect_keyword("at")?;
        self.parse_resolved_inner()?;
        self.expect(Tok::RParen, "')' in callsite location")?;
        Ok(callee)
    }

    fn parse_fused_loc(&mut self) -> PResult<Location> {
        self.advance()?;
        if self.eat(Tok::Less)? {
            self.parse_attribute()?;
            self.expect(Tok::Greater, "'>' after fused location metadata")?;
        }
        self.expect(Tok::LSquare, "'[' in fused location")?;
        let mut first = None;
        if !self.eat(Tok::RSquare)? {
            loop {
                let l = self.parse_resolved_inner()?;
                first.get_or_insert(l);
                if !self.eat(Tok::Comma)? {
                    break;
                }
            }
            self.expect(Tok::RSquare, "']' in fused location")?;
        }
        Ok(first.unwrap_or_default())
    }

    /// Patches `loc(#alias)` uses now that every alias definition has been read.
    pub(crate) fn resolve_pending_locs(&mut self, m: &mut Module) -> PResult<()> {
        for p in std::mem::take(&mut self.pending_locs) {
            let name = self.text_of(p.tok);
            let Some(loc) = self.loc_aliases.get(name).cloned() else {
                return Err(Box::new(Diagnostic::error(
                    self.loc_of(p.tok),
                    format!("operation location alias was never defined: '{name}'"),
                )));
            };
            match p.target {
                LocTarget::Module => m.loc = loc,
                LocTarget::Func(f) => m.funcs[f].loc = loc,
                LocTarget::Op(f, op) => m.funcs[f].body.op_mut(op).loc = loc,
            }
        }
        Ok(())
    }
}
