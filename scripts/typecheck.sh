#!/usr/bin/env bash
# mypy --strict on the Python package (python/hatchnet, with its _core.pyi stubs), using the
# project's .venv. Idempotent: installs mypy and pandas-stubs into .venv only when missing
# (both are listed in requirements-dev.txt, which scripts/setup.sh installs).
#   bash scripts/typecheck.sh            # exit 0 when clean
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
if [ ! -x .venv/bin/python ]; then
  bash scripts/setup.sh
fi
if ! .venv/bin/python -m pip show -q mypy pandas-stubs >/dev/null 2>&1; then
  .venv/bin/python -m pip install -q "mypy>=1.10" "pandas-stubs>=2.0"
fi
# the configuration ([tool.mypy] in pyproject.toml) names the files and sets strict = true
exec .venv/bin/python -m mypy --config-file pyproject.toml --strict python/hatchnet "$@"
