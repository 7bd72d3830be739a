#!/usr/bin/env bash
# Checks that upstream mlir-opt 22 accepts every generic-form output neuron-opt prints over lit-tests/.
set -euo pipefail
exec python3 "$(dirname "$0")/check-mlir-compat.py" "$@"
