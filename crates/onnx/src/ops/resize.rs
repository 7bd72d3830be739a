//! `Resize` (opsets 10–19) and `Upsample` (7–9) decomposed into existing nn ops: every shape
//! is static, so per resized axis the source indices and interpolation weights are constants
//! computed at import; each tap is one `nn.gather` along the axis, weighted by `nn.mul` and
//! summed with `nn.add` (nearest: one gather), separably over the axes.

use crate::ctx::{int_attr, Ctx, Slot, SlotId};
use crate::error::Result;
use crate::import::fmt_shape;
use crate::ops::decompose::{
    bin, cast, check_generated, const_int, out, scalar, select, tensor, un_attrs,
};
use crate::ops::window::check_unrolled;
use crate::tensor::tensor_type;
use neuron_ir::{Attribute, Scalar};

/// How an output coordinate maps to a source coordinate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Coord {
    HalfPixel,
    HalfPixelSymmetric,
    PytorchHalfPixel,
    AlignCorners,
    Asymmetric,
    TfHalfPixelForNn,
    TfCropAndResize,
}

/// How `nearest` rounds a source coordinate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Round {
    PreferFloor,
    PreferCeil,
    Floor,
    Ceil,
}

/// The interpolation kernel.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Kernel {
    Nearest(Round),
    Linear,
    Cubic(f64),
}

/// The interpolation settings of one node (its attributes).
#[derive(Clone, Copy, Debug)]
struct Settings {
    kernel: Kernel,
    coord: Coord,
    exclude_outside: bool,
    antialias: bool,
    extrapolation: f64,
}

/// One resized axis.
#[derive(Clone, Copy, Debug)]
struct AxisPlan {
    axis: usize,
    input: i64,
    output: i64,
    scale: f64,
    roi: (f64, f64),
}

/// The taps along one axis: per tap, a source index and a weight for every output position;
/// and the positions outside the crop (tf_crop_and_resize), which get the extrapolation value.
#[derive(Debug)]
struct Taps {
    index: Vec<Vec<i64>>,
    weight: Vec<Vec<f64>>,
    outside: Vec<bool>,
}

/// `Resize`: inputs X, scales (opset 10); X, roi, scales, sizes (11+); attributes `mode`,
/// `coordinate_transformation_mode`, `nearest_mode`, `cubic_coeff_a`, `exclude_outside`,
/// `extrapolation_value` (11+), `axes`, `keep_aspect_ratio_policy`, `antialias` (18+).
pub fn resize(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let shape = cx.shape(x);
    if cx.opset < 11 {
        let s = legacy_settings(cx)?;
        let scales = required(cx, const_floats(cx, 1, "scales")?, "scales")?;
        let all: Vec<usize> = (0..shape.len()).collect();
        let plans = plan_scales(cx, &shape, &all, &scales, None)?;
        return run(cx, x, &s, &plans);
    }
    let s = settings(cx)?;
    let axes = resize_axes(cx, shape.len())?;
    let roi = roi(cx, &s, &axes)?;
    let scales = const_floats(cx, 2, "scales")?;
    let sizes = cx.const_ints(3, "sizes")?.filter(|v| !v.is_empty());
    let plans = match (scales, sizes) {
        (Some(sc), None) => plan_scales(cx, &shape, &axes, &sc, roi.as_deref())?,
        (None, Some(sz)) => plan_sizes(cx, &shape, &axes, &sz, roi.as_deref())?,
        (Some(_), Some(_)) => return cx.fail("only one of 'scales' and 'sizes' may be given"),
        (None, None) => return cx.fail("requires one of the inputs 'scales' and 'sizes'"),
    };
    run(cx, x, &s, &plans)
}

