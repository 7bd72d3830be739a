#!/usr/bin/env python3
"""Generates the small real-world-style .onnx files the importer tests read.

Run from the repository root (needs the `onnx` package, e.g. in a venv):
    python3 -m venv target/onnx-venv && target/onnx-venv/bin/pip install onnx
    target/onnx-venv/bin/python crates/onnx/tests/data/gen_models.py

Every model passes onnx.checker with full checks and carries value_info from ONNX shape
inference, so the importer's own shape inference is cross-checked against ONNX's.
"""

import os

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
RNG = np.random.default_rng(7)


def weight(name, *shape, scale=0.1):
    return numpy_helper.from_array((RNG.standard_normal(shape) * scale).astype(np.float32), name)


def i64(name, values):
    return numpy_helper.from_array(np.array(values, dtype=np.int64), name)


def finish(graph, opset, name, ir_version=8, **save):
    model = helper.make_model(graph, producer_name="gen_models.py",
                              opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = ir_version
    model = onnx.shape_inference.infer_shapes(model, strict_mode=True)
    onnx.checker.check_model(model, full_check=True)
    onnx.save_model(model, os.path.join(HERE, name), **save)
    print("wrote", name)


def mlp():
    nodes = [
        helper.make_node("Gemm", ["x", "w1", "b1"], ["h"], name="fc1", transB=1),
        helper.make_node("Relu", ["h"], ["r"], name="relu1"),
        helper.make_node("Gemm", ["r", "w2", "b2"], ["logits"], name="fc2", transB=1),
        helper.make_node("Softmax", ["logits"], ["probs"], name="softmax", axis=-1),
    ]
    g = helper.make_graph(
        nodes, "mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 16])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, ["batch", 4])],
        [weight("w1", 32, 16), weight("b1", 32), weight("w2", 4, 32), weight("b2", 4)],
    )
    return g


def cnn():
    nodes = [
        helper.make_node("Conv", ["image", "cw", "cb"], ["c"], name="conv1",
                         kernel_shape=[3, 3], pads=[1, 1, 1, 1]),
        helper.make_node("BatchNormalization", ["c", "bn_s", "bn_b", "bn_m", "bn_v"], ["bn"],
                         name="bn1", epsilon=1e-5),
        helper.make_node("Relu", ["bn"], ["r"], name="relu1"),
        helper.make_node("MaxPool", ["r"], ["p"], name="pool1", kernel_shape=[2, 2],
                         strides=[2, 2], ceil_mode=1),
        helper.make_node("AveragePool", ["p"], ["a"], name="pool2", kernel_shape=[3, 3],
                         auto_pad="SAME_UPPER"),
        helper.make_node("GlobalAveragePool", ["a"], ["gap"], name="gap"),
        helper.make_node("Flatten", ["gap"], ["f"], name="flatten"),
        helper.make_node("Gemm", ["f", "fw", "fb"], ["logits"], name="fc", transB=1),
    ]
    var = numpy_helper.from_array((RNG.random(8) + 0.5).astype(np.float32), "bn_v")
    g = helper.make_graph(
        nodes, "cnn",
        [helper.make_tensor_value_info("image", TensorProto.FLOAT, [2, 3, 9, 9])],
        [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [2, 10])],
        [weight("cw", 8, 3, 3, 3), weight("cb", 8), weight("bn_s", 8), weight("bn_b", 8),
         weight("bn_m", 8), var, weight("fw", 10, 8), weight("fb", 10)],
    )
    return g


