#!/usr/bin/env bash
# Throughput of the fast-math-all pipeline on generated 10k/100k/1M-op modules (see bench-fast-math.py).
set -euo pipefail
exec python3 "$(dirname "$0")/bench-fast-math.py" "$@"
