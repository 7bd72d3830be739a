//! Hostile models for the newer converters (activations, extra reductions and
//! normalisations, movement, attention, rotary, losses, N-d windows, pad modes, logic/math,
//! packed element types): each must import cleanly or fail with a clear node error, and
//! none may panic.

mod common;

use common::*;
use neuron_onnx::proto::{data_type as dt, NodeProto, TensorProto};
use std::panic::{catch_unwind, AssertUnwindSafe};

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

/// Collects every unexpected outcome, so one run reports them all.
#[derive(Default)]
struct Checker {
    failures: Vec<String>,
}

impl Checker {
    /// The model must fail with a node error of `n`'s operator containing `needle`.
    fn err(
        &mut self,
        label: &str,
        needle: &str,
        n: NodeProto,
        ins: &[In],
        inits: Vec<TensorProto>,
        opset: i64,
    ) {
        let op = n.op_type.clone();
        match outcome(n, ins, inits, opset) {
            Outcome::Err(e)
                if e.contains(needle)
                    && (e.contains(&format!("({op})")) || e.contains(&format!("at '{op}#"))) => {}
            Outcome::Err(e) => self
                .failures
                .push(format!("{label}: error lacks '{needle}': {e}")),
            Outcome::Ok(_) => self
                .failures
                .push(format!("{label}: imported, expected an error")),
            Outcome::Panic(p) => self.failures.push(format!("{label}: PANIC: {p}")),
        }
    }

    /// The model must import, and its text contain `needle`.
    fn ok(
        &mut self,
        label: &str,
        needle: &str,
        n: NodeProto,
        ins: &[In],
        inits: Vec<TensorProto>,
        opset: i64,
    ) {
        match outcome(n, ins, inits, opset) {
            Outcome::Ok(t) if t.contains(needle) => {}
            Outcome::Ok(t) => self
                .failures
                .push(format!("{label}: output lacks '{needle}':\n{t}")),
            Outcome::Err(e) => self.failures.push(format!("{label}: failed: {e}")),
            Outcome::Panic(p) => self.failures.push(format!("{label}: PANIC: {p}")),
        }
    }

    /// The model may import or fail, but must not panic.
    fn no_panic(
        &mut self,
        label: &str,
        n: NodeProto,
        ins: &[In],
        inits: Vec<TensorProto>,
        opset: i64,
    ) {
        if let Outcome::Panic(p) = outcome(n, ins, inits, opset) {
            self.failures.push(format!("{label}: PANIC: {p}"));
        }
    }

    fn finish(self) {
        assert!(self.failures.is_empty(), "{}", self.failures.join("\n"));
    }
}

fn i32t(name: &str, dims: &[i64], v: &[i32]) -> TensorProto {
    TensorProto {
        name: name.into(),
        dims: dims.to_vec(),
        data_type: dt::INT32,
        int32_data: v.to_vec(),
        ..Default::default()
    }
}

#[test]
fn activations_reject_bad_inputs() {
    let mut c = Checker::default();
    for op in [
        "Elu",
        "HardSigmoid",
        "Selu",
        "Softplus",
        "Softsign",
        "ThresholdedRelu",
        "Shrink",
    ] {
        c.err(
            op,
            "needs a float tensor",
            node(op, &["x"], &["y"], vec![]),
            &[("x", I64, &[2])],
            vec![],
            18,
        );
        c.err(
            op,
            "requires input #0",
            node(op, &[], &["y"], vec![]),
            &[],
            vec![],
            18,
        );
        c.ok(
            op,
            "tensor<f32>",
            node(op, &["x"], &["y"], vec![]),
            &[("x", F, &[])],
            vec![],
            18,
        );
        c.ok(
            op,
            "tensor<0x3xf32>",
            node(op, &["x"], &["y"], vec![]),
            &[("x", F, &[0, 3])],
            vec![],
            18,
        );
    }
    c.err(
        "HardSwish",
        "needs a float tensor",
        node("HardSwish", &["x"], &["y"], vec![]),
        &[("x", dt::BOOL, &[2])],
        vec![],
        18,
    );
    c.err(
        "Mish",
        "needs a float tensor",
        node("Mish", &["x"], &["y"], vec![]),
        &[("x", dt::INT8, &[2])],
        vec![],
        18,
    );
    c.err(
        "Swish",
        "needs a float tensor",
        node("Swish", &["x"], &["y"], vec![]),
        &[("x", dt::INT32, &[2])],
        vec![],
        24,
    );
    c.err(
        "Celu alpha 0",
        "alpha must not be 0",
        node("Celu", &["x"], &["y"], vec![af("alpha", 0.0)]),
        &[("x", F, &[2])],
        vec![],
        18,
    );
    c.err(
        "Elu alpha type",
        "must be FLOAT",
        node("Elu", &["x"], &["y"], vec![ai("alpha", 1)]),
        &[("x", F, &[2])],
        vec![],
        18,
    );
    c.err(
        "PRelu slope",
        "cannot be broadcast",
        node("PRelu", &["x", "s"], &["y"], vec![]),
        &[("x", F, &[2, 3]), ("s", F, &[4])],
        vec![],
        18,
    );
    c.err(
        "PRelu wider slope",
        "cannot be broadcast",
        node("PRelu", &["x", "s"], &["y"], vec![]),
        &[("x", F, &[3]), ("s", F, &[2, 3])],
        vec![],
        18,
    );
    c.err(
        "PRelu one input",
        "requires input #1",
        node("PRelu", &["x"], &["y"], vec![]),
        &[("x", F, &[3])],
        vec![],
        18,
    );
    c.err(
        "PRelu types",
        "element types differ",
        node("PRelu", &["x", "s"], &["y"], vec![]),
        &[("x", F, &[3]), ("s", I64, &[3])],
        vec![],
        18,
    );
    c.ok(
        "PRelu rank 0",
        "nn.where",
        node("PRelu", &["x", "s"], &["y"], vec![]),
        &[("x", F, &[]), ("s", F, &[])],
        vec![],
        18,
    );
    c.finish();
}

#[test]
fn extra_reductions_reject_bad_axes() {
    let mut c = Checker::default();
    for op in [
        "ReduceL1",
        "ReduceL2",
        "ReduceLogSum",
        "ReduceLogSumExp",
        "ReduceSumSquare",
        "ReduceMin",
        "ReduceProd",
    ] {
        let n = |attrs| node(op, &["x"], &["y"], attrs);
        c.err(
            op,
            "out of range",
            n(vec![ais("axes", &[5])]),
            &[("x", F, &[2, 3])],
            vec![],
            13,
        );
        c.err(
            op,
            "out of range",
            n(vec![ais("axes", &[i64::MIN])]),
            &[("x", F, &[2, 3])],
            vec![],
            13,
        );
        c.err(
            op,
            "twice",
            n(vec![ais("axes", &[1, -1])]),
            &[("x", F, &[2, 3])],
            vec![],
            13,
        );
        c.err(
            op,
            "out of range",
            n(vec![ais("axes", &[0])]),
            &[("x", F, &[])],
            vec![],
            13,
        );
        c.ok(op, "tensor<f32>", n(vec![]), &[("x", F, &[])], vec![], 13);
        c.ok(
            op,
            "tensor<1x1xf32>",
            n(vec![]),
            &[("x", F, &[0, 3])],
            vec![],
            13,
        );
        let with_axes = node(op, &["x", "a"], &["y"], vec![]);
        c.err(
            op,
            "must hold integers",
            with_axes.clone(),
            &[("x", F, &[2, 3])],
            vec![f32t("a", &[1], &[0.0])],
            18,
        );
        c.err(
            op,
            "must be a constant",
            with_axes.clone(),
            &[("x", F, &[2, 3]), ("a", I64, &[1])],
            vec![],
            18,
        );
        c.err(
            op,
            "out of range",
            with_axes.clone(),
            &[("x", F, &[2, 3])],
            vec![i64t("a", &[1], &[BIG])],
            18,
        );
        c.ok(
            op,
            "tensor<2x3xf32>",
            node(op, &["x", "a"], &["y"], vec![ai("noop_with_empty_axes", 1)]),
            &[("x", F, &[2, 3])],
            vec![i64t("a", &[0], &[])],
            18,
        );
    }
    for op in [
        "ReduceL1",
        "ReduceL2",
        "ReduceLogSum",
        "ReduceLogSumExp",
        "ReduceSumSquare",
    ] {
        c.err(
            op,
            "needs a float tensor",
            node(op, &["x"], &["y"], vec![]),
            &[("x", I64, &[2])],
            vec![],
            13,
        );
    }
    for op in ["ArgMax", "ArgMin"] {
        let n = |attrs| node(op, &["x"], &["y"], attrs);
        c.err(op, "out of range", n(vec![]), &[("x", F, &[])], vec![], 13);
        c.err(
            op,
            "out of range",
            n(vec![ai("axis", BIG)]),
            &[("x", F, &[2])],
            vec![],
            13,
        );
        c.err(
            op,
            "out of range",
            n(vec![ai("axis", i64::MIN)]),
            &[("x", F, &[2])],
            vec![],
            13,
        );
        c.err(
            op,
            "must be INT",
            n(vec![af("axis", 0.0)]),
            &[("x", F, &[2])],
            vec![],
            13,
        );
        c.no_panic(op, n(vec![ai("axis", 1)]), &[("x", F, &[2, 0])], vec![], 13);
        c.ok(
            op,
            "tensor<2xi64>",
            n(vec![ai("axis", -1), ai("keepdims", 0)]),
            &[("x", F, &[2, 3])],
            vec![],
            13,
        );
    }
    c.finish();
}

