"""Where the data shipped with caseterm lies (demo, legal texts, scenario packs): a leaf module
with no dependencies, so every layer may ask it."""

from __future__ import annotations

from pathlib import Path


def data_dir() -> Path:
    """The shipped data folder: `caseterm/_data` in a wheel, else the repository's `data/`."""
    package = Path(__file__).resolve().parent
    bundled = package / "_data"
    if bundled.is_dir():
        return bundled
    return package.parent / "data"
