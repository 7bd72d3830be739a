//! Hostile models for the newer converters (activations, extra reductions and
//! normalisations, movement, attention, rotary, losses, N-d windows, pad modes, logic/math,
//! packed element types): each must import cleanly or fail with a clear node error, and
//! none may panic.

mod common;

use common::*;
use neuron_onnx::proto::{data_type as dt, AttributeProto, NodeProto, TensorProto};
use std::panic::{catch_unwind, AssertUnwindSafe};
use Expect::{Fails, Imports, NoPanic};

/// A graph input: name, ONNX element type, static shape.
type In<'a> = (&'a str, i32, &'a [i64]);

const F: i32 = dt::FLOAT;
const I64: i32 = dt::INT64;
const BIG: i64 = i64::MAX;

/// What importing a model did.
enum Outcome {
    Ok(String),
    Err(String),
    Panic(String),
}

/// Imports a one-node model whose outputs are untyped, catching any panic.
fn outcome(n: NodeProto, ins: &[In], inits: Vec<TensorProto>, opset: i64) -> Outcome {
    let infos = ins
        .iter()
        .map(|(name, elem, dims)| {
            let d: Vec<D> = dims.iter().map(|&x| Some(x)).collect();
            vi(name, *elem, &d)
        })
        .collect();
    let mut out = vi("y", F, &[]);
    out.r#type = None;
    let bytes = model(graph(vec![n], infos, vec![out], inits), opset);
    match catch_unwind(AssertUnwindSafe(|| import(bytes))) {
        Ok(Ok(text)) => Outcome::Ok(text),
        Ok(Err(e)) => Outcome::Err(e.to_string()),
        Err(p) => Outcome::Panic(
            p.downcast_ref::<String>()
                .cloned()
                .or_else(|| p.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default(),
        ),
    }
}

/// What a check requires of importing its model.
#[derive(Clone, Copy)]
enum Expect {
    /// A node error of the node's operator whose message contains the needle.
    Fails(&'static str),
    /// A clean import whose printed text contains the needle.
    Imports(&'static str),
    /// Either a clean import or an error, but no panic.
    NoPanic,
}

/// One check: a one-node model (node, graph inputs, initializers, opset) and its expectation.
struct Case<'a> {
    label: &'a str,
    expect: Expect,
    node: NodeProto,
    ins: &'a [In<'a>],
    inits: Vec<TensorProto>,
    opset: i64,
}

/// Collects every unexpected outcome, so one run reports them all.
#[derive(Default)]
struct Checker {
    failures: Vec<String>,
}

impl Checker {
    /// Imports the case's model and records a failure if the outcome breaks its expectation.
    fn run(&mut self, case: Case) {
        let op = case.node.op_type.clone();
        let names_op =
            |e: &str| e.contains(&format!("({op})")) || e.contains(&format!("at '{op}#"));
        let failure = match (
            case.expect,
            outcome(case.node, case.ins, case.inits, case.opset),
        ) {
            (_, Outcome::Panic(p)) => format!("PANIC: {p}"),
            (NoPanic, _) => return,
            (Fails(needle), Outcome::Err(e)) if e.contains(needle) && names_op(&e) => return,
            (Fails(needle), Outcome::Err(e)) => format!("error lacks '{needle}': {e}"),
            (Fails(_), Outcome::Ok(_)) => "imported, expected an error".to_string(),
            (Imports(needle), Outcome::Ok(t)) if t.contains(needle) => return,
            (Imports(needle), Outcome::Ok(t)) => format!("output lacks '{needle}':\n{t}"),
            (Imports(_), Outcome::Err(e)) => format!("failed: {e}"),
        };
        self.failures.push(format!("{}: {failure}", case.label));
    }

    /// Fails the test with every recorded failure, if any.
    fn finish(self) {
        assert!(self.failures.is_empty(), "{}", self.failures.join("\n"));
    }
}

/// Runs checks on the checker `$c`, all at ai.onnx opset `$opset`, one per line:
/// `label => expectation, node, graph inputs[, initializers];` (inputs and initializers are
/// arrays, slices or `Vec`s; no initializers if left out; the node and initializers are cloned).
macro_rules! check {
    (@inits) => { Vec::new() };
    (@inits $inits:expr) => { $inits.to_vec() };
    ($c:ident @ $opset:expr;
     $($label:expr => $expect:expr, $node:expr, $ins:expr $(, $inits:expr)?;)*) => {
        $($c.run(Case {
            label: $label,
            expect: $expect,
            node: Clone::clone(&$node),
            ins: &$ins,
            inits: check!(@inits $($inits)?),
            opset: $opset,
        });)*
    };
}

/// A node with the one output `y`.
fn nd(op: &str, ins: &[&str], attrs: &[AttributeProto]) -> NodeProto {
    node(op, ins, &["y"], attrs.to_vec())
}

/// A node with the one input `x` and the one output `y`.
fn un(op: &str, attrs: &[AttributeProto]) -> NodeProto {
    nd(op, &["x"], attrs)
}

/// The f32 graph input `x` of shape `dims`.
fn xf(dims: &[i64]) -> In<'_> {
    ("x", F, dims)
}

/// f32 graph inputs named by the letters of `names`, of the shapes `dims`.
fn f32s(names: &'static str, dims: &[&'static [i64]]) -> Vec<In<'static>> {
    let one = |(i, _)| &names[i..i + 1];
    names
        .char_indices()
        .map(one)
        .zip(dims)
        .map(|(n, d)| (n, F, *d))
        .collect()
}

/// An initializer of element type `code` stored in `int32_data`.
fn i32data(name: &str, code: i32, dims: &[i64], v: &[i32]) -> TensorProto {
    TensorProto {
        name: name.into(),
        dims: dims.to_vec(),
        data_type: code,
        int32_data: v.to_vec(),
        ..Default::default()
    }
}

/// An INT32 initializer.
fn i32t(name: &str, dims: &[i64], v: &[i32]) -> TensorProto {
    i32data(name, dt::INT32, dims, v)
}

/// A packed tensor initializer in raw bytes.
fn packed(name: &str, code: i32, dims: &[i64], raw: &[u8]) -> TensorProto {
    TensorProto {
        name: name.into(),
        dims: dims.to_vec(),
        data_type: code,
        raw_data: raw.to_vec().into(),
        ..Default::default()
    }
}

#[test]
fn activations_reject_bad_inputs() {
    let mut c = Checker::default();
    for op in "Elu HardSigmoid Selu Softplus Softsign ThresholdedRelu Shrink".split_whitespace() {
        check! { c @ 18;
            op => Fails("needs a float tensor"), un(op, &[]), [("x", I64, &[2])];
            op => Fails("requires input #0"), nd(op, &[], &[]), [];
            op => Imports("tensor<f32>"), un(op, &[]), [xf(&[])];
            op => Imports("tensor<0x3xf32>"), un(op, &[]), [xf(&[0, 3])];
        }
    }
    check! { c @ 18;
        "HardSwish" => Fails("needs a float tensor"), un("HardSwish", &[]), [("x", dt::BOOL, &[2])];
        "Mish" => Fails("needs a float tensor"), un("Mish", &[]), [("x", dt::INT8, &[2])];
    }
    check! { c @ 24;
        "Swish" => Fails("needs a float tensor"), un("Swish", &[]), [("x", dt::INT32, &[2])];
    }
    let prelu = nd("PRelu", &["x", "s"], &[]);
    check! { c @ 18;
        "Celu alpha 0" => Fails("alpha must not be 0"), un("Celu", &[af("alpha", 0.0)]), [xf(&[2])];
        "Elu alpha type" => Fails("must be FLOAT"), un("Elu", &[ai("alpha", 1)]), [xf(&[2])];
        "PRelu slope" => Fails("cannot be broadcast"), prelu, f32s("xs", &[&[2, 3], &[4]]);
        "PRelu wider slope" => Fails("cannot be broadcast"), prelu, f32s("xs", &[&[3], &[2, 3]]);
        "PRelu one input" => Fails("requires input #1"), un("PRelu", &[]), [xf(&[3])];
        "PRelu types" => Fails("element types differ"), prelu, [xf(&[3]), ("s", I64, &[3])];
        "PRelu rank 0" => Imports("nn.where"), prelu, f32s("xs", &[&[], &[]]);
    }
    c.finish();
}

