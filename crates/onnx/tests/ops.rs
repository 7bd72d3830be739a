//! Exact IR of representative operators and of their opset variants.

mod common;
use common::*;
use neuron_onnx::proto::data_type;

#[test]
fn matmul_relu_model_prints_exactly() {
    let g = graph(
        vec![
            named("mm", node("MatMul", &["x", "w"], &["h"], vec![])),
            node("Relu", &["h"], &["y"], vec![]),
        ],
        vec![f32vi("x", &[2, 3])],
        vec![f32vi("y", &[2, 2])],
        vec![f32t("w", &[3, 2], &[1., 2., 3., 4., 5., 6.])],
    );
    let text = import(model(g, 13)).unwrap();
    assert_eq!(
        text,
        r#"module {
  func.func @main(%arg0: tensor<2x3xf32> {nn.name = "x"}) -> (tensor<2x2xf32> {nn.name = "y"}) {
    %0 = nn.constant {value = dense<[[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]> : tensor<3x2xf32>} : () -> tensor<3x2xf32>
    %1 = nn.matmul %arg0, %0 : (tensor<2x3xf32>, tensor<3x2xf32>) -> tensor<2x2xf32>
    %2 = nn.relu %1 : tensor<2x2xf32>
    return %2 : tensor<2x2xf32>
  }
}
"#
    );
}

