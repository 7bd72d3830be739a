//! `dense<…> : tensor<…>` parsing: nested literal lists (shape checked against the type),
//! splats, empty literals and raw little-endian hex (`dense<"0x…">`).

use super::attrs::NumLit;
use super::lexer::{Tok, Token};
use super::{PResult, Parser};
use crate::attributes::{Attribute, DenseElements};
use crate::types::{Scalar, TensorType};
use smallvec::SmallVec;
use std::sync::Arc;

/// The literal between `dense<` and `>`, before its type is known.
enum DenseLit {
    /// `dense<>`.
    Empty,
    /// `dense<"0x…">`.
    Hex(Token),
    /// One value: a splat.
    Splat(NumLit),
    /// Nested lists with their inferred shape.
    List(Vec<NumLit>, SmallVec<[i64; 4]>),
}

fn shape_text(s: &[i64]) -> String {
    let parts: Vec<String> = s.iter().map(i64::to_string).collect();
    format!("[{}]", parts.join(", "))
}

impl<'a> Parser<'a> {
    /// Parses `dense<…> : tensor<…>` (the current token is `dense`).
    pub(crate) fn parse_dense_attr(&mut self) -> PResult<Attribute> {
        let start = self.bump()?;
        self.expect(Tok::Less, "'<' after 'dense'")?;
        let lit = match self.tok.kind {
            Tok::Greater => DenseLit::Empty,
            Tok::String => DenseLit::Hex(self.bump()?),
            Tok::LSquare => {
                let mut lits = Vec::new();
                let shape = self.parse_dense_list(&mut lits)?;
                DenseLit::List(lits, shape)
            }
            _ => DenseLit::Splat(self.parse_num_lit()?),
        };
        self.expect(Tok::Greater, "'>' to end dense literal")?;
        self.expect(Tok::Colon, "':' and a tensor type after the dense literal")?;
        let ty = self.parse_tensor_type()?;
        let data = match lit {
            DenseLit::Empty if ty.num_elements() == 0 => Vec::new(),
            DenseLit::Empty => {
                return self.err_at(
                    start,
                    format!(
                        "parsed zero elements, but type ('{}') expected at least 1",
                        crate::types::Type::Tensor(ty.clone())
                    ),
                );
            }
            DenseLit::Hex(t) => self.decode_dense_hex(start, t, &ty)?,
            DenseLit::Splat(l) => self.encode_elements(&[l], ty.elem)?,
            DenseLit::List(lits, shape) => {
                if shape[..] != ty.shape[..] {
                    let msg = format!(
                        "inferred shape of elements literal ({}) does not match type ({})",
                        shape_text(&shape),
                        shape_text(&ty.shape)
                    );
                    return self.err_at(start, msg);
                }
                self.encode_elements(&lits, ty.elem)?
            }
        };
        let eb = ty.elem.storage_bytes();
        let data = if data.len() > eb && data.chunks(eb).all(|c| c == &data[..eb]) {
            data[..eb].to_vec()
        } else {
            data
        };
        match DenseElements::new(ty, data) {
            Some(d) => Ok(Attribute::Dense(Arc::new(d))),
            None => self.err_at(start, "dense literal size does not match its type"),
        }
    }

    /// Parses one `[…]` level (current token `[`), appending leaves; returns its shape.
    fn parse_dense_list(&mut self, lits: &mut Vec<NumLit>) -> PResult<SmallVec<[i64; 4]>> {
        self.expect(Tok::LSquare, "'['")?;
        if self.eat(Tok::RSquare)? {
            return Ok(SmallVec::from_slice(&[0]));
        }
        let mut inner: Option<SmallVec<[i64; 4]>> = None;
        let mut count = 0i64;
        loop {
            let t = self.tok;
            let sub = if t.kind == Tok::LSquare {
                self.nested(|p| p.parse_dense_list(lits))?
            } else {
                lits.push(self.parse_num_lit()?);
                SmallVec::new()
            };
            match &inner {
                None => inner = Some(sub),
                Some(s) if *s != sub => {
                    return self.err_at(
                        t,
                        "tensor literal is invalid; ranks are not consistent between elements",
                    );
                }
                Some(_) => {}
            }
            count += 1;
            if !self.eat(Tok::Comma)? {
                break;
            }
        }
        self.expect(Tok::RSquare, "']' in dense literal")?;
        let mut shape = SmallVec::from_slice(&[count]);
        shape.extend(inner.unwrap_or_default());
        Ok(shape)
    }