#[test]
fn normalisations_reject_bad_parameters() {
    let mut c = Checker::default();
    // RMSNormalization
    let rms = |attrs| node("RMSNormalization", &["x", "s"], &["y"], attrs);
    c.err(
        "rms rank 0",
        "out of range",
        rms(vec![]),
        &[("x", F, &[]), ("s", F, &[])],
        vec![],
        23,
    );
    c.err(
        "rms axis",
        "out of range",
        rms(vec![ai("axis", BIG)]),
        &[("x", F, &[2, 3]), ("s", F, &[3])],
        vec![],
        23,
    );
    c.err(
        "rms stash",
        "not an ONNX data type",
        rms(vec![ai("stash_type", BIG)]),
        &[("x", F, &[2, 3]), ("s", F, &[3])],
        vec![],
        23,
    );
    c.err(
        "rms stash int",
        "not a float type",
        rms(vec![ai("stash_type", 7)]),
        &[("x", F, &[2, 3]), ("s", F, &[3])],
        vec![],
        23,
    );
    c.err(
        "rms scale",
        "does not broadcast",
        rms(vec![]),
        &[("x", F, &[2, 3]), ("s", F, &[4, 2, 3])],
        vec![],
        23,
    );
    c.err(
        "rms int",
        "needs a float tensor",
        rms(vec![]),
        &[("x", I64, &[2, 3]), ("s", I64, &[3])],
        vec![],
        23,
    );
    c.err(
        "rms missing scale",
        "requires input #1",
        node("RMSNormalization", &["x"], &["y"], vec![]),
        &[("x", F, &[2, 3])],
        vec![],
        23,
    );
    // GroupNormalization
    let gn = |attrs| node("GroupNormalization", &["x", "s", "b"], &["y"], attrs);
    let gins: &[In] = &[("x", F, &[1, 4, 2]), ("s", F, &[2]), ("b", F, &[2])];
    c.err(
        "gn no groups",
        "requires attribute 'num_groups'",
        gn(vec![]),
        gins,
        vec![],
        18,
    );
    c.err(
        "gn 0 groups",
        "must be positive",
        gn(vec![ai("num_groups", 0)]),
        gins,
        vec![],
        18,
    );
    c.err(
        "gn -1 groups",
        "must be positive",
        gn(vec![ai("num_groups", -1)]),
        gins,
        vec![],
        18,
    );
    c.err(
        "gn 3 groups",
        "divide the channel count",
        gn(vec![ai("num_groups", 3)]),
        gins,
        vec![],
        18,
    );
    c.err(
        "gn huge groups",
        "divide the channel count",
        gn(vec![ai("num_groups", BIG)]),
        gins,
        vec![],
        18,
    );
    c.err(
        "gn rank 1",
        "divide the channel count",
        gn(vec![ai("num_groups", 1)]),
        &[("x", F, &[4]), ("s", F, &[1]), ("b", F, &[1])],
        vec![],
        18,
    );
    c.err(
        "gn rank 0",
        "divide the channel count",
        gn(vec![ai("num_groups", 1)]),
        &[("x", F, &[]), ("s", F, &[1]), ("b", F, &[1])],
        vec![],
        18,
    );
    c.err(
        "gn scale",
        "must have shape [2]",
        gn(vec![ai("num_groups", 2)]),
        &[("x", F, &[1, 4, 2]), ("s", F, &[4]), ("b", F, &[2])],
        vec![],
        18,
    );
    c.err(
        "gn scale 21",
        "must have shape [4]",
        gn(vec![ai("num_groups", 2)]),
        gins,
        vec![],
        21,
    );
    c.ok(
        "gn rank 2",
        "tensor<1x4xf32>",
        gn(vec![ai("num_groups", 2)]),
        &[("x", F, &[1, 4]), ("s", F, &[4]), ("b", F, &[4])],
        vec![],
        21,
    );
    c.ok(
        "gn zero channels",
        "tensor<1x0x2xf32>",
        gn(vec![ai("num_groups", 2)]),
        &[("x", F, &[1, 0, 2]), ("s", F, &[2]), ("b", F, &[2])],
        vec![],
        18,
    );
    // InstanceNormalization
    let inorm = node("InstanceNormalization", &["x", "s", "b"], &["y"], vec![]);
    c.err(
        "in rank 2",
        "needs rank >= 3",
        inorm.clone(),
        &[("x", F, &[2, 3]), ("s", F, &[3]), ("b", F, &[3])],
        vec![],
        18,
    );
    c.err(
        "in rank 0",
        "needs rank >= 3",
        inorm.clone(),
        &[("x", F, &[]), ("s", F, &[]), ("b", F, &[])],
        vec![],
        18,
    );
    c.err(
        "in scale",
        "must have shape [3]",
        inorm.clone(),
        &[("x", F, &[1, 3, 2]), ("s", F, &[]), ("b", F, &[3])],
        vec![],
        18,
    );
    c.err(
        "in types",
        "element type",
        inorm.clone(),
        &[
            ("x", F, &[1, 3, 2]),
            ("s", dt::FLOAT16, &[3]),
            ("b", F, &[3]),
        ],
        vec![],
        18,
    );
    c.err(
        "in missing",
        "requires input #2",
        node("InstanceNormalization", &["x", "s"], &["y"], vec![]),
        &[("x", F, &[1, 3, 2]), ("s", F, &[3])],
        vec![],
        18,
    );
    // LpNormalization
    let lp = |attrs| node("LpNormalization", &["x"], &["y"], attrs);
    c.err(
        "lp p 3",
        "p must be 1 or 2",
        lp(vec![ai("p", 3)]),
        &[("x", F, &[2, 3])],
        vec![],
        18,
    );
    c.err(
        "lp p min",
        "p must be 1 or 2",
        lp(vec![ai("p", i64::MIN)]),
        &[("x", F, &[2, 3])],
        vec![],
        18,
    );
    c.err(
        "lp rank 0",
        "out of range",
        lp(vec![]),
        &[("x", F, &[])],
        vec![],
        18,
    );
    c.err(
        "lp axis",
        "out of range",
        lp(vec![ai("axis", -3)]),
        &[("x", F, &[2, 3])],
        vec![],
        18,
    );
    // MeanVarianceNormalization
    let mvn = |attrs| node("MeanVarianceNormalization", &["x"], &["y"], attrs);
    c.err(
        "mvn default axes rank 2",
        "out of range",
        mvn(vec![]),
        &[("x", F, &[2, 3])],
        vec![],
        18,
    );
    c.err(
        "mvn twice",
        "twice",
        mvn(vec![ais("axes", &[0, 0])]),
        &[("x", F, &[2, 3])],
        vec![],
        18,
    );
    c.ok(
        "mvn empty axes",
        "nn.div",
        mvn(vec![ais("axes", &[])]),
        &[("x", F, &[2, 3])],
        vec![],
        18,
    );
    // LayerNormalization with its extra outputs
    let ln = |attrs, outs: &[&str]| node("LayerNormalization", &["x", "s"], outs, attrs);
    let lins: &[In] = &[("x", F, &[2, 3]), ("s", F, &[3])];
    c.err(
        "ln stash",
        "stash_type",
        ln(vec![ai("stash_type", BIG)], &["y", "m", "v"]),
        lins,
        vec![],
        17,
    );
    c.err(
        "ln stash int",
        "not a float type",
        ln(vec![ai("stash_type", 7)], &["y", "m", "v"]),
        lins,
        vec![],
        17,
    );
    c.err(
        "ln stash string",
        "not supported",
        ln(vec![ai("stash_type", 8)], &["y", "m"]),
        lins,
        vec![],
        17,
    );
    c.err(
        "ln axis",
        "out of range",
        ln(vec![ai("axis", 2)], &["y", "m", "v"]),
        lins,
        vec![],
        17,
    );
    c.err(
        "ln rank 0",
        "out of range",
        ln(vec![], &["y", "m", "v"]),
        &[("x", F, &[]), ("s", F, &[])],
        vec![],
        17,
    );
    c.err(
        "ln scale",
        "normalised shape",
        ln(vec![ai("axis", 0)], &["y", "m", "v"]),
        lins,
        vec![],
        17,
    );
    c.ok(
        "ln outputs",
        "nn.rsqrt",
        ln(vec![ai("axis", 0)], &["y", "", "v"]),
        &[("x", F, &[2, 3]), ("s", F, &[2, 3])],
        vec![],
        17,
    );
    c.ok(
        "ln empty",
        "tensor<0x3xf32>",
        ln(vec![], &["y", "m", "v"]),
        &[("x", F, &[0, 3]), ("s", F, &[3])],
        vec![],
        17,
    );
    c.finish();
}