#[test]
fn extra_reductions_reject_bad_axes() {
    let mut c = Checker::default();
    let x23 = [xf(&[2, 3])];
    let reductions = "ReduceL1 ReduceL2 ReduceLogSum ReduceLogSumExp ReduceSumSquare";
    for op in format!("{reductions} ReduceMin ReduceProd").split_whitespace() {
        let axes = |a: &[i64]| un(op, &[ais("axes", a)]);
        check! { c @ 13;
            op => Fails("out of range"), axes(&[5]), x23;
            op => Fails("out of range"), axes(&[i64::MIN]), x23;
            op => Fails("twice"), axes(&[1, -1]), x23;
            op => Fails("out of range"), axes(&[0]), [xf(&[])];
            op => Imports("tensor<f32>"), un(op, &[]), [xf(&[])];
            op => Imports("tensor<1x1xf32>"), un(op, &[]), [xf(&[0, 3])];
        }
        let with_axes = nd(op, &["x", "a"], &[]);
        let noop = nd(op, &["x", "a"], &[ai("noop_with_empty_axes", 1)]);
        check! { c @ 18;
            op => Fails("must hold integers"), with_axes, x23, [f32t("a", &[1], &[0.0])];
            op => Fails("must be a constant"), with_axes, [xf(&[2, 3]), ("a", I64, &[1])];
            op => Fails("out of range"), with_axes, x23, [i64t("a", &[1], &[BIG])];
            op => Imports("tensor<2x3xf32>"), noop, x23, [i64t("a", &[0], &[])];
        }
    }
    for op in reductions.split_whitespace() {
        check! { c @ 13; op => Fails("needs a float tensor"), un(op, &[]), [("x", I64, &[2])]; }
    }
    for op in ["ArgMax", "ArgMin"] {
        let axis = |a| un(op, &[ai("axis", a)]);
        check! { c @ 13;
            op => Fails("out of range"), un(op, &[]), [xf(&[])];
            op => Fails("out of range"), axis(BIG), [xf(&[2])];
            op => Fails("out of range"), axis(i64::MIN), [xf(&[2])];
            op => Fails("must be INT"), un(op, &[af("axis", 0.0)]), [xf(&[2])];
            op => NoPanic, axis(1), [xf(&[2, 0])];
            op => Imports("tensor<2xi64>"), un(op, &[ai("axis", -1), ai("keepdims", 0)]), x23;
        }
    }
    c.finish();
}

#[test]
fn normalisations_reject_bad_parameters() {
    let mut c = Checker::default();
    let rms = |a: &[AttributeProto]| nd("RMSNormalization", &["x", "s"], a);
    let xs = f32s("xs", &[&[2, 3], &[3]]);
    check! { c @ 23;
        "rms rank 0" => Fails("out of range"), rms(&[]), f32s("xs", &[&[], &[]]);
        "rms axis" => Fails("out of range"), rms(&[ai("axis", BIG)]), xs;
        "rms stash" => Fails("not an ONNX data type"), rms(&[ai("stash_type", BIG)]), xs;
        "rms stash int" => Fails("not a float type"), rms(&[ai("stash_type", 7)]), xs;
        "rms scale" => Fails("does not broadcast"), rms(&[]), f32s("xs", &[&[2, 3], &[4, 2, 3]]);
        "rms int" => Fails("needs a float tensor"), rms(&[]),
            [("x", I64, &[2, 3]), ("s", I64, &[3])];
        "rms missing scale" => Fails("requires input #1"), un("RMSNormalization", &[]),
            [xf(&[2, 3])];
    }
    let gn = |a: &[AttributeProto]| nd("GroupNormalization", &["x", "s", "b"], a);
    let groups = |g| gn(&[ai("num_groups", g)]);
    let xsb = |x: &'static [i64], s: &'static [i64], b| f32s("xsb", &[x, s, b]);
    let gins = xsb(&[1, 4, 2], &[2], &[2]);
    check! { c @ 18;
        "gn no groups" => Fails("requires attribute 'num_groups'"), gn(&[]), gins;
        "gn 0 groups" => Fails("must be positive"), groups(0), gins;
        "gn -1 groups" => Fails("must be positive"), groups(-1), gins;
        "gn 3 groups" => Fails("divide the channel count"), groups(3), gins;
        "gn huge groups" => Fails("divide the channel count"), groups(BIG), gins;
        "gn rank 1" => Fails("divide the channel count"), groups(1), xsb(&[4], &[1], &[1]);
        "gn rank 0" => Fails("divide the channel count"), groups(1), xsb(&[], &[1], &[1]);
        "gn scale" => Fails("must have shape [2]"), groups(2), xsb(&[1, 4, 2], &[4], &[2]);
    }
    check! { c @ 21;
        "gn scale 21" => Fails("must have shape [4]"), groups(2), gins;
        "gn rank 2" => Imports("tensor<1x4xf32>"), groups(2), xsb(&[1, 4], &[4], &[4]);
    }
    let inorm = nd("InstanceNormalization", &["x", "s", "b"], &[]);
    let half = [xf(&[1, 3, 2]), ("s", dt::FLOAT16, &[3]), ("b", F, &[3])];
    check! { c @ 18;
        "gn zero channels" => Imports("tensor<1x0x2xf32>"), groups(2), xsb(&[1, 0, 2], &[2], &[2]);
        "in rank 2" => Fails("needs rank >= 3"), inorm, xsb(&[2, 3], &[3], &[3]);
        "in rank 0" => Fails("needs rank >= 3"), inorm, xsb(&[], &[], &[]);
        "in scale" => Fails("must have shape [3]"), inorm, xsb(&[1, 3, 2], &[], &[3]);
        "in types" => Fails("element type"), inorm, half;
        "in missing" => Fails("requires input #2"), nd("InstanceNormalization", &["x", "s"], &[]),
            f32s("xs", &[&[1, 3, 2], &[3]]);
    }
    let lp = |a: &[AttributeProto]| un("LpNormalization", a);
    let mvn = |a: &[AttributeProto]| un("MeanVarianceNormalization", a);
    check! { c @ 18;
        "lp p 3" => Fails("p must be 1 or 2"), lp(&[ai("p", 3)]), [xf(&[2, 3])];
        "lp p min" => Fails("p must be 1 or 2"), lp(&[ai("p", i64::MIN)]), [xf(&[2, 3])];
        "lp rank 0" => Fails("out of range"), lp(&[]), [xf(&[])];
        "lp axis" => Fails("out of range"), lp(&[ai("axis", -3)]), [xf(&[2, 3])];
        "mvn default axes rank 2" => Fails("out of range"), mvn(&[]), [xf(&[2, 3])];
        "mvn twice" => Fails("twice"), mvn(&[ais("axes", &[0, 0])]), [xf(&[2, 3])];
        "mvn empty axes" => Imports("nn.div"), mvn(&[ais("axes", &[])]), [xf(&[2, 3])];
    }
    // LayerNormalization with its extra outputs
    let ln = |a: &[AttributeProto], outs: &[&str]| {
        node("LayerNormalization", &["x", "s"], outs, a.to_vec())
    };
    let ymv = ["y", "m", "v"];
    check! { c @ 17;
        "ln stash" => Fails("stash_type"), ln(&[ai("stash_type", BIG)], &ymv), xs;
        "ln stash int" => Fails("not a float type"), ln(&[ai("stash_type", 7)], &ymv), xs;
        "ln stash string" => Fails("not supported"), ln(&[ai("stash_type", 8)], &["y", "m"]), xs;
        "ln axis" => Fails("out of range"), ln(&[ai("axis", 2)], &ymv), xs;
        "ln rank 0" => Fails("out of range"), ln(&[], &ymv), f32s("xs", &[&[], &[]]);
        "ln scale" => Fails("normalised shape"), ln(&[ai("axis", 0)], &ymv), xs;
        "ln outputs" => Imports("nn.rsqrt"), ln(&[ai("axis", 0)], &["y", "", "v"]),
            f32s("xs", &[&[2, 3], &[2, 3]]);
        "ln empty" => Imports("tensor<0x3xf32>"), ln(&[], &ymv), f32s("xs", &[&[0, 3], &[3]]);
    }
    c.finish();
}

