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


def test_import_does_not_load_the_engine_modules_or_sqlite():
    got = _run("""
        import sys
        import hatchnet
        print(sorted(m for m in ("hatchnet.records", "hatchnet.funding", "hatchnet.hsds", "hatchnet.publish",
                                 "hatchnet.policy", "hatchnet.matching", "sqlite3", "urllib.request")
                     if m in sys.modules))
    """)
    assert got == "[]"


def test_every_exported_name_resolves_to_its_module_attribute():
    # the lazy names are the same objects as the modules' own (reference: importing them directly)
    got = _run("""
        import importlib
        import hatchnet
        bad = []
        for name, (mod, attr) in hatchnet._LAZY.items():
            m = importlib.import_module(mod, "hatchnet")
            want = getattr(m, attr) if attr else m
            if getattr(hatchnet, name) is not want:
                bad.append(name)
        missing = [n for n in hatchnet.__all__ if not hasattr(hatchnet, n)]
        print(bad, missing, set(hatchnet._LAZY) <= set(dir(hatchnet)))
    """)
    assert got == "[] [] True"


def test_from_import_of_a_lazy_name_and_unknown_attribute():
    got = _run("""
        from hatchnet import Store, read_hsds, funding
        import hatchnet
        print(Store.__module__, read_hsds.__module__, funding.__name__)
        try:
            hatchnet.no_such_name
        except AttributeError as e:
            print("AttributeError", "no_such_name" in str(e))
    """)
    assert got.splitlines() == ["hatchnet.records hatchnet.hsds hatchnet.funding", "AttributeError True"]


def test_submodules_are_attributes_of_the_package_on_first_access():
    # as when the package imported them eagerly: hatchnet.matching, hatchnet.referral, ...
    got = _run("""
        import sys
        import hatchnet
        names = ["matching", "referral", "evaluate", "coverage", "records", "network", "policy", "geo"]
        print(all(getattr(hatchnet, n) is sys.modules["hatchnet." + n] for n in names))
    """)
    assert got == "True"
