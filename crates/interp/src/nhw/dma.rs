//! DMA kernels: data movement that copies values exactly (transpose, reshape, broadcast copy,
//! gather, slice, concat, pad), `im2col`, and constants.

use super::dispatch::Ncx;
use crate::ctx::KernelResult;
use crate::kernels::broadcast::broadcast_to;
use crate::kernels::conv::{dims4, im2col as unroll, Window};
use crate::kernels::{constant::dense_value, movement as mv};
use crate::tensor::Data;
use neuron_nhw::{ConstantOp, DmaConcatOp, DmaGatherOp, DmaPadOp, DmaSliceOp, DmaTransposeOp};
use neuron_nhw::{Im2colOp, Window2d};
use rayon::prelude::*;

/// `nhw.dma_transpose {perm}`.
pub(crate) fn dma_transpose(n: &Ncx) -> KernelResult {
    let cx = n.cx;
    let perm = cx
        .view::<DmaTransposeOp>()?
        .perm(cx.body)
        .ok_or("requires attribute 'perm'")?;
    let x = cx.arg(0)?;
    let p: Vec<usize> = perm.iter().map(|&d| d as usize).collect();
    cx.expect_shape(&p.iter().map(|&d| x.shape[d]).collect::<Vec<_>>())?;
    Ok(match &x.data {
        Data::F32(v) => Data::F32(mv::permute(v, &x.shape, &p).into()),
        Data::I64(v) => Data::I64(mv::permute(v, &x.shape, &p).into()),
    })
}

/// `nhw.reshape`: the same values.
pub(crate) fn reshape(n: &Ncx) -> KernelResult {
    mv::reshape(n.cx)
}

/// `nhw.dma_copy`: the operand broadcast to the result's shape.
pub(crate) fn dma_copy(n: &Ncx) -> KernelResult {
    let (cx, x) = (n.cx, n.cx.arg(0)?);
    let out = cx.out_shape();
    Ok(match &x.data {
        Data::F32(v) => Data::F32(broadcast_to(v, &x.shape, &out)?.into()),
        Data::I64(v) => Data::I64(broadcast_to(v, &x.shape, &out)?.into()),
    })
}

/// `nhw.dma_gather {axis}`.
pub(crate) fn dma_gather(n: &Ncx) -> KernelResult {
    mv::gather_axis(n.cx, n.cx.view::<DmaGatherOp>()?.axis_or_default(n.cx.body))
}

/// `nhw.dma_slice {starts, ends, axes, steps}`.
pub(crate) fn dma_slice(n: &Ncx) -> KernelResult {
    let (op, b) = (n.cx.view::<DmaSliceOp>()?, n.cx.body);
    let starts = op.starts(b).ok_or("requires attribute 'starts'")?;
    let ends = op.ends(b).ok_or("requires attribute 'ends'")?;
    let (axes, steps) = (op.axes(b), op.steps(b));
    mv::slice_with(n.cx, &starts, &ends, axes.as_deref(), steps.as_deref())
}

/// `nhw.dma_concat {axis}`.
pub(crate) fn dma_concat(n: &Ncx) -> KernelResult {
    let axis =
        n.cx.view::<DmaConcatOp>()?
            .axis(n.cx.body)
            .ok_or("requires attribute 'axis'")?;
    mv::concat_axis(n.cx, axis)
}

/// `nhw.dma_pad {pads, value}`.
pub(crate) fn dma_pad(n: &Ncx) -> KernelResult {
    let (op, b) = (n.cx.view::<DmaPadOp>()?, n.cx.body);
    let pads = op.pads(b).ok_or("requires attribute 'pads'")?;
    mv::pad_with(n.cx, &pads, op.value_or_default(b))
}

/// `nhw.constant {value}`.
pub(crate) fn constant(n: &Ncx) -> KernelResult {
    let d =
        n.cx.view::<ConstantOp>()?
            .value(n.cx.body)
            .ok_or("requires a dense 'value'")?;
    dense_value(n.cx, &d)
}

/// `nhw.im2col`: `[N, C, H, W]` → `[G, C/G·kH·kW, N·Ho·Wo]`; each image's block of columns is
/// the `nn.conv2d` kernel's im2col matrix of that image and group.
pub(crate) fn im2col(n: &Ncx) -> KernelResult {
    let (cx, op) = (n.cx, n.cx.view::<Im2colOp>()?);
    let w = read_window(n)?;
    let group = op.group_or_default(cx.body);
    let (x, xs) = cx.f32_arg(0)?;
    cx.expect_dims(&neuron_nhw::im2col_shape(&crate::ctx::dims(xs), &w, group)?)?;
    let [imgs, c, h, wd] = dims4(xs, "input")?;
    let k = w.kernel.map(|v| v as usize);
    let win = Window::new([h, wd], k, w.strides, w.pads, w.dilations)?;
    let (g, cg, plane) = (group as usize, c / group as usize, win.oh * win.ow);
    let rows = cg * k[0] * k[1];
    let mut out = vec![0f32; g * rows * imgs * plane];
    out.par_chunks_mut(rows * imgs * plane)
        .enumerate()
        .for_each(|(gi, dst)| {
            let mut col = vec![0f32; rows * plane];
            for i in 0..imgs {
                let src = &x[(i * c + gi * cg) * h * wd..][..cg * h * wd];
                unroll(src, &win, &mut col);
                for (r, row) in col.chunks(plane.max(1)).enumerate() {
                    dst[(r * imgs + i) * plane..][..plane].copy_from_slice(row);
                }
            }
        });
    Ok(Data::F32(out.into()))
}

/// The window attributes of the op.
fn read_window(n: &Ncx) -> Result<Window2d, String> {
    let d = n.cx.body.op(n.cx.op);
    let list = |name: &str| d.attr(name).and_then(|a| a.as_i64_list());
    let two = |name: &str| -> Result<[i64; 2], String> {
        let v = list(name).ok_or_else(|| format!("requires attribute '{name}'"))?;
        v.try_into().map_err(|_| format!("{name} needs 2 values"))
    };
    let pads = list("pads").ok_or("requires attribute 'pads'")?;
    Ok(Window2d {
        kernel: two("kernel_shape")?,
        strides: two("strides")?,
        pads: pads.try_into().map_err(|_| "pads needs 4 values")?,
        dilations: two("dilations")?,
    })
}