#[test]
fn movement_ops_reject_bad_shapes_and_attributes() {
    let mut c = Checker::default();
    let tri = nd("Trilu", &["x"], &[]);
    let trik = nd("Trilu", &["x", "k"], &[]);
    let x22 = [xf(&[2, 2])];
    check! { c @ 14;
        "trilu rank 1" => Fails("needs rank >= 2"), tri, [xf(&[3])];
        "trilu rank 0" => Fails("needs rank >= 2"), tri, [xf(&[])];
        "trilu k vector" => Fails("k must be a scalar"), trik, x22, [i64t("k", &[2], &[0, 1])];
        "trilu k empty" => Fails("k must be a scalar"), trik, x22, [i64t("k", &[0], &[])];
        "trilu k float" => Fails("must hold integers"), trik, x22, [f32t("k", &[], &[1.0])];
        "trilu k runtime" => Fails("must be a constant"), trik, [xf(&[2, 2]), ("k", I64, &[])];
        "trilu k max" => Imports("nn.where"), trik, x22, [i64t("k", &[], &[BIG])];
        "trilu k min" => Imports("nn.where"), nd("Trilu", &["x", "k"], &[ai("upper", 0)]), x22,
            [i64t("k", &[], &[i64::MIN])];
        "trilu empty" => Imports("tensor<2x0xf32>"), tri, [xf(&[2, 0])];
        "trilu huge" => Fails("too large"), tri, [xf(&[1 << 29, 1 << 29])];
    }
    let tile = nd("Tile", &["x", "r"], &[]);
    let x23 = [xf(&[2, 3])];
    check! { c @ 13;
        "tile count" => Fails("one non-negative count"), tile, x23, [i64t("r", &[1], &[2])];
        "tile negative" => Fails("one non-negative count"), tile, x23, [i64t("r", &[2], &[2, -1])];
        "tile overflow" => Fails("too many elements"), tile, x23, [i64t("r", &[2], &[BIG, BIG])];
        "tile overflow 2" => Fails(""), tile, [xf(&[4, 3])], [i64t("r", &[2], &[BIG / 2, 1])];
        "tile runtime" => Fails("must be a constant"), tile, [xf(&[2, 3]), ("r", I64, &[2])];
        "tile missing" => Fails("requires input #1"), un("Tile", &[]), x23;
        "tile rank 0" => Imports("tensor<f32>"), tile, [xf(&[])], [i64t("r", &[0], &[])];
        "tile zero" => Imports("tensor<0x3xf32>"), tile, x23, [i64t("r", &[2], &[0, 1])];
    }
    let x1422 = [xf(&[1, 4, 2, 2])];
    for op in ["DepthToSpace", "SpaceToDepth"] {
        let bs = |b| un(op, &[ai("blocksize", b)]);
        check! { c @ 13;
            op => Fails("requires attribute 'blocksize'"), un(op, &[]), x1422;
            op => Fails("must be positive"), bs(0), x1422;
            op => Fails("must be positive"), bs(i64::MIN), x1422;
            op => Fails("must be 4-D"), bs(2), [xf(&[4, 2, 2])];
            op => Fails("must be 4-D"), bs(2), [xf(&[])];
            op => Fails("blocksize 9223372036854775807 is too large"), bs(BIG), x1422;
            op => Fails("too large"), bs(1 << 32), x1422;
            op => Fails("multiple of blocksize"), bs(3), x1422;
        }
    }
    let d2s = |a: &[AttributeProto]| un("DepthToSpace", a);
    let s2d = |b| un("SpaceToDepth", &[ai("blocksize", b)]);
    let eye = |a: &[AttributeProto]| un("EyeLike", a);
    check! { c @ 13;
        "d2s huge" => Fails(""), d2s(&[ai("blocksize", 1 << 31)]), [xf(&[1, 0, 1 << 20, 1 << 20])];
        "s2d huge" => Fails(""), s2d(1 << 31), [xf(&[1, 1 << 20, 1 << 31, 0])];
        "d2s mode" => Fails("mode 'XYZ'"), d2s(&[ai("blocksize", 2), as_("mode", "XYZ")]), x1422;
        "s2d zero" => Imports("tensor<1x0x1x1xf32>"), s2d(2), [xf(&[1, 0, 2, 2])];
        "eye rank 3" => Fails("must be 2-D"), eye(&[]), [xf(&[2, 2, 2])];
        "eye rank 0" => Fails("must be 2-D"), eye(&[]), [xf(&[])];
        "eye dtype" => Fails("not an ONNX data type"), eye(&[ai("dtype", BIG)]), x22;
        "eye dtype string" => Fails("not supported"), eye(&[ai("dtype", 8)]), x22;
        "eye k huge" => Imports("tensor<2x3xf32>"), eye(&[ai("k", i64::MIN)]), x23;
        "eye int4" => Imports("tensor<2x2xi4>"), eye(&[ai("dtype", dt::INT4.into())]), x22;
        "eye huge" => Fails("too large"), eye(&[]), [xf(&[1 << 29, 1 << 29])];
    }
    c.finish();
}

#[test]
fn pad_modes_reject_bad_pads() {
    let mut c = Checker::default();
    let pad = |mode: &str| nd("Pad", &["x", "p"], &[as_("mode", mode)]);
    let pads = |v: &[i64]| i64t("p", &[v.len() as i64], v);
    let x23 = [xf(&[2, 3])];
    for mode in ["constant", "reflect", "edge", "wrap"] {
        check! { c @ 19;
            mode => Fails("must have 4 values"), pad(mode), x23, [pads(&[1, 1])];
            mode => Fails("must be in [0, 2^31)"), pad(mode), x23, [pads(&[0, -1, 0, 0])];
            mode => Fails("must be in [0, 2^31)"), pad(mode), x23, [pads(&[0, BIG, 0, 0])];
            mode => Fails("must be a constant"), pad(mode), [xf(&[2, 3]), ("p", I64, &[4])];
            mode => Imports("tensor<f32>"), pad(mode), [xf(&[])], [pads(&[])];
        }
    }
    for mode in ["reflect", "edge", "wrap"] {
        check! { c @ 19;
            mode => Fails("cannot pad dimension 1 of size 0"), pad(mode), [xf(&[2, 0])],
                [pads(&[0, 1, 0, 1])];
            mode => Fails("more than 2^24"), pad(mode), x23, [pads(&[0, 1 << 30, 0, 1 << 30])];
            mode => Imports("tensor<2x7xf32>"), pad(mode), [xf(&[2, 1])], [pads(&[0, 3, 0, 3])];
        }
    }
    let with_axes = nd("Pad", &["x", "p", "", "a"], &[as_("mode", "edge")]);
    let axes = |v: &[i64]| i64t("a", &[v.len() as i64], v);
    let value = nd("Pad", &["x", "p", "v"], &[]);
    let max = i64::from(i32::MAX);
    check! { c @ 19;
        "mode" => Fails("not one of constant"), pad("mirror"), x23, [pads(&[0, 1, 0, 1])];
        "pad axes" => Fails("out of range"), with_axes, x23, [pads(&[1, 1]), axes(&[BIG])];
        "pad axes twice" => Fails("twice"), with_axes, x23, [pads(&[1, 1, 1, 1]), axes(&[1, -1])];
        "pad axes" => Imports("tensor<2x5xf32>"), with_axes, x23, [pads(&[1, 1]), axes(&[-1])];
        "pad value vector" => Fails("constant scalar"), value, [xf(&[2])],
            [pads(&[1, 1]), f32t("v", &[2], &[1.0, 2.0])];
        "pad value empty" => Fails("constant scalar"), value, [xf(&[2])],
            [pads(&[1, 1]), f32t("v", &[0], &[])];
        "pad constant huge" => Imports("tensor<4831838206x2xf32>"), pad("constant"),
            [xf(&[1 << 29, 2])], [pads(&[max, 0, max, 0])];
    }
    let names: Vec<String> = (0..20).map(|i| format!("x{i}")).collect();
    let names: Vec<&str> = names.iter().map(String::as_str).collect();
    let ins: Vec<In> = names.iter().map(|n| (*n, F, &[1i64 << 59][..])).collect();
    let concat = nd("Concat", &names, &[ai("axis", 0)]);
    check! { c @ 13; "concat overflow" => Fails(""), concat, ins; }
    c.finish();
}

