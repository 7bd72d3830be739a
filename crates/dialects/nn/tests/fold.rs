//! Folder and canonicalization-hook tests of the `nn` ops, with exact values.

mod support;

use neuron_ir::registry::OpView;
use neuron_ir::{Attribute, DenseElements, Scalar, Type};
use neuron_nn::{AddOp, ConstantOp, MulOp, NegOp, ReluOp, ReshapeOp, SubOp, TransposeOp};
use std::sync::Arc;
use support::{add_op, constant, fold, folded_raw, folded_value, folded_values, func, res, t};

const F32: Scalar = Scalar::F32;

#[test]
fn add_of_constants_broadcasts() {
    let mut f = func(&[]);
    let a = constant(&mut f, &t(&[2, 1], F32), &[1.0, 2.0]);
    let b = constant(&mut f, &t(&[3], F32), &[10.0, 20.0, 30.0]);
    let op = add_op::<AddOp>(&mut f, &[a, b], &[t(&[2, 3], F32)], &[]);
    let (values, ty) = folded_values(fold(&f, op));
    assert_eq!(values, [11.0, 21.0, 31.0, 12.0, 22.0, 32.0]);
    assert_eq!(ty, t(&[2, 3], F32));
}

#[test]
fn sub_and_mul_of_constants() {
    let mut f = func(&[]);
    let a = constant(&mut f, &t(&[3], F32), &[1.5, -2.0, 0.25]);
    let b = constant(&mut f, &t(&[3], F32), &[0.5, 3.0, 4.0]);
    let sub = add_op::<SubOp>(&mut f, &[a, b], &[t(&[3], F32)], &[]);
    let mul = add_op::<MulOp>(&mut f, &[a, b], &[t(&[3], F32)], &[]);
    assert_eq!(folded_values(fold(&f, sub)).0, [1.0, -5.0, -3.75]);
    assert_eq!(folded_values(fold(&f, mul)).0, [0.75, -6.0, 1.0]);
}

#[test]
fn float_folding_rounds_once_to_the_element_type() {
    let mut f = func(&[]);
    let ty = t(&[3], Scalar::F16);
    let a = constant(&mut f, &ty, &[2048.0, 65504.0, 1.0]);
    let b = constant(&mut f, &ty, &[1.0, 65504.0, 0.000_488_281_25]);
    let op = add_op::<AddOp>(&mut f, &[a, b], [ty.clone()], &[]);
    // 2049 ties to even 2048; 2·65504 overflows to +Inf; 1 + 2^-11 ties to 1.
    assert_eq!(folded_raw(fold(&f, op)), [0x6800, 0x7C00, 0x3C00]);
}

#[test]
fn nan_and_inf_follow_ieee() {
    let mut f = func(&[]);
    let ty = t(&[3], F32);
    let a = constant(&mut f, &ty, &[f64::NAN, f64::INFINITY, f64::INFINITY]);
    let b = constant(&mut f, &ty, &[1.0, f64::INFINITY, 1.0]);
    let sub = add_op::<SubOp>(&mut f, &[a, b], [ty.clone()], &[]);
    let (values, _) = folded_values(fold(&f, sub));
    assert!(values[0].is_nan() && values[1].is_nan());
    assert_eq!(values[2], f64::INFINITY);
}

#[test]
fn integer_folding_wraps() {
    let mut f = func(&[]);
    let ty = t(&[2], Scalar::I8);
    let a = constant(&mut f, &ty, &[127.0, -128.0]);
    let b = constant(&mut f, &ty, &[1.0, 2.0]);
    let add = add_op::<AddOp>(&mut f, &[a, b], [ty.clone()], &[]);
    let mul = add_op::<MulOp>(&mut f, &[a, b], [ty.clone()], &[]);
    assert_eq!(folded_values(fold(&f, add)).0, [-128.0, -126.0]);
    assert_eq!(folded_values(fold(&f, mul)).0, [127.0, 0.0]);
}

#[test]
fn splats_fold_at_any_size_full_constants_only_when_small() {
    let mut f = func(&[]);
    let big = t(&[64, 64], F32);
    let a = constant(&mut f, &big, &[2.0]);
    let b = constant(&mut f, &big, &[3.0]);
    let splat = add_op::<MulOp>(&mut f, &[a, b], [big.clone()], &[]);
    assert_eq!(folded_values(fold(&f, splat)), (vec![6.0], big.clone()));
    let values: Vec<f64> = (0..4096).map(f64::from).collect();
    let c = constant(&mut f, &big, &values);
    let full = add_op::<AddOp>(&mut f, &[c, b], [big.clone()], &[]);
    assert!(fold(&f, full).is_none());
}

