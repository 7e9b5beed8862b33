#!/usr/bin/env bash
# Builds the libFuzzer targets of tests/fuzz (in build-fuzz, with clang) and runs each of
# them for SECONDS_PER_TARGET seconds (default 30):
#   bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]     e.g. bash scripts/fuzz.sh 20
#                                                                  bash scripts/fuzz.sh 600 dimacs
# For each target it first replays every input in tests/fuzz/regressions/<target>/ (crashes
# found before), then fuzzes a scratch copy of tests/fuzz/corpus/<target>/ plus those
# inputs (a target whose regression inputs still fail is not fuzzed: it would stop on the
# same bug at once), and prints the executions and the final coverage (cov: / ft:). It fails (exit 1)
# when any regression input or any fuzzing run crashes, leaks, times out or runs out of
# memory; a new crashing input is copied (minimised when libFuzzer can) into
# tests/fuzz/regressions/<target>/ — rename it after what it exercises and commit it.
# Installs clang and the build dependencies with apt-get only when they are missing.
# Environment: JOBS (build parallelism, default 2), FUZZ_WORK (scratch directory, default
# build-fuzz/fuzz-work), FUZZ_STACK_KB (stack limit of the runs, default 2048).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

secs="${1:-30}"
[ "$#" -gt 0 ] && shift
case "$secs" in ''|*[!0-9]*) echo "usage: bash scripts/fuzz.sh [SECONDS_PER_TARGET] [TARGET...]" >&2; exit 2;; esac
jobs="${JOBS:-2}"
build="$root/build-fuzz"
work="${FUZZ_WORK:-$build/fuzz-work}"

ALL_TARGETS=(network_json dimacs divisions match referral evaluate coverage ledger records funding)
if [ "$#" -gt 0 ]; then targets=("$@"); else targets=("${ALL_TARGETS[@]}"); fi

# per-target input size limit and dictionary
max_len() {
  case "$1" in
    network_json|match|evaluate|ledger) echo 65536 ;;
    *) echo 16384 ;;
  esac
}
dict_of() {
  case "$1" in
    dimacs) echo "$root/tests/fuzz/dimacs.dict" ;;
    divisions) echo "$root/tests/fuzz/csv.dict" ;;
    *) echo "$root/tests/fuzz/json.dict" ;;
  esac
}
FUZZ_FLAGS=(-timeout=10 -rss_limit_mb=2048)

# ------------------------------------------------------------------ tools (only what is missing)
DEB_PKGS=(cmake make clang libclang-rt-dev llvm libboost-graph-dev libeigen3-dev nlohmann-json3-dev zlib1g-dev libsqlite3-dev)
missing=()
for p in "${DEB_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# a clang that is already there (e.g. clang-14 without the unversioned package) is enough
if command -v clang >/dev/null 2>&1 && command -v clang++ >/dev/null 2>&1; then
  fuzzer_rt="$(clang++ -print-resource-dir)/lib/linux/libclang_rt.fuzzer-x86_64.a"
  keep=()
  for p in "${missing[@]}"; do
    case "$p" in
      clang) ;;
      libclang-rt-dev) [ -f "$fuzzer_rt" ] || keep+=("$p") ;;
      llvm) command -v llvm-symbolizer >/dev/null 2>&1 || keep+=("$p") ;;
      *) keep+=("$p") ;;
    esac
  done
  missing=("${keep[@]+"${keep[@]}"}")
fi
if [ "${#missing[@]}" -gt 0 ]; then
  echo "fuzz: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# ------------------------------------------------------------------ build (idempotent)
t0=$(date +%s)
if [ -f "$build/CMakeCache.txt" ] && ! grep -q '^CMAKE_CXX_COMPILER:.*clang' "$build/CMakeCache.txt"; then
  echo "fuzz: $build was configured with another compiler; reconfiguring from scratch"
  rm -rf "$build"
fi
echo "== fuzz: configure and build $build =="
CC=clang CXX=clang++ cmake -S . -B "$build" -DHATCHNET_BUILD_FUZZERS=ON -DHATCHNET_BUILD_TESTS=OFF \
  -DHATCHNET_BUILD_CLI=OFF -DHATCHNET_BUILD_PYTHON=OFF -DHATCHNET_BUILD_BENCHMARKS=OFF \
  -DHATCHNET_SANITIZE=OFF -DHATCHNET_TSAN=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target hatchnet_fuzzers -j "$jobs"
echo "fuzz: build took $(( $(date +%s) - t0 )) s"

# A 2 MiB stack (a thread's, not a main program's 8 MiB): recursion on deeply nested input
# then overflows within the 64 KiB inputs, as it would on a small-stack thread.
ulimit -s "${FUZZ_STACK_KB:-2048}" 2>/dev/null || echo "fuzz: could not set the stack limit; running with $(ulimit -s) KiB"

sym="$(command -v llvm-symbolizer || true)"
export ASAN_OPTIONS="detect_leaks=1:allocator_may_return_null=0:handle_abort=1${sym:+:external_symbolizer_path=$sym}"
export UBSAN_OPTIONS="print_stacktrace=1:halt_on_error=1${sym:+:external_symbolizer_path=$sym}"

