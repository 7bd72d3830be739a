//! Report tests: an attention-like `nhw` function costed end to end; per-engine and per-kind
//! sums, shares adding up to 1, the text table's alignment and the JSON form.

mod support;

use neuron_cost::{estimate, CostReport, Engine, Target};
use neuron_ir::{Attribute, DenseElements, Module, Scalar, Type};
use neuron_nhw as nhw;
use std::sync::Arc;
use support::*;
use Scalar::{BF16, F32};

/// A splat dense attribute of type `ty`.
fn splat(ty: &Type, v: f64) -> Attribute {
    let tt = Arc::new(ty.as_tensor().expect("tensor").clone());
    Attribute::Dense(Arc::new(DenseElements::from_f64(tt, &[v]).expect("dense")))
}

/// Appends a checked op; returns its result.
fn op<V: neuron_ir::OpView>(
    f: &mut neuron_ir::Func,
    operands: &[neuron_ir::ValueId],
    result: Type,
    attrs: &[(&str, Attribute)],
) -> neuron_ir::ValueId {
    let id = add::<V>(f, operands, result, attrs);
    check(f, id);
    res(f, id)
}

/// Scores of one attention layer: `softmax(q · kᵀ)` with q = x·W, k from a DMA-transposed
/// input, transposed again on the PE array.
fn attention() -> Module {
    let mut f = func(&[t(&[128, 768], BF16), t(&[128, 12, 64], BF16)]);
    let (x, kin) = (arg(&f, 0), arg(&f, 1));
    let wt = t(&[768, 768], BF16);
    let w = op::<nhw::ConstantOp>(&mut f, &[], wt.clone(), &[("value", splat(&wt, 0.5))]);
    let q = op::<nhw::MatmultOp>(&mut f, &[x, w], t(&[128, 768], F32), &[]);
    let q = op::<nhw::CastOp>(&mut f, &[q], t(&[128, 768], BF16), &[]);
    let q = op::<nhw::ReshapeOp>(&mut f, &[q], t(&[128, 12, 64], BF16), &[]);
    let perm = [("perm", ints(&[1, 0, 2]))];
    let q = op::<nhw::DmaTransposeOp>(&mut f, &[q], t(&[12, 128, 64], BF16), &perm);
    let k = op::<nhw::DmaTransposeOp>(&mut f, &[kin], t(&[12, 128, 64], BF16), &perm);
    let pe = [("perm", ints(&[0, 2, 1])), ("dtype", ty_attr(BF16))];
    let kt = op::<nhw::PeTransposeOp>(&mut f, &[k], t(&[12, 64, 128], BF16), &pe);
    let s = op::<nhw::MatmultOp>(&mut f, &[q, kt], t(&[12, 128, 128], F32), &[]);
    let reduce = |kind: &str| {
        [
            ("op", Attribute::string(kind)),
            ("axes", ints(&[2])),
            ("keepdims", Attribute::Bool(true)),
            ("acc", ty_attr(F32)),
        ]
    };
    let (full, col) = (t(&[12, 128, 128], F32), t(&[12, 128, 1], F32));
    let m = op::<nhw::TensorReduceOp>(&mut f, &[s], col.clone(), &reduce("max"));
    let tt = |o: &str| [("op", Attribute::string(o))];
    let d = op::<nhw::TensorTensorOp>(&mut f, &[s, m], full.clone(), &tt("sub"));
    let act = |func: &str| [("func", Attribute::string(func))];
    let e = op::<nhw::ActivationOp>(&mut f, &[d], full.clone(), &act("exp"));
    let z = op::<nhw::TensorReduceOp>(&mut f, &[e], col.clone(), &reduce("sum"));
    let r = op::<nhw::ActivationOp>(&mut f, &[z], col, &act("reciprocal"));
    op::<nhw::TensorTensorOp>(&mut f, &[e, r], full, &tt("mul"));
    module(f)
}

fn report(target: Target) -> CostReport {
    let r = estimate(&attention(), "main", target).expect("costed");
    assert_eq!(estimate(&attention(), "@main", target).as_ref(), Ok(&r));
    r
}

