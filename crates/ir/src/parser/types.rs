//! Type parsing: scalar keywords, static tensors (cached by spelling) and function types.

use super::lexer::{Tok, Token};
use super::{PResult, Parser};
use crate::types::{FunctionType, Scalar, TensorType, Type};
use smallvec::SmallVec;
use std::sync::Arc;

/// Builtin MLIR type keywords that neuron-opt does not support (as opposed to unknown words).
const UNSUPPORTED: &[&str] = &[
    "f64",
    "f80",
    "f128",
    "none",
    "f6E2M3FN",
    "f6E3M2FN",
    "f8E3M4",
    "f8E4M3",
    "f8E4M3B11FNUZ",
];

/// Builtin MLIR type constructors written `name<…>` that are not supported.
const UNSUPPORTED_SHAPED: &[&str] = &["vector", "memref", "complex", "tuple", "opaque"];

fn is_int_keyword(s: &str) -> bool {
    let digits = s
        .strip_prefix("si")
        .or_else(|| s.strip_prefix("ui"))
        .or_else(|| s.strip_prefix('i'));
    digits.is_some_and(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// The scalar type spelled `s`, if supported.
#[inline]
pub(crate) fn scalar_from_name(s: &str) -> Option<Scalar> {
    Some(match s {
        "f32" => Scalar::F32,
        "i64" => Scalar::I64,
        "i32" => Scalar::I32,
        "f16" => Scalar::F16,
        "bf16" => Scalar::BF16,
        "i1" => Scalar::I1,
        "i8" => Scalar::I8,
        "index" => Scalar::Index,
        "tf32" => Scalar::TF32,
        "f8E4M3FN" => Scalar::F8E4M3FN,
        "f8E5M2" => Scalar::F8E5M2,
        "f8E4M3FNUZ" => Scalar::F8E4M3FNUZ,
        "f8E5M2FNUZ" => Scalar::F8E5M2FNUZ,
        "f4E2M1FN" => Scalar::F4E2M1FN,
        "f8E8M0FNU" => Scalar::F8E8M0FNU,
        "i16" => Scalar::I16,
        "i2" => Scalar::I2,
        "i4" => Scalar::I4,
        "ui2" => Scalar::UI2,
        "ui4" => Scalar::UI4,
        "ui8" => Scalar::UI8,
        "ui16" => Scalar::UI16,
        "ui32" => Scalar::UI32,
        "ui64" => Scalar::UI64,
        _ => return None,
    })
}

fn unsupported_scalar_msg(s: &str) -> Option<String> {
    (UNSUPPORTED.contains(&s) || is_int_keyword(s)).then(|| {
        format!(
            "type '{s}' is not supported; element types are f32, f16, bf16, tf32, f8E4M3FN, \
             f8E5M2, f8E4M3FNUZ, f8E5M2FNUZ, f4E2M1FN, f8E8M0FNU, i1, i2, i4, i8, i16, i32, i64, \
             ui2, ui4, ui8, ui16, ui32, ui64 and index"
        )
    })
}

impl<'a> Parser<'a> {
    /// Parses any supported type.
    pub(crate) fn parse_type(&mut self) -> PResult<Type> {
        match self.tok.kind {
            Tok::BareId => self.parse_named_type(),
            Tok::LParen => {
                let ft = self.nested(Self::parse_function_type)?;
                Ok(Type::Function(Arc::new(ft)))
            }
            Tok::ExclaimId => self.parse_type_alias_use(),
            _ => self.err_here("expected type"),
        }
    }

    fn parse_type_alias_use(&mut self) -> PResult<Type> {
        let t = self.tok;
        let name = self.text_of(t);
        if let Some(ty) = self.type_aliases.get(name) {
            let ty = ty.clone();
            self.advance()?;
            return Ok(ty);
        }
        self.err_at(t, format!("dialect types are not supported: '{name}'"))
    }

    /// Parses a type keyword or `name<…>` type starting at the current bare identifier.
    fn parse_named_type(&mut self) -> PResult<Type> {
        let t = self.tok;
        let name = self.text_of(t);
        if let Some(s) = scalar_from_name(name) {
            self.advance()?;
            return Ok(Type::Scalar(s));
        }
        let src = self.lex.src();
        if src.get(t.end as usize) != Some(&b'<') {
            let msg =
                unsupported_scalar_msg(name).unwrap_or_else(|| format!("unknown type '{name}'"));
            return self.err_at(t, msg);
        }
        if name != "tensor" {
            let msg = if UNSUPPORTED_SHAPED.contains(&name) {
                format!("'{name}' types are not supported; use static tensor types")
            } else {
                format!("unknown type '{name}'")
            };
            return self.err_at(t, msg);
        }
        let close = self.find_closing_angle(t)?;
        let key = &self.text[t.start as usize..close + 1];
        let ty = match self.types.get(key) {
            Some(ty) => ty.clone(),
            None => {
                let tt = self.parse_tensor_body(t, t.end as usize + 1, close)?;
                let ty = Type::Tensor(Arc::new(tt));
                self.types.insert(key, ty.clone());
                ty
            }
        };
        self.resume_at(close + 1)?;
        Ok(ty)
    }

    /// Byte offset of the `>` closing the `<` right after token `t`, on the same line.
    pub(crate) fn find_closing_angle(&self, t: Token) -> PResult<usize> {
        let src = self.lex.src();
        let mut depth = 0usize;
        for (i, &b) in src.iter().enumerate().skip(t.end as usize) {
            match b {
                b'<' => depth += 1,
                b'>' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(i);
                    }
                }
                b'\n' => break,
                _ => {}
            }
        }
        self.err_at(t, "unbalanced '<' in type")
    }

    /// A located error at byte `pos` of the current line.
    fn err_at_byte<T>(&self, t: Token, pos: usize, msg: impl Into<String>) -> PResult<T> {
        let at = Token {
            col: t.col + (pos - t.start as usize) as u32,
            ..t
        };
        self.err_at(at, msg)
    }

    /// Parses the `2x3xf32` between `tensor<` and `>` (bytes `from..to`).
    fn parse_tensor_body(&self, t: Token, from: usize, to: usize) -> PResult<TensorType> {
        let src = self.lex.src();
        let mut shape: SmallVec<[i64; 4]> = SmallVec::new();
        let mut i = from;
        let mut count: i64 = 1;
        loop {
            match src[i] {
                b'0'..=b'9' => {}
                b'?' => {
                    let msg = "dynamic dimensions are not supported; tensor shapes must be static";
                    return self.err_at_byte(t, i, msg);
                }
                b'*' => return self.err_at_byte(t, i, "unranked tensors are not supported"),
                b'-' => {
                    return self.err_at_byte(t, i, "tensor dimensions must not be negative");
                }
                _ => break,
            }
            let start = i;
            let mut d: i64 = 0;
            while i < to && src[i].is_ascii_digit() {
                d = d
                    .checked_mul(10)
                    .and_then(|d| d.checked_add((src[i] - b'0') as i64))
                    .ok_or(())
                    .or_else(|_| self.err_at_byte(t, start, "tensor dimension is too large"))?;
                i += 1;
            }
            if i >= to || src[i] != b'x' {
                return self.err_at_byte(t, i, "expected 'x' in tensor dimension list");
            }
            count = count
                .checked_mul(d)
                .ok_or(())
                .or_else(|_| self.err_at_byte(t, start, "tensor type has too many elements"))?;
            shape.push(d);
            i += 1;
        }
        if count > isize::MAX as i64 / 8 {
            return self.err_at_byte(t, from, "tensor type has too many elements");
        }
        let elem_text = &self.text[i..to];
        if elem_text.contains(',') {
            return self.err_at_byte(t, i, "tensor encodings are not supported");
        }
        let Some(elem) = scalar_from_name(elem_text) else {
            let msg = unsupported_scalar_msg(elem_text)
                .unwrap_or_else(|| format!("invalid tensor element type '{elem_text}'"));
            return self.err_at_byte(t, i, msg);
        };
        Ok(TensorType { shape, elem })
    }

    /// Parses `(T, U) -> V`, `(T) -> (V, W)` or `() -> ()`.
    pub(crate) fn parse_function_type(&mut self) -> PResult<FunctionType> {
        let mut inputs = Vec::new();
        self.parse_paren_type_list(&mut inputs)?;
        self.expect(Tok::Arrow, "'->' in function type")?;
        let mut results = Vec::new();
        self.parse_result_types(&mut results)?;
        Ok(FunctionType { inputs, results })
    }

    /// Parses `(T, U, …)` into `out`.
    pub(crate) fn parse_paren_type_list(&mut self, out: &mut Vec<Type>) -> PResult<()> {
        self.expect(Tok::LParen, "'('")?;
        if self.eat(Tok::RParen)? {
            return Ok(());
        }
        loop {
            out.push(self.parse_type()?);
            if !self.eat(Tok::Comma)? {
                break;
            }
        }
        self.expect(Tok::RParen, "')' in type list")?;
        Ok(())
    }

    /// Parses function results: `(T, U)` or one non-function type.
    pub(crate) fn parse_result_types(&mut self, out: &mut Vec<Type>) -> PResult<()> {
        if self.tok.kind == Tok::LParen {
            return self.parse_paren_type_list(out);
        }
        out.push(self.parse_type()?);
        Ok(())
    }

    /// Parses a comma-separated type list without parentheses (after `return %a, %b :`).
    pub(crate) fn parse_bare_type_list(&mut self, out: &mut Vec<Type>) -> PResult<()> {
        loop {
            out.push(self.parse_type()?);
            if !self.eat(Tok::Comma)? {
                return Ok(());
            }
        }
    }

    /// Parses a static tensor type.
    pub(crate) fn parse_tensor_type(&mut self) -> PResult<Arc<TensorType>> {
        let t = self.tok;
        match self.parse_type()? {
            Type::Tensor(tt) => Ok(tt),
            other => self.err_at(t, format!("expected a tensor type, got '{other}'")),
        }
    }
}
