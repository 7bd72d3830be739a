//! `Resize` and `Upsample`: small models imported, run in the reference interpreter and
//! compared with a direct per-element `f64` computation written here (edge-padded neighbours
//! chosen by sorting, the kernel formulas of the ONNX specification); the emitted ops; and
//! malformed inputs, which must give an import error and never a panic.

mod common;
use common::*;
use neuron_interp::{run_function, InterpOptions, Tensor};
use neuron_ir::Scalar;
use neuron_onnx::proto::{attr_type, AttributeProto, NodeProto, TensorProto};
use neuron_onnx::ImportOptions;

/// The attributes the f64 reference follows.
#[derive(Clone, Copy, Debug)]
struct Spec {
    mode: &'static str,
    coord: &'static str,
    nearest: &'static str,
    a: f64,
    exclude: bool,
    extrap: f64,
    antialias: bool,
}

const BASE: Spec = Spec {
    mode: "nearest",
    coord: "half_pixel",
    nearest: "round_prefer_floor",
    a: -0.75,
    exclude: false,
    extrap: 0.0,
    antialias: false,
};

impl Spec {
    /// The node attributes stating every field.
    fn attrs(&self) -> Vec<AttributeProto> {
        vec![
            as_("mode", self.mode),
            as_("coordinate_transformation_mode", self.coord),
            as_("nearest_mode", self.nearest),
            af("cubic_coeff_a", self.a as f32),
            ai("exclude_outside", i64::from(self.exclude)),
            af("extrapolation_value", self.extrap as f32),
            ai("antialias", i64::from(self.antialias)),
        ]
    }
}

/// The kernel weights of the reference for the fractional position `r` in (0, 1].
fn ref_coeffs(s: &Spec, r: f64, scale: f64) -> Vec<f64> {
    let norm = |v: Vec<f64>| {
        let t: f64 = v.iter().sum();
        v.into_iter().map(|c| c / t).collect::<Vec<_>>()
    };
    let a = s.a;
    let sc = scale.min(1.0);
    match (s.mode, s.antialias) {
        ("nearest", _) => {
            let up = r == 1.0
                || match s.nearest {
                    "round_prefer_floor" => r > 0.5,
                    "round_prefer_ceil" => r >= 0.5,
                    "floor" => false,
                    _ => true,
                };
            if up {
                vec![0.0, 1.0]
            } else {
                vec![1.0, 0.0]
            }
        }
        ("linear", false) => vec![1.0 - r, r],
        ("linear", true) => {
            let start = (-1.0 / sc).floor() as i64 + 1;
            norm(
                (start..2 - start)
                    .map(|i| (1.0 - ((i as f64 - r) * sc).abs()).clamp(0.0, 1.0))
                    .collect(),
            )
        }
        ("cubic", false) => {
            let (p, q) = (r + 1.0, 2.0 - r);
            vec![
                ((a * p - 5.0 * a) * p + 8.0 * a) * p - 4.0 * a,
                ((a + 2.0) * r - (a + 3.0)) * r * r + 1.0,
                ((a + 2.0) * (1.0 - r) - (a + 3.0)) * (1.0 - r) * (1.0 - r) + 1.0,
                ((a * q - 5.0 * a) * q + 8.0 * a) * q - 4.0 * a,
            ]
        }
        _ => {
            let start = (-2.0 / sc).floor() as i64 + 1;
            let k = |x: f64| {
                let x = x.abs();
                if x <= 1.0 {
                    (a + 2.0) * x.powi(3) - (a + 3.0) * x * x + 1.0
                } else if x < 2.0 {
                    a * x.powi(3) - 5.0 * a * x * x + 8.0 * a * x - 4.0 * a
                } else {
                    0.0
                }
            };
            norm((start..2 - start).map(|i| k(sc * (i as f64 - r))).collect())
        }
    }
}

