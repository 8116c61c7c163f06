"""The person's own settings: who they are, their language, theme and keys.

A TOML file in the platformdirs user config directory (`caseterm config path`), never the
shared database: two desks on one central database are two people. Environment overrides,
for tests and training: CASETERM_CONFIG (the file), CASETERM_WORKER (the worker's user name),
CASETERM_LANG (language).
"""

from __future__ import annotations

import json
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

APP_NAME = "caseterm"
KEYS = ("worker", "language", "theme")


class ConfigError(Exception):
    """The configuration file cannot be read; the message names the file and the problem."""


def config_path() -> Path:
    override = os.environ.get("CASETERM_CONFIG")
    if override:
        return Path(override).expanduser()
    from platformdirs import user_config_path

    return user_config_path(APP_NAME, appauthor=False) / "config.toml"


@dataclass(frozen=True)
class UserConfig:
    worker: str | None = None
    language: str | None = None
    theme: str | None = None
    keys: dict[str, str] = field(default_factory=dict)
    path: Path | None = None


def load(path: Path | None = None) -> UserConfig:
    path = path or config_path()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return UserConfig(path=path)
    except OSError as exc:
        raise ConfigError(f"{path}: {exc.strerror or exc}") from None
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: {str(exc)[:200]}") from None
    values: dict[str, str | None] = {}
    for key in KEYS:
        value = data.get(key)
        if value is not None and not isinstance(value, str):
            raise ConfigError(f"{path}: '{key}' must be text in quotes")
        values[key] = value
    keys = data.get("keys", {})
    if not isinstance(keys, dict) or not all(isinstance(v, str) for v in keys.values()):
        raise ConfigError(f"{path}: [keys] must map actions to key names in quotes")
    return UserConfig(worker=values["worker"], language=values["language"],
                      theme=values["theme"], keys=dict(keys), path=path)


def _toml_str(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a TOML basic string is JSON-compatible


def save(**changes: str | None) -> Path:
    """Set (or, with None, remove) top-level keys; the file is the person's own (0600)."""
    path = config_path()
    current = load(path)
    values = {k: getattr(current, k) for k in KEYS}
    for key, value in changes.items():
        if key not in KEYS:
            raise KeyError(key)
        values[key] = value
    lines = ["# caseterm: your own settings (not shared with anyone)"]
    lines += [f"{k} = {_toml_str(v)}" for k, v in values.items() if v is not None]
    if current.keys:
        lines.append("\n[keys]")
        lines += [f"{_toml_str(k)} = {_toml_str(v)}" for k, v in current.keys.items()]
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    os.replace(tmp, path)
    return path
