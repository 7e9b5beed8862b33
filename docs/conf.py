"""Sphinx configuration of the hatchnet documentation site (built by scripts/docs.sh).

Markdown pages through MyST, the Python API through autodoc + napoleon (numpydoc style) from the
importable `hatchnet` package, the C and C++ API through Breathe from Doxygen's XML
(docs/Doxyfile; scripts/docs.sh runs Doxygen first and passes its XML directory in
HATCHNET_DOXYGEN_XML).
"""
import os
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[1]

project = "hatchnet"
author = "the hatchnet authors"
copyright = "2026, the hatchnet authors"

try:
    import hatchnet

    release = hatchnet.__version__
except ImportError:  # autodoc will say so, as an error
    release = ""
version = release

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.napoleon",
    "breathe",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]

# MyST: the Markdown pages as they are on GitHub
myst_heading_anchors = 4
myst_enable_extensions = ["colon_fence"]

# autodoc: numpydoc-style docstrings through napoleon
napoleon_google_docstring = False
napoleon_numpy_docstring = True
napoleon_use_rtype = False
# an "Attributes" section as :ivar: fields: autodoc documents the attributes themselves once
napoleon_use_ivar = True
autodoc_default_options = {"members": True, "undoc-members": True, "show-inheritance": True}
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_class_signature = "separated"
autosummary_generate = False

# Breathe over Doxygen's XML
breathe_projects = {"hatchnet": os.environ.get("HATCHNET_DOXYGEN_XML",
                                               str(ROOT / "build" / "docs" / "doxygen" / "xml"))}
breathe_default_project = "hatchnet"
breathe_domain_by_extension = {"h": "c", "hpp": "cpp"}
breathe_show_include = True

# the C and C++ domains: macros of the headers that are attributes, not types
c_id_attributes = ["HN_EXPORT"]
cpp_id_attributes = ["HN_EXPORT", "HATCHNET_ALGO_INLINE"]

html_theme = "alabaster"
# wide enough for the 100-column code blocks of the pages
html_theme_options = {"page_width": "1240px", "sidebar_width": "240px"}
html_title = f"hatchnet {release}".strip()
html_static_path: list[str] = []
nitpicky = False


# Docstrings write |x| for an absolute value, which reStructuredText reads as a substitution
# reference (an error): outside ``literals``, such |...| become literal text.
import re as _re

_SUBST = _re.compile(r"(?<![\\`\w])\|(?=\S)([^|`]*?\S)\|(?![`\w])")


def _escape_bars(app, what, name, obj, options, lines):
    for i, line in enumerate(lines):
        if line.lstrip().startswith(("|", "+")):  # line blocks, tables
            continue
        parts = line.split("``")
        for k in range(0, len(parts), 2):  # outside double-backquoted literals
            parts[k] = _SUBST.sub(r"\\|\1\\|", parts[k])
        lines[i] = "``".join(parts)


def setup(app):
    app.connect("autodoc-process-docstring", _escape_bars)

# Docstring types are prose ("scheme : name, path, JSON text, dict or Scheme"): Sphinx links each
# word it can, and a word naming attributes of two classes ("name", "data") is ambiguous; it is
# left as the first match instead of failing the build.
suppress_warnings = ["ref.python"]
