//! Import-time evaluation of small constants: the shape arithmetic of exported models
//! (`Shape → Gather → Unsqueeze → Concat → Reshape`, integer `Add`/`Mul`/`Div`, `Cast`,
//! `Where`, `Expand`, …), so that shape operands become static.
//!
//! Values are handled as raw element bits (`u64` per element), so data movement works for
//! every element type; arithmetic is folded for integer types only.

use neuron_ir::{DenseElements, Scalar};
use neuron_nn::common::{decode_int, encode_int};
use std::sync::Arc;

use crate::shape::SliceDim;
use crate::tensor::tensor_type;

/// Largest element count of a constant result computed at import.
pub const FOLD_LIMIT: usize = 1 << 16;

/// A constant tensor expanded to one raw value per element.
#[derive(Clone, Debug, PartialEq)]
pub struct Host {
    /// Shape.
    pub shape: Vec<i64>,
    /// Element type.
    pub elem: Scalar,
    /// Raw element bits, row-major.
    pub raw: Vec<u64>,
}

impl Host {
    /// Expands dense elements (splats included).
    pub fn from_dense(d: &DenseElements) -> Host {
        let n = d.ty.num_elements();
        Host {
            shape: d.ty.shape.to_vec(),
            elem: d.ty.elem,
            raw: (0..n).map(|i| d.raw(i)).collect(),
        }
    }

    /// Integer tensor from values.
    pub fn from_ints(shape: &[i64], elem: Scalar, v: &[i64]) -> Host {
        Host {
            shape: shape.to_vec(),
            elem,
            raw: v.iter().map(|&x| encode_int(elem, x)).collect(),
        }
    }

    /// The dense elements (stored in full, so the printer decides splat or list).
    pub fn to_dense(&self) -> DenseElements {
        let eb = self.elem.storage_bytes();
        let mut data = Vec::with_capacity(self.raw.len() * eb);
        for r in &self.raw {
            data.extend_from_slice(&r.to_le_bytes()[..eb]);
        }
        DenseElements {
            ty: tensor_type(&self.shape, self.elem),
            data,
        }
    }

    /// Element values as integers (integer types only).
    pub fn ints(&self) -> Vec<i64> {
        self.raw.iter().map(|&r| decode_int(self.elem, r)).collect()
    }

    /// Picks elements by source index.
    fn pick(&self, shape: Vec<i64>, idx: impl Iterator<Item = usize>) -> Host {
        Host {
            shape,
            elem: self.elem,
            raw: idx.map(|i| self.raw[i]).collect(),
        }
    }
}

/// True if `d` is small enough to compute with at import.
pub fn small(d: &DenseElements) -> bool {
    d.ty.num_elements() <= FOLD_LIMIT
}

/// The same elements under another shape.
pub fn retype(d: &DenseElements, shape: &[i64]) -> DenseElements {
    DenseElements {
        ty: tensor_type(shape, d.ty.elem),
        data: d.data.clone(),
    }
}

/// Row-major strides.
fn strides(shape: &[i64]) -> Vec<i64> {
    let mut s = vec![1i64; shape.len()];
    for i in (0..shape.len().saturating_sub(1)).rev() {
        s[i] = s[i + 1] * shape[i + 1];
    }
    s
}

/// For each element of `out` in row-major order, `base + Σ idx[d]·strides[d]`.
fn affine(out: &[i64], base: i64, strides: &[i64]) -> Vec<usize> {
    let n = out.iter().product::<i64>().max(0) as usize;
    let mut idx = vec![0i64; out.len()];
    let mut cur = base;
    let mut res = Vec::with_capacity(n);
    for _ in 0..n {
        res.push(cur as usize);
        for d in (0..out.len()).rev() {
            idx[d] += 1;
            cur += strides[d];
            if idx[d] < out[d] {
                break;
            }
            cur -= strides[d] * out[d];
            idx[d] = 0;
        }
    }
    res
}

/// Strides that read `shape` broadcast to `out` (0 on broadcast dimensions).
fn broadcast_strides(shape: &[i64], out: &[i64]) -> Vec<i64> {
    let s = strides(shape);
    let off = out.len() - shape.len();
    (0..out.len())
        .map(|d| {
            if d < off || shape[d - off] == 1 {
                0
            } else {
                s[d - off]
            }
        })
        .collect()
}