/// `Upsample {mode = "nearest"}`: `scales` an attribute before opset 9, an input from 9;
/// asymmetric coordinates, nearest rounds down (as `Resize` 10).
pub fn upsample(cx: &mut Ctx) -> Result<Vec<Slot>> {
    let x = cx.req(0)?;
    let shape = cx.shape(x);
    let s = legacy_settings(cx)?;
    let scales = if cx.opset < 9 {
        let v = cx
            .attr_floats("scales")?
            .map(|v| v.into_iter().map(f64::from).collect());
        required(cx, v, "scales")?
    } else {
        required(cx, const_floats(cx, 1, "scales")?, "scales")?
    };
    let all: Vec<usize> = (0..shape.len()).collect();
    let plans = plan_scales(cx, &shape, &all, &scales, None)?;
    run(cx, x, &s, &plans)
}

/// `v`, or an error naming the missing `what`.
fn required<T>(cx: &Ctx, v: Option<T>, what: &str) -> Result<T> {
    v.ok_or_else(|| cx.err(format!("requires '{what}'")))
}

/// The values of float input `i` (`None` if absent or empty); it must be known at import.
fn const_floats(cx: &Ctx, i: usize, what: &str) -> Result<Option<Vec<f64>>> {
    let Some(s) = cx.input(i) else {
        return Ok(None);
    };
    let Some(d) = cx.konst(s) else {
        return cx.fail(format!(
            "input '{what}' ('{}') must be a constant known at import; it is computed at run time",
            cx.node.input[i]
        ));
    };
    let v: Vec<f64> = (0..d.ty.num_elements()).map(|k| d.get_f64(k)).collect();
    Ok((!v.is_empty()).then_some(v))
}

/// The `mode` of `Upsample` and `Resize` 10 (asymmetric coordinates, nearest rounds down).
fn legacy_settings(cx: &Ctx) -> Result<Settings> {
    let kernel = match cx.str_or("mode", "nearest")?.as_str() {
        "nearest" => Kernel::Nearest(Round::Floor),
        "linear" => Kernel::Linear,
        other => return cx.fail(format!("mode '{other}' is not 'nearest' or 'linear'")),
    };
    Ok(Settings {
        kernel,
        coord: Coord::Asymmetric,
        exclude_outside: false,
        antialias: false,
        extrapolation: 0.0,
    })
}

/// The attributes of `Resize` 11+.
fn settings(cx: &Ctx) -> Result<Settings> {
    let round = parse_round(cx, &cx.str_or("nearest_mode", "round_prefer_floor")?)?;
    let kernel = match cx.str_or("mode", "nearest")?.as_str() {
        "nearest" => Kernel::Nearest(round),
        "linear" => Kernel::Linear,
        "cubic" => Kernel::Cubic(f64::from(cx.float_or("cubic_coeff_a", -0.75)?)),
        other => {
            return cx.fail(format!(
                "mode '{other}' is not 'nearest', 'linear' or 'cubic'"
            ))
        }
    };
    let coord = parse_coord(
        cx,
        &cx.str_or("coordinate_transformation_mode", "half_pixel")?,
    )?;
    Ok(Settings {
        kernel,
        coord,
        exclude_outside: cx.int_or("exclude_outside", 0)? != 0,
        antialias: cx.opset >= 18 && cx.int_or("antialias", 0)? != 0,
        extrapolation: f64::from(cx.float_or("extrapolation_value", 0.0)?),
    })
}

/// The `nearest_mode` named `s`.
fn parse_round(cx: &Ctx, s: &str) -> Result<Round> {
    Ok(match s {
        "round_prefer_floor" => Round::PreferFloor,
        "round_prefer_ceil" => Round::PreferCeil,
        "floor" => Round::Floor,
        "ceil" => Round::Ceil,
        other => return cx.fail(format!("nearest_mode '{other}' is not supported")),
    })
}