#[test]
fn windows_reject_bad_geometry() {
    let mut c = Checker::default();
    let x1 = [xf(&[1, 1, 8])];
    let x3 = [xf(&[1, 1, 4, 4, 4])];
    let k = |v: &[i64]| ais("kernel_shape", v);
    let k2 = || k(&[2]);
    let strides62 = || ais("strides", &[1 << 62]);
    let pads62 = || ais("pads", &[1 << 62, 1 << 62]);
    for op in ["MaxPool", "AveragePool"] {
        let n = |a: &[AttributeProto]| un(op, a);
        check! { c @ 19;
            op => Fails("requires attribute 'kernel_shape'"), n(&[]), x1;
            op => Fails("must have 1 values"), n(&[k(&[2, 2])]), x1;
            op => Fails("must be positive"), n(&[k(&[0])]), x1;
            op => Fails("must be positive"), n(&[k(&[-3])]), x1;
            op => Fails("must be positive"), n(&[k2(), ais("strides", &[0])]), x1;
            op => Fails("must be positive"), n(&[k2(), ais("dilations", &[0])]), x1;
            op => Fails("must have 2 values"), n(&[k2(), ais("pads", &[1])]), x1;
            op => Fails("must be non-negative"), n(&[k2(), ais("pads", &[-1, 0])]), x1;
            op => Fails("larger than the padded input"), n(&[k(&[9])]), x1;
            op => Fails("larger than the padded input"), n(&[k(&[BIG])]), x1;
            op => Fails("auto_pad 'BAD'"), n(&[k2(), as_("auto_pad", "BAD")]), x1;
            op => Fails("rank 3, 4 or 5"), n(&[k2()]), [xf(&[8])];
            op => Fails("rank 3, 4 or 5"), n(&[k(&[])]), [xf(&[])];
            op => Fails("rank 3, 4 or 5"), n(&[k(&[1; 4])]), [xf(&[1, 1, 2, 2, 2, 2])];
            op => Fails("must have 3 values"), n(&[k(&[2, 2])]), x3;
            op => Fails(""), n(&[k2(), ais("pads", &[BIG, BIG])]), x1;
            op => Fails(""), n(&[k2(), ais("dilations", &[BIG])]), x1;
            op => NoPanic, n(&[k2(), ais("strides", &[BIG]), ais("pads", &[BIG / 2, BIG / 2]),
                ai("ceil_mode", 1)]), x1;
            op => NoPanic, n(&[k2(), strides62(), ais("dilations", &[2]), pads62()]), x1;
            op => NoPanic, n(&[k(&[2, 2, 2]), ais("strides", &[1 << 62, 1, 1]),
                ais("dilations", &[2, 1, 1]), ais("pads", &[1 << 62, 0, 0, 1 << 62, 0, 0])]),
                x3;
            op => Fails("too large to decompose"), n(&[k(&[5000, 1, 1])]),
                [xf(&[1, 1, 5000, 1, 1])];
            op => Imports("tensor<1x1x7xf32>"), n(&[k2()]), x1;
            op => Imports("tensor<1x1x3x3x3xf32>"), n(&[k(&[2, 2, 2])]), x3;
            op => Imports("tensor<1x1x2x2x2xf32>"), n(&[k(&[2, 2, 2]), ais("strides", &[2, 2, 2]),
                ais("dilations", &[1, 1, 2]), ai("ceil_mode", 1)]), x3;
            op => Imports("tensor<0x1x7xf32>"), n(&[k2()]), [xf(&[0, 1, 8])];
        }
    }
    let avg = |a: &[AttributeProto]| un("AveragePool", a);
    let max = |a: &[AttributeProto], outs: &[&str]| node("MaxPool", &["x"], outs, a.to_vec());
    check! { c @ 19;
        "avg count_pad ceil huge" => Fails(""),
            avg(&[k2(), strides62(), pads62(), ai("ceil_mode", 1), ai("count_include_pad", 1)]),
            x1;
        "avg dilated huge pads" => Fails(""),
            avg(&[k2(), strides62(), ais("dilations", &[2]), pads62()]), x1;
        "maxpool 3-D indices" => Fails("Indices output"), max(&[k(&[2, 2, 2])], &["y", "i"]), x3;
        "maxpool i64" => Fails("not supported"), max(&[k2()], &["y"]), [("x", I64, &[1, 1, 8])];
        "maxpool 1-D indices" => Imports("tensor<1x1x4xi64>"),
            max(&[k2(), ais("strides", &[2]), ai("storage_order", 1)], &["y", "i"]), x1;
    }
    let conv = |a: &[AttributeProto]| nd("Conv", &["x", "w"], a);
    let cin1 = f32s("xw", &[&[1, 2, 8], &[4, 2, 3]]);
    let cin3 = f32s("xw", &[&[1, 2, 4, 4, 4], &[4, 2, 2, 2, 2]]);
    let xw = |x: &'static [i64], w: &'static [i64]| f32s("xw", &[x, w]);
    let half = [xf(&[1, 2, 8]), ("w", dt::FLOAT16, &[4, 2, 3])];
    check! { c @ 19;
        "conv 1-D" => Imports("tensor<1x4x6xf32>"), conv(&[]), cin1;
        "conv 3-D" => Imports("tensor<1x4x3x3x3xf32>"), conv(&[]), cin3;
        "conv group 0" => Fails("do not fit"), conv(&[ai("group", 0)]), cin1;
        "conv group -1" => Fails("do not fit"), conv(&[ai("group", -1)]), cin1;
        "conv group huge" => Fails("do not fit"), conv(&[ai("group", BIG)]), cin1;
        "conv group 3" => Fails("do not fit"), conv(&[ai("group", 3)]), cin1;
        "conv kernel_shape" => Fails("does not match"), conv(&[k(&[2])]), cin1;
        "conv kernel_shape empty" => Fails("does not match"), conv(&[k(&[])]), cin1;
        "conv weight rank" => Fails("must have rank 3"), conv(&[]), xw(&[1, 2, 8], &[4, 2]);
        "conv rank 0" => Fails("must have rank 3, 4 or 5"), conv(&[]), xw(&[], &[]);
        "conv zero kernel" => Fails("must be positive"), conv(&[]), xw(&[1, 2, 8], &[4, 2, 0]);
        "conv 3-D zero kernel" => Fails("must be positive"), conv(&[]),
            xw(&[1, 2, 4, 4, 4], &[4, 2, 0, 2, 2]);
        "conv stride 0" => Fails("must be positive"), conv(&[ais("strides", &[0])]), cin1;
        "conv 3-D strides" => Fails("must have 3 values"), conv(&[ais("strides", &[1])]), cin3;
        "conv bias" => Fails("must be [4]"), nd("Conv", &["x", "w", "b"], &[]),
            f32s("xwb", &[&[1, 2, 8], &[4, 2, 3], &[]]);
        "conv types" => Fails("element types differ"), conv(&[]), half;
        "conv missing w" => Fails("requires input #1"), un("Conv", &[]), [xf(&[1, 2, 8])];
        "conv 3-D deep" => Fails("too large to decompose"), conv(&[]),
            xw(&[1, 1, 5000, 1, 1], &[1, 1, 5000, 1, 1]);
        "conv 3-D huge pads" => NoPanic,
            conv(&[ais("pads", &[BIG, 0, 0, BIG, 0, 0]), ais("strides", &[BIG, 1, 1])]), cin3;
        "conv 3-D huge dilation" => NoPanic, conv(&[ais("dilations", &[1 << 62, 1, 1]),
            ais("pads", &[1 << 62, 0, 0, 1 << 62, 0, 0])]), cin3;
        "conv zero channels" => Imports("tensor<1x0x6xf32>"), conv(&[]), xw(&[1, 0, 8], &[0, 0, 3]);
        "gap rank 2" => Fails("needs rank >= 3"), un("GlobalAveragePool", &[]), [xf(&[1, 2])];
        "gmp rank 0" => Fails("needs rank >= 3"), un("GlobalMaxPool", &[]), [xf(&[])];
        "lrn size 0" => Fails("needs size >= 1"), un("LRN", &[ai("size", 0)]), [xf(&[1, 2, 3])];
        "lrn size huge" => NoPanic, un("LRN", &[ai("size", BIG)]), [xf(&[1, 2, 3])];
    }
    c.finish();
}