#[test]
fn movement_ops_reject_bad_shapes_and_attributes() {
    let mut c = Checker::default();
    // Trilu
    let tri = |ins: &[&str], attrs| node("Trilu", ins, &["y"], attrs);
    c.err(
        "trilu rank 1",
        "needs rank >= 2",
        tri(&["x"], vec![]),
        &[("x", F, &[3])],
        vec![],
        14,
    );
    c.err(
        "trilu rank 0",
        "needs rank >= 2",
        tri(&["x"], vec![]),
        &[("x", F, &[])],
        vec![],
        14,
    );
    c.err(
        "trilu k vector",
        "k must be a scalar",
        tri(&["x", "k"], vec![]),
        &[("x", F, &[2, 2])],
        vec![i64t("k", &[2], &[0, 1])],
        14,
    );
    c.err(
        "trilu k empty",
        "k must be a scalar",
        tri(&["x", "k"], vec![]),
        &[("x", F, &[2, 2])],
        vec![i64t("k", &[0], &[])],
        14,
    );
    c.err(
        "trilu k float",
        "must hold integers",
        tri(&["x", "k"], vec![]),
        &[("x", F, &[2, 2])],
        vec![f32t("k", &[], &[1.0])],
        14,
    );
    c.err(
        "trilu k runtime",
        "must be a constant",
        tri(&["x", "k"], vec![]),
        &[("x", F, &[2, 2]), ("k", I64, &[])],
        vec![],
        14,
    );
    c.ok(
        "trilu k max",
        "nn.where",
        tri(&["x", "k"], vec![]),
        &[("x", F, &[2, 2])],
        vec![i64t("k", &[], &[BIG])],
        14,
    );
    c.ok(
        "trilu k min",
        "nn.where",
        tri(&["x", "k"], vec![ai("upper", 0)]),
        &[("x", F, &[2, 2])],
        vec![i64t("k", &[], &[i64::MIN])],
        14,
    );
    c.ok(
        "trilu empty",
        "tensor<2x0xf32>",
        tri(&["x"], vec![]),
        &[("x", F, &[2, 0])],
        vec![],
        14,
    );
    c.err(
        "trilu huge",
        "too large",
        tri(&["x"], vec![]),
        &[("x", F, &[1 << 29, 1 << 29])],
        vec![],
        14,
    );
    // Tile
    let tile = node("Tile", &["x", "r"], &["y"], vec![]);
    c.err(
        "tile count",
        "one non-negative count",
        tile.clone(),
        &[("x", F, &[2, 3])],
        vec![i64t("r", &[1], &[2])],
        13,
    );
    c.err(
        "tile negative",
        "one non-negative count",
        tile.clone(),
        &[("x", F, &[2, 3])],
        vec![i64t("r", &[2], &[2, -1])],
        13,
    );
    c.err(
        "tile overflow",
        "too many elements",
        tile.clone(),
        &[("x", F, &[2, 3])],
        vec![i64t("r", &[2], &[BIG, BIG])],
        13,
    );
    c.err(
        "tile overflow 2",
        "",
        tile.clone(),
        &[("x", F, &[4, 3])],
        vec![i64t("r", &[2], &[BIG / 2, 1])],
        13,
    );
    c.err(
        "tile runtime",
        "must be a constant",
        tile.clone(),
        &[("x", F, &[2, 3]), ("r", I64, &[2])],
        vec![],
        13,
    );
    c.err(
        "tile missing",
        "requires input #1",
        node("Tile", &["x"], &["y"], vec![]),
        &[("x", F, &[2, 3])],
        vec![],
        13,
    );
    c.ok(
        "tile rank 0",
        "tensor<f32>",
        tile.clone(),
        &[("x", F, &[])],
        vec![i64t("r", &[0], &[])],
        13,
    );
    c.ok(
        "tile zero",
        "tensor<0x3xf32>",
        tile.clone(),
        &[("x", F, &[2, 3])],
        vec![i64t("r", &[2], &[0, 1])],
        13,
    );
    // DepthToSpace / SpaceToDepth
    for op in ["DepthToSpace", "SpaceToDepth"] {
        let n = |attrs| node(op, &["x"], &["y"], attrs);
        c.err(
            op,
            "requires attribute 'blocksize'",
            n(vec![]),
            &[("x", F, &[1, 4, 2, 2])],
            vec![],
            13,
        );
        c.err(
            op,
            "must be positive",
            n(vec![ai("blocksize", 0)]),
            &[("x", F, &[1, 4, 2, 2])],
            vec![],
            13,
        );
        c.err(
            op,
            "must be positive",
            n(vec![ai("blocksize", i64::MIN)]),
            &[("x", F, &[1, 4, 2, 2])],
            vec![],
            13,
        );
        c.err(
            op,
            "must be 4-D",
            n(vec![ai("blocksize", 2)]),
            &[("x", F, &[4, 2, 2])],
            vec![],
            13,
        );
        c.err(
            op,
            "must be 4-D",
            n(vec![ai("blocksize", 2)]),
            &[("x", F, &[])],
            vec![],
            13,
        );
        c.err(
            op,
            "blocksize 9223372036854775807 is too large",
            n(vec![ai("blocksize", BIG)]),
            &[("x", F, &[1, 4, 2, 2])],
            vec![],
            13,
        );
        c.err(
            op,
            "too large",
            n(vec![ai("blocksize", 1 << 32)]),
            &[("x", F, &[1, 4, 2, 2])],
            vec![],
            13,
        );
        c.err(
            op,
            "multiple of blocksize",
            n(vec![ai("blocksize", 3)]),
            &[("x", F, &[1, 4, 2, 2])],
            vec![],
            13,
        );
    }
    c.err(
        "d2s huge",
        "",
        node(
            "DepthToSpace",
            &["x"],
            &["y"],
            vec![ai("blocksize", 1 << 31)],
        ),
        &[("x", F, &[1, 0, 1 << 20, 1 << 20])],
        vec![],
        13,
    );
    c.err(
        "s2d huge",
        "",
        node(
            "SpaceToDepth",
            &["x"],
            &["y"],
            vec![ai("blocksize", 1 << 31)],
        ),
        &[("x", F, &[1, 1 << 20, 1 << 31, 0])],
        vec![],
        13,
    );
    c.err(
        "d2s mode",
        "mode 'XYZ'",
        node(
            "DepthToSpace",
            &["x"],
            &["y"],
            vec![ai("blocksize", 2), as_("mode", "XYZ")],
        ),
        &[("x", F, &[1, 4, 2, 2])],
        vec![],
        13,
    );
    c.ok(
        "s2d zero",
        "tensor<1x0x1x1xf32>",
        node("SpaceToDepth", &["x"], &["y"], vec![ai("blocksize", 2)]),
        &[("x", F, &[1, 0, 2, 2])],
        vec![],
        13,
    );
    // EyeLike
    let eye = |attrs| node("EyeLike", &["x"], &["y"], attrs);
    c.err(
        "eye rank 3",
        "must be 2-D",
        eye(vec![]),
        &[("x", F, &[2, 2, 2])],
        vec![],
        13,
    );
    c.err(
        "eye rank 0",
        "must be 2-D",
        eye(vec![]),
        &[("x", F, &[])],
        vec![],
        13,
    );
    c.err(
        "eye dtype",
        "not an ONNX data type",
        eye(vec![ai("dtype", BIG)]),
        &[("x", F, &[2, 2])],
        vec![],
        13,
    );
    c.err(
        "eye dtype string",
        "not supported",
        eye(vec![ai("dtype", 8)]),
        &[("x", F, &[2, 2])],
        vec![],
        13,
    );
    c.ok(
        "eye k huge",
        "tensor<2x3xf32>",
        eye(vec![ai("k", i64::MIN)]),
        &[("x", F, &[2, 3])],
        vec![],
        13,
    );
    c.ok(
        "eye int4",
        "tensor<2x2xi4>",
        eye(vec![ai("dtype", dt::INT4.into())]),
        &[("x", F, &[2, 2])],
        vec![],
        13,
    );
    c.err(
        "eye huge",
        "too large",
        eye(vec![]),
        &[("x", F, &[1 << 29, 1 << 29])],
        vec![],
        13,
    );
    c.finish();
}

#[test]
fn pad_modes_reject_bad_pads() {
    let mut c = Checker::default();
    let pad = |mode: &str| node("Pad", &["x", "p"], &["y"], vec![as_("mode", mode)]);
    for mode in ["constant", "reflect", "edge", "wrap"] {
        c.err(
            mode,
            "must have 4 values",
            pad(mode),
            &[("x", F, &[2, 3])],
            vec![i64t("p", &[2], &[1, 1])],
            19,
        );
        c.err(
            mode,
            "must be in [0, 2^31)",
            pad(mode),
            &[("x", F, &[2, 3])],
            vec![i64t("p", &[4], &[0, -1, 0, 0])],
            19,
        );
        c.err(
            mode,
            "must be in [0, 2^31)",
            pad(mode),
            &[("x", F, &[2, 3])],
            vec![i64t("p", &[4], &[0, BIG, 0, 0])],
            19,
        );
        c.err(
            mode,
            "must be a constant",
            pad(mode),
            &[("x", F, &[2, 3]), ("p", I64, &[4])],
            vec![],
            19,
        );
        c.ok(
            mode,
            "tensor<f32>",
            pad(mode),
            &[("x", F, &[])],
            vec![i64t("p", &[0], &[])],
            19,
        );
    }
    for mode in ["reflect", "edge", "wrap"] {
        c.err(
            mode,
            "cannot pad dimension 1 of size 0",
            pad(mode),
            &[("x", F, &[2, 0])],
            vec![i64t("p", &[4], &[0, 1, 0, 1])],
            19,
        );
        c.err(
            mode,
            "more than 2^24",
            pad(mode),
            &[("x", F, &[2, 3])],
            vec![i64t("p", &[4], &[0, 1 << 30, 0, 1 << 30])],
            19,
        );
        c.ok(
            mode,
            "tensor<2x7xf32>",
            pad(mode),
            &[("x", F, &[2, 1])],
            vec![i64t("p", &[4], &[0, 3, 0, 3])],
            19,
        );
    }
    c.err(
        "mode",
        "not one of constant",
        pad("mirror"),
        &[("x", F, &[2, 3])],
        vec![i64t("p", &[4], &[0, 1, 0, 1])],
        19,
    );
    let with_axes = node(
        "Pad",
        &["x", "p", "", "a"],
        &["y"],
        vec![as_("mode", "edge")],
    );
    c.err(
        "pad axes",
        "out of range",
        with_axes.clone(),
        &[("x", F, &[2, 3])],
        vec![i64t("p", &[2], &[1, 1]), i64t("a", &[1], &[BIG])],
        19,
    );
    c.err(
        "pad axes twice",
        "twice",
        with_axes.clone(),
        &[("x", F, &[2, 3])],
        vec![i64t("p", &[4], &[1, 1, 1, 1]), i64t("a", &[2], &[1, -1])],
        19,
    );
    c.ok(
        "pad axes",
        "tensor<2x5xf32>",
        with_axes,
        &[("x", F, &[2, 3])],
        vec![i64t("p", &[2], &[1, 1]), i64t("a", &[1], &[-1])],
        19,
    );
    let value = node("Pad", &["x", "p", "v"], &["y"], vec![]);
    c.err(
        "pad value vector",
        "constant scalar",
        value.clone(),
        &[("x", F, &[2])],
        vec![i64t("p", &[2], &[1, 1]), f32t("v", &[2], &[1.0, 2.0])],
        19,
    );
    c.err(
        "pad value empty",
        "constant scalar",
        value,
        &[("x", F, &[2])],
        vec![i64t("p", &[2], &[1, 1]), f32t("v", &[0], &[])],
        19,
    );
    c.ok(
        "pad constant huge",
        "tensor<4831838206x2xf32>",
        pad("constant"),
        &[("x", F, &[1 << 29, 2])],
        vec![i64t(
            "p",
            &[4],
            &[i64::from(i32::MAX), 0, i64::from(i32::MAX), 0],
        )],
        19,
    );
    let mut many = vec![];
    for i in 0..20 {
        many.push(format!("x{i}"));
    }
    let names: Vec<&str> = many.iter().map(String::as_str).collect();
    let ins: Vec<In> = names.iter().map(|n| (*n, F, &[1i64 << 59][..])).collect();
    c.err(
        "concat overflow",
        "",
        node("Concat", &names, &["y"], vec![ai("axis", 0)]),
        &ins,
        vec![],
        13,
    );
    c.finish();
}