/// The source coordinate of output `o` (None: outside the crop, extrapolated).
fn ref_coord(s: &Spec, o: f64, input: f64, scale: f64, out: usize, roi: (f64, f64)) -> Option<f64> {
    let out_f = scale * input;
    let x = match s.coord {
        "align_corners" if out_f == 1.0 => 0.0,
        "align_corners" => o * (input - 1.0) / (out_f - 1.0),
        "asymmetric" => o / scale,
        "tf_half_pixel_for_nn" => (o + 0.5) / scale,
        "pytorch_half_pixel" if out_f == 1.0 => -0.5,
        "half_pixel_symmetric" => {
            let off = input / 2.0 * (1.0 - out as f64 / out_f);
            off + (o + 0.5) / scale - 0.5
        }
        "tf_crop_and_resize" => {
            let span = (roi.1 - roi.0) * (input - 1.0);
            let x = if out_f == 1.0 {
                span / 2.0
            } else {
                o * span / (out_f - 1.0)
            };
            let x = x + roi.0 * (input - 1.0);
            return (0.0..=input - 1.0).contains(&x).then_some(x);
        }
        _ => (o + 0.5) / scale - 0.5,
    };
    Some(x)
}

/// One output position of a 1-D resize of `data`.
fn ref_1d(s: &Spec, data: &[f64], scale: f64, out: usize, o: usize, roi: (f64, f64)) -> f64 {
    let input = data.len();
    let Some(x) = ref_coord(s, o as f64, input as f64, scale, out, roi) else {
        return s.extrap;
    };
    let r = if x.fract() == 0.0 { 1.0 } else { x - x.floor() };
    let mut c = ref_coeffs(s, r, scale);
    let n = c.len();
    let pad = n.div_ceil(2);
    let padded: Vec<f64> = (0..input + 2 * pad)
        .map(|i| data[i.saturating_sub(pad).min(input - 1)])
        .collect();
    let xp = x + pad as f64;
    let mut idx: Vec<usize> = (0..padded.len()).collect();
    idx.sort_by(|&i, &j| {
        let (di, dj) = ((xp - i as f64).abs(), (xp - j as f64).abs());
        di.partial_cmp(&dj).unwrap().then(i.cmp(&j))
    });
    idx.truncate(n);
    idx.sort();
    if s.exclude {
        for (k, &i) in idx.iter().enumerate() {
            if i < pad || i - pad >= input {
                c[k] = 0.0;
            }
        }
        let t: f64 = c.iter().sum();
        c.iter_mut().for_each(|v| *v /= t);
    }
    c.iter().zip(&idx).map(|(w, &i)| w * padded[i]).sum()
}

/// Per-axis geometry of the reference: output size, scale, crop box.
type Geo = (usize, f64, (f64, f64));

/// One output element of an N-D resize (recursively: inner axes first).
fn ref_nd(s: &Spec, data: &[f64], shape: &[usize], geo: &[Geo], at: &[usize]) -> f64 {
    let (out, scale, roi) = geo[0];
    if shape.len() == 1 {
        return ref_1d(s, data, scale, out, at[0], roi);
    }
    let inner: usize = shape[1..].iter().product();
    let rows: Vec<f64> = (0..shape[0])
        .map(|i| {
            ref_nd(
                s,
                &data[i * inner..(i + 1) * inner],
                &shape[1..],
                &geo[1..],
                &at[1..],
            )
        })
        .collect();
    ref_1d(s, &rows, scale, out, at[0], roi)
}

/// Every output element of the reference, in row-major order.
fn reference(s: &Spec, data: &[f64], shape: &[usize], geo: &[Geo]) -> Vec<f64> {
    let outs: Vec<usize> = geo.iter().map(|g| g.0).collect();
    let total: usize = outs.iter().product();
    (0..total)
        .map(|mut flat| {
            let mut at = vec![0; outs.len()];
            for d in (0..outs.len()).rev() {
                at[d] = flat % outs[d];
                flat /= outs[d];
            }
            ref_nd(s, data, shape, geo, &at)
        })
        .collect()
}

