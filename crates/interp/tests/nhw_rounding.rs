//! Rounding of the `nhw` interpreter against exact bit patterns — ties to even, subnormals,
//! overflow, NaN, the largest finite values — for every narrow type (through `nhw.cast`), and
//! property tests against `half`'s conversions; stochastic rounding's documented check.

mod nhw_support;

use half::{bf16, f16};
use neuron_interp::nhw::{round_bf16, round_values, stochastic_round, Rounding};
use neuron_ir::numerics::f64_to_bits;
use neuron_ir::Scalar;
use nhw_support::*;
use proptest::prelude::*;

/// Each f32 input cast by `nhw.cast` to `ty`, as the bit patterns of `ty`.
fn cast_bits(ty: Scalar, inputs: &[f32]) -> Vec<u64> {
    let x = f32s(&[inputs.len()], inputs);
    let out = format!("tensor<{}x{ty}>", inputs.len());
    let got = op_f32("nhw.cast", "", &[&x], &out);
    got.iter().map(|&v| f64_to_bits(ty, v as f64)).collect()
}

/// `(input, expected bit pattern)` pairs checked through `nhw.cast`.
fn check(ty: Scalar, cases: &[(f32, u64)]) {
    let inputs: Vec<f32> = cases.iter().map(|c| c.0).collect();
    let got = cast_bits(ty, &inputs);
    for ((x, want), g) in cases.iter().zip(got) {
        assert_eq!(
            g,
            *want,
            "{ty}: {x:e} ({:#010x}) gave {g:#x}, want {want:#x}",
            x.to_bits()
        );
    }
}

fn bits(b: u32) -> f32 {
    f32::from_bits(b)
}

#[test]
fn bf16_exact_patterns() {
    check(
        Scalar::BF16,
        &[
            (1.0 + 2f32.powi(-8), 0x3F80),       // tie: even (down)
            (1.0 + 3.0 * 2f32.powi(-8), 0x3F82), // tie: even (up)
            (bits(0x3F80_8001), 0x3F81),         // just above the tie
            (bits(0x0000_8000), 0x0000),         // 2^-134: tie between 0 and the smallest subnormal
            (bits(0x0001_8000), 0x0002),         // tie between subnormals 1 and 2: even
            (bits(0x0001_0000), 0x0001),         // smallest subnormal, exact
            (bits(0x7F7F_7FFF), 0x7F7F),         // below the tie: largest finite
            (bits(0x7F7F_8000), 0x7F80),         // tie above the largest finite (odd): Inf
            (f32::MAX, 0x7F80),
            (-f32::MAX, 0xFF80),
            (f32::NEG_INFINITY, 0xFF80),
            (f32::NAN, 0x7FC0),
            (-0.0, 0x8000),
        ],
    );
}

#[test]
fn f16_exact_patterns() {
    check(
        Scalar::F16,
        &[
            (1.0 + 2f32.powi(-11), 0x3C00),
            (1.0 + 3.0 * 2f32.powi(-11), 0x3C02),
            (2f32.powi(-24), 0x0001),       // smallest subnormal
            (2f32.powi(-25), 0x0000),       // tie with 0: even
            (3.0 * 2f32.powi(-25), 0x0002), // tie between 1 and 2: even
            (2f32.powi(-14), 0x0400),       // smallest normal
            (65504.0, 0x7BFF),              // largest finite
            (65519.0, 0x7BFF),
            (65520.0, 0x7C00), // tie above it: Inf (FP16 overflow)
            (-70000.0, 0xFC00),
            (f32::INFINITY, 0x7C00),
            (f32::NAN, 0x7E00),
        ],
    );
}

