//! Verifier tests of the `nn` ops: valid ops pass, each broken rule gets its exact message.

mod support;

use neuron_ir::{Attribute, Scalar};
use neuron_nn::TransposeOp;
use neuron_nn::{AddOp, CastOp, ConstantOp, MatMulOp, MulOp, NegOp, ReluOp, ReshapeOp, SubOp};
use support::{add_op, dense, func, t, verify};

const F32: Scalar = Scalar::F32;

#[test]
fn constant_type_must_match_value() {
    let ty = t(&[2], F32);
    let mut f = func(&[]);
    let ok = add_op::<ConstantOp>(
        &mut f,
        &[],
        [ty.clone()],
        &[("value", dense(&ty, &[1.0, 2.0]))],
    );
    let bad = add_op::<ConstantOp>(
        &mut f,
        &[],
        &[t(&[3], F32)],
        &[("value", dense(&ty, &[1.0]))],
    );
    let missing = add_op::<ConstantOp>(&mut f, &[], [ty.clone()], &[]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(
        verify(&f, bad).unwrap_err(),
        "'nn.constant' op result type tensor<3xf32> does not match the type tensor<2xf32> of its 'value' attribute"
    );
    assert_eq!(
        verify(&f, missing).unwrap_err(),
        "'nn.constant' op requires attribute 'value'"
    );
}

#[test]
fn binary_broadcasting() {
    let mut f = func(&[
        t(&[2, 1, 3], F32),
        t(&[4, 1], F32),
        t(&[5, 3], F32),
        t(&[3], Scalar::F16),
    ]);
    let a = f.body.args().to_vec();
    let ok = add_op::<AddOp>(&mut f, &[a[0], a[1]], &[t(&[2, 4, 3], F32)], &[]);
    let incompatible = add_op::<SubOp>(&mut f, &[a[1], a[2]], &[t(&[5, 3], F32)], &[]);
    let wrong_shape = add_op::<MulOp>(&mut f, &[a[0], a[1]], &[t(&[2, 1, 3], F32)], &[]);
    let mixed = add_op::<AddOp>(&mut f, &[a[2], a[3]], &[t(&[5, 3], F32)], &[]);
    let wrong_elem = add_op::<AddOp>(&mut f, &[a[2], a[2]], &[t(&[5, 3], Scalar::F16)], &[]);
    let scalar = add_op::<AddOp>(&mut f, &[a[2], a[2]], &[F32.into()], &[]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(
        verify(&f, incompatible).unwrap_err(),
        "'nn.sub' op operand shapes [4, 1] and [5, 3] are not broadcast-compatible"
    );
    assert_eq!(
        verify(&f, wrong_shape).unwrap_err(),
        "'nn.mul' op result shape [2, 1, 3] does not match the broadcast shape [2, 4, 3] of the operands"
    );
    assert_eq!(
        verify(&f, mixed).unwrap_err(),
        "'nn.add' op operand element types differ: f32 vs f16"
    );
    assert_eq!(
        verify(&f, wrong_elem).unwrap_err(),
        "'nn.add' op result element type f16 does not match operand element type f32"
    );
    assert_eq!(
        verify(&f, scalar).unwrap_err(),
        "'nn.add' op result #0 must be a tensor, but got f32"
    );
}

#[test]
fn broadcast_shapes_follow_numpy() {
    use neuron_nn::elementwise::broadcast_shapes;
    assert_eq!(broadcast_shapes(&[2, 1, 3], &[4, 1]), Some(vec![2, 4, 3]));
    assert_eq!(broadcast_shapes(&[], &[3]), Some(vec![3]));
    assert_eq!(broadcast_shapes(&[0], &[1]), Some(vec![0]));
    assert_eq!(broadcast_shapes(&[2], &[3]), None);
}

#[test]
fn unary_ops_keep_their_type() {
    let mut f = func(&[t(&[2], F32), F32.into()]);
    let a = f.body.args().to_vec();
    let ok = add_op::<NegOp>(&mut f, &[a[0]], &[t(&[2], F32)], &[]);
    let bad = add_op::<ReluOp>(&mut f, &[a[0]], &[t(&[3], F32)], &[]);
    let scalar = add_op::<ReluOp>(&mut f, &[a[1]], &[F32.into()], &[]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(
        verify(&f, bad).unwrap_err(),
        "'nn.relu' op requires the same type for all operands and results"
    );
    assert_eq!(
        verify(&f, scalar).unwrap_err(),
        "'nn.relu' op operand #0 must be a tensor, but got f32"
    );
}

#[test]
fn transpose_perm_and_shape() {
    let mut f = func(&[t(&[2, 3], F32)]);
    let x = f.body.args()[0];
    let perm = |p: &[i64]| [("perm", Attribute::i64_array(p))];
    let ok = add_op::<TransposeOp>(&mut f, &[x], &[t(&[3, 2], F32)], &perm(&[1, 0]));
    let dup = add_op::<TransposeOp>(&mut f, &[x], &[t(&[2, 2], F32)], &perm(&[0, 0]));
    let short = add_op::<TransposeOp>(&mut f, &[x], &[t(&[2], F32)], &perm(&[0]));
    let range = add_op::<TransposeOp>(&mut f, &[x], &[t(&[3, 2], F32)], &perm(&[1, 2]));
    let shape = add_op::<TransposeOp>(&mut f, &[x], &[t(&[2, 3], F32)], &perm(&[1, 0]));
    let missing = add_op::<TransposeOp>(&mut f, &[x], &[t(&[2, 3], F32)], &[]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(
        verify(&f, dup).unwrap_err(),
        "'nn.transpose' op perm [0, 0] is not a permutation of 0..2"
    );
    assert_eq!(
        verify(&f, short).unwrap_err(),
        "'nn.transpose' op perm [0] is not a permutation of 0..2"
    );
    assert_eq!(
        verify(&f, range).unwrap_err(),
        "'nn.transpose' op perm [1, 2] is not a permutation of 0..2"
    );
    assert_eq!(
        verify(&f, shape).unwrap_err(),
        "'nn.transpose' op result shape [2, 3] does not match the operand shape [2, 3] permuted by [1, 0] (expected [3, 2])"
    );
    assert_eq!(
        verify(&f, missing).unwrap_err(),
        "'nn.transpose' op requires attribute 'perm'"
    );
}

#[test]
fn verify_func_prefixes_the_op_name() {
    let mut f = func(&[t(&[2, 3], F32)]);
    let x = f.body.args()[0];
    add_op::<TransposeOp>(
        &mut f,
        &[x],
        &[t(&[2, 2], F32)],
        &[("perm", Attribute::i64_array(&[0, 0]))],
    );
    add_op::<neuron_ir::builtin::ReturnOp>(&mut f, &[], &[], &[]);
    let mut errs = vec![];
    neuron_ir::verifier::verify_func(&f, Default::default(), &mut errs);
    let msgs: Vec<_> = errs.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        msgs,
        ["'nn.transpose' op perm [0, 0] is not a permutation of 0..2"]
    );
}

#[test]
fn reshape_keeps_element_count() {
    let mut f = func(&[t(&[2, 3], F32)]);
    let x = f.body.args()[0];
    let ok = add_op::<ReshapeOp>(&mut f, &[x], &[t(&[6], F32)], &[]);
    let scalar_ok = add_op::<ReshapeOp>(&mut f, &[x], &[t(&[3, 1, 2], F32)], &[]);
    let bad = add_op::<ReshapeOp>(&mut f, &[x], &[t(&[2, 4], F32)], &[]);
    let elem = add_op::<ReshapeOp>(&mut f, &[x], &[t(&[6], Scalar::I32)], &[]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(verify(&f, scalar_ok), Ok(()));
    assert_eq!(
        verify(&f, bad).unwrap_err(),
        "'nn.reshape' op operand shape [2, 3] (6 elements) and result shape [2, 4] (8 elements) differ in element count"
    );
    assert_eq!(
        verify(&f, elem).unwrap_err(),
        "'nn.reshape' op result element type i32 does not match operand element type f32"
    );
}

#[test]
fn matmul_shapes_follow_onnx() {
    use neuron_nn::matmul::matmul_shape;
    assert_eq!(matmul_shape(&[2, 3], &[3, 4]), Ok(vec![2, 4]));
    assert_eq!(matmul_shape(&[3], &[3]), Ok(vec![]));
    assert_eq!(matmul_shape(&[3], &[5, 3, 4]), Ok(vec![5, 4]));
    assert_eq!(matmul_shape(&[5, 2, 3], &[3]), Ok(vec![5, 2]));
    assert_eq!(
        matmul_shape(&[7, 1, 2, 3], &[6, 3, 4]),
        Ok(vec![7, 6, 2, 4])
    );
    assert_eq!(
        matmul_shape(&[2, 3], &[4, 5]).unwrap_err(),
        "contracting dimensions differ: lhs dimension 1 has size 3, rhs dimension 0 has size 4"
    );
    assert_eq!(
        matmul_shape(&[2, 2, 3], &[4, 3, 5]).unwrap_err(),
        "batch dimensions [2] and [4] are not broadcast-compatible"
    );
    assert_eq!(
        matmul_shape(&[], &[3]).unwrap_err(),
        "operand #0 must have rank >= 1, but has rank 0"
    );
}

#[test]
fn matmul_verifier() {
    let mut f = func(&[
        t(&[4, 2, 3], F32),
        t(&[3, 5], F32),
        t(&[3], F32),
        t(&[3, 5], Scalar::BF16),
    ]);
    let a = f.body.args().to_vec();
    let ok = add_op::<MatMulOp>(&mut f, &[a[0], a[1]], &[t(&[4, 2, 5], F32)], &[]);
    let dot = add_op::<MatMulOp>(&mut f, &[a[2], a[2]], &[t(&[], F32)], &[]);
    let bad = add_op::<MatMulOp>(&mut f, &[a[0], a[1]], &[t(&[2, 5], F32)], &[]);
    let mixed = add_op::<MatMulOp>(&mut f, &[a[0], a[3]], &[t(&[4, 2, 5], F32)], &[]);
    let k = add_op::<MatMulOp>(&mut f, &[a[1], a[1]], &[t(&[3, 5], F32)], &[]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(verify(&f, dot), Ok(()));
    assert_eq!(
        verify(&f, bad).unwrap_err(),
        "'nn.matmul' op result shape [2, 5] does not match the expected shape [4, 2, 5] for operand shapes [4, 2, 3] and [3, 5]"
    );
    assert_eq!(
        verify(&f, mixed).unwrap_err(),
        "'nn.matmul' op operand element types differ: f32 vs bf16"
    );
    assert_eq!(
        verify(&f, k).unwrap_err(),
        "'nn.matmul' op contracting dimensions differ: lhs dimension 1 has size 5, rhs dimension 0 has size 3"
    );
}

#[test]
fn cast_keeps_shape() {
    let mut f = func(&[t(&[2, 3], F32)]);
    let x = f.body.args()[0];
    let ok = add_op::<CastOp>(&mut f, &[x], &[t(&[2, 3], Scalar::I8)], &[]);
    let bad = add_op::<CastOp>(&mut f, &[x], &[t(&[3, 2], Scalar::BF16)], &[]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(
        verify(&f, bad).unwrap_err(),
        "'nn.cast' op result shape [3, 2] does not match operand shape [2, 3]"
    );
}

#[test]
fn dialect_is_registered_with_a_materializer() {
    neuron_nn::link();
    let d = neuron_ir::registry::dialect("nn").expect("nn registered");
    assert!(d.materialize_constant.is_some());
    let names: Vec<_> = neuron_ir::registry::all_ops()
        .iter()
        .map(|d| d.name)
        .filter(|n| n.starts_with("nn."))
        .collect();
    assert_eq!(
        names,
        [
            "nn.abs",
            "nn.acos",
            "nn.acosh",
            "nn.add",
            "nn.and",
            "nn.argmax",
            "nn.argmin",
            "nn.asin",
            "nn.asinh",
            "nn.atan",
            "nn.atanh",
            "nn.avg_pool2d",
            "nn.batch_matmul",
            "nn.batch_norm",
            "nn.bit_shift",
            "nn.bitwise_and",
            "nn.bitwise_not",
            "nn.bitwise_or",
            "nn.bitwise_xor",
            "nn.cast",
            "nn.ceil",
            "nn.clip",
            "nn.concat",
            "nn.constant",
            "nn.conv2d",
            "nn.cos",
            "nn.cosh",
            "nn.cumprod",
            "nn.cumsum",
            "nn.div",
            "nn.equal",
            "nn.erf",
            "nn.exp",
            "nn.expand",
            "nn.flatten",
            "nn.floor",
            "nn.gather",
            "nn.gather_elements",
            "nn.gelu",
            "nn.gemm",
            "nn.global_avg_pool",
            "nn.greater",
            "nn.greater_equal",
            "nn.is_inf",
            "nn.is_nan",
            "nn.layer_norm",
            "nn.leaky_relu",
            "nn.less",
            "nn.less_equal",
            "nn.log",
            "nn.log_softmax",
            "nn.matmul",
            "nn.max",
            "nn.max_pool2d",
            "nn.min",
            "nn.mod",
            "nn.mul",
            "nn.neg",
            "nn.not",
            "nn.or",
            "nn.pad",
            "nn.pow",
            "nn.reciprocal",
            "nn.reduce_max",
            "nn.reduce_mean",
            "nn.reduce_min",
            "nn.reduce_prod",
            "nn.reduce_sum",
            "nn.relu",
            "nn.reshape",
            "nn.round",
            "nn.rsqrt",
            "nn.scatter_elements",
            "nn.scatter_nd",
            "nn.sigmoid",
            "nn.sign",
            "nn.sin",
            "nn.sinh",
            "nn.slice",
            "nn.softmax",
            "nn.sqrt",
            "nn.squeeze",
            "nn.sub",
            "nn.tan",
            "nn.tanh",
            "nn.topk",
            "nn.topk_indices",
            "nn.transpose",
            "nn.unsqueeze",
            "nn.where",
            "nn.xor",
        ]
    );
}