/// Deterministic test data with distinct values.
fn data(n: usize) -> Vec<f32> {
    (0..n)
        .map(|i| ((i * 37 + 11) % 29) as f32 * 0.25 - 3.0)
        .collect()
}

/// Imports `node` (graph input `x` of `shape`, initializers `inits`) and runs it on `xv`.
fn run(
    node: NodeProto,
    shape: &[i64],
    xv: &[f32],
    inits: Vec<TensorProto>,
    opset: i64,
) -> (Vec<usize>, Vec<f64>) {
    let mut y = f32vi("y", &[]);
    y.r#type = None;
    let g = graph(vec![node], vec![f32vi("x", shape)], vec![y], inits);
    let m = neuron_onnx::import_bytes(model(g, opset), &ImportOptions::default())
        .unwrap_or_else(|e| panic!("import failed: {e}"));
    let dims = shape.iter().map(|&d| d as usize).collect();
    let t = Tensor::from_f32(Scalar::F32, dims, xv.to_vec()).unwrap();
    let out = run_function(&m, "main", vec![t], &InterpOptions::default()).unwrap();
    let v = out[0]
        .as_f32()
        .unwrap()
        .iter()
        .map(|&v| f64::from(v))
        .collect();
    (out[0].shape.clone(), v)
}

/// Asserts `got` equals `want` within f32 rounding.
fn close(got: &[f64], want: &[f64]) {
    assert_eq!(got.len(), want.len(), "got {got:?}, want {want:?}");
    for (i, (&g, &w)) in got.iter().zip(want).enumerate() {
        assert!(
            (g - w).abs() <= 1e-5 * w.abs().max(1.0),
            "element {i}: got {g}, want {w}\n got {got:?}\nwant {want:?}"
        );
    }
}

/// A `Resize` (opset 19) of `x` with `scales`, compared with the reference.
fn check_scales(s: &Spec, shape: &[i64], scales: &[f32]) {
    let xv = data(shape.iter().product::<i64>() as usize);
    let n = node("Resize", &["x", "", "scales"], &["y"], s.attrs());
    let inits = vec![f32t("scales", &[scales.len() as i64], scales)];
    let (got_shape, got) = run(n, shape, &xv, inits, 19);
    let geo: Vec<Geo> = shape
        .iter()
        .zip(scales)
        .map(|(&d, &k)| {
            (
                (d as f64 * f64::from(k)).floor() as usize,
                f64::from(k),
                (0.0, 1.0),
            )
        })
        .collect();
    let want_shape: Vec<usize> = geo.iter().map(|g| g.0).collect();
    assert_eq!(got_shape, want_shape, "{s:?} {scales:?}");
    let x64: Vec<f64> = xv.iter().map(|&v| f64::from(v)).collect();
    let dims: Vec<usize> = shape.iter().map(|&d| d as usize).collect();
    close(&got, &reference(s, &x64, &dims, &geo));
}

/// A `Resize` (opset 19) of `x` to `sizes` (stretch), compared with the reference.
fn check_sizes(s: &Spec, shape: &[i64], sizes: &[i64], roi: Option<&[f32]>) {
    let xv = data(shape.iter().product::<i64>() as usize);
    let mut inits = vec![i64t("sizes", &[sizes.len() as i64], sizes)];
    let r = if let Some(r) = roi {
        inits.push(f32t("roi", &[r.len() as i64], r));
        "roi"
    } else {
        ""
    };
    let n = node("Resize", &["x", r, "", "sizes"], &["y"], s.attrs());
    let (got_shape, got) = run(n, shape, &xv, inits, 19);
    let rank = shape.len();
    let geo: Vec<Geo> = (0..rank)
        .map(|d| {
            let b = roi.map_or((0.0, 1.0), |r| (f64::from(r[d]), f64::from(r[rank + d])));
            (sizes[d] as usize, sizes[d] as f64 / shape[d] as f64, b)
        })
        .collect();
    assert_eq!(
        got_shape,
        sizes.iter().map(|&d| d as usize).collect::<Vec<_>>()
    );
    let x64: Vec<f64> = xv.iter().map(|&v| f64::from(v)).collect();
    let dims: Vec<usize> = shape.iter().map(|&d| d as usize).collect();
    close(&got, &reference(s, &x64, &dims, &geo));
}

