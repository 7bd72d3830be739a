//! Models that must not import: each gives one clear error, and no input panics.

mod common;
use common::*;
use neuron_onnx::proto::{data_type, ModelProto, NodeProto};
use neuron_onnx::{ImportError, ImportOptions, InputShape};
use prost::Message;

fn err_of(bytes: Vec<u8>) -> String {
    match import(bytes) {
        Ok(t) => panic!("import succeeded:\n{t}"),
        Err(e) => e.to_string(),
    }
}

fn mlp() -> Vec<u8> {
    let g = graph(
        vec![
            named(
                "fc",
                node("Gemm", &["x", "w", "b"], &["h"], vec![ai("transB", 1)]),
            ),
            node("Relu", &["h"], &["y"], vec![]),
        ],
        vec![f32vi("x", &[1, 4])],
        vec![f32vi("y", &[1, 3])],
        vec![
            f32t("w", &[3, 4], &[0.5; 12]),
            f32t("b", &[3], &[1., 2., 3.]),
        ],
    );
    model(g, 13)
}

#[test]
fn unsupported_operators_are_listed_with_counts() {
    let mut fused = node("FusedMatMul", &["x", "x"], &["f"], vec![]);
    fused.domain = "com.microsoft".into();
    let g = graph(
        vec![
            node("NonZero", &["x"], &["a"], vec![]),
            node("StringNormalizer", &["x", "k"], &["b", "bi"], vec![]),
            node("NonZero", &["x"], &["c"], vec![]),
            node("Relu", &["x"], &["r"], vec![]),
            node("Gelu", &["x"], &["g"], vec![]),
            fused,
        ],
        vec![f32vi("x", &[2])],
        vec![f32vi("r", &[2])],
        vec![i64t("k", &[1], &[1])],
    );
    assert_eq!(
        err_of(model(g, 17)),
        "unsupported ONNX operators (4 kinds, 5 nodes): Gelu (defined from opset 20) ×1, NonZero ×2, \
         StringNormalizer ×1, com.microsoft.FusedMatMul ×1"
    );
}

fn dynamic_model() -> Vec<u8> {
    let g = graph(
        vec![node("Gather", &["emb", "ids"], &["y"], vec![])],
        vec![vi("ids", data_type::INT64, &[Some(1), None])],
        vec![vi("y", data_type::FLOAT, &[Some(1), None, Some(2)])],
        vec![f32t("emb", &[3, 2], &[0.; 6])],
    );
    model(g, 13)
}

#[test]
fn dynamic_dimension_needs_an_input_shape() {
    let err = import(dynamic_model()).unwrap_err();
    assert!(matches!(err, ImportError::DynamicDim { ref input, dim: 1, .. } if input == "ids"));
    assert_eq!(
        err.to_string(),
        "input 'ids' has a dynamic dimension 1 ('d1'): give its shape with --input-shape ids=1x?"
    );
    let opts = ImportOptions {
        input_shapes: vec!["ids=1x128".parse().unwrap()],
        ..ImportOptions::default()
    };
    let text = import_with(dynamic_model(), &opts, false).unwrap();
    assert!(text.contains("%1 = nn.gather %0, %arg0 : (tensor<3x2xf32>, tensor<1x128xi64>) -> tensor<1x128x2xf32>"), "{text}");
}

#[test]
fn input_shape_options_are_checked() {
    let with = |s: &str| {
        let opts = ImportOptions {
            input_shapes: vec![s.parse::<InputShape>().unwrap()],
            ..ImportOptions::default()
        };
        import_with(dynamic_model(), &opts, false)
            .unwrap_err()
            .to_string()
    };
    assert_eq!(
        with("tokens=1x8"),
        "--input-shape tokens=1x8: the model has no input 'tokens' (inputs: ids)"
    );
    assert_eq!(
        with("ids=8"),
        "--input-shape ids=8: input 'ids' has rank 2, but the option gives 1 dimension(s)"
    );
    assert_eq!(
        with("ids=2x8"),
        "--input-shape ids=2x8: dimension 0 of input 'ids' is fixed to 1 by the model"
    );
    assert!("ids".parse::<InputShape>().is_err());
    assert!("ids=1xq".parse::<InputShape>().is_err());
    assert!("=1".parse::<InputShape>().is_err());
    assert_eq!("a=b=1,2".parse::<InputShape>().unwrap().name, "a=b");
}

