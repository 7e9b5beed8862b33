#!/usr/bin/env bash
# Installs what a fresh machine lacks, idempotently: Debian packages (apt-get) and a Python
# virtual environment in .venv with the project's Python dependencies.
# Safe to run again: it only installs what is missing.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"

DEB_PKGS=(build-essential cmake pkg-config libboost-graph-dev libeigen3-dev nlohmann-json3-dev
          doctest-dev liblemon-dev libbenchmark-dev python3-venv zlib1g-dev libcli11-dev
          abigail-tools doxygen libsqlite3-dev)
# the fast network JSON reader (src/io/json_fast.cpp) and whole-file gunzip (src/io/files.cpp)
DEB_PKGS+=(libsimdjson-dev libdeflate-dev)
# disclosure pages: Mustache templates (src/io/publish.cpp) and the screenshot test's browser
DEB_PKGS+=(libkainjow-mustache-dev chromium fonts-wqy-microhei)
# compiler cache: CI compiles the library five times (release, pip install, wheel, sanitizers,
# fuzzers); ccache serves the repeats (scripts/test.sh sets it as the compiler launcher)
DEB_PKGS+=(ccache)
missing=()
for p in "${DEB_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

PY="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PY" -m venv .venv
fi
stamp=.venv/.hatchnet-requirements
if [ ! -f "$stamp" ] || ! cmp -s requirements-dev.txt "$stamp"; then
  echo "setup: installing Python packages from requirements-dev.txt"
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements-dev.txt
  cp requirements-dev.txt "$stamp"
fi
