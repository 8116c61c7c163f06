"""SQLModel tables, one module per aggregate.

Every module in this package is imported here, so `SQLModel.metadata` is complete for
migrations and tests; add a module and it is picked up.
"""

from __future__ import annotations

import importlib
import pkgutil

from caseterm.models.base import NAMING_CONVENTION, Record, utcnow


def load_all() -> None:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")


load_all()

__all__ = ["NAMING_CONVENTION", "Record", "load_all", "utcnow"]
