#!/usr/bin/env bash
# Installs what is missing, then configures mesogrid (Release) in build/ and builds the targets given (default:
# everything: the tool, the tests, the examples' checks). scripts/run.sh builds the tool alone (mesogrid_app).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" "${targets[@]}"
