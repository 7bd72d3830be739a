//! Pooling over NCHW tensors: `nn.max_pool2d`, `nn.avg_pool2d` (ONNX MaxPool/AveragePool,
//! floor rounding) and `nn.global_avg_pool` (`[N, C, H, W] → [N, C, 1, 1]`).

use crate::common::{
    check_result_elem, check_result_shape, fixed_list, operand_tensor, require_float,
    result_tensor, shape_err, ShapeError,
};
use crate::conv::{kernel_extent, window_output_hw, SPATIAL};
use neuron_ir::registry::{traits, BoolAttr, I64ArrayAttr};
use neuron_ir::{define_op, Body, Func, OpId};

define_op! {
    /// `nn.max_pool2d {kernel_shape, strides, pads, dilations}`: the maximum of each window
    /// (padding never wins).
    pub struct MaxPool2dOp = "nn.max_pool2d" {
        summary: "2-D max pooling (NCHW)",
        operands: [input],
        results: [result],
        attrs: [
            required kernel_shape: I64ArrayAttr,
            optional strides: I64ArrayAttr,
            optional pads: I64ArrayAttr,
            optional dilations: I64ArrayAttr
        ],
        traits: traits::PURE,
        verify: Some(verify_max_pool),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.avg_pool2d {kernel_shape, strides, pads, count_include_pad}`: the mean of each window,
    /// dividing by the window size with padding (`count_include_pad`) or without it (default).
    pub struct AvgPool2dOp = "nn.avg_pool2d" {
        summary: "2-D average pooling (NCHW)",
        operands: [input],
        results: [result],
        attrs: [
            required kernel_shape: I64ArrayAttr,
            optional strides: I64ArrayAttr,
            optional pads: I64ArrayAttr,
            optional count_include_pad: BoolAttr
        ],
        traits: traits::PURE,
        verify: Some(verify_avg_pool),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nn.global_avg_pool`: the mean over each channel's `H × W` plane → `[N, C, 1, 1]`.
    pub struct GlobalAvgPoolOp = "nn.global_avg_pool" {
        summary: "global average pooling (NCHW)",
        operands: [input],
        results: [result],
        attrs: [],
        traits: traits::PURE,
        verify: Some(verify_global_avg_pool),
        fold: None,
        canonicalize: None,
    }
}

/// Reads a `[kH, kW]` kernel attribute (the verifier rejects any other length).
fn kernel_of(v: Vec<i64>) -> Option<[i64; 2]> {
    fixed_list("kernel_shape", Some(v), [1, 1], 1).ok()
}

impl MaxPool2dOp {
    /// The `kernel_shape` attribute as `[kH, kW]`, if present and well formed.
    pub fn kernel_pair(self, body: &Body) -> Option<[i64; 2]> {
        self.kernel_shape(body).and_then(kernel_of)
    }

    /// The `strides` attribute, or `[1, 1]`.
    pub fn strides_or_default(self, body: &Body) -> [i64; 2] {
        fixed_list("strides", self.strides(body), [1, 1], 1).unwrap_or([1, 1])
    }

    /// The `pads` attribute `[top, left, bottom, right]`, or zeros.
    pub fn pads_or_default(self, body: &Body) -> [i64; 4] {
        fixed_list("pads", self.pads(body), [0; 4], 0).unwrap_or([0; 4])
    }

    /// The `dilations` attribute, or `[1, 1]`.
    pub fn dilations_or_default(self, body: &Body) -> [i64; 2] {
        fixed_list("dilations", self.dilations(body), [1, 1], 1).unwrap_or([1, 1])
    }
}

impl AvgPool2dOp {
    /// The `kernel_shape` attribute as `[kH, kW]`, if present and well formed.
    pub fn kernel_pair(self, body: &Body) -> Option<[i64; 2]> {
        self.kernel_shape(body).and_then(kernel_of)
    }

    /// The `strides` attribute, or `[1, 1]`.
    pub fn strides_or_default(self, body: &Body) -> [i64; 2] {
        fixed_list("strides", self.strides(body), [1, 1], 1).unwrap_or([1, 1])
    }

    /// The `pads` attribute `[top, left, bottom, right]`, or zeros.
    pub fn pads_or_default(self, body: &Body) -> [i64; 4] {
        fixed_list("pads", self.pads(body), [0; 4], 0).unwrap_or([0; 4])
    }

    /// The `count_include_pad` attribute, or false.
    pub fn count_include_pad_or_default(self, body: &Body) -> bool {
        self.count_include_pad(body).unwrap_or(false)
    }
}

/// The result shape `[N, C, Ho, Wo]` of 2-D pooling over an NCHW input.
///
/// Each pad must be smaller than the dilated kernel extent along its dimension (as ONNX
/// requires), so that every window holds at least one input element.
pub fn pool2d_output_shape(
    input: &[i64],
    kernel: [i64; 2],
    strides: [i64; 2],
    pads: [i64; 4],
    dilations: [i64; 2],
) -> Result<Vec<i64>, ShapeError> {
    if input.len() != 4 {
        return shape_err(format!(
            "input must have rank 4 (NCHW), but has rank {}",
            input.len()
        ));
    }
    let [ho, wo] = window_output_hw([input[2], input[3]], kernel, strides, pads, dilations)?;
    for i in 0..2 {
        let extent = kernel_extent(kernel[i], dilations[i]);
        for pad in [pads[i], pads[i + 2]] {
            if pad >= extent {
                return shape_err(format!(
                    "pad {pad} along the {} must be smaller than the kernel extent {extent}",
                    SPATIAL[i]
                ));
            }
        }
    }
    Ok(vec![input[0], input[1], ho, wo])
}

/// Checks the input and result of a pooling op against the inferred shape.
fn check_pool(
    f: &Func,
    op: OpId,
    kernel: Option<Vec<i64>>,
    strides: Option<Vec<i64>>,
    pads: Option<Vec<i64>>,
    dilations: Option<Vec<i64>>,
) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    require_float(input.elem)?;
    check_result_elem(input.elem, res.elem)?;
    let kernel = kernel.ok_or("requires attribute 'kernel_shape'")?;
    let kernel = fixed_list("kernel_shape", Some(kernel), [1, 1], 1)?;
    let strides = fixed_list("strides", strides, [1, 1], 1)?;
    let pads = fixed_list("pads", pads, [0; 4], 0)?;
    let dilations = fixed_list("dilations", dilations, [1, 1], 1)?;
    let shape = pool2d_output_shape(&input.shape, kernel, strides, pads, dilations)?;
    check_result_shape(res, &shape)
}

fn verify_max_pool(f: &Func, op: OpId) -> Result<(), String> {
    let p = MaxPool2dOp(op);
    let b = &f.body;
    check_pool(
        f,
        op,
        p.kernel_shape(b),
        p.strides(b),
        p.pads(b),
        p.dilations(b),
    )
}

fn verify_avg_pool(f: &Func, op: OpId) -> Result<(), String> {
    let p = AvgPool2dOp(op);
    let b = &f.body;
    check_pool(f, op, p.kernel_shape(b), p.strides(b), p.pads(b), None)
}

/// The result shape `[N, C, 1, 1]` of `nn.global_avg_pool` over an NCHW input.
pub fn global_pool_shape(input: &[i64]) -> Result<Vec<i64>, ShapeError> {
    if input.len() != 4 {
        return shape_err(format!(
            "input must have rank 4 (NCHW), but has rank {}",
            input.len()
        ));
    }
    Ok(vec![input[0], input[1], 1, 1])
}

fn verify_global_avg_pool(f: &Func, op: OpId) -> Result<(), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    require_float(input.elem)?;
    check_result_elem(input.elem, res.elem)?;
    check_result_shape(res, &global_pool_shape(&input.shape)?)
}
