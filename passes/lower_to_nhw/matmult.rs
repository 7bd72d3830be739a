//! Lowering of the matmult-engine `nn` ops — `matmul`, `batch_matmul`, `gemm`, `conv2d` — to
//! `nhw.matmult`, with the target's operand-type rule, 1-D promotion and batch broadcasting by
//! DMA, gemm's transposes and scaling, and convolution as `im2col` + matmult.

use super::builder::{f32_attr, int_attr, Lower};
use super::elementwise::Lowered;
use neuron_ir::{Attribute, OpView, Scalar, Type, ValueId};
use neuron_nhw as nhw;
use neuron_nhw::{ActivationFunc, TensorOp};
use neuron_nn as nn;

impl Lower<'_> {
    /// The Tensor-engine operand type for data of type `elem`: integers go through FP32 (no
    /// integer datapath); a type the target lacks becomes BF16, with a remark.
    fn matmult_type(&mut self, elem: Scalar) -> Scalar {
        let target = self.cfg.target;
        let t = if elem.is_float() { elem } else { Scalar::F32 };
        let t = if target.matmult_legal(t) {
            t
        } else {
            Scalar::BF16
        };
        if !elem.is_float() {
            self.remark(format!(
                "{elem} matmult has no integer datapath: operands converted to {t}"
            ));
        } else if t != elem {
            self.remark(format!(
                "{elem} matmult is not supported on {}: operands cast to {t}",
                target.name()
            ));
        }
        t
    }

    /// Both operands cast to their Tensor-engine type.
    fn matmult_operands(&mut self, a: ValueId, b: ValueId) -> Result<(ValueId, ValueId), String> {
        let t = self.matmult_type(self.tensor(a)?.elem);
        Ok((self.cast(a, t)?, self.cast(b, t)?))
    }

    /// `nhw.matmult` of two operands of equal batch dims, with result element type `elem`.
    fn matmult(&mut self, a: ValueId, b: ValueId, elem: Scalar) -> Lowered {
        let (ta, tb) = (self.tensor(a)?, self.tensor(b)?);
        let shape = nhw::matmult_shape(&ta.shape, &tb.shape)?;
        Ok(self.emit(
            nhw::MatmultOp::def(),
            &[a, b],
            Type::tensor(&shape, elem),
            vec![],
        ))
    }

    /// `v` (of the `nn` result's shape but element type `elem`) converted to the result's type:
    /// integer results of matmult-engine ops are cast back from FP32.
    fn cast_to_result(&mut self, v: ValueId) -> Lowered {
        let out = self.out()?;
        self.cast(v, out.elem)
    }
}

/// The element type matmult results take for an `nn` result of type `elem`.
fn acc_result(elem: Scalar) -> Scalar {
    if elem.is_float() {
        elem
    } else {
        Scalar::F32
    }
}

/// `nn.matmul` and `nn.batch_matmul`: 1-D operands promoted to matrices; a batched operand
/// times a matrix folds its batch into rows, other batch dimensions are broadcast by
/// `nhw.dma_copy`; one `nhw.matmult`, reshaped to the result.
pub(crate) fn matmul(l: &mut Lower) -> Lowered {
    let (a, b) = l.matmult_operands(l.operand(0)?, l.operand(1)?)?;
    let (sa, sb) = (l.tensor(a)?.shape.to_vec(), l.tensor(b)?.shape.to_vec());
    let a = if sa.len() == 1 {
        l.reshape(a, &[1, sa[0]])?
    } else {
        a
    };
    let b = if sb.len() == 1 {
        l.reshape(b, &[sb[0], 1])?
    } else {
        b
    };
    let (sa, sb) = (l.tensor(a)?.shape.to_vec(), l.tensor(b)?.shape.to_vec());
    let (ra, rb) = (sa.len(), sb.len());
    if rb == 2 && ra > 2 {
        return matmul_folded_rows(l, a, b, &sa);
    }
    let batch = neuron_nn::common::broadcast_all(&[&sa[..ra - 2], &sb[..rb - 2]])?;
    let full = |s: &[i64], r: usize| [&batch[..], &s[r - 2..]].concat();
    let a = l.broadcast(a, &full(&sa, ra))?;
    let b = l.broadcast(b, &full(&sb, rb))?;
    let out = l.out()?;
    let mm = l.matmult(a, b, acc_result(out.elem))?;
    let r = l.reshape(mm, &out.shape)?;
    l.cast_to_result(r)
}

