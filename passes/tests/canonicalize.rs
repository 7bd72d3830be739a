//! `canonicalize` tests: folds, constant deduplication and hoisting in `mlir-opt`'s order,
//! dead-op removal, patterns, options, idempotence, and linear work on 100k ops.

mod support;

use neuron_ir::{Attribute, Scalar};
use neuron_nn::{AddOp, CastOp, MulOp, NegOp, ReluOp, ReshapeOp, TransposeOp};
use neuron_pass::Changed;
use neuron_passes::{canonicalize_function, CanonicalizeConfig};
use std::time::{Duration, Instant};
use support::{
    assert_valid, constant, dump, func, module, op, op_with, ret, run, run_default, t, unregistered,
};

const F32: Scalar = Scalar::F32;

#[test]
fn folds_constants_and_erases_what_they_leave_dead() {
    let ty = t(&[3], F32);
    let mut f = func("f", [ty.clone()], [ty.clone()]);
    let x = f.body.args()[0];
    let one = constant(&mut f, &ty, &[1.0]);
    let two = constant(&mut f, &ty, &[2.0]);
    let three = op::<AddOp>(&mut f, &[one, two], [ty.clone()]).unwrap();
    let m = op::<MulOp>(&mut f, &[x, three], [ty.clone()]).unwrap();
    let n1 = op::<NegOp>(&mut f, &[m], [ty.clone()]).unwrap();
    let n2 = op::<NegOp>(&mut f, &[n1], [ty.clone()]).unwrap();
    ret(&mut f, &[n2]);
    let mut m = module(vec![f]);
    assert_eq!(run_default("canonicalize", &mut m), Changed::Yes);
    assert_valid(&m);
    assert_eq!(
        dump(&m.funcs[0]),
        [
            "%0 = nn.constant {value = dense<3.0> : tensor<3xf32>} : tensor<3xf32>",
            "%1 = nn.mul %arg0, %0 : tensor<3xf32>",
            "func.return %1",
        ]
    );
}

/// The `nn` twin of an `arith` input whose `mlir-opt --canonicalize` output puts the
/// constants in the order 6, 3, 1: existing constants are hoisted in place, new ones go
/// to the very top, duplicates merge into the first.
#[test]
fn constants_are_deduplicated_and_hoisted_like_mlir_opt() {
    let ty = t(&[2], Scalar::I32);
    let mut f = func("f", [ty.clone()], &[ty.clone(), ty.clone(), ty.clone()]);
    let a = f.body.args()[0];
    let c1 = constant(&mut f, &ty, &[1.0]);
    let x = op::<AddOp>(&mut f, &[a, c1], [ty.clone()]).unwrap();
    let c2 = constant(&mut f, &ty, &[2.0]);
    let c3 = constant(&mut f, &ty, &[3.0]);
    let y = op::<AddOp>(&mut f, &[c1, c2], [ty.clone()]).unwrap();
    let z = op::<MulOp>(&mut f, &[c3, c2], [ty.clone()]).unwrap();
    let w = op::<MulOp>(&mut f, &[a, c3], [ty.clone()]).unwrap();
    let q = op::<AddOp>(&mut f, &[x, w], [ty.clone()]).unwrap();
    let c1b = constant(&mut f, &ty, &[1.0]);
    let u = op::<AddOp>(&mut f, &[q, c1b], [ty.clone()]).unwrap();
    unregistered(&mut f, "foo.bar", &[u], &[]);
    ret(&mut f, &[y, z, u]);
    let mut m = module(vec![f]);
    run_default("canonicalize", &mut m);
    assert_valid(&m);
    assert_eq!(
        dump(&m.funcs[0]),
        [
            "%0 = nn.constant {value = dense<6> : tensor<2xi32>} : tensor<2xi32>",
            "%1 = nn.constant {value = dense<3> : tensor<2xi32>} : tensor<2xi32>",
            "%2 = nn.constant {value = dense<1> : tensor<2xi32>} : tensor<2xi32>",
            "%3 = nn.add %arg0, %2 : tensor<2xi32>",
            "%4 = nn.mul %arg0, %1 : tensor<2xi32>",
            "%5 = nn.add %3, %4 : tensor<2xi32>",
            "%6 = nn.add %5, %2 : tensor<2xi32>",
            "foo.bar %6",
            "func.return %1, %0, %6",
        ]
    );
}

