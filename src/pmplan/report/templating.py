"""Jinja environments for the report templates, and turning template errors into messages.

Templates are found by name: first in the workspace's templates folder (``templates:`` in
``pmplan.yaml``, default ``templates/`` when it exists), then in the package. A template
given by path (``--template``) comes before both. Every built-in template is also reachable
as ``builtin/<name>``, so that a council's template can extend the built-in one it replaces.

Templates may arrive by pull request, so they run in Jinja's sandbox: they lay out the
report's data and cannot reach Python's internals (``__class__``, ``__globals__``...), change
the data, multiply out a string or a number without bound, or read a file that lies outside
their folder (through a symbolic link). Any such attempt is a :class:`ReportError` that names
the template and line. HTML is autoescaped.
"""

from __future__ import annotations

import functools
import math
import os
import posixpath
import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from pmplan.errors import PmplanError

PACKAGE = "pmplan.report"
PACKAGE_FOLDER = "templates"


class ReportError(PmplanError):
    """A report cannot be made: a missing or broken template, an unknown plan."""


def workspace_templates(root: Path, configured: str | None) -> Path | None:
    """The workspace's folder of template overrides, or None when it has none."""
    if configured is not None:
        folder = root / configured
        if not folder.is_dir():
            raise ReportError(f"{root / 'pmplan.yaml'}: the templates folder '{configured}' does not exist")
        return folder
    folder = root / "templates"
    return folder if folder.is_dir() else None


MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_RESULT = 10_000_000
"""The longest string or list a template may build with ``*``, and the largest number of
digits ``**`` may make: far beyond any report, far below what would exhaust memory or time."""


class Sandbox(ImmutableSandboxedEnvironment):
    """Jinja's immutable sandbox, with ``*`` and ``**`` bounded."""

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        if operator == "**" and _big_power(left, right):
            raise SecurityError(f"{left!r} ** {right!r} is too large a number for a report")
        if operator == "*" and _big_product(left, right):
            raise SecurityError("that multiplication makes too long a string or list for a report")
        return super().call_binop(context, operator, left, right)


def _big_power(left: Any, right: Any) -> bool:
    if not isinstance(left, int | float) or not isinstance(right, int | float):
        return False
    return abs(left) > 1 and abs(right) * math.log10(abs(left)) > 1000


def _big_product(left: Any, right: Any) -> bool:
    for sequence, times in ((left, right), (right, left)):
        if isinstance(sequence, str | list | tuple) and isinstance(times, int):
            return len(sequence) * times > MAX_RESULT
    return False


class FolderLoader(jinja2.FileSystemLoader):
    """Templates from folders: only regular files inside their folder (a symbolic link out
    of it is not followed), of a sane size."""

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = split_template_path(template)
        for folder in self.searchpath:
            filename = posixpath.join(folder, *pieces)
            if not os.path.isfile(filename):
                continue
            real, inside = os.path.realpath(filename), os.path.realpath(folder)
            if os.path.commonpath([real, inside]) != inside:
                raise ReportError(
                    f"template {filename} is a link to {real}, outside its folder {folder}: "
                    "copy the template into the folder instead"
                )
            if os.path.getsize(filename) > MAX_TEMPLATE_BYTES:
                raise ReportError(f"template {filename} is larger than {MAX_TEMPLATE_BYTES // 1024} KB")
            return super().get_source(environment, template)
        raise jinja2.TemplateNotFound(template)


@functools.lru_cache(maxsize=16)
def _environment(
    folders: tuple[Path, ...], autoescape: bool, filters: tuple[tuple[str, Callable[..., Any]], ...]
) -> jinja2.Environment:
    """One environment for each set of folders, kept: Jinja compiles each template once in it
    (and again only when the file changes), which a caller that renders many reports needs."""
    return environment(folders, autoescape, dict(filters))


def environment(
    folders: Sequence[Path], autoescape: bool, filters: dict[str, Callable[..., Any]]
) -> jinja2.Environment:
    package = jinja2.PackageLoader(PACKAGE, PACKAGE_FOLDER)
    loaders: list[jinja2.BaseLoader] = [FolderLoader([str(f) for f in folders])] if folders else []
    loaders += [package, jinja2.PrefixLoader({"builtin": package})]
    env = Sandbox(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(filters)
    return env


def render(
    name: str,
    context: dict[str, Any],
    *,
    folders: Sequence[Path] = (),
    template: Path | None = None,
    autoescape: bool,
    filters: dict[str, Callable[..., Any]],
) -> str:
    """Render template ``name`` (or the file ``template``) with ``context``."""
    search = list(folders)
    if template is not None:
        if not template.is_file():
            raise ReportError(f"template {template} does not exist")
        search.insert(0, template.resolve().parent)
        name = template.name
    env = _environment(tuple(search), autoescape, tuple(sorted(filters.items())))
    try:
        loaded = env.get_template(name)
    except jinja2.TemplateSyntaxError as exc:
        where = exc.filename or exc.name or name
        raise ReportError(f"template {where}, line {exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise ReportError(f"template {exc.name} not found") from None
    try:
        return loaded.render(context)
    except jinja2.TemplateSyntaxError as exc:  # from an included or extended template
        where = exc.filename or exc.name or name
        raise ReportError(f"template {where}, line {exc.lineno}: {exc.message}") from None
    except jinja2.TemplateNotFound as exc:
        raise ReportError(
            f"template {loaded.filename or name}: includes {exc.name}, which was not found"
        ) from None
    except ReportError:
        raise
    except SecurityError as exc:
        where, line = _template_frame(exc, loaded.filename or name)
        raise ReportError(
            f"template {where}, line {line}: not allowed: {str(exc).rstrip('.')}. Templates run in a sandbox: "
            "they lay out the report's data and cannot reach into Python"
        ) from None
    except Exception as exc:  # noqa: BLE001 - any failure inside a user's template is a message
        where, line = _template_frame(exc, loaded.filename or name)
        message = str(exc) or type(exc).__name__
        raise ReportError(f"template {where}, line {line}: {message}") from None


def _template_frame(exc: BaseException, default: str) -> tuple[str, int | str]:
    """The template file and line where rendering failed, from Jinja's rewritten traceback."""
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if not frame.filename.endswith(".py") and frame.lineno is not None:
            return frame.filename, frame.lineno
    return default, "?"