#[test]
fn locations_name_the_onnx_nodes() {
    let g = graph(
        vec![
            named("mm", node("MatMul", &["x", "w"], &["h"], vec![])),
            node("Relu", &["h"], &["y"], vec![]),
        ],
        vec![f32vi("x", &[2, 3])],
        vec![f32vi("y", &[2, 2])],
        vec![f32t("w", &[3, 2], &[1., 2., 3., 4., 5., 6.])],
    );
    let text = import_with(model(g, 13), &Default::default(), true).unwrap();
    assert!(
        text.contains(r#": () -> tensor<3x2xf32> loc("w")"#),
        "{text}"
    );
    assert!(text.contains(r#"-> tensor<2x2xf32> loc("mm")"#), "{text}");
    assert!(
        text.contains(r#"%2 = nn.relu %1 : tensor<2x2xf32> loc("Relu#1")"#),
        "{text}"
    );
}

#[test]
fn conv_with_bias_strides_and_pads() {
    let n = node(
        "Conv",
        &["x", "w", "b"],
        &["y"],
        vec![ais("pads", &[1, 1, 1, 1]), ais("strides", &[2, 2])],
    );
    let inits = vec![
        f32t("w", &[4, 3, 3, 3], &[0.5; 108]),
        f32t("b", &[4], &[0., 1., 2., 3.]),
    ];
    assert_eq!(
        one_ops(n, &[("x", &[1, 3, 8, 8])], inits, 13),
        "%0 = nn.constant {value = dense<0.5> : tensor<4x3x3x3xf32>} : () -> tensor<4x3x3x3xf32>
%1 = nn.constant {value = dense<[0.0, 1.0, 2.0, 3.0]> : tensor<4xf32>} : () -> tensor<4xf32>
%2 = nn.conv2d %arg0, %0, %1 {pads = array<i64: 1, 1, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x8x8xf32>, tensor<4x3x3x3xf32>, tensor<4xf32>) -> tensor<1x4x4x4xf32>
return %2 : tensor<1x4x4x4xf32>"
    );
}

#[test]
fn conv_same_lower_groups_and_dilations() {
    let n = node(
        "Conv",
        &["x", "w"],
        &["y"],
        vec![
            as_("auto_pad", "SAME_LOWER"),
            ai("group", 2),
            ais("dilations", &[2, 2]),
        ],
    );
    let inits = vec![f32t("w", &[4, 2, 2, 2], &[1.0; 32])];
    let ops = one_ops(n, &[("x", &[1, 4, 5, 5])], inits, 11);
    assert!(
        ops.contains("nn.conv2d %arg0, %0 {dilations = array<i64: 2, 2>, group = 2 : i64, pads = array<i64: 1, 1, 1, 1>} : (tensor<1x4x5x5xf32>, tensor<4x2x2x2xf32>) -> tensor<1x4x5x5xf32>"),
        "{ops}"
    );
    let odd = node(
        "Conv",
        &["x", "w"],
        &["y"],
        vec![as_("auto_pad", "SAME_LOWER")],
    );
    let ops = one_ops(
        odd,
        &[("x", &[1, 2, 5, 5])],
        vec![f32t("w", &[1, 2, 2, 2], &[1.0; 8])],
        11,
    );
    assert!(ops.contains("{pads = array<i64: 1, 1, 0, 0>}"), "{ops}");
}

#[test]
fn max_pool_ceil_mode_becomes_end_padding() {
    let n = node(
        "MaxPool",
        &["x"],
        &["y"],
        vec![
            ais("kernel_shape", &[3, 3]),
            ais("strides", &[2, 2]),
            ai("ceil_mode", 1),
        ],
    );
    assert_eq!(
        one_ops(n, &[("x", &[1, 3, 6, 6])], vec![], 13),
        "%0 = nn.max_pool2d %arg0 {kernel_shape = array<i64: 3, 3>, pads = array<i64: 0, 0, 1, 1>, strides = array<i64: 2, 2>} : (tensor<1x3x6x6xf32>) -> tensor<1x3x3x3xf32>
return %0 : tensor<1x3x3x3xf32>"
    );
}

#[test]
fn average_pool_same_upper_and_count_include_pad() {
    let n = node(
        "AveragePool",
        &["x"],
        &["y"],
        vec![
            ais("kernel_shape", &[2, 2]),
            as_("auto_pad", "SAME_UPPER"),
            ai("count_include_pad", 1),
        ],
    );
    assert_eq!(
        one_ops(n, &[("x", &[1, 3, 5, 5])], vec![], 13),
        "%0 = nn.avg_pool2d %arg0 {count_include_pad = true, kernel_shape = array<i64: 2, 2>, pads = array<i64: 0, 0, 1, 1>} : tensor<1x3x5x5xf32>
return %0 : tensor<1x3x5x5xf32>"
    );
    let valid = node(
        "AveragePool",
        &["x"],
        &["y"],
        vec![
            ais("kernel_shape", &[2, 2]),
            ais("strides", &[2, 2]),
            as_("auto_pad", "VALID"),
        ],
    );
    assert!(one_ops(valid, &[("x", &[1, 3, 5, 5])], vec![], 13).contains("-> tensor<1x3x2x2xf32>"));
}

#[test]
fn global_pools() {
    let n = node("GlobalAveragePool", &["x"], &["y"], vec![]);
    assert_eq!(
        one_ops(n, &[("x", &[1, 3, 5, 5])], vec![], 13),
        "%0 = nn.global_avg_pool %arg0 : (tensor<1x3x5x5xf32>) -> tensor<1x3x1x1xf32>
return %0 : tensor<1x3x1x1xf32>"
    );
    let n = node("GlobalMaxPool", &["x"], &["y"], vec![]);
    assert!(one_ops(n, &[("x", &[1, 3, 5, 5])], vec![], 13)
        .contains("nn.reduce_max %arg0 {axes = array<i64: 2, 3>} : (tensor<1x3x5x5xf32>) -> tensor<1x3x1x1xf32>"));
}

#[test]
fn softmax_before_opset_13_is_coerced_to_2d() {
    let n = node("Softmax", &["x"], &["y"], vec![]);
    assert_eq!(
        one_ops(n, &[("x", &[2, 3, 4])], vec![], 11),
        "%0 = nn.reshape %arg0 : (tensor<2x3x4xf32>) -> tensor<2x12xf32>
%1 = nn.softmax %0 : tensor<2x12xf32>
%2 = nn.reshape %1 : (tensor<2x12xf32>) -> tensor<2x3x4xf32>
return %2 : tensor<2x3x4xf32>"
    );
    let last = node("LogSoftmax", &["x"], &["y"], vec![ai("axis", -1)]);
    assert_eq!(
        one_ops(last, &[("x", &[2, 3, 4])], vec![], 11),
        "%0 = nn.log_softmax %arg0 : tensor<2x3x4xf32>
return %0 : tensor<2x3x4xf32>"
    );
}

#[test]
fn softmax_from_opset_13_keeps_its_axis() {
    let n = node("Softmax", &["x"], &["y"], vec![ai("axis", 1)]);
    assert_eq!(
        one_ops(n, &[("x", &[2, 3, 4])], vec![], 13),
        "%0 = nn.softmax %arg0 {axis = 1 : i64} : tensor<2x3x4xf32>
return %0 : tensor<2x3x4xf32>"
    );
    let default = node("Softmax", &["x"], &["y"], vec![]);
    assert!(one_ops(default, &[("x", &[2, 3, 4])], vec![], 13)
        .starts_with("%0 = nn.softmax %arg0 : tensor<2x3x4xf32>"));
}

#[test]
fn layer_norm_and_batch_norm() {
    let n = node(
        "LayerNormalization",
        &["x", "s", "b"],
        &["y"],
        vec![af("epsilon", 1e-6)],
    );
    let inits = vec![f32t("s", &[4], &[1.; 4]), f32t("b", &[4], &[0.; 4])];
    assert_eq!(
        one_ops(n, &[("x", &[2, 4])], inits, 17),
        "%0 = nn.constant {value = dense<1.0> : tensor<4xf32>} : () -> tensor<4xf32>
%1 = nn.constant {value = dense<0.0> : tensor<4xf32>} : () -> tensor<4xf32>
%2 = nn.layer_norm %arg0, %0, %1 {epsilon = 1.0e-06 : f32} : (tensor<2x4xf32>, tensor<4xf32>, tensor<4xf32>) -> tensor<2x4xf32>
return %2 : tensor<2x4xf32>"
    );
    let n = node(
        "BatchNormalization",
        &["x", "s", "b", "m", "v"],
        &["y"],
        vec![af("epsilon", 1e-3)],
    );
    let p = |name| f32t(name, &[2], &[1., 2.]);
    let ops = one_ops(
        n,
        &[("x", &[1, 2, 3, 3])],
        vec![p("s"), p("b"), p("m"), p("v")],
        9,
    );
    assert!(
        ops.contains("%4 = nn.batch_norm %arg0, %0, %1, %2, %3 {epsilon = 1.000000e-03 : f32}")
            || ops.contains("%4 = nn.batch_norm %arg0, %0, %1, %2, %3 {epsilon = 0.001 : f32}"),
        "{ops}"
    );
}

#[test]
fn reductions_take_axes_from_attribute_or_input_by_opset() {
    let sum13 = node("ReduceSum", &["x", "a"], &["y"], vec![ai("keepdims", 0)]);
    assert_eq!(
        one_ops(sum13, &[("x", &[2, 3, 4])], vec![i64t("a", &[1], &[-1])], 13),
        "%0 = nn.reduce_sum %arg0 {axes = array<i64: 2>, keepdims = false} : (tensor<2x3x4xf32>) -> tensor<2x3xf32>
return %0 : tensor<2x3xf32>"
    );
    let sum11 = node("ReduceSum", &["x"], &["y"], vec![ais("axes", &[0, 2])]);
    assert!(one_ops(sum11, &[("x", &[2, 3, 4])], vec![], 11).contains(
        "nn.reduce_sum %arg0 {axes = array<i64: 0, 2>} : (tensor<2x3x4xf32>) -> tensor<1x3x1xf32>"
    ));
    let mean17 = node("ReduceMean", &["x"], &["y"], vec![ais("axes", &[1])]);
    assert!(one_ops(mean17, &[("x", &[2, 3, 4])], vec![], 17).contains(
        "nn.reduce_mean %arg0 {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>"
    ));
    let max18 = node("ReduceMax", &["x", "a"], &["y"], vec![]);
    assert!(
        one_ops(max18, &[("x", &[2, 3, 4])], vec![i64t("a", &[1], &[1])], 18).contains(
            "nn.reduce_max %arg0 {axes = array<i64: 1>} : (tensor<2x3x4xf32>) -> tensor<2x1x4xf32>"
        )
    );
    let all = node("ReduceMean", &["x"], &["y"], vec![ai("keepdims", 0)]);
    assert!(one_ops(all, &[("x", &[2, 3])], vec![], 13)
        .contains("nn.reduce_mean %arg0 {keepdims = false} : (tensor<2x3xf32>) -> tensor<f32>"));
    let noop = node(
        "ReduceSum",
        &["x"],
        &["y"],
        vec![ai("noop_with_empty_axes", 1)],
    );
    assert_eq!(
        one_ops(noop, &[("x", &[2, 3])], vec![], 13),
        "return %arg0 : tensor<2x3xf32>"
    );
}

#[test]
fn gemm_attributes_and_bias_broadcast() {
    let n = node(
        "Gemm",
        &["x", "w", "c"],
        &["y"],
        vec![ai("transB", 1), af("alpha", 0.5)],
    );
    let inits = vec![f32t("w", &[4, 3], &[1.; 12]), f32t("c", &[4], &[1.; 4])];
    assert!(one_ops(n, &[("x", &[2, 3])], inits, 13).contains(
        "nn.gemm %arg0, %0, %1 {alpha = 0.5 : f32, transB = true} : (tensor<2x3xf32>, tensor<4x3xf32>, tensor<4xf32>) -> tensor<2x4xf32>"
    ));
    let bad = node("Gemm", &["x", "w", "c"], &["y"], vec![]);
    let inits = vec![f32t("w", &[3, 4], &[1.; 12]), f32t("c", &[3], &[1.; 3])];
    let err = one_err(bad, &[("x", &[2, 3])], inits, 13);
    assert!(
        err.contains("C of shape [3] is not broadcastable to [M, N] = [2, 4]"),
        "{err}"
    );
}

#[test]
fn slice_inputs_from_opset_10_and_attributes_before() {
    let n = node("Slice", &["x", "s", "e", "a", "st"], &["y"], vec![]);
    let inits = vec![
        i64t("s", &[1], &[1]),
        i64t("e", &[1], &[i64::MAX]),
        i64t("a", &[1], &[1]),
        i64t("st", &[1], &[2]),
    ];
    assert_eq!(
        one_ops(n, &[("x", &[4, 6])], inits, 13),
        "%0 = nn.slice %arg0 {axes = array<i64: 1>, ends = array<i64: 6>, starts = array<i64: 1>, steps = array<i64: 2>} : (tensor<4x6xf32>) -> tensor<4x3xf32>
return %0 : tensor<4x3xf32>"
    );
    let old = node(
        "Slice",
        &["x"],
        &["y"],
        vec![ais("starts", &[0, 1]), ais("ends", &[2, -1])],
    );
    assert!(one_ops(old, &[("x", &[4, 6])], vec![], 9).contains(
        "nn.slice %arg0 {ends = array<i64: 2, -1>, starts = array<i64: 0, 1>} : (tensor<4x6xf32>) -> tensor<2x4xf32>"
    ));
    let rev = node("Slice", &["x", "s", "e", "a", "st"], &["y"], vec![]);
    let inits = vec![
        i64t("s", &[1], &[-1]),
        i64t("e", &[1], &[i64::MIN]),
        i64t("a", &[1], &[0]),
        i64t("st", &[1], &[-1]),
    ];
    assert!(one_ops(rev, &[("x", &[4, 6])], inits, 13).contains(
        "{ends = array<i64: -5>, starts = array<i64: -1>, steps = array<i64: -1>} : tensor<4x6xf32>"
    ));
}

#[test]
fn squeeze_and_unsqueeze_axes_by_opset() {
    let sq11 = node("Squeeze", &["x"], &["y"], vec![ais("axes", &[0])]);
    assert!(one_ops(sq11, &[("x", &[1, 3, 1])], vec![], 11).contains(
        "nn.squeeze %arg0 {axes = array<i64: 0>} : (tensor<1x3x1xf32>) -> tensor<3x1xf32>"
    ));
    let sq13 = node("Squeeze", &["x"], &["y"], vec![]);
    assert!(one_ops(sq13, &[("x", &[1, 3, 1])], vec![], 13)
        .contains("nn.squeeze %arg0 : (tensor<1x3x1xf32>) -> tensor<3xf32>"));
    let un13 = node("Unsqueeze", &["x", "a"], &["y"], vec![]);
    assert!(
        one_ops(un13, &[("x", &[3])], vec![i64t("a", &[2], &[0, -1])], 13).contains(
            "nn.unsqueeze %arg0 {axes = array<i64: 0, 2>} : (tensor<3xf32>) -> tensor<1x3x1xf32>"
        )
    );
    let un11 = node("Unsqueeze", &["x"], &["y"], vec![ais("axes", &[1])]);
    assert!(one_ops(un11, &[("x", &[3])], vec![], 11).contains(
        "nn.unsqueeze %arg0 {axes = array<i64: 1>} : (tensor<3xf32>) -> tensor<3x1xf32>"
    ));
    let bad = node("Squeeze", &["x"], &["y"], vec![ais("axes", &[1])]);
    let err = one_err(bad, &[("x", &[1, 3, 1])], vec![], 11);
    assert!(
        err.contains("cannot squeeze dimension 1 of size 3"),
        "{err}"
    );
}

#[test]
fn clip_bounds_by_opset() {
    let c11 = node("Clip", &["x", "lo", "hi"], &["y"], vec![]);
    let inits = vec![f32t("lo", &[], &[0.]), f32t("hi", &[], &[6.])];
    assert_eq!(
        one_ops(c11, &[("x", &[3])], inits, 13),
        "%0 = nn.clip %arg0 {max = 6.0 : f32, min = 0.0 : f32} : tensor<3xf32>
return %0 : tensor<3xf32>"
    );
    let c6 = node("Clip", &["x"], &["y"], vec![af("max", 1.)]);
    assert!(one_ops(c6, &[("x", &[3])], vec![], 9)
        .contains("nn.clip %arg0 {max = 1.0 : f32} : tensor<3xf32>"));
    let only_max = node("Clip", &["x", "", "hi"], &["y"], vec![]);
    assert!(
        one_ops(only_max, &[("x", &[3])], vec![f32t("hi", &[], &[6.])], 13)
            .contains("nn.clip %arg0 {max = 6.0 : f32} : tensor<3xf32>")
    );
    let runtime = node("Clip", &["x", "lo"], &["y"], vec![]);
    assert!(one_ops(runtime, &[("x", &[3]), ("lo", &[])], vec![], 13)
        .contains("nn.max %arg0, %arg1 : (tensor<3xf32>, tensor<f32>) -> tensor<3xf32>"));
}

#[test]
fn activations_with_attributes() {
    let g = node("Gelu", &["x"], &["y"], vec![as_("approximate", "tanh")]);
    assert!(one_ops(g, &[("x", &[3])], vec![], 20)
        .contains("nn.gelu %arg0 {approximate = \"tanh\"} : tensor<3xf32>"));
    let g = node("Gelu", &["x"], &["y"], vec![]);
    assert!(one_ops(g, &[("x", &[3])], vec![], 20).contains("nn.gelu %arg0 : tensor<3xf32>"));
    let l = node("LeakyRelu", &["x"], &["y"], vec![af("alpha", 0.2)]);
    assert!(one_ops(l, &[("x", &[2])], vec![], 13)
        .contains("nn.leaky_relu %arg0 {alpha = 0.2 : f32} : tensor<2xf32>"));
    let l = node("LeakyRelu", &["x"], &["y"], vec![]);
    assert!(one_ops(l, &[("x", &[2])], vec![], 13).contains("nn.leaky_relu %arg0 : tensor<2xf32>"));
    for (op, nn) in [
        ("Tanh", "nn.tanh"),
        ("Sigmoid", "nn.sigmoid"),
        ("Sqrt", "nn.sqrt"),
        ("Reciprocal", "nn.reciprocal"),
        ("Exp", "nn.exp"),
        ("Log", "nn.log"),
        ("Erf", "nn.erf"),
        ("Neg", "nn.neg"),
        ("Abs", "nn.abs"),
    ] {
        let ops = one_ops(node(op, &["x"], &["y"], vec![]), &[("x", &[2])], vec![], 13);
        assert_eq!(
            ops,
            format!("%0 = {nn} %arg0 : tensor<2xf32>\nreturn %0 : tensor<2xf32>")
        );
    }
}

#[test]
fn binary_ops_broadcast_and_sum_chains() {
    for (op, nn) in [
        ("Add", "nn.add"),
        ("Sub", "nn.sub"),
        ("Mul", "nn.mul"),
        ("Div", "nn.div"),
        ("Pow", "nn.pow"),
    ] {
        let ops = one_ops(
            node(op, &["a", "b"], &["y"], vec![]),
            &[("a", &[2, 3]), ("b", &[3])],
            vec![],
            13,
        );
        assert!(
            ops.starts_with(&format!(
                "%0 = {nn} %arg0, %arg1 : (tensor<2x3xf32>, tensor<3xf32>) -> tensor<2x3xf32>"
            )),
            "{ops}"
        );
    }
    let sum = node("Sum", &["a", "b", "c"], &["y"], vec![]);
    assert_eq!(
        one_ops(sum, &[("a", &[3]), ("b", &[1]), ("c", &[2, 3])], vec![], 13),
        "%0 = nn.add %arg0, %arg1 : (tensor<3xf32>, tensor<1xf32>) -> tensor<3xf32>
%1 = nn.add %0, %arg2 : (tensor<3xf32>, tensor<2x3xf32>) -> tensor<2x3xf32>
return %1 : tensor<2x3xf32>"
    );
    let err = one_err(
        node("Add", &["a", "b"], &["y"], vec![]),
        &[("a", &[2, 3]), ("b", &[2])],
        vec![],
        13,
    );
    assert!(
        err.contains("shapes [2, 3] and [2] are not broadcast-compatible"),
        "{err}"
    );
}

#[test]
fn pow_with_an_integer_exponent_casts_it() {
    let n = node("Pow", &["x", "e"], &["y"], vec![]);
    assert_eq!(
        one_ops(n, &[("x", &[2])], vec![i64t("e", &[], &[2])], 13),
        "%0 = nn.constant {value = dense<2.0> : tensor<f32>} : () -> tensor<f32>
%1 = nn.pow %arg0, %0 : (tensor<2xf32>, tensor<f32>) -> tensor<2xf32>
return %1 : tensor<2xf32>"
    );
}

#[test]
fn data_movement_ops() {
    let t = node("Transpose", &["x"], &["y"], vec![]);
    assert!(one_ops(t, &[("x", &[2, 3, 4])], vec![], 13)
        .contains("nn.transpose %arg0 {perm = array<i64: 2, 1, 0>} : (tensor<2x3x4xf32>) -> tensor<4x3x2xf32>"));
    let f = node("Flatten", &["x"], &["y"], vec![]);
    assert!(one_ops(f, &[("x", &[2, 3, 4])], vec![], 13)
        .contains("nn.flatten %arg0 : (tensor<2x3x4xf32>) -> tensor<2x12xf32>"));
    let f0 = node("Flatten", &["x"], &["y"], vec![ai("axis", -1)]);
    assert!(one_ops(f0, &[("x", &[2, 3, 4])], vec![], 13)
        .contains("nn.flatten %arg0 {axis = 2 : i64} : (tensor<2x3x4xf32>) -> tensor<6x4xf32>"));
    let p = node("Pad", &["x", "p"], &["y"], vec![]);
    assert!(one_ops(
        p,
        &[("x", &[2, 3])],
        vec![i64t("p", &[4], &[0, 1, 0, 2])],
        13
    )
    .contains(
        "nn.pad %arg0 {pads = array<i64: 0, 1, 0, 2>} : (tensor<2x3xf32>) -> tensor<2x6xf32>"
    ));
    let p2 = node(
        "Pad",
        &["x"],
        &["y"],
        vec![ais("pads", &[1, 0, 1, 0]), af("value", 1.5)],
    );
    assert!(one_ops(p2, &[("x", &[2, 3])], vec![], 9)
        .contains("nn.pad %arg0 {pads = array<i64: 1, 0, 1, 0>, value = 1.5 : f32} : (tensor<2x3xf32>) -> tensor<4x3xf32>"));
    let c = node("Concat", &["a", "b"], &["y"], vec![ai("axis", -1)]);
    assert!(one_ops(c, &[("a", &[2, 3]), ("b", &[2, 1])], vec![], 13)
        .contains("nn.concat %arg0, %arg1 {axis = 1 : i64} : (tensor<2x3xf32>, tensor<2x1xf32>) -> tensor<2x4xf32>"));
    let e = node("Expand", &["x", "s"], &["y"], vec![]);
    assert!(
        one_ops(e, &[("x", &[3, 1])], vec![i64t("s", &[3], &[2, 1, 4])], 13)
            .contains("nn.expand %arg0 : (tensor<3x1xf32>) -> tensor<2x3x4xf32>")
    );
}

#[test]
fn split_equal_parts_and_sizes() {
    let g = graph(
        vec![node("Split", &["x"], &["a", "b"], vec![ai("axis", 1)])],
        vec![f32vi("x", &[2, 4])],
        vec![f32vi("a", &[2, 2]), f32vi("b", &[2, 2])],
        vec![],
    );
    assert_eq!(
        ops_of(&import(model(g, 13)).unwrap()),
        "%0 = nn.slice %arg0 {axes = array<i64: 1>, ends = array<i64: 2>, starts = array<i64: 0>} : (tensor<2x4xf32>) -> tensor<2x2xf32>
%1 = nn.slice %arg0 {axes = array<i64: 1>, ends = array<i64: 4>, starts = array<i64: 2>} : (tensor<2x4xf32>) -> tensor<2x2xf32>
return %0, %1 : tensor<2x2xf32>, tensor<2x2xf32>"
    );
    let g = graph(
        vec![node("Split", &["x", "s"], &["a", "b"], vec![])],
        vec![f32vi("x", &[5, 2])],
        vec![f32vi("a", &[1, 2]), f32vi("b", &[4, 2])],
        vec![i64t("s", &[2], &[1, 4])],
    );
    assert!(import(model(g, 13)).unwrap().contains("-> tensor<4x2xf32>"));
    let g = graph(
        vec![node(
            "Split",
            &["x"],
            &["a", "b"],
            vec![ais("split", &[3, 2])],
        )],
        vec![f32vi("x", &[5])],
        vec![f32vi("a", &[3]), f32vi("b", &[2])],
        vec![],
    );
    assert!(import(model(g, 11))
        .unwrap()
        .contains("{ends = array<i64: 5>, starts = array<i64: 3>}"));
}

#[test]
fn gather_of_token_ids_is_an_embedding_lookup() {
    let g = graph(
        vec![node("Gather", &["emb", "ids"], &["y"], vec![])],
        vec![vi("ids", data_type::INT64, &[Some(1), Some(4)])],
        vec![f32vi("y", &[1, 4, 2])],
        vec![f32t("emb", &[3, 2], &[0., 1., 2., 3., 4., 5.])],
    );
    assert_eq!(
        import(model(g, 13)).unwrap(),
        r#"module {
  func.func @main(%arg0: tensor<1x4xi64> {nn.name = "ids"}) -> (tensor<1x4x2xf32> {nn.name = "y"}) {
    %0 = nn.constant {value = dense<[[0.0, 1.0], [2.0, 3.0], [4.0, 5.0]]> : tensor<3x2xf32>} : () -> tensor<3x2xf32>
    %1 = nn.gather %0, %arg0 : (tensor<3x2xf32>, tensor<1x4xi64>) -> tensor<1x4x2xf32>
    return %1 : tensor<1x4x2xf32>
  }
}
"#
    );
}

#[test]
fn where_cast_identity_dropout() {
    let g = graph(
        vec![
            node("Greater", &["a", "b"], &["c"], vec![]),
            node("Where", &["c", "a", "b"], &["w"], vec![]),
            node("Identity", &["w"], &["i"], vec![]),
            node("Dropout", &["i"], &["d"], vec![]),
            node(
                "Cast",
                &["d"],
                &["y"],
                vec![ai("to", data_type::FLOAT16 as i64)],
            ),
        ],
        vec![f32vi("a", &[2]), f32vi("b", &[2])],
        vec![vi("y", data_type::FLOAT16, &[Some(2)])],
        vec![],
    );
    assert_eq!(
        ops_of(&import(model(g, 13)).unwrap()),
        "%0 = nn.greater %arg0, %arg1 : (tensor<2xf32>, tensor<2xf32>) -> tensor<2xi1>
%1 = nn.where %0, %arg0, %arg1 : (tensor<2xi1>, tensor<2xf32>, tensor<2xf32>) -> tensor<2xf32>
%2 = nn.cast %1 : (tensor<2xf32>) -> tensor<2xf16>
return %2 : tensor<2xf16>"
    );
}

#[test]
fn every_listed_operator_is_supported() {
    let required = [
        "MatMul",
        "Gemm",
        "Conv",
        "Transpose",
        "Add",
        "Sub",
        "Mul",
        "Div",
        "Pow",
        "Relu",
        "LeakyRelu",
        "Gelu",
        "Erf",
        "Tanh",
        "Sigmoid",
        "Sqrt",
        "Reciprocal",
        "Exp",
        "Log",
        "Softmax",
        "LogSoftmax",
        "LayerNormalization",
        "BatchNormalization",
        "MaxPool",
        "AveragePool",
        "GlobalAveragePool",
        "Reshape",
        "Flatten",
        "Squeeze",
        "Unsqueeze",
        "Concat",
        "Slice",
        "Gather",
        "Expand",
        "Where",
        "Cast",
        "ReduceMean",
        "ReduceSum",
        "ReduceMax",
        "Sum",
        "Clip",
        "Identity",
        "Dropout",
        "Constant",
        "Shape",
    ];
    for op in required {
        assert!(
            neuron_onnx::ops::lookup(op).is_some(),
            "{op} is not supported"
        );
    }
}

#[test]
fn comparisons_give_i1() {
    for (op, nn, opset) in [
        ("Equal", "nn.equal", 11),
        ("Less", "nn.less", 9),
        ("LessOrEqual", "nn.less_equal", 12),
        ("Greater", "nn.greater", 13),
        ("GreaterOrEqual", "nn.greater_equal", 16),
    ] {
        let n = node(op, &["a", "b"], &["y"], vec![]);
        let ops = one_ops(n, &[("a", &[2]), ("b", &[])], vec![], opset);
        assert_eq!(
            ops,
            format!("%0 = {nn} %arg0, %arg1 : (tensor<2xf32>, tensor<f32>) -> tensor<2xi1>\nreturn %0 : tensor<2xi1>")
        );
    }
}

#[test]
fn double_inputs_and_casts_become_f32() {
    let g = graph(
        vec![node(
            "Cast",
            &["x"],
            &["y"],
            vec![ai("to", data_type::DOUBLE as i64)],
        )],
        vec![vi("x", data_type::DOUBLE, &[Some(2)])],
        vec![vi("y", data_type::DOUBLE, &[Some(2)])],
        vec![],
    );
    let text = import(model(g, 13)).unwrap();
    assert!(text.contains(r#"func.func @main(%arg0: tensor<2xf32> {nn.name = "x"}) -> (tensor<2xf32> {nn.name = "y"})"#), "{text}");
    assert!(text.contains("return %arg0 : tensor<2xf32>"), "{text}");
}
