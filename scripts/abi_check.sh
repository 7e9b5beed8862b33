#!/usr/bin/env bash
# The C ABI check: compare libhatchnet.so with the baseline abi/libhatchnet.abi (libabigail's
# abidiff) and fail on a change that can break a program built against the baseline: a
# removed function, a changed function signature, a changed public struct or enum (abidiff's
# exit bits 8 "incompatible" and 4 "changed", functions added since the baseline set aside:
# additions are compatible and are only listed).
#
#   bash scripts/abi_check.sh [BUILD_DIR | LIBRARY]           check (default: build/)
#   bash scripts/abi_check.sh --update [BUILD_DIR | LIBRARY]  write a new baseline
#
# A BUILD_DIR is brought up to date first (cmake --build --target hatchnet_c). The library
# needs the debug information of the C ABI's sources (HATCHNET_C_DEBUG_INFO, on by default):
# that is where abidiff reads the types from. Update the baseline only for a deliberate ABI
# change (docs/c-api.md, "ABI stability").
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
baseline="$root/abi/libhatchnet.abi"

update=0
if [ "${1:-}" = "--update" ]; then
  update=1
  shift
fi
target="${1:-$root/build}"

if ! command -v abidiff >/dev/null 2>&1 || ! command -v abidw >/dev/null 2>&1; then
  echo "abi_check: SKIPPED: abidw/abidiff not found (Debian: apt-get install abigail-tools)"
  exit 0
fi

if [ -d "$target" ]; then
  build="$(cd "$target" && pwd)"
  cmake --build "$build" --target hatchnet_c -j "${JOBS:-2}" >/dev/null
  lib="$build/libhatchnet.so"
else
  lib="$target"
  build="$(cd "$(dirname "$lib")" && pwd)"
fi
if [ ! -e "$lib" ]; then
  echo "abi_check: no library at $lib (build the hatchnet_c target, or pass its path)" >&2
  exit 1
fi
if ! readelf -S -W "$lib" | grep -q '\.debug_info'; then
  echo "abi_check: $lib has no debug information, so its types cannot be compared;" >&2
  echo "           configure with -DHATCHNET_C_DEBUG_INFO=ON (the default) and rebuild" >&2
  exit 1
fi

# The public headers: only types declared there are part of the ABI.
headers=(--headers-dir "$root/capi/include")
[ -d "$build/include" ] && headers+=(--headers-dir "$build/include")   # hn_export.h

if [ "$update" = 1 ]; then
  # Small and deterministic: exported interfaces only, file names without directories (the
  # locations tell abidiff which types the public headers declare), no build paths, hashed
  # type ids; the source root is cut from the translation units' paths.
  tmp="$(mktemp)"
  trap 'rm -f "$tmp"' EXIT
  abidw --no-corpus-path --no-comp-dir-path --short-locs --no-elf-needed --drop-undefined-syms \
        --drop-private-types --exported-interfaces-only --type-id-style hash \
        "${headers[@]}" --out-file "$tmp" "$lib"
  sed -e "s|path='$root/|path='|g" "$tmp" > "$baseline"
  echo "abi_check: wrote $baseline ($(grep -c '<elf-symbol ' "$baseline") symbols) from $lib"
  exit 0
fi

if [ ! -f "$baseline" ]; then
  echo "abi_check: no baseline $baseline (write one with --update)" >&2
  exit 1
fi

headers2=()
for ((i = 1; i < ${#headers[@]}; i += 2)); do headers2+=(--headers-dir2 "${headers[i]}"); done

# The verdict: everything but additions.
set +e
report="$(abidiff --no-added-syms --fail-no-debug-info "${headers2[@]}" "$baseline" "$lib" 2>&1)"
rc=$?
set -e
if [ $((rc & 3)) -ne 0 ]; then
  echo "abi_check: abidiff could not compare (exit $rc):" >&2
  echo "$report" >&2
  exit 1
fi
if [ $((rc & 12)) -ne 0 ]; then
  echo "abi_check: FAILED: the C ABI of $lib is not compatible with $baseline" >&2
  [ $((rc & 8)) -ne 0 ] && echo "  (exit $rc: incompatible change: something was removed)" >&2
  [ $((rc & 8)) -eq 0 ] && echo "  (exit $rc: a function or a public type changed)" >&2
  echo "$report" >&2
  echo "If the change is deliberate: see docs/c-api.md, \"ABI stability\"." >&2
  exit 1
fi

# Compatible: list what was added since the baseline, if anything.
set +e
added="$(abidiff "${headers2[@]}" "$baseline" "$lib" 2>&1)"
set -e
if echo "$added" | grep -q '^\s*\[A\]'; then
  echo "abi_check: ok, compatible with the baseline; added since:"
  echo "$added" | grep '^\s*\[A\]'
else
  echo "abi_check: ok, the C ABI is the baseline's ($(grep -c '<elf-symbol ' "$baseline") symbols)"
fi
