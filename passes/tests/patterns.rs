//! The canonicalizer drives patterns that create ops: a test-only op whose pattern
//! replaces it by a new `nn.add`, which must then be folded in the same iteration.

mod support;

use neuron_ir::registry::{traits, OpView};
use neuron_ir::{define_op, Body, Location, OpId, OpSpec, Scalar};
use neuron_nn::AddOp;
use neuron_passes::{canonicalize_function, CanonicalizeConfig};
use support::{constant, dump, func, op, ret, t};

define_op! {
    /// `testpat.twice %x`: `x + x`, rewritten to `nn.add` by its pattern.
    pub struct TwiceOp = "testpat.twice" {
        summary: "x + x (test only)",
        operands: [input],
        results: [result],
        attrs: [],
        traits: traits::PURE,
        verify: None,
        fold: None,
        canonicalize: Some(expand_twice),
    }
}

fn expand_twice(body: &mut Body, op: OpId) -> bool {
    let x = TwiceOp(op).input(body);
    let ty = body.ty(TwiceOp(op).result(body)).clone();
    let spec = OpSpec::new(AddOp::def(), Location::Unknown)
        .operands(&[x, x])
        .results(&[ty]);
    let add = body.insert_before(op, spec);
    let v = body.op(add).result(0);
    body.replace_op(op, &[v]);
    true
}

#[test]
fn ops_created_by_patterns_are_folded_in_the_same_iteration() {
    let ty = t(&[2], Scalar::I32);
    let mut f = func("f", [], [ty.clone()]);
    let two = constant(&mut f, &ty, &[2.0]);
    let y = op::<TwiceOp>(&mut f, &[two], [ty.clone()]).unwrap();
    ret(&mut f, &[y]);
    let stats = canonicalize_function(&mut f, &CanonicalizeConfig::default());
    assert_eq!(
        dump(&f),
        [
            "%0 = nn.constant {value = dense<4> : tensor<2xi32>} : tensor<2xi32>",
            "func.return %0"
        ]
    );
    assert_eq!(
        (
            stats.pattern_rewrites,
            stats.folds,
            stats.iterations,
            stats.converged
        ),
        (1, 1, 2, true)
    );
}