    /// Encodes literals as little-endian element storage of `elem`.
    fn encode_elements(&self, lits: &[NumLit], elem: Scalar) -> PResult<Vec<u8>> {
        let eb = elem.storage_bytes();
        let mut data = Vec::with_capacity(lits.len() * eb);
        for &l in lits {
            let bits = if elem.is_float() {
                self.lit_to_float_bits(l, elem)?
            } else if l.tok.kind == Tok::Float {
                return self.err_at(
                    l.tok,
                    "expected integer elements, but parsed floating-point",
                );
            } else {
                let v = self.lit_to_int(l, elem, "integer constant out of range for type")?;
                elem.encode_int(v)
            };
            data.extend_from_slice(&bits.to_le_bytes()[..eb]);
        }
        Ok(data)
    }

    /// Decodes `"0x…"` into element storage, converting MLIR's packed i1 and 3-byte tf32 layouts.
    fn decode_dense_hex(&self, start: Token, t: Token, ty: &Arc<TensorType>) -> PResult<Vec<u8>> {
        let body = &self.text[t.start as usize + 1..t.end as usize - 1];
        let Some(bytes) = decode_hex(body) else {
            return self.err_at(
                t,
                "expected string containing hex digits starting with `0x`",
            );
        };
        let n = ty.num_elements();
        let data = match ty.elem {
            Scalar::I1 => unpack_i1(&bytes, n),
            Scalar::TF32 => widen_tf32(&bytes, n),
            _ => DenseElements::new(ty.clone(), bytes).map(|d| d.data),
        };
        match data {
            Some(d) => Ok(d),
            None => {
                let ty = crate::types::Type::Tensor(ty.clone());
                self.err_at(
                    start,
                    format!("elements hex data size is invalid for provided type: '{ty}'"),
                )
            }
        }
    }
}

/// Decodes `0x` followed by pairs of hex digits.
pub(crate) fn decode_hex(s: &str) -> Option<Vec<u8>> {
    let hex = s.strip_prefix("0x")?.as_bytes();
    if hex.len() % 2 != 0 {
        return None;
    }
    hex.chunks(2)
        .map(|p| Some((nibble(p[0])? << 4) | nibble(p[1])?))
        .collect()
}

fn nibble(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// MLIR packs i1 elements 8 to a byte; a single 0x00 or 0xFF byte is a splat.
fn unpack_i1(bytes: &[u8], n: usize) -> Option<Vec<u8>> {
    if let [b @ (0 | 0xFF)] = bytes {
        return Some(vec![*b & 1]);
    }
    if bytes.len() != n.div_ceil(8) {
        return None;
    }
    Some((0..n).map(|i| (bytes[i / 8] >> (i % 8)) & 1).collect())
}

/// MLIR stores tf32 in 3 bytes (its 19 bits); neuron-ir keeps FP32 storage.
fn widen_tf32(bytes: &[u8], n: usize) -> Option<Vec<u8>> {
    if bytes.len() != 3 && bytes.len() != 3 * n {
        return None;
    }
    let mut out = Vec::with_capacity(bytes.len() / 3 * 4);
    for c in bytes.chunks(3) {
        let v = u32::from_le_bytes([c[0], c[1], c[2], 0]) << 13;
        out.extend_from_slice(&v.to_le_bytes());
    }
    Some(out)
}
