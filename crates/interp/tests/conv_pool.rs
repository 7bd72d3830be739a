//! Convolution and pooling: hand-computed values for pads (symmetric and not), strides,
//! dilations, groups, bias, count_include_pad; random cases against a direct f64 reference.

mod common;
use common::*;

fn x3() -> neuron_interp::Tensor {
    iota(&[1, 1, 3, 3])
}

#[test]
fn conv2d_plain_padded_strided_biased() {
    let w = f32s(&[1, 1, 2, 2], &[1.0; 4]);
    let got = op_f32("nn.conv2d", "", &[&x3(), &w], "tensor<1x1x2x2xf32>");
    assert_eq!(got, [8.0, 12.0, 20.0, 24.0]);
    let b = f32s(&[1], &[10.0]);
    let attrs = "{pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}";
    let got = op_f32("nn.conv2d", attrs, &[&x3(), &w, &b], "tensor<1x1x2x2xf32>");
    assert_eq!(got, [10.0, 13.0, 19.0, 34.0]);
    // Asymmetric pads [top, left, bottom, right] = [0, 1, 1, 0].
    let attrs = "{pads = array<i64: 0, 1, 1, 0>}";
    let got = op_f32("nn.conv2d", attrs, &[&x3(), &w], "tensor<1x1x3x3xf32>");
    assert_eq!(got, [3.0, 8.0, 12.0, 9.0, 20.0, 24.0, 6.0, 13.0, 15.0]);
}

#[test]
fn conv2d_dilations() {
    let x = iota(&[1, 1, 5, 5]);
    let w = f32s(&[1, 1, 2, 2], &[1.0; 4]);
    let got = op_f32(
        "nn.conv2d",
        "{dilations = array<i64: 2, 2>}",
        &[&x, &w],
        "tensor<1x1x3x3xf32>",
    );
    let want: Vec<f32> = (0..9)
        .map(|i| (20 * (i / 3) + 4 * (i % 3) + 24) as f32)
        .collect();
    assert_eq!(got, want);
}

#[test]
fn conv2d_groups() {
    let x = f32s(&[1, 2, 2, 2], &[1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0]);
    let pw = f32s(&[2, 1, 1, 1], &[2.0, 3.0]);
    let got = op_f32(
        "nn.conv2d",
        "{group = 2 : i64}",
        &[&x, &pw],
        "tensor<1x2x2x2xf32>",
    );
    assert_eq!(got, [2.0, 4.0, 6.0, 8.0, 30.0, 60.0, 90.0, 120.0]);
    let w = f32s(&[2, 1, 2, 2], &[1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0, -1.0]);
    let got = op_f32(
        "nn.conv2d",
        "{group = 2 : i64}",
        &[&x, &w],
        "tensor<1x2x1x1xf32>",
    );
    assert_eq!(got, [10.0, -30.0]);
}

/// Direct convolution in f64: NCHW input, [M, C/g, kH, kW] weight.
#[allow(clippy::too_many_arguments)]
fn reference_conv(
    x: &[f32],
    [n, c, h, w]: [usize; 4],
    wt: &[f32],
    [m, kh, kw]: [usize; 3],
    bias: &[f32],
    s: [usize; 2],
    p: [usize; 4],
    d: [usize; 2],
    g: usize,
) -> (Vec<f32>, [usize; 2]) {
    let oh = (h + p[0] + p[2] - d[0] * (kh - 1) - 1) / s[0] + 1;
    let ow = (w + p[1] + p[3] - d[1] * (kw - 1) - 1) / s[1] + 1;
    let (cg, mg) = (c / g, m / g);
    let mut out = vec![0f32; n * m * oh * ow];
    for b in 0..n {
        for o in 0..m {
            let gi = o / mg;
            for i in 0..oh {
                for j in 0..ow {
                    let mut acc = bias[o] as f64;
                    for ci in 0..cg {
                        for a in 0..kh {
                            for e in 0..kw {
                                let r = (i * s[0] + a * d[0]) as isize - p[0] as isize;
                                let q = (j * s[1] + e * d[1]) as isize - p[1] as isize;
                                if r < 0 || q < 0 || r >= h as isize || q >= w as isize {
                                    continue;
                                }
                                let xi = ((b * c + gi * cg + ci) * h + r as usize) * w + q as usize;
                                let wi = ((o * cg + ci) * kh + a) * kw + e;
                                acc += x[xi] as f64 * wt[wi] as f64;
                            }
                        }
                    }
                    out[((b * m + o) * oh + i) * ow + j] = acc as f32;
                }
            }
        }
    }
    (out, [oh, ow])
}

