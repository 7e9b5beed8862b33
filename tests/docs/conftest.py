"""Fixtures of the docs' code-block tests: where the CLI, the build and an installed prefix are.

Environment (all optional):
  HATCHNET_CLI        the hatchnet program to run sh / console blocks with
                      (default: <HATCHNET_BUILD_DIR>/bin/hatchnet)
  HATCHNET_BUILD_DIR  a configured and built CMake build tree (library, C library, CLI), installed
                      into a temporary prefix for the c / cpp / cmake blocks
                      (default: two levels above HATCHNET_CLI, else <root>/build)
Python blocks import hatchnet from wherever Python finds it: the installed package in CI,
PYTHONPATH=<build>/python while developing.
"""
from __future__ import annotations

import collections
import os
import pathlib
import subprocess

import pytest

from snippets import ROOT, build_dir, cli_path


@pytest.fixture(scope="session")
def cli() -> pathlib.Path:
    path = cli_path()
    if not os.access(path, os.X_OK):
        pytest.fail(f"no hatchnet program at {path}: build it, or set HATCHNET_CLI")
    return path


@pytest.fixture(scope="session")
def prefix(tmp_path_factory) -> pathlib.Path:
    """The build tree installed into a temporary prefix (once per session)."""
    build = build_dir()
    if not (build / "CMakeCache.txt").exists():
        pytest.fail(f"no CMake build tree at {build}: build one, or set HATCHNET_BUILD_DIR")
    where = tmp_path_factory.mktemp("prefix")
    run = subprocess.run(["cmake", "--install", str(build), "--prefix", str(where)],
                         capture_output=True, text=True)
    if run.returncode != 0:
        pytest.fail(f"cmake --install {build} failed:\n{run.stdout}\n{run.stderr}")
    return where


_workdirs: dict[str, pathlib.Path] = {}


@pytest.fixture
def workdir(request, tmp_path_factory):
    """One working directory per page, shared by its blocks in order: data/, docs/, tests/ and
    examples/ of the source tree are linked into it, so relative paths in the docs work and
    files a block writes stay out of the source tree."""
    block = request.node.callspec.params["block"]
    key = block.rel
    if key not in _workdirs:
        d = tmp_path_factory.mktemp(key.replace("/", "_").replace(".", "_"))
        for name in ("data", "docs", "tests", "examples"):
            (d / name).symlink_to(ROOT / name)
        _workdirs[key] = d
    return _workdirs[key]


def pytest_terminal_summary(terminalreporter):
    """The snippet counts: by language, what was done with each block, and every skip's reason."""
    counts: collections.Counter = collections.Counter()
    skipped: list[str] = []
    failed: list[str] = []
    for outcome in ("passed", "failed", "skipped", "error"):
        for rep in terminalreporter.stats.get(outcome, []):
            props = dict(getattr(rep, "user_properties", []))
            if "snippet" not in props or rep.when not in ("call", "setup"):
                continue
            if outcome == "passed" and rep.when != "call":
                continue
            lang, action = props["snippet"]
            if outcome == "skipped":
                counts[(lang, "skipped")] += 1
                skipped.append(f"  {props['where']}: {props.get('reason', '')}")
            elif outcome in ("failed", "error"):
                counts[(lang, "FAILED")] += 1
                failed.append(f"  {props['where']}")
            else:
                counts[(lang, action)] += 1
    if not counts:
        return
    tr = terminalreporter
    tr.section("code blocks of README.md and docs/")
    by_lang: dict[str, dict[str, int]] = collections.defaultdict(dict)
    for (lang, action), n in sorted(counts.items()):
        by_lang[lang][action] = n
    for lang, actions in by_lang.items():
        tr.write_line(f"{lang:8} " + ", ".join(f"{n} {a}" for a, n in actions.items()))
    if skipped:
        tr.write_line("explicitly skipped (<!-- snippet: skip REASON -->):")
        for s in skipped:
            tr.write_line(s)
    if failed:
        tr.write_line("failed:")
        for s in failed:
            tr.write_line(s)


ACTION = {"python": "executed", "sh": "executed", "bash": "executed", "console": "executed",
          "c": "compiled and run", "cpp": "compiled and run", "json": "parsed",
          "cmake": "configured, built and run", "text": "not code"}


def pytest_collection_modifyitems(items):
    for item in items:
        block = getattr(item, "callspec", None) and item.callspec.params.get("block")
        if block is None:
            continue
        action = ACTION.get(block.lang, "unknown language")
        if block.lang in ("c", "cpp") and block.has("header-only"):
            action = "compiled header-only and run"
        item.user_properties += [("snippet", (block.lang or "untagged", action)),
                                 ("where", block.where), ("reason", block.skip or "")]


def pytest_configure(config):
    # matplotlib in python blocks must not need a display
    os.environ.setdefault("MPLBACKEND", "Agg")