#[test]
fn uniform_results_collapse_to_splats() {
    let mut f = func(&[]);
    let ty = t(&[2], F32);
    let a = constant(&mut f, &ty, &[1.0, 2.0]);
    let b = constant(&mut f, &ty, &[3.0, 2.0]);
    let op = add_op::<AddOp>(&mut f, &[a, b], [ty.clone()], &[]);
    match fold(&f, op) {
        Some(neuron_ir::registry::FoldResult::Constant(Attribute::Dense(d))) => {
            assert!(d.is_splat());
            assert_eq!(d.get_f64(1), 4.0);
        }
        other => panic!("expected a splat, got {other:?}"),
    }
}

#[test]
fn adding_zero_of_either_sign_folds_when_types_match() {
    let ty = t(&[3], F32);
    let mut f = func([ty.clone()]);
    let x = f.body.args()[0];
    let neg_zero = constant(&mut f, &ty, &[-0.0]);
    let pos_zero = constant(&mut f, &ty, &[0.0]);
    let wide_zero = constant(&mut f, &t(&[2, 3], F32), &[0.0]);
    let mixed = constant(&mut f, &ty, &[0.0, 0.0, 1.0]);
    let a = add_op::<AddOp>(&mut f, &[x, neg_zero], [ty.clone()], &[]);
    let b = add_op::<AddOp>(&mut f, &[pos_zero, x], [ty.clone()], &[]);
    let c = add_op::<AddOp>(&mut f, &[x, wide_zero], [t(&[2, 3], F32)], &[]);
    let d = add_op::<AddOp>(&mut f, &[x, mixed], [ty.clone()], &[]);
    assert_eq!(folded_value(fold(&f, a)), x);
    assert_eq!(folded_value(fold(&f, b)), x);
    assert!(fold(&f, c).is_none(), "broadcasting changes the type");
    assert!(fold(&f, d).is_none());
}

#[test]
fn integer_identities() {
    let ty = t(&[4], Scalar::I32);
    let mut f = func([ty.clone()]);
    let x = f.body.args()[0];
    let zero = constant(&mut f, &ty, &[0.0]);
    let one = constant(&mut f, &ty, &[1.0]);
    let add = add_op::<AddOp>(&mut f, &[zero, x], [ty.clone()], &[]);
    let sub = add_op::<SubOp>(&mut f, &[x, zero], [ty.clone()], &[]);
    let mul = add_op::<MulOp>(&mut f, &[one, x], [ty.clone()], &[]);
    let self_sub = add_op::<SubOp>(&mut f, &[x, x], [ty.clone()], &[]);
    let times_zero = add_op::<MulOp>(&mut f, &[x, zero], [ty.clone()], &[]);
    assert_eq!(folded_value(fold(&f, add)), x);
    assert_eq!(folded_value(fold(&f, sub)), x);
    assert_eq!(folded_value(fold(&f, mul)), x);
    assert_eq!(folded_values(fold(&f, self_sub)), (vec![0.0], ty.clone()));
    assert_eq!(folded_values(fold(&f, times_zero)), (vec![0.0], ty.clone()));
}

#[test]
fn float_identities_never_change_nan_or_inf() {
    let ty = t(&[4], F32);
    let mut f = func([ty.clone()]);
    let x = f.body.args()[0];
    let zero = constant(&mut f, &ty, &[0.0]);
    let neg_zero = constant(&mut f, &ty, &[-0.0]);
    let one = constant(&mut f, &ty, &[1.0]);
    let sub_zero = add_op::<SubOp>(&mut f, &[x, zero], [ty.clone()], &[]);
    let sub_neg_zero = add_op::<SubOp>(&mut f, &[x, neg_zero], [ty.clone()], &[]);
    let self_sub = add_op::<SubOp>(&mut f, &[x, x], [ty.clone()], &[]);
    let times_zero = add_op::<MulOp>(&mut f, &[x, zero], [ty.clone()], &[]);
    let times_one = add_op::<MulOp>(&mut f, &[x, one], [ty.clone()], &[]);
    assert_eq!(folded_value(fold(&f, sub_zero)), x);
    assert_eq!(folded_value(fold(&f, sub_neg_zero)), x);
    assert!(fold(&f, self_sub).is_none(), "Inf - Inf is NaN");
    assert!(fold(&f, times_zero).is_none(), "NaN * 0 is NaN");
    assert_eq!(folded_value(fold(&f, times_one)), x);
}

