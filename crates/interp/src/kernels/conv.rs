//! `nn.conv2d` (NCHW, groups, strides, pads, dilations, bias) as im2col + GEMM.
//!
//! For each image and group the receptive fields are unrolled into a `[C/g·kH·kW, Ho·Wo]`
//! matrix (zeros where a tap falls into the padding), and the group's weights `[M/g, C/g·kH·kW]`
//! multiply it; the bias is written first and the product accumulated onto it. A 1×1
//! convolution with unit strides and no padding reads the input directly.

use super::matmul::{sgemm, Mat};
use crate::ctx::{dims, KernelResult, OpCtx};
use crate::tensor::Data;
use neuron_nn::conv::window_output_hw;
use neuron_nn::{conv2d_output_shape, Conv2dOp};
use rayon::prelude::*;

/// Geometry of a 2-D window sweep (convolution or pooling) over one `h × w` plane.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Window {
    /// Input height and width.
    pub h: usize,
    /// Input width.
    pub w: usize,
    /// Kernel height and width.
    pub kh: usize,
    /// Kernel width.
    pub kw: usize,
    /// Strides (rows, columns).
    pub stride: [usize; 2],
    /// Dilations (rows, columns).
    pub dil: [usize; 2],
    /// Padding: top, left (bottom and right only change the output size).
    pub pad: [usize; 2],
    /// Output height.
    pub oh: usize,
    /// Output width.
    pub ow: usize,
}

impl Window {
    /// Builds the geometry of a `kernel` window over an `hw` plane; the output size (and the
    /// checks of the attribute values) come from the dialect's `window_output_hw`.
    pub fn new(
        hw: [usize; 2],
        kernel: [usize; 2],
        strides: [i64; 2],
        pads: [i64; 4],
        dilations: [i64; 2],
    ) -> Result<Window, String> {
        let [oh, ow] = window_output_hw(
            hw.map(|v| v as i64),
            kernel.map(|v| v as i64),
            strides,
            pads,
            dilations,
        )?;
        let u = |v: i64| v as usize;
        Ok(Window {
            h: hw[0],
            w: hw[1],
            kh: kernel[0],
            kw: kernel[1],
            stride: strides.map(u),
            dil: dilations.map(u),
            pad: [u(pads[0]), u(pads[1])],
            oh: u(oh),
            ow: u(ow),
        })
    }

    /// Input row of output row `o` and kernel row `k`, or `None` in the padding.
    pub fn in_row(&self, o: usize, k: usize) -> Option<usize> {
        (o * self.stride[0] + k * self.dil[0])
            .checked_sub(self.pad[0])
            .filter(|&r| r < self.h)
    }

    /// Input column of output column `o` and kernel column `k`, or `None` in the padding.
    pub fn in_col(&self, o: usize, k: usize) -> Option<usize> {
        (o * self.stride[1] + k * self.dil[1])
            .checked_sub(self.pad[1])
            .filter(|&c| c < self.w)
    }

    /// True if the input is read as is (1×1 kernel, unit strides, no padding).
    fn is_pointwise(&self) -> bool {
        self.kh == 1
            && self.kw == 1
            && self.stride == [1, 1]
            && self.pad == [0, 0]
            && self.oh == self.h
            && self.ow == self.w
    }
}

/// Unrolls `channels` planes of `x` into the im2col matrix `col` (`[channels·kH·kW, Ho·Wo]`).
pub(crate) fn im2col(x: &[f32], win: &Window, col: &mut [f32]) {
    let (plane, cols) = (win.h * win.w, win.oh * win.ow);
    col.par_chunks_mut(cols).enumerate().for_each(|(row, dst)| {
        let (c, tap) = (row / (win.kh * win.kw), row % (win.kh * win.kw));
        let (ki, kj) = (tap / win.kw, tap % win.kw);
        let src = &x[c * plane..(c + 1) * plane];
        for (oi, drow) in dst.chunks_mut(win.ow).enumerate() {
            let Some(r) = win.in_row(oi, ki) else {
                drow.fill(0.0);
                continue;
            };
            for (oj, d) in drow.iter_mut().enumerate() {
                *d = win.in_col(oj, kj).map_or(0.0, |c| src[r * win.w + c]);
            }
        }
    });
}