/// `a` (`[..., M, K]`) times the matrix `b` (`[K, N]`): the batch dimensions of `a` fold into
/// its rows, so one `[B·M, K] × [K, N]` matmult serves every batch and the weights are never
/// copied per batch.
fn matmul_folded_rows(l: &mut Lower, a: ValueId, b: ValueId, sa: &[i64]) -> Lowered {
    let (m, k) = (sa[..sa.len() - 1].iter().product::<i64>(), sa[sa.len() - 1]);
    let a = l.reshape(a, &[m, k])?;
    let out = l.out()?;
    let mm = l.matmult(a, b, acc_result(out.elem))?;
    let r = l.reshape(mm, &out.shape)?;
    l.cast_to_result(r)
}

/// `nn.gemm`: operands cast, `transA`/`transB` as compiler transposes, `nhw.matmult`, then
/// `alpha` (activation scale) and `beta·c` (activation scale, tensor_tensor add).
pub(crate) fn gemm(l: &mut Lower) -> Lowered {
    let g = nn::GemmOp(l.op);
    let (alpha, beta) = (g.alpha_or_default(l.body), g.beta_or_default(l.body));
    let (ta, tb) = (g.trans_a_or_default(l.body), g.trans_b_or_default(l.body));
    let c = g.c_operand(l.body);
    let (a, b) = l.matmult_operands(l.operand(0)?, l.operand(1)?)?;
    let mode = l.compiler_transpose_mode(l.tensor(a)?.elem);
    let a = if ta {
        l.transpose(a, &[1, 0], mode)?
    } else {
        a
    };
    let b = if tb {
        l.transpose(b, &[1, 0], mode)?
    } else {
        b
    };
    let out = acc_result(l.out()?.elem);
    let scaled = alpha != 1.0;
    let mm_elem = if scaled || c.is_some() {
        Scalar::F32
    } else {
        out
    };
    let mut y = l.matmult(a, b, mm_elem)?;
    if scaled {
        let elem = if c.is_some() { Scalar::F32 } else { out };
        y = l.act(
            ActivationFunc::Identity,
            y,
            elem,
            vec![("scale", f32_attr(alpha))],
        )?;
    }
    if let Some(c) = c {
        let mut c = l.cast(c, out)?;
        if beta != 1.0 {
            c = l.act(
                ActivationFunc::Identity,
                c,
                out,
                vec![("scale", f32_attr(beta))],
            )?;
        }
        y = l.binary(TensorOp::Add, y, c, out)?;
    }
    l.cast_to_result(y)
}

/// `nn.conv2d`: `nhw.im2col` of the input (`[G, C/G·kH·kW, N·Ho·Wo]`), the weights reshaped
/// to `[G, M/G, C/G·kH·kW]`, one batched `nhw.matmult`, the bias added per output channel, then
/// the layout change to `[N, M, Ho, Wo]` (a compiler transpose when `N > 1`).
pub(crate) fn conv2d(l: &mut Lower) -> Lowered {
    let c = nn::Conv2dOp(l.op);
    let (strides, pads) = (c.strides_or_default(l.body), c.pads_or_default(l.body));
    let (dilations, group) = (c.dilations_or_default(l.body), c.group_or_default(l.body));
    let bias = c.bias_operand(l.body);
    let (x, w) = l.matmult_operands(l.operand(0)?, l.operand(1)?)?;
    let (xt, wt, out) = (l.tensor(x)?, l.tensor(w)?, l.out()?);
    let (n, m, k) = (
        xt.shape[0],
        wt.shape[0],
        wt.shape[1] * wt.shape[2] * wt.shape[3],
    );
    let attrs = vec![
        ("kernel_shape", Attribute::i64_array(&wt.shape[2..])),
        ("strides", Attribute::i64_array(&strides)),
        ("pads", Attribute::i64_array(&pads)),
        ("dilations", Attribute::i64_array(&dilations)),
        ("group", int_attr(group)),
    ];
    let w2 = nhw::Window2d {
        kernel: [wt.shape[2], wt.shape[3]],
        strides,
        pads,
        dilations,
    };
    let cols_shape = nhw::im2col_shape(&xt.shape, &w2, group)?;
    let cols = l.emit(
        nhw::Im2colOp::def(),
        &[x],
        Type::tensor(&cols_shape, xt.elem),
        attrs,
    );
    let wm = l.reshape(w, &[group, m / group, k])?;
    let elem = acc_result(out.elem);
    let mut y = l.matmult(wm, cols, elem)?;
    if let Some(b) = bias {
        let b = l.cast(b, elem)?;
        let b = l.reshape(b, &[group, m / group, 1])?;
        y = l.binary(TensorOp::Add, y, b, elem)?;
    }
    let plane = out.shape[2] * out.shape[3];
    let y = l.reshape(y, &[group, m / group, n, plane])?;
    let mode = l.compiler_transpose_mode(elem);
    let y = l.transpose(y, &[2, 0, 1, 3], mode)?;
    let y = l.reshape(y, &out.shape)?;
    l.cast_to_result(y)
}
