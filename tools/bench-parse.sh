#!/usr/bin/env bash
# Parse+verify+print throughput and peak memory of neuron-opt beside mlir-opt (see bench-parse.py).
set -euo pipefail
exec python3 "$(dirname "$0")/bench-parse.py" "$@"