/// The `coordinate_transformation_mode` named `s`.
fn parse_coord(cx: &Ctx, s: &str) -> Result<Coord> {
    Ok(match s {
        "half_pixel" => Coord::HalfPixel,
        "half_pixel_symmetric" => Coord::HalfPixelSymmetric,
        "pytorch_half_pixel" => Coord::PytorchHalfPixel,
        "align_corners" => Coord::AlignCorners,
        "asymmetric" => Coord::Asymmetric,
        "tf_half_pixel_for_nn" => Coord::TfHalfPixelForNn,
        "tf_crop_and_resize" => Coord::TfCropAndResize,
        other => {
            return cx.fail(format!(
                "coordinate_transformation_mode '{other}' is not supported"
            ))
        }
    })
}

/// The resized axes (`axes`, opset 18+; default all), normalised, distinct.
fn resize_axes(cx: &Ctx, rank: usize) -> Result<Vec<usize>> {
    let given = if cx.opset >= 18 {
        cx.attr_ints("axes")?
    } else {
        None
    };
    let Some(given) = given else {
        return Ok((0..rank).collect());
    };
    let r = rank as i64;
    let mut axes = Vec::with_capacity(given.len());
    for &a in &given {
        let n = if a < 0 { a + r } else { a };
        if !(0..r).contains(&n) || axes.contains(&(n as usize)) {
            return cx.fail(format!(
                "axes {given:?} must be distinct dimensions of a rank-{rank} input"
            ));
        }
        axes.push(n as usize);
    }
    Ok(axes)
}

/// The crop box per resized axis (`tf_crop_and_resize` only: the `roi` input, `[starts…,
/// ends…]` over the resized axes); `None` for the other modes.
fn roi(cx: &Ctx, s: &Settings, axes: &[usize]) -> Result<Option<Vec<(f64, f64)>>> {
    if s.coord != Coord::TfCropAndResize {
        return Ok(None);
    }
    let Some(v) = const_floats(cx, 1, "roi")? else {
        return cx.fail("coordinate_transformation_mode 'tf_crop_and_resize' requires 'roi'");
    };
    let n = axes.len();
    if v.len() != 2 * n || v.iter().any(|r| !r.is_finite()) {
        return cx.fail(format!(
            "roi {v:?} must hold {} finite values (starts and ends of {n} axes)",
            2 * n
        ));
    }
    Ok(Some((0..n).map(|i| (v[i], v[n + i])).collect()))
}

/// The crop box of the `i`-th resized axis (the whole axis without a roi).
fn roi_of(roi: Option<&[(f64, f64)]>, i: usize) -> (f64, f64) {
    roi.map_or((0.0, 1.0), |r| r[i])
}

/// Plans for `scales` (one positive factor per resized axis): output `floor(input·scale)`.
fn plan_scales(
    cx: &Ctx,
    shape: &[i64],
    axes: &[usize],
    scales: &[f64],
    roi: Option<&[(f64, f64)]>,
) -> Result<Vec<AxisPlan>> {
    if scales.len() != axes.len() {
        return cx.fail(format!(
            "scales {scales:?} must have {} values (one per resized dimension of the input {})",
            axes.len(),
            fmt_shape(shape)
        ));
    }
    let mut plans = Vec::with_capacity(axes.len());
    for (i, (&axis, &scale)) in axes.iter().zip(scales).enumerate() {
        let out = (shape[axis] as f64 * scale).floor();
        if !(scale.is_finite() && scale > 0.0) || out >= (1u64 << 62) as f64 {
            return cx.fail(format!(
                "scale {scale} of dimension {axis} (size {}) must be positive and give a size below 2^62",
                shape[axis]
            ));
        }
        plans.push(AxisPlan {
            axis,
            input: shape[axis],
            output: out as i64,
            scale,
            roi: roi_of(roi, i),
        });
    }
    Ok(plans)
}