#[test]
fn nearest_every_rounding_and_coordinate_mode() {
    let coords = [
        "half_pixel",
        "asymmetric",
        "align_corners",
        "pytorch_half_pixel",
        "half_pixel_symmetric",
    ];
    for nearest in ["round_prefer_floor", "round_prefer_ceil", "floor", "ceil"] {
        for coord in coords {
            let s = Spec {
                nearest,
                coord,
                ..BASE
            };
            check_scales(&s, &[1, 1, 3, 4], &[1.0, 1.0, 2.0, 1.5]);
            check_scales(&s, &[1, 2, 5, 4], &[1.0, 1.0, 0.6, 0.5]);
            check_sizes(&s, &[1, 1, 4, 4], &[1, 1, 7, 3], None);
        }
    }
}

#[test]
fn linear_every_coordinate_mode() {
    let coords = [
        "half_pixel",
        "asymmetric",
        "align_corners",
        "pytorch_half_pixel",
        "half_pixel_symmetric",
    ];
    for coord in coords {
        let s = Spec {
            mode: "linear",
            coord,
            ..BASE
        };
        check_scales(&s, &[1, 1, 2, 3], &[1.0, 1.0, 2.0, 2.5]);
        check_scales(&s, &[2, 1, 4, 5], &[1.0, 1.0, 0.6, 0.4]);
        check_sizes(&s, &[1, 1, 4, 4], &[1, 1, 3, 1], None);
        check_sizes(&s, &[3, 5], &[7, 2], None);
    }
}

#[test]
fn cubic_with_coefficient_and_exclude_outside() {
    for coord in ["half_pixel", "asymmetric", "align_corners"] {
        let s = Spec {
            mode: "cubic",
            coord,
            ..BASE
        };
        check_scales(&s, &[1, 1, 4, 4], &[1.0, 1.0, 2.0, 1.5]);
        check_scales(&s, &[1, 1, 4, 4], &[1.0, 1.0, 0.8, 0.6]);
        let s = Spec {
            a: -0.5,
            exclude: true,
            ..s
        };
        check_scales(&s, &[1, 1, 4, 4], &[1.0, 1.0, 2.0, 0.8]);
        check_sizes(&s, &[1, 1, 4, 4], &[1, 1, 9, 3], None);
    }
}

#[test]
fn antialias_widens_the_filter_when_downscaling() {
    for mode in ["linear", "cubic"] {
        let s = Spec {
            mode,
            antialias: true,
            ..BASE
        };
        check_scales(&s, &[1, 1, 4, 4], &[1.0, 1.0, 0.6, 0.6]);
        check_sizes(&s, &[1, 1, 8, 7], &[1, 1, 3, 2], None);
        // Upscaling: the plain kernel.
        check_scales(&s, &[1, 1, 2, 3], &[1.0, 1.0, 2.0, 1.5]);
    }
}

#[test]
fn tf_crop_and_resize_with_extrapolation() {
    let roi = [0.0, 0.0, 0.4, 0.6, 1.0, 1.0, 1.2, 1.7];
    for mode in ["linear", "nearest", "cubic"] {
        let s = Spec {
            mode,
            coord: "tf_crop_and_resize",
            ..BASE
        };
        check_sizes(
            &s,
            &[1, 1, 4, 4],
            &[1, 1, 3, 3],
            Some(&[0.0, 0.0, 0.4, 0.6, 1.0, 1.0, 0.6, 0.8]),
        );
        let s = Spec { extrap: 10.0, ..s };
        check_sizes(&s, &[1, 1, 4, 4], &[1, 1, 3, 5], Some(&roi));
        check_sizes(&s, &[1, 1, 4, 4], &[1, 1, 1, 3], Some(&roi));
    }
}