#[test]
fn windows_reject_bad_geometry() {
    let mut c = Checker::default();
    let x1: &[In] = &[("x", F, &[1, 1, 8])];
    let x3: &[In] = &[("x", F, &[1, 1, 4, 4, 4])];
    for op in ["MaxPool", "AveragePool"] {
        let n = |attrs| node(op, &["x"], &["y"], attrs);
        c.err(
            op,
            "requires attribute 'kernel_shape'",
            n(vec![]),
            x1,
            vec![],
            19,
        );
        c.err(
            op,
            "must have 1 values",
            n(vec![ais("kernel_shape", &[2, 2])]),
            x1,
            vec![],
            19,
        );
        c.err(
            op,
            "must be positive",
            n(vec![ais("kernel_shape", &[0])]),
            x1,
            vec![],
            19,
        );
        c.err(
            op,
            "must be positive",
            n(vec![ais("kernel_shape", &[-3])]),
            x1,
            vec![],
            19,
        );
        c.err(
            op,
            "must be positive",
            n(vec![ais("kernel_shape", &[2]), ais("strides", &[0])]),
            x1,
            vec![],
            19,
        );
        c.err(
            op,
            "must be positive",
            n(vec![ais("kernel_shape", &[2]), ais("dilations", &[0])]),
            x1,
            vec![],
            19,
        );
        c.err(
            op,
            "must have 2 values",
            n(vec![ais("kernel_shape", &[2]), ais("pads", &[1])]),
            x1,
            vec![],
            19,
        );
        c.err(
            op,
            "must be non-negative",
            n(vec![ais("kernel_shape", &[2]), ais("pads", &[-1, 0])]),
            x1,
            vec![],
            19,
        );
        c.err(
            op,
            "larger than the padded input",
            n(vec![ais("kernel_shape", &[9])]),
            x1,
            vec![],
            19,
        );
        c.err(
            op,
            "larger than the padded input",
            n(vec![ais("kernel_shape", &[BIG])]),
            x1,
            vec![],
            19,
        );
        c.err(
            op,
            "auto_pad 'BAD'",
            n(vec![ais("kernel_shape", &[2]), as_("auto_pad", "BAD")]),
            x1,
            vec![],
            19,
        );
        c.err(
            op,
            "rank 3, 4 or 5",
            n(vec![ais("kernel_shape", &[2])]),
            &[("x", F, &[8])],
            vec![],
            19,
        );
        c.err(
            op,
            "rank 3, 4 or 5",
            n(vec![ais("kernel_shape", &[])]),
            &[("x", F, &[])],
            vec![],
            19,
        );
        c.err(
            op,
            "rank 3, 4 or 5",
            n(vec![ais("kernel_shape", &[1; 4])]),
            &[("x", F, &[1, 1, 2, 2, 2, 2])],
            vec![],
            19,
        );
        c.err(
            op,
            "must have 3 values",
            n(vec![ais("kernel_shape", &[2, 2])]),
            x3,
            vec![],
            19,
        );
        c.err(
            op,
            "",
            n(vec![ais("kernel_shape", &[2]), ais("pads", &[BIG, BIG])]),
            x1,
            vec![],
            19,
        );
        c.err(
            op,
            "",
            n(vec![ais("kernel_shape", &[2]), ais("dilations", &[BIG])]),
            x1,
            vec![],
            19,
        );
        c.no_panic(
            op,
            n(vec![
                ais("kernel_shape", &[2]),
                ais("strides", &[BIG]),
                ais("pads", &[BIG / 2, BIG / 2]),
                ai("ceil_mode", 1),
            ]),
            x1,
            vec![],
            19,
        );
        c.no_panic(
            op,
            n(vec![
                ais("kernel_shape", &[2]),
                ais("strides", &[1 << 62]),
                ais("dilations", &[2]),
                ais("pads", &[1 << 62, 1 << 62]),
            ]),
            x1,
            vec![],
            19,
        );
        c.no_panic(
            op,
            n(vec![
                ais("kernel_shape", &[2, 2, 2]),
                ais("strides", &[1 << 62, 1, 1]),
                ais("dilations", &[2, 1, 1]),
                ais("pads", &[1 << 62, 0, 0, 1 << 62, 0, 0]),
            ]),
            x3,
            vec![],
            19,
        );
        c.err(
            op,
            "too large to decompose",
            n(vec![ais("kernel_shape", &[5000, 1, 1])]),
            &[("x", F, &[1, 1, 5000, 1, 1])],
            vec![],
            19,
        );
        c.ok(
            op,
            "tensor<1x1x7xf32>",
            n(vec![ais("kernel_shape", &[2])]),
            x1,
            vec![],
            19,
        );
        c.ok(
            op,
            "tensor<1x1x3x3x3xf32>",
            n(vec![ais("kernel_shape", &[2, 2, 2])]),
            x3,
            vec![],
            19,
        );
        c.ok(
            op,
            "tensor<1x1x2x2x2xf32>",
            n(vec![
                ais("kernel_shape", &[2, 2, 2]),
                ais("strides", &[2, 2, 2]),
                ais("dilations", &[1, 1, 2]),
                ai("ceil_mode", 1),
            ]),
            x3,
            vec![],
            19,
        );
        c.ok(
            op,
            "tensor<0x1x7xf32>",
            n(vec![ais("kernel_shape", &[2])]),
            &[("x", F, &[0, 1, 8])],
            vec![],
            19,
        );
    }
    c.err(
        "avg count_pad ceil huge",
        "",
        node(
            "AveragePool",
            &["x"],
            &["y"],
            vec![
                ais("kernel_shape", &[2]),
                ais("strides", &[1 << 62]),
                ais("pads", &[1 << 62, 1 << 62]),
                ai("ceil_mode", 1),
                ai("count_include_pad", 1),
            ],
        ),
        x1,
        vec![],
        19,
    );
    c.err(
        "avg dilated huge pads",
        "",
        node(
            "AveragePool",
            &["x"],
            &["y"],
            vec![
                ais("kernel_shape", &[2]),
                ais("strides", &[1 << 62]),
                ais("dilations", &[2]),
                ais("pads", &[1 << 62, 1 << 62]),
            ],
        ),
        x1,
        vec![],
        19,
    );
    c.err(
        "maxpool 3-D indices",
        "Indices output",
        node(
            "MaxPool",
            &["x"],
            &["y", "i"],
            vec![ais("kernel_shape", &[2, 2, 2])],
        ),
        x3,
        vec![],
        19,
    );
    c.err(
        "maxpool i64",
        "not supported",
        node("MaxPool", &["x"], &["y"], vec![ais("kernel_shape", &[2])]),
        &[("x", I64, &[1, 1, 8])],
        vec![],
        19,
    );
    c.ok(
        "maxpool 1-D indices",
        "tensor<1x1x4xi64>",
        node(
            "MaxPool",
            &["x"],
            &["y", "i"],
            vec![
                ais("kernel_shape", &[2]),
                ais("strides", &[2]),
                ai("storage_order", 1),
            ],
        ),
        x1,
        vec![],
        19,
    );
    // Conv
    let conv = |attrs| node("Conv", &["x", "w"], &["y"], attrs);
    let cin1: &[In] = &[("x", F, &[1, 2, 8]), ("w", F, &[4, 2, 3])];
    let cin3: &[In] = &[("x", F, &[1, 2, 4, 4, 4]), ("w", F, &[4, 2, 2, 2, 2])];
    c.ok(
        "conv 1-D",
        "tensor<1x4x6xf32>",
        conv(vec![]),
        cin1,
        vec![],
        19,
    );
    c.ok(
        "conv 3-D",
        "tensor<1x4x3x3x3xf32>",
        conv(vec![]),
        cin3,
        vec![],
        19,
    );
    c.err(
        "conv group 0",
        "do not fit",
        conv(vec![ai("group", 0)]),
        cin1,
        vec![],
        19,
    );
    c.err(
        "conv group -1",
        "do not fit",
        conv(vec![ai("group", -1)]),
        cin1,
        vec![],
        19,
    );
    c.err(
        "conv group huge",
        "do not fit",
        conv(vec![ai("group", BIG)]),
        cin1,
        vec![],
        19,
    );
    c.err(
        "conv group 3",
        "do not fit",
        conv(vec![ai("group", 3)]),
        cin1,
        vec![],
        19,
    );
    c.err(
        "conv kernel_shape",
        "does not match",
        conv(vec![ais("kernel_shape", &[2])]),
        cin1,
        vec![],
        19,
    );
    c.err(
        "conv kernel_shape empty",
        "does not match",
        conv(vec![ais("kernel_shape", &[])]),
        cin1,
        vec![],
        19,
    );
    c.err(
        "conv weight rank",
        "must have rank 3",
        conv(vec![]),
        &[("x", F, &[1, 2, 8]), ("w", F, &[4, 2])],
        vec![],
        19,
    );
    c.err(
        "conv rank 0",
        "must have rank 3, 4 or 5",
        conv(vec![]),
        &[("x", F, &[]), ("w", F, &[])],
        vec![],
        19,
    );
    c.err(
        "conv zero kernel",
        "must be positive",
        conv(vec![]),
        &[("x", F, &[1, 2, 8]), ("w", F, &[4, 2, 0])],
        vec![],
        19,
    );
    c.err(
        "conv 3-D zero kernel",
        "must be positive",
        conv(vec![]),
        &[("x", F, &[1, 2, 4, 4, 4]), ("w", F, &[4, 2, 0, 2, 2])],
        vec![],
        19,
    );
    c.err(
        "conv stride 0",
        "must be positive",
        conv(vec![ais("strides", &[0])]),
        cin1,
        vec![],
        19,
    );
    c.err(
        "conv 3-D strides",
        "must have 3 values",
        conv(vec![ais("strides", &[1])]),
        cin3,
        vec![],
        19,
    );
    c.err(
        "conv bias",
        "must be [4]",
        node("Conv", &["x", "w", "b"], &["y"], vec![]),
        &[("x", F, &[1, 2, 8]), ("w", F, &[4, 2, 3]), ("b", F, &[])],
        vec![],
        19,
    );
    c.err(
        "conv types",
        "element types differ",
        conv(vec![]),
        &[("x", F, &[1, 2, 8]), ("w", dt::FLOAT16, &[4, 2, 3])],
        vec![],
        19,
    );
    c.err(
        "conv missing w",
        "requires input #1",
        node("Conv", &["x"], &["y"], vec![]),
        &[("x", F, &[1, 2, 8])],
        vec![],
        19,
    );
    c.err(
        "conv 3-D deep",
        "too large to decompose",
        conv(vec![]),
        &[("x", F, &[1, 1, 5000, 1, 1]), ("w", F, &[1, 1, 5000, 1, 1])],
        vec![],
        19,
    );
    c.no_panic(
        "conv 3-D huge pads",
        conv(vec![
            ais("pads", &[BIG, 0, 0, BIG, 0, 0]),
            ais("strides", &[BIG, 1, 1]),
        ]),
        cin3,
        vec![],
        19,
    );
    c.no_panic(
        "conv 3-D huge dilation",
        conv(vec![
            ais("dilations", &[1 << 62, 1, 1]),
            ais("pads", &[1 << 62, 0, 0, 1 << 62, 0, 0]),
        ]),
        cin3,
        vec![],
        19,
    );
    c.ok(
        "conv zero channels",
        "tensor<1x0x6xf32>",
        conv(vec![]),
        &[("x", F, &[1, 0, 8]), ("w", F, &[0, 0, 3])],
        vec![],
        19,
    );
    // Global pools and LRN
    c.err(
        "gap rank 2",
        "needs rank >= 3",
        node("GlobalAveragePool", &["x"], &["y"], vec![]),
        &[("x", F, &[1, 2])],
        vec![],
        19,
    );
    c.err(
        "gmp rank 0",
        "needs rank >= 3",
        node("GlobalMaxPool", &["x"], &["y"], vec![]),
        &[("x", F, &[])],
        vec![],
        19,
    );
    c.err(
        "lrn size 0",
        "needs size >= 1",
        node("LRN", &["x"], &["y"], vec![ai("size", 0)]),
        &[("x", F, &[1, 2, 3])],
        vec![],
        19,
    );
    c.no_panic(
        "lrn size huge",
        node("LRN", &["x"], &["y"], vec![ai("size", BIG)]),
        &[("x", F, &[1, 2, 3])],
        vec![],
        19,
    );
    c.finish();
}

