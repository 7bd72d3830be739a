#!/usr/bin/env bash
# ONNX conformance: the onnx==1.22.0 wheel's backend node tests and light models through the
# importer and the reference interpreter (tools/onnx-conformance.py; onnx-check in release mode).
# Downloads go to target/onnx-cache, Python needs to a venv under target/; both are reused.
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 tools/onnx-conformance.py "$@"