/// Plans for `sizes` (one non-negative size per resized axis), with `keep_aspect_ratio_policy`.
fn plan_sizes(
    cx: &Ctx,
    shape: &[i64],
    axes: &[usize],
    sizes: &[i64],
    roi: Option<&[(f64, f64)]>,
) -> Result<Vec<AxisPlan>> {
    if sizes.len() != axes.len() || sizes.iter().any(|&s| !(0..1 << 62).contains(&s)) {
        return cx.fail(format!(
            "sizes {sizes:?} must have {} non-negative values below 2^62 (one per resized dimension of the input {})",
            axes.len(),
            fmt_shape(shape)
        ));
    }
    let fixed = aspect_scale(cx, shape, axes, sizes)?;
    let mut plans = Vec::with_capacity(axes.len());
    for (i, &axis) in axes.iter().enumerate() {
        let input = shape[axis];
        let (scale, output) = match fixed {
            None => (sizes[i] as f64 / input as f64, sizes[i]),
            Some(s) => (s, (s * input as f64 + 0.5).min((1u64 << 62) as f64) as i64),
        };
        plans.push(AxisPlan {
            axis,
            input,
            output,
            scale,
            roi: roi_of(roi, i),
        });
    }
    Ok(plans)
}

/// The one scale of every resized axis under `keep_aspect_ratio_policy` (opset 18+), or
/// `None` for `stretch` (each axis its own `size / input`).
fn aspect_scale(cx: &Ctx, shape: &[i64], axes: &[usize], sizes: &[i64]) -> Result<Option<f64>> {
    let policy = if cx.opset >= 18 {
        cx.str_or("keep_aspect_ratio_policy", "stretch")?
    } else {
        "stretch".to_string()
    };
    let ratios = axes
        .iter()
        .zip(sizes)
        .map(|(&a, &s)| s as f64 / shape[a] as f64);
    Ok(match policy.as_str() {
        "stretch" => None,
        "not_larger" => ratios.reduce(f64::min),
        "not_smaller" => ratios.reduce(f64::max),
        other => {
            return cx.fail(format!(
                "keep_aspect_ratio_policy '{other}' is not 'stretch', 'not_larger' or 'not_smaller'"
            ))
        }
    })
}

/// Resizes `x` along every planned axis in turn.
fn run(cx: &mut Ctx, x: SlotId, s: &Settings, plans: &[AxisPlan]) -> Result<Vec<Slot>> {
    let mut shape = cx.shape(x);
    for p in plans {
        if p.input == 0 && p.output > 0 {
            return cx.fail(format!(
                "dimension {} of size 0 cannot be resized to {}",
                p.axis, p.output
            ));
        }
        shape[p.axis] = p.output;
    }
    let mut n = 1i64;
    for &d in &shape {
        n = n.checked_mul(d).filter(|&n| n < 1 << 62).ok_or_else(|| {
            cx.err(format!(
                "the output shape {} is too large",
                fmt_shape(&shape)
            ))
        })?;
    }
    let elem = cx.elem(x);
    if n == 0 {
        let y = tensor(cx, &shape, elem, &[])?;
        return out(cx, y);
    }
    let mut all = Vec::with_capacity(plans.len());
    for p in plans.iter().filter(|p| !is_identity(s, p)) {
        let taps = axis_taps(cx, s, p)?;
        all.push((*p, taps));
    }
    let arith = all.iter().any(|(_, t)| !t.is_selection());
    let ct = compute_type(cx, elem, arith)?;
    let mut cur = cast(cx, x, ct)?;
    for (p, taps) in &all {
        cur = emit_axis(cx, cur, p, taps, s)?;
    }
    let y = back_to(cx, cur, elem)?;
    out(cx, y)
}

/// True when resizing this axis changes nothing (as the ONNX reference decides it).
fn is_identity(s: &Settings, p: &AxisPlan) -> bool {
    let roi_whole = s.coord != Coord::TfCropAndResize || p.roi == (0.0, 1.0);
    (p.scale - 1.0).abs() <= 1e-9 * p.scale.max(1.0) && p.output == p.input && roi_whole
}

