//! Attribute parsing: scalars, strings, arrays, dictionaries (kept sorted), dense arrays,
//! type and symbol attributes, and `#alias` uses. Dense elements live in `dense.rs`.

use super::lexer::{is_bare_continue, Tok, Token};
use super::literals::{self, decimal_to_bits, hex_to_float_bits, int_in_range, parse_u64};
use super::{PResult, Parser};
use crate::attributes::{Attribute, DenseArray, NamedAttr};
use crate::types::{Scalar, Type};
use std::sync::Arc;

/// A numeric literal as written: sign and the token holding its magnitude.
#[derive(Clone, Copy, Debug)]
pub(crate) struct NumLit {
    /// A `-` came before it.
    pub neg: bool,
    /// The `Integer`, `Float` or `true`/`false` token.
    pub tok: Token,
}

impl<'a> Parser<'a> {
    /// Parses any attribute value.
    pub(crate) fn parse_attribute(&mut self) -> PResult<Attribute> {
        self.nested(Self::parse_attribute_here)
    }

    fn parse_attribute_here(&mut self) -> PResult<Attribute> {
        let t = self.tok;
        match t.kind {
            Tok::Integer | Tok::Float | Tok::Minus => self.parse_number_attr(),
            Tok::String => {
                let s = self.parse_string()?;
                Ok(Attribute::String(s.into()))
            }
            Tok::LSquare => self.parse_array_attr(),
            Tok::LBrace => {
                let mut v = Vec::new();
                self.parse_attr_dict(&mut v)?;
                Ok(Attribute::Dict(v.into()))
            }
            Tok::AtId => Ok(Attribute::SymbolRef(self.parse_symbol_name()?)),
            Tok::HashId => self.parse_attr_alias_use(),
            Tok::LParen | Tok::ExclaimId => Ok(Attribute::Type(self.parse_type()?)),
            Tok::BareId => self.parse_keyword_attr(),
            _ => self.err_here("expected attribute value"),
        }
    }

    fn parse_keyword_attr(&mut self) -> PResult<Attribute> {
        match self.text_of(self.tok) {
            "true" => self.advance().map(|_| Attribute::Bool(true)),
            "false" => self.advance().map(|_| Attribute::Bool(false)),
            "unit" => self.advance().map(|_| Attribute::Unit),
            "dense" => self.parse_dense_attr(),
            "array" => self.parse_dense_array_attr(),
            "affine_map" | "affine_set" | "strided" | "distinct" | "sparse" | "dense_resource"
            | "opaque" => {
                let name = self.text_of(self.tok);
                self.err_here(format!("'{name}' attributes are not supported"))
            }
            _ => Ok(Attribute::Type(self.parse_type()?)),
        }
    }

    fn parse_attr_alias_use(&mut self) -> PResult<Attribute> {
        let t = self.tok;
        let name = self.text_of(t);
        match self.attr_aliases.get(name) {
            Some(a) => {
                let a = a.clone();
                self.advance()?;
                Ok(a)
            }
            None => self.err_at(t, format!("undefined symbol alias id '{}'", &name[1..])),
        }
    }

    /// Parses a string literal token into its decoded text.
    pub(crate) fn parse_string(&mut self) -> PResult<String> {
        let t = self.expect(Tok::String, "string")?;
        self.decode_string(t).map(|s| s.into_owned())
    }

