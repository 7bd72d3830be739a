#!/usr/bin/env python3
"""Interpreter benchmark: example models and a 1024^3 GEMM through neuron-run, beside numpy.

Run through tools/bench-interp.sh (release build, numpy in a venv). For each case and thread count
it runs `neuron-run --timing` `--repeat` times and keeps the best: the process wall time and the
`execute` phase (the interpreter alone, inputs already built). The GEMM case is a one-op module
(`nn.matmul` of two 1024x1024 f32 arguments, random inputs); numpy's float32 `a @ b` is timed in a
subprocess per thread count with OPENBLAS_NUM_THREADS set and OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE
unset (they slow a current OpenBLAS; see /work/.library/env/README.md), and threadpoolctl reports the
kernel it ran.
Usage: tools/bench-interp.sh [--threads 1,2] [--repeat 3]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EXAMPLES = os.path.join(ROOT, "examples")
GEMM_N = 1024
# Multiply-adds x 2 of the transformer block: Q/K/V/output projections, the two attention batch
# matmuls, and the FFN (8 x 128 tokens, hidden 384, 12 heads of 32, FFN 1536).
TRANSFORMER_FLOP = 2 * (4 * 1024 * 384 * 384 + 2 * 96 * 128 * 128 * 32 + 2 * 1024 * 384 * 1536)
NUMPY_SNIPPET = r"""
import json, sys, time
import numpy as np
from threadpoolctl import threadpool_info
n, repeat = int(sys.argv[1]), int(sys.argv[2])
rng = np.random.default_rng(0)
a = rng.uniform(-1, 1, (n, n)).astype(np.float32)
b = rng.uniform(-1, 1, (n, n)).astype(np.float32)
def once():
    t0 = time.perf_counter()
    a @ b
    return time.perf_counter() - t0
once()
best = min(once() for _ in range(repeat))
blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
print(json.dumps({"seconds": best, "numpy": np.__version__, "blas": blas}))
"""


def gemm_model(path):
    """Writes the one-matmul module used for the GEMM figure."""
    t = f"tensor<{GEMM_N}x{GEMM_N}xf32>"
    with open(path, "w", encoding="utf-8") as f:
        f.write(
            f"// One {GEMM_N}^3 matmul for tools/bench-interp.sh.\n"
            f"func.func @main(%a: {t}, %b: {t}) -> {t} {{\n"
            f"  %c = nn.matmul %a, %b : ({t}, {t}) -> {t}\n"
            f"  return %c : {t}\n}}\n"
        )


def run_once(tool, args):
    """Wall seconds of one neuron-run and its `execute` phase seconds."""
    start = time.perf_counter()
    proc = subprocess.run([tool, *args, "--timing"], capture_output=True, text=True)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"neuron-run {' '.join(args)} failed:\n{proc.stderr}")
    m = re.search(r"^timing: execute\s+([0-9.]+) s", proc.stderr, re.M)
    if not m:
        sys.exit(f"no execute timing in neuron-run's stderr:\n{proc.stderr}")
    return wall, float(m.group(1))


def best_of(tool, args, repeat):
    """The best (wall, execute) over `repeat` runs."""
    runs = [run_once(tool, args) for _ in range(repeat)]
    return min(r[0] for r in runs), min(r[1] for r in runs)


def numpy_gemm(threads, repeat):
    """numpy's best seconds for the GEMM at `threads` BLAS threads, and its BLAS description."""
    env = dict(os.environ, OPENBLAS_NUM_THREADS=str(threads), OMP_NUM_THREADS=str(threads))
    env.pop("OPENBLAS_CORETYPE", None)
    env.pop("OPENBLAS_L2_SIZE", None)
    out = subprocess.run(
        [sys.executable, "-c", NUMPY_SNIPPET, str(GEMM_N), str(repeat)],
        env=env, capture_output=True, text=True, check=True,
    )
    return json.loads(out.stdout)


def steady_gemm():
    """GFLOP/s per thread count from `cargo bench -p neuron-interp --bench gemm` (in-process, warm)."""
    out = subprocess.run(["cargo", "bench", "-q", "-p", "neuron-interp", "--bench", "gemm", "--", str(GEMM_N)],
                         cwd=ROOT, check=True, capture_output=True, text=True).stdout
    rates = {}
    for line in out.splitlines():
        m = re.match(r"gemm \S+ f32, (\d+) thread\(s\): ([0-9.]+) GFLOP/s", line)
        if m:
            rates[int(m.group(1))] = float(m.group(2))
    return rates


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--neuron-run", required=True, help="path of the (release) neuron-run binary")
    ap.add_argument("--threads", default="1,2", help="thread counts, comma-separated")
    ap.add_argument("--repeat", type=int, default=3, help="runs per case (the best is kept)")
    args = ap.parse_args()
    threads = [int(t) for t in args.threads.split(",")]
    work = os.path.join(ROOT, "target", "bench-interp")
    os.makedirs(work, exist_ok=True)
    gemm = os.path.join(work, f"matmul{GEMM_N}.mlir")
    gemm_model(gemm)
    cases = [
        ("transformer", [os.path.join(EXAMPLES, "transformer.mlir"), "--input",
                         os.path.join(EXAMPLES, "transformer.input.npy")], TRANSFORMER_FLOP),
        ("cnn", [os.path.join(EXAMPLES, "cnn.mlir"), "--input",
                 os.path.join(EXAMPLES, "cnn.input.npy")], None),
        (f"matmul {GEMM_N}^3", [gemm, "--random-inputs", "--seed", "1"], 2 * GEMM_N**3),
    ]
    print(f"neuron-run interpreter, release build, best of {args.repeat} "
          f"(wall = whole process; execute = interpreter only)")
    print(f"{'case':<16} {'threads':>7} {'wall s':>9} {'execute s':>10} {'GFLOP/s':>9}")
    interp_gemm = {}
    for name, cargs, flop in cases:
        for t in threads:
            wall, execute = best_of(args.neuron_run, [*cargs, "--threads", str(t)], args.repeat)
            rate = f"{flop / execute / 1e9:9.2f}" if flop else f"{'':>9}"
            print(f"{name:<16} {t:>7} {wall:9.3f} {execute:10.3f} {rate}", flush=True)
            if name.startswith("matmul"):
                interp_gemm[t] = 2 * GEMM_N**3 / execute / 1e9
    steady = steady_gemm()
    print(f"\nGEMM {GEMM_N}^3 f32, steady state in one process (run_function, best of 6; numpy best of "
          f"{max(args.repeat, 5)}); the one-shot neuron-run figure above includes first-touch costs")
    print(f"{'threads':>7} {'interp GFLOP/s':>15} {'numpy GFLOP/s':>14} {'interp/numpy':>13}  numpy BLAS")
    for t in threads:
        info = numpy_gemm(t, max(args.repeat, 5))
        np_rate = 2 * GEMM_N**3 / info["seconds"] / 1e9
        interp_gemm[t] = steady.get(t, interp_gemm[t])
        blas = ", ".join(
            f"{b.get('internal_api')} {b.get('version')} {b.get('architecture')} x{b.get('num_threads')}"
            for b in info["blas"]
        )
        print(f"{t:>7} {interp_gemm[t]:15.2f} {np_rate:14.2f} {interp_gemm[t] / np_rate:13.2f}  "
              f"numpy {info['numpy']}: {blas}")


if __name__ == "__main__":
    main()
