//! `nn.conv2d`: 2-D convolution over NCHW tensors (ONNX Conv), and the sliding-window
//! output-size arithmetic it shares with pooling.

use crate::common::{
    check_max_operands, check_result_shape, fixed_list, fmt_list, matmult_tensors, operand_tensor,
    optional_operand, shape_err, ShapeError,
};
use neuron_ir::registry::{traits, I64ArrayAttr, IntAttr};
use neuron_ir::{define_op, Body, Func, OpId, ValueId};

define_op! {
    /// `nn.conv2d {strides, pads, dilations, group}`: input `[N,C,H,W]`, weight
    /// `[M, C/group, kH, kW]`, optional bias `[M]` → `[N, M, Ho, Wo]`.
    pub struct Conv2dOp = "nn.conv2d" {
        summary: "2-D convolution (NCHW, ONNX Conv)",
        operands: [input, weight, ..bias],
        results: [result],
        attrs: [
            optional strides: I64ArrayAttr,
            optional pads: I64ArrayAttr,
            optional dilations: I64ArrayAttr,
            optional group: IntAttr
        ],
        traits: traits::PURE,
        verify: Some(verify_conv2d),
        fold: None,
        canonicalize: None,
    }
}

/// Names of the two spatial dimensions, for messages.
pub(crate) const SPATIAL: [&str; 2] = ["height", "width"];

impl Conv2dOp {
    /// The `strides` attribute `[sH, sW]`, or `[1, 1]` (also for a malformed one, which the
    /// verifier rejects).
    pub fn strides_or_default(self, body: &Body) -> [i64; 2] {
        fixed_list("strides", self.strides(body), [1, 1], 1).unwrap_or([1, 1])
    }

    /// The `pads` attribute `[top, left, bottom, right]`, or zeros.
    pub fn pads_or_default(self, body: &Body) -> [i64; 4] {
        fixed_list("pads", self.pads(body), [0; 4], 0).unwrap_or([0; 4])
    }

    /// The `dilations` attribute `[dH, dW]`, or `[1, 1]`.
    pub fn dilations_or_default(self, body: &Body) -> [i64; 2] {
        fixed_list("dilations", self.dilations(body), [1, 1], 1).unwrap_or([1, 1])
    }

    /// The `group` attribute, or 1.
    pub fn group_or_default(self, body: &Body) -> i64 {
        self.group(body).unwrap_or(1)
    }

    /// The optional bias operand, if present.
    pub fn bias_operand(self, body: &Body) -> Option<ValueId> {
        optional_operand(body, self.0, 2)
    }
}

/// Output length of a sliding window along one dimension:
/// `⌊(size + pad_begin + pad_end − (dilation·(kernel − 1) + 1)) / stride⌋ + 1`.
///
/// `dim` names the dimension in the message returned when the dilated kernel does not fit in
/// the padded input (or a parameter is out of range).
pub fn window_output_size(
    dim: &str,
    size: i64,
    kernel: i64,
    stride: i64,
    pads: [i64; 2],
    dilation: i64,
) -> Result<i64, ShapeError> {
    for (what, v) in [
        ("kernel size", kernel),
        ("stride", stride),
        ("dilation", dilation),
    ] {
        if v < 1 {
            return shape_err(format!("{what} {v} along the {dim} must be >= 1"));
        }
    }
    if pads[0] < 0 || pads[1] < 0 {
        return shape_err(format!(
            "pads {} along the {dim} must be >= 0",
            fmt_list(&pads)
        ));
    }
    let extent = dilation as i128 * (kernel as i128 - 1) + 1;
    let padded = size as i128 + pads[0] as i128 + pads[1] as i128;
    if padded < extent {
        return shape_err(format!(
            "kernel extent {extent} (kernel {kernel}, dilation {dilation}) exceeds the padded input \
             {dim} {padded}"
        ));
    }
    i64::try_from((padded - extent) / stride as i128 + 1)
        .or_else(|_| shape_err(format!("output {dim} overflows i64")))
}

/// The dilated kernel extent `dilation·(kernel − 1) + 1` (saturating).
pub fn kernel_extent(kernel: i64, dilation: i64) -> i64 {
    dilation
        .saturating_mul(kernel.saturating_sub(1))
        .saturating_add(1)
}

/// `[Ho, Wo]` of a 2-D window over `[H, W]` (`pads` = `[top, left, bottom, right]`).
pub fn window_output_hw(
    hw: [i64; 2],
    kernel: [i64; 2],
    strides: [i64; 2],
    pads: [i64; 4],
    dilations: [i64; 2],
) -> Result<[i64; 2], ShapeError> {
    let mut out = [0; 2];
    for i in 0..2 {
        out[i] = window_output_size(
            SPATIAL[i],
            hw[i],
            kernel[i],
            strides[i],
            [pads[i], pads[i + 2]],
            dilations[i],
        )?;
    }
    Ok(out)
}

/// The result shape `[N, M, Ho, Wo]` of `nn.conv2d` for an NCHW input and a
/// `[M, C/group, kH, kW]` weight.
pub fn conv2d_output_shape(
    input: &[i64],
    weight: &[i64],
    strides: [i64; 2],
    pads: [i64; 4],
    dilations: [i64; 2],
    group: i64,
) -> Result<Vec<i64>, ShapeError> {
    if input.len() != 4 {
        return shape_err(format!(
            "input must have rank 4 (NCHW), but has rank {}",
            input.len()
        ));
    }
    if weight.len() != 4 {
        return shape_err(format!(
            "weight must have rank 4 (M, C/group, kH, kW), but has rank {}",
            weight.len()
        ));
    }
    let (c, m) = (input[1], weight[0]);
    if group < 1 {
        return shape_err(format!("group {group} must be >= 1"));
    }
    if c % group != 0 {
        return shape_err(format!(
            "group {group} does not divide the {c} input channels"
        ));
    }
    if m % group != 0 {
        return shape_err(format!(
            "group {group} does not divide the {m} output channels (weight dimension 0)"
        ));
    }
    if weight[1] != c / group {
        return shape_err(format!(
            "weight dimension 1 has size {}, but input channels / group = {c} / {group} = {}",
            weight[1],
            c / group
        ));
    }
    let [ho, wo] = window_output_hw(
        [input[2], input[3]],
        [weight[2], weight[3]],
        strides,
        pads,
        dilations,
    )?;
    Ok(vec![input[0], m, ho, wo])
}

fn verify_conv2d(f: &Func, op: OpId) -> Result<(), String> {
    check_max_operands(f, op, 3, "input, weight and an optional bias")?;
    let (input, weight, res) = matmult_tensors(f, op)?;
    let c = Conv2dOp(op);
    let body = &f.body;
    let strides = fixed_list("strides", c.strides(body), [1, 1], 1)?;
    let pads = fixed_list("pads", c.pads(body), [0; 4], 0)?;
    let dilations = fixed_list("dilations", c.dilations(body), [1, 1], 1)?;
    let group = c.group_or_default(body);
    let shape = conv2d_output_shape(&input.shape, &weight.shape, strides, pads, dilations, group)?;
    if c.bias_operand(body).is_some() {
        let bias = operand_tensor(f, op, 2)?;
        if bias.elem != res.elem {
            return Err(format!(
                "bias element type {} does not match the result element type {}",
                bias.elem, res.elem
            ));
        }
        if bias.shape[..] != [shape[1]] {
            return Err(format!(
                "bias shape {} must be [{}] (the output channels)",
                fmt_list(&bias.shape),
                shape[1]
            ));
        }
    }
    check_result_shape(res, &shape)
}
