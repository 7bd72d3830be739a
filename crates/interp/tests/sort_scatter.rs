//! `nn.topk` / `nn.topk_indices`, `nn.scatter_elements`, `nn.scatter_nd` and `nn.cumprod`:
//! exact values with ties, NaN, negative and duplicate indices under every reduction,
//! exclusive/reverse scans, out-of-range errors, and thread independence.

mod common;
use common::*;
use neuron_ir::Scalar;

const NAN: f32 = f32::NAN;

/// Values and indices of a TopK with `attrs` and result shape `shape` (e.g. `2x3`).
fn topk(x: &neuron_interp::Tensor, attrs: &str, shape: &str) -> (Vec<f32>, Vec<i64>) {
    let elem = x.ty().to_string();
    let elem = elem
        .rsplit('x')
        .next()
        .unwrap_or("f32")
        .trim_end_matches('>');
    let v = run_op("nn.topk", attrs, &[x], &format!("tensor<{shape}x{elem}>"));
    let v = v.unwrap_or_else(|e| panic!("nn.topk failed: {e}"));
    let i = op_i64(
        "nn.topk_indices",
        attrs,
        &[x],
        &format!("tensor<{shape}xi64>"),
    );
    let v = match v.as_f32() {
        Some(f) => f.to_vec(),
        None => v.as_i64().unwrap().iter().map(|&a| a as f32).collect(),
    };
    (v, i)
}

#[test]
fn topk_nan_is_largest_and_ties_keep_the_lower_index() {
    let x = f32s(
        &[2, 5],
        &[3.0, 1.0, 3.0, NAN, -1.0, 0.0, 2.0, 2.0, 2.0, 1.0],
    );
    let (v, i) = topk(&x, "{axis = 1 : i64, k = 3 : i64}", "2x3");
    assert_bits(&v, &[NAN, 3.0, 3.0, 2.0, 2.0, 2.0]);
    assert_eq!(i, [3, 0, 2, 1, 2, 3]);
    let small = "{axis = -1 : i64, k = 3 : i64, largest = false}";
    let (v, i) = topk(&x, small, "2x3");
    assert_bits(&v, &[-1.0, 1.0, 3.0, 0.0, 1.0, 2.0]);
    assert_eq!(i, [4, 1, 0, 0, 4, 1]);
    let all = "{axis = 1 : i64, k = 5 : i64, largest = false}";
    let (v, i) = topk(&x, all, "2x5");
    assert_bits(&v[..5], &[-1.0, 1.0, 3.0, 3.0, NAN]);
    assert_eq!(i[..5], [4, 1, 0, 2, 3]);
}

#[test]
fn topk_along_axis_0_integers_unsigned_and_k_0() {
    let x = f32s(&[3, 2], &[1.0, 9.0, 5.0, 9.0, 5.0, 2.0]);
    let (v, i) = topk(&x, "{axis = 0 : i64, k = 2 : i64}", "2x2");
    assert_eq!(v, [5.0, 9.0, 5.0, 9.0]);
    assert_eq!(i, [1, 0, 2, 1]);
    let n = ints(Scalar::I32, &[4], &[4, -7, 4, 0]);
    assert_eq!(
        topk(&n, "{axis = 0 : i64, k = 2 : i64}", "2"),
        (vec![4.0, 4.0], vec![0, 2])
    );
    let small = "{axis = 0 : i64, k = 2 : i64, largest = false}";
    assert_eq!(topk(&n, small, "2"), (vec![-7.0, 0.0], vec![1, 3]));
    let u = ints(Scalar::UI64, &[3], &[1, -1, 5]);
    let got = op_i64(
        "nn.topk",
        "{axis = 0 : i64, k = 2 : i64}",
        &[&u],
        "tensor<2xui64>",
    );
    assert_eq!(got, [-1, 5], "u64::MAX is the largest");
    let (v, i) = topk(&x, "{axis = 1 : i64, k = 0 : i64}", "3x0");
    assert!(v.is_empty() && i.is_empty());
}

/// `nn.scatter_elements` of `d` with `attrs`, result type `t`.
fn scatter_el(d: &neuron_interp::Tensor, idx: &[i64], upd: &[f32], attrs: &str) -> Vec<f32> {
    let n = idx.len();
    let (i, u) = (ints(Scalar::I64, &[1, n], idx), f32s(&[1, n], upd));
    op_f32(
        "nn.scatter_elements",
        attrs,
        &[d, &i, &u],
        "tensor<1x5xf32>",
    )
}

