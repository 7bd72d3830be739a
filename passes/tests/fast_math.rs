//! The fast-math passes against the reference's tables: the per-op precision of every
//! `--fast-math` setting, order independence of every pair of sub-option passes, idempotence,
//! and `fp32-cast-matmult no-fast-relayout` ≡ `none`.

use neuron_ir::parser::{parse_module, ParseOptions};
use neuron_ir::printer::{module_to_string, PrintOptions};
use neuron_ir::{Module, Scalar};
use neuron_pass::{parse_pipeline, PassManager, PassManagerOptions};
use neuron_passes::precision_summary::PrecisionSummary;
use std::sync::Arc;

const TRANSFORMER: &str = include_str!("../../lit-tests/fast-math/transformer.mlir");

fn transformer() -> Module {
    neuron_passes::link();
    parse_module(
        TRANSFORMER,
        &Arc::from("transformer.mlir"),
        &ParseOptions::default(),
    )
    .expect("parses")
}

/// Runs a pipeline; `Err` holds the first diagnostic's message.
fn run(m: &mut Module, pipeline: &str) -> Result<(), String> {
    let p = parse_pipeline(pipeline).map_err(|d| d.message)?;
    let mut sink = Vec::new();
    let r = PassManager::new(p, PassManagerOptions::default()).run(m, &mut sink);
    match r.diagnostics.into_iter().find(|_| r.failed) {
        Some(d) => Err(d.message),
        None if r.failed => Err("failed".into()),
        None => Ok(()),
    }
}

/// The printed module after `pipeline`, or the error.
fn after(pipeline: &str) -> Result<String, String> {
    let mut m = transformer();
    run(&mut m, pipeline)?;
    Ok(module_to_string(&m, &PrintOptions::default()))
}

/// One row of the reference's per-op precision table.
struct Row {
    pipeline: &'static str,
    matmult: &'static str,
    transpose: Option<Scalar>,
    others: &'static str,
}

/// fast-math.md §1: matmult-engine inputs, matmult-based transposes (under fast-relayout), other ops.
const TABLE: [Row; 7] = [
    Row {
        pipeline: "fp32-cast-all,fast-relayout",
        matmult: "bf16->f32",
        transpose: Some(Scalar::BF16),
        others: "bf16",
    },
    Row {
        pipeline: "fp32-cast-all-fp16,fast-relayout",
        matmult: "f16->f32",
        transpose: Some(Scalar::F16),
        others: "f16",
    },
    Row {
        pipeline: "fp32-cast-matmult,fast-relayout",
        matmult: "bf16->f32",
        transpose: Some(Scalar::F16),
        others: "f32",
    },
    Row {
        pipeline: "fp32-cast-matmult-bf16,fast-relayout",
        matmult: "bf16->f32",
        transpose: Some(Scalar::BF16),
        others: "f32",
    },
    Row {
        pipeline: "fp32-cast-matmult-fp16,fast-relayout",
        matmult: "f16->f32",
        transpose: Some(Scalar::F16),
        others: "f32",
    },
    Row {
        pipeline: "fp32-cast-matmult,no-fast-relayout",
        matmult: "bf16->f32",
        transpose: None,
        others: "f32",
    },
    Row {
        pipeline: "fast-math-none",
        matmult: "bf16->f32",
        transpose: None,
        others: "f32",
    },
];

const MATMULT_ENGINE: [&str; 4] = ["nn.matmul", "nn.batch_matmul", "nn.gemm", "nn.conv2d"];

#[test]
fn every_setting_matches_the_per_op_precision_table() {
    for row in &TABLE {
        let mut m = transformer();
        run(&mut m, &format!("{},canonicalize", row.pipeline)).unwrap();
        let s = PrecisionSummary::of(&m);
        let mm = s.compute_types(true, |n| MATMULT_ENGINE.contains(&n));
        assert_eq!(mm, [row.matmult], "{}: matmult-engine ops", row.pipeline);
        let others = s.compute_types(false, |n| {
            n != "nn.constant" && !MATMULT_ENGINE.contains(&n)
        });
        assert_eq!(others, [row.others], "{}: other ops", row.pipeline);
        let t = &s.transposes;
        assert_eq!(t.unmarked, 0, "{}", row.pipeline);
        match row.transpose {
            Some(ty) => assert_eq!(
                (t.fast.get(&ty).copied(), t.exact),
                (Some(4), 0),
                "{}",
                row.pipeline
            ),
            None => assert_eq!((t.fast.len(), t.exact), (0, 4), "{}", row.pipeline),
        }
        // Weights of matmult-engine ops are stored narrowed; no cast of a constant survives canonicalize.
        let narrow = &row.matmult[..row.matmult.find("->").unwrap()];
        assert!(
            s.ops.keys().any(|(n, c)| n == "nn.constant" && c == narrow),
            "{}",
            row.pipeline
        );
    }
}