/// A `Resize` with the `axes` attribute (opset 18+) and its own shape arithmetic.
fn run_axes(
    attrs: Vec<AttributeProto>,
    sizes: &[i64],
    scales: Option<&[f32]>,
) -> (Vec<usize>, Vec<f64>) {
    let mut inits = vec![];
    let (sc, sz) = match scales {
        Some(v) => {
            inits.push(f32t("scales", &[v.len() as i64], v));
            ("scales", "")
        }
        None => {
            inits.push(i64t("sizes", &[sizes.len() as i64], sizes));
            ("", "sizes")
        }
    };
    let n = node("Resize", &["x", "", sc, sz], &["y"], attrs);
    run(n, &[1, 1, 2, 4], &data(8), inits, 18)
}

#[test]
fn axes_and_keep_aspect_ratio_policy() {
    let x64: Vec<f64> = data(8).iter().map(|&v| f64::from(v)).collect();
    let want = |h: usize, w: usize, sh: f64, sw: f64| {
        let geo = [
            (1, 1.0, (0.0, 1.0)),
            (1, 1.0, (0.0, 1.0)),
            (h, sh, (0.0, 1.0)),
            (w, sw, (0.0, 1.0)),
        ];
        reference(&BASE, &x64, &[1, 1, 2, 4], &geo)
    };
    // axes [3, 2]: sizes and scales follow the axes' order.
    let (shape, got) = run_axes(vec![ais("axes", &[3, 2])], &[6, 5], None);
    assert_eq!(shape, [1, 1, 5, 6]);
    close(&got, &want(5, 6, 2.5, 1.5));
    let (shape, got) = run_axes(vec![ais("axes", &[-1])], &[], Some(&[0.5]));
    assert_eq!(shape, [1, 1, 2, 2]);
    close(&got, &want(2, 2, 1.0, 0.5));
    // not_larger: the smaller ratio (6/4) for both; not_smaller: the larger (7/2).
    let policy = |p: &str| vec![ais("axes", &[2, 3]), as_("keep_aspect_ratio_policy", p)];
    let (shape, got) = run_axes(policy("not_larger"), &[7, 6], None);
    assert_eq!(shape, [1, 1, 3, 6]);
    close(&got, &want(3, 6, 1.5, 1.5));
    let (shape, got) = run_axes(policy("not_smaller"), &[7, 6], None);
    assert_eq!(shape, [1, 1, 7, 14]);
    close(&got, &want(7, 14, 3.5, 3.5));
}

/// A FLOATS attribute.
fn afs(name: &str, v: &[f32]) -> AttributeProto {
    AttributeProto {
        name: name.into(),
        r#type: attr_type::FLOATS,
        floats: v.to_vec(),
        ..Default::default()
    }
}

#[test]
fn upsample_and_resize_10_use_asymmetric_floor() {
    let xv = data(6);
    let x64: Vec<f64> = xv.iter().map(|&v| f64::from(v)).collect();
    let geo = [
        (1, 1.0, (0.0, 1.0)),
        (4, 2.0, (0.0, 1.0)),
        (7, 2.5, (0.0, 1.0)),
    ];
    let floor = Spec {
        coord: "asymmetric",
        nearest: "floor",
        ..BASE
    };
    let want = reference(&floor, &x64, &[1, 2, 3], &geo);
    let scales = [1.0, 2.0, 2.5];
    let n = node("Upsample", &["x"], &["y"], vec![afs("scales", &scales)]);
    let (shape, got) = run(n, &[1, 2, 3], &xv, vec![], 7);
    assert_eq!(shape, [1, 4, 7]);
    close(&got, &want);
    for (op, opset) in [("Upsample", 9), ("Resize", 10)] {
        let n = node(op, &["x", "s"], &["y"], vec![]);
        let (_, got) = run(n, &[1, 2, 3], &xv, vec![f32t("s", &[3], &scales)], opset);
        close(&got, &want);
    }
    let lin = Spec {
        mode: "linear",
        coord: "asymmetric",
        ..BASE
    };
    let n = node("Upsample", &["x", "s"], &["y"], vec![as_("mode", "linear")]);
    let (_, got) = run(n, &[1, 2, 3], &xv, vec![f32t("s", &[3], &scales)], 9);
    close(&got, &reference(&lin, &x64, &[1, 2, 3], &geo));
}