#[test]
fn scatter_elements_duplicates_negative_indices_and_reductions() {
    let d = f32s(&[1, 5], &[1.0, 2.0, 3.0, 4.0, 5.0]);
    let (idx, upd) = ([1, -4, 3], [0.5, 0.25, 3.0]);
    let red = |r: &str| {
        scatter_el(
            &d,
            &idx,
            &upd,
            &format!("{{axis = 1 : i64, reduction = \"{r}\"}}"),
        )
    };
    assert_eq!(
        scatter_el(&d, &idx, &upd, "{axis = 1 : i64}"),
        [1.0, 0.25, 3.0, 3.0, 5.0]
    );
    assert_eq!(red("none"), [1.0, 0.25, 3.0, 3.0, 5.0]);
    assert_eq!(red("add"), [1.0, 2.75, 3.0, 7.0, 5.0]);
    assert_eq!(red("mul"), [1.0, 0.25, 3.0, 12.0, 5.0]);
    assert_eq!(red("max"), [1.0, 2.0, 3.0, 4.0, 5.0]);
    assert_eq!(red("min"), [1.0, 0.25, 3.0, 3.0, 5.0]);
    let nan = scatter_el(
        &d,
        &idx,
        &[NAN, 0.25, 3.0],
        "{axis = 1 : i64, reduction = \"max\"}",
    );
    assert_bits(&nan, &[1.0, NAN, 3.0, 4.0, 5.0]);
}