#[test]
fn fp32_cast_matmult_without_fast_relayout_is_none() {
    let a = after("fp32-cast-matmult,no-fast-relayout,canonicalize").unwrap();
    let b = after("fast-math-none,canonicalize").unwrap();
    assert_eq!(a, b);
    let c = after("no-fast-relayout,fp32-cast-matmult,canonicalize").unwrap();
    assert_eq!(a, c);
}

const SUB_OPTIONS: [&str; 10] = [
    "fp32-cast-all",
    "fp32-cast-all-fp16",
    "fp32-cast-matmult",
    "fp32-cast-matmult-bf16",
    "fp32-cast-matmult-fp16",
    "fast-relayout",
    "no-fast-relayout",
    "auto-cast{mode=all type=tf32}",
    "mixed-precision-accumulation{enable=false}",
    "saturate-infinity",
];

#[test]
fn every_pair_gives_the_same_result_in_both_orders() {
    let mut compatible = 0;
    for (i, a) in SUB_OPTIONS.iter().enumerate() {
        for b in &SUB_OPTIONS[i + 1..] {
            let ab = after(&format!("{a},{b}"));
            let ba = after(&format!("{b},{a}"));
            assert_eq!(ab.is_ok(), ba.is_ok(), "{a} / {b}: {ab:?} vs {ba:?}");
            if let (Ok(x), Ok(y)) = (&ab, &ba) {
                assert_eq!(x, y, "{a},{b} and {b},{a} differ");
                compatible += 1;
            }
        }
    }
    // Two cast settings or two relayout settings conflict (an error either way); the rest compose.
    assert_eq!(compatible, 45 - 15 - 1, "pairs that compose");
}

#[test]
fn every_pass_is_idempotent() {
    for p in SUB_OPTIONS {
        let once = after(p).unwrap();
        let twice = after(&format!("{p},{p}")).unwrap();
        assert_eq!(once, twice, "{p} twice differs from once");
        let mut m = transformer();
        run(&mut m, p).unwrap();
        let mut again = m.clone();
        run(&mut again, p).unwrap();
        assert_eq!(module_to_string(&again, &PrintOptions::default()), once);
    }
}

#[test]
fn signature_never_changes_and_ids_stay_integer() {
    let text = "func.func @f(%ids: tensor<3xi64>, %h: tensor<3x4xf16>) -> (tensor<3x4xf32>, tensor<3x4xf16>) {\n\
        %t = nn.constant {value = dense<0.5> : tensor<8x4xf32>} : () -> tensor<8x4xf32>\n\
        %0 = nn.gather %t, %ids {axis = 0 : i64} : (tensor<8x4xf32>, tensor<3xi64>) -> tensor<3x4xf32>\n\
        %1 = nn.relu %h : tensor<3x4xf16>\n\
        return %0, %1 : tensor<3x4xf32>, tensor<3x4xf16>\n}";
    neuron_passes::link();
    let mut m = parse_module(text, &Arc::from("t.mlir"), &ParseOptions::default()).unwrap();
    let before = m.funcs[0].ty.clone();
    run(&mut m, "fp32-cast-all,fast-relayout,canonicalize").unwrap();
    assert_eq!(m.funcs[0].ty, before);
    let out = module_to_string(&m, &PrintOptions::default());
    assert!(out.contains("nn.gather %0, %arg0 {axis = 0 : i64} : (tensor<8x4xbf16>, tensor<3xi64>) -> tensor<3x4xbf16>"), "{out}");
    assert!(
        out.contains("nn.relu %arg1 : tensor<3x4xf16>"),
        "f16 ops are left alone: {out}"
    );
}
