//! Data movement by DMA (exact, no arithmetic): `nhw.dma_transpose`, `nhw.reshape`,
//! `nhw.dma_copy`, `nhw.dma_gather`, `nhw.dma_slice`, `nhw.dma_concat`, `nhw.dma_pad`,
//! `nhw.im2col`, and the weights loader `nhw.constant`.

use crate::common::{im2col_shape, same_elem, window_attrs};
use neuron_ir::registry::{traits, DenseAttr, FloatAttr, I64ArrayAttr, IntAttr, OpView};
use neuron_ir::{define_op, Attribute, Body, Func, Location, OpId, OpSpec, Scalar, Type, ValueId};
use neuron_nn::common::{check_result_shape, fmt_list, operand_tensor, result_tensor};
use neuron_nn::shape::{is_permutation, permute_shape};
use neuron_nn::{concat_shape, expand_shape, gather_shape, pad_shape, slice_shape};
use std::sync::Arc;

define_op! {
    /// `nhw.dma_transpose {perm}`: result dimension `i` is input dimension `perm[i]`; exact.
    pub struct DmaTransposeOp = "nhw.dma_transpose" {
        summary: "transpose by data movement (exact)",
        operands: [input],
        results: [result],
        attrs: [required perm: I64ArrayAttr],
        traits: traits::PURE,
        verify: Some(verify_dma_transpose),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.reshape`: the same elements under the result's shape (metadata only).
    pub struct ReshapeOp = "nhw.reshape" {
        summary: "reshape (metadata only)",
        operands: [input],
        results: [result],
        attrs: [],
        traits: traits::PURE,
        verify: Some(verify_reshape),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.dma_copy`: the input broadcast (numpy rules) to the result's shape, materialised.
    pub struct DmaCopyOp = "nhw.dma_copy" {
        summary: "copy with broadcast to the result shape",
        operands: [input],
        results: [result],
        attrs: [],
        traits: traits::PURE,
        verify: Some(verify_dma_copy),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.dma_gather(table, indices) {axis}`: rows of `table` along `axis` (default 0)
    /// picked by `indices` (i32/i64, negative counts from the end).
    pub struct DmaGatherOp = "nhw.dma_gather" {
        summary: "gather rows by index",
        operands: [table, indices],
        results: [result],
        attrs: [optional axis: IntAttr],
        traits: traits::PURE,
        verify: Some(verify_dma_gather),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.dma_slice {starts, ends, axes, steps}`: a strided slice with ONNX clamping rules.
    pub struct DmaSliceOp = "nhw.dma_slice" {
        summary: "strided slice",
        operands: [input],
        results: [result],
        attrs: [
            required starts: I64ArrayAttr,
            required ends: I64ArrayAttr,
            optional axes: I64ArrayAttr,
            optional steps: I64ArrayAttr
        ],
        traits: traits::PURE,
        verify: Some(verify_dma_slice),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.dma_concat {axis}`: the operands joined along `axis`.
    pub struct DmaConcatOp = "nhw.dma_concat" {
        summary: "concatenation along an axis",
        operands: [..inputs],
        results: [result],
        attrs: [required axis: IntAttr],
        traits: traits::PURE,
        verify: Some(verify_dma_concat),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.dma_pad {pads, value}`: constant padding, ONNX layout `[b0, b1, …, e0, e1, …]`.
    pub struct DmaPadOp = "nhw.dma_pad" {
        summary: "constant padding",
        operands: [input],
        results: [result],
        attrs: [required pads: I64ArrayAttr, optional value: FloatAttr],
        traits: traits::PURE,
        verify: Some(verify_dma_pad),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.im2col {kernel_shape, strides, pads, dilations, group}`: unrolls the receptive
    /// fields of an NCHW input into `[G, C/G·kH·kW, N·Ho·Wo]` (see `im2col_shape`).
    pub struct Im2colOp = "nhw.im2col" {
        summary: "unrolls convolution windows for the Tensor engine",
        operands: [input],
        results: [result],
        attrs: [
            required kernel_shape: I64ArrayAttr,
            required strides: I64ArrayAttr,
            required pads: I64ArrayAttr,
            required dilations: I64ArrayAttr,
            optional group: IntAttr
        ],
        traits: traits::PURE,
        verify: Some(verify_im2col),
        fold: None,
        canonicalize: None,
    }
}

define_op! {
    /// `nhw.constant {value}`: a constant tensor (weights), loaded by DMA.
    pub struct ConstantOp = "nhw.constant" {
        summary: "a constant tensor loaded by DMA",
        operands: [],
        results: [result],
        attrs: [required value: DenseAttr],
        traits: traits::CONSTANT_LIKE | traits::PURE,
        verify: Some(verify_constant),
        fold: Some(|body, op, _| body.op(op).attr("value").cloned().map(neuron_ir::registry::FoldResult::Constant)),
        canonicalize: None,
    }
}

impl DmaGatherOp {
    /// `axis`, or 0.
    pub fn axis_or_default(self, body: &Body) -> i64 {
        self.axis(body).unwrap_or(0)
    }
}

impl DmaPadOp {
    /// `value`, or 0.
    pub fn value_or_default(self, body: &Body) -> f64 {
        self.value(body).unwrap_or(0.0)
    }
}

impl Im2colOp {
    /// `group`, or 1.
    pub fn group_or_default(self, body: &Body) -> i64 {
        self.group(body).unwrap_or(1)
    }
}

fn in_out(f: &Func, op: OpId) -> Result<(&neuron_ir::TensorType, &neuron_ir::TensorType), String> {
    let input = operand_tensor(f, op, 0)?;
    let res = result_tensor(f, op, 0)?;
    same_elem(input, res)?;
    Ok((input, res))
}

fn verify_dma_transpose(f: &Func, op: OpId) -> Result<(), String> {
    let (input, res) = in_out(f, op)?;
    let perm = DmaTransposeOp(op)
        .perm(&f.body)
        .ok_or("requires attribute 'perm'")?;
    if !is_permutation(&perm, input.rank()) {
        return Err(format!(
            "perm {} is not a permutation of 0..{}",
            fmt_list(&perm),
            input.rank()
        ));
    }
    check_result_shape(res, &permute_shape(&input.shape, &perm))
}

fn verify_reshape(f: &Func, op: OpId) -> Result<(), String> {
    let (input, res) = in_out(f, op)?;
    if input.num_elements() != res.num_elements() {
        return Err(format!(
            "input shape {} and result shape {} differ in element count",
            fmt_list(&input.shape),
            fmt_list(&res.shape)
        ));
    }
    Ok(())
}

fn verify_dma_copy(f: &Func, op: OpId) -> Result<(), String> {
    let (input, res) = in_out(f, op)?;
    expand_shape(&input.shape, &res.shape)?;
    Ok(())
}

fn verify_dma_gather(f: &Func, op: OpId) -> Result<(), String> {
    let (table, res) = in_out(f, op)?;
    let indices = operand_tensor(f, op, 1)?;
    if !matches!(indices.elem, Scalar::I32 | Scalar::I64) {
        return Err(format!(
            "indices element type must be i32 or i64, but got {}",
            indices.elem
        ));
    }
    let axis = DmaGatherOp(op).axis_or_default(&f.body);
    check_result_shape(res, &gather_shape(&table.shape, &indices.shape, axis)?)
}

fn verify_dma_slice(f: &Func, op: OpId) -> Result<(), String> {
    let (input, res) = in_out(f, op)?;
    let (s, b) = (DmaSliceOp(op), &f.body);
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

fn verify_dma_concat(f: &Func, op: OpId) -> Result<(), String> {
    let n = f.body.op(op).operands().len();
    let res = result_tensor(f, op, 0)?;
    let mut shapes = Vec::with_capacity(n);
    for i in 0..n {
        let t = operand_tensor(f, op, i)?;
        if t.elem != res.elem {
            return Err(format!(
                "operand #{i} element type {} does not match the result element type {}",
                t.elem, res.elem
            ));
        }
        shapes.push(&t.shape[..]);
    }
    let axis = DmaConcatOp(op)
        .axis(&f.body)
        .ok_or("requires attribute 'axis'")?;
    check_result_shape(res, &concat_shape(&shapes, axis)?)
}

fn verify_dma_pad(f: &Func, op: OpId) -> Result<(), String> {
    let (input, res) = in_out(f, op)?;
    let p = DmaPadOp(op);
    let pads = p.pads(&f.body).ok_or("requires attribute 'pads'")?;
    let value = p.value_or_default(&f.body);
    if !input.elem.is_float() && value.fract() != 0.0 {
        return Err(format!(
            "pad value {value} is not an integer, but the element type is {}",
            input.elem
        ));
    }
    check_result_shape(res, &pad_shape(&input.shape, &pads)?)
}

fn verify_im2col(f: &Func, op: OpId) -> Result<(), String> {
    let (input, res) = in_out(f, op)?;
    let w = window_attrs(f, op)?;
    let group = Im2colOp(op).group_or_default(&f.body);
    check_result_shape(res, &im2col_shape(&input.shape, &w, group)?)
}

fn verify_constant(f: &Func, op: OpId) -> Result<(), String> {
    let result = result_tensor(f, op, 0)?;
    let value = ConstantOp(op)
        .value(&f.body)
        .ok_or("requires attribute 'value'")?;
    if *value.ty != *result {
        return Err(format!(
            "result type {} does not match the type {} of its 'value' attribute",
            Type::Tensor(Arc::new(result.clone())),
            Type::Tensor(value.ty.clone())
        ));
    }
    Ok(())
}

/// Builds the `nhw.constant` for a dense attribute of exactly type `ty` before `anchor`;
/// the dialect's constant materializer.
pub fn materialize_constant(
    body: &mut Body,
    attr: &Attribute,
    ty: &Type,
    loc: Location,
    anchor: OpId,
) -> Option<ValueId> {
    let d = attr.as_dense()?;
    if Some(&*d.ty) != ty.as_tensor() {
        return None;
    }
    let spec = OpSpec::new(ConstantOp::def(), loc)
        .results(std::slice::from_ref(ty))
        .attr("value", attr.clone());
    let id = body.insert_before(anchor, spec);
    Some(body.op(id).result(0))
}
