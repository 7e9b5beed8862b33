"""Every fenced code block of README.md and docs/**/*.md runs, compiles or parses.

One test per block, named <page>:<line of the fence>:<language>:
  python        executed in-process; the blocks of one page share one namespace, in order
  sh, bash      run by bash (set -eu -o pipefail) with the hatchnet program first on PATH
  console       each "$ command" is run and its output compared with the lines after it
                ("..." matches any text, as in doctest)
  c             compiled as C99 against the installed C library (pkg-config) and run
  cpp           compiled as C++20 against the installed library (find_package) and run;
                header-only: with -I include alone, linking nothing
  json          parsed; a network ("format": "hatchnet-network") is also validated against
                docs/network.schema.json and by `hatchnet validate -`
  cmake         the block as a consumer project's CMakeLists.txt, configured, built and run
  text          not code (layouts, diagrams): counted, nothing run
A block with no language fails: tag it. Markers: tests/docs/snippets.py and
docs/contributing.md. Blocks of a page share a working directory (conftest.workdir).
"""
from __future__ import annotations

import json
import os
import pathlib
import re
import subprocess

import pytest

import snippets
from snippets import ROOT, cli_path, which

BLOCKS = snippets.all_blocks()
TIMEOUT = 300


def _run(cmd, *, cwd, env=None, timeout=TIMEOUT, shell=False):
    return subprocess.run(cmd, cwd=cwd, env=env, timeout=timeout, shell=shell,
                          capture_output=True, text=True)


def _fail(block: snippets.Block, what: str, proc=None) -> None:
    text = f"{block.where}: {what}"
    if proc is not None:
        text += f" (exit {proc.returncode})\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"
    pytest.fail(text, pytrace=False)


# ------------------------------------------------------------------------------------- python

_namespaces: dict[str, dict] = {}


def _exec_python(block: snippets.Block, code: str, first_line: int, ns: dict) -> None:
    # padded so that tracebacks name the Markdown file's own line numbers
    source = "\n" * (first_line - 1) + code
    exec(compile(source, str(block.path), "exec"), ns)  # noqa: S102


def check_python(block, workdir, monkeypatch):
    monkeypatch.chdir(workdir)
    ns = _namespaces.setdefault(block.rel, {"__name__": "__snippet__"})
    if block.setup:
        _exec_python(block, block.setup, block.setup_line, ns)
    _exec_python(block, block.code, block.line, ns)


# -------------------------------------------------------------------------------- sh, console

def _shell_env(workdir: pathlib.Path, prefix: pathlib.Path | None) -> dict:
    env = dict(os.environ)
    env["PATH"] = f"{cli_path().parent}{os.pathsep}{env.get('PATH', '')}"
    env["HATCHNET_SOURCE_DIR"] = str(ROOT)
    if prefix is not None:
        env["HATCHNET_PREFIX"] = str(prefix)
    return env


def _needs_prefix(block) -> bool:
    return "HATCHNET_PREFIX" in block.setup or "HATCHNET_PREFIX" in block.code


def check_sh(block, workdir, request):
    request.getfixturevalue("cli")
    prefix = request.getfixturevalue("prefix") if _needs_prefix(block) else None
    script = "set -eu -o pipefail\n" + block.setup + "\n" + block.code
    proc = _run(["bash", "-c", script], cwd=workdir, env=_shell_env(workdir, prefix))
    if proc.returncode != 0:
        _fail(block, "the block failed", proc)


def _console_steps(block):
    """[(line, command, expected output lines)] of a console block."""
    steps = []
    for k, ln in enumerate(block.code.rstrip("\n").split("\n")):
        if ln.startswith("$ "):
            steps.append((block.line + k, ln[2:], []))
        elif steps and steps[-1][1].endswith("\\") and not steps[-1][2]:
            line, cmd, out = steps[-1]
            steps[-1] = (line, cmd + "\n" + ln, out)
        elif steps:
            steps[-1][2].append(ln)
        elif ln.strip():
            _fail(block, f"line {block.line + k}: a console block starts with '$ command'")
    return steps