# ------------------------------------------------------------------ run
failed=()
summary=()
save_finding() {   # target artifact → prints where it went
  local t="$1" art="$2" dest name
  dest="$root/tests/fuzz/regressions/$t"
  mkdir -p "$dest"
  name="$(basename "$art")"
  cp "$art" "$dest/$name"
  echo "$dest/$name"
}

for t in "${targets[@]}"; do
  bin="$build/fuzz/fuzz_$t"
  if [ ! -x "$bin" ]; then echo "fuzz: no target '$t' (have: ${ALL_TARGETS[*]})" >&2; exit 2; fi
  tw="$work/$t"
  rm -rf "$tw"
  mkdir -p "$tw/corpus" "$tw/artifacts"
  len="$(max_len "$t")"
  flags=("${FUZZ_FLAGS[@]}" "-max_len=$len" "-dict=$(dict_of "$t")")
  echo
  echo "== fuzz_$t: ${secs} s, max_len $len =="

  # 1. regression inputs, one at a time (each must run clean)
  reg="$root/tests/fuzz/regressions/$t"
  reg_bad=0
  if [ -d "$reg" ]; then
    while IFS= read -r -d '' f; do
      if ! "$bin" "${flags[@]}" "$f" >"$tw/replay.log" 2>&1; then
        echo "fuzz_$t: REGRESSION FAILS: ${f#$root/}"
        (grep -E '^==[0-9]+==ERROR|^SUMMARY|FINDING|check failed|runtime error|ALARM|out-of-memory' "$tw/replay.log" || true) |
          head -5 | sed 's/^/    /'
        reg_bad=$((reg_bad + 1))
      fi
      cp "$f" "$tw/corpus/regression-$(basename "$f")"
    done < <(find "$reg" -type f ! -name '*.md' -print0 | sort -z)
  fi

  # 2. fuzz a scratch copy of the seed corpus (+ the regression inputs) — unless a regression
  #    input still fails: libFuzzer would stop on it (or on the same bug) at once
  if [ "$reg_bad" -gt 0 ]; then
    line="$(printf '%-13s %-7s %s' "fuzz_$t" FAILED "$reg_bad regression input(s) fail; not fuzzed until they pass")"
    echo "$line"
    summary+=("$line")
    failed+=("$t")
    continue
  fi
  cp "$root/tests/fuzz/corpus/$t/"* "$tw/corpus/" 2>/dev/null || true
  rc=0
  "$bin" "${flags[@]}" -max_total_time="$secs" -print_final_stats=1 \
    -artifact_prefix="$tw/artifacts/" "$tw/corpus" >"$tw/fuzz.log" 2>&1 || rc=$?
  execs="$( (grep -E '^stat::number_of_executed_units:' "$tw/fuzz.log" || true) | awk '{print $2}' | tail -1)"
  [ -n "$execs" ] || execs="$( (grep -oE '^#[0-9]+' "$tw/fuzz.log" || true) | tail -1 | tr -d '#')"
  cov="$( (grep -oE 'cov: [0-9]+ ft: [0-9]+' "$tw/fuzz.log" || true) | tail -1)"
  corp="$( (grep -oE 'corp: [0-9]+/[0-9]+[a-zA-Z]*' "$tw/fuzz.log" || true) | tail -1)"
  status=ok
  found=()
  while IFS= read -r -d '' a; do found+=("$a"); done < <(find "$tw/artifacts" -type f ! -name 'slow-unit-*' -print0 | sort -z)
  if [ "$rc" -ne 0 ] || [ "${#found[@]}" -gt 0 ]; then
    status=FAILED
    (grep -E '^==[0-9]+==ERROR|^SUMMARY|FINDING|check failed|runtime error|ALARM|out-of-memory|deadly signal' \
      "$tw/fuzz.log" || true) | head -6 | sed 's/^/    /'
    for a in "${found[@]}"; do
      kind="$(basename "$a" | cut -d- -f1)"
      if [ "$kind" = crash ]; then   # try to shrink it before saving (bounded time)
        "$bin" "${flags[@]}" -minimize_crash=1 -max_total_time=60 -exact_artifact_path="$a.min" "$a" \
          >"$tw/minimize.log" 2>&1 || true
        [ -s "$a.min" ] && mv "$a.min" "$a"
      fi
      echo "fuzz_$t: new $kind input saved as $(save_finding "$t" "$a" | sed "s|^$root/||") (log: ${tw#$root/}/fuzz.log)"
    done
    [ "${#found[@]}" -gt 0 ] || echo "fuzz_$t: libFuzzer exited with $rc (log: ${tw#$root/}/fuzz.log)"
  fi
  line="$(printf '%-13s %-7s execs %-9s %-22s %s' "fuzz_$t" "$status" "${execs:-?}" "${cov:-cov: ?}" "${corp:-}")"
  echo "$line"
  summary+=("$line")
  [ "$status" = ok ] || failed+=("$t")
done

echo
echo "== fuzz summary (${secs} s per target) =="
printf '%s\n' "${summary[@]}"
if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]} — crashing inputs are in tests/fuzz/regressions/<target>/"
  exit 1
fi
echo "fuzz: all targets clean"
