//! `cse` and `dce` tests: what merges and what must not, transitive dead-op removal,
//! and idempotence.

mod support;

use neuron_ir::{Attribute, Scalar};
use neuron_nn::{AddOp, CastOp, MulOp, NegOp, ReluOp, SubOp, TransposeOp};
use neuron_pass::Changed;
use support::unregistered;
use support::{assert_valid, constant, dump, func, module, op, op_with, ret, run_default, t};

const F32: Scalar = Scalar::F32;

#[test]
fn cse_merges_identical_pure_ops_and_their_users() {
    let ty = t(&[3], F32);
    let mut f = func("f", &[ty.clone(), ty.clone()], [ty.clone()]);
    let (x, y) = (f.body.args()[0], f.body.args()[1]);
    let a1 = op::<AddOp>(&mut f, &[x, y], [ty.clone()]).unwrap();
    let a2 = op::<AddOp>(&mut f, &[x, y], [ty.clone()]).unwrap();
    let n1 = op::<NegOp>(&mut f, &[a1], [ty.clone()]).unwrap();
    let n2 = op::<NegOp>(&mut f, &[a2], [ty.clone()]).unwrap();
    let m = op::<MulOp>(&mut f, &[n1, n2], [ty.clone()]).unwrap();
    ret(&mut f, &[m]);
    let mut m = module(vec![f]);
    assert_eq!(run_default("cse", &mut m), Changed::Yes);
    assert_valid(&m);
    assert_eq!(
        dump(&m.funcs[0]),
        [
            "%0 = nn.add %arg0, %arg1 : tensor<3xf32>",
            "%1 = nn.neg %0 : tensor<3xf32>",
            "%2 = nn.mul %1, %1 : tensor<3xf32>",
            "func.return %2",
        ]
    );
    assert_eq!(run_default("cse", &mut m), Changed::No, "idempotent");
}

#[test]
fn cse_sorts_operands_of_commutative_ops_only() {
    let ty = t(&[3], F32);
    let mut f = func("f", &[ty.clone(), ty.clone()], &[]);
    let (x, y) = (f.body.args()[0], f.body.args()[1]);
    let a1 = op::<AddOp>(&mut f, &[x, y], [ty.clone()]).unwrap();
    let a2 = op::<AddOp>(&mut f, &[y, x], [ty.clone()]).unwrap();
    let s1 = op::<SubOp>(&mut f, &[x, y], [ty.clone()]).unwrap();
    let s2 = op::<SubOp>(&mut f, &[y, x], [ty.clone()]).unwrap();
    unregistered(&mut f, "test.use", &[a1, a2, s1, s2], &[]);
    ret(&mut f, &[]);
    let mut m = module(vec![f]);
    run_default("cse", &mut m);
    assert_eq!(
        dump(&m.funcs[0]),
        [
            "%0 = nn.add %arg0, %arg1 : tensor<3xf32>",
            "%1 = nn.sub %arg0, %arg1 : tensor<3xf32>",
            "%2 = nn.sub %arg1, %arg0 : tensor<3xf32>",
            "test.use %0, %0, %1, %2",
            "func.return",
        ]
    );
}

#[test]
fn cse_keeps_ops_with_different_attributes_or_types() {
    let ty = t(&[2, 2], F32);
    let mut f = func("f", [ty.clone()], &[]);
    let x = f.body.args()[0];
    let perm = |p: &[i64]| [("perm", Attribute::i64_array(p))];
    let t1 = op_with::<TransposeOp>(&mut f, &[x], [ty.clone()], &perm(&[1, 0])).unwrap();
    let t2 = op_with::<TransposeOp>(&mut f, &[x], [ty.clone()], &perm(&[0, 1])).unwrap();
    let t3 = op_with::<TransposeOp>(&mut f, &[x], [ty.clone()], &perm(&[1, 0])).unwrap();
    let c1 = op::<CastOp>(&mut f, &[x], &[t(&[2, 2], Scalar::F16)]).unwrap();
    let c2 = op::<CastOp>(&mut f, &[x], &[t(&[2, 2], Scalar::BF16)]).unwrap();
    let k1 = constant(&mut f, &ty, &[0.0]);
    let k2 = constant(&mut f, &ty, &[-0.0]);
    let k3 = constant(&mut f, &ty, &[0.0]);
    unregistered(&mut f, "test.use", &[t1, t2, t3, c1, c2, k1, k2, k3], &[]);
    ret(&mut f, &[]);
    let mut m = module(vec![f]);
    run_default("cse", &mut m);
    assert_eq!(
        dump(&m.funcs[0]),
        [
            "%0 = nn.transpose %arg0 {perm = array<i64: 1, 0>} : tensor<2x2xf32>",
            "%1 = nn.transpose %arg0 {perm = array<i64: 0, 1>} : tensor<2x2xf32>",
            "%2 = nn.cast %arg0 : tensor<2x2xf16>",
            "%3 = nn.cast %arg0 : tensor<2x2xbf16>",
            "%4 = nn.constant {value = dense<0.0> : tensor<2x2xf32>} : tensor<2x2xf32>",
            "%5 = nn.constant {value = dense<-0.0> : tensor<2x2xf32>} : tensor<2x2xf32>",
            "test.use %0, %1, %0, %2, %3, %4, %5, %4",
            "func.return",
        ]
    );
}