#[test]
fn attention_rejects_bad_shapes_and_attributes() {
    let mut c = Checker::default();
    let att = |ins: &[&str], a: &[AttributeProto]| nd("Attention", ins, a);
    let qkv = |a: &[AttributeProto]| att(&["q", "k", "v"], a);
    let shapes = |q: &'static [i64], k: &'static [i64], v| f32s("qkv", &[q, k, v]);
    let q4 = shapes(&[1, 2, 3, 4], &[1, 2, 5, 4], &[1, 2, 5, 4]);
    let q3 = shapes(&[1, 3, 8], &[1, 5, 8], &[1, 5, 8]);
    let ints = [
        ("q", I64, &[1, 2, 3, 4][..]),
        ("k", I64, &[1, 2, 5, 4]),
        ("v", I64, &[1, 2, 5, 4]),
    ];
    check! { c @ 23;
        "att 4-D" => Imports("tensor<1x2x3x4xf32>"), qkv(&[]), q4;
        "att missing v" => Fails("requires input #2"), att(&["q", "k"], &[]), q4;
        "att mode" => Fails("qk_matmul_output_mode 7"), qkv(&[ai("qk_matmul_output_mode", 7)]), q4;
        "att precision" => Fails("not a data type"), qkv(&[ai("softmax_precision", BIG)]), q4;
        "att precision int" => Fails("must be a float type"), qkv(&[ai("softmax_precision", 7)]),
            q4;
        "att 3-D no heads" => Fails("q_num_heads"), qkv(&[]), q3;
    }
    for (qh, kvh) in [(0, 2), (-1, 2), (2, 0), (3, 2), (BIG, 2), (i64::MIN, 2)] {
        let heads = qkv(&[ai("q_num_heads", qh), ai("kv_num_heads", kvh)]);
        check! { c @ 23; "att heads" => Fails("heads"), heads, q3; }
    }
    check! { c @ 23;
        "att group" => Fails("cannot be grouped"), qkv(&[]),
            shapes(&[1, 3, 3, 4], &[1, 2, 5, 4], &[1, 2, 5, 4]);
        "att ranks" => Fails("must all be 3-D or all 4-D"), qkv(&[]),
            shapes(&[1, 2, 3, 4], &[1, 5, 8], &[1, 2, 5, 4]);
        "att rank 0" => Fails("must all be 3-D or all 4-D"), qkv(&[]), shapes(&[], &[], &[]);
        "att rank 2" => Fails("must all be 3-D or all 4-D"), qkv(&[]),
            shapes(&[3, 4], &[5, 4], &[5, 4]);
        "att types" => Fails("share one float element type"), qkv(&[]), ints;
        "att head size" => Fails("do not agree"), qkv(&[]),
            shapes(&[1, 2, 3, 4], &[1, 2, 5, 3], &[1, 2, 5, 4]);
    }
    let plus = |extra: In<'static>| [q4[0], q4[1], q4[2], extra];
    let masked = att(&["q", "k", "v", "m"], &[]);
    check! { c @ 23;
        "att mask rank 0" => Fails("does not broadcast"), masked, plus(("m", F, &[]));
        "att mask rank 5" => Fails("does not broadcast"), masked, plus(("m", F, &[1, 1, 1, 1, 5]));
        "att mask long" => Fails("does not broadcast"), masked, plus(("m", F, &[3, 9]));
        "att mask type" => Fails("attn_mask must be BOOL"), masked, plus(("m", I64, &[3, 5]));
        "att short mask" => Imports("nn.concat"), masked, plus(("m", dt::BOOL, &[3, 2]));
    }
    let with_past = |pk: &'static [i64], pv: &'static [i64]| {
        [q4[0], q4[1], q4[2], ("pk", F, pk), ("pv", F, pv)]
    };
    let nonpad = att(&["q", "k", "v", "", "", "", "n"], &[]);
    check! { c @ 23;
        "att past rank" => Fails("must be 4-D"), att(&["q", "k", "v", "", "pk", "pv"], &[]),
            with_past(&[1, 2, 4], &[1, 2, 4]);
        "att past alone" => Fails("given together"), att(&["q", "k", "v", "", "pk"], &[]),
            with_past(&[1, 2, 2, 4], &[1, 2, 2, 4]);
        "att past shape" => Fails("cannot concatenate"), att(&["q", "k", "v", "", "pk", "pv"], &[]),
            with_past(&[1, 2, 2, 4], &[1, 3, 2, 4]);
    }
    check! { c @ 24;
        "att nonpad type" => Fails("nonpad_kv_seqlen"), nonpad, plus(("n", F, &[1]));
        "att nonpad shape" => Fails("nonpad_kv_seqlen"), nonpad, plus(("n", I64, &[2]));
    }
    let huge: &[i64] = &[1, 1, 1 << 20, 1];
    check! { c @ 23;
        "att zero head size" => Imports("nn.softmax"), qkv(&[]),
            shapes(&[1, 1, 2, 0], &[1, 1, 2, 0], &[1, 1, 2, 0]);
        "att causal huge" => Fails("too large"), qkv(&[ai("is_causal", 1)]),
            shapes(huge, huge, huge);
    }
    c.finish();
}