#[test]
fn tf32_exact_patterns() {
    check(
        Scalar::TF32,
        &[
            (1.0 + 2f32.powi(-11), 0x3F80_0000),
            (1.0 + 3.0 * 2f32.powi(-11), 0x3F80_4000),
            (bits(0x0000_1000), 0x0000_0000), // subnormal tie with 0: even
            (bits(0x0000_3000), 0x0000_4000), // subnormal tie: even (up)
            (bits(0x7F7F_E000), 0x7F7F_E000), // largest finite
            (bits(0x7F7F_EFFF), 0x7F7F_E000),
            (f32::MAX, 0x7F80_0000), // overflows to Inf
            (-1e-40, bits_of(-1e-40f32 as f64)),
        ],
    );
    let nan = cast_bits(Scalar::TF32, &[f32::NAN])[0];
    assert!(f32::from_bits(nan as u32).is_nan());
}

/// The TF32 pattern of a subnormal that needs no rounding check beyond its own.
fn bits_of(x: f64) -> u64 {
    neuron_ir::numerics::f32_to_tf32_bits(x as f32) as u64
}

#[test]
fn f8e4m3fn_exact_patterns() {
    check(
        Scalar::F8E4M3FN,
        &[
            (1.0625, 0x38),         // tie between 1 and 1.125: even
            (1.1875, 0x3A),         // tie between 1.125 and 1.25: even
            (2f32.powi(-9), 0x01),  // smallest subnormal
            (2f32.powi(-10), 0x00), // tie with 0
            (3.0 * 2f32.powi(-10), 0x02),
            (448.0, 0x7E), // largest finite
            (464.0, 0x7E), // tie: even, stays finite
            (465.0, 0x7F), // overflow: NaN (no Inf in E4M3FN)
            (f32::INFINITY, 0x7F),
            (f32::NEG_INFINITY, 0xFF),
            (f32::NAN, 0x7F),
        ],
    );
}

#[test]
fn f8e5m2_exact_patterns() {
    check(
        Scalar::F8E5M2,
        &[
            (1.125, 0x3C),          // tie between 1 and 1.25: even
            (1.375, 0x3E),          // tie between 1.25 and 1.5: even
            (2f32.powi(-16), 0x01), // smallest subnormal
            (2f32.powi(-17), 0x00),
            (57344.0, 0x7B), // largest finite
            (61439.0, 0x7B),
            (61440.0, 0x7C), // tie above it: Inf
            (f32::NEG_INFINITY, 0xFC),
            (f32::NAN, 0x7E),
        ],
    );
}

/// An arbitrary f32 bit pattern (NaNs, infinities, subnormals included).
fn any_f32() -> impl Strategy<Value = f32> {
    any::<u32>().prop_map(f32::from_bits)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    #[test]
    fn bf16_rounding_matches_half(x in any_f32()) {
        let want = bf16::from_f32(x).to_f32();
        prop_assert!(same(round_bf16(x), want), "fast path {x:e}");
        let mut v = [x];
        round_values(Scalar::BF16, &mut v, Rounding::NearestEven, 0);
        prop_assert!(same(v[0], want));
    }

    #[test]
    fn f16_rounding_matches_half(x in any_f32()) {
        let want = f16::from_f32(x).to_f32();
        let mut v = [x];
        round_values(Scalar::F16, &mut v, Rounding::NearestEven, 0);
        prop_assert!(same(v[0], want), "{x:e}: got {}, want {want}", v[0]);
    }

    #[test]
    fn stochastic_rounding_picks_a_neighbour(x in any_f32(), r in any::<u32>()) {
        for ty in [Scalar::BF16, Scalar::F16] {
            let s = stochastic_round(ty, x, r);
            if x.is_nan() {
                prop_assert!(s.is_nan());
                continue;
            }
            let (lo, hi) = bracket(ty, x);
            prop_assert!(same(s, lo) || same(s, hi), "{ty} {x:e} -> {s:e}, not {lo:e} or {hi:e}");
        }
    }
}

/// The values of `ty` next to the 16-bit pattern `b` (sign-magnitude), and `b` itself.
fn around(ty: Scalar, b: u16) -> Vec<f32> {
    let mag = b & 0x7FFF;
    let sign = b & 0x8000;
    let mut pats = vec![b, sign | (mag + 1)];
    pats.push(if mag == 0 {
        (sign ^ 0x8000) | 1
    } else {
        sign | (mag - 1)
    });
    pats.into_iter()
        .map(|p| match ty {
            Scalar::BF16 => bf16::from_bits(p).to_f32(),
            _ => f16::from_bits(p).to_f32(),
        })
        .filter(|v| !v.is_nan())
        .collect()
}

