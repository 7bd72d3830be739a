#!/usr/bin/env bash
# Results on real models: every precision setting of inf1 and trn1 on MiniLM-L3, magika and the light
# ResNet-50 through `neuron-run --compare-reference`, tabulated into docs/results.md (tools/gen-results.py).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 tools/gen-results.py "$@"