#[test]
fn rotary_embedding_rejects_bad_shapes() {
    let mut c = Checker::default();
    let rot = |ins: &[&str], a: &[AttributeProto]| nd("RotaryEmbedding", ins, a);
    let xcsp = |x: &'static [i64], cos: &'static [i64], sin: &'static [i64], p: In<'static>| {
        [xf(x), ("c", F, cos), ("s", F, sin), p]
    };
    let ok4 = xcsp(&[1, 2, 3, 4], &[8, 2], &[8, 2], ("p", I64, &[1, 3]));
    let xcs = |x: &'static [i64], cos: &'static [i64], sin| f32s("xcs", &[x, cos, sin]);
    let x3 = xcs(&[1, 3, 8], &[1, 3, 2], &[1, 3, 2]);
    let all = ["x", "c", "s", "p"];
    let heads = |h| rot(&all[..3], &[ai("num_heads", h)]);
    check! { c @ 23;
        "rot 4-D" => Imports("tensor<1x2x3x4xf32>"), rot(&all, &[]), ok4;
        "rot interleaved" => Imports("tensor<1x2x3x4xf32>"), rot(&all, &[ai("interleaved", 1)]),
            ok4;
        "rot missing sin" => Fails("requires input #2"), rot(&all[..2], &[]), ok4;
    }
    for rd in [1, 3, -2, 6, BIG, i64::MIN] {
        let dim = rot(&all, &[ai("rotary_embedding_dim", rd)]);
        check! { c @ 23; "rot dim" => Fails("rotary_embedding_dim"), dim, ok4; }
    }
    check! { c @ 23;
        "rot rank 2" => Fails("must be 3-D or 4-D"), rot(&all[..3], &[]),
            xcs(&[3, 4], &[3, 2], &[3, 2]);
        "rot rank 0" => Fails("must be 3-D or 4-D"), rot(&all[..3], &[]), xcs(&[], &[], &[]);
    }
    for h in [0, -1, 3, BIG, i64::MIN] {
        check! { c @ 23; "rot heads" => Fails("num_heads"), heads(h), x3; }
    }
    let half = [
        xf(&[1, 2, 3, 4]),
        ("c", dt::FLOAT16, &[1, 3, 2]),
        ("s", F, &[1, 3, 2]),
    ];
    check! { c @ 23;
        "rot no heads" => Fails("num_heads"), rot(&all[..3], &[]), x3;
        "rot 3-D" => Imports("tensor<1x3x8xf32>"), heads(2), x3;
        "rot cache" => Fails("cache must be"), heads(2), xcs(&[1, 3, 8], &[1, 3], &[1, 3, 2]);
        "rot cache pos" => Fails("a cache must be"), rot(&all, &[]),
            xcsp(&[1, 2, 3, 4], &[8], &[8, 2], ("p", I64, &[1, 3]));
        "rot pos type" => Fails("position_ids"), rot(&all, &[]),
            xcsp(&[1, 2, 3, 4], &[8, 2], &[8, 2], ("p", F, &[1, 3]));
        "rot pos shape" => Fails("position_ids"), rot(&all, &[]),
            xcsp(&[1, 2, 3, 4], &[8, 2], &[8, 2], ("p", I64, &[]));
        "rot types" => Fails("share one float"), rot(&all[..3], &[]), half;
        "rot zero size" => Fails("rotary_embedding_dim"), rot(&all[..3], &[]),
            xcs(&[1, 2, 3, 0], &[1, 3, 0], &[1, 3, 0]);
    }
    c.finish();
}

#[test]
fn losses_reject_bad_shapes() {
    let mut c = Checker::default();
    let xt = |x: &'static [i64], t: In<'static>| [xf(x), t];
    let ok = xt(&[2, 3], ("t", I64, &[2]));
    let xtw = |w: &'static [i64]| [xf(&[2, 3]), ("t", I64, &[2]), ("w", F, w)];
    for op in ["NegativeLogLikelihoodLoss", "SoftmaxCrossEntropyLoss"] {
        let n = |a: &[AttributeProto]| nd(op, &["x", "t"], a);
        let w = |a: &[AttributeProto]| nd(op, &["x", "t", "w"], a);
        check! { c @ 13;
            op => Imports("tensor<f32>"), n(&[]), ok;
            op => Imports("tensor<f32>"), n(&[ai("ignore_index", BIG)]), ok;
            op => Imports("tensor<f32>"), n(&[ai("ignore_index", i64::MIN)]),
                xt(&[2, 3], ("t", dt::INT32, &[2]));
            op => Fails("requires input #1"), un(op, &[]), ok;
            op => Fails("reduction 'avg'"), n(&[as_("reduction", "avg")]), ok;
            op => Fails(""), n(&[]), xt(&[], ("t", I64, &[]));
            op => Fails(""), n(&[]), xt(&[3], ("t", I64, &[]));
            op => Fails("INT32/INT64 target"), n(&[]), xt(&[2, 3], ("t", I64, &[3]));
            op => Fails("INT32/INT64 target"), n(&[]), xt(&[2, 3], ("t", F, &[2]));
            op => Fails("INT32/INT64 target"), n(&[]), xt(&[2, 3, 4], ("t", I64, &[2, 5]));
            op => Fails("INT32/INT64 target"), n(&[]), [("x", I64, &[2, 3]), ("t", I64, &[2])];
            op => Fails("weight must be"), w(&[]), xtw(&[4]);
            op => Fails("weight must be"), w(&[]), xtw(&[]);
            op => Imports("tensor<f32>"), w(&[ai("ignore_index", 1)]), xtw(&[3]);
            op => Imports("tensor<0xf32>"), n(&[as_("reduction", "none")]),
                xt(&[0, 3], ("t", I64, &[0]));
            op => Fails("too large"), n(&[]), xt(&[1, 1 << 40], ("t", I64, &[1]));
        }
    }
    let sce = node("SoftmaxCrossEntropyLoss", &["x", "t"], &["y", "lp"], vec![]);
    check! { c @ 13; "sce log_prob" => Imports("nn.log_softmax"), sce, ok; }
    c.finish();
}

#[test]
fn logic_and_math_reject_bad_operands() {
    let mut c = Checker::default();
    let cs = nd("CumSum", &["x", "a"], &[]);
    let x23 = [xf(&[2, 3])];
    check! { c @ 14;
        "cumsum axis vec" => Fails("one-element 'axis'"), cs, x23, [i64t("a", &[2], &[0, 1])];
        "cumsum axis empty" => Fails("one-element 'axis'"), cs, x23, [i64t("a", &[0], &[])];
        "cumsum axis range" => Fails("out of range"), cs, x23, [i64t("a", &[], &[BIG])];
        "cumsum rank 0" => Fails("out of range"), cs, [xf(&[])], [i64t("a", &[], &[0])];
        "cumsum runtime axis" => Fails("must be a constant"), cs, [xf(&[2, 3]), ("a", I64, &[])];
        "cumsum float axis" => Fails("must hold integers"), cs, x23, [f32t("a", &[], &[0.0])];
        "cumsum no axis" => Fails("one-element 'axis'"), un("CumSum", &[]), x23;
        "cumsum" => Imports("nn.cumsum"), nd("CumSum", &["x", "a"], &[ai("reverse", 1)]), x23,
            [i32t("a", &[1], &[-1])];
    }
    let ge = |a: &[AttributeProto]| nd("GatherElements", &["d", "i"], a);
    let di = |d: &'static [i64], i: In<'static>| [("d", F, d), i];
    let d23 = di(&[2, 3], ("i", I64, &[2, 3]));
    let md = |a: &[AttributeProto]| nd("Mod", &["a", "b"], a);
    let ab = |t: i32, a: &'static [i64], u: i32, b: &'static [i64]| [("a", t, a), ("b", u, b)];
    let edge = [
        i64t("a", &[3], &[i64::MIN, 5, -7]),
        i64t("b", &[3], &[-1, 0, 2]),
    ];
    check! { c @ 13;
        "ge axis" => Fails(""), ge(&[ai("axis", BIG)]), d23;
        "ge axis min" => Fails(""), ge(&[ai("axis", i64::MIN)]), d23;
        "ge rank" => Fails(""), ge(&[]), di(&[2, 3], ("i", I64, &[2]));
        "ge rank 0" => Fails(""), ge(&[]), di(&[], ("i", I64, &[]));
        "ge float idx" => Fails(""), ge(&[]), di(&[2, 3], ("i", F, &[2, 3]));
        "ge const idx" => NoPanic, ge(&[]), [("d", F, &[2, 3])], [i64t("i", &[1, 1], &[BIG])];
        "ge" => Imports("nn.gather_elements"), ge(&[ai("axis", -1)]),
            di(&[2, 3], ("i", I64, &[2, 1]));
        "mod float" => Fails("requires fmod = 1"), md(&[]), ab(F, &[2], F, &[2]);
        "mod types" => Fails("element types differ"), md(&[]), ab(I64, &[2], dt::INT32, &[2]);
        "mod shapes" => Fails("broadcast"), md(&[]), ab(I64, &[2], I64, &[3]);
        "mod one input" => Fails("requires input #1"), nd("Mod", &["a"], &[]), [("a", I64, &[2])];
        "mod fold edge" => Imports("nn.mod"), md(&[]), [], edge;
        "fmod fold edge" => Imports("nn.mod"), md(&[ai("fmod", 1)]), [], edge;
        "mod fold" => Imports("dense<[0, 1]>"), md(&[]), [],
            [i64t("a", &[2], &[i64::MIN, -7]), i64t("b", &[2], &[-1, 2])];
    }
    let bs = |a: &[AttributeProto]| nd("BitShift", &["a", "b"], a);
    let dir = |d| bs(&[as_("direction", d)]);
    let u8s = ab(dt::UINT8, &[2], dt::UINT8, &[2]);
    let bad_utf8 = AttributeProto {
        s: Some(vec![0xff]),
        ..as_("direction", "")
    };
    check! { c @ 13;
        "shift no dir" => Fails("direction must be LEFT or RIGHT"), bs(&[]), u8s;
        "shift dir" => Fails("direction must be LEFT or RIGHT"), dir("UP"), u8s;
        "shift dir bytes" => Fails("not valid UTF-8"), bs(&[bad_utf8]), u8s;
        "shift types" => Fails("element types differ"), dir("LEFT"),
            ab(dt::UINT8, &[2], dt::UINT32, &[2]);
        "shift float" => NoPanic, dir("LEFT"), ab(F, &[2], F, &[2]);
        "shift" => Imports("nn.bit_shift"), dir("RIGHT"), ab(dt::UINT64, &[2], dt::UINT64, &[]);
    }
    // Logic and bitwise on odd types, folded constants at the edges.
    let ends = [i64t("a", &[2], &[i64::MIN, -1]), i64t("b", &[1], &[BIG])];
    for op in ["And", "Or", "Xor", "BitwiseAnd", "BitwiseOr", "BitwiseXor"] {
        check! { c @ 18;
            op => NoPanic, nd(op, &["a", "b"], &[]), ab(F, &[2], F, &[2]);
            op => Imports("tensor<2xi64>"), nd(op, &["a", "b"], &[]), [], ends;
            op => Fails("requires input #1"), nd(op, &["a"], &[]), [("a", I64, &[2])];
        }
    }
    for op in "Not BitwiseNot Sin Acosh Round Sign IsNaN IsInf Floor".split_whitespace() {
        check! { c @ 18;
            op => NoPanic, nd(op, &["a"], &[]), [("a", dt::BOOL, &[])];
            op => NoPanic, nd(op, &["a"], &[]), [("a", F, &[0])];
            op => Fails("requires input #0"), nd(op, &[], &[]), [];
        }
    }
    let bools = [i32data("a", dt::BOOL, &[2], &[0, 7])];
    check! { c @ 18;
        "not fold" => Imports("dense<[true, false]>"), nd("Not", &["a"], &[]), [], bools;
    }
    c.finish();
}