def _matches(expected: list[str], actual: str) -> bool:
    want = "\n".join(ln.rstrip() for ln in expected).strip("\n")
    got = "\n".join(ln.rstrip() for ln in actual.split("\n")).strip("\n")
    pattern = "^" + ".*?".join(re.escape(p) for p in want.split("...")) + "$"
    return re.match(pattern, got, re.S) is not None


def check_console(block, workdir, request):
    request.getfixturevalue("cli")
    prefix = request.getfixturevalue("prefix") if _needs_prefix(block) else None
    env = _shell_env(workdir, prefix)
    if block.setup:
        proc = _run(["bash", "-c", "set -eu -o pipefail\n" + block.setup], cwd=workdir, env=env)
        if proc.returncode != 0:
            _fail(block, "the hidden setup failed", proc)
    last = 0
    for line, cmd, expected in _console_steps(block):
        # `echo $?` reads the previous command's status, as in a terminal
        proc = _run(["bash", "-c", f"(exit {last}); {cmd} 2>&1"], cwd=workdir, env=env)
        last = proc.returncode
        if not _matches(expected, proc.stdout):
            pytest.fail(f"{block.rel}:{line}: `{cmd}` printed\n{proc.stdout}\n"
                        f"--- the docs show\n" + "\n".join(expected), pytrace=False)


# --------------------------------------------------------------------------------------- c, cpp

def _split_includes(code: str):
    head, body = [], []
    for ln in code.split("\n"):
        (head if ln.lstrip().startswith("#include") else body).append(ln)
    return head, body


def _source(block, lang: str) -> str:
    """The translation unit of a block: as it is, or wrapped in main() when a fragment; #line
    directives make the compiler name the Markdown file's lines."""
    path = block.path.as_posix()
    parts = []
    if not block.has("fragment"):
        if block.setup:
            parts += [f'#line {block.setup_line} "{path}"', block.setup]
        parts += [f'#line {block.line} "{path}"', block.code]
        return "\n".join(parts) + "\n"
    # a fragment: its #include lines go first (blank lines keep the numbering), the rest in main
    std = (["#include <stdio.h>", "#include <stdlib.h>", "#include <string.h>",
            "#include <hatchnet/hatchnet.h>"] if lang == "c"
           else ["#include <cstdio>", "#include <cstdlib>", "#include <iostream>"])
    parts += std
    if block.setup:
        parts += [f'#line {block.setup_line} "{path}"', block.setup]
    lines = block.code.rstrip("\n").split("\n")
    for k, ln in enumerate(lines):
        if ln.lstrip().startswith("#include"):
            parts += [f'#line {block.line + k} "{path}"', ln]
    parts.append("int main(void) {" if lang == "c" else "int main() {")
    for k, ln in enumerate(lines):
        if not ln.lstrip().startswith("#include"):
            parts += [f'#line {block.line + k} "{path}"', ln]
    parts += ["return 0;", "}"]
    return "\n".join(parts) + "\n"


_cpp_project: dict[str, object] = {}


def _cpp_build_dir(prefix: pathlib.Path, tmp_root: pathlib.Path) -> pathlib.Path:
    """One CMake project with an executable per cpp block, configured once."""
    if "dir" in _cpp_project:
        return _cpp_project["dir"]  # type: ignore[return-value]
    src = tmp_root / "cpp-snippets"
    src.mkdir(exist_ok=True)
    lines = ["cmake_minimum_required(VERSION 3.20)", "project(snippets LANGUAGES CXX)",
             "find_package(hatchnet REQUIRED)"]
    for k, b in enumerate(x for x in BLOCKS if x.lang == "cpp" and not x.has("header-only")
                          and not x.skip):
        name = f"snippet_{k}"
        (src / f"{name}.cpp").write_text(_source(b, "cpp"))
        lines += [f"add_executable({name} {name}.cpp)",
                  f"target_link_libraries({name} PRIVATE hatchnet::hatchnet)"]
        _cpp_project[b.id] = name
    (src / "CMakeLists.txt").write_text("\n".join(lines) + "\n")
    build = tmp_root / "cpp-snippets-build"
    proc = _run(["cmake", "-S", str(src), "-B", str(build), "-DCMAKE_BUILD_TYPE=Release",
                 f"-DCMAKE_PREFIX_PATH={prefix}"], cwd=tmp_root)
    if proc.returncode != 0:
        pytest.fail(f"configuring the cpp snippets' project failed\n{proc.stdout}\n{proc.stderr}")
    _cpp_project["dir"] = build
    return build