#[test]
fn conv2d_random_against_direct_reference() {
    let (xs, ws) = ([2, 4, 9, 8], [6, 2, 3, 2]);
    let x = random(&xs, 11);
    let w = random(&ws, 12);
    let b = random(&[6], 13);
    let (want, [oh, ow]) = reference_conv(
        x.as_f32().unwrap(),
        xs,
        w.as_f32().unwrap(),
        [6, 3, 2],
        b.as_f32().unwrap(),
        [2, 1],
        [1, 0, 2, 1],
        [1, 2],
        2,
    );
    let attrs = "{strides = array<i64: 2, 1>, pads = array<i64: 1, 0, 2, 1>, \
                 dilations = array<i64: 1, 2>, group = 2 : i64}";
    let got = op_f32(
        "nn.conv2d",
        attrs,
        &[&x, &w, &b],
        &format!("tensor<2x6x{oh}x{ow}xf32>"),
    );
    assert_close(&got, &want, 1e-5);
}

#[test]
fn max_pool_ignores_padding_and_propagates_nan() {
    let t = "tensor<1x1x2x2xf32>";
    let k = "kernel_shape = array<i64: 2, 2>";
    assert_eq!(
        op_f32("nn.max_pool2d", &format!("{{{k}}}"), &[&x3()], t),
        [4.0, 5.0, 7.0, 8.0]
    );
    let neg = f32s(
        &[1, 1, 3, 3],
        &(0..9).map(|i| -(i as f32)).collect::<Vec<_>>(),
    );
    let attrs = format!("{{{k}, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>}}");
    assert_bits(
        &op_f32("nn.max_pool2d", &attrs, &[&neg], t),
        &[-0.0, -1.0, -3.0, -4.0],
    );
    let x5 = iota(&[1, 1, 5, 5]);
    let attrs = format!("{{{k}, dilations = array<i64: 2, 2>}}");
    let got = op_f32("nn.max_pool2d", &attrs, &[&x5], "tensor<1x1x3x3xf32>");
    let want: Vec<f32> = (0..9).map(|i| (5 * (i / 3) + i % 3 + 12) as f32).collect();
    assert_eq!(got, want);
    let mut v: Vec<f32> = (0..9).map(|i| i as f32).collect();
    v[4] = f32::NAN;
    let nan = f32s(&[1, 1, 3, 3], &v);
    let got = op_f32("nn.max_pool2d", &format!("{{{k}}}"), &[&nan], t);
    assert!(
        got.iter().all(|x| x.is_nan()),
        "every window holds the NaN: {got:?}"
    );
}

#[test]
fn avg_pool_count_include_pad() {
    let t = "tensor<1x1x2x2xf32>";
    let base = "kernel_shape = array<i64: 2, 2>, pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>";
    let got = op_f32("nn.avg_pool2d", &format!("{{{base}}}"), &[&x3()], t);
    assert_eq!(got, [0.0, 1.5, 4.5, 6.0]);
    let attrs = format!("{{{base}, count_include_pad = true}}");
    let got = op_f32("nn.avg_pool2d", &attrs, &[&x3()], t);
    assert_eq!(got, [0.0, 0.75, 2.25, 6.0]);
    let plain = op_f32(
        "nn.avg_pool2d",
        "{kernel_shape = array<i64: 3, 3>}",
        &[&x3()],
        "tensor<1x1x1x1xf32>",
    );
    assert_eq!(plain, [4.0]);
}

#[test]
fn global_avg_pool_means_each_plane() {
    let x = f32s(&[1, 2, 2, 2], &[1.0, 2.0, 3.0, 4.0, 10.0, 20.0, 30.0, 40.0]);
    let got = op_f32("nn.global_avg_pool", "", &[&x], "tensor<1x2x1x1xf32>");
    assert_eq!(got, [2.5, 25.0]);
}