#[test]
fn attention_rejects_bad_shapes_and_attributes() {
    let mut c = Checker::default();
    let att = |ins: &[&str], attrs| node("Attention", ins, &["y"], attrs);
    let q4: &[In] = &[
        ("q", F, &[1, 2, 3, 4]),
        ("k", F, &[1, 2, 5, 4]),
        ("v", F, &[1, 2, 5, 4]),
    ];
    let q3: &[In] = &[
        ("q", F, &[1, 3, 8]),
        ("k", F, &[1, 5, 8]),
        ("v", F, &[1, 5, 8]),
    ];
    c.ok(
        "att 4-D",
        "tensor<1x2x3x4xf32>",
        att(&["q", "k", "v"], vec![]),
        q4,
        vec![],
        23,
    );
    c.err(
        "att missing v",
        "requires input #2",
        att(&["q", "k"], vec![]),
        q4,
        vec![],
        23,
    );
    c.err(
        "att mode",
        "qk_matmul_output_mode 7",
        att(&["q", "k", "v"], vec![ai("qk_matmul_output_mode", 7)]),
        q4,
        vec![],
        23,
    );
    c.err(
        "att precision",
        "not a data type",
        att(&["q", "k", "v"], vec![ai("softmax_precision", BIG)]),
        q4,
        vec![],
        23,
    );
    c.err(
        "att precision int",
        "must be a float type",
        att(&["q", "k", "v"], vec![ai("softmax_precision", 7)]),
        q4,
        vec![],
        23,
    );
    c.err(
        "att 3-D no heads",
        "q_num_heads",
        att(&["q", "k", "v"], vec![]),
        q3,
        vec![],
        23,
    );
    for (qh, kvh) in [(0, 2), (-1, 2), (2, 0), (3, 2), (BIG, 2), (i64::MIN, 2)] {
        c.err(
            "att heads",
            "heads",
            att(
                &["q", "k", "v"],
                vec![ai("q_num_heads", qh), ai("kv_num_heads", kvh)],
            ),
            q3,
            vec![],
            23,
        );
    }
    c.err(
        "att group",
        "cannot be grouped",
        att(&["q", "k", "v"], vec![]),
        &[
            ("q", F, &[1, 3, 3, 4]),
            ("k", F, &[1, 2, 5, 4]),
            ("v", F, &[1, 2, 5, 4]),
        ],
        vec![],
        23,
    );
    c.err(
        "att ranks",
        "must all be 3-D or all 4-D",
        att(&["q", "k", "v"], vec![]),
        &[
            ("q", F, &[1, 2, 3, 4]),
            ("k", F, &[1, 5, 8]),
            ("v", F, &[1, 2, 5, 4]),
        ],
        vec![],
        23,
    );
    c.err(
        "att rank 0",
        "must all be 3-D or all 4-D",
        att(&["q", "k", "v"], vec![]),
        &[("q", F, &[]), ("k", F, &[]), ("v", F, &[])],
        vec![],
        23,
    );
    c.err(
        "att rank 2",
        "must all be 3-D or all 4-D",
        att(&["q", "k", "v"], vec![]),
        &[("q", F, &[3, 4]), ("k", F, &[5, 4]), ("v", F, &[5, 4])],
        vec![],
        23,
    );
    c.err(
        "att types",
        "share one float element type",
        att(&["q", "k", "v"], vec![]),
        &[
            ("q", I64, &[1, 2, 3, 4]),
            ("k", I64, &[1, 2, 5, 4]),
            ("v", I64, &[1, 2, 5, 4]),
        ],
        vec![],
        23,
    );
    c.err(
        "att head size",
        "do not agree",
        att(&["q", "k", "v"], vec![]),
        &[
            ("q", F, &[1, 2, 3, 4]),
            ("k", F, &[1, 2, 5, 3]),
            ("v", F, &[1, 2, 5, 4]),
        ],
        vec![],
        23,
    );
    let mut with_mask: Vec<In> = q4.to_vec();
    with_mask.push(("m", F, &[]));
    c.err(
        "att mask rank 0",
        "does not broadcast",
        att(&["q", "k", "v", "m"], vec![]),
        &with_mask,
        vec![],
        23,
    );
    with_mask[3] = ("m", F, &[1, 1, 1, 1, 5]);
    c.err(
        "att mask rank 5",
        "does not broadcast",
        att(&["q", "k", "v", "m"], vec![]),
        &with_mask,
        vec![],
        23,
    );
    with_mask[3] = ("m", F, &[3, 9]);
    c.err(
        "att mask long",
        "does not broadcast",
        att(&["q", "k", "v", "m"], vec![]),
        &with_mask,
        vec![],
        23,
    );
    with_mask[3] = ("m", I64, &[3, 5]);
    c.err(
        "att mask type",
        "attn_mask must be BOOL",
        att(&["q", "k", "v", "m"], vec![]),
        &with_mask,
        vec![],
        23,
    );
    with_mask[3] = ("m", dt::BOOL, &[3, 2]);
    c.ok(
        "att short mask",
        "nn.concat",
        att(&["q", "k", "v", "m"], vec![]),
        &with_mask,
        vec![],
        23,
    );
    let mut past: Vec<In> = q4.to_vec();
    past.push(("pk", F, &[1, 2, 4]));
    past.push(("pv", F, &[1, 2, 4]));
    c.err(
        "att past rank",
        "must be 4-D",
        att(&["q", "k", "v", "", "pk", "pv"], vec![]),
        &past,
        vec![],
        23,
    );
    past[3] = ("pk", F, &[1, 2, 2, 4]);
    past[4] = ("pv", F, &[1, 2, 2, 4]);
    c.err(
        "att past alone",
        "given together",
        att(&["q", "k", "v", "", "pk"], vec![]),
        &past,
        vec![],
        23,
    );
    past[4] = ("pv", F, &[1, 3, 2, 4]);
    c.err(
        "att past shape",
        "cannot concatenate",
        att(&["q", "k", "v", "", "pk", "pv"], vec![]),
        &past,
        vec![],
        23,
    );
    let mut pad: Vec<In> = q4.to_vec();
    pad.push(("n", F, &[1]));
    c.err(
        "att nonpad type",
        "nonpad_kv_seqlen",
        att(&["q", "k", "v", "", "", "", "n"], vec![]),
        &pad,
        vec![],
        24,
    );
    pad[3] = ("n", I64, &[2]);
    c.err(
        "att nonpad shape",
        "nonpad_kv_seqlen",
        att(&["q", "k", "v", "", "", "", "n"], vec![]),
        &pad,
        vec![],
        24,
    );
    c.ok(
        "att zero head size",
        "nn.softmax",
        att(&["q", "k", "v"], vec![]),
        &[
            ("q", F, &[1, 1, 2, 0]),
            ("k", F, &[1, 1, 2, 0]),
            ("v", F, &[1, 1, 2, 0]),
        ],
        vec![],
        23,
    );
    let huge = [1i64, 1, 1 << 20, 1];
    c.err(
        "att causal huge",
        "too large",
        att(&["q", "k", "v"], vec![ai("is_causal", 1)]),
        &[("q", F, &huge), ("k", F, &huge), ("v", F, &huge)],
        vec![],
        23,
    );
    c.finish();
}

