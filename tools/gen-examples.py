#!/usr/bin/env python3
"""Writes the example models under examples/ with deterministic weights from a seed.

Usage: tools/gen-examples.py [--seed N] [--only NAME ...]
Writes examples/{mlp,transformer,cnn}.mlir and an input for each, examples/NAME.input.npy.
Weights are drawn from a fixed linear congruential generator, uniform in ±1/sqrt(fan_in). The MLP
prints them as decimals with 6 significant digits (the parser rounds them to f32); the larger
models store them as raw little-endian f32 hex (`dense<"0x…">`), which is exact and compact.
Inputs are uniform in [-1, 1), written as float32 .npy files (format version 1.0) by this script
itself: numpy is not needed. See docs/examples.md.
"""
import argparse
import ast
import math
import os
import struct

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Lcg:
    """A 64-bit linear congruential generator (Knuth's MMIX constants)."""

    def __init__(self, seed):
        self.state = seed & (2**64 - 1)

    def uniform(self, bound):
        self.state = (self.state * 6364136223846793005 + 1442695040888963407) & (2**64 - 1)
        return ((self.state >> 11) / 2**53 * 2 - 1) * bound


def literal(v):
    """A float literal MLIR accepts (it needs a '.')."""
    s = f"{v:.6g}"
    if "." in s:
        return s
    return s.replace("e", ".0e") if "e" in s else s + ".0"


def dense(rng, shape, fan_in):
    """A nested dense literal of the shape, uniform in ±1/sqrt(fan_in)."""
    bound = fan_in ** -0.5

    def rec(dims):
        if not dims:
            return literal(rng.uniform(bound))
        return "[" + ", ".join(rec(dims[1:]) for _ in range(dims[0])) + "]"

    return rec(list(shape))


def ty(shape):
    """`tensor<AxBxf32>` (`tensor<f32>` for rank 0)."""
    return "tensor<" + "".join(f"{d}x" for d in shape) + "f32>"


def mlp(seed):
    rng = Lcg(seed)
    batch, d_in, d_hidden, d_out = 4, 16, 32, 10
    w1, b1 = (d_in, d_hidden), (d_hidden,)
    w2, b2 = (d_hidden, d_out), (d_out,)
    lines = [
        f"// A two-layer perceptron (16 -> 32 -> 10, ReLU), weights from tools/gen-examples.py --seed {seed}.",
        f"func.func @main(%x: {ty((batch, d_in))}) -> {ty((batch, d_out))} {{",
        f"  %w1 = nn.constant {{value = dense<{dense(rng, w1, d_in)}> : {ty(w1)}}} : () -> {ty(w1)}",
        f"  %b1 = nn.constant {{value = dense<{dense(rng, b1, d_in)}> : {ty(b1)}}} : () -> {ty(b1)}",
        f"  %w2 = nn.constant {{value = dense<{dense(rng, w2, d_hidden)}> : {ty(w2)}}} : () -> {ty(w2)}",
        f"  %b2 = nn.constant {{value = dense<{dense(rng, b2, d_hidden)}> : {ty(b2)}}} : () -> {ty(b2)}",
        f"  %h = nn.matmul %x, %w1 : ({ty((batch, d_in))}, {ty(w1)}) -> {ty((batch, d_hidden))}",
        f"  %hb = nn.add %h, %b1 : ({ty((batch, d_hidden))}, {ty(b1)}) -> {ty((batch, d_hidden))}",
        f"  %a = nn.relu %hb : {ty((batch, d_hidden))}",
        f"  %o = nn.matmul %a, %w2 : ({ty((batch, d_hidden))}, {ty(w2)}) -> {ty((batch, d_out))}",
        f"  %y = nn.add %o, %b2 : ({ty((batch, d_out))}, {ty(b2)}) -> {ty((batch, d_out))}",
        f"  return %y : {ty((batch, d_out))}",
        "}",
    ]
    return "\n".join(lines) + "\n"


def weights(rng, count, bound):
    """`count` values uniform in ±bound."""
    return [rng.uniform(bound) for _ in range(count)]


def hex_dense(values, shape):
    """`dense<"0x…"> : tensor<…>` with the values as little-endian f32 bytes."""
    data = struct.pack(f"<{len(values)}f", *values)
    if len(values) == 1:
        (single,) = struct.unpack("<f", data)
        return f"dense<{single:.9g}> : {ty(shape)}"
    return f'dense<"0x{data.hex().upper()}"> : {ty(shape)}'