/// The type interpolation is computed in: the input's, or f32 when weights are applied to
/// another float type or to an integer of at most 16 bits.
fn compute_type(cx: &Ctx, elem: Scalar, arith: bool) -> Result<Scalar> {
    if !arith || elem == Scalar::F32 {
        return Ok(elem);
    }
    if elem.is_float() || int_range(elem).is_some() {
        return Ok(Scalar::F32);
    }
    cx.fail(format!(
        "input element type {elem} is not supported: linear and cubic Resize need a float tensor or an integer of at most 16 bits"
    ))
}

/// The value range of an integer type of at most 16 bits.
fn int_range(e: Scalar) -> Option<(f64, f64)> {
    let w = e.bit_width();
    if !e.is_integer() || e == Scalar::I1 || w > 16 {
        return None;
    }
    Some(if e.is_unsigned() {
        (0.0, ((1u64 << w) - 1) as f64)
    } else {
        (-((1u64 << (w - 1)) as f64), ((1u64 << (w - 1)) - 1) as f64)
    })
}

/// `y` converted back to `elem`: integers rounded half to even and saturated first.
fn back_to(cx: &mut Ctx, y: SlotId, elem: Scalar) -> Result<SlotId> {
    if cx.elem(y) == elem {
        return Ok(y);
    }
    let Some((lo, hi)) = int_range(elem) else {
        return cast(cx, y, elem);
    };
    let r = un_attrs(cx, "nn.round", y, vec![])?;
    let bounds = vec![
        ("min", Attribute::float(lo, Scalar::F32)),
        ("max", Attribute::float(hi, Scalar::F32)),
    ];
    let c = un_attrs(cx, "nn.clip", r, bounds)?;
    cast(cx, c, elem)
}

/// The source coordinate of output position `o` along `p`.
fn source_coord(coord: Coord, o: f64, p: &AxisPlan) -> f64 {
    let (input, scale) = (p.input as f64, p.scale);
    let out_f = scale * input;
    match coord {
        Coord::HalfPixel => (o + 0.5) / scale - 0.5,
        Coord::HalfPixelSymmetric => {
            let adjustment = p.output as f64 / out_f;
            let offset = input / 2.0 * (1.0 - adjustment);
            offset + (o + 0.5) / scale - 0.5
        }
        Coord::PytorchHalfPixel if out_f == 1.0 => -0.5,
        Coord::PytorchHalfPixel => (o + 0.5) / scale - 0.5,
        Coord::AlignCorners if out_f == 1.0 => 0.0,
        Coord::AlignCorners => o * (input - 1.0) / (out_f - 1.0),
        Coord::Asymmetric => o / scale,
        Coord::TfHalfPixelForNn => (o + 0.5) / scale,
        Coord::TfCropAndResize => {
            let (r0, r1) = p.roi;
            let x = if out_f == 1.0 {
                (r1 - r0) * (input - 1.0) / 2.0
            } else {
                o * (r1 - r0) * (input - 1.0) / (out_f - 1.0)
            };
            x + r0 * (input - 1.0)
        }
    }
}

/// The number of taps of the kernel at this axis scale.
fn tap_count(s: &Settings, scale: f64) -> i64 {
    let wide = |reach: f64| {
        let start = (-reach / scale.min(1.0)).floor() + 1.0;
        (2.0 - 2.0 * start).min(1e12) as i64
    };
    match (s.kernel, s.antialias) {
        (Kernel::Linear, true) => wide(1.0),
        (Kernel::Cubic(_), true) => wide(2.0),
        (Kernel::Cubic(_), false) => 4,
        _ => 2,
    }
}

