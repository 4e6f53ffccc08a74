#!/usr/bin/env bash
# Configures and builds ZooScope into build/ (BUILD_TYPE=Release by default).
set -euo pipefail
cd "$(dirname "$0")/.."
build_type="${BUILD_TYPE:-Release}"
build_dir="${BUILD_DIR:-build}"
cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE="$build_type" "$@"
cmake --build "$build_dir" -j"${JOBS:-2}"
