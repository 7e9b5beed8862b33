"""The API reference pages name every public header, namespace and Python module, so a new one
cannot be left out of the documentation site (docs/api/*.md, built by scripts/docs.sh)."""
from __future__ import annotations

import re

import pytest

from snippets import ROOT

API = ROOT / "docs" / "api"


@pytest.mark.parametrize("header", sorted(p.name for p in (ROOT / "capi/include/hatchnet").glob("*.h")))
def test_c_header_in_reference(header):
    assert f"{{doxygenfile}} {header}" in (API / "c.md").read_text(), \
        f"docs/api/c.md: add ```{{doxygenfile}} {header}``` for capi/include/hatchnet/{header}"


def _namespaces() -> list[str]:
    found = {"hatchnet"}
    for d in (ROOT / "include/hatchnet").iterdir():
        if d.is_dir() and d.name not in ("detail", "impl"):
            found.add(f"hatchnet::{d.name}")
    return sorted(found)


@pytest.mark.parametrize("namespace", _namespaces())
def test_cpp_namespace_in_reference(namespace):
    assert re.search(rf"\{{doxygennamespace\}} {re.escape(namespace)}\n",
                     (API / "cpp.md").read_text()), \
        f"docs/api/cpp.md: add a section with ```{{doxygennamespace}} {namespace}```"


def _modules() -> list[str]:
    return sorted(p.stem for p in (ROOT / "python/hatchnet").glob("*.py")
                  if not p.stem.startswith("_"))


@pytest.mark.parametrize("module", _modules())
def test_python_module_in_reference(module):
    assert f"automodule:: hatchnet.{module}\n" in (API / "python.md").read_text(), \
        f"docs/api/python.md: add `.. automodule:: hatchnet.{module}`"
