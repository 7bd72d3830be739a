//! Lowering of `nn.topk` / `nn.topk_indices`, `nn.scatter_elements`, `nn.scatter_nd` and
//! `nn.cumprod`: `nhw` has no sound mapping for any of them, so each rule is a located error.

use super::builder::Lower;
use super::elementwise::Lowered;

/// `nn.topk` / `nn.topk_indices`: no `nhw` op sorts or selects along an axis.
pub(crate) fn topk(_: &mut Lower) -> Lowered {
    Err("nhw has no sort or selection op (no sound mapping)".into())
}

/// `nn.scatter_elements` / `nn.scatter_nd`: `nhw` DMAs write whole slices at static
/// addresses, not at data-dependent element positions.
pub(crate) fn scatter(_: &mut Lower) -> Lowered {
    Err("nhw has no scatter to data-dependent positions (no sound mapping)".into())
}

/// `nn.cumprod`: no `nhw` op scans along an axis.
pub(crate) fn cumprod(_: &mut Lower) -> Lowered {
    Err("nhw has no scan (running product) op (no sound mapping)".into())
}