#[test]
fn truncated_files_are_decode_errors() {
    let bytes = mlp();
    assert!(import(bytes.clone()).is_ok());
    for cut in 1..bytes.len() {
        // Every prefix either fails cleanly or (rarely) decodes to a smaller valid model.
        let _ = import(bytes[..cut].to_vec());
    }
    let err = err_of(bytes[..bytes.len() - 7].to_vec());
    assert!(
        err.starts_with("not a valid ONNX model: protobuf decoding failed (")
            && err.contains("truncated"),
        "{err}"
    );
}

#[test]
fn random_and_corrupted_bytes_never_panic() {
    let mut state = 0x2545_f491_4f6c_dd1du64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for len in [1usize, 2, 5, 16, 100, 1000] {
        for _ in 0..50 {
            let bytes: Vec<u8> = (0..len).map(|_| next() as u8).collect();
            let _ = import(bytes);
        }
    }
    let good = mlp();
    for _ in 0..500 {
        let mut b = good.clone();
        let i = next() as usize % b.len();
        b[i] ^= 1 << (next() % 8);
        let _ = import(b);
    }
}

#[test]
fn wrong_magic_and_foreign_files() {
    assert_eq!(err_of(vec![]), "not a valid ONNX model: the file is empty");
    assert_eq!(
        err_of(b"module {\n}\n".to_vec()),
        "not a valid ONNX model: the file is MLIR text, not a binary ONNX protobuf"
    );
    assert_eq!(
        err_of(b"PK\x03\x04 zip archive".to_vec()),
        "not a valid ONNX model: protobuf decoding failed (invalid tag value: 0); the file may be truncated or not an ONNX model"
    );
    // A valid protobuf of another message: no graph, no IR version.
    let t = NodeProto {
        doc_string: "a node".into(),
        ..Default::default()
    }
    .encode_to_vec();
    assert_eq!(err_of(t), "not an ONNX model: no graph and no IR version");
}

#[test]
fn attribute_of_the_wrong_type() {
    let mut a = af("axis", 1.0);
    a.name = "axis".into();
    let n = node("Softmax", &["x"], &["y"], vec![a]);
    assert_eq!(
        one_err(n, &[("x", &[2, 3])], vec![], 13),
        "node 'Softmax#0' (Softmax): attribute 'axis' must be INT, but is FLOAT"
    );
}

#[test]
fn missing_initializer() {
    let g = graph(
        vec![named(
            "fc",
            node("MatMul", &["x", "weight"], &["y"], vec![]),
        )],
        vec![f32vi("x", &[1, 4])],
        vec![f32vi("y", &[1, 3])],
        vec![],
    );
    assert_eq!(
        err_of(model(g, 13)),
        "node 'fc' (MatMul): uses 'weight', which no node, graph input or initializer defines (missing initializer?)"
    );
}

#[test]
fn cyclic_graph() {
    let g = graph(
        vec![
            named("a", node("Add", &["x", "c"], &["b"], vec![])),
            named("r", node("Relu", &["b"], &["c"], vec![])),
            named("out", node("Identity", &["c"], &["y"], vec![])),
        ],
        vec![f32vi("x", &[2])],
        vec![f32vi("y", &[2])],
        vec![],
    );
    assert_eq!(
        err_of(model(g, 13)),
        "the graph has a cycle: 'a' (Add) → 'r' (Relu) → back to the first"
    );
}

#[test]
fn unsorted_graphs_are_sorted() {
    let g = graph(
        vec![
            node("Relu", &["h"], &["y"], vec![]),
            node("Neg", &["x"], &["h"], vec![]),
        ],
        vec![f32vi("x", &[2])],
        vec![f32vi("y", &[2])],
        vec![],
    );
    assert_eq!(
        ops_of(&import(model(g, 13)).unwrap()),
        "%0 = nn.neg %arg0 : tensor<2xf32>\n%1 = nn.relu %0 : tensor<2xf32>\nreturn %1 : tensor<2xf32>"
    );
}

