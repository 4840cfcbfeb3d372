#!/usr/bin/env bash
# Builds drharness with ASan+UBSan (preset "ci") and runs every test with ctest.
# Usage: ci/test.sh [extra ctest args, e.g. -L unit]
set -euo pipefail
cd "$(dirname "$0")/.."

ci/setup.sh
# Compiler cache keyed on paths relative to the checkout, so a fresh clone in another
# folder reuses earlier builds' objects.
export CCACHE_BASEDIR="$PWD" CCACHE_NOHASHDIR=true

echo "== configure (preset ci: Debug, ASan+UBSan)"
cmake --preset ci >/dev/null
echo "== build"
cmake --build --preset ci
echo "== test"
# ASan: fail on leaks too; UBSan: stop at the first finding with a stack.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
ctest --preset ci "$@"
