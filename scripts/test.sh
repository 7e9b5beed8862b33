#!/usr/bin/env bash
# Set everything up, then run every test: C++ (doctest, through ctest), the C ABI programs,
# the CLI, the packaging consumers, pytest against the pip-installed package, mypy --strict
# on the package, every code block of README.md and docs/ (tests/docs), the documentation
# site (warnings as errors), the wheel in a fresh venv (scripts/package_check.sh), the C++/C
# suites again under AddressSanitizer + UndefinedBehaviorSanitizer, the concurrency tests
# under ThreadSanitizer, and every libFuzzer target for a short, fixed time.
# HATCHNET_SKIP_SANITIZERS=1 skips the last three stages and HATCHNET_SKIP_PACKAGE=1 the
# packaging check (for quick local runs only; CI runs them). HATCHNET_FUZZ_SECONDS sets the
# time per fuzz target (default 20).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
jobs="${JOBS:-2}"

# each stage's header says how long the run has taken so far (the CI budget is watched)
stage() { echo "== $* (at $((SECONDS / 60)) min $((SECONDS % 60)) s) =="; }

bash scripts/setup.sh
py="$root/.venv/bin/python"
# every CMake build below (including pip's scikit-build-core and the fuzzers) compiles through
# ccache when it is installed (setup.sh installs it): identical compiler calls are served from
# its cache; HATCHNET_NO_CCACHE=1 turns it off
if [ "${HATCHNET_NO_CCACHE:-0}" != "1" ] && command -v ccache >/dev/null; then
  export CMAKE_C_COMPILER_LAUNCHER=ccache CMAKE_CXX_COMPILER_LAUNCHER=ccache
fi

stage "[1/8] C++ build and ctest (doctest, C ABI, CLI, packaging), ABI check"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DHATCHNET_BUILD_PYTHON=OFF -DHATCHNET_BUILD_BENCHMARKS=ON -DPython_EXECUTABLE="$py" >/dev/null
cmake --build build -j "$jobs"
ctest --test-dir build --output-on-failure -j "$jobs"
# the C ABI against its baseline abi/libhatchnet.abi (libabigail; skipped when it is missing)
bash scripts/abi_check.sh build

stage "[2/8] pip install . (scikit-build-core)"
"$py" -m pip install --no-build-isolation --no-deps -q "$root"

stage "[3/8] pytest against the installed package"
# run from outside the source tree so `import hatchnet` is the installed one
# (HATCHNET_CLI: the CLI just built, for the tests that compare the CLI with Python)
(cd "$root/tests/python" && HATCHNET_CLI="$root/build/bin/hatchnet" \
  "$py" -m pytest -q -p no:cacheprovider --rootdir "$root" -c "$root/pyproject.toml" "$root/tests/python")

stage "[4/8] mypy --strict, the docs' code blocks, the documentation site"
bash scripts/typecheck.sh
# the blocks run against the build of stage 1 (installed into a temporary prefix) and the
# pip-installed package
(cd "$root/tests/docs" && HATCHNET_BUILD_DIR="$root/build" HATCHNET_CLI="$root/build/bin/hatchnet" \
  "$py" -m pytest -q -p no:cacheprovider --rootdir "$root" -c "$root/pyproject.toml" "$root/tests/docs")
bash scripts/docs.sh

if [ "${HATCHNET_SKIP_PACKAGE:-0}" != "1" ]; then
  stage "[5/8] packaging: the wheel, auditwheel, a fresh venv (scripts/package_check.sh)"
  bash scripts/package_check.sh
else
  stage "[5/8] packaging check skipped (HATCHNET_SKIP_PACKAGE=1)"
fi

if [ "${HATCHNET_SKIP_SANITIZERS:-0}" != "1" ]; then
  stage "[6/8] C++ and C tests under ASan + UBSan"
  cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Release -DHATCHNET_SANITIZE=ON >/dev/null
  cmake --build build-asan -j "$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$jobs"

  stage "[7/8] concurrency tests under ThreadSanitizer"
  cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DHATCHNET_TSAN=ON -DHATCHNET_BUILD_CLI=OFF \
        -DHATCHNET_BUILD_C=OFF -DHATCHNET_INSTALL=OFF -DPython_EXECUTABLE="$py" >/dev/null
  cmake --build build-tsan -j "$jobs" --target test_model_concurrency test_referral_many test_records_threads
  TSAN_OPTIONS=halt_on_error=1:second_deadlock_stack=1 \
    ctest --test-dir build-tsan --output-on-failure -R '^cpp\.(model\.test_concurrency|referral\.test_many|records\.test_threads)$'

  stage "[8/8] libFuzzer targets, ${HATCHNET_FUZZ_SECONDS:-20} s each"
  bash scripts/fuzz.sh "${HATCHNET_FUZZ_SECONDS:-20}"
else
  stage "[6-8/8] sanitizers and fuzzing skipped (HATCHNET_SKIP_SANITIZERS=1)"
fi
echo "all tests passed in $((SECONDS / 60)) min $((SECONDS % 60)) s"
