//! Verifier tests of the `nn` ops beyond the seed set: each op accepts a valid instance and
//! reports each broken rule with its exact message; optional attributes read their defaults.

mod support;

use neuron_ir::registry::{traits, OpView};
use neuron_ir::{Attribute, Func, OpId, Scalar, Type, ValueId};
use neuron_nn::*;
use support::{add_op, func, t, verify};

const F32: Scalar = Scalar::F32;

/// `tensor<shape x f32>`.
fn f32t(shape: &[i64]) -> Type {
    t(shape, F32)
}

fn i64a(v: &[i64]) -> Attribute {
    Attribute::i64_array(v)
}

fn int(v: i64) -> Attribute {
    Attribute::Integer(v, Scalar::I64)
}

fn flt(v: f64) -> Attribute {
    Attribute::float(v, F32)
}

/// A function with arguments of `types`, and its argument values.
fn setup(types: &[Type]) -> (Func, Vec<ValueId>) {
    let f = func(types);
    let args = f.body.args().to_vec();
    (f, args)
}

/// The verifier message of `op` (panics if it verifies).
fn msg(f: &Func, op: OpId) -> String {
    verify(f, op).unwrap_err()
}

#[test]
fn traits_follow_the_contract() {
    let commutative = [
        AddOp::def(),
        MulOp::def(),
        MaxOp::def(),
        MinOp::def(),
        EqualOp::def(),
    ];
    for d in neuron_ir::registry::all_ops() {
        if !d.name.starts_with("nn.") {
            continue;
        }
        assert!(d.has_trait(traits::PURE), "{} is pure", d.name);
        let comm = commutative.iter().any(|c| c.name == d.name);
        assert_eq!(d.has_trait(traits::COMMUTATIVE), comm, "{}", d.name);
    }
    for d in [
        DivOp::def(),
        ExpOp::def(),
        GeluOp::def(),
        WhereOp::def(),
        LessOp::def(),
        ClipOp::def(),
    ] {
        assert!(d.has_trait(traits::ELEMENTWISE), "{}", d.name);
    }
    for d in [
        SoftmaxOp::def(),
        Conv2dOp::def(),
        SliceOp::def(),
        ExpandOp::def(),
    ] {
        assert!(!d.has_trait(traits::ELEMENTWISE), "{}", d.name);
    }
}

