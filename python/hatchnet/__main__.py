"""``python -m hatchnet`` and the ``hatchnet`` command of a pip installation.

Both run the C++ command-line program shipped inside the package (``hatchnet/hatchnet-cli``,
built from ``src/cli`` by scikit-build-core), with the same arguments, output and exit codes
as ``build/bin/hatchnet`` (``docs/cli.md``). The program finds the embedded dataset in
``hatchnet/data`` beside itself.

Without a shipped program (a build made with ``HATCHNET_BUILD_CLI=OFF``), the program named
by the environment variable ``HATCHNET_CLI`` is run instead, if set.
"""
from __future__ import annotations

import os
import subprocess
import sys
from typing import List, Optional

__all__ = ["cli_path", "main"]


def cli_path() -> Optional[str]:
    """The path of the hatchnet program this package runs, or None if there is none."""
    here = os.path.dirname(os.path.abspath(__file__))
    exe = os.path.join(here, "hatchnet-cli" + (".exe" if os.name == "nt" else ""))
    if os.path.isfile(exe) and os.access(exe, os.X_OK):
        return exe
    env = os.environ.get("HATCHNET_CLI")
    if env and os.path.isfile(env):
        return env
    return None


def main(argv: Optional[List[str]] = None) -> int:
    """Run the hatchnet program with ``argv`` (default: this process's arguments).

    On POSIX the program replaces this process (``os.execv``), so signals, standard streams
    and the exit code are the program's own; elsewhere its exit code is returned.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    exe = cli_path()
    if exe is None:
        sys.stderr.write("hatchnet: the command-line program is not part of this installation "
                         "(built with HATCHNET_BUILD_CLI=OFF); set HATCHNET_CLI to one\n")
        return 3
    if os.name == "posix" and argv is None:
        sys.stdout.flush()
        sys.stderr.flush()
        os.execv(exe, ["hatchnet", *args])
    return subprocess.call([exe, *args])


if __name__ == "__main__":
    sys.exit(main())