def _run_program(block, exe, workdir, env=None):
    proc = _run([str(exe)], cwd=workdir, env=env)
    if proc.returncode != 0:
        _fail(block, "the program failed", proc)


def check_cpp(block, workdir, request, tmp_path_factory):
    if block.has("header-only"):
        out = tmp_path_factory.mktemp("header_only")
        (out / "main.cpp").write_text(_source(block, "cpp"))
        cxx = os.environ.get("CXX", "c++")
        proc = _run([cxx, "-std=c++20", "-I", str(ROOT / "include"), "main.cpp", "-o", "main"],
                    cwd=out)
        if proc.returncode != 0:
            _fail(block, f"{cxx} -std=c++20 -I include failed", proc)
        _run_program(block, out / "main", workdir)
        return
    prefix = request.getfixturevalue("prefix")
    build = _cpp_build_dir(prefix, tmp_path_factory.getbasetemp())
    name = _cpp_project[block.id]
    proc = _run(["cmake", "--build", str(build), "--target", str(name)], cwd=build, timeout=900)
    if proc.returncode != 0:
        _fail(block, "compiling failed", proc)
    _run_program(block, build / str(name), workdir)


def _pkg_config(prefix: pathlib.Path, *args: str) -> list[str]:
    pcs = list(prefix.rglob("hatchnet.pc"))
    if not pcs:
        pytest.fail(f"no hatchnet.pc under {prefix}")
    env = dict(os.environ, PKG_CONFIG_PATH=str(pcs[0].parent))
    proc = subprocess.run([which("pkg-config"), *args, "hatchnet"], env=env,
                          capture_output=True, text=True, check=True)
    return proc.stdout.split()


def check_c(block, workdir, request, tmp_path_factory):
    prefix = request.getfixturevalue("prefix")
    out = tmp_path_factory.mktemp("c_snippet")
    (out / "app.c").write_text(_source(block, "c"))
    cc = os.environ.get("CC", "cc")
    libs = _pkg_config(prefix, "--libs")
    libdir = next((a[2:] for a in libs if a.startswith("-L")), "")
    cmd = [cc, "-std=c99", "-pedantic", "-Wall", "app.c", *_pkg_config(prefix, "--cflags"),
           *libs, f"-Wl,-rpath,{libdir}", "-o", "app"]
    proc = _run(cmd, cwd=out)
    if proc.returncode != 0:
        _fail(block, "compiling as C99 failed: " + " ".join(cmd), proc)
    _run_program(block, out / "app", workdir)


# ----------------------------------------------------------------------------------------- json

