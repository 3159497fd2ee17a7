"""Jinja environments for the report templates, and turning template errors into messages.

Templates are found by name: first in the workspace's templates folder (``templates:`` in
``pmplan.yaml``, default ``templates/`` when it exists), then in the package. A template
given by path (``--template``) comes before both. Every built-in template is also reachable
as ``builtin/<name>``, so that a council's template can extend the built-in one it replaces.
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import jinja2

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


def environment(
    folders: Sequence[Path], autoescape: bool, filters: dict[str, Callable[..., Any]]
) -> jinja2.Environment:
    package = jinja2.PackageLoader(PACKAGE, PACKAGE_FOLDER)
    loaders: list[jinja2.BaseLoader] = [jinja2.FileSystemLoader([str(f) for f in folders])] if folders else []
    loaders += [package, jinja2.PrefixLoader({"builtin": package})]
    env = jinja2.Environment(
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
    env = environment(search, autoescape, filters)
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
