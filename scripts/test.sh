#!/usr/bin/env bash
# Set everything up, then run every test: C++ (doctest, through ctest), the C ABI programs,
# the CLI, the packaging consumers, pytest against the pip-installed package, and the C++/C
# suites again under AddressSanitizer + UndefinedBehaviorSanitizer.
# HATCHNET_SKIP_SANITIZERS=1 skips the last stage (for quick local runs only; CI runs it).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jobs="${JOBS:-2}"

bash scripts/setup.sh
py="$root/.venv/bin/python"

echo "== [1/4] C++ build and ctest (doctest, C ABI, CLI, packaging) =="
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DHATCHNET_BUILD_PYTHON=OFF -DPython_EXECUTABLE="$py" >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"

echo "== [2/4] pip install . (scikit-build-core) =="
"$py" -m pip install --no-build-isolation --no-deps -q "$root"

echo "== [3/4] pytest against the installed package =="
# run from outside the source tree so `import hatchnet` is the installed one
(cd "$root/tests/python" && "$py" -m pytest -q -p no:cacheprovider --rootdir "$root" -c "$root/pyproject.toml" "$root/tests/python")

if [ "${HATCHNET_SKIP_SANITIZERS:-0}" != "1" ]; then
  echo "== [4/4] C++ and C tests under ASan + UBSan =="
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DHATCHNET_SANITIZE=ON >/dev/null
  cmake --build build-asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"
else
  echo "== [4/4] sanitizers skipped (HATCHNET_SKIP_SANITIZERS=1) =="
fi
echo "all tests passed"