/// `h` broadcast to `out` (which must be a broadcast of its shape).
pub fn expand(h: &Host, out: &[i64]) -> Host {
    let idx = affine(out, 0, &broadcast_strides(&h.shape, out));
    h.pick(out.to_vec(), idx.into_iter())
}

/// ONNX `Gather` along `axis` (normalised) with already validated non-negative indices.
pub fn gather(data: &Host, indices: &[i64], idx_shape: &[i64], axis: usize) -> Host {
    let outer: i64 = data.shape[..axis].iter().product();
    let inner: i64 = data.shape[axis + 1..].iter().product();
    let dim = data.shape[axis];
    let mut raw = Vec::with_capacity((outer * inner) as usize * indices.len());
    for o in 0..outer {
        for &i in indices {
            let base = ((o * dim + i) * inner) as usize;
            raw.extend_from_slice(&data.raw[base..base + inner as usize]);
        }
    }
    let mut shape = data.shape[..axis].to_vec();
    shape.extend_from_slice(idx_shape);
    shape.extend_from_slice(&data.shape[axis + 1..]);
    Host {
        shape,
        elem: data.elem,
        raw,
    }
}

/// ONNX `Concat` along `axis` (normalised); shapes already checked.
pub fn concat(parts: &[Host], axis: usize) -> Host {
    let first = &parts[0];
    let outer: i64 = first.shape[..axis].iter().product();
    let mut shape = first.shape.clone();
    shape[axis] = parts.iter().map(|p| p.shape[axis]).sum();
    let mut raw = Vec::with_capacity(shape.iter().product::<i64>() as usize);
    for o in 0..outer {
        for p in parts {
            let chunk: i64 = p.shape[axis..].iter().product();
            let base = (o * chunk) as usize;
            raw.extend_from_slice(&p.raw[base..base + chunk as usize]);
        }
    }
    Host {
        shape,
        elem: first.elem,
        raw,
    }
}

/// ONNX `Slice` with resolved per-dimension ranges.
pub fn slice(h: &Host, dims: &[SliceDim]) -> Host {
    let st = strides(&h.shape);
    let base: i64 = dims.iter().zip(&st).map(|(d, s)| d.start * s).sum();
    let step_strides: Vec<i64> = dims.iter().zip(&st).map(|(d, s)| d.step * s).collect();
    let out: Vec<i64> = dims.iter().map(|d| d.len).collect();
    let idx = affine(&out, base, &step_strides);
    h.pick(out, idx.into_iter())
}

/// `Transpose` by a valid permutation.
pub fn transpose(h: &Host, perm: &[usize]) -> Host {
    let st = strides(&h.shape);
    let out: Vec<i64> = perm.iter().map(|&p| h.shape[p]).collect();
    let ps: Vec<i64> = perm.iter().map(|&p| st[p]).collect();
    let idx = affine(&out, 0, &ps);
    h.pick(out, idx.into_iter())
}

/// Integer binary operations folded at import.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntOp {
    /// Wrapping addition.
    Add,
    /// Wrapping subtraction.
    Sub,
    /// Wrapping multiplication.
    Mul,
    /// Division truncating toward zero (not folded on a zero divisor).
    Div,
    /// Maximum.
    Max,
    /// Minimum.
    Min,
    /// Equality (i1 result).
    Equal,
    /// Less-than (i1 result).
    Less,
    /// Greater-than (i1 result).
    Greater,
}

impl IntOp {
    /// True for comparisons (the result is i1).
    pub fn is_compare(self) -> bool {
        matches!(self, IntOp::Equal | IntOp::Less | IntOp::Greater)
    }

    fn apply(self, a: i64, b: i64) -> Option<i64> {
        Some(match self {
            IntOp::Add => a.wrapping_add(b),
            IntOp::Sub => a.wrapping_sub(b),
            IntOp::Mul => a.wrapping_mul(b),
            IntOp::Div => a.checked_div(b)?,
            IntOp::Max => a.max(b),
            IntOp::Min => a.min(b),
            IntOp::Equal => i64::from(a == b),
            IntOp::Less => i64::from(a < b),
            IntOp::Greater => i64::from(a > b),
        })
    }