#[test]
fn rotary_embedding_rejects_bad_shapes() {
    let mut c = Checker::default();
    let rot = |ins: &[&str], attrs| node("RotaryEmbedding", ins, &["y"], attrs);
    let ok4: &[In] = &[
        ("x", F, &[1, 2, 3, 4]),
        ("c", F, &[8, 2]),
        ("s", F, &[8, 2]),
        ("p", I64, &[1, 3]),
    ];
    c.ok(
        "rot 4-D",
        "tensor<1x2x3x4xf32>",
        rot(&["x", "c", "s", "p"], vec![]),
        ok4,
        vec![],
        23,
    );
    c.ok(
        "rot interleaved",
        "tensor<1x2x3x4xf32>",
        rot(&["x", "c", "s", "p"], vec![ai("interleaved", 1)]),
        ok4,
        vec![],
        23,
    );
    c.err(
        "rot missing sin",
        "requires input #2",
        rot(&["x", "c"], vec![]),
        ok4,
        vec![],
        23,
    );
    for rd in [1, 3, -2, 6, BIG, i64::MIN] {
        c.err(
            "rot dim",
            "rotary_embedding_dim",
            rot(&["x", "c", "s", "p"], vec![ai("rotary_embedding_dim", rd)]),
            ok4,
            vec![],
            23,
        );
    }
    c.err(
        "rot rank 2",
        "must be 3-D or 4-D",
        rot(&["x", "c", "s"], vec![]),
        &[("x", F, &[3, 4]), ("c", F, &[3, 2]), ("s", F, &[3, 2])],
        vec![],
        23,
    );
    c.err(
        "rot rank 0",
        "must be 3-D or 4-D",
        rot(&["x", "c", "s"], vec![]),
        &[("x", F, &[]), ("c", F, &[]), ("s", F, &[])],
        vec![],
        23,
    );
    let x3: &[In] = &[
        ("x", F, &[1, 3, 8]),
        ("c", F, &[1, 3, 2]),
        ("s", F, &[1, 3, 2]),
    ];
    for heads in [0, -1, 3, BIG, i64::MIN] {
        c.err(
            "rot heads",
            "num_heads",
            rot(&["x", "c", "s"], vec![ai("num_heads", heads)]),
            x3,
            vec![],
            23,
        );
    }
    c.err(
        "rot no heads",
        "num_heads",
        rot(&["x", "c", "s"], vec![]),
        x3,
        vec![],
        23,
    );
    c.ok(
        "rot 3-D",
        "tensor<1x3x8xf32>",
        rot(&["x", "c", "s"], vec![ai("num_heads", 2)]),
        x3,
        vec![],
        23,
    );
    c.err(
        "rot cache",
        "cache must be",
        rot(&["x", "c", "s"], vec![ai("num_heads", 2)]),
        &[
            ("x", F, &[1, 3, 8]),
            ("c", F, &[1, 3]),
            ("s", F, &[1, 3, 2]),
        ],
        vec![],
        23,
    );
    c.err(
        "rot cache pos",
        "a cache must be",
        rot(&["x", "c", "s", "p"], vec![]),
        &[
            ("x", F, &[1, 2, 3, 4]),
            ("c", F, &[8]),
            ("s", F, &[8, 2]),
            ("p", I64, &[1, 3]),
        ],
        vec![],
        23,
    );
    c.err(
        "rot pos type",
        "position_ids",
        rot(&["x", "c", "s", "p"], vec![]),
        &[
            ("x", F, &[1, 2, 3, 4]),
            ("c", F, &[8, 2]),
            ("s", F, &[8, 2]),
            ("p", F, &[1, 3]),
        ],
        vec![],
        23,
    );
    c.err(
        "rot pos shape",
        "position_ids",
        rot(&["x", "c", "s", "p"], vec![]),
        &[
            ("x", F, &[1, 2, 3, 4]),
            ("c", F, &[8, 2]),
            ("s", F, &[8, 2]),
            ("p", I64, &[]),
        ],
        vec![],
        23,
    );
    c.err(
        "rot types",
        "share one float",
        rot(&["x", "c", "s"], vec![]),
        &[
            ("x", F, &[1, 2, 3, 4]),
            ("c", dt::FLOAT16, &[1, 3, 2]),
            ("s", F, &[1, 3, 2]),
        ],
        vec![],
        23,
    );
    c.err(
        "rot zero size",
        "rotary_embedding_dim",
        rot(&["x", "c", "s"], vec![]),
        &[
            ("x", F, &[1, 2, 3, 0]),
            ("c", F, &[1, 3, 0]),
            ("s", F, &[1, 3, 0]),
        ],
        vec![],
        23,
    );
    c.finish();
}

#[test]
fn losses_reject_bad_shapes() {
    let mut c = Checker::default();
    for op in ["NegativeLogLikelihoodLoss", "SoftmaxCrossEntropyLoss"] {
        let n = |ins: &[&str], attrs| node(op, ins, &["y"], attrs);
        let ok: &[In] = &[("x", F, &[2, 3]), ("t", I64, &[2])];
        c.ok(op, "tensor<f32>", n(&["x", "t"], vec![]), ok, vec![], 13);
        c.ok(
            op,
            "tensor<f32>",
            n(&["x", "t"], vec![ai("ignore_index", BIG)]),
            ok,
            vec![],
            13,
        );
        c.ok(
            op,
            "tensor<f32>",
            n(&["x", "t"], vec![ai("ignore_index", i64::MIN)]),
            &[("x", F, &[2, 3]), ("t", dt::INT32, &[2])],
            vec![],
            13,
        );
        c.err(op, "requires input #1", n(&["x"], vec![]), ok, vec![], 13);
        c.err(
            op,
            "reduction 'avg'",
            n(&["x", "t"], vec![as_("reduction", "avg")]),
            ok,
            vec![],
            13,
        );
        c.err(
            op,
            "",
            n(&["x", "t"], vec![]),
            &[("x", F, &[]), ("t", I64, &[])],
            vec![],
            13,
        );
        c.err(
            op,
            "",
            n(&["x", "t"], vec![]),
            &[("x", F, &[3]), ("t", I64, &[])],
            vec![],
            13,
        );
        c.err(
            op,
            "INT32/INT64 target",
            n(&["x", "t"], vec![]),
            &[("x", F, &[2, 3]), ("t", I64, &[3])],
            vec![],
            13,
        );
        c.err(
            op,
            "INT32/INT64 target",
            n(&["x", "t"], vec![]),
            &[("x", F, &[2, 3]), ("t", F, &[2])],
            vec![],
            13,
        );
        c.err(
            op,
            "INT32/INT64 target",
            n(&["x", "t"], vec![]),
            &[("x", F, &[2, 3, 4]), ("t", I64, &[2, 5])],
            vec![],
            13,
        );
        c.err(
            op,
            "INT32/INT64 target",
            n(&["x", "t"], vec![]),
            &[("x", I64, &[2, 3]), ("t", I64, &[2])],
            vec![],
            13,
        );
        c.err(
            op,
            "weight must be",
            n(&["x", "t", "w"], vec![]),
            &[("x", F, &[2, 3]), ("t", I64, &[2]), ("w", F, &[4])],
            vec![],
            13,
        );
        c.err(
            op,
            "weight must be",
            n(&["x", "t", "w"], vec![]),
            &[("x", F, &[2, 3]), ("t", I64, &[2]), ("w", F, &[])],
            vec![],
            13,
        );
        c.ok(
            op,
            "tensor<f32>",
            n(&["x", "t", "w"], vec![ai("ignore_index", 1)]),
            &[("x", F, &[2, 3]), ("t", I64, &[2]), ("w", F, &[3])],
            vec![],
            13,
        );
        c.ok(
            op,
            "tensor<0xf32>",
            n(&["x", "t"], vec![as_("reduction", "none")]),
            &[("x", F, &[0, 3]), ("t", I64, &[0])],
            vec![],
            13,
        );
        c.err(
            op,
            "too large",
            n(&["x", "t"], vec![]),
            &[("x", F, &[1, 1 << 40]), ("t", I64, &[1])],
            vec![],
            13,
        );
    }
    c.ok(
        "sce log_prob",
        "nn.log_softmax",
        node("SoftmaxCrossEntropyLoss", &["x", "t"], &["y", "lp"], vec![]),
        &[("x", F, &[2, 3]), ("t", I64, &[2])],
        vec![],
        13,
    );
    c.finish();
}

