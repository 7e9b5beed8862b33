"""The examples never rot: the Python tour runs, and the Beijing walkthrough notebook executes
cell by cell without an error (nor a Python warning in any cell's output)."""
import json
import os
import pathlib
import re
import subprocess
import sys

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
NOTEBOOK = EXAMPLES / "beijing_walkthrough.ipynb"
# "path.py:12: SomeWarning: message", as the warnings module prints it
WARNING_LINE = re.compile(r"^\S.*:\d+: \w*Warning: ", re.MULTILINE)


def _package_path() -> str:
    """PYTHONPATH for a child interpreter: where this process found hatchnet, then the rest."""
    import hatchnet

    parts = [str(pathlib.Path(hatchnet.__file__).resolve().parents[1])]
    if os.environ.get("PYTHONPATH"):
        parts.append(os.environ["PYTHONPATH"])
    return os.pathsep.join(parts)


def _child_env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = _package_path()
    env["MPLBACKEND"] = "Agg"
    return env


def test_python_tour_runs():
    proc = subprocess.run([sys.executable, "-W", "error", str(EXAMPLES / "python" / "tour.py")],
                          env=_child_env(), capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert "<ReferralResult routed" in proc.stdout
    assert "refused: request: field 'needs[0]'" in proc.stdout
    assert "<BatchResult" in proc.stdout
    assert "Gini of capacity per organization across districts" in proc.stdout
    assert WARNING_LINE.search(proc.stderr) is None, proc.stderr


def test_notebook_is_stored_without_outputs():
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert code
    for c in code:
        assert c.get("outputs", []) == [] and c.get("execution_count") is None, c["source"][:80]


@pytest.fixture
def kernel_name(tmp_path, monkeypatch):
    """A throw-away kernelspec running this very interpreter (with hatchnet importable), so the
    test needs no `ipykernel install` and never picks up another environment's python."""
    pytest.importorskip("ipykernel")
    name = "hatchnet-examples-test"
    spec_dir = tmp_path / "jupyter" / "kernels" / name
    spec_dir.mkdir(parents=True)
    (spec_dir / "kernel.json").write_text(json.dumps({
        "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
        "display_name": "hatchnet examples test",
        "language": "python",
        "env": {"PYTHONPATH": _package_path(), "MPLBACKEND": "Agg"},
    }), encoding="utf-8")
    monkeypatch.setenv("JUPYTER_PATH", str(tmp_path / "jupyter"))
    # jupyter_core warns (DeprecationWarning) unless told to use the platformdirs locations
    monkeypatch.setenv("JUPYTER_PLATFORM_DIRS", "1")
    return name


def test_notebook_executes(kernel_name):
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    for mod in ("pandas", "matplotlib", "networkx"):
        pytest.importorskip(mod)

    nb = nbformat.read(str(NOTEBOOK), as_version=4)
    client = nbclient.NotebookClient(nb, kernel_name=kernel_name, timeout=300,
                                     resources={"metadata": {"path": str(EXAMPLES)}})
    client.execute()  # raises CellExecutionError, naming the cell, on any error

    images = 0
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        for out in cell.get("outputs", []):
            assert out.output_type != "error", out
            if out.output_type == "stream" and out.name == "stderr":
                assert WARNING_LINE.search(out.text) is None, f"warning in cell:\n{cell.source}\n{out.text}"
            if out.output_type == "display_data" and "image/png" in out.get("data", {}):
                images += 1
    assert images >= 5  # the tree, the district figures, before/after plots