def check_json(block, request):
    try:
        doc = json.loads(block.code)
    except json.JSONDecodeError as e:
        error = f"{block.rel}:{block.line + e.lineno - 1}: not JSON: {e.msg} (column {e.colno})"
    else:
        error = None
    if error:
        pytest.fail(error, pytrace=False)
    if isinstance(doc, dict) and doc.get("format") == "hatchnet-network":
        import jsonschema
        schema = json.loads((ROOT / "docs" / "network.schema.json").read_text())
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(doc), key=str)
        if errors:
            _fail(block, "not a valid network: " + "; ".join(
                f"/{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in errors[:10]))
        # and the library's own checks (references, tiers, regions), through the CLI
        cli = request.getfixturevalue("cli")
        proc = subprocess.run([str(cli), "validate", "-"], input=block.code, capture_output=True,
                              text=True, timeout=TIMEOUT)
        if proc.returncode != 0:
            _fail(block, "hatchnet validate refuses this network", proc)


# ---------------------------------------------------------------------------------------- cmake

_APP_CPP = """#include <hatchnet/version.hpp>
#include <hatchnet/hatchnet.h>
#include <cstdio>
int main() { std::printf("%s\\n", hn_version_string()); return 0; }
"""
_APP_C = """#include <stdio.h>
#include <hatchnet/hatchnet.h>
int main(void) { printf("%s\\n", hn_version_string()); return 0; }
"""


def check_cmake(block, request, tmp_path_factory):
    """The block as the CMakeLists.txt of a consumer project with one program, `app`: a project()
    line is added when the block has none, and add_executable(app ...) right after it."""
    prefix = request.getfixturevalue("prefix")
    src = tmp_path_factory.mktemp("cmake_consumer")
    lines = block.code.rstrip("\n").split("\n")
    at = next((k for k, ln in enumerate(lines) if ln.lstrip().startswith("project(")), None)
    c_only = at is not None and re.search(r"LANGUAGES\s+C\s*\)", lines[at]) is not None
    app = "app.c" if c_only else "app.cpp"
    (src / app).write_text(_APP_C if c_only else _APP_CPP)
    if at is None:
        lines = ["project(app LANGUAGES C CXX)", *lines]
        at = 0
    lines.insert(at + 1, f"add_executable(app {app})")
    (src / "CMakeLists.txt").write_text("cmake_minimum_required(VERSION 3.20)\n"
                                        + "\n".join(lines) + "\n")
    build = src / "build"
    proc = _run(["cmake", "-S", str(src), "-B", str(build), f"-DCMAKE_PREFIX_PATH={prefix}"],
                cwd=src)
    if proc.returncode != 0:
        _fail(block, "configuring a consumer project with this block failed", proc)
    proc = _run(["cmake", "--build", str(build)], cwd=src, timeout=900)
    if proc.returncode != 0:
        _fail(block, "building the consumer project failed", proc)
    _run_program(block, build / "app", src)


# ----------------------------------------------------------------------------------------- test

@pytest.mark.parametrize("block", BLOCKS, ids=[b.id for b in BLOCKS])
def test_block(block, request, tmp_path_factory, monkeypatch):
    if block.skip:
        pytest.skip(f"{block.where}: {block.skip}")
    unknown = [m for m in block.markers if m not in snippets.MARKERS]
    if unknown:
        _fail(block, f"unknown snippet marker {unknown}: one of {sorted(snippets.MARKERS)}")
    lang = block.lang
    if not lang:
        _fail(block, "a code block without a language: tag it (```text for layouts and diagrams)")
    if lang not in snippets.KNOWN:
        _fail(block, f"unknown language {lang!r}: one of {sorted(snippets.KNOWN)}, "
                     "or mark it <!-- snippet: skip REASON -->")
    if lang == "text":
        return
    if lang == "json":
        check_json(block, request)
    elif lang == "cmake":
        check_cmake(block, request, tmp_path_factory)
    else:
        workdir = request.getfixturevalue("workdir")
        if lang == "python":
            check_python(block, workdir, monkeypatch)
        elif lang in ("sh", "bash"):
            check_sh(block, workdir, request)
        elif lang == "console":
            check_console(block, workdir, request)
        elif lang == "c":
            check_c(block, workdir, request, tmp_path_factory)
        elif lang == "cpp":
            check_cpp(block, workdir, request, tmp_path_factory)


def test_every_page_has_been_read():
    """The pages the harness reads: README.md and docs/**/*.md (a page with no block is fine)."""
    names = [p.relative_to(ROOT).as_posix() for p in snippets.pages()]
    assert "README.md" in names and any(n.startswith("docs/") for n in names)

