#!/usr/bin/env bash
# Installs what ZooScope needs, builds it, and runs the whole test suite through ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-dependencies.sh
BUILD_TYPE="${BUILD_TYPE:-RelWithDebInfo}" scripts/build.sh
cd build
export QT_QPA_PLATFORM=offscreen
ctest --output-on-failure --timeout 600 -j1 "$@"