/// The op lines of a one-node Resize model.
fn ops(attrs: Vec<AttributeProto>, shape: &[i64], scales: &[f32], opset: i64) -> String {
    let n = node("Resize", &["x", "", "s"], &["y"], attrs);
    one_ops(
        n,
        &[("x", shape)],
        vec![f32t("s", &[scales.len() as i64], scales)],
        opset,
    )
}

#[test]
fn emits_gathers_and_weighted_sums_only() {
    let count = |t: &str, op: &str| t.matches(&format!("= {op} ")).count();
    let near = ops(vec![], &[1, 1, 2, 3], &[1.0, 1.0, 2.0, 2.0], 13);
    assert_eq!(count(&near, "nn.gather"), 2, "{near}");
    assert_eq!(count(&near, "nn.mul"), 0, "{near}");
    let lin = ops(
        vec![as_("mode", "linear")],
        &[1, 1, 2, 3],
        &[1.0, 1.0, 1.0, 2.0],
        13,
    );
    assert_eq!(
        (
            count(&lin, "nn.gather"),
            count(&lin, "nn.mul"),
            count(&lin, "nn.add")
        ),
        (2, 2, 1),
        "{lin}"
    );
    let cub = ops(
        vec![as_("mode", "cubic")],
        &[1, 1, 5, 3],
        &[1.0, 1.0, 0.6, 1.0],
        13,
    );
    assert_eq!(count(&cub, "nn.gather"), 4, "{cub}");
    // An identity resize is the input itself.
    let same = ops(vec![as_("mode", "cubic")], &[1, 2], &[1.0, 1.0], 13);
    assert_eq!(count(&same, "nn.gather"), 0, "{same}");
    for l in [&near, &lin, &cub] {
        assert!(
            l.lines()
                .all(|l| l.contains("= nn.") || l.starts_with("return")),
            "{l}"
        );
    }
}

/// A `linear` Resize doubling the last axis of a `[1, 2]` input of ONNX element type `dtype`.
fn linear_upscale_of(dtype: i32) -> neuron_onnx::proto::GraphProto {
    let x = vi("x", dtype, &[Some(1), Some(2)]);
    let mut y = f32vi("y", &[]);
    y.r#type = None;
    let n = node(
        "Resize",
        &["x", "", "s"],
        &["y"],
        vec![as_("mode", "linear")],
    );
    graph(
        vec![n],
        vec![x],
        vec![y],
        vec![f32t("s", &[2], &[1.0, 2.0])],
    )
}

#[test]
fn small_integers_are_rounded_and_saturated() {
    let g = linear_upscale_of(neuron_onnx::proto::data_type::UINT8);
    let text = import(model(g, 13)).unwrap();
    for op in ["nn.cast", "nn.round", "nn.clip"] {
        assert!(text.contains(op), "{text}");
    }
}

/// The import error of a Resize (opset 19) with the given inputs and initializers.
fn err(
    inputs: &[&str],
    attrs: Vec<AttributeProto>,
    shape: &[i64],
    inits: Vec<TensorProto>,
) -> String {
    let n = node("Resize", inputs, &["y"], attrs);
    one_err(n, &[("x", shape)], inits, 19)
}