#[test]
fn scatter_elements_axis_0_and_smaller_indices() {
    let d = f32s(&[3, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
    let i = ints(Scalar::I64, &[2, 3], &[1, 0, 2, 0, 2, 1]);
    let u = f32s(&[2, 3], &[10.0, 11.0, 12.0, 13.0, 14.0, 15.0]);
    let t = "tensor<3x3xf32>";
    let got = op_f32("nn.scatter_elements", "", &[&d, &i, &u], t);
    assert_eq!(got, [13.0, 11.0, 3.0, 10.0, 5.0, 15.0, 7.0, 14.0, 12.0]);
    let i = ints(Scalar::I32, &[2, 1], &[2, 0]);
    let u = f32s(&[2, 1], &[70.0, 80.0]);
    let got = op_f32("nn.scatter_elements", "{axis = 1 : i64}", &[&d, &i, &u], t);
    assert_eq!(got, [1.0, 2.0, 70.0, 80.0, 5.0, 6.0, 7.0, 8.0, 9.0]);
}

#[test]
fn scatter_elements_integer_add_wraps_and_bad_indices_fail() {
    let d = ints(Scalar::I32, &[2], &[i32::MAX as i64, 0]);
    let i = ints(Scalar::I64, &[2], &[0, 0]);
    let u = ints(Scalar::I32, &[2], &[1, 1]);
    let got = op_i64(
        "nn.scatter_elements",
        "{reduction = \"add\"}",
        &[&d, &i, &u],
        "tensor<2xi32>",
    );
    assert_eq!(got, [i32::MIN as i64 + 1, 0]);
    let d = f32s(&[1, 5], &[0.0; 5]);
    for bad in [5, -6] {
        let (i, u) = (
            ints(Scalar::I64, &[1, 2], &[0, bad]),
            f32s(&[1, 2], &[1.0, 2.0]),
        );
        let err = run_op(
            "nn.scatter_elements",
            "{axis = 1 : i64}",
            &[&d, &i, &u],
            "tensor<1x5xf32>",
        );
        let msg = err.unwrap_err().to_string();
        assert!(
            msg.contains(&format!("index {bad}")) && msg.contains("out of range [-5, 4]"),
            "{msg}"
        );
    }
}

/// `nn.scatter_nd` on `iota(4x2)` with indices `[[1], [-1], [1]]` and `reduction`.
fn scatter_nd_rows(reduction: &str) -> Vec<f32> {
    let d = iota(&[4, 2]);
    let i = ints(Scalar::I64, &[3, 1], &[1, -1, 1]);
    let u = f32s(&[3, 2], &[10.0, 11.0, 12.0, 13.0, 14.0, 15.0]);
    let attrs = format!("{{reduction = \"{reduction}\"}}");
    op_f32("nn.scatter_nd", &attrs, &[&d, &i, &u], "tensor<4x2xf32>")
}

#[test]
fn scatter_nd_duplicates_under_every_reduction() {
    assert_eq!(
        scatter_nd_rows("none"),
        [0.0, 1.0, 14.0, 15.0, 4.0, 5.0, 12.0, 13.0]
    );
    assert_eq!(
        scatter_nd_rows("add"),
        [0.0, 1.0, 26.0, 29.0, 4.0, 5.0, 18.0, 20.0]
    );
    assert_eq!(
        scatter_nd_rows("mul"),
        [0.0, 1.0, 280.0, 495.0, 4.0, 5.0, 72.0, 91.0]
    );
    assert_eq!(
        scatter_nd_rows("max"),
        [0.0, 1.0, 14.0, 15.0, 4.0, 5.0, 12.0, 13.0]
    );
    assert_eq!(
        scatter_nd_rows("min"),
        [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    );
}

#[test]
fn scatter_nd_full_tuples_and_bad_indices_fail() {
    let d = iota(&[4, 2]);
    let i = ints(Scalar::I64, &[2, 2], &[0, 1, 3, 0]);
    let u = f32s(&[2], &[100.0, 200.0]);
    let got = op_f32("nn.scatter_nd", "", &[&d, &i, &u], "tensor<4x2xf32>");
    assert_eq!(got, [0.0, 100.0, 2.0, 3.0, 4.0, 5.0, 200.0, 7.0]);
    let bad = ints(Scalar::I64, &[2, 2], &[0, 1, 3, 2]);
    let err = run_op("nn.scatter_nd", "", &[&d, &bad, &u], "tensor<4x2xf32>");
    let msg = err.unwrap_err().to_string();
    assert!(
        msg.contains("index 2 (element 3") && msg.contains("[-2, 1]"),
        "{msg}"
    );
}

#[test]
fn cumprod_exclusive_reverse_nan_and_integer_wrap() {
    let x = f32s(&[2, 3], &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let c = |attrs: &str| op_f32("nn.cumprod", attrs, &[&x], "tensor<2x3xf32>");
    assert_eq!(c("{axis = 1 : i64}"), [1.0, 2.0, 6.0, 4.0, 20.0, 120.0]);
    assert_eq!(c("{axis = 0 : i64}"), [1.0, 2.0, 3.0, 4.0, 10.0, 18.0]);
    assert_eq!(
        c("{axis = -1 : i64, exclusive = true}"),
        [1.0, 1.0, 2.0, 1.0, 4.0, 20.0]
    );
    assert_eq!(
        c("{axis = 1 : i64, reverse = true}"),
        [6.0, 6.0, 3.0, 120.0, 30.0, 6.0]
    );
    let both = "{axis = 1 : i64, exclusive = true, reverse = true}";
    assert_eq!(c(both), [6.0, 3.0, 1.0, 30.0, 6.0, 1.0]);
    let n = f32s(&[3], &[2.0, NAN, 3.0]);
    let got = op_f32("nn.cumprod", "{axis = 0 : i64}", &[&n], "tensor<3xf32>");
    assert_bits(&got, &[2.0, NAN, NAN]);
    let i = ints(Scalar::I32, &[3], &[65536, 65536, 2]);
    let got = op_i64("nn.cumprod", "{axis = 0 : i64}", &[&i], "tensor<3xi32>");
    assert_eq!(got, [65536, 0, 0]);
}

#[test]
fn results_do_not_depend_on_thread_count() {
    let x = random(&[64, 300], 11);
    let idx: Vec<i64> = (0..64 * 300).map(|p| (p * 7 % 300) as i64 - 150).collect();
    let i = ints(Scalar::I64, &[64, 300], &idx);
    let rows: Vec<i64> = (0..500).map(|p| (p * 13 % 64) as i64).collect();
    let r = ints(Scalar::I64, &[500, 1], &rows);
    let u = random(&[500, 300], 12);
    let cases: [(&str, &str, Vec<&neuron_interp::Tensor>, &str); 4] = [
        (
            "nn.topk",
            "{axis = 1 : i64, k = 17 : i64}",
            vec![&x],
            "tensor<64x17xf32>",
        ),
        (
            "nn.cumprod",
            "{axis = 0 : i64, reverse = true}",
            vec![&x],
            "tensor<64x300xf32>",
        ),
        (
            "nn.scatter_elements",
            "{axis = 1 : i64, reduction = \"add\"}",
            vec![&x, &i, &x],
            "tensor<64x300xf32>",
        ),
        (
            "nn.scatter_nd",
            "{reduction = \"mul\"}",
            vec![&x, &r, &u],
            "tensor<64x300xf32>",
        ),
    ];
    for (op, attrs, inputs, out) in cases {
        let text = op_text(op, attrs, &inputs, out);
        let owned: Vec<_> = inputs.iter().map(|t| (*t).clone()).collect();
        let one = run_threads(&text, owned.clone(), 1).unwrap().remove(0);
        let four = run_threads(&text, owned, 4).unwrap().remove(0);
        assert_bits(one.as_f32().unwrap(), four.as_f32().unwrap());
    }
}
