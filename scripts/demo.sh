#!/usr/bin/env bash
# Set everything up, build the hatchnet program and run its demo on the embedded Beijing data.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
bash scripts/setup.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DPython_EXECUTABLE="$root/.venv/bin/python" >/dev/null
cmake --build build -j "${JOBS:-2}" --target hatchnet_cli
exec ./build/bin/hatchnet demo "$@"