    /// `apply` on `ui64` bit patterns, read as unsigned.
    fn apply_unsigned(self, a: i64, b: i64) -> Option<i64> {
        let (x, y) = (a as u64, b as u64);
        Some(match self {
            IntOp::Div => x.checked_div(y)? as i64,
            IntOp::Max => x.max(y) as i64,
            IntOp::Min => x.min(y) as i64,
            IntOp::Less => i64::from(x < y),
            IntOp::Greater => i64::from(x > y),
            _ => return self.apply(a, b),
        })
    }
}

/// `a op b` broadcast to `out`, for integer tensors; `None` on division by zero.
pub fn binary_int(op: IntOp, a: &Host, b: &Host, out: &[i64]) -> Option<Host> {
    let (ea, eb) = (expand(a, out), expand(b, out));
    let elem = if op.is_compare() { Scalar::I1 } else { a.elem };
    let vals: Option<Vec<i64>> = ea
        .ints()
        .into_iter()
        .zip(eb.ints())
        .map(|(x, y)| {
            if a.elem == Scalar::UI64 {
                op.apply_unsigned(x, y)
            } else {
                op.apply(x, y)
            }
        })
        .collect();
    Some(Host::from_ints(out, elem, &vals?))
}

/// `Where(cond, x, y)` broadcast to `out`.
pub fn select(c: &Host, x: &Host, y: &Host, out: &[i64]) -> Host {
    let (c, x, y) = (expand(c, out), expand(x, out), expand(y, out));
    let raw = c
        .raw
        .iter()
        .zip(x.raw.iter().zip(&y.raw))
        .map(|(&c, (&x, &y))| if c & 1 != 0 { x } else { y })
        .collect();
    Host {
        shape: out.to_vec(),
        elem: x.elem,
        raw,
    }
}

/// Element type conversion with `nn.cast` semantics.
pub fn cast(h: &Host, to: Scalar) -> Host {
    Host {
        shape: h.shape.clone(),
        elem: to,
        raw: h
            .raw
            .iter()
            .map(|&r| neuron_nn::cast::cast_raw(h.elem, to, r))
            .collect(),
    }
}

/// A splat constant of `shape` holding the single element of `value`.
pub fn splat(value: &DenseElements, shape: &[i64]) -> DenseElements {
    let eb = value.ty.elem.storage_bytes();
    DenseElements {
        ty: tensor_type(shape, value.ty.elem),
        data: value.data[..eb.min(value.data.len())].to_vec(),
    }
}

/// The shared dense value of a host tensor.
pub fn dense(h: &Host) -> Arc<DenseElements> {
    Arc::new(h.to_dense())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ints(shape: &[i64], v: &[i64]) -> Host {
        Host::from_ints(shape, Scalar::I64, v)
    }

    #[test]
    fn gather_and_concat_fold_shape_arithmetic() {
        let shape = ints(&[3], &[2, 5, 7]);
        let g = gather(&shape, &[1], &[], 0);
        assert_eq!((g.shape.clone(), g.ints()), (vec![], vec![5]));
        let c = concat(&[ints(&[1], &[-1]), ints(&[2], &[5, 7])], 0);
        assert_eq!(c.ints(), vec![-1, 5, 7]);
        let m = binary_int(IntOp::Mul, &ints(&[2], &[3, 4]), &ints(&[], &[2]), &[2]).unwrap();
        assert_eq!(m.ints(), vec![6, 8]);
        assert!(binary_int(IntOp::Div, &ints(&[], &[1]), &ints(&[], &[0]), &[]).is_none());
    }

    #[test]
    fn slice_and_transpose_move_elements() {
        let h = ints(&[2, 3], &[0, 1, 2, 3, 4, 5]);
        let d = [
            SliceDim {
                start: 1,
                step: -1,
                len: 2,
            },
            SliceDim {
                start: 0,
                step: 2,
                len: 2,
            },
        ];
        assert_eq!(slice(&h, &d).ints(), vec![3, 5, 0, 2]);
        assert_eq!(transpose(&h, &[1, 0]).ints(), vec![0, 3, 1, 4, 2, 5]);
        assert_eq!(
            expand(&ints(&[1, 3], &[1, 2, 3]), &[2, 3]).ints(),
            vec![1, 2, 3, 1, 2, 3]
        );
    }
}