#[test]
fn neg_folds() {
    let ty = t(&[4], F32);
    let mut f = func([ty.clone()]);
    let x = f.body.args()[0];
    let c = constant(&mut f, &ty, &[0.0, -1.5, f64::INFINITY, f64::NAN]);
    let n = add_op::<NegOp>(&mut f, &[c], [ty.clone()], &[]);
    assert_eq!(
        folded_raw(fold(&f, n)),
        [0x8000_0000, 0x3FC0_0000, 0xFF80_0000, 0xFFC0_0000]
    );
    let inner = add_op::<NegOp>(&mut f, &[x], [ty.clone()], &[]);
    let inner_v = res(&f, inner);
    let outer = add_op::<NegOp>(&mut f, &[inner_v], [ty.clone()], &[]);
    assert!(fold(&f, inner).is_none());
    assert_eq!(folded_value(fold(&f, outer)), x);
    let ity = t(&[2], Scalar::I8);
    let ic = constant(&mut f, &ity, &[-128.0, 5.0]);
    let ineg = add_op::<NegOp>(&mut f, &[ic], [ity.clone()], &[]);
    assert_eq!(folded_values(fold(&f, ineg)).0, [-128.0, -5.0]);
}

#[test]
fn relu_folds() {
    let ty = t(&[5], F32);
    let mut f = func([ty.clone()]);
    let x = f.body.args()[0];
    let c = constant(&mut f, &ty, &[-1.0, -0.0, 2.5, f64::NAN, f64::NEG_INFINITY]);
    let r = add_op::<ReluOp>(&mut f, &[c], [ty.clone()], &[]);
    assert_eq!(folded_raw(fold(&f, r)), [0, 0, 0x4020_0000, 0x7FC0_0000, 0]);
    let inner = add_op::<ReluOp>(&mut f, &[x], [ty.clone()], &[]);
    let inner_v = res(&f, inner);
    let outer = add_op::<ReluOp>(&mut f, &[inner_v], [ty.clone()], &[]);
    assert_eq!(folded_value(fold(&f, outer)), res(&f, inner));
}