#[test]
fn packed_types_decode_or_fail_cleanly() {
    let mut c = Checker::default();
    let id = nd("Identity", &["w"], &[]);
    let cast = |ins: &[&str], to: i32| nd("Cast", ins, &[ai("to", to.into())]);
    for code in [dt::INT4, dt::UINT4, dt::FLOAT4E2M1, dt::INT2, dt::UINT2] {
        let nbytes = 1 + usize::from(code != dt::INT2 && code != dt::UINT2);
        let w = |dims: &[i64], raw: &[u8]| [packed("w", code, dims, raw)];
        let ints = |dims: &[i64], v: &[i32]| [i32data("w", code, dims, v)];
        check! { c @ 21;
            "packed short" => Fails("raw data has 1 bytes"), id, [], w(&[9], &[0x12]);
            "packed long" => Fails("raw data has 9 bytes"), id, [], w(&[3], &[0; 9]);
            "packed negative dim" => Fails("is negative"), id, [], w(&[-1], &[]);
            "packed huge" => Fails("too many elements"), id, [], w(&[BIG, BIG], &[1]);
            "packed typed count" => Fails("int32_data has 1 values"), id, [], ints(&[9], &[0x12]);
            "packed empty" => Imports("tensor<0x"), id, [], w(&[0, 5], &[]);
            "packed odd" => Imports("tensor<3x"), id, [], w(&[3], &vec![0xff; nbytes]);
            "packed typed" => Imports("tensor<3x"), id, [], ints(&[3], &vec![-1; nbytes]);
            // Casts to and from the packed type.
            "cast to packed" => Imports("nn.cast"), cast(&["x"], code), [xf(&[3])];
            "cast packed const" => NoPanic, cast(&["w"], dt::FLOAT), [], w(&[3], &[0xff, 0xff]);
            "cast const to packed" => NoPanic, cast(&["w"], code), [],
                [f32t("w", &[3], &[1e30, -1e30, f32::NAN])];
        }
    }
    let double = TensorProto {
        double_data: vec![1.0],
        ..packed("w", dt::DOUBLE, &[2], &[])
    };
    let uint32 = TensorProto {
        uint64_data: vec![u64::MAX, 1],
        ..packed("w", dt::UINT32, &[2], &[])
    };
    let e8m0 = [
        ai("to", dt::FLOAT8E8M0.into()),
        as_("round_mode", "sideways"),
    ];
    check! { c @ 21;
        "cast to" => Fails("requires attribute 'to'"), un("Cast", &[]), [xf(&[3])];
        "cast to huge" => Fails("not supported"), un("Cast", &[ai("to", BIG)]), [xf(&[3])];
        "cast to string" => Fails("not supported"), cast(&["x"], 8), [xf(&[3])];
    }
    check! { c @ 24;
        "cast e8m0 mode" => Fails("round_mode"), un("Cast", &e8m0), [xf(&[3])];
    }
    check! { c @ 21;
        "double typed count" => Fails("double_data has 1 values"), id, [], [double];
        "uint64 raw" => Fails("raw data has 3 bytes"), id, [],
            [packed("w", dt::UINT64, &[1], &[1, 2, 3])];
        "uint32 typed" => Imports("tensor<2xui32>"), id, [], [uint32];
    }
    c.finish();
}

#[test]
fn constants_and_dropout_fail_cleanly() {
    let mut c = Checker::default();
    let drop = nd("Dropout", &["x", "r", "t"], &[]);
    let cos = nd("ConstantOfShape", &["s"], &[]);
    let empty_value = nd(
        "ConstantOfShape",
        &["s"],
        &[at("value", f32t("v", &[0], &[]))],
    );
    let range = nd("Range", &["a", "b", "d"], &[]);
    let scalars = |a, b, d| {
        [
            f32t("a", &[], &[a]),
            f32t("b", &[], &[b]),
            f32t("d", &[], &[d]),
        ]
    };
    let shape = un("Shape", &[ai("start", i64::MIN), ai("end", BIG)]);
    check! { c @ 13;
        "dropout empty training" => Fails(""), drop, [xf(&[2])],
            [f32t("r", &[], &[0.5]), i32data("t", dt::BOOL, &[0], &[])];
        "dropout empty ratio" => Fails("ratio"), drop, [xf(&[2])],
            [f32t("r", &[0], &[]), i32data("t", dt::BOOL, &[], &[1])];
        "dropout mask" => Imports("return %arg0"), node("Dropout", &["x"], &["y", "m"], vec![]),
            [xf(&[2])];
        "cos negative" => Fails("is negative"), cos, [], [i64t("s", &[2], &[2, -1])];
        "cos value" => Fails("exactly one element"), empty_value, [], [i64t("s", &[1], &[2])];
        "constant none" => Fails("has no value attribute"), nd("Constant", &[], &[]), [];
        "range zero" => Fails("delta must not be 0"), range, [], scalars(0.0, 1.0, 0.0);
        "range nan" => Imports("tensor<0xf32>"), range, [], scalars(0.0, f32::NAN, 1.0);
    }
    check! { c @ 15; "shape range" => NoPanic, shape, [xf(&[2, 3])]; }
    c.finish();
}

