"""``import hatchnet`` is cheap: numpy and pandas are imported on first use (#15 item 3)."""
import subprocess
import sys
import textwrap


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True, check=True)
    return out.stdout.strip()


def test_import_does_not_load_pandas_or_numpy():
    got = _run("""
        import sys
        import hatchnet
        print(sorted(m for m in ("numpy", "pandas", "matplotlib", "geopandas") if m in sys.modules))
    """)
    assert got == "[]"


def test_first_use_loads_pandas_and_works():
    got = _run("""
        import sys
        import hatchnet
        net = hatchnet.Network.beijing(scale=0.05)
        df = net.nodes
        print(type(df).__module__.split(".")[0], "pandas" in sys.modules, len(df) == len(net))
    """)
    assert got == "pandas True True"