class Graph:
    """Accumulates the lines of one function body in the custom op syntax."""

    def __init__(self, rng):
        self.rng = rng
        self.lines = []

    def const(self, name, shape, values):
        """An `nn.constant` holding `values` (hex); returns its SSA name."""
        t = ty(shape)
        self.lines.append(f"  %{name} = nn.constant {{value = {hex_dense(values, shape)}}} : () -> {t}")
        return name

    def uniform(self, name, shape, bound, offset=0.0):
        """A constant uniform in offset ± bound."""
        count = math.prod(shape)
        return self.const(name, shape, [offset + v for v in weights(self.rng, count, bound)])

    def op(self, name, op, operands, in_shapes, out_shape, attrs=""):
        """`%name = nn.op %a, %b {attrs} : (A, B) -> R`; returns `name`."""
        args = ", ".join(f"%{o}" for o in operands)
        ins = ", ".join(ty(s) for s in in_shapes)
        attrs = f" {{{attrs}}}" if attrs else ""
        self.lines.append(f"  %{name} = nn.{op} {args}{attrs} : ({ins}) -> {ty(out_shape)}")
        return name

    def linear(self, name, x, x_shape, d_in, d_out):
        """`x @ W + b` over the last dimension, W and b uniform in ±1/sqrt(d_in)."""
        bound = d_in**-0.5
        w = self.uniform(f"{name}_w", (d_in, d_out), bound)
        b = self.uniform(f"{name}_b", (d_out,), bound)
        out_shape = tuple(x_shape[:-1]) + (d_out,)
        mm = self.op(f"{name}_mm", "matmul", [x, w], [x_shape, (d_in, d_out)], out_shape)
        return self.op(name, "add", [mm, b], [out_shape, (d_out,)], out_shape), out_shape

    def layer_norm(self, name, x, shape):
        """Layer norm over the last dimension; scale 1 ± 0.1, bias ± 0.1."""
        d = shape[-1]
        g = self.uniform(f"{name}_scale", (d,), 0.1, 1.0)
        b = self.uniform(f"{name}_bias", (d,), 0.1)
        attrs = "axis = -1 : i64, epsilon = 9.99999974E-6 : f32"
        return self.op(name, "layer_norm", [x, g, b], [shape, (d,), (d,)], shape, attrs)


def transformer(seed):
    """One post-norm transformer encoder block (BERT-style) on [8, 128, 384], 12 heads."""
    g = Graph(Lcg(seed + 100))
    b, s, d, h, f = 8, 128, 384, 12, 1536
    hd = d // h
    x_shape = (b, s, d)
    heads, heads_t = (b, s, h, hd), (b, h, s, hd)
    proj = {}
    for name in ("q", "k", "v"):
        lin, _ = g.linear(name, "x", x_shape, d, d)
        r = g.op(f"{name}_heads", "reshape", [lin], [x_shape], heads)
        perm, shape = ("0, 2, 3, 1", (b, h, hd, s)) if name == "k" else ("0, 2, 1, 3", heads_t)
        proj[name] = g.op(f"{name}_t", "transpose", [r], [heads], shape, f"perm = array<i64: {perm}>")
    scores_shape = (b, h, s, s)
    sc = g.op("scores", "batch_matmul", [proj["q"], proj["k"]], [heads_t, (b, h, hd, s)], scores_shape)
    g.const("scale", (), [1.0 / math.sqrt(hd)])
    scaled = g.op("scaled", "mul", [sc, "scale"], [scores_shape, ()], scores_shape)
    probs = g.op("probs", "softmax", [scaled], [scores_shape], scores_shape, "axis = -1 : i64")
    ctx = g.op("context", "batch_matmul", [probs, proj["v"]], [scores_shape, heads_t], heads_t)
    ctx_t = g.op("context_t", "transpose", [ctx], [heads_t], heads, "perm = array<i64: 0, 2, 1, 3>")
    merged = g.op("merged", "reshape", [ctx_t], [heads], x_shape)
    attn, _ = g.linear("attn_out", merged, x_shape, d, d)
    res1 = g.op("residual1", "add", ["x", attn], [x_shape, x_shape], x_shape)
    ln1 = g.layer_norm("ln1", res1, x_shape)
    ff1, ff_shape = g.linear("ffn_up", ln1, x_shape, d, f)
    act = g.op("ffn_act", "gelu", [ff1], [ff_shape], ff_shape)
    ff2, _ = g.linear("ffn_down", act, ff_shape, f, d)
    res2 = g.op("residual2", "add", [ln1, ff2], [x_shape, x_shape], x_shape)
    out = g.layer_norm("ln2", res2, x_shape)
    t = ty(x_shape)
    head = [
        "// One transformer encoder block (post-norm, as in BERT): batch 8 x sequence 128 x hidden 384,",
        "// 12 attention heads of 32, FFN 1536 with GELU. Weights uniform in +-1/sqrt(fan_in), stored",
        f"// as little-endian f32 hex; written by tools/gen-examples.py --seed {seed} (docs/examples.md).",
        f'func.func @main(%x: {t} {{nn.name = "x"}}) -> ({t} {{nn.name = "y"}}) {{',
    ]
    tail = [f"  return %{out} : {t}", "}"]
    return "\n".join(head + g.lines + tail) + "\n"


