#!/usr/bin/env bash
# Interpreter benchmark: wall time of the transformer and CNN examples at 1 and 2 threads and the
# GEMM GFLOP/s of a 1024^3 matmul beside numpy/OpenBLAS (see bench-interp.py; numpy is installed
# into a venv under target/).
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=target/bench-interp-venv
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import numpy, threadpoolctl' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check numpy threadpoolctl
fi
cargo build --release --quiet -p neuron-run
exec "$VENV/bin/python" tools/bench-interp.py --neuron-run "${CARGO_TARGET_DIR:-target}/release/neuron-run" "$@"
