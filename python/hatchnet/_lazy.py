"""numpy and pandas, imported on first use.

``import hatchnet`` should cost little: most of its import time used to be pandas' and
numpy's. Modules of the package write::

    if TYPE_CHECKING:
        import pandas as pd
    else:
        from ._lazy import pandas as pd

and the real module is imported the first time an attribute of ``pd`` is read.
"""
from __future__ import annotations

import importlib
import types
from typing import Any, List

__all__ = ["numpy", "pandas"]


class _LazyModule(types.ModuleType):
    """A stand-in that imports the named module when one of its attributes is first read."""

    def _target(self) -> types.ModuleType:
        target = self.__dict__.get("_lazy_target")
        if target is None:
            target = importlib.import_module(self.__name__)
            # from now on attributes are found in this module's own dict, at the speed of
            # a real module (only names the target gains later go through __getattr__)
            self.__dict__.update(target.__dict__)
            self.__dict__["_lazy_target"] = target
        return target

    def __getattr__(self, attr: str) -> Any:
        return getattr(self._target(), attr)

    def __dir__(self) -> List[str]:
        return dir(self._target())

    def __repr__(self) -> str:
        return f"<lazy module {self.__name__!r}>"


numpy = _LazyModule("numpy")
pandas = _LazyModule("pandas")
