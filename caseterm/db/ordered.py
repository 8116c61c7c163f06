"""The area modules of a package (the demo's loaders, the generator's areas), found by
scanning it: each module with an int ORDER and a callable entry point, sorted by ORDER and
then by name. One definition for both packages."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable
from types import ModuleType


def ordered_modules(path: Iterable[str], package: str, entry: str) -> list[ModuleType]:
    found: list[tuple[int, str, ModuleType]] = []
    for info in pkgutil.iter_modules(list(path)):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{package}.{info.name}")
        order = getattr(module, "ORDER", None)
        if isinstance(order, int) and not isinstance(order, bool) \
                and callable(getattr(module, entry, None)):
            found.append((order, info.name, module))
    return [module for _order, _name, module in sorted(found, key=lambda t: (t[0], t[1]))]
