//! Import-time folding: Shape arithmetic chains, Constant nodes, initializers as constants.

mod common;
use common::*;
use neuron_onnx::proto::{data_type, TensorProto};

fn scalar_i64(name: &str, v: i64) -> TensorProto {
    i64t(name, &[], &[v])
}

#[test]
fn shape_gather_unsqueeze_concat_reshape_folds_to_a_static_reshape() {
    let g = graph(
        vec![
            node("Shape", &["x"], &["s"], vec![]),
            node("Gather", &["s", "zero"], &["b"], vec![ai("axis", 0)]),
            node("Unsqueeze", &["b", "ax0"], &["bu"], vec![]),
            node(
                "Concat",
                &["bu", "minus1"],
                &["target"],
                vec![ai("axis", 0)],
            ),
            node("Reshape", &["x", "target"], &["y"], vec![]),
        ],
        vec![f32vi("x", &[2, 3, 4])],
        vec![f32vi("y", &[2, 12])],
        vec![
            scalar_i64("zero", 0),
            i64t("ax0", &[1], &[0]),
            i64t("minus1", &[1], &[-1]),
        ],
    );
    assert_eq!(
        ops_of(&import(model(g, 13)).unwrap()),
        "%0 = nn.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
return %0 : tensor<2x12xf32>"
    );
}

#[test]
fn integer_arithmetic_on_shapes_folds() {
    // Attention-style head split: [B, S, H] -> [B, S, 2, H/2] with H/2 computed.
    let g = graph(
        vec![
            node("Shape", &["x"], &["s"], vec![]),
            node("Gather", &["s", "i2"], &["h"], vec![]),
            node("Div", &["h", "two"], &["half"], vec![]),
            node("Slice", &["s", "st", "en"], &["bs"], vec![]),
            node("Unsqueeze", &["half"], &["hu"], vec![ais("axes", &[0])]),
            node(
                "Concat",
                &["bs", "two1", "hu"],
                &["target"],
                vec![ai("axis", 0)],
            ),
            node("Reshape", &["x", "target"], &["y"], vec![]),
        ],
        vec![f32vi("x", &[1, 5, 8])],
        vec![f32vi("y", &[1, 5, 2, 4])],
        vec![
            scalar_i64("i2", 2),
            scalar_i64("two", 2),
            i64t("two1", &[1], &[2]),
            i64t("st", &[1], &[0]),
            i64t("en", &[1], &[2]),
        ],
    );
    assert_eq!(
        ops_of(&import(model(g, 11)).unwrap()),
        "%0 = nn.reshape %arg0 : (tensor<1x5x8xf32>) -> tensor<1x5x2x4xf32>
return %0 : tensor<1x5x2x4xf32>"
    );
}

#[test]
fn shape_start_end_and_size() {
    let g = graph(
        vec![
            node("Shape", &["x"], &["s"], vec![ai("start", 1), ai("end", -1)]),
            node("Size", &["x"], &["n"], vec![]),
        ],
        vec![f32vi("x", &[2, 3, 4, 5])],
        vec![
            vi("s", data_type::INT64, &[Some(2)]),
            vi("n", data_type::INT64, &[]),
        ],
        vec![],
    );
    assert_eq!(
        ops_of(&import(model(g, 15)).unwrap()),
        "%0 = nn.constant {value = dense<[3, 4]> : tensor<2xi64>} : () -> tensor<2xi64>
%1 = nn.constant {value = dense<120> : tensor<i64>} : () -> tensor<i64>
return %0, %1 : tensor<2xi64>, tensor<i64>"
    );
}

#[test]
fn constant_nodes_of_every_form() {
    let t = TensorProto {
        dims: vec![2],
        data_type: data_type::FLOAT,
        float_data: vec![1.5, -2.0],
        ..Default::default()
    };
    let g = graph(
        vec![
            node("Constant", &[], &["a"], vec![at("value", t)]),
            node("Constant", &[], &["b"], vec![af("value_float", 0.25)]),
            node("Constant", &[], &["c"], vec![ais("value_ints", &[7, 8, 9])]),
            node("Add", &["x", "a"], &["y"], vec![]),
            node("Mul", &["y", "b"], &["z"], vec![]),
        ],
        vec![f32vi("x", &[2])],
        vec![f32vi("z", &[2]), vi("c", data_type::INT64, &[Some(3)])],
        vec![],
    );
    assert_eq!(
        ops_of(&import(model(g, 13)).unwrap()),
        "%0 = nn.constant {value = dense<[1.5, -2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
%1 = nn.add %arg0, %0 : tensor<2xf32>
%2 = nn.constant {value = dense<0.25> : tensor<f32>} : () -> tensor<f32>
%3 = nn.mul %1, %2 : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
%4 = nn.constant {value = dense<[7, 8, 9]> : tensor<3xi64>} : () -> tensor<3xi64>
return %3, %4 : tensor<2xf32>, tensor<3xi64>"
    );
}