/// `nn.conv2d(input [N,C,H,W], weight [M,C/g,kH,kW], bias [M]?)` → `[N, M, Ho, Wo]`.
pub fn conv2d(cx: &OpCtx) -> KernelResult {
    cx.float_result()?;
    let (x, xs) = cx.f32_arg(0)?;
    let (wt, ws) = cx.f32_arg(1)?;
    let (op, body) = (cx.view::<Conv2dOp>()?, cx.body);
    let (strides, pads) = (op.strides_or_default(body), op.pads_or_default(body));
    let (dilations, group) = (op.dilations_or_default(body), op.group_or_default(body));
    let shape = conv2d_output_shape(&dims(xs), &dims(ws), strides, pads, dilations, group)?;
    cx.expect_dims(&shape)?;
    let ([n, c, h, w], [m, cg, kh, kw]) = (dims4(xs, "input")?, dims4(ws, "weight")?);
    let g = group as usize;
    let win = Window::new([h, w], [kh, kw], strides, pads, dilations)?;
    let bias = match cx.args.len() {
        2 => None,
        3 => Some(cx.f32_arg(2)?),
        k => return Err(format!("takes 2 or 3 operands, got {k}")),
    };
    if let Some((_, bs)) = bias {
        if bs != [m] {
            return Err(format!("bias must have shape [{m}], got {bs:?}"));
        }
    }
    let out_plane = win.oh * win.ow;
    let mut out = vec![0f32; n * m * out_plane];
    if let Some((b, _)) = bias {
        out.par_chunks_mut(out_plane)
            .enumerate()
            .for_each(|(i, p)| p.fill(b[i % m]));
    }
    let geo = Geometry {
        win,
        groups: g,
        cg,
        mg: m / g,
        kdim: cg * kh * kw,
        accumulate: bias.is_some(),
    };
    let image = c * h * w;
    let col_len = if win.is_pointwise() {
        0
    } else {
        geo.kdim * out_plane
    };
    if n > 1 && m * out_plane * geo.kdim <= SMALL_IMAGE {
        out.par_chunks_mut(m * out_plane)
            .zip(x.par_chunks(image))
            .for_each_init(
                || vec![0f32; col_len],
                |col, (dst, xi)| conv_image(xi, wt, &geo, col, dst, 1),
            );
    } else {
        let mut col = vec![0f32; col_len];
        let threads = rayon::current_num_threads();
        for (dst, xi) in out.chunks_mut(m * out_plane).zip(x.chunks(image)) {
            conv_image(xi, wt, &geo, &mut col, dst, threads);
        }
    }
    Ok(Data::F32(out.into()))
}

/// Images whose convolution is at most this big (`M·Ho·Wo·C/g·kH·kW`) run in parallel, one
/// thread each; bigger ones one after the other with all threads. Either way each output
/// element is the same FP32 sum.
const SMALL_IMAGE: usize = 1 << 22;

/// What `conv_image` needs to know about one convolution.
struct Geometry {
    win: Window,
    groups: usize,
    cg: usize,
    mg: usize,
    kdim: usize,
    accumulate: bool,
}

/// Convolves one image `x` (`[C, H, W]`) into `dst` (`[M, Ho, Wo]`, holding the bias if any).
fn conv_image(
    x: &[f32],
    wt: &[f32],
    geo: &Geometry,
    col: &mut [f32],
    dst: &mut [f32],
    threads: usize,
) {
    let win = &geo.win;
    let (plane, out_plane) = (win.h * win.w, win.oh * win.ow);
    for gi in 0..geo.groups {
        let xin = &x[gi * geo.cg * plane..][..geo.cg * plane];
        let rhs = if win.is_pointwise() {
            xin
        } else {
            im2col(xin, win, col);
            &col[..]
        };
        let d = &mut dst[gi * geo.mg * out_plane..][..geo.mg * out_plane];
        let a = Mat::rows(&wt[gi * geo.mg * geo.kdim..], geo.kdim);
        let b = Mat::rows(rhs, out_plane);
        sgemm(
            (geo.mg, out_plane, geo.kdim),
            a,
            b,
            d,
            geo.accumulate,
            1.0,
            threads,
        );
    }
}

/// The four dims of a rank-4 shape.
pub fn dims4(s: &[usize], what: &str) -> Result<[usize; 4], String> {
    s.try_into()
        .map_err(|_| format!("{what} must be a rank-4 tensor (NCHW), got shape {s:?}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_output_sizes() {
        let w = Window::new([5, 5], [3, 3], [2, 2], [1, 1, 1, 1], [1, 1]).unwrap();
        assert_eq!((w.oh, w.ow), (3, 3));
        assert_eq!((w.in_row(0, 0), w.in_row(0, 1)), (None, Some(0)));
        let w = Window::new([7, 7], [3, 3], [1, 1], [0, 0, 0, 0], [2, 2]).unwrap();
        assert_eq!((w.oh, w.ow), (3, 3));
        assert!(Window::new([2, 2], [3, 3], [1, 1], [0; 4], [1, 1]).is_err());
        assert!(Window::new([2, 2], [1, 1], [0, 1], [0; 4], [1, 1]).is_err());
        assert_eq!(w.in_row(1, 2), Some(5));
    }
}