/// The kernel's weights of the `n` taps for the fractional position `ratio` in `(0, 1]`.
fn coeffs(s: &Settings, ratio: f64, scale: f64, n: i64) -> Vec<f64> {
    let start = 1 - n / 2;
    match (s.kernel, s.antialias) {
        (Kernel::Nearest(r), _) => nearest_coeffs(r, ratio),
        (Kernel::Linear, false) => vec![1.0 - ratio, ratio],
        (Kernel::Linear, true) => normalised((start..start + n).map(|i| {
            let a = (i as f64 - ratio) * scale.min(1.0);
            (1.0 - a.abs()).clamp(0.0, 1.0)
        })),
        (Kernel::Cubic(a), false) => [ratio + 1.0, ratio, 1.0 - ratio, 2.0 - ratio]
            .iter()
            .map(|&d| cubic(a, d))
            .collect(),
        (Kernel::Cubic(a), true) => {
            normalised((start..start + n).map(|i| cubic(a, scale.min(1.0) * (i as f64 - ratio))))
        }
    }
}

/// The weights divided by their sum.
fn normalised(w: impl Iterator<Item = f64>) -> Vec<f64> {
    let w: Vec<f64> = w.collect();
    let sum: f64 = w.iter().sum();
    w.into_iter().map(|v| v / sum).collect()
}

/// The cubic convolution kernel with coefficient `a` at distance `d`.
fn cubic(a: f64, d: f64) -> f64 {
    let x = d.abs();
    if x <= 1.0 {
        ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0
    } else if x < 2.0 {
        ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a
    } else {
        0.0
    }
}

/// The one-hot weights of `floor(x)`, `floor(x) + 1` for nearest rounding.
fn nearest_coeffs(r: Round, ratio: f64) -> Vec<f64> {
    let up = if ratio == 1.0 {
        true
    } else {
        match r {
            Round::PreferFloor => ratio > 0.5,
            Round::PreferCeil => ratio >= 0.5,
            Round::Floor => false,
            Round::Ceil => true,
        }
    };
    vec![f64::from(u8::from(!up)), f64::from(u8::from(up))]
}

/// The source indices and weights of every tap along the axis `p`, simplified.
fn axis_taps(cx: &Ctx, s: &Settings, p: &AxisPlan) -> Result<Taps> {
    let n = tap_count(s, p.scale);
    check_unrolled(cx, n)?;
    check_generated(cx, "Resize indices and weights", &[n, p.output])?;
    let (nu, out) = (n as usize, p.output as usize);
    let mut t = Taps {
        index: vec![Vec::with_capacity(out); nu],
        weight: vec![Vec::with_capacity(out); nu],
        outside: Vec::with_capacity(out),
    };
    for o in 0..out {
        let x = source_coord(s.coord, o as f64, p);
        let fl = x.floor();
        let ratio = if x == fl { 1.0 } else { x - fl };
        let mut w = coeffs(s, ratio, p.scale, n);
        let first = first_neighbour(x, n);
        let idx: Vec<i64> = (0..n).map(|k| first.saturating_add(k)).collect();
        if s.exclude_outside {
            exclude(&mut w, &idx, p.input);
        }
        for k in 0..nu {
            t.index[k].push(idx[k].clamp(0, (p.input - 1).max(0)));
            t.weight[k].push(w[k]);
        }
        t.outside
            .push(s.coord == Coord::TfCropAndResize && (x < 0.0 || x > p.input as f64 - 1.0));
    }
    t.simplify();
    Ok(t)
}

/// The first of the `n` source positions nearest to `x` (ties to the lower ones), unclamped.
fn first_neighbour(x: f64, n: i64) -> i64 {
    let pad = (n + 1) / 2;
    let xp = x + pad as f64;
    let p = xp.floor();
    let frac = xp - p;
    let offset = if n % 2 == 0 {
        if frac == 0.0 {
            -(n / 2)
        } else {
            1 - n / 2
        }
    } else if frac <= 0.5 {
        -((n - 1) / 2)
    } else {
        1 - (n - 1) / 2
    };
    (p as i64).saturating_add(offset).saturating_sub(pad)
}

/// Zeroes the weights of positions outside `[0, input)` and renormalises the rest.
fn exclude(w: &mut [f64], idx: &[i64], input: i64) {
    for (wk, &i) in w.iter_mut().zip(idx) {
        if !(0..input).contains(&i) {
            *wk = 0.0;
        }
    }
    let sum: f64 = w.iter().sum();
    let sum = if sum == 0.0 { 1.0 } else { sum };
    w.iter_mut().for_each(|v| *v /= sum);
}