#[test]
fn scales_and_sizes_must_be_constants_of_the_right_length() {
    let n = node("Resize", &["x", "", "s"], &["y"], vec![]);
    let e = one_err(n, &[("x", &[1, 4]), ("s", &[2])], vec![], 19);
    assert!(
        e.contains("input 'scales' ('s') must be a constant known at import"),
        "{e}"
    );
    let sc = |v: &[f32]| vec![f32t("s", &[v.len() as i64], v)];
    let sz = |v: &[i64]| vec![i64t("z", &[v.len() as i64], v)];
    let e = err(&["x", "", "s"], vec![], &[1, 4], sc(&[2.0]));
    assert!(e.contains("must have 2 values"), "{e}");
    let e = err(&["x", "", "", "z"], vec![], &[1, 4], sz(&[1, 2, 3]));
    assert!(e.contains("must have 2 non-negative values"), "{e}");
    let e = err(
        &["x", "", "s", "z"],
        vec![],
        &[1, 4],
        [sc(&[1.0, 2.0]), sz(&[1, 8])].concat(),
    );
    assert!(e.contains("only one of"), "{e}");
    let e = err(&["x"], vec![], &[1, 4], vec![]);
    assert!(e.contains("requires one of"), "{e}");
}

#[test]
fn bad_attributes_are_errors() {
    let s = || vec![f32t("s", &[2], &[1.0, 2.0])];
    let cases = [
        (as_("mode", "bicubic"), "mode 'bicubic'"),
        (
            as_("coordinate_transformation_mode", "corner"),
            "coordinate_transformation_mode 'corner'",
        ),
        (as_("nearest_mode", "round"), "nearest_mode 'round'"),
        (ais("axes", &[1, 1]), "must be distinct"),
        (ais("axes", &[2]), "must be distinct"),
    ];
    for (a, want) in cases {
        let e = err(&["x", "", "s"], vec![a], &[1, 4], s());
        assert!(e.contains(want), "{e}");
    }
    let e = err(
        &["x", "", "", "z"],
        vec![as_("keep_aspect_ratio_policy", "fit")],
        &[1, 4],
        vec![i64t("z", &[2], &[1, 8])],
    );
    assert!(e.contains("keep_aspect_ratio_policy 'fit'"), "{e}");
    let crop = vec![as_("coordinate_transformation_mode", "tf_crop_and_resize")];
    let e = err(&["x", "", "s"], crop.clone(), &[1, 4], s());
    assert!(e.contains("requires 'roi'"), "{e}");
    let inits = [s(), vec![f32t("r", &[2], &[0.0, 1.0])]].concat();
    let e = err(&["x", "r", "s"], crop, &[1, 4], inits);
    assert!(
        e.contains("roi [0.0, 1.0] must hold 4 finite values"),
        "{e}"
    );
    let n = node(
        "Upsample",
        &["x"],
        &["y"],
        vec![as_("mode", "cubic"), afs("scales", &[1.0])],
    );
    let e = one_err(n, &[("x", &[4])], vec![], 8);
    assert!(e.contains("mode 'cubic'"), "{e}");
}