#[test]
fn shape_mismatches() {
    let n = named("mm", node("MatMul", &["a", "b"], &["y"], vec![]));
    assert_eq!(
        one_err(n, &[("a", &[2, 3]), ("b", &[4, 5])], vec![], 13),
        "node 'mm' (MatMul): shapes [2, 3] and [4, 5]: contracting dimensions differ: lhs dimension 1 has size 3, rhs dimension 0 has size 4"
    );
    let mut g = graph(
        vec![
            named("r", node("Relu", &["x"], &["h"], vec![])),
            node("Neg", &["h"], &["y"], vec![]),
        ],
        vec![f32vi("x", &[2, 3])],
        vec![f32vi("y", &[2, 3])],
        vec![],
    );
    g.value_info = vec![f32vi("h", &[3, 2])];
    assert_eq!(
        err_of(model(g.clone(), 13)),
        "node 'r' (Relu): shape mismatch: output 'h' has inferred shape [2, 3], but value_info declares [3, 2]"
    );
    g.value_info.clear();
    g.output = vec![f32vi("y", &[6])];
    assert_eq!(
        err_of(model(g, 13)),
        "shape mismatch: graph output 'y' is declared [6], but the graph computes [2, 3]"
    );
    let r = node("Reshape", &["x", "s"], &["y"], vec![]);
    assert_eq!(
        one_err(r, &[("x", &[2, 3])], vec![i64t("s", &[2], &[4, -1])], 13),
        "node 'Reshape#0' (Reshape): cannot reshape [2, 3] (6 elements) to [4, -1]"
    );
}

#[test]
fn bad_initializer_data() {
    let mut t = f32t("w", &[2, 2], &[1., 2., 3.]);
    let n = node("Add", &["x", "w"], &["y"], vec![]);
    assert_eq!(
        one_err(n.clone(), &[("x", &[2, 2])], vec![t.clone()], 13),
        "node 'Add#0' (Add): input 'w': initializer 'w': raw data has 12 bytes, but 4 elements of FLOAT need 16"
    );
    t.raw_data = Default::default();
    assert_eq!(
        one_err(n.clone(), &[("x", &[2, 2])], vec![t.clone()], 13),
        "node 'Add#0' (Add): input 'w': initializer 'w': has no data: 4 elements of FLOAT expected in raw_data or float_data"
    );
    t.data_type = data_type::STRING;
    assert!(
        one_err(n, &[("x", &[2, 2])], vec![t], 13).contains("element type STRING is not supported")
    );
}

#[test]
fn model_level_errors() {
    let mut m = ModelProto::decode(&mlp()[..]).unwrap();
    m.opset_import[0].version = 6;
    assert_eq!(
        err_of(m.encode_to_vec()),
        "the model uses ai.onnx opset 6; supported opsets are 7–27"
    );
    m.opset_import[0].version = 28;
    assert_eq!(
        err_of(m.encode_to_vec()),
        "the model uses ai.onnx opset 28; supported opsets are 7–27"
    );
    m.opset_import[0].domain = "com.example".into();
    assert_eq!(
        err_of(m.encode_to_vec()),
        "the model imports no ai.onnx opset"
    );
    m.opset_import[0].domain = String::new();
    m.opset_import[0].version = 13;
    m.graph = None;
    assert_eq!(err_of(m.encode_to_vec()), "the model has no graph");
    let dup = graph(
        vec![
            node("Relu", &["x"], &["y"], vec![]),
            node("Neg", &["x"], &["y"], vec![]),
        ],
        vec![f32vi("x", &[2])],
        vec![f32vi("y", &[2])],
        vec![],
    );
    assert_eq!(
        err_of(model(dup, 13)),
        "value 'y' is defined twice: by node 'Relu#0' and by node 'Neg#1' (Neg)"
    );
}

#[test]
fn errors_become_located_diagnostics() {
    let n: NodeProto = named("mm", node("MatMul", &["a", "b"], &["y"], vec![]));
    let err = one(n, &[("a", &[2, 3]), ("b", &[4, 5])], vec![], 13).unwrap_err();
    let d = err.to_diagnostic();
    assert_eq!(d.loc, neuron_ir::Location::Name("mm".into()));
}