/// The largest value of `ty` at most `x` and the smallest at least `x` (±Inf included).
fn bracket(ty: Scalar, x: f32) -> (f32, f32) {
    let b = match ty {
        Scalar::BF16 => bf16::from_f32(x).to_bits(),
        _ => f16::from_f32(x).to_bits(),
    };
    let c = around(ty, b);
    let lo = c
        .iter()
        .copied()
        .filter(|&v| v <= x)
        .fold(f32::NEG_INFINITY, f32::max);
    let hi = c
        .iter()
        .copied()
        .filter(|&v| v >= x)
        .fold(f32::INFINITY, f32::min);
    // A zero x rounds to itself: keep its sign.
    if x == 0.0 {
        (x, x)
    } else {
        (lo, hi)
    }
}

/// 2048 additions of 0.5 to an FP16 1024, one `nhw.tensor_tensor` each (`n` lanes).
fn additions_text(n: usize) -> String {
    let t = format!("tensor<{n}xf16>");
    let mut s = format!(
        "func.func @main(%v0: {t}) -> {t} {{\n  %h = \"nhw.constant\"() {{value = dense<0.5> : {t}}} : () -> {t}\n"
    );
    for i in 0..2048 {
        s += &format!(
            "  %v{} = \"nhw.tensor_tensor\"(%v{i}, %h) {{op = \"add\"}} : ({t}, {t}) -> {t}\n",
            i + 1
        );
    }
    s + &format!("  func.return %v2048 : {t}\n}}\n")
}

#[test]
fn stochastic_rounding_reference_check() {
    let n = 256;
    let text = additions_text(n);
    let start = typed(Scalar::F16, &[n], &vec![1024.0; n]);
    let rne = run(&text, vec![start.clone()]).remove(0);
    assert!(
        rne.as_f32().unwrap().iter().all(|&v| v == 1024.0),
        "nearest-even stays at 1024"
    );
    let sr = |threads, seed| {
        let out = run_with(
            &text,
            vec![start.clone()],
            threads,
            Rounding::Stochastic { seed },
        );
        out.expect("runs").remove(0).as_f32().unwrap().to_vec()
    };
    let one = sr(1, 42);
    let mean = one.iter().map(|&v| v as f64).sum::<f64>() / n as f64;
    assert!((mean / 2048.0 - 1.0).abs() < 0.01, "stochastic mean {mean}");
    assert!(
        one.iter().all(|&v| (v / 2048.0 - 1.0).abs() < 0.1),
        "{one:?}"
    );
    assert_bits(&sr(2, 42), &one);
    assert_bits(&sr(1, 42), &one);
    assert_ne!(sr(1, 43), one, "another seed, other results");
}

#[test]
fn stochastic_rounding_of_a_narrow_accumulation() {
    let n = 2049;
    let mut v = vec![0.5f32; n];
    v[0] = 1024.0;
    let x = typed(Scalar::F16, &[n], &v);
    let attrs = "{op = \"sum\", axes = array<i64: 0>, keepdims = false, acc = f16}";
    let text = op_text("nhw.tensor_reduce", attrs, &[&x], "tensor<f16>");
    let got = |r| {
        run_with(&text, vec![x.clone()], 2, r)
            .unwrap()
            .remove(0)
            .as_f32()
            .unwrap()[0]
    };
    assert_eq!(got(Rounding::NearestEven), 1024.0);
    let s = got(Rounding::Stochastic { seed: 5 });
    assert!((s / 2048.0 - 1.0).abs() < 0.05, "stochastic sum {s}");
    let wide = op_text(
        "nhw.tensor_reduce",
        &attrs.replace("acc = f16", "acc = f32"),
        &[&x],
        "tensor<f16>",
    );
    assert_eq!(
        run(&wide, vec![x.clone()])[0].as_f32().unwrap()[0],
        2048.0,
        "FP32 accumulation"
    );
}
