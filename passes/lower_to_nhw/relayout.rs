//! How a transpose runs: on the Tensor engine by identity matmul (`nhw.pe_transpose`, in a
//! 16-bit type: fast, lossy) or by DMA (`nhw.dma_transpose`: exact), from the transpose's own
//! marks, the module's fast-math settings, or the target's default.

use super::builder::Lower;
use crate::fast_math::{Relayout, RELAYOUT_ATTR, RELAYOUT_TYPE_ATTR};
use neuron_ir::{Attribute, OpView, Scalar, Type, ValueId};
use neuron_nhw as nhw;
use neuron_nhw::Target;

/// The way one transpose runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Mode {
    /// Identity matmul in `dtype`; ±Inf saturated first when `saturate`.
    Pe {
        /// The type the data is rounded to.
        dtype: Scalar,
        /// ±Inf → ±MAX of `dtype` before the matmul.
        saturate: bool,
    },
    /// Data movement.
    Dma,
}

impl Lower<'_> {
    /// The mode of the `nn.transpose` being lowered: its marks, else the settings, else the
    /// target's default (fast). Integer data always moves by DMA.
    pub fn user_transpose_mode(&self, elem: Scalar) -> Mode {
        let d = self.body.op(self.op);
        let mark = d.attr(RELAYOUT_ATTR).and_then(Attribute::as_str);
        let ty =
            (d.attr(RELAYOUT_TYPE_ATTR).and_then(Attribute::as_type)).and_then(Type::element_type);
        match (mark, ty) {
            _ if !elem.is_float() => Mode::Dma,
            (Some("exact"), _) => Mode::Dma,
            (Some("fast"), Some(dtype)) => Mode::Pe {
                dtype,
                saturate: false,
            },
            _ => self.setting_mode(elem, false),
        }
    }

    /// The mode of a transpose the compiler inserts (gemm `transA`/`transB`, conv layout
    /// changes): the recorded relayout setting, with `saturate_infinity`.
    pub fn compiler_transpose_mode(&self, elem: Scalar) -> Mode {
        if !elem.is_float() {
            return Mode::Dma;
        }
        self.setting_mode(elem, self.cfg.settings.saturate_infinity)
    }

    fn setting_mode(&self, elem: Scalar, saturate: bool) -> Mode {
        let s = &self.cfg.settings;
        if s.relayout == Some(Relayout::Exact) {
            return Mode::Dma;
        }
        let dtype = if s.cast.is_some() || s.relayout.is_some() {
            s.relayout_type()
        } else {
            default_type(self.cfg.target, elem)
        };
        Mode::Pe { dtype, saturate }
    }

    /// `v` transposed by `perm` in `mode`. An identity permutation, or one that only moves
    /// dimensions of size 1, is a reshape; a transpose type the target's Tensor engine lacks
    /// becomes BF16, with a remark.
    pub fn transpose(&mut self, v: ValueId, perm: &[i64], mode: Mode) -> Result<ValueId, String> {
        let t = self.tensor(v)?;
        let shape: Vec<i64> = perm.iter().map(|&p| t.shape[p as usize]).collect();
        if keeps_order(&t.shape, perm) {
            return self.reshape(v, &shape);
        }
        let ty = Type::tensor(&shape, t.elem);
        let perm_attr = ("perm", Attribute::i64_array(perm));
        match mode {
            Mode::Dma => Ok(self.emit(nhw::DmaTransposeOp::def(), &[v], ty, vec![perm_attr])),
            Mode::Pe { dtype, saturate } => {
                let dtype = self.legal_pe_type(dtype);
                let mut attrs = vec![perm_attr, ("dtype", Attribute::Type(Type::Scalar(dtype)))];
                if saturate {
                    attrs.push(("saturate_infinity", Attribute::Unit));
                }
                Ok(self.emit(nhw::PeTransposeOp::def(), &[v], ty, attrs))
            }
        }
    }

    fn legal_pe_type(&mut self, dtype: Scalar) -> Scalar {
        if self.cfg.target.matmult_legal(dtype) {
            return dtype;
        }
        self.remark(format!(
            "{dtype} transposes are not supported on the {} Tensor engine: transposing in bf16",
            self.cfg.target.name()
        ));
        Scalar::BF16
    }
}

/// The type an unmarked fast transpose of `elem` data uses when no fast-math pass ran: the
/// data's own 16-bit type; else BF16 on inf1 (its default `all` casts to BF16), and the data's
/// own type on trn1 when its Tensor engine takes it (the default `--auto-cast none` casts nothing).
pub(crate) fn default_type(target: Target, elem: Scalar) -> Scalar {
    match (target, elem) {
        (_, Scalar::BF16 | Scalar::F16) => elem,
        (Target::Trn1, Scalar::TF32 | Scalar::F32) => elem,
        _ => Scalar::BF16,
    }
}

/// True if transposing `shape` by `perm` keeps the row-major order of the elements (the
/// dimensions larger than 1 stay in order).
pub(crate) fn keeps_order(shape: &[i64], perm: &[i64]) -> bool {
    let big: Vec<i64> = perm
        .iter()
        .copied()
        .filter(|&p| shape[p as usize] != 1)
        .collect();
    big.windows(2).all(|w| w[0] < w[1])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_keeping_perms() {
        assert!(keeps_order(&[2, 3], &[0, 1]));
        assert!(!keeps_order(&[2, 3], &[1, 0]));
        assert!(keeps_order(&[1, 4, 1, 5], &[2, 1, 0, 3]));
        assert!(!keeps_order(&[2, 4, 1, 5], &[2, 1, 0, 3]));
    }

    #[test]
    fn default_types() {
        assert_eq!(default_type(Target::Inf1, Scalar::F32), Scalar::BF16);
        assert_eq!(default_type(Target::Trn1, Scalar::F32), Scalar::F32);
        assert_eq!(default_type(Target::Inf1, Scalar::F16), Scalar::F16);
        assert_eq!(default_type(Target::Trn1, Scalar::F8E5M2), Scalar::BF16);
    }
}
