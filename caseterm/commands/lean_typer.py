"""Typer without pydantic for what needs no conversion.

Typer (0.29) converts every option value through a pydantic `TypeAdapter`, built the first time
the option is processed, also when the option was not given (the value None) or is plain text.
Importing pydantic and building the adapters cost ~70–100 ms CPU of every command that has an
option, e.g. `caseterm queue` and the TUI's own start (`--db`, `--lang`, `--today`).

`install()` makes the adapter lazy. A value that needs no conversion is handled as Typer
handles it: None (`RuntimeParam.coerce` answers before any conversion), text for a `str` option
without a parser, a yes/no word for a flag from its environment variable (CASETERM_PLAIN=1), an
int or float default without limits (Typer's adapters return these unchanged). Anything else (a
number typed on the command line, a path, a date, a choice, a list, a wrong word) goes to
Typer's own adapter, built then. The options are still defined once, by the commands'
signatures; only when pydantic is imported changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

_installed = False
# what Typer's bool adapter (pydantic's lax bool after `_parse_cli_bool`) makes of text
_BOOL_WORDS = {"": False, **dict.fromkeys(("0", "off", "f", "false", "n", "no"), False),
               **dict.fromkeys(("1", "on", "t", "true", "y", "yes"), True)}


def install() -> None:
    global _installed
    if _installed:
        return
    _installed = True
    from typer import _coercion
    from typer import core as tcore

    @dataclass(frozen=True)
    class LazyRuntimeParam(_coercion.RuntimeParam):
        descriptor: Any = None

        def real(self, param: Any) -> Any:
            built = param.__dict__.get("_caseterm_real")
            if built is None:
                built = _coercion.build_runtime_param(self.descriptor)
                param.__dict__["_caseterm_real"] = built
            return built

        def coerce(self, value: Any, param: Any, ctx: Any) -> Any:
            if value is None:  # Typer's own answer for a missing value, no conversion
                return super().coerce(value, param, ctx)
            if not (param.multiple or param.nargs != 1):
                return self._coerce_value(value, param, ctx)
            return self.real(param).coerce(value, param, ctx)

        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            if self.annotation is str and isinstance(value, str):
                return value  # what Typer's str adapter returns for text
            if self.annotation is bool and isinstance(value, str):  # e.g. CASETERM_PLAIN=1
                word = value.strip().lower()
                if word in _BOOL_WORDS:
                    return _BOOL_WORDS[word]
            info = self.parameter_info
            if (self.annotation in (int, float) and type(value) is self.annotation
                    and info.min is None and info.max is None):
                return value  # a default such as `limit: int = 0`: nothing to convert
            return self.real(param)._coerce_value(value, param, ctx)

    original = tcore._TyperParameter.get_runtime_param

    def get_runtime_param(self: Any) -> Any:
        if self._runtime_param is None:
            desc = self.type_descriptor
            if desc.file_annotation is None and desc.parameter_info.parser is None:
                self._runtime_param = LazyRuntimeParam(
                    parameter_info=desc.parameter_info, annotation=desc.annotation,
                    descriptor=desc)
                return self._runtime_param
        return original(self)

    tcore._TyperParameter.get_runtime_param = get_runtime_param  # type: ignore[method-assign]
