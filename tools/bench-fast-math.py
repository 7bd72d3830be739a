#!/usr/bin/env python3
"""Throughput of the fast-math-all pipeline (fp32-cast-all + fast-relayout) on generated modules.

Generates one function of N ops (a chain of nn.matmul / nn.add / nn.relu / nn.transpose on 4x4 f32
tensors), runs `neuron-opt FILE --pass-pipeline='builtin.module(fast-math-all)' --mlir-timing -o /dev/null`
(release build) and reads the passes' wall time from the timing report. Prints ops/s per size and the
per-op cost ratio between the largest and smallest size (flat = linear).
Usage: tools/bench-fast-math.sh [--sizes 10000,100000,1000000] [--repeat 3]
"""
import argparse
import os
import re
import subprocess
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Cargo's output directory: $CARGO_TARGET_DIR (relative to the repository) or target/.
TARGET = os.path.join(ROOT, os.environ.get("CARGO_TARGET_DIR", "target"))
T = "tensor<4x4xf32>"
PASSES = ("Fp32CastAll", "FastRelayout")


def generate(n, path):
    """Writes a module whose function holds n ops plus the return."""
    with open(path, "w", encoding="utf-8") as f:
        f.write(f"func.func @main(%x: {T}, %w: {T}, %b: tensor<4xf32>) -> {T} {{\n")
        prev, lines = "%x", []
        for i in range(n):
            k = i % 4
            if k == 0:
                lines.append(f"  %{i} = nn.matmul {prev}, %w : ({T}, {T}) -> {T}\n")
            elif k == 1:
                lines.append(f"  %{i} = nn.add {prev}, %b : ({T}, tensor<4xf32>) -> {T}\n")
            elif k == 2:
                lines.append(f"  %{i} = nn.relu {prev} : {T}\n")
            else:
                lines.append(f"  %{i} = nn.transpose {prev} {{perm = array<i64: 1, 0>}} : ({T}) -> {T}\n")
            prev = f"%{i}"
            if len(lines) >= 100000:
                f.write("".join(lines))
                lines = []
        f.write("".join(lines))
        f.write(f"  return {prev} : {T}\n}}\n")


def pass_seconds(tool, path):
    """Wall seconds the fast-math passes took, from --mlir-timing."""
    cmd = [tool, path, "--pass-pipeline=builtin.module(fast-math-all)", "--mlir-timing", "-o", os.devnull]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stderr
    total = 0.0
    for line in out.splitlines():
        m = re.match(r"\s*([0-9.]+) \(\s*[0-9.]+%\)\s+(\S+)\s*$", line)
        if m and m.group(2) in PASSES:
            total += float(m.group(1))
    return total


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "neuron-opt"], cwd=ROOT, check=True)
    tool = os.path.join(TARGET, "release", "neuron-opt")
    print(f"{'ops':>9} {'passes s':>9} {'Mops/s':>8} {'ns/op':>7}")
    per_op = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in map(int, args.sizes.split(",")):
            path = os.path.join(tmp, f"fm-{n}.mlir")
            generate(n, path)
            secs = min(pass_seconds(tool, path) for _ in range(args.repeat))
            per_op[n] = secs / n
            print(f"{n:>9} {secs:>9.4f} {n / secs / 1e6:>8.2f} {secs / n * 1e9:>7.0f}")
    sizes = sorted(per_op)
    if len(sizes) > 1:
        print(f"per-op cost {sizes[-1]} vs {sizes[0]} ops: {per_op[sizes[-1]] / per_op[sizes[0]]:.2f}x")


if __name__ == "__main__":
    main()