    /// Decodes a string token's escapes.
    pub(crate) fn decode_string(&self, t: Token) -> PResult<std::borrow::Cow<'a, str>> {
        let body = &self.text[t.start as usize + 1..t.end as usize - 1];
        literals::unescape(body).or_else(|msg| self.err_at(t, msg))
    }

    /// Parses `@name` or `@"quoted"` into the symbol's name.
    pub(crate) fn parse_symbol_name(&mut self) -> PResult<Arc<str>> {
        let t = self.expect(Tok::AtId, "symbol name")?;
        let text = self.text_of(t);
        let name = if text.as_bytes().get(1) == Some(&b'"') {
            let body = &text[2..text.len() - 1];
            let s = literals::unescape(body).or_else(|msg| self.err_at(t, msg))?;
            Arc::from(&*s)
        } else {
            self.intern(&text[1..])
        };
        if self.tok.kind == Tok::Colon && self.lex.src().get(t.end as usize) == Some(&b':') {
            return self.err_here("nested symbol references are not supported");
        }
        Ok(name)
    }

    fn parse_array_attr(&mut self) -> PResult<Attribute> {
        self.expect(Tok::LSquare, "'['")?;
        let mut items = Vec::new();
        if !self.eat(Tok::RSquare)? {
            loop {
                items.push(self.parse_attribute()?);
                if !self.eat(Tok::Comma)? {
                    break;
                }
            }
            self.expect(Tok::RSquare, "']' in array attribute")?;
        }
        Ok(Attribute::Array(items.into()))
    }

    /// Parses `{k = v, flag, "quoted key" = v}` and inserts the entries into `out`, keeping it
    /// sorted by name; a key already present is an error.
    pub(crate) fn parse_attr_dict(&mut self, out: &mut Vec<NamedAttr>) -> PResult<()> {
        self.expect(Tok::LBrace, "'{'")?;
        if self.eat(Tok::RBrace)? {
            return Ok(());
        }
        loop {
            let key_tok = self.tok;
            let name = self.parse_attr_name()?;
            let value = if self.eat(Tok::Equal)? {
                self.parse_attribute()?
            } else {
                Attribute::Unit
            };
            insert_sorted(out, NamedAttr { name, value }).or_else(|name| {
                self.err_at(
                    key_tok,
                    format!("duplicate key '{name}' in dictionary attribute"),
                )
            })?;
            if !self.eat(Tok::Comma)? {
                break;
            }
        }
        self.expect(Tok::RBrace, "'}' in attribute dictionary")?;
        Ok(())
    }

    fn parse_attr_name(&mut self) -> PResult<Arc<str>> {
        let t = self.tok;
        match t.kind {
            Tok::BareId => {
                self.advance()?;
                Ok(self.intern(self.text_of(t)))
            }
            Tok::String => {
                self.advance()?;
                let s = self.decode_string(t)?;
                if s.is_empty() {
                    return self.err_at(t, "expected valid attribute name");
                }
                Ok(Arc::from(&*s))
            }
            _ => self.err_here("expected attribute name"),
        }
    }

    /// Reads an optional `-` and a numeric token.
    pub(crate) fn parse_num_lit(&mut self) -> PResult<NumLit> {
        let neg = self.eat(Tok::Minus)?;
        let tok = self.tok;
        match tok.kind {
            Tok::Integer | Tok::Float => {
                self.advance()?;
                Ok(NumLit { neg, tok })
            }
            Tok::BareId if !neg && matches!(self.text_of(tok), "true" | "false") => {
                self.advance()?;
                Ok(NumLit { neg, tok })
            }
            _ => self.err_here("expected integer or floating point literal"),
        }
    }

    fn parse_number_attr(&mut self) -> PResult<Attribute> {
        let lit = self.parse_num_lit()?;
        let ty = if self.eat(Tok::Colon)? {
            let t = self.tok;
            match self.parse_type()? {
                Type::Scalar(s) => s,
                other => {
                    return self.err_at(
                        t,
                        format!("expected a scalar type for a number, got '{other}'"),
                    )
                }
            }
        } else if lit.tok.kind == Tok::Float {
            Scalar::F32
        } else {
            Scalar::I64
        };
        if ty.is_float() {
            return Ok(Attribute::Float(self.lit_to_float_bits(lit, ty)?, ty));
        }
        let v = self.lit_to_int(lit, ty, "integer constant out of range for attribute")?;
        Ok(match ty {
            Scalar::I1 => Attribute::Bool(v != 0),
            _ => Attribute::Integer(v, ty),
        })
    }

    /// Converts a literal to the bits of float type `ty` (decimal, or hexadecimal bit pattern).
    pub(crate) fn lit_to_float_bits(&self, lit: NumLit, ty: Scalar) -> PResult<u64> {
        let text = self.text_of(lit.tok);
        match lit.tok.kind {
            Tok::Float => decimal_to_bits(text, lit.neg, ty).map_or_else(
                || self.err_at(lit.tok, "invalid floating point literal"),
                Ok,
            ),
            Tok::Integer if text.starts_with("0x") => {
                if lit.neg {
                    return self.err_at(
                        lit.tok,
                        "hexadecimal float literal should not have a leading minus",
                    );
                }
                parse_u64(text)
                    .and_then(|m| hex_to_float_bits(m, ty))
                    .map_or_else(
                        || self.err_at(lit.tok, "hexadecimal float constant out of range for type"),
                        Ok,
                    )
            }
            Tok::Integer => self.err_at(
                lit.tok,
                "unexpected decimal integer literal for a floating point value",
            ),
            _ => self.err_at(lit.tok, "expected i1 type for 'true' or 'false' values"),
        }
    }

    /// Converts a literal to a sign-extended integer of type `ty`.
    pub(crate) fn lit_to_int(&self, lit: NumLit, ty: Scalar, range_msg: &str) -> PResult<i64> {
        let text = self.text_of(lit.tok);
        match lit.tok.kind {
            Tok::Integer if ty.is_unsigned() && lit.neg && parse_u64(text) != Some(0) => self
                .err_at(
                    lit.tok,
                    "negative integer literal not valid for unsigned integer type",
                ),
            Tok::Integer if ty.is_unsigned() => parse_u64(text)
                .filter(|&m| ty.bit_width() == 64 || m >> ty.bit_width() == 0)
                .map(|m| m as i64)
                .map_or_else(|| self.err_at(lit.tok, range_msg), Ok),
            Tok::Integer => parse_u64(text)
                .and_then(|m| int_in_range(m, lit.neg, ty.bit_width(), text.starts_with("0x")))
                .map(|v| if ty == Scalar::I1 { v & 1 } else { v })
                .map_or_else(|| self.err_at(lit.tok, range_msg), Ok),
            Tok::Float => self.err_at(lit.tok, "floating point value not valid for specified type"),
            _ if ty == Scalar::I1 => Ok((text == "true") as i64),
            _ => self.err_at(lit.tok, "expected i1 type for 'true' or 'false' values"),
        }
    }

    /// Parses `array<i64: 1, 2>`, `array<f32: 1.0>` or `array<i64>`.
    fn parse_dense_array_attr(&mut self) -> PResult<Attribute> {
        self.advance()?;
        self.expect(Tok::Less, "'<' after 'array'")?;
        let tt = self.tok;
        let ty = match self.parse_type()? {
            Type::Scalar(s) => s,
            other => {
                return self.err_at(
                    tt,
                    format!("expected a scalar element type for 'array', got '{other}'"),
                )
            }
        };
        let mut lits = Vec::new();
        if self.eat(Tok::Colon)? {
            loop {
                lits.push(self.parse_num_lit()?);
                if !self.eat(Tok::Comma)? {
                    break;
                }
            }
        }
        self.expect(Tok::Greater, "'>' to end dense array")?;
        let arr = if ty.is_float() {
            let bits = lits.iter().map(|l| self.lit_to_float_bits(*l, ty));
            DenseArray::Float(ty, bits.collect::<PResult<_>>()?)
        } else {
            let vals = lits
                .iter()
                .map(|l| self.lit_to_int(*l, ty, "integer constant out of range"));
            DenseArray::Int(ty, vals.collect::<PResult<_>>()?)
        };
        Ok(Attribute::DenseArray(Arc::new(arr)))
    }

    /// Parses a top-level `#name = attr` or `#loc = loc(…)` alias definition.
    pub(crate) fn parse_hash_alias_def(&mut self) -> PResult<()> {
        let t = self.bump()?;
        let name = self.text_of(t);
        self.expect(Tok::Equal, "'=' in attribute alias definition")?;
        if self.loc_aliases.contains_key(name) || self.attr_aliases.contains_key(name) {
            return self.err_at(
                t,
                format!("redefinition of attribute alias id '{}'", &name[1..]),
            );
        }
        if self.at_keyword("loc") && self.lex.src().get(self.tok.end as usize) == Some(&b'(') {
            let loc = self.parse_loc_direct()?;
            self.loc_aliases.insert(name, loc);
        } else {
            let a = self.parse_attribute()?;
            self.attr_aliases.insert(name, a);
        }
        Ok(())
    }

    /// Parses a top-level `!name = type` alias definition.
    pub(crate) fn parse_type_alias_def(&mut self) -> PResult<()> {
        let t = self.bump()?;
        let name = self.text_of(t);
        self.expect(Tok::Equal, "'=' in type alias definition")?;
        if self.type_aliases.contains_key(name) {
            return self.err_at(t, format!("redefinition of type alias id '{}'", &name[1..]));
        }
        let ty = self.parse_type()?;
        self.type_aliases.insert(name, ty);
        Ok(())
    }
}

/// Inserts into a name-sorted list; on a duplicate returns the name back.
pub(crate) fn insert_sorted(out: &mut Vec<NamedAttr>, a: NamedAttr) -> Result<(), Arc<str>> {
    if out.last().is_none_or(|l| *l.name < *a.name) {
        out.push(a);
        return Ok(());
    }
    match out.binary_search_by(|x| (*x.name).cmp(&*a.name)) {
        Ok(_) => Err(a.name),
        Err(i) => {
            out.insert(i, a);
            Ok(())
        }
    }
}

/// True if `s` can be written as a bare identifier (`[A-Za-z_][A-Za-z0-9_$.]*`).
pub(crate) fn is_bare_identifier(s: &str) -> bool {
    let b = s.as_bytes();
    !b.is_empty()
        && (b[0].is_ascii_alphabetic() || b[0] == b'_')
        && b[1..].iter().all(|&c| is_bare_continue(c))
}
