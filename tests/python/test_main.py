"""`python -m hatchnet` and the `hatchnet` console command run the CLI shipped in the package."""
import os
import subprocess
import sys

import pytest

import hatchnet
from hatchnet import __main__ as entry


def _cli_or_skip():
    exe = entry.cli_path()
    if exe is None:
        pytest.skip("no hatchnet program beside the package and HATCHNET_CLI unset")
    return exe


def test_python_m_hatchnet_version():
    _cli_or_skip()
    p = subprocess.run([sys.executable, "-m", "hatchnet", "--version"], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip() == f"hatchnet {hatchnet.__version__}"


def test_exit_codes_pass_through():
    _cli_or_skip()
    # an unknown option is a usage error: exit 2, named on stderr
    p = subprocess.run([sys.executable, "-m", "hatchnet", "info", "--jsn"], capture_output=True, text=True,
                       timeout=60)
    assert p.returncode == 2
    assert "jsn" in p.stderr
    assert entry.main(["--version"]) == 0          # in-process: the program's exit code


def test_the_embedded_dataset_is_found(tmp_path):
    _cli_or_skip()
    env = {k: v for k, v in os.environ.items() if k != "HATCHNET_DATA_DIR"}
    p = subprocess.run([sys.executable, "-m", "hatchnet", "info", "beijing", "--json"], capture_output=True,
                       text=True, timeout=120, cwd=tmp_path, env=env)
    assert p.returncode == 0, p.stderr
    assert "349" in p.stdout        # the street-level units of the shipped dataset


def test_without_a_program(monkeypatch, capsys):
    monkeypatch.setattr(entry.os.path, "isfile", lambda _p: False)
    monkeypatch.delenv("HATCHNET_CLI", raising=False)
    assert entry.cli_path() is None
    assert entry.main(["--version"]) == 3
    assert "HATCHNET_CLI" in capsys.readouterr().err