#[test]
fn constant_of_shape_and_where_on_shapes_fold() {
    // Exported models rewrite -1 entries with Where(Equal(shape, -1), ones, shape).
    let g = graph(
        vec![
            node("Shape", &["x"], &["s"], vec![]),
            node(
                "ConstantOfShape",
                &["s"],
                &["ones"],
                vec![at("value", f32t("", &[1], &[1.0]))],
            ),
            node("Add", &["x", "ones"], &["y"], vec![]),
            node("Equal", &["tgt", "m1"], &["isneg"], vec![]),
            node("Where", &["isneg", "s2", "tgt"], &["fixed"], vec![]),
            node("Expand", &["y", "fixed"], &["z"], vec![]),
        ],
        vec![f32vi("x", &[1, 3])],
        vec![f32vi("z", &[2, 3])],
        vec![
            i64t("tgt", &[2], &[2, -1]),
            scalar_i64("m1", -1),
            i64t("s2", &[2], &[1, 3]),
        ],
    );
    assert_eq!(
        ops_of(&import(model(g, 13)).unwrap()),
        "%0 = nn.constant {value = dense<1.0> : tensor<1x3xf32>} : () -> tensor<1x3xf32>
%1 = nn.add %arg0, %0 : tensor<1x3xf32>
%2 = nn.expand %1 : (tensor<1x3xf32>) -> tensor<2x3xf32>
return %2 : tensor<2x3xf32>"
    );
}

#[test]
fn range_cast_and_neg_fold() {
    let g = graph(
        vec![
            node("Range", &["start", "limit", "delta"], &["r"], vec![]),
            node("Neg", &["r"], &["n"], vec![]),
            node(
                "Cast",
                &["n"],
                &["y"],
                vec![ai("to", data_type::FLOAT as i64)],
            ),
        ],
        vec![],
        vec![f32vi("y", &[3])],
        vec![
            scalar_i64("start", 1),
            scalar_i64("limit", 7),
            scalar_i64("delta", 2),
        ],
    );
    assert_eq!(
        ops_of(&import(model(g, 13)).unwrap()),
        "%0 = nn.constant {value = dense<[-1.0, -3.0, -5.0]> : tensor<3xf32>} : () -> tensor<3xf32>
return %0 : tensor<3xf32>"
    );
}

#[test]
fn initializers_listed_as_inputs_are_constants_and_unused_ones_vanish() {
    // IR < 4 lists every initializer among the graph inputs.
    let g = graph(
        vec![node("Add", &["x", "b"], &["y"], vec![])],
        vec![f32vi("x", &[2]), f32vi("b", &[2]), f32vi("unused", &[3])],
        vec![f32vi("y", &[2])],
        vec![
            f32t("b", &[2], &[1., 2.]),
            f32t("unused", &[3], &[0., 0., 0.]),
        ],
    );
    assert_eq!(
        import(model(g, 9)).unwrap(),
        r#"module {
  func.func @main(%arg0: tensor<2xf32> {nn.name = "x"}) -> (tensor<2xf32> {nn.name = "y"}) {
    %0 = nn.constant {value = dense<[1.0, 2.0]> : tensor<2xf32>} : () -> tensor<2xf32>
    %1 = nn.add %arg0, %0 : tensor<2xf32>
    return %1 : tensor<2xf32>
  }
}
"#
    );
}

#[test]
fn reshape_target_computed_at_run_time_is_a_clear_error() {
    let g = graph(
        vec![
            node(
                "Cast",
                &["t"],
                &["ti"],
                vec![ai("to", data_type::INT64 as i64)],
            ),
            node("Reshape", &["x", "ti"], &["y"], vec![]),
        ],
        vec![f32vi("x", &[2, 3]), f32vi("t", &[2])],
        vec![f32vi("y", &[3, 2])],
        vec![],
    );
    let err = import(model(g, 13)).unwrap_err().to_string();
    assert_eq!(
        err,
        "node 'Reshape#1' (Reshape): input 'shape' ('ti') must be a constant known at import; it is computed at run time"
    );
}