fn perm(p: &[i64]) -> [(&'static str, Attribute); 1] {
    [("perm", Attribute::i64_array(p))]
}

#[test]
fn transpose_identity_and_inverse_pairs_fold() {
    let ty = t(&[2, 3, 4], F32);
    let mut f = func([ty.clone()]);
    let x = f.body.args()[0];
    let id = add_op::<TransposeOp>(&mut f, &[x], [ty.clone()], &perm(&[0, 1, 2]));
    let a = add_op::<TransposeOp>(&mut f, &[x], &[t(&[3, 4, 2], F32)], &perm(&[1, 2, 0]));
    let a_v = res(&f, a);
    let b = add_op::<TransposeOp>(&mut f, &[a_v], [ty.clone()], &perm(&[2, 0, 1]));
    assert_eq!(folded_value(fold(&f, id)), x);
    assert_eq!(folded_value(fold(&f, b)), x);
}

#[test]
fn transpose_of_transpose_composes_in_place() {
    let ty = t(&[2, 3, 4], F32);
    let mut f = func([ty.clone()]);
    let x = f.body.args()[0];
    let a = add_op::<TransposeOp>(&mut f, &[x], &[t(&[3, 2, 4], F32)], &perm(&[1, 0, 2]));
    let a_v = res(&f, a);
    let b = add_op::<TransposeOp>(&mut f, &[a_v], &[t(&[3, 4, 2], F32)], &perm(&[0, 2, 1]));
    assert!(fold(&f, b).is_none());
    let canon = TransposeOp::def().canonicalize.expect("has patterns");
    assert!(canon(&mut f.body, b));
    assert_eq!(f.body.op(b).operands(), [x]);
    assert_eq!(TransposeOp(b).perm(&f.body), Some(vec![1, 2, 0]));
    assert!(f.body.value(res(&f, a)).uses().is_empty());
    assert_eq!(support::verify(&f, b), Ok(()));
    assert!(!canon(&mut f.body, b), "nothing left to rewrite");
}

#[test]
fn transpose_of_constants() {
    let mut f = func(&[]);
    let c = constant(&mut f, &t(&[2, 3], F32), &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let tr = add_op::<TransposeOp>(&mut f, &[c], &[t(&[3, 2], F32)], &perm(&[1, 0]));
    let (values, ty) = folded_values(fold(&f, tr));
    assert_eq!(values, [1.0, 4.0, 2.0, 5.0, 3.0, 6.0]);
    assert_eq!(ty, t(&[3, 2], F32));
    let s = constant(&mut f, &t(&[2, 3], F32), &[7.0]);
    let ts = add_op::<TransposeOp>(&mut f, &[s], &[t(&[3, 2], F32)], &perm(&[1, 0]));
    assert_eq!(folded_values(fold(&f, ts)), (vec![7.0], t(&[3, 2], F32)));
}

#[test]
fn reshape_folds_and_composes() {
    let ty = t(&[2, 3], F32);
    let mut f = func([ty.clone()]);
    let x = f.body.args()[0];
    let same = add_op::<ReshapeOp>(&mut f, &[x], [ty.clone()], &[]);
    let flat = add_op::<ReshapeOp>(&mut f, &[x], &[t(&[6], F32)], &[]);
    let flat_v = res(&f, flat);
    let back = add_op::<ReshapeOp>(&mut f, &[flat_v], [ty.clone()], &[]);
    let flat_v = res(&f, flat);
    let other = add_op::<ReshapeOp>(&mut f, &[flat_v], &[t(&[3, 2], F32)], &[]);
    assert_eq!(folded_value(fold(&f, same)), x);
    assert_eq!(folded_value(fold(&f, back)), x);
    assert!(fold(&f, other).is_none());
    let canon = ReshapeOp::def().canonicalize.expect("has patterns");
    assert!(canon(&mut f.body, other));
    assert_eq!(f.body.op(other).operands(), [x]);
    assert_eq!(support::verify(&f, other), Ok(()));
}

#[test]
fn reshape_of_a_constant_keeps_the_data() {
    let mut f = func(&[]);
    let c = constant(&mut f, &t(&[2, 3], F32), &[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]);
    let r = add_op::<ReshapeOp>(&mut f, &[c], &[t(&[3, 2], F32)], &[]);
    assert_eq!(
        folded_values(fold(&f, r)),
        (vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0], t(&[3, 2], F32))
    );
}

#[test]
fn constant_folds_to_its_value_and_materializes() {
    let ty = t(&[2], F32);
    let mut f = func(&[]);
    let c = constant(&mut f, &ty, &[1.0, 2.0]);
    let op = f.body.defining_op(c).expect("an op");
    let attr = f.body.op(op).attr("value").cloned().expect("value");
    match fold(&f, op) {
        Some(neuron_ir::registry::FoldResult::Constant(a)) => assert_eq!(a, attr),
        other => panic!("expected the constant, got {other:?}"),
    }
    let materialize = neuron_ir::registry::dialect("nn")
        .and_then(|d| d.materialize_constant)
        .expect("materializer");
    let v = materialize(&mut f.body, &attr, &ty, Default::default(), op).expect("built");
    let new = f.body.defining_op(v).expect("an op");
    assert!(ConstantOp::cast(&f.body, new).is_some());
    assert_eq!(f.body.first_op(), Some(new), "inserted before the anchor");
    let splat = materialize(
        &mut f.body,
        &Attribute::float(0.5, F32),
        &ty,
        Default::default(),
        op,
    )
    .expect("scalar attributes become splats");
    let d = ConstantOp(f.body.defining_op(splat).expect("op"))
        .value(&f.body)
        .expect("dense");
    assert!(d.is_splat() && d.get_f64(1) == 0.5);
    let bad = Attribute::Dense(Arc::new(
        DenseElements::from_f64(
            Arc::new(t(&[3], F32).as_tensor().cloned().expect("t")),
            &[1.0],
        )
        .expect("dense"),
    ));
    assert!(materialize(&mut f.body, &bad, &ty, Default::default(), op).is_none());
    assert!(materialize(
        &mut f.body,
        &attr,
        &Type::Scalar(F32),
        Default::default(),
        op
    )
    .is_none());
}
