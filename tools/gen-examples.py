#!/usr/bin/env python3
"""Writes the example models under examples/ with deterministic weights from a seed.

Usage: tools/gen-examples.py [--seed N]   (rewrites examples/mlp.mlir)
Weights are drawn from a fixed linear congruential generator, uniform in ±1/sqrt(fan_in), and
printed with 6 significant digits (exactly representable values are not needed: the parser rounds
decimals to the element type).
"""
import argparse
import os

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
    return "tensor<" + "x".join(map(str, shape)) + "xf32>"


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


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    os.makedirs(os.path.join(ROOT, "examples"), exist_ok=True)
    with open(os.path.join(ROOT, "examples", "mlp.mlir"), "w", encoding="utf-8") as f:
        f.write(mlp(args.seed))


if __name__ == "__main__":
    main()
