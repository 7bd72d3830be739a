#!/usr/bin/env python3
"""Parse+verify+print throughput and peak memory of neuron-opt beside upstream mlir-opt.

Generates generic-form modules of 10k, 100k and 1M ops (a chain of nn.add / nn.mul / nn.relu and an
unregistered op with attributes), then times `TOOL --allow-unregistered-dialect FILE -o /dev/null` for
neuron-opt (release build) and mlir-opt on the same file. Prints ops/s, peak RSS (bytes/op) and ratios.
Usage: tools/bench-parse.sh [--sizes 10000,100000,1000000] [--repeat 3]
"""
import argparse
import os
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Cargo's output directory: $CARGO_TARGET_DIR (relative to the repository) or target/.
TARGET = os.path.join(ROOT, os.environ.get("CARGO_TARGET_DIR", "target"))
MLIR_OPT = os.environ.get("MLIR_OPT", "/usr/lib/llvm-22/bin/mlir-opt")
T = "tensor<4x8xf32>"


def generate(n, path):
    """Writes a module of n ops (plus the return) in generic form."""
    with open(path, "w", encoding="utf-8") as f:
        f.write('"builtin.module"() ({\n')
        f.write(f'  "func.func"() <{{function_type = ({T}, {T}) -> {T}, sym_name = "main"}}> ({{\n')
        f.write(f"  ^bb0(%arg0: {T}, %arg1: {T}):\n")
        a, b = "%arg1", "%arg0"
        lines = []
        for i in range(n):
            k = i % 4
            if k == 0:
                s = f'    %{i} = "nn.add"({a}, {b}) : ({T}, {T}) -> {T}\n'
            elif k == 1:
                s = f'    %{i} = "nn.mul"({a}, {b}) : ({T}, {T}) -> {T}\n'
            elif k == 2:
                s = f'    %{i} = "nn.relu"({a}) : ({T}) -> {T}\n'
            else:
                s = (f'    %{i} = "test.op"({a}, {b}) {{alpha = 5.000000e-01 : f32, axis = 1 : i64}}'
                     f" : ({T}, {T}) -> {T}\n")
            lines.append(s)
            a, b = f"%{i}", a
            if len(lines) >= 100000:
                f.write("".join(lines))
                lines = []
        f.write("".join(lines))
        f.write(f'    "func.return"({a}) : ({T}) -> ()\n  }}) : () -> ()\n}}) : () -> ()\n')


def measure(cmd):
    """Wall seconds and peak RSS bytes of one run of cmd."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    err = proc.stderr.read().decode(errors="replace")
    proc.stderr.close()
    if status != 0:
        sys.exit(f"command failed: {' '.join(cmd)}\n{err}")
    return wall, usage.ru_maxrss * 1024


def best(cmd, repeat):
    """Fastest wall time and the peak RSS of that run."""
    return min(measure(cmd) for _ in range(repeat))


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000,1000000")
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "neuron-opt"], cwd=ROOT, check=True)
    ours = os.path.join(TARGET, "release", "neuron-opt")
    have_mlir = os.path.exists(MLIR_OPT)
    print(f"{'ops':>9} {'tool':>10} {'wall s':>8} {'Mops/s':>8} {'ns/op':>7} {'peak MB':>8} {'B/op':>6}")
    per_op = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in map(int, args.sizes.split(",")):
            path = os.path.join(tmp, f"bench-{n}.mlir")
            generate(n, path)
            rows = [("neuron-opt", ours)] + ([("mlir-opt", MLIR_OPT)] if have_mlir else [])
            res = {}
            for name, tool in rows:
                wall, rss = best([tool, "--allow-unregistered-dialect", path, "-o", os.devnull], args.repeat)
                res[name] = (wall, rss)
                print(f"{n:>9} {name:>10} {wall:>8.3f} {n / wall / 1e6:>8.2f} {wall / n * 1e9:>7.0f}"
                      f" {rss / 2**20:>8.1f} {rss / n:>6.0f}")
            per_op[n] = res["neuron-opt"][0] / n
            if have_mlir:
                (w0, m0), (w1, m1) = res["neuron-opt"], res["mlir-opt"]
                print(f"{n:>9} {'ratio':>10}  throughput neuron-opt/mlir-opt = {w1 / w0:.2f}x,"
                      f" peak memory neuron-opt/mlir-opt = {m0 / m1:.2f}")
    sizes = sorted(per_op)
    if len(sizes) > 1:
        print(f"per-op cost {sizes[-1]} vs {sizes[0]} ops: {per_op[sizes[-1]] / per_op[sizes[0]]:.2f}x")


if __name__ == "__main__":
    main()