#[test]
fn logic_and_math_reject_bad_operands() {
    let mut c = Checker::default();
    // CumSum
    let cs = node("CumSum", &["x", "a"], &["y"], vec![]);
    c.err(
        "cumsum axis vec",
        "one-element 'axis'",
        cs.clone(),
        &[("x", F, &[2, 3])],
        vec![i64t("a", &[2], &[0, 1])],
        14,
    );
    c.err(
        "cumsum axis empty",
        "one-element 'axis'",
        cs.clone(),
        &[("x", F, &[2, 3])],
        vec![i64t("a", &[0], &[])],
        14,
    );
    c.err(
        "cumsum axis range",
        "out of range",
        cs.clone(),
        &[("x", F, &[2, 3])],
        vec![i64t("a", &[], &[BIG])],
        14,
    );
    c.err(
        "cumsum rank 0",
        "out of range",
        cs.clone(),
        &[("x", F, &[])],
        vec![i64t("a", &[], &[0])],
        14,
    );
    c.err(
        "cumsum runtime axis",
        "must be a constant",
        cs.clone(),
        &[("x", F, &[2, 3]), ("a", I64, &[])],
        vec![],
        14,
    );
    c.err(
        "cumsum float axis",
        "must hold integers",
        cs.clone(),
        &[("x", F, &[2, 3])],
        vec![f32t("a", &[], &[0.0])],
        14,
    );
    c.err(
        "cumsum no axis",
        "one-element 'axis'",
        node("CumSum", &["x"], &["y"], vec![]),
        &[("x", F, &[2, 3])],
        vec![],
        14,
    );
    c.ok(
        "cumsum",
        "nn.cumsum",
        node("CumSum", &["x", "a"], &["y"], vec![ai("reverse", 1)]),
        &[("x", F, &[2, 3])],
        vec![i32t("a", &[1], &[-1])],
        14,
    );
    // GatherElements
    let ge = |attrs| node("GatherElements", &["d", "i"], &["y"], attrs);
    c.err(
        "ge axis",
        "",
        ge(vec![ai("axis", BIG)]),
        &[("d", F, &[2, 3]), ("i", I64, &[2, 3])],
        vec![],
        13,
    );
    c.err(
        "ge axis min",
        "",
        ge(vec![ai("axis", i64::MIN)]),
        &[("d", F, &[2, 3]), ("i", I64, &[2, 3])],
        vec![],
        13,
    );
    c.err(
        "ge rank",
        "",
        ge(vec![]),
        &[("d", F, &[2, 3]), ("i", I64, &[2])],
        vec![],
        13,
    );
    c.err(
        "ge rank 0",
        "",
        ge(vec![]),
        &[("d", F, &[]), ("i", I64, &[])],
        vec![],
        13,
    );
    c.err(
        "ge float idx",
        "",
        ge(vec![]),
        &[("d", F, &[2, 3]), ("i", F, &[2, 3])],
        vec![],
        13,
    );
    c.no_panic(
        "ge const idx",
        ge(vec![]),
        &[("d", F, &[2, 3])],
        vec![i64t("i", &[1, 1], &[BIG])],
        13,
    );
    c.ok(
        "ge",
        "nn.gather_elements",
        ge(vec![ai("axis", -1)]),
        &[("d", F, &[2, 3]), ("i", I64, &[2, 1])],
        vec![],
        13,
    );
    // Mod
    let md = |attrs| node("Mod", &["a", "b"], &["y"], attrs);
    c.err(
        "mod float",
        "requires fmod = 1",
        md(vec![]),
        &[("a", F, &[2]), ("b", F, &[2])],
        vec![],
        13,
    );
    c.err(
        "mod types",
        "element types differ",
        md(vec![]),
        &[("a", I64, &[2]), ("b", dt::INT32, &[2])],
        vec![],
        13,
    );
    c.err(
        "mod shapes",
        "broadcast",
        md(vec![]),
        &[("a", I64, &[2]), ("b", I64, &[3])],
        vec![],
        13,
    );
    c.err(
        "mod one input",
        "requires input #1",
        node("Mod", &["a"], &["y"], vec![]),
        &[("a", I64, &[2])],
        vec![],
        13,
    );
    let edge = vec![
        i64t("a", &[3], &[i64::MIN, 5, -7]),
        i64t("b", &[3], &[-1, 0, 2]),
    ];
    c.ok("mod fold edge", "nn.mod", md(vec![]), &[], edge.clone(), 13);
    c.ok(
        "fmod fold edge",
        "nn.mod",
        md(vec![ai("fmod", 1)]),
        &[],
        edge,
        13,
    );
    c.ok(
        "mod fold",
        "dense<[0, 1]>",
        md(vec![]),
        &[],
        vec![i64t("a", &[2], &[i64::MIN, -7]), i64t("b", &[2], &[-1, 2])],
        13,
    );
    // BitShift
    let bs = |attrs| node("BitShift", &["a", "b"], &["y"], attrs);
    c.err(
        "shift no dir",
        "direction must be LEFT or RIGHT",
        bs(vec![]),
        &[("a", dt::UINT8, &[2]), ("b", dt::UINT8, &[2])],
        vec![],
        13,
    );
    c.err(
        "shift dir",
        "direction must be LEFT or RIGHT",
        bs(vec![as_("direction", "UP")]),
        &[("a", dt::UINT8, &[2]), ("b", dt::UINT8, &[2])],
        vec![],
        13,
    );
    c.err(
        "shift dir bytes",
        "not valid UTF-8",
        bs(vec![neuron_onnx::proto::AttributeProto {
            s: Some(vec![0xff]),
            ..as_("direction", "")
        }]),
        &[("a", dt::UINT8, &[2]), ("b", dt::UINT8, &[2])],
        vec![],
        13,
    );
    c.err(
        "shift types",
        "element types differ",
        bs(vec![as_("direction", "LEFT")]),
        &[("a", dt::UINT8, &[2]), ("b", dt::UINT32, &[2])],
        vec![],
        13,
    );
    c.no_panic(
        "shift float",
        bs(vec![as_("direction", "LEFT")]),
        &[("a", F, &[2]), ("b", F, &[2])],
        vec![],
        13,
    );
    c.ok(
        "shift",
        "nn.bit_shift",
        bs(vec![as_("direction", "RIGHT")]),
        &[("a", dt::UINT64, &[2]), ("b", dt::UINT64, &[])],
        vec![],
        13,
    );
    // Logic and bitwise on odd types, folded constants at the edges.
    for op in ["And", "Or", "Xor", "BitwiseAnd", "BitwiseOr", "BitwiseXor"] {
        c.no_panic(
            op,
            node(op, &["a", "b"], &["y"], vec![]),
            &[("a", F, &[2]), ("b", F, &[2])],
            vec![],
            18,
        );
        c.ok(
            op,
            "tensor<2xi64>",
            node(op, &["a", "b"], &["y"], vec![]),
            &[],
            vec![i64t("a", &[2], &[i64::MIN, -1]), i64t("b", &[1], &[BIG])],
            18,
        );
        c.err(
            op,
            "requires input #1",
            node(op, &["a"], &["y"], vec![]),
            &[("a", I64, &[2])],
            vec![],
            18,
        );
    }
    for op in [
        "Not",
        "BitwiseNot",
        "Sin",
        "Acosh",
        "Round",
        "Sign",
        "IsNaN",
        "IsInf",
        "Floor",
    ] {
        c.no_panic(
            op,
            node(op, &["a"], &["y"], vec![]),
            &[("a", dt::BOOL, &[])],
            vec![],
            18,
        );
        c.no_panic(
            op,
            node(op, &["a"], &["y"], vec![]),
            &[("a", F, &[0])],
            vec![],
            18,
        );
        c.err(
            op,
            "requires input #0",
            node(op, &[], &["y"], vec![]),
            &[],
            vec![],
            18,
        );
    }
    c.ok(
        "not fold",
        "dense<[true, false]>",
        node("Not", &["a"], &["y"], vec![]),
        &[],
        vec![TensorProto {
            name: "a".into(),
            dims: vec![2],
            data_type: dt::BOOL,
            int32_data: vec![0, 7],
            ..Default::default()
        }],
        18,
    );
    c.finish();
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
fn packed_types_decode_or_fail_cleanly() {
    let mut c = Checker::default();
    let id = || node("Identity", &["w"], &["y"], vec![]);
    for code in [dt::INT4, dt::UINT4, dt::FLOAT4E2M1, dt::INT2, dt::UINT2] {
        let nbytes = 1 + usize::from(code != dt::INT2 && code != dt::UINT2);
        c.err(
            "packed short",
            "raw data has 1 bytes",
            id(),
            &[],
            vec![packed("w", code, &[9], &[0x12])],
            21,
        );
        c.err(
            "packed long",
            "raw data has 9 bytes",
            id(),
            &[],
            vec![packed("w", code, &[3], &[0; 9])],
            21,
        );
        c.err(
            "packed negative dim",
            "is negative",
            id(),
            &[],
            vec![packed("w", code, &[-1], &[])],
            21,
        );
        c.err(
            "packed huge",
            "too many elements",
            id(),
            &[],
            vec![packed("w", code, &[BIG, BIG], &[1])],
            21,
        );
        c.err(
            "packed typed count",
            "int32_data has 1 values",
            id(),
            &[],
            vec![TensorProto {
                name: "w".into(),
                dims: vec![9],
                data_type: code,
                int32_data: vec![0x12],
                ..Default::default()
            }],
            21,
        );
        c.ok(
            "packed empty",
            "tensor<0x",
            id(),
            &[],
            vec![packed("w", code, &[0, 5], &[])],
            21,
        );
        c.ok(
            "packed odd",
            "tensor<3x",
            id(),
            &[],
            vec![packed("w", code, &[3], &vec![0xff; nbytes])],
            21,
        );
        c.ok(
            "packed typed",
            "tensor<3x",
            id(),
            &[],
            vec![TensorProto {
                name: "w".into(),
                dims: vec![3],
                data_type: code,
                int32_data: vec![-1; nbytes],
                ..Default::default()
            }],
            21,
        );
        // Casts to and from the packed type.
        c.ok(
            "cast to packed",
            "nn.cast",
            node("Cast", &["x"], &["y"], vec![ai("to", code.into())]),
            &[("x", F, &[3])],
            vec![],
            21,
        );
        c.no_panic(
            "cast packed const",
            node("Cast", &["w"], &["y"], vec![ai("to", dt::FLOAT.into())]),
            &[],
            vec![packed("w", code, &[3], &[0xff, 0xff])],
            21,
        );
        c.no_panic(
            "cast const to packed",
            node("Cast", &["w"], &["y"], vec![ai("to", code.into())]),
            &[],
            vec![f32t("w", &[3], &[1e30, -1e30, f32::NAN])],
            21,
        );
    }
    c.err(
        "cast to",
        "requires attribute 'to'",
        node("Cast", &["x"], &["y"], vec![]),
        &[("x", F, &[3])],
        vec![],
        21,
    );
    c.err(
        "cast to huge",
        "not supported",
        node("Cast", &["x"], &["y"], vec![ai("to", BIG)]),
        &[("x", F, &[3])],
        vec![],
        21,
    );
    c.err(
        "cast to string",
        "not supported",
        node("Cast", &["x"], &["y"], vec![ai("to", 8)]),
        &[("x", F, &[3])],
        vec![],
        21,
    );
    c.err(
        "cast e8m0 mode",
        "round_mode",
        node(
            "Cast",
            &["x"],
            &["y"],
            vec![
                ai("to", dt::FLOAT8E8M0.into()),
                as_("round_mode", "sideways"),
            ],
        ),
        &[("x", F, &[3])],
        vec![],
        24,
    );
    c.err(
        "double typed count",
        "double_data has 1 values",
        id(),
        &[],
        vec![TensorProto {
            name: "w".into(),
            dims: vec![2],
            data_type: dt::DOUBLE,
            double_data: vec![1.0],
            ..Default::default()
        }],
        21,
    );
    c.err(
        "uint64 raw",
        "raw data has 3 bytes",
        id(),
        &[],
        vec![packed("w", dt::UINT64, &[1], &[1, 2, 3])],
        21,
    );
    c.ok(
        "uint32 typed",
        "tensor<2xui32>",
        id(),
        &[],
        vec![TensorProto {
            name: "w".into(),
            dims: vec![2],
            data_type: dt::UINT32,
            uint64_data: vec![u64::MAX, 1],
            ..Default::default()
        }],
        21,
    );
    c.finish();
}

#[test]
fn constants_and_dropout_fail_cleanly() {
    let mut c = Checker::default();
    let drop = node("Dropout", &["x", "r", "t"], &["y"], vec![]);
    c.err(
        "dropout empty training",
        "",
        drop.clone(),
        &[("x", F, &[2])],
        vec![
            f32t("r", &[], &[0.5]),
            TensorProto {
                name: "t".into(),
                dims: vec![0],
                data_type: dt::BOOL,
                ..Default::default()
            },
        ],
        13,
    );
    c.err(
        "dropout empty ratio",
        "ratio",
        drop.clone(),
        &[("x", F, &[2])],
        vec![
            f32t("r", &[0], &[]),
            TensorProto {
                name: "t".into(),
                dims: vec![],
                data_type: dt::BOOL,
                int32_data: vec![1],
                ..Default::default()
            },
        ],
        13,
    );
    c.ok(
        "dropout mask",
        "return %arg0",
        node("Dropout", &["x"], &["y", "m"], vec![]),
        &[("x", F, &[2])],
        vec![],
        13,
    );
    let cos = node("ConstantOfShape", &["s"], &["y"], vec![]);
    c.err(
        "cos negative",
        "is negative",
        cos.clone(),
        &[],
        vec![i64t("s", &[2], &[2, -1])],
        13,
    );
    c.err(
        "cos value",
        "exactly one element",
        node(
            "ConstantOfShape",
            &["s"],
            &["y"],
            vec![at("value", f32t("v", &[0], &[]))],
        ),
        &[],
        vec![i64t("s", &[1], &[2])],
        13,
    );
    c.err(
        "constant none",
        "has no value attribute",
        node("Constant", &[], &["y"], vec![]),
        &[],
        vec![],
        13,
    );
    c.err(
        "range zero",
        "delta must not be 0",
        node("Range", &["a", "b", "d"], &["y"], vec![]),
        &[],
        vec![
            f32t("a", &[], &[0.0]),
            f32t("b", &[], &[1.0]),
            f32t("d", &[], &[0.0]),
        ],
        13,
    );
    c.ok(
        "range nan",
        "tensor<0xf32>",
        node("Range", &["a", "b", "d"], &["y"], vec![]),
        &[],
        vec![
            f32t("a", &[], &[0.0]),
            f32t("b", &[], &[f32::NAN]),
            f32t("d", &[], &[1.0]),
        ],
        13,
    );
    c.no_panic(
        "shape range",
        node(
            "Shape",
            &["x"],
            &["y"],
            vec![ai("start", i64::MIN), ai("end", BIG)],
        ),
        &[("x", F, &[2, 3])],
        vec![],
        15,
    );
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
    let wide: &[In] = &[("x", F, &[0, BIG])];
    for mode in ["constant", "reflect", "edge", "wrap"] {
        let pad = node("Pad", &["x", "p"], &["y"], vec![as_("mode", mode)]);
        c.no_panic(
            mode,
            pad,
            wide,
            vec![i64t("p", &[4], &[1, 1 << 30, 1, 1 << 30])],
            19,
        );
    }
    let tile = node("Tile", &["x", "r"], &["y"], vec![]);
    c.err(
        "tile",
        "too many elements",
        tile,
        wide,
        vec![i64t("r", &[2], &[1, 2])],
        13,
    );
    let cat = node("Concat", &["x", "x"], &["y"], vec![ai("axis", 1)]);
    c.err("concat", "too large", cat, wide, vec![], 13);
    let d2s = node("DepthToSpace", &["x"], &["y"], vec![ai("blocksize", 2)]);
    c.err(
        "d2s",
        "too large",
        d2s,
        &[("x", F, &[0, 4, BIG, BIG])],
        vec![],
        13,
    );
    let s2d = node("SpaceToDepth", &["x"], &["y"], vec![ai("blocksize", 2)]);
    c.err(
        "s2d",
        "too large",
        s2d,
        &[("x", F, &[0, BIG, 2, 2])],
        vec![],
        13,
    );
    c.ok(
        "trilu",
        "tensor<0x",
        node("Trilu", &["x"], &["y"], vec![]),
        &[("x", F, &[0, BIG, BIG])],
        vec![],
        14,
    );
    c.ok(
        "eye",
        "tensor<0x",
        node("EyeLike", &["x"], &["y"], vec![]),
        wide,
        vec![],
        13,
    );
    let big_seq = [0i64, 1, BIG, 1];
    let att = node(
        "Attention",
        &["q", "k", "v"],
        &["y"],
        vec![ai("is_causal", 1)],
    );
    c.err(
        "attention",
        "",
        att,
        &[("q", F, &big_seq), ("k", F, &big_seq), ("v", F, &big_seq)],
        vec![],
        23,
    );
    let nll = node("NegativeLogLikelihoodLoss", &["x", "t"], &["y"], vec![]);
    c.err(
        "nll",
        "too large",
        nll,
        &[("x", F, &[0, BIG]), ("t", I64, &[0])],
        vec![],
        13,
    );
    for op in ["MaxPool", "AveragePool"] {
        let n = node(
            op,
            &["x"],
            &["y"],
            vec![ais("kernel_shape", &[2]), ais("dilations", &[2])],
        );
        c.no_panic(op, n, &[("x", F, &[0, 1, BIG])], vec![], 19);
        let n = node(
            op,
            &["x"],
            &["y", "i"],
            vec![
                ais("kernel_shape", &[2, 1]),
                ais("pads", &[BIG / 2, 0, BIG / 2, 0]),
            ],
        );
        c.no_panic(op, n, &[("x", F, &[1 << 20, 1 << 20, 4, 0])], vec![], 19);
    }
    let conv = node("Conv", &["x", "w"], &["y"], vec![]);
    c.no_panic(
        "conv",
        conv,
        &[("x", F, &[0, 1, BIG]), ("w", F, &[1, 1, 2])],
        vec![],
        19,
    );
    let gn = node(
        "GroupNormalization",
        &["x", "s", "b"],
        &["y"],
        vec![ai("num_groups", 1)],
    );
    c.no_panic(
        "gn",
        gn,
        &[("x", F, &[0, 1, BIG]), ("s", F, &[1]), ("b", F, &[1])],
        vec![],
        18,
    );
    let rot = node("RotaryEmbedding", &["x", "c", "s"], &["y"], vec![]);
    c.no_panic(
        "rotary",
        rot,
        &[
            ("x", F, &[0, 1, BIG, 2]),
            ("c", F, &[0, BIG, 1]),
            ("s", F, &[0, BIG, 1]),
        ],
        vec![],
        23,
    );
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
    let unary = [
        "Elu",
        "HardSigmoid",
        "HardSwish",
        "Selu",
        "Softplus",
        "Softsign",
        "Mish",
        "Celu",
        "ThresholdedRelu",
        "Shrink",
        "ReduceL1",
        "ReduceL2",
        "ReduceLogSum",
        "ReduceLogSumExp",
        "ReduceSumSquare",
        "ReduceMin",
        "ReduceProd",
        "ArgMax",
        "ArgMin",
        "LpNormalization",
        "MeanVarianceNormalization",
        "Trilu",
        "Not",
        "BitwiseNot",
        "Sin",
        "Atanh",
        "Ceil",
        "Round",
        "Sign",
        "IsNaN",
        "IsInf",
        "Identity",
    ];
    let binary = [
        "PRelu",
        "And",
        "Or",
        "Xor",
        "BitwiseAnd",
        "BitwiseOr",
        "BitwiseXor",
        "Mod",
        "GatherElements",
    ];
    for &e in &elems {
        for op in unary {
            c.no_panic(
                op,
                node(op, &["x"], &["y"], vec![]),
                &[("x", e, &[2, 3, 2])],
                vec![],
                24,
            );
        }
        for op in binary {
            let n = node(op, &["x", "z"], &["y"], vec![]);
            c.no_panic(op, n, &[("x", e, &[2, 3]), ("z", e, &[2, 3])], vec![], 24);
        }
        let shift = node(
            "BitShift",
            &["x", "z"],
            &["y"],
            vec![as_("direction", "LEFT")],
        );
        c.no_panic(
            "BitShift",
            shift,
            &[("x", e, &[2]), ("z", e, &[2])],
            vec![],
            24,
        );
        let cast = node("Cast", &["x"], &["y"], vec![ai("to", dt::INT4.into())]);
        c.no_panic("Cast", cast, &[("x", e, &[2])], vec![], 24);
        let like = node("CastLike", &["x", "z"], &["y"], vec![]);
        c.no_panic(
            "CastLike",
            like,
            &[("x", F, &[2]), ("z", e, &[])],
            vec![],
            24,
        );
        let cs = node("CumSum", &["x", "a"], &["y"], vec![]);
        c.no_panic(
            "CumSum",
            cs,
            &[("x", e, &[2, 3])],
            vec![i64t("a", &[], &[1])],
            24,
        );
        let tile = node("Tile", &["x", "r"], &["y"], vec![]);
        c.no_panic(
            "Tile",
            tile,
            &[("x", e, &[2, 3])],
            vec![i64t("r", &[2], &[2, 2])],
            24,
        );
        let d2s = node("DepthToSpace", &["x"], &["y"], vec![ai("blocksize", 2)]);
        c.no_panic("DepthToSpace", d2s, &[("x", e, &[1, 4, 2, 2])], vec![], 24);
        let eye = node("EyeLike", &["x"], &["y"], vec![]);
        c.no_panic("EyeLike", eye, &[("x", e, &[2, 3])], vec![], 24);
        let pad = node("Pad", &["x", "p"], &["y"], vec![as_("mode", "reflect")]);
        c.no_panic(
            "Pad",
            pad,
            &[("x", e, &[2, 3])],
            vec![i64t("p", &[4], &[1, 1, 1, 1])],
            24,
        );
        for op in ["MaxPool", "AveragePool"] {
            let n = node(op, &["x"], &["y"], vec![ais("kernel_shape", &[2, 2, 2])]);
            c.no_panic(op, n, &[("x", e, &[1, 1, 3, 3, 3])], vec![], 24);
        }
        let conv = node("Conv", &["x", "w"], &["y"], vec![]);
        c.no_panic(
            "Conv",
            conv,
            &[("x", e, &[1, 1, 3]), ("w", e, &[1, 1, 2])],
            vec![],
            24,
        );
    }
    c.finish();
}