def conv_block(g, name, x, x_shape, c_out):
    """conv2d 3x3 pad 1 (+ bias), inference batch_norm, relu; returns (name, shape)."""
    n, c_in, hh, ww = x_shape
    bound = (c_in * 9) ** -0.5
    w = g.uniform(f"{name}_w", (c_out, c_in, 3, 3), bound)
    bias = g.uniform(f"{name}_b", (c_out,), bound)
    out_shape = (n, c_out, hh, ww)
    conv = g.op(
        name, "conv2d", [x, w, bias], [x_shape, (c_out, c_in, 3, 3), (c_out,)], out_shape,
        "pads = array<i64: 1, 1, 1, 1>",
    )
    params = [
        g.uniform(f"{name}_bn_scale", (c_out,), 0.1, 1.0),
        g.uniform(f"{name}_bn_bias", (c_out,), 0.1),
        g.uniform(f"{name}_bn_mean", (c_out,), 0.1),
        g.uniform(f"{name}_bn_var", (c_out,), 0.5, 1.0),
    ]
    bn = g.op(
        f"{name}_bn", "batch_norm", [conv] + params, [out_shape] + [(c_out,)] * 4, out_shape,
        "epsilon = 9.99999974E-6 : f32",
    )
    return g.op(f"{name}_relu", "relu", [bn], [out_shape], out_shape), out_shape


def cnn(seed):
    """A small CNN classifier on [8, 3, 32, 32] images, 10 classes."""
    g = Graph(Lcg(seed + 200))
    x_shape = (8, 3, 32, 32)
    a1, s1 = conv_block(g, "conv1", "image", x_shape, 16)
    p1_shape = (8, 16, 16, 16)
    p1 = g.op(
        "pool1", "max_pool2d", [a1], [s1], p1_shape,
        "kernel_shape = array<i64: 2, 2>, strides = array<i64: 2, 2>",
    )
    a2, s2 = conv_block(g, "conv2", p1, p1_shape, 32)
    gap = g.op("gap", "global_avg_pool", [a2], [s2], (8, 32, 1, 1))
    flat = g.op("flat", "flatten", [gap], [(8, 32, 1, 1)], (8, 32), "axis = 1 : i64")
    w = g.uniform("fc_w", (10, 32), 32**-0.5)
    bias = g.uniform("fc_b", (10,), 32**-0.5)
    logits = g.op("logits", "gemm", [flat, w, bias], [(8, 32), (10, 32), (10,)], (8, 10), "transB = true")
    head = [
        "// A small CNN: conv 3->16 3x3 + batch_norm + relu + max_pool 2x2, conv 16->32 3x3 + batch_norm",
        "// + relu + global average pool, flatten, gemm to 10 classes. Input [8, 3, 32, 32] (NCHW).",
        f"// Weights from tools/gen-examples.py --seed {seed} (docs/examples.md).",
        f'func.func @main(%image: {ty(x_shape)} {{nn.name = "image"}}) -> ({ty((8, 10))} {{nn.name = "logits"}}) {{',
    ]
    tail = [f"  return %{logits} : {ty((8, 10))}", "}"]
    return "\n".join(head + g.lines + tail) + "\n"


def npy_bytes(shape, values):
    """A float32 .npy file (format 1.0, C order) holding `values` with `shape`."""
    header = f"{{'descr': '<f4', 'fortran_order': False, 'shape': {tuple(shape)!r}, }}"
    # magic (6) + version (2) + header length (2) + header + '\n', padded to a multiple of 64.
    pad = -(10 + len(header) + 1) % 64
    header = header + " " * pad + "\n"
    assert ast.literal_eval(header)["shape"] == tuple(shape)
    return b"\x93NUMPY\x01\x00" + struct.pack("<H", len(header)) + header.encode("latin1") + struct.pack(
        f"<{len(values)}f", *values
    )


def uniform_input(seed, shape):
    """The example input: uniform in [-1, 1) from its own generator."""
    rng = Lcg(seed)
    return npy_bytes(shape, [rng.uniform(1.0) for _ in range(math.prod(shape))])


MODELS = {
    "mlp": (mlp, 0, (4, 16)),
    "transformer": (transformer, 1, (8, 128, 384)),
    "cnn": (cnn, 2, (8, 3, 32, 32)),
}


def write(path, data):
    """Writes `data` (str or bytes) to `path` via a temporary file and a rename."""
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(data.encode("utf-8") if isinstance(data, str) else data)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--only", nargs="+", choices=sorted(MODELS), help="write only these examples")
    args = ap.parse_args()
    out = os.path.join(ROOT, "examples")
    os.makedirs(out, exist_ok=True)
    for name in args.only or MODELS:
        build, index, in_shape = MODELS[name]
        write(os.path.join(out, f"{name}.mlir"), build(args.seed))
        write(os.path.join(out, f"{name}.input.npy"), uniform_input(args.seed * 1000 + 10 + index, in_shape))


if __name__ == "__main__":
    main()