#[test]
fn zero_negative_and_huge_sizes_and_scales() {
    let sz = |v: &[i64]| vec![i64t("z", &[v.len() as i64], v)];
    let sc = |v: &[f32]| vec![f32t("s", &[v.len() as i64], v)];
    for bad in [[1, -1], [1, 1 << 62], [1, i64::MIN]] {
        let e = err(&["x", "", "", "z"], vec![], &[1, 4], sz(&bad));
        assert!(e.contains("non-negative values below 2^62"), "{e}");
    }
    let e = err(&["x", "", "", "z"], vec![], &[1, 4], sz(&[1, 1 << 40]));
    assert!(e.contains("too large to generate at import"), "{e}");
    let e = err(
        &["x", "", "", "z"],
        vec![],
        &[1 << 31, 4],
        sz(&[1 << 31, 1 << 31]),
    );
    assert!(e.contains("is too large"), "{e}");
    for bad in [0.0, -2.0, f32::NAN, f32::INFINITY, 1e30] {
        let e = err(&["x", "", "s"], vec![], &[1, 4], sc(&[1.0, bad]));
        assert!(
            e.contains("must be positive and give a size below 2^62"),
            "{e}"
        );
    }
    let e = err(&["x", "", "", "z"], vec![], &[1, 0], sz(&[1, 3]));
    assert!(e.contains("of size 0 cannot be resized to 3"), "{e}");
    // A huge antialiased downscale needs too many taps.
    let aa = vec![as_("mode", "linear"), ai("antialias", 1)];
    let e = err(&["x", "", "s"], aa, &[1, 2_000_000], sc(&[1.0, 1e-6]));
    assert!(e.contains("too large to decompose"), "{e}");
    // A zero size gives an empty output.
    let n = node("Resize", &["x", "", "", "z"], &["y"], vec![]);
    let text = one_ops(n, &[("x", &[2, 4])], sz(&[0, 4]), 19);
    assert!(text.contains("tensor<0x4xf32>"), "{text}");
}

#[test]
fn wide_integers_cannot_be_interpolated() {
    let g = linear_upscale_of(neuron_onnx::proto::data_type::INT32);
    let e = import(model(g, 13)).unwrap_err().to_string();
    assert!(e.contains("at most 16 bits"), "{e}");
}

#[test]
fn opset_11_takes_empty_roi_and_scales_and_tf_half_pixel_for_nn() {
    let xv = data(12);
    let x64: Vec<f64> = xv.iter().map(|&v| f64::from(v)).collect();
    let s = Spec {
        coord: "tf_half_pixel_for_nn",
        ..BASE
    };
    let empty = f32t("e", &[0], &[]);
    let n = node("Resize", &["x", "e", "s"], &["y"], s.attrs()[..3].to_vec());
    let inits = vec![empty.clone(), f32t("s", &[2], &[2.0, 0.75])];
    let (shape, got) = run(n, &[3, 4], &xv, inits, 11);
    assert_eq!(shape, [6, 3]);
    let geo = [(6, 2.0, (0.0, 1.0)), (3, 0.75, (0.0, 1.0))];
    close(&got, &reference(&s, &x64, &[3, 4], &geo));
    let lin = Spec {
        mode: "linear",
        ..BASE
    };
    let n = node(
        "Resize",
        &["x", "e", "e", "z"],
        &["y"],
        lin.attrs()[..3].to_vec(),
    );
    let inits = vec![empty, i64t("z", &[2], &[2, 7])];
    let (shape, got) = run(n, &[3, 4], &xv, inits, 11);
    assert_eq!(shape, [2, 7]);
    let geo = [(2, 2.0 / 3.0, (0.0, 1.0)), (7, 7.0 / 4.0, (0.0, 1.0))];
    close(&got, &reference(&lin, &x64, &[3, 4], &geo));
}

#[test]
fn half_precision_is_interpolated_in_f32() {
    let x = vi(
        "x",
        neuron_onnx::proto::data_type::FLOAT16,
        &[Some(2), Some(2)],
    );
    let mut y = f32vi("y", &[]);
    y.r#type = None;
    let n = node(
        "Resize",
        &["x", "", "s"],
        &["y"],
        vec![as_("mode", "cubic")],
    );
    let g = graph(
        vec![n],
        vec![x],
        vec![y],
        vec![f32t("s", &[2], &[1.5, 2.0])],
    );
    let text = ops_of(&import(model(g, 13)).unwrap());
    let casts: Vec<&str> = text.lines().filter(|l| l.contains("nn.cast")).collect();
    assert_eq!(casts.len(), 2, "{text}");
    assert!(casts[0].contains("-> tensor<2x2xf32>"), "{text}");
    assert!(casts[1].contains("-> tensor<3x4xf16>"), "{text}");
}
