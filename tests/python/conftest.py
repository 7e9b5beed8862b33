import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]


@pytest.fixture
def small_path():
    return ROOT / "tests" / "data" / "small.json"


@pytest.fixture
def bad_path():
    return ROOT / "tests" / "data" / "bad.json"


@pytest.fixture(scope="session")
def beijing():
    import hatchnet
    return hatchnet.datasets.beijing()