#[test]
fn math_binary_ops() {
    let (mut f, a) = setup(&[f32t(&[2, 1]), f32t(&[3]), t(&[3], Scalar::I32), f32t(&[2])]);
    let ok = add_op::<DivOp>(&mut f, &[a[0], a[1]], [f32t(&[2, 3])], &[]);
    let ok2 = add_op::<MaxOp>(&mut f, &[a[1], a[1]], [f32t(&[3])], &[]);
    let ints = add_op::<PowOp>(&mut f, &[a[2], a[2]], [t(&[3], Scalar::I32)], &[]);
    let shape = add_op::<MinOp>(&mut f, &[a[0], a[1]], [f32t(&[3])], &[]);
    let incompatible = add_op::<DivOp>(&mut f, &[a[1], a[3]], [f32t(&[3])], &[]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(verify(&f, ok2), Ok(()));
    assert_eq!(verify(&f, ints), Ok(()), "integer operands are allowed");
    assert_eq!(
        msg(&f, shape),
        "'nn.min' op result shape [3] does not match the broadcast shape [2, 3] of the operands"
    );
    assert_eq!(
        msg(&f, incompatible),
        "'nn.div' op operand shapes [3] and [2] are not broadcast-compatible"
    );
}

#[test]
fn float_unary_ops() {
    let (mut f, a) = setup(&[f32t(&[2]), t(&[2], Scalar::I8), t(&[2], Scalar::BF16)]);
    let ok = add_op::<ExpOp>(&mut f, &[a[0]], [f32t(&[2])], &[]);
    let narrow = add_op::<RsqrtOp>(&mut f, &[a[2]], [t(&[2], Scalar::BF16)], &[]);
    let ints = add_op::<AbsOp>(&mut f, &[a[1]], [t(&[2], Scalar::I8)], &[]);
    let shape = add_op::<TanhOp>(&mut f, &[a[0]], [f32t(&[3])], &[]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(verify(&f, narrow), Ok(()));
    assert_eq!(
        msg(&f, ints),
        "'nn.abs' op requires a float element type, but got i8"
    );
    assert_eq!(
        msg(&f, shape),
        "'nn.tanh' op requires the same type for all operands and results"
    );
    for def in [
        LogOp::def(),
        SqrtOp::def(),
        ReciprocalOp::def(),
        SigmoidOp::def(),
        ErfOp::def(),
    ] {
        let op = f.body.append(
            neuron_ir::OpSpec::new(def, neuron_ir::Location::Unknown)
                .operands(&[a[0]])
                .results(&[f32t(&[2])]),
        );
        assert_eq!(verify(&f, op), Ok(()), "{}", def.name);
    }
}

#[test]
fn activations_and_their_defaults() {
    let (mut f, a) = setup(&[f32t(&[4])]);
    let x = a[0];
    let ty = [f32t(&[4])];
    let leaky = add_op::<LeakyReluOp>(&mut f, &[x], ty.clone(), &[]);
    let leaky2 = add_op::<LeakyReluOp>(&mut f, &[x], ty.clone(), &[("alpha", flt(0.5))]);
    let clip = add_op::<ClipOp>(&mut f, &[x], ty.clone(), &[("min", flt(0.0))]);
    let clip_bad = add_op::<ClipOp>(
        &mut f,
        &[x],
        ty.clone(),
        &[("min", flt(2.0)), ("max", flt(1.0))],
    );
    let clip_nan = add_op::<ClipOp>(&mut f, &[x], ty.clone(), &[("max", flt(f64::NAN))]);
    let gelu = add_op::<GeluOp>(&mut f, &[x], ty.clone(), &[]);
    let gelu_tanh = add_op::<GeluOp>(
        &mut f,
        &[x],
        ty.clone(),
        &[("approximate", Attribute::string("tanh"))],
    );
    let gelu_bad = add_op::<GeluOp>(
        &mut f,
        &[x],
        ty.clone(),
        &[("approximate", Attribute::string("erf"))],
    );
    let alpha_int = add_op::<LeakyReluOp>(&mut f, &[x], ty, &[("alpha", int(1))]);
    for op in [leaky, leaky2, clip, gelu, gelu_tanh] {
        assert_eq!(verify(&f, op), Ok(()));
    }
    let b = &f.body;
    assert_eq!(LeakyReluOp(leaky).alpha_or_default(b), 0.01);
    assert_eq!(LeakyReluOp(leaky2).alpha_or_default(b), 0.5);
    assert_eq!(ClipOp(clip).min_or_default(b), 0.0);
    assert_eq!(ClipOp(clip).max_or_default(b), f64::INFINITY);
    assert_eq!(ClipOp(clip_nan).min_or_default(b), f64::NEG_INFINITY);
    assert!(!GeluOp(gelu).approximate_tanh(b));
    assert_eq!(&*GeluOp(gelu).approximate_or_default(b), "none");
    assert!(GeluOp(gelu_tanh).approximate_tanh(b));
    assert_eq!(
        msg(&f, clip_bad),
        "'nn.clip' op min 2 is greater than max 1"
    );
    assert_eq!(
        msg(&f, clip_nan),
        "'nn.clip' op min and max must not be NaN"
    );
    assert_eq!(
        msg(&f, gelu_bad),
        "'nn.gelu' op approximate must be \"none\" or \"tanh\", but got \"erf\""
    );
    assert_eq!(
        msg(&f, alpha_int),
        "'nn.leaky_relu' op attribute 'alpha' failed to satisfy constraint: a float attribute"
    );
}

#[test]
fn comparisons_give_i1() {
    let i1 = Scalar::I1;
    let (mut f, a) = setup(&[f32t(&[2, 1]), f32t(&[3]), t(&[3], Scalar::I32)]);
    let ok = add_op::<LessOp>(&mut f, &[a[0], a[1]], [t(&[2, 3], i1)], &[]);
    let ints = add_op::<EqualOp>(&mut f, &[a[2], a[2]], [t(&[3], i1)], &[]);
    let not_i1 = add_op::<GreaterOp>(&mut f, &[a[1], a[1]], [f32t(&[3])], &[]);
    let mixed = add_op::<LessEqualOp>(&mut f, &[a[1], a[2]], [t(&[3], i1)], &[]);
    let shape = add_op::<GreaterEqualOp>(&mut f, &[a[0], a[1]], [t(&[3], i1)], &[]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(verify(&f, ints), Ok(()));
    assert_eq!(
        msg(&f, not_i1),
        "'nn.greater' op result element type must be i1, but got f32"
    );
    assert_eq!(
        msg(&f, mixed),
        "'nn.less_equal' op operand element types differ: f32 vs i32"
    );
    assert_eq!(
        msg(&f, shape),
        "'nn.greater_equal' op result shape [3] does not match the inferred shape [2, 3]"
    );
}

#[test]
fn where_broadcasts_three_operands() {
    let (mut f, a) = setup(&[
        t(&[2, 1], Scalar::I1),
        f32t(&[3]),
        f32t(&[1]),
        f32t(&[2, 3]),
        t(&[3], Scalar::F16),
    ]);
    let ok = add_op::<WhereOp>(&mut f, &[a[0], a[1], a[2]], [f32t(&[2, 3])], &[]);
    let cond = add_op::<WhereOp>(&mut f, &[a[3], a[1], a[2]], [f32t(&[2, 3])], &[]);
    let mixed = add_op::<WhereOp>(&mut f, &[a[0], a[1], a[4]], [f32t(&[2, 3])], &[]);
    let shape = add_op::<WhereOp>(&mut f, &[a[0], a[1], a[2]], [f32t(&[3])], &[]);
    let elem = add_op::<WhereOp>(&mut f, &[a[0], a[1], a[2]], [t(&[2, 3], Scalar::F16)], &[]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(
        msg(&f, cond),
        "'nn.where' op condition element type must be i1, but got f32"
    );
    assert_eq!(
        msg(&f, mixed),
        "'nn.where' op x and y element types differ: f32 vs f16"
    );
    assert_eq!(
        msg(&f, shape),
        "'nn.where' op result shape [3] does not match the inferred shape [2, 3]"
    );
    assert_eq!(
        msg(&f, elem),
        "'nn.where' op result element type f16 does not match operand element type f32"
    );
}

#[test]
fn batch_matmul_and_gemm() {
    let (mut f, a) = setup(&[
        f32t(&[2, 3, 4]),
        f32t(&[2, 4, 5]),
        f32t(&[3, 2]),
        f32t(&[4, 3]),
        f32t(&[4]),
        f32t(&[3]),
    ]);
    let bmm = add_op::<BatchMatmulOp>(&mut f, &[a[0], a[1]], [f32t(&[2, 3, 5])], &[]);
    let bmm_bad = add_op::<BatchMatmulOp>(&mut f, &[a[0], a[1]], [f32t(&[3, 5])], &[]);
    let flags = [
        ("transA", Attribute::Bool(true)),
        ("transB", Attribute::Bool(true)),
        ("alpha", flt(0.5)),
    ];
    let gemm = add_op::<GemmOp>(&mut f, &[a[2], a[3], a[4]], [f32t(&[2, 4])], &flags);
    let plain = add_op::<GemmOp>(&mut f, &[a[3], a[2]], [f32t(&[4, 2])], &[]);
    let bad_c = add_op::<GemmOp>(&mut f, &[a[2], a[3], a[5]], [f32t(&[2, 4])], &flags);
    let four = add_op::<GemmOp>(&mut f, &[a[2], a[3], a[4], a[4]], [f32t(&[2, 4])], &flags);
    let k = add_op::<GemmOp>(&mut f, &[a[2], a[3]], [f32t(&[2, 4])], &[]);
    assert_eq!(verify(&f, bmm), Ok(()));
    assert_eq!(verify(&f, gemm), Ok(()));
    assert_eq!(verify(&f, plain), Ok(()));
    assert_eq!(
        msg(&f, bmm_bad),
        "'nn.batch_matmul' op result shape [3, 5] does not match the inferred shape [2, 3, 5]"
    );
    assert_eq!(
        msg(&f, bad_c),
        "'nn.gemm' op c shape [3] is not broadcastable to the product shape [2, 4]"
    );
    assert_eq!(
        msg(&f, four),
        "'nn.gemm' op requires at most 3 operands (a, b and an optional c), but found 4"
    );
    assert_eq!(
        msg(&f, k),
        "'nn.gemm' op inner dimensions differ: a [3, 2] (transA = false) gives K = 2, b [4, 3] (transB = false) gives K = 4"
    );
    let b = &f.body;
    let (g, p) = (GemmOp(gemm), GemmOp(plain));
    assert_eq!((g.alpha_or_default(b), g.beta_or_default(b)), (0.5, 1.0));
    assert!(g.trans_a_or_default(b) && g.trans_b_or_default(b));
    assert!(!p.trans_a_or_default(b) && !p.trans_b_or_default(b));
    assert_eq!((g.c_operand(b), p.c_operand(b)), (Some(a[4]), None));
}

#[test]
fn conv2d_verifier_and_defaults() {
    let (mut f, a) = setup(&[
        f32t(&[1, 4, 8, 8]),
        f32t(&[6, 2, 3, 3]),
        f32t(&[6]),
        f32t(&[4]),
        t(&[6, 2, 3, 3], Scalar::F16),
    ]);
    let attrs = [
        ("strides", i64a(&[2, 2])),
        ("pads", i64a(&[1, 1, 1, 1])),
        ("group", int(2)),
    ];
    let ok = add_op::<Conv2dOp>(&mut f, &[a[0], a[1], a[2]], [f32t(&[1, 6, 4, 4])], &attrs);
    let bad_bias = add_op::<Conv2dOp>(&mut f, &[a[0], a[1], a[3]], [f32t(&[1, 6, 4, 4])], &attrs);
    let no_group = add_op::<Conv2dOp>(&mut f, &[a[0], a[1]], [f32t(&[1, 6, 6, 6])], &[]);
    let strides = add_op::<Conv2dOp>(
        &mut f,
        &[a[0], a[1]],
        [f32t(&[1, 6, 6, 6])],
        &[("strides", i64a(&[0, 1])), ("group", int(2))],
    );
    let pads = add_op::<Conv2dOp>(
        &mut f,
        &[a[0], a[1]],
        [f32t(&[1, 6, 6, 6])],
        &[("pads", i64a(&[1, 1])), ("group", int(2))],
    );
    let shape = add_op::<Conv2dOp>(
        &mut f,
        &[a[0], a[1]],
        [f32t(&[1, 6, 8, 8])],
        &[("group", int(2))],
    );
    let elem = add_op::<Conv2dOp>(&mut f, &[a[0], a[4]], [f32t(&[1, 6, 6, 6])], &attrs);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(
        msg(&f, bad_bias),
        "'nn.conv2d' op bias shape [4] must be [6] (the output channels)"
    );
    assert_eq!(
        msg(&f, no_group),
        "'nn.conv2d' op weight dimension 1 has size 2, but input channels / group = 4 / 1 = 4"
    );
    assert_eq!(
        msg(&f, strides),
        "'nn.conv2d' op strides [0, 1] must all be >= 1"
    );
    assert_eq!(
        msg(&f, pads),
        "'nn.conv2d' op pads [1, 1] must have 4 values, but has 2"
    );
    assert_eq!(
        msg(&f, shape),
        "'nn.conv2d' op result shape [1, 6, 8, 8] does not match the inferred shape [1, 6, 6, 6]"
    );
    assert_eq!(
        msg(&f, elem),
        "'nn.conv2d' op operand element types differ: f32 vs f16"
    );
    let b = &f.body;
    let (c, d) = (Conv2dOp(ok), Conv2dOp(no_group));
    assert_eq!(c.strides_or_default(b), [2, 2]);
    assert_eq!(c.pads_or_default(b), [1, 1, 1, 1]);
    assert_eq!(c.group_or_default(b), 2);
    assert_eq!(c.bias_operand(b), Some(a[2]));
    assert_eq!(d.strides_or_default(b), [1, 1]);
    assert_eq!(d.pads_or_default(b), [0; 4]);
    assert_eq!(d.dilations_or_default(b), [1, 1]);
    assert_eq!(d.group_or_default(b), 1);
    assert_eq!(d.bias_operand(b), None);
}

#[test]
fn softmax_and_layer_norm() {
    let (mut f, a) = setup(&[
        f32t(&[2, 3, 4]),
        f32t(&[3, 4]),
        f32t(&[4]),
        t(&[4], Scalar::F16),
    ]);
    let x = a[0];
    let ty = [f32t(&[2, 3, 4])];
    let sm = add_op::<SoftmaxOp>(&mut f, &[x], ty.clone(), &[]);
    let lsm = add_op::<LogSoftmaxOp>(&mut f, &[x], ty.clone(), &[("axis", int(-3))]);
    let bad_axis = add_op::<SoftmaxOp>(&mut f, &[x], ty.clone(), &[("axis", int(3))]);
    let ln = add_op::<LayerNormOp>(
        &mut f,
        &[x, a[1], a[1]],
        ty.clone(),
        &[("axis", int(1)), ("epsilon", flt(1e-6))],
    );
    let ln_default = add_op::<LayerNormOp>(&mut f, &[x, a[2]], ty.clone(), &[]);
    let ln_shape = add_op::<LayerNormOp>(&mut f, &[x, a[2]], ty.clone(), &[("axis", int(-2))]);
    let ln_none = add_op::<LayerNormOp>(&mut f, &[x], ty.clone(), &[]);
    let ln_eps = add_op::<LayerNormOp>(&mut f, &[x, a[2]], ty.clone(), &[("epsilon", flt(-1.0))]);
    let ln_elem = add_op::<LayerNormOp>(&mut f, &[x, a[2], a[3]], ty, &[]);
    assert_eq!(verify(&f, sm), Ok(()));
    assert_eq!(verify(&f, lsm), Ok(()));
    assert_eq!(verify(&f, ln), Ok(()));
    assert_eq!(verify(&f, ln_default), Ok(()));
    assert_eq!(
        msg(&f, bad_axis),
        "'nn.softmax' op axis 3 is out of range [-3, 2] for rank 3"
    );
    assert_eq!(
        msg(&f, ln_shape),
        "'nn.layer_norm' op scale shape [4] does not match the normalised shape [3, 4] (input dimensions from the axis on)"
    );
    assert_eq!(
        msg(&f, ln_none),
        "'nn.layer_norm' op requires 2 or 3 operands (input, scale and an optional bias), but found 1"
    );
    assert_eq!(
        msg(&f, ln_eps),
        "'nn.layer_norm' op epsilon -1 must be finite and >= 0"
    );
    assert_eq!(
        msg(&f, ln_elem),
        "'nn.layer_norm' op bias element type f16 does not match the input element type f32"
    );
    let b = &f.body;
    assert_eq!(SoftmaxOp(sm).axis_or_default(b), -1);
    assert_eq!(LogSoftmaxOp(lsm).axis_or_default(b), -3);
    let (l, d) = (LayerNormOp(ln), LayerNormOp(ln_default));
    assert_eq!(
        (l.axis_or_default(b), l.epsilon_or_default(b) as f32),
        (1, 1e-6)
    );
    assert_eq!((d.axis_or_default(b), d.epsilon_or_default(b)), (-1, 1e-5));
    assert_eq!((d.scale_operand(b), d.bias_operand(b)), (Some(a[2]), None));
}

#[test]
fn batch_norm_params_are_per_channel() {
    let (mut f, a) = setup(&[f32t(&[2, 3, 4, 4]), f32t(&[3]), f32t(&[4]), f32t(&[3])]);
    let ty = [f32t(&[2, 3, 4, 4])];
    let ok = add_op::<BatchNormOp>(&mut f, &[a[0], a[1], a[1], a[1], a[1]], ty.clone(), &[]);
    let bad = add_op::<BatchNormOp>(&mut f, &[a[0], a[1], a[1], a[2], a[1]], ty, &[]);
    let rank1 = add_op::<BatchNormOp>(&mut f, &[a[3], a[1], a[1], a[1], a[1]], [f32t(&[3])], &[]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(BatchNormOp(ok).epsilon_or_default(&f.body), 1e-5);
    assert_eq!(
        msg(&f, bad),
        "'nn.batch_norm' op mean shape [4] must be [3] (the channel count)"
    );
    assert_eq!(
        msg(&f, rank1),
        "'nn.batch_norm' op input must have rank >= 2 (N, C, ...), but has rank 1"
    );
}

#[test]
fn reductions() {
    let (mut f, a) = setup(&[f32t(&[2, 3, 4]), t(&[2], Scalar::I32)]);
    let x = a[0];
    let sum = add_op::<ReduceSumOp>(&mut f, &[x], [f32t(&[1, 1, 1])], &[]);
    let mean = add_op::<ReduceMeanOp>(
        &mut f,
        &[x],
        [f32t(&[2])],
        &[
            ("axes", i64a(&[-1, 1])),
            ("keepdims", Attribute::Bool(false)),
        ],
    );
    let max = add_op::<ReduceMaxOp>(&mut f, &[x], [f32t(&[2, 3])], &[("axes", i64a(&[2]))]);
    let dup = add_op::<ReduceSumOp>(&mut f, &[x], [f32t(&[2])], &[("axes", i64a(&[1, 1]))]);
    let ints = add_op::<ReduceSumOp>(&mut f, &[a[1]], [t(&[1], Scalar::I32)], &[]);
    assert_eq!(verify(&f, sum), Ok(()));
    assert_eq!(verify(&f, mean), Ok(()));
    assert_eq!(
        msg(&f, max),
        "'nn.reduce_max' op result shape [2, 3] does not match the inferred shape [2, 3, 1]"
    );
    assert_eq!(
        msg(&f, dup),
        "'nn.reduce_sum' op axes [1, 1] refer to dimension 1 more than once"
    );
    assert_eq!(verify(&f, ints), Ok(()), "integer reductions are allowed");
    let b = &f.body;
    assert_eq!(ReduceSumOp(sum).axes_or_default(b), [0, 1, 2]);
    assert!(ReduceSumOp(sum).keepdims_or_default(b));
    assert_eq!(ReduceMeanOp(mean).axes_or_default(b), [1, 2]);
    assert!(!ReduceMeanOp(mean).keepdims_or_default(b));
    assert_eq!(ReduceMaxOp(max).axes_or_default(b), [2]);
}

#[test]
fn concat_and_gather() {
    let (mut f, a) = setup(&[
        f32t(&[2, 3]),
        f32t(&[2, 1]),
        t(&[2, 1], Scalar::F16),
        t(&[4], Scalar::I64),
        f32t(&[4]),
    ]);
    let cat = add_op::<ConcatOp>(&mut f, &[a[0], a[1]], [f32t(&[2, 4])], &[("axis", int(-1))]);
    let cat_elem = add_op::<ConcatOp>(&mut f, &[a[0], a[2]], [f32t(&[2, 4])], &[("axis", int(1))]);
    let cat_dim = add_op::<ConcatOp>(&mut f, &[a[0], a[1]], [f32t(&[4, 3])], &[("axis", int(0))]);
    let cat_empty = add_op::<ConcatOp>(&mut f, &[], [f32t(&[2])], &[("axis", int(0))]);
    let cat_noaxis = add_op::<ConcatOp>(&mut f, &[a[0]], [f32t(&[2, 3])], &[]);
    let g = add_op::<GatherOp>(&mut f, &[a[0], a[3]], [f32t(&[4, 3])], &[]);
    let g1 = add_op::<GatherOp>(&mut f, &[a[0], a[3]], [f32t(&[2, 4])], &[("axis", int(1))]);
    let g_idx = add_op::<GatherOp>(&mut f, &[a[0], a[4]], [f32t(&[4, 3])], &[]);
    assert_eq!(verify(&f, cat), Ok(()));
    assert_eq!(verify(&f, g), Ok(()));
    assert_eq!(verify(&f, g1), Ok(()));
    assert_eq!(
        msg(&f, cat_elem),
        "'nn.concat' op operand #1 element type f16 does not match operand #0 element type f32"
    );
    assert_eq!(
        msg(&f, cat_dim),
        "'nn.concat' op operand #1 has size 1 in dimension 1, but operand #0 has 3 (only the concatenation axis 0 may differ)"
    );
    assert_eq!(
        msg(&f, cat_empty),
        "'nn.concat' op requires at least 1 operand"
    );
    assert_eq!(
        msg(&f, cat_noaxis),
        "'nn.concat' op requires attribute 'axis'"
    );
    assert_eq!(
        msg(&f, g_idx),
        "'nn.gather' op indices element type must be i32 or i64, but got f32"
    );
    assert_eq!(GatherOp(g).axis_or_default(&f.body), 0);
    assert_eq!(GatherOp(g1).axis_or_default(&f.body), 1);
}

#[test]
fn slice_verifier_and_defaults() {
    let (mut f, a) = setup(&[f32t(&[4, 6])]);
    let x = a[0];
    let ok = add_op::<SliceOp>(
        &mut f,
        &[x],
        [f32t(&[4, 3])],
        &[
            ("starts", i64a(&[-1])),
            ("ends", i64a(&[i64::MIN])),
            ("axes", i64a(&[1])),
            ("steps", i64a(&[-2])),
        ],
    );
    let plain = add_op::<SliceOp>(
        &mut f,
        &[x],
        [f32t(&[2, 6])],
        &[("starts", i64a(&[1])), ("ends", i64a(&[3]))],
    );
    let shape = add_op::<SliceOp>(
        &mut f,
        &[x],
        [f32t(&[4, 6])],
        &[("starts", i64a(&[1])), ("ends", i64a(&[3]))],
    );
    let zero = add_op::<SliceOp>(
        &mut f,
        &[x],
        [f32t(&[4, 6])],
        &[
            ("starts", i64a(&[1])),
            ("ends", i64a(&[3])),
            ("steps", i64a(&[0])),
        ],
    );
    let missing = add_op::<SliceOp>(&mut f, &[x], [f32t(&[4, 6])], &[("starts", i64a(&[1]))]);
    assert_eq!(verify(&f, ok), Ok(()));
    assert_eq!(verify(&f, plain), Ok(()));
    assert_eq!(
        msg(&f, shape),
        "'nn.slice' op result shape [4, 6] does not match the inferred shape [2, 6]"
    );
    assert_eq!(msg(&f, zero), "'nn.slice' op steps [0] must not contain 0");
    assert_eq!(msg(&f, missing), "'nn.slice' op requires attribute 'ends'");
    let b = &f.body;
    assert_eq!(SliceOp(plain).axes_or_default(b), [0]);
    assert_eq!(SliceOp(plain).steps_or_default(b), [1]);
    assert_eq!(SliceOp(ok).axes_or_default(b), [1]);
    assert_eq!(SliceOp(ok).steps_or_default(b), [-2]);
}

#[test]
fn squeeze_unsqueeze_flatten() {
    let (mut f, a) = setup(&[f32t(&[1, 3, 1])]);
    let x = a[0];
    let sq = add_op::<SqueezeOp>(&mut f, &[x], [f32t(&[3])], &[]);
    let sq0 = add_op::<SqueezeOp>(&mut f, &[x], [f32t(&[3, 1])], &[("axes", i64a(&[0]))]);
    let sq_bad = add_op::<SqueezeOp>(&mut f, &[x], [f32t(&[1, 1])], &[("axes", i64a(&[1]))]);
    let unsq = add_op::<UnsqueezeOp>(
        &mut f,
        &[x],
        [f32t(&[1, 3, 1, 1])],
        &[("axes", i64a(&[-1]))],
    );
    let unsq_bad = add_op::<UnsqueezeOp>(
        &mut f,
        &[x],
        [f32t(&[1, 1, 3, 1, 1])],
        &[("axes", i64a(&[0, -5]))],
    );
    let fl = add_op::<FlattenOp>(&mut f, &[x], [f32t(&[1, 3])], &[]);
    let fl0 = add_op::<FlattenOp>(&mut f, &[x], [f32t(&[1, 3])], &[("axis", int(0))]);
    let fl_bad = add_op::<FlattenOp>(&mut f, &[x], [f32t(&[3])], &[("axis", int(-4))]);
    for op in [sq, sq0, unsq, fl, fl0] {
        assert_eq!(verify(&f, op), Ok(()));
    }
    assert_eq!(
        msg(&f, sq_bad),
        "'nn.squeeze' op cannot squeeze dimension 1 of size 3 (axes [1])"
    );
    assert_eq!(
        msg(&f, unsq_bad),
        "'nn.unsqueeze' op axes [0, -5] refer to dimension 0 more than once"
    );
    assert_eq!(
        msg(&f, fl_bad),
        "'nn.flatten' op axis -4 is out of range [-3, 3] for rank 3"
    );
    let b = &f.body;
    assert_eq!(SqueezeOp(sq).axes_or_default(b), [0, 2]);
    assert_eq!(SqueezeOp(sq0).axes_or_default(b), [0]);
    assert_eq!(FlattenOp(fl).axis_or_default(b), 1);
    assert_eq!(FlattenOp(fl0).axis_or_default(b), 0);
}

#[test]
fn expand_and_pad() {
    let (mut f, a) = setup(&[f32t(&[3, 1]), t(&[2], Scalar::I32)]);
    let ex = add_op::<ExpandOp>(&mut f, &[a[0]], [f32t(&[2, 3, 4])], &[]);
    let ex_bad = add_op::<ExpandOp>(&mut f, &[a[0]], [f32t(&[2, 4])], &[]);
    let pad = add_op::<PadOp>(
        &mut f,
        &[a[0]],
        [f32t(&[4, 3])],
        &[("pads", i64a(&[1, 0, 0, 2])), ("value", flt(-1.5))],
    );
    let pad_int = add_op::<PadOp>(
        &mut f,
        &[a[1]],
        [t(&[3], Scalar::I32)],
        &[("pads", i64a(&[0, 1])), ("value", flt(0.5))],
    );
    let pad_neg = add_op::<PadOp>(
        &mut f,
        &[a[1]],
        [t(&[1], Scalar::I32)],
        &[("pads", i64a(&[0, -1]))],
    );
    assert_eq!(verify(&f, ex), Ok(()));
    assert_eq!(verify(&f, pad), Ok(()));
    assert_eq!(
        msg(&f, ex_bad),
        "'nn.expand' op input shape [3, 1] cannot be broadcast to the result shape [2, 4]"
    );
    assert_eq!(
        msg(&f, pad_int),
        "'nn.pad' op pad value 0.5 is not an integer, but the element type is i32"
    );
    assert_eq!(
        msg(&f, pad_neg),
        "'nn.pad' op pads [0, -1] must all be >= 0"
    );
    assert_eq!(PadOp(pad).value_or_default(&f.body), -1.5);
    assert_eq!(PadOp(pad_neg).value_or_default(&f.body), 0.0);
}

#[test]
fn pooling() {
    let (mut f, a) = setup(&[f32t(&[1, 2, 5, 5]), f32t(&[2, 5, 5])]);
    let x = a[0];
    let mp = add_op::<MaxPool2dOp>(
        &mut f,
        &[x],
        [f32t(&[1, 2, 3, 3])],
        &[
            ("kernel_shape", i64a(&[3, 3])),
            ("strides", i64a(&[2, 2])),
            ("pads", i64a(&[1, 1, 1, 1])),
        ],
    );
    let ap = add_op::<AvgPool2dOp>(
        &mut f,
        &[x],
        [f32t(&[1, 2, 4, 4])],
        &[
            ("kernel_shape", i64a(&[2, 2])),
            ("count_include_pad", Attribute::Bool(true)),
        ],
    );
    let no_kernel = add_op::<MaxPool2dOp>(&mut f, &[x], [f32t(&[1, 2, 5, 5])], &[]);
    let kernel0 = add_op::<AvgPool2dOp>(
        &mut f,
        &[x],
        [f32t(&[1, 2, 5, 5])],
        &[("kernel_shape", i64a(&[0, 1]))],
    );
    let big_pad = add_op::<MaxPool2dOp>(
        &mut f,
        &[x],
        [f32t(&[1, 2, 8, 5])],
        &[
            ("kernel_shape", i64a(&[2, 2])),
            ("pads", i64a(&[2, 0, 2, 0])),
        ],
    );
    let gap = add_op::<GlobalAvgPoolOp>(&mut f, &[x], [f32t(&[1, 2, 1, 1])], &[]);
    let gap3 = add_op::<GlobalAvgPoolOp>(&mut f, &[a[1]], [f32t(&[2, 1, 1])], &[]);
    assert_eq!(verify(&f, mp), Ok(()));
    assert_eq!(verify(&f, ap), Ok(()));
    assert_eq!(verify(&f, gap), Ok(()));
    assert_eq!(
        msg(&f, no_kernel),
        "'nn.max_pool2d' op requires attribute 'kernel_shape'"
    );
    assert_eq!(
        msg(&f, kernel0),
        "'nn.avg_pool2d' op kernel_shape [0, 1] must all be >= 1"
    );
    assert_eq!(
        msg(&f, big_pad),
        "'nn.max_pool2d' op pad 2 along the height must be smaller than the kernel extent 2"
    );
    assert_eq!(
        msg(&f, gap3),
        "'nn.global_avg_pool' op input must have rank 4 (NCHW), but has rank 3"
    );
    let b = &f.body;
    let (m, p) = (MaxPool2dOp(mp), AvgPool2dOp(ap));
    assert_eq!(m.kernel_pair(b), Some([3, 3]));
    assert_eq!(m.strides_or_default(b), [2, 2]);
    assert_eq!(m.pads_or_default(b), [1, 1, 1, 1]);
    assert_eq!(m.dilations_or_default(b), [1, 1]);
    assert_eq!(p.strides_or_default(b), [1, 1]);
    assert_eq!(p.pads_or_default(b), [0; 4]);
    assert!(p.count_include_pad_or_default(b));
    assert_eq!(MaxPool2dOp(no_kernel).kernel_pair(b), None);
}

#[test]
fn matmult_ops_may_accumulate_narrow_floats_in_f32() {
    let bf16 = Scalar::BF16;
    let (mut f, a) = setup(&[
        t(&[2, 3, 4], bf16),
        t(&[2, 4, 5], bf16),
        t(&[1, 4, 8, 8], bf16),
        t(&[6, 4, 3, 3], bf16),
        f32t(&[6]),
        t(&[2, 3, 4], Scalar::I8),
    ]);
    let bmm = add_op::<BatchMatmulOp>(&mut f, &[a[0], a[1]], [f32t(&[2, 3, 5])], &[]);
    let mm = add_op::<MatMulOp>(&mut f, &[a[0], a[1]], [f32t(&[2, 3, 5])], &[]);
    let conv = add_op::<Conv2dOp>(&mut f, &[a[2], a[3], a[4]], [f32t(&[1, 6, 6, 6])], &[]);
    let to_f16 = add_op::<BatchMatmulOp>(&mut f, &[a[0], a[1]], [t(&[2, 3, 5], Scalar::F16)], &[]);
    let ints = add_op::<GemmOp>(&mut f, &[a[5], a[5]], [f32t(&[2, 5])], &[]);
    assert_eq!(verify(&f, bmm), Ok(()));
    assert_eq!(verify(&f, mm), Ok(()));
    assert_eq!(verify(&f, conv), Ok(()));
    assert_eq!(
        msg(&f, to_f16),
        "'nn.batch_matmul' op result element type f16 does not match operand element type bf16"
    );
    assert_eq!(
        msg(&f, ints),
        "'nn.gemm' op result element type f32 does not match operand element type i8"
    );
}