impl Taps {
    /// Drops taps whose weights are all zero; one-hot weights become one tap of weight 1.
    fn simplify(&mut self) {
        let out = self.outside.len();
        let one_hot = (0..out).all(|o| {
            let nz: Vec<f64> = self
                .weight
                .iter()
                .map(|w| w[o])
                .filter(|&v| v != 0.0)
                .collect();
            nz == [1.0]
        });
        if one_hot && self.weight.len() > 1 {
            let index = (0..out)
                .map(|o| {
                    let k = self.weight.iter().position(|w| w[o] != 0.0).unwrap_or(0);
                    self.index[k][o]
                })
                .collect();
            self.index = vec![index];
            self.weight = vec![vec![1.0; out]];
            return;
        }
        let keep: Vec<bool> = self
            .weight
            .iter()
            .map(|w| w.iter().any(|&v| v != 0.0))
            .collect();
        if keep.iter().any(|&k| k) {
            let mut k = keep.iter();
            self.index.retain(|_| *k.next().unwrap_or(&true));
            let mut k = keep.iter();
            self.weight.retain(|_| *k.next().unwrap_or(&true));
        }
    }

    /// True when the axis only selects elements (one tap of weight 1).
    fn is_selection(&self) -> bool {
        self.weight.len() == 1 && self.weight[0].iter().all(|&w| w == 1.0)
    }
}

/// Resizes `x` along `p.axis` with the taps: `Σ gather(x, index_k) · weight_k`, then the
/// extrapolation value where the crop leaves the input.
fn emit_axis(cx: &mut Ctx, x: SlotId, p: &AxisPlan, t: &Taps, s: &Settings) -> Result<SlotId> {
    let rank = cx.shape(x).len();
    let mut wshape = vec![p.output];
    wshape.extend(std::iter::repeat_n(1, rank - p.axis - 1));
    let mut acc = None;
    for (index, weight) in t.index.iter().zip(&t.weight) {
        let g = gather(cx, x, p.axis, index)?;
        let term = if weight.iter().all(|&w| w == 1.0) {
            g
        } else {
            let w = tensor(cx, &wshape, cx.elem(x), weight)?;
            bin(cx, "nn.mul", g, w)?
        };
        acc = Some(match acc {
            None => term,
            Some(a) => bin(cx, "nn.add", a, term)?,
        });
    }
    let acc = acc.ok_or_else(|| cx.err("no interpolation taps"))?;
    if !t.outside.iter().any(|&o| o) {
        return Ok(acc);
    }
    let mask: Vec<f64> = t.outside.iter().map(|&o| f64::from(u8::from(o))).collect();
    let m = tensor(cx, &wshape, Scalar::I1, &mask)?;
    let v = scalar(cx, s.extrapolation, cx.elem(x))?;
    select(cx, m, v, acc)
}

/// `x` gathered along `axis` with constant in-range indices (nothing for the identity).
fn gather(cx: &mut Ctx, x: SlotId, axis: usize, index: &[i64]) -> Result<SlotId> {
    let ty = cx.ty(x);
    let n = index.len() as i64;
    if n == ty.shape[axis] && index.iter().zip(0..).all(|(&i, k)| i == k) {
        return Ok(x);
    }
    let mut shape = ty.shape.to_vec();
    shape[axis] = n;
    let i = const_int(cx, &[n], Scalar::I64, index);
    let vals = [cx.value(x)?, cx.value(i)?];
    let attrs = if axis == 0 {
        vec![]
    } else {
        vec![("axis", int_attr(axis as i64))]
    };
    let s = cx.emit("nn.gather", &vals, tensor_type(&shape, ty.elem), attrs)?;
    Ok(cx.add_slot(s))
}