#[test]
fn unregistered_ops_stay_with_their_operands() {
    let ty = t(&[2], F32);
    let mut f = func("f", [ty.clone()], &[]);
    let x = f.body.args()[0];
    let kept = op::<ReluOp>(&mut f, &[x], [ty.clone()]).unwrap();
    let dead = op::<ReluOp>(&mut f, &[x], [ty.clone()]).unwrap();
    op::<NegOp>(&mut f, &[dead], [ty.clone()]);
    unregistered(&mut f, "test.sink", &[kept], &[]);
    unregistered(&mut f, "test.effect", &[], [ty.clone()]);
    ret(&mut f, &[]);
    let mut m = module(vec![f]);
    run_default("canonicalize", &mut m);
    assert_eq!(
        dump(&m.funcs[0]),
        [
            "%0 = nn.relu %arg0 : tensor<2xf32>",
            "test.sink %0",
            "%1 = test.effect : tensor<2xf32>",
            "func.return",
        ]
    );
}

fn perm(p: &[i64]) -> [(&'static str, Attribute); 1] {
    [("perm", Attribute::i64_array(p))]
}

#[test]
fn transposes_compose_and_inverse_pairs_vanish() {
    let ty = t(&[2, 3, 4], F32);
    let mut f = func("f", [ty.clone()], &[t(&[3, 4, 2], F32), ty.clone()]);
    let x = f.body.args()[0];
    let a = op_with::<TransposeOp>(&mut f, &[x], &[t(&[3, 2, 4], F32)], &perm(&[1, 0, 2])).unwrap();
    let b = op_with::<TransposeOp>(&mut f, &[a], &[t(&[3, 4, 2], F32)], &perm(&[0, 2, 1])).unwrap();
    let c = op_with::<TransposeOp>(&mut f, &[x], &[t(&[4, 3, 2], F32)], &perm(&[2, 1, 0])).unwrap();
    let d = op_with::<TransposeOp>(&mut f, &[c], [ty.clone()], &perm(&[2, 1, 0])).unwrap();
    ret(&mut f, &[b, d]);
    let mut m = module(vec![f]);
    run_default("canonicalize", &mut m);
    assert_valid(&m);
    assert_eq!(
        dump(&m.funcs[0]),
        [
            "%0 = nn.transpose %arg0 {perm = array<i64: 1, 2, 0>} : tensor<3x4x2xf32>",
            "func.return %0, %arg0",
        ]
    );
}

#[test]
fn reshape_chains_collapse() {
    let ty = t(&[2, 3], F32);
    let mut f = func("f", [ty.clone()], &[t(&[1, 6], F32), ty.clone()]);
    let x = f.body.args()[0];
    let a = op::<ReshapeOp>(&mut f, &[x], &[t(&[6], F32)]).unwrap();
    let b = op::<ReshapeOp>(&mut f, &[a], &[t(&[3, 2], F32)]).unwrap();
    let c = op::<ReshapeOp>(&mut f, &[b], &[t(&[1, 6], F32)]).unwrap();
    let back = op::<ReshapeOp>(&mut f, &[b], [ty.clone()]).unwrap();
    ret(&mut f, &[c, back]);
    let mut m = module(vec![f]);
    run_default("canonicalize", &mut m);
    assert_valid(&m);
    assert_eq!(
        dump(&m.funcs[0]),
        [
            "%0 = nn.reshape %arg0 : tensor<1x6xf32>",
            "func.return %0, %arg0"
        ]
    );
}

#[test]
fn exact_cast_round_trips_fold_lossy_ones_stay() {
    let bf = t(&[4], Scalar::BF16);
    let fp = t(&[4], F32);
    let mut f = func("f", &[bf.clone(), fp.clone()], &[bf.clone(), fp.clone()]);
    let (x, y) = (f.body.args()[0], f.body.args()[1]);
    let up = op::<CastOp>(&mut f, &[x], [fp.clone()]).unwrap();
    let down = op::<CastOp>(&mut f, &[up], [bf.clone()]).unwrap();
    let narrow = op::<CastOp>(&mut f, &[y], [bf.clone()]).unwrap();
    let widen = op::<CastOp>(&mut f, &[narrow], [fp.clone()]).unwrap();
    ret(&mut f, &[down, widen]);
    let mut m = module(vec![f]);
    run_default("canonicalize", &mut m);
    assert_eq!(
        dump(&m.funcs[0]),
        [
            "%0 = nn.cast %arg1 : tensor<4xbf16>",
            "%1 = nn.cast %0 : tensor<4xf32>",
            "func.return %arg0, %1",
        ]
    );
}

#[test]
fn weights_are_narrowed_at_compile_time() {
    let fp = t(&[2], F32);
    let bf = t(&[2], Scalar::BF16);
    let mut f = func("f", &[], [bf.clone()]);
    let w = constant(&mut f, &fp, &[1.00390625, -3.0]);
    let c = op::<CastOp>(&mut f, &[w], [bf.clone()]).unwrap();
    ret(&mut f, &[c]);
    let mut m = module(vec![f]);
    run_default("canonicalize", &mut m);
    let body = &m.funcs[0].body;
    let first = body.first_op().unwrap();
    let value = body
        .op(first)
        .attr("value")
        .and_then(|a| a.as_dense())
        .unwrap();
    assert_eq!(
        (value.ty.elem, value.get_f64(0), value.get_f64(1)),
        (Scalar::BF16, 1.0, -3.0)
    );
    assert_eq!(body.len(), 2, "the f32 weight is gone");
}

#[test]
fn a_second_run_changes_nothing() {
    let ty = t(&[3], F32);
    let mut f = func("f", [ty.clone()], [ty.clone()]);
    let x = f.body.args()[0];
    let a = op::<ReluOp>(&mut f, &[x], [ty.clone()]).unwrap();
    let c = constant(&mut f, &ty, &[2.0]);
    let b = op::<MulOp>(&mut f, &[a, c], [ty.clone()]).unwrap();
    let c2 = constant(&mut f, &ty, &[2.0]);
    let d = op::<AddOp>(&mut f, &[b, c2], [ty.clone()]).unwrap();
    ret(&mut f, &[d]);
    let mut m = module(vec![f]);
    assert_eq!(run_default("canonicalize", &mut m), Changed::Yes);
    let once = dump(&m.funcs[0]);
    assert_eq!(run_default("canonicalize", &mut m), Changed::No);
    assert_eq!(dump(&m.funcs[0]), once);
    assert_eq!(once.len(), 5);
}

/// `neg` chains of length `n` on `x` (each neg(neg(·)) pair folds away).
fn neg_chain(n: usize) -> neuron_ir::Func {
    let ty = t(&[4], F32);
    let mut f = func("f", [ty.clone()], [ty.clone()]);
    let mut v = f.body.args()[0];
    for _ in 0..n {
        v = op::<NegOp>(&mut f, &[v], [ty.clone()]).unwrap();
    }
    ret(&mut f, &[v]);
    f
}

#[test]
fn max_iterations_and_convergence() {
    let mut f = neg_chain(4);
    let once = CanonicalizeConfig {
        max_iterations: 1,
        ..CanonicalizeConfig::default()
    };
    let stats = canonicalize_function(&mut f, &once);
    assert_eq!((stats.iterations, stats.converged), (1, false));
    assert_eq!(f.body.len(), 1, "one iteration already removed the chain");
    let mut m = module(vec![neg_chain(4)]);
    let err = run(
        "canonicalize",
        &[("max-iterations", "1"), ("test-convergence", "true")],
        &mut m,
    )
    .unwrap_err();
    assert_eq!(
        err.message,
        "canonicalizer failed to converge on @f (max-iterations=1, max-num-rewrites=-1)"
    );
    let mut m = module(vec![neg_chain(4)]);
    assert!(run("canonicalize", &[("test-convergence", "true")], &mut m).is_ok());
}

#[test]
fn max_num_rewrites_limits_each_iteration() {
    let mut f = neg_chain(6);
    let config = CanonicalizeConfig {
        max_iterations: 2,
        max_num_rewrites: 1,
        test_convergence: false,
    };
    let stats = canonicalize_function(&mut f, &config);
    assert_eq!((stats.folds, stats.converged), (2, false));
    assert_valid(&module(vec![f]));
}

#[test]
fn bad_option_values_are_rejected() {
    neuron_passes::link();
    let reg = neuron_pass::lookup_pass("canonicalize").unwrap();
    assert_eq!(reg.name, "Canonicalizer");
    let opts = neuron_pass::PassOptions::from_pairs(
        reg.options,
        &[("max-iterations".into(), "-2".into())],
    )
    .unwrap();
    let err = (reg.create)(&opts).err().unwrap();
    assert_eq!(
        err,
        "invalid value for option 'max-iterations': expected -1 (no limit) or a count >= 0, found '-2'"
    );
}

#[test]
fn hundred_thousand_ops_take_linear_work() {
    const N: usize = 100_000;
    let mut f = neg_chain(N);
    let start = Instant::now();
    let stats = canonicalize_function(&mut f, &CanonicalizeConfig::default());
    let elapsed = start.elapsed();
    assert!(stats.converged);
    assert_eq!(f.body.len(), 1, "all negs cancel");
    assert_eq!((stats.folds, stats.erased), (N / 2, N / 2));
    assert!(stats.visits <= 3 * N, "{} visits for {N} ops", stats.visits);
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");
}

#[test]
fn hundred_thousand_constant_folds_take_linear_work() {
    const N: usize = 100_000;
    let ty = t(&[2], Scalar::I32);
    let mut f = func("f", &[], [ty.clone()]);
    let mut v = constant(&mut f, &ty, &[1.0]);
    for _ in 0..N {
        v = op::<AddOp>(&mut f, &[v, v], [ty.clone()]).unwrap();
    }
    ret(&mut f, &[v]);
    let start = Instant::now();
    let stats = canonicalize_function(&mut f, &CanonicalizeConfig::default());
    let elapsed = start.elapsed();
    assert_eq!(stats.folds, N);
    assert!(stats.visits <= 4 * N, "{} visits for {N} ops", stats.visits);
    assert_eq!(
        dump(&f),
        [
            "%0 = nn.constant {value = dense<0> : tensor<2xi32>} : tensor<2xi32>",
            "func.return %0"
        ],
        "1·2^100000 wraps to 0 in i32"
    );
    assert!(elapsed < Duration::from_secs(30), "took {elapsed:?}");
}

/// `lit-tests/passes/canonicalize.mlir` `@folds`, built with the API.
#[test]
fn identities_cancel_and_lossy_casts_stay() {
    let ty = t(&[2, 3], F32);
    let bf = t(&[2, 3], Scalar::BF16);
    let tt = t(&[3, 2], F32);
    let mut f = func(
        "folds",
        [ty.clone(), bf.clone()],
        [ty.clone(), bf.clone(), ty.clone()],
    );
    let (x, b) = (f.body.args()[0], f.body.args()[1]);
    let zero = constant(&mut f, &ty, &[0.0]);
    let one = constant(&mut f, &ty, &[1.0]);
    let v0 = op::<AddOp>(&mut f, &[x, zero], [ty.clone()]).unwrap();
    let v1 = op::<MulOp>(&mut f, &[v0, one], [ty.clone()]).unwrap();
    let v2 = op::<NegOp>(&mut f, &[v1], [ty.clone()]).unwrap();
    let v3 = op::<NegOp>(&mut f, &[v2], [ty.clone()]).unwrap();
    let t1 = op_with::<TransposeOp>(&mut f, &[v3], [tt.clone()], &perm(&[1, 0])).unwrap();
    let t2 = op_with::<TransposeOp>(&mut f, &[t1], [ty.clone()], &perm(&[1, 0])).unwrap();
    let up = op::<CastOp>(&mut f, &[b], [ty.clone()]).unwrap();
    let down = op::<CastOp>(&mut f, &[up], [bf.clone()]).unwrap();
    let lossy = op::<CastOp>(&mut f, &[t2], [bf.clone()]).unwrap();
    let back = op::<CastOp>(&mut f, &[lossy], [ty.clone()]).unwrap();
    op::<ReluOp>(&mut f, &[x], [ty.clone()]);
    ret(&mut f, &[t2, down, back]);
    let mut m = module(vec![f]);
    run_default("canonicalize", &mut m);
    assert_valid(&m);
    assert_eq!(
        dump(&m.funcs[0]),
        [
            "%0 = nn.cast %arg0 : tensor<2x3xbf16>",
            "%1 = nn.cast %0 : tensor<2x3xf32>",
            "func.return %arg0, %arg1, %1",
        ]
    );
}

/// `lit-tests/passes/canonicalize.mlir` `@constant_fold`: `-((a + 0.5)²)` folds to one constant.
#[test]
fn constant_chains_fold_to_one_constant() {
    let ty = t(&[3], F32);
    let mut f = func("constant_fold", [], [ty.clone()]);
    let a = constant(&mut f, &ty, &[1.0, 2.0, 3.0]);
    let b = constant(&mut f, &ty, &[0.5]);
    let s = op::<AddOp>(&mut f, &[a, b], [ty.clone()]).unwrap();
    let sq = op::<MulOp>(&mut f, &[s, s], [ty.clone()]).unwrap();
    let n = op::<NegOp>(&mut f, &[sq], [ty.clone()]).unwrap();
    ret(&mut f, &[n]);
    let mut m = module(vec![f]);
    run_default("canonicalize", &mut m);
    let body = &m.funcs[0].body;
    assert_eq!(body.len(), 2);
    let c = body.first_op().unwrap();
    let d = body.op(c).attr("value").and_then(|a| a.as_dense()).unwrap();
    let values: Vec<f64> = (0..3).map(|i| d.get_f64(i)).collect();
    assert_eq!(values, [-2.25, -6.25, -12.25]);
}
