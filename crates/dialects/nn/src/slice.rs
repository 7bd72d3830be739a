//! `nn.slice`: ONNX Slice with static `starts`, `ends`, `axes` and `steps` attributes —
//! negative starts/ends count from the end, out-of-range values clamp, steps may be negative.

use crate::common::{
    check_axes, check_result_elem, check_result_shape, fmt_list, operand_tensor, result_tensor,
    shape_err, ShapeError,
};
use neuron_ir::registry::{traits, I64ArrayAttr};
use neuron_ir::{define_op, Body, Func, OpId};

define_op! {
    /// `nn.slice {starts, ends, axes, steps}`: elements `start, start+step, …` (before `end`)
    /// along each listed axis; other axes are kept whole.
    pub struct SliceOp = "nn.slice" {
        summary: "strided slice with ONNX clamping rules",
        operands: [input],
        results: [result],
        attrs: [
            required starts: I64ArrayAttr,
            required ends: I64ArrayAttr,
            optional axes: I64ArrayAttr,
            optional steps: I64ArrayAttr
        ],
        traits: traits::PURE,
        verify: Some(verify_slice),
        fold: None,
        canonicalize: None,
    }
}

/// How one dimension is read: `len` elements at `start`, `start + step`, … (`start` is in
/// range whenever `len > 0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SliceDim {
    /// First index read.
    pub start: i64,
    /// Distance between consecutive indices (never 0; negative walks backwards).
    pub step: i64,
    /// Number of elements read (the result's size in this dimension).
    pub len: i64,
}

impl SliceOp {
    /// The `axes` attribute as written, or `0..len(starts)`.
    pub fn axes_or_default(self, body: &Body) -> Vec<i64> {
        let n = self.starts(body).map_or(0, |s| s.len());
        self.axes(body).unwrap_or_else(|| (0..n as i64).collect())
    }

    /// The `steps` attribute, or one 1 per entry of `starts`.
    pub fn steps_or_default(self, body: &Body) -> Vec<i64> {
        let n = self.starts(body).map_or(0, |s| s.len());
        self.steps(body).unwrap_or_else(|| vec![1; n])
    }
}

/// The slice of one dimension of `size` for `start`, `end` and a non-zero `step` (ONNX rules:
/// negative `start`/`end` add `size`; then they clamp to `[0, size]` for positive steps and
/// to `[0, size-1]` / `[-1, size-1]` for negative steps).
pub fn slice_dim(size: i64, start: i64, end: i64, step: i64) -> SliceDim {
    let d = size as i128;
    if d <= 0 || step == 0 {
        return SliceDim {
            start: 0,
            step: step.max(1),
            len: 0,
        };
    }
    let wrap = |v: i64| if v < 0 { v as i128 + d } else { v as i128 };
    let (mut s, mut e, k) = (wrap(start), wrap(end), step as i128);
    let len = if k > 0 {
        s = s.clamp(0, d);
        e = e.clamp(0, d);
        if e > s {
            (e - s - 1) / k + 1
        } else {
            0
        }
    } else {
        s = s.clamp(0, d - 1);
        e = e.clamp(-1, d - 1);
        if s > e {
            (s - e - 1) / -k + 1
        } else {
            0
        }
    };
    SliceDim {
        start: s as i64,
        step,
        len: len as i64,
    }
}

/// Checks the slice attributes against a rank; returns the normalised axes.
fn slice_axes(
    rank: usize,
    starts: &[i64],
    ends: &[i64],
    axes: Option<&[i64]>,
    steps: Option<&[i64]>,
) -> Result<Vec<usize>, ShapeError> {
    let n = starts.len();
    if ends.len() != n {
        return shape_err(format!(
            "starts {} and ends {} must have the same length",
            fmt_list(starts),
            fmt_list(ends)
        ));
    }
    for (name, list) in [("axes", axes), ("steps", steps)] {
        if let Some(l) = list.filter(|l| l.len() != n) {
            return shape_err(format!(
                "{name} {} must have as many values as starts ({n})",
                fmt_list(l)
            ));
        }
    }
    if let Some(s) = steps.filter(|s| s.contains(&0)) {
        return shape_err(format!("steps {} must not contain 0", fmt_list(s)));
    }
    match axes {
        Some(a) => check_axes("axes", a, rank),
        None if n > rank => shape_err(format!(
            "starts {} has {n} values, more than the rank {rank} of the input",
            fmt_list(starts)
        )),
        None => Ok((0..n).collect()),
    }
}

/// How every dimension of `shape` is read (unlisted axes whole), after checking the attributes.
pub fn slice_params(
    shape: &[i64],
    starts: &[i64],
    ends: &[i64],
    axes: Option<&[i64]>,
    steps: Option<&[i64]>,
) -> Result<Vec<SliceDim>, ShapeError> {
    let dims = slice_axes(shape.len(), starts, ends, axes, steps)?;
    let mut out: Vec<SliceDim> = shape
        .iter()
        .map(|&d| SliceDim {
            start: 0,
            step: 1,
            len: d,
        })
        .collect();
    for (i, &d) in dims.iter().enumerate() {
        let step = steps.map_or(1, |s| s[i]);
        out[d] = slice_dim(shape[d], starts[i], ends[i], step);
    }
    Ok(out)
}

/// The result shape of `nn.slice`.
pub fn slice_shape(
    shape: &[i64],
    starts: &[i64],
    ends: &[i64],
    axes: Option<&[i64]>,
    steps: Option<&[i64]>,
) -> Result<Vec<i64>, ShapeError> {
    let params = slice_params(shape, starts, ends, axes, steps)?;
    Ok(params.iter().map(|p| p.len).collect())
}

fn verify_slice(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    check_result_elem(input.elem, res.elem)?;
    let s = SliceOp(op);
    let b = &f.body;
    let starts = s.starts(b).ok_or("requires attribute 'starts'")?;
    let ends = s.ends(b).ok_or("requires attribute 'ends'")?;
    let (axes, steps) = (s.axes(b), s.steps(b));
    let shape = slice_shape(
        &input.shape,
        &starts,
        &ends,
        axes.as_deref(),
        steps.as_deref(),
    )?;
    check_result_shape(res, &shape)
}