def transformer():
    """One attention block over token ids, with the Shape arithmetic PyTorch exports."""
    d, heads = 16, 2
    nodes = [
        helper.make_node("Gather", ["emb", "input_ids"], ["x"], name="embed"),
        helper.make_node("LayerNormalization", ["x", "ln_s", "ln_b"], ["xn"], name="ln1",
                         axis=-1, epsilon=1e-5),
        helper.make_node("MatMul", ["xn", "wq"], ["q"], name="q_proj"),
        helper.make_node("MatMul", ["xn", "wk"], ["k"], name="k_proj"),
        helper.make_node("MatMul", ["xn", "wv"], ["v"], name="v_proj"),
        helper.make_node("Shape", ["x"], ["xs"], name="shape"),
        helper.make_node("Gather", ["xs", "idx0"], ["bsz"], name="get_b", axis=0),
        helper.make_node("Gather", ["xs", "idx1"], ["seq"], name="get_s", axis=0),
        helper.make_node("Unsqueeze", ["bsz", "axes0"], ["bsz1"], name="unsq_b"),
        helper.make_node("Unsqueeze", ["seq", "axes0"], ["seq1"], name="unsq_s"),
        helper.make_node("Concat", ["bsz1", "seq1", "heads", "hdim"], ["split_shape"],
                         name="cat_shape", axis=0),
    ]
    for t in "qkv":
        nodes += [
            helper.make_node("Reshape", [t, "split_shape"], [t + "4"], name="split_" + t),
            helper.make_node("Transpose", [t + "4"], [t + "h"], name="heads_" + t,
                             perm=[0, 2, 1, 3] if t != "k" else [0, 2, 3, 1]),
        ]
    nodes += [
        helper.make_node("MatMul", ["qh", "kh"], ["scores"], name="qk"),
        helper.make_node("Div", ["scores", "scale"], ["scaled"], name="scale"),
        helper.make_node("Softmax", ["scaled"], ["attn"], name="softmax", axis=-1),
        helper.make_node("MatMul", ["attn", "vh"], ["ctx"], name="attn_v"),
        helper.make_node("Transpose", ["ctx"], ["ctx_t"], name="merge_t", perm=[0, 2, 1, 3]),
        helper.make_node("Concat", ["bsz1", "seq1", "minus1"], ["merge_shape"],
                         name="cat_merge", axis=0),
        helper.make_node("Reshape", ["ctx_t", "merge_shape"], ["ctx2"], name="merge"),
        helper.make_node("MatMul", ["ctx2", "wo"], ["o"], name="o_proj"),
        helper.make_node("Add", ["x", "o"], ["res"], name="residual"),
        # GELU as exported before opset 20: x * 0.5 * (1 + erf(x / sqrt(2))).
        helper.make_node("Div", ["res", "sqrt2"], ["g0"], name="gelu_div"),
        helper.make_node("Erf", ["g0"], ["g1"], name="gelu_erf"),
        helper.make_node("Add", ["g1", "one"], ["g2"], name="gelu_add"),
        helper.make_node("Mul", ["res", "g2"], ["g3"], name="gelu_mul"),
        helper.make_node("Mul", ["g3", "half"], ["g"], name="gelu_half"),
        helper.make_node("ReduceMean", ["g"], ["pooled"], name="pool", axes=[1], keepdims=0),
    ]
    scalar = lambda name, v: numpy_helper.from_array(np.array(v, dtype=np.float32), name)
    g = helper.make_graph(
        nodes, "transformer_block",
        [helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, "seq_len"])],
        [helper.make_tensor_value_info("pooled", TensorProto.FLOAT, [1, d])],
        [weight("emb", 50, d), weight("ln_s", d), weight("ln_b", d), weight("wq", d, d),
         weight("wk", d, d), weight("wv", d, d), weight("wo", d, d),
         i64("idx0", 0), i64("idx1", 1), i64("axes0", [0]), i64("heads", [heads]),
         i64("hdim", [d // heads]), i64("minus1", [-1]),
         scalar("scale", np.sqrt(d // heads)), scalar("sqrt2", np.sqrt(2.0)),
         scalar("one", 1.0), scalar("half", 0.5)],
    )
    return g


def legacy():
    """Opset 9 forms: attribute axes/starts/ends/min/max, 2-D Softmax, initializers as inputs."""
    nodes = [
        helper.make_node("Unsqueeze", ["x"], ["u"], name="unsq", axes=[0]),
        helper.make_node("Slice", ["u"], ["s"], name="slice", starts=[1], ends=[3], axes=[2]),
        helper.make_node("Clip", ["s"], ["c"], name="clip", min=-0.5, max=0.5),
        helper.make_node("Softmax", ["c"], ["sm"], name="softmax", axis=1),
        helper.make_node("Squeeze", ["sm"], ["sq"], name="squeeze", axes=[0]),
        helper.make_node("Add", ["sq", "bias"], ["y"], name="add"),
    ]
    g = helper.make_graph(
        nodes, "legacy",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [3, 4]),
         helper.make_tensor_value_info("bias", TensorProto.FLOAT, [3, 2])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, [3, 2])],
        [weight("bias", 3, 2)],
    )
    return g


def main():
    finish(mlp(), 13, "mlp.onnx")
    finish(cnn(), 11, "cnn.onnx")
    finish(transformer(), 17, "transformer_block.onnx")
    finish(legacy(), 9, "legacy_opset9.onnx", ir_version=3)
    finish(mlp(), 13, "mlp_external.onnx", save_as_external_data=True, all_tensors_to_one_file=True,
           location="mlp_external.onnx.data", size_threshold=0)


if __name__ == "__main__":
    main()
