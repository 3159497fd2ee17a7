"""Two adjustments to typer, made once when the CLI is imported.

- typer prints a Python type name beside each argument in help ("REF <str>"); a council
  officer reads the argument's name and its help, not Python's types.
- typer 0.29 checks every parameter's value through a pydantic TypeAdapter, built on first
  use: even ``pmplan lint --help`` imports pydantic to check the ``--help`` flag itself,
  which doubles the time help takes. A flag is a bool and a word is a str already; those two
  are passed through as they are, and everything else is checked as typer checks it.
"""

from __future__ import annotations

from typing import Any

import typer.core


def _no_type_name(self: Any, ctx: Any) -> None:
    return None


typer.core.TyperArgument.display_type_rich = _no_type_name  # type: ignore[method-assign]

try:
    from typer import _coercion
except ImportError:  # an older typer checks values without pydantic
    _coercion = None  # type: ignore[assignment]

if _coercion is not None and hasattr(typer.core, "build_runtime_param"):
    _build_runtime_param = typer.core.build_runtime_param

    def _runtime_param(descriptor: Any) -> Any:
        if descriptor.annotation in (bool, str) and getattr(descriptor, "file_annotation", None) is None:
            return _coercion.PassThroughRuntimeParam(
                annotation=descriptor.annotation, parameter_info=descriptor.parameter_info
            )
        return _build_runtime_param(descriptor)

    typer.core.build_runtime_param = _runtime_param
