#!/usr/bin/env bash
# Builds the libFuzzer target with clang (AddressSanitizer + UBSan) into build-fuzz/ and runs it
# for FUZZ_SECONDS (default 60) on a copy of the corpus checked into tests/fuzz/corpus.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
build_dir="${FUZZ_BUILD_DIR:-build-fuzz}"
CC=clang CXX=clang++ cmake -S . -B "$build_dir" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DZOOSCOPE_BUILD_FUZZERS=ON -DCMAKE_CXX_FLAGS="-fsanitize=address,undefined -fno-omit-frame-pointer" > /dev/null
cmake --build "$build_dir" -j"${JOBS:-2}" --target fuzz_service
work_corpus="$(mktemp -d)"
trap 'rm -rf "$work_corpus"' EXIT
cp tests/fuzz/corpus/* "$work_corpus"/
"$build_dir"/tests/fuzz/fuzz_service -max_total_time="$seconds" -max_len=4096 -print_final_stats=1 \
  "$work_corpus" 2>&1 | tail -25