#[test]
fn window_counts_match_a_direct_count() {
    use neuron_onnx::ops::window::Axis;
    for (input, kernel, stride, dilation, pad_begin, pad_end, declared_end) in [
        (8, 3, 2, 1, 1, 2, 1),
        (7, 2, 3, 2, 0, 3, 0),
        (5, 4, 1, 3, 2, 4, 2),
        (1, 1, 1, 1, 0, 0, 0),
        (6, 5, 4, 1, 3, 3, 3),
    ] {
        let g = Axis {
            input,
            kernel,
            stride,
            dilation,
            pad_begin,
            pad_end,
            declared_end,
            out: 6,
        };
        for o in 0..6 {
            for with_pads in [false, true] {
                let (lo, hi) = if with_pads {
                    (-pad_begin, input + declared_end)
                } else {
                    (0, input)
                };
                let direct = (0..kernel)
                    .map(|j| o * stride - pad_begin + j * dilation)
                    .filter(|p| (lo..hi).contains(p))
                    .count() as i64;
                assert_eq!(
                    g.count(o, with_pads),
                    direct,
                    "{g:?} o={o} pads={with_pads}"
                );
            }
        }
    }
    let huge = Axis {
        input: 4,
        kernel: i64::MAX,
        stride: i64::MAX,
        dilation: i64::MAX,
        pad_begin: i64::MAX,
        pad_end: i64::MAX,
        declared_end: i64::MAX,
        out: 3,
    };
    assert_eq!(huge.count(2, true), 1);
    assert_eq!(huge.count(2, false), 0);
}

#[test]
fn empty_tensors_with_huge_dimensions_never_panic() {
    // A zero dimension first makes any later size a valid (empty) static shape.
    let mut c = Checker::default();
    let wide = [xf(&[0, BIG])];
    for mode in ["constant", "reflect", "edge", "wrap"] {
        let pad = nd("Pad", &["x", "p"], &[as_("mode", mode)]);
        check! { c @ 19; mode => NoPanic, pad, wide, [i64t("p", &[4], &[1, 1 << 30, 1, 1 << 30])]; }
    }
    let big_seq: &[i64] = &[0, 1, BIG, 1];
    let causal = nd("Attention", &["q", "k", "v"], &[ai("is_causal", 1)]);
    let nll = nd("NegativeLogLikelihoodLoss", &["x", "t"], &[]);
    check! { c @ 13;
        "tile" => Fails("too many elements"), nd("Tile", &["x", "r"], &[]), wide,
            [i64t("r", &[2], &[1, 2])];
        "concat" => Fails("too large"), nd("Concat", &["x", "x"], &[ai("axis", 1)]), wide;
        "d2s" => Fails("too large"), un("DepthToSpace", &[ai("blocksize", 2)]),
            [xf(&[0, 4, BIG, BIG])];
        "s2d" => Fails("too large"), un("SpaceToDepth", &[ai("blocksize", 2)]),
            [xf(&[0, BIG, 2, 2])];
    }
    check! { c @ 14; "trilu" => Imports("tensor<0x"), un("Trilu", &[]), [xf(&[0, BIG, BIG])]; }
    check! { c @ 13; "eye" => Imports("tensor<0x"), un("EyeLike", &[]), wide; }
    check! { c @ 23;
        "attention" => Fails(""), causal, f32s("qkv", &[big_seq, big_seq, big_seq]);
    }
    check! { c @ 13; "nll" => Fails("too large"), nll, [xf(&[0, BIG]), ("t", I64, &[0])]; }
    for op in ["MaxPool", "AveragePool"] {
        let dilated = un(op, &[ais("kernel_shape", &[2]), ais("dilations", &[2])]);
        let pads = [
            ais("kernel_shape", &[2, 1]),
            ais("pads", &[BIG / 2, 0, BIG / 2, 0]),
        ];
        let indices = node(op, &["x"], &["y", "i"], pads.to_vec());
        check! { c @ 19;
            op => NoPanic, dilated, [xf(&[0, 1, BIG])];
            op => NoPanic, indices, [xf(&[1 << 20, 1 << 20, 4, 0])];
        }
    }
    let gn = nd(
        "GroupNormalization",
        &["x", "s", "b"],
        &[ai("num_groups", 1)],
    );
    let rot = nd("RotaryEmbedding", &["x", "c", "s"], &[]);
    let rot_ins = f32s("xcs", &[&[0, 1, BIG, 2], &[0, BIG, 1], &[0, BIG, 1]]);
    check! { c @ 19;
        "conv" => NoPanic, nd("Conv", &["x", "w"], &[]), f32s("xw", &[&[0, 1, BIG], &[1, 1, 2]]);
    }
    check! { c @ 18; "gn" => NoPanic, gn, f32s("xsb", &[&[0, 1, BIG], &[1], &[1]]); }
    check! { c @ 23; "rotary" => NoPanic, rot, rot_ins; }
    c.finish();
}

#[test]
fn every_new_op_on_every_element_type_never_panics() {
    let mut c = Checker::default();
    let elems = [
        dt::BOOL,
        dt::INT4,
        dt::UINT2,
        dt::INT8,
        dt::UINT64,
        dt::FLOAT16,
        dt::BFLOAT16,
        dt::FLOAT8E8M0,
        dt::FLOAT4E2M1,
        dt::FLOAT8E5M2FNUZ,
    ];
    let unary =
        "Elu HardSigmoid HardSwish Selu Softplus Softsign Mish Celu ThresholdedRelu Shrink \
        ReduceL1 ReduceL2 ReduceLogSum ReduceLogSumExp ReduceSumSquare ReduceMin ReduceProd ArgMax \
        ArgMin LpNormalization MeanVarianceNormalization Trilu Not BitwiseNot Sin Atanh Ceil Round \
        Sign IsNaN IsInf Identity";
    let binary = "PRelu And Or Xor BitwiseAnd BitwiseOr BitwiseXor Mod GatherElements";
    let shift = nd("BitShift", &["x", "z"], &[as_("direction", "LEFT")]);
    let cast = un("Cast", &[ai("to", dt::INT4.into())]);
    let pad = nd("Pad", &["x", "p"], &[as_("mode", "reflect")]);
    let cube = [ais("kernel_shape", &[2, 2, 2])];
    for e in elems {
        for op in unary.split_whitespace() {
            check! { c @ 24; op => NoPanic, un(op, &[]), [("x", e, &[2, 3, 2])]; }
        }
        for op in binary.split_whitespace() {
            let both = [("x", e, &[2, 3][..]), ("z", e, &[2, 3])];
            check! { c @ 24; op => NoPanic, nd(op, &["x", "z"], &[]), both; }
        }
        for op in ["MaxPool", "AveragePool"] {
            check! { c @ 24; op => NoPanic, un(op, &cube), [("x", e, &[1, 1, 3, 3, 3])]; }
        }
        check! { c @ 24;
            "BitShift" => NoPanic, shift, [("x", e, &[2]), ("z", e, &[2])];
            "Cast" => NoPanic, cast, [("x", e, &[2])];
            "CastLike" => NoPanic, nd("CastLike", &["x", "z"], &[]), [xf(&[2]), ("z", e, &[])];
            "CumSum" => NoPanic, nd("CumSum", &["x", "a"], &[]), [("x", e, &[2, 3])],
                [i64t("a", &[], &[1])];
            "Tile" => NoPanic, nd("Tile", &["x", "r"], &[]), [("x", e, &[2, 3])],
                [i64t("r", &[2], &[2, 2])];
            "DepthToSpace" => NoPanic, un("DepthToSpace", &[ai("blocksize", 2)]),
                [("x", e, &[1, 4, 2, 2])];
            "EyeLike" => NoPanic, un("EyeLike", &[]), [("x", e, &[2, 3])];
            "Pad" => NoPanic, pad, [("x", e, &[2, 3])], [i64t("p", &[4], &[1, 1, 1, 1])];
            "Conv" => NoPanic, nd("Conv", &["x", "w"], &[]),
                [("x", e, &[1, 1, 3]), ("w", e, &[1, 1, 2])];
        }
    }
    c.finish();
}