#[test]
fn cse_never_merges_unregistered_ops() {
    let ty = t(&[2], F32);
    let mut f = func("f", &[], &[]);
    let r1 = unregistered(&mut f, "test.random", &[], [ty.clone()]);
    let r2 = unregistered(&mut f, "test.random", &[], [ty.clone()]);
    let (v1, v2) = (f.body.op(r1).result(0), f.body.op(r2).result(0));
    unregistered(&mut f, "test.use", &[v1, v2], &[]);
    ret(&mut f, &[]);
    let mut m = module(vec![f]);
    assert_eq!(run_default("cse", &mut m), Changed::No);
    assert_eq!(m.funcs[0].body.len(), 4);
}

#[test]
fn cse_erases_ops_already_dead_like_mlir_opt() {
    let ty = t(&[2], F32);
    let mut f = func("f", [ty.clone()], &[]);
    let x = f.body.args()[0];
    let a = op::<ReluOp>(&mut f, &[x], [ty.clone()]).unwrap();
    op::<NegOp>(&mut f, &[a], [ty.clone()]);
    ret(&mut f, &[]);
    let mut m = module(vec![f]);
    run_default("cse", &mut m);
    assert_eq!(
        dump(&m.funcs[0]),
        ["%0 = nn.relu %arg0 : tensor<2xf32>", "func.return"]
    );
}

#[test]
fn dce_removes_dead_chains_in_one_walk() {
    let ty = t(&[2], F32);
    let mut f = func("f", [ty.clone()], [ty.clone()]);
    let x = f.body.args()[0];
    let c = constant(&mut f, &ty, &[1.0]);
    let a = op::<AddOp>(&mut f, &[x, c], [ty.clone()]).unwrap();
    let b = op::<ReluOp>(&mut f, &[a], [ty.clone()]).unwrap();
    op::<NegOp>(&mut f, &[b], [ty.clone()]);
    let live = op::<ReluOp>(&mut f, &[x], [ty.clone()]).unwrap();
    let kept = op::<NegOp>(&mut f, &[x], [ty.clone()]).unwrap();
    unregistered(&mut f, "test.sink", &[kept], &[]);
    ret(&mut f, &[live]);
    let mut m = module(vec![f]);
    assert_eq!(run_default("dce", &mut m), Changed::Yes);
    assert_valid(&m);
    assert_eq!(
        dump(&m.funcs[0]),
        [
            "%0 = nn.relu %arg0 : tensor<2xf32>",
            "%1 = nn.neg %arg0 : tensor<2xf32>",
            "test.sink %1",
            "func.return %0",
        ]
    );
    assert_eq!(run_default("dce", &mut m), Changed::No, "idempotent");
}

#[test]
fn dce_keeps_terminators_and_unregistered_ops() {
    let mut f = func("f", &[], &[]);
    unregistered(&mut f, "test.effect", &[], &[t(&[1], F32)]);
    ret(&mut f, &[]);
    let mut m = module(vec![f]);
    assert_eq!(run_default("dce", &mut m), Changed::No);
    assert_eq!(m.funcs[0].body.len(), 2);
}

#[test]
fn passes_are_registered_with_their_names() {
    neuron_passes::link();
    let names: Vec<(&str, &str, bool)> = [
        "canonicalize",
        "cse",
        "dce",
        "print-op-stats",
        "view-op-graph",
    ]
    .iter()
    .map(|a| {
        let r = neuron_pass::lookup_pass(a).expect("registered");
        let p = (r.create)(&neuron_pass::PassOptions::from_pairs(r.options, &[]).unwrap()).unwrap();
        (r.argument, r.name, p.is_function_pass())
    })
    .collect();
    assert_eq!(
        names,
        [
            ("canonicalize", "Canonicalizer", true),
            ("cse", "CSE", true),
            ("dce", "DCE", true),
            ("print-op-stats", "PrintOpStats", false),
            ("view-op-graph", "ViewOpGraph", false),
        ]
    );
}