#[test]
fn sums_and_shares_add_up() {
    for target in Target::ALL {
        let r = report(target);
        assert_eq!(r.ops.len(), 14, "func.return is not costed");
        let kinds: f64 = r.per_op_kind.keys().map(|k| r.share(k)).sum();
        assert!((kinds - 1.0).abs() < 1e-12, "kind shares sum to {kinds}");
        let engines: f64 = Engine::ALL.iter().map(|&e| r.engine_share(e)).sum();
        assert!(
            (engines - 1.0).abs() < 1e-12,
            "engine shares sum to {engines}"
        );
        let busy: f64 = r.per_engine.values().sum();
        assert!((busy / r.serial_seconds - 1.0).abs() < 1e-12);
        let by_kind: f64 = r.per_op_kind.values().map(|k| k.1).sum();
        assert!((by_kind / r.serial_seconds - 1.0).abs() < 1e-12);
        assert!(r.engine_bound_seconds() < r.serial_seconds);
    }
}

#[test]
fn kinds_and_engines_are_counted() {
    let r = report(Target::Trn1);
    let count = |k: &str| r.per_op_kind.get(k).map_or(0, |c| c.0);
    assert_eq!(count("nhw.matmult"), 2);
    assert_eq!(count("nhw.dma_transpose"), 2);
    assert_eq!(count("nhw.tensor_reduce"), 2);
    assert_eq!(count("nhw.activation"), 2);
    assert_eq!(count("nhw.reshape"), 1);
    assert_eq!(r.per_engine.len(), 4);
    assert!(Engine::ALL.iter().all(|e| r.per_engine[e] > 0.0));
    // x·W: 2·128·768·768 FLOPs; scores: 2·12·128·64·128.
    let mm: f64 = r
        .ops
        .iter()
        .filter(|o| o.op == "nhw.matmult")
        .map(|o| o.flops)
        .sum();
    assert_eq!(
        mm,
        2.0 * 128.0 * 768.0 * 768.0 + 2.0 * 12.0 * 128.0 * 64.0 * 128.0
    );
    // The trn1 Tensor engine is 92/16 times faster than inf1's; DMA 32.8 times.
    let inf1 = report(Target::Inf1);
    assert!(inf1.per_engine[&Engine::Tensor] > 4.0 * r.per_engine[&Engine::Tensor]);
    assert!((inf1.per_engine[&Engine::Dma] / r.per_engine[&Engine::Dma] - 32.8).abs() < 1e-9);
}

#[test]
fn render_is_an_aligned_table() {
    let r = report(Target::Trn1);
    let text = r.render();
    assert!(text.starts_with("cost estimate of @main on trn1 (NeuronCore-v2, one core): 14 ops"));
    for kind in r.per_op_kind.keys() {
        assert!(
            text.lines().any(|l| l.starts_with(kind.as_str())),
            "{kind} missing:\n{text}"
        );
    }
    // Each table's rows have equal width (first column padded, the others right-aligned).
    for table in text.split("\n\n").skip(1) {
        let rows: Vec<&str> = table
            .lines()
            .filter(|l| !l.starts_with("busiest"))
            .collect();
        let w = rows[0].chars().count();
        assert!(
            rows.iter().all(|l| l.chars().count() == w),
            "ragged table:\n{table}"
        );
    }
    assert!(text.contains("serial total"));
    assert!(text.contains("100.0%"));
}

#[test]
fn json_carries_the_same_figures() {
    let r = report(Target::Inf1);
    let v: serde_json::Value = serde_json::from_str(&r.to_json()).expect("valid JSON");
    assert_eq!(v["target"], "inf1");
    assert_eq!(v["entry"], "main");
    // serde_json parses floats to within an ulp (its exact parser is a feature not enabled).
    let close = |j: &serde_json::Value, want: f64| {
        let got = j.as_f64().expect("number");
        assert!((got / want - 1.0).abs() < 1e-15, "{got} vs {want}");
    };
    close(&v["serial_seconds"], r.serial_seconds);
    assert_eq!(v["ops"].as_array().map(Vec::len), Some(14));
    assert_eq!(v["op_kinds"]["nhw.matmult"]["count"], 2);
    let shares: f64 = v["op_kinds"]
        .as_object()
        .expect("object")
        .values()
        .map(|k| k["share"].as_f64().expect("share"))
        .sum();
    assert!((shares - 1.0).abs() < 1e-12);
    close(
        &v["engines"]["tensor"]["seconds"],
        r.per_engine[&Engine::Tensor],
    );
}

#[test]
fn an_empty_function_costs_nothing() {
    let r = estimate(&module(func(&[])), "main", Target::Trn1).expect("costed");
    assert_eq!((r.serial_seconds, r.ops.len()), (0.0, 0));
    assert_eq!(r.engine_share(Engine::Tensor), 0.0);
    assert!(r.render().contains("serial total"));
}
