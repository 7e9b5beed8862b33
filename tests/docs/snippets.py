"""Extract the fenced code blocks of README.md and docs/**/*.md, with their markers.

A block is a fenced code block (```` ``` ```` or ``~~~``) whose info string names its language.
An HTML comment on the line just before the fence (blank lines between are allowed) may mark
it; the markers are documented in docs/contributing.md ("Code blocks in the docs run"):

    <!-- snippet: fragment -->            c / cpp: wrapped in int main(void) { ... }
    <!-- snippet: header-only -->         cpp: compiled with -I include only, nothing linked
    <!-- snippet: skip REASON -->         not run; counted and printed with its reason
    <!-- snippet: fragment                a multi-line comment: the lines after the first are
    static const char *path = "...";      hidden setup, put before the block (c / cpp: at file
    -->                                   scope, before main; python / sh: run first)
    <!-- snippet: setup                   hidden setup alone (the word marks nothing else)
    ...
    -->

Markers combine: ``<!-- snippet: header-only fragment -->``. Fences whose info string starts
with ``{`` are MyST directives of the documentation site, not code blocks.
"""
from __future__ import annotations

import dataclasses
import os
import pathlib
import re
import shutil

ROOT = pathlib.Path(__file__).resolve().parents[2]

# the languages and what the harness does with each
EXECUTED = {"python", "sh", "bash", "console"}
COMPILED = {"c", "cpp"}
PARSED = {"json"}
CONFIGURED = {"cmake"}
NOT_CODE = {"text"}  # layouts, diagrams, outlines: nothing to run
KNOWN = EXECUTED | COMPILED | PARSED | CONFIGURED | NOT_CODE
MARKERS = {"fragment", "header-only", "skip", "setup"}

_FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>[^`]*)$")
_MARKER = re.compile(r"<!--\s*snippet:(?P<body>.*?)-->", re.S)


@dataclasses.dataclass
class Block:
    path: pathlib.Path  # absolute
    line: int  # 1-based line of the first line of code (the fence is line - 1)
    lang: str  # "" when the fence names none
    code: str
    markers: list[str]
    skip: str | None  # the reason, when marked skip
    setup: str  # hidden setup code from a multi-line marker
    setup_line: int  # 1-based line of the setup's first line

    @property
    def rel(self) -> str:
        return self.path.relative_to(ROOT).as_posix()

    @property
    def where(self) -> str:
        return f"{self.rel}:{self.line - 1}"

    @property
    def id(self) -> str:
        return f"{self.rel}:{self.line - 1}:{self.lang or 'untagged'}"

    def has(self, marker: str) -> bool:
        return marker in self.markers


def pages() -> list[pathlib.Path]:
    """README.md and every Markdown file under docs/, in a stable order."""
    found = [ROOT / "README.md"]
    found += sorted(p for p in (ROOT / "docs").rglob("*.md") if "_build" not in p.parts)
    return found


def _marker_before(lines: list[str], fence_index: int):
    """The snippet marker ending on the last non-blank line before lines[fence_index]."""
    i = fence_index - 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    if i < 0 or not lines[i].rstrip().endswith("-->"):
        return None
    j = i
    while j >= 0 and "<!--" not in lines[j]:
        j -= 1
    if j < 0:
        return None
    text = "\n".join(lines[j : i + 1])
    m = _MARKER.search(text)
    if not m:
        return None
    body = m.group("body")
    first, _, rest = body.partition("\n")
    words = first.split()
    skip = None
    markers: list[str] = []
    for k, w in enumerate(words):
        if w == "skip":
            skip = " ".join(words[k + 1 :]) or "no reason given"
            markers.append("skip")
            break
        markers.append(w)
    return markers, skip, rest, j + 2  # setup starts on the line after the marker's first


def blocks(path: pathlib.Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").split("\n")
    out: list[Block] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if not m:
            i += 1
            continue
        fence, info, indent = m.group("fence"), m.group("info").strip(), m.group("indent")
        lang = info.split()[0].lower() if info else ""
        start = i + 1
        j = start
        while j < len(lines):
            close = lines[j].strip()
            if close.startswith(fence[0] * len(fence)) and not close.strip(fence[0]):
                break
            j += 1
        code_lines = [ln[len(indent):] if ln.startswith(indent) else ln for ln in lines[start:j]]
        if info.startswith("{"):  # a MyST directive (docs/index.md, docs/api/): not a code block
            i = j + 1
            continue
        marker = _marker_before(lines, i)
        markers, skip, setup, setup_line = marker if marker else ([], None, "", 0)
        out.append(Block(path, start + 1, lang, "\n".join(code_lines) + "\n", markers, skip,
                         setup, setup_line))
        i = j + 1
    return out


def all_blocks() -> list[Block]:
    return [b for p in pages() for b in blocks(p)]


def build_dir() -> pathlib.Path:
    if os.environ.get("HATCHNET_BUILD_DIR"):
        return pathlib.Path(os.environ["HATCHNET_BUILD_DIR"]).resolve()
    if os.environ.get("HATCHNET_CLI"):
        return pathlib.Path(os.environ["HATCHNET_CLI"]).resolve().parent.parent
    return ROOT / "build"


def cli_path() -> pathlib.Path:
    if os.environ.get("HATCHNET_CLI"):
        return pathlib.Path(os.environ["HATCHNET_CLI"]).resolve()
    return build_dir() / "bin" / "hatchnet"


def which(name: str) -> str:
    found = shutil.which(name)
    if not found:
        raise RuntimeError(f"{name} not found")
    return found
