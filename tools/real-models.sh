#!/usr/bin/env bash
# Real-model tests: the fetched models through the importer and the reference interpreter, compared
# with onnxruntime (relative L2) and timed against it (tools/real-models.py; venv under target/).
set -euo pipefail
cd "$(dirname "$0")/.."
exec python3 tools/real-models.py "$@"
