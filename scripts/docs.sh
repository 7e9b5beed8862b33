#!/usr/bin/env bash
# Build the documentation site into build/docs/html, warnings as errors: Doxygen's XML of the C
# and C++ headers (docs/Doxyfile), then Sphinx (docs/conf.py): the Markdown pages through MyST,
# the Python API through autodoc from the importable `hatchnet` package (the pip-installed one
# in CI; while developing, PYTHONPATH=<build>/python), the C and C++ API through Breathe.
#   bash scripts/docs.sh            # after scripts/setup.sh and `pip install .` (or PYTHONPATH)
# Output: build/docs/html/index.html. Prints the time it took.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
start=$SECONDS
py="${PYTHON:-$root/.venv/bin/python}"
out="$root/build/docs"

if ! "$py" -c "import hatchnet" 2>/dev/null; then
  echo "docs: 'import hatchnet' fails with $py: pip install . first, or set PYTHONPATH=<build>/python" >&2
  exit 1
fi

rm -rf "$out/doxygen" "$out/html" "$out/doctrees"
mkdir -p "$out/doxygen"
# Doxygen warnings are errors too: it has no switch that fails on them alone and still writes
# everything, so the log is checked
( cat docs/Doxyfile; echo "OUTPUT_DIRECTORY = $out/doxygen"; echo "WARN_LOGFILE = $out/doxygen/warnings.log" ) \
  | doxygen - >/dev/null
if [ -s "$out/doxygen/warnings.log" ]; then
  echo "docs: Doxygen warnings:" >&2
  cat "$out/doxygen/warnings.log" >&2
  exit 1
fi

# Doxygen writes a digit separator with a space before it (5'000'000 as 5 '000 '000), which
# Sphinx's C++ parser refuses: join them again
sed -i -E "s/([0-9]) &apos;([0-9])/\1\&apos;\2/g" "$out"/doxygen/xml/*.xml

HATCHNET_DOXYGEN_XML="$out/doxygen/xml" "$py" -m sphinx -W --keep-going -q -b html \
  -d "$out/doctrees" docs "$out/html"
echo "docs: built $out/html/index.html in $((SECONDS - start)) s, no warnings"