#[test]
fn hostile_sizes_are_errors_not_overflows() {
    let big = i64::MAX;
    let cases: Vec<(
        neuron_onnx::proto::NodeProto,
        Vec<neuron_onnx::proto::TensorProto>,
    )> = vec![
        (
            node(
                "MaxPool",
                &["x"],
                &["y"],
                vec![
                    ais("kernel_shape", &[2, 2]),
                    ais("pads", &[big, big, big, big]),
                ],
            ),
            vec![],
        ),
        (
            node(
                "MaxPool",
                &["x"],
                &["y"],
                vec![ais("kernel_shape", &[big, 2]), ais("dilations", &[big, 1])],
            ),
            vec![],
        ),
        (
            node("Range", &["s", "l", "d"], &["y"], vec![]),
            vec![
                i64t("s", &[], &[i64::MIN]),
                i64t("l", &[], &[big]),
                i64t("d", &[], &[1]),
            ],
        ),
        (
            node("ConstantOfShape", &["s"], &["y"], vec![]),
            vec![i64t("s", &[3], &[1 << 40, 1 << 40, 1 << 40])],
        ),
        (
            node("Expand", &["x", "s"], &["y"], vec![]),
            vec![i64t("s", &[4], &[1 << 40, 1 << 40, 1, 1])],
        ),
        (
            node("Expand", &["x", "s"], &["y"], vec![]),
            vec![i64t("s", &[1], &[-5])],
        ),
        (
            node("Reshape", &["x", "s"], &["y"], vec![]),
            vec![i64t("s", &[3], &[big, big, -1])],
        ),
        (
            node(
                "Split",
                &["x"],
                &["a", "b"],
                vec![ai("axis", 0), ai("num_outputs", big)],
            ),
            vec![],
        ),
        (
            node("Pad", &["x", "p"], &["y"], vec![]),
            vec![i64t("p", &[8], &[big, 0, 0, 0, big, 0, 0, 0])],
        ),
        (
            node("Unsqueeze", &["x", "a"], &["y"], vec![]),
            vec![i64t("a", &[1], &[big])],
        ),
        (
            node("Gather", &["x", "i"], &["y"], vec![]),
            vec![i64t("i", &[1], &[i64::MIN])],
        ),
    ];
    for (n, inits) in cases {
        let op = n.op_type.clone();
        let r = one(n, &[("x", &[1, 1, 4, 4])], inits, 18);
        assert!(r.is_err(), "{op} imported: {r:?}");
    }
    // Extreme starts/ends/steps are legal: an empty slice here.
    let sl = node("Slice", &["x", "s", "e", "a", "st"], &["y"], vec![]);
    let inits = vec![
        i64t("s", &[1], &[i64::MIN]),
        i64t("e", &[1], &[big]),
        i64t("a", &[1], &[0]),
        i64t("st", &[1], &[i64::MIN]),
    ];
    assert!(one(sl, &[("x", &[1, 1, 4, 4])], inits, 18)
        .unwrap()
        .contains("-> tensor<0x1x4x4xf32>"));
    // Huge strides are legal: one window.
    let avg = node(
        "AveragePool",
        &["x"],
        &["y"],
        vec![
            ais("kernel_shape", &[2, 2]),
            ais("strides", &[big, big]),
            ai("ceil_mode", 1),
        ],
    );
    assert!(one(avg, &[("x", &[1, 1, 4, 4])], vec![], 18)
        .unwrap()
        .contains("-> tensor<1x1x1x1xf32>"));
    let opts = ImportOptions {
        input_shapes: vec!["ids=1x9223372036854775807".parse().unwrap()],
        ..ImportOptions::default()
    };
    let err = import_with(dynamic_model(), &opts, false)
        .unwrap_err()
        .to_string();
    assert!(err.contains("has too many elements"), "{err}");
}

#[test]
fn attribute_values_the_nn_ops_reject_are_reported_at_the_node() {
    let n = node("Clip", &["x"], &["y"], vec![af("min", 1.0), af("max", 0.5)]);
    let err = one_err(n, &[("x", &[2])], vec![], 9);
    assert!(
        err.starts_with("the imported IR does not verify: at 'Clip#0': 'nn.clip' op"),
        "{err}"
    );
}
