"""``docs/report-json.md``: the report's JSON documented field by field, from the view model.

Every object of the JSON is one of the view model's data classes (:mod:`.view.model`); its
fields, in order, with their types and the words written under each in the source, make the
documentation, so that it cannot fall behind the model. ``make docs`` writes it:

    python -m pmplan.report.jsondoc > docs/report-json.md
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
import re
import typing
from datetime import date
from types import UnionType
from typing import Any

from pmplan.report.jsonview import DERIVED, SCHEMA
from pmplan.report.view import model
from pmplan.report.view.model import ReportView

_HEAD = f"""# The report as JSON

`pmplan report PERIOD --format json` writes the report's view model: everything the Word,
HTML and Markdown reports lay out, computed once, for other tools (a dashboard, a council's
own publishing system, a test). It goes to stdout, or to the file `-o` names.

```json
{{"schema": "{SCHEMA}", "report": {{"organisation": "Calderbrook District Council", ...}}}}
```

`schema` names the shape's version. Within a version fields are only ever added; a field
renamed or removed, or a meaning changed, is a new version. Dates are ISO 8601 text
(`2026-10-31`); an absent value is `null` and an empty list `[]`, never left out. Every object
below is written with all its fields, in this order.

This page is generated from the view model (`src/pmplan/report/view/model.py`) by `make docs`.
"""


def _field_docs(cls: type) -> dict[str, str]:
    """The words written under each field of a data class in its source."""
    try:
        tree = ast.parse(inspect.getsource(cls))
    except (OSError, TypeError):
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    found: dict[str, str] = {}
    for node, after in zip(body, [*body[1:], None], strict=True):
        documented = (
            isinstance(after, ast.Expr)
            and isinstance(after.value, ast.Constant)
            and isinstance(after.value.value, str)
        )
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and documented:
            assert isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
            found[node.target.id] = inspect.cleandoc(str(after.value.value))
    return found


def _plain(text: str) -> str:
    """Docstring text as one Markdown line: reST literals as code, references as names."""
    text = re.sub(
        r":(?:class|func|attr|mod|data):`~?([^`]+)`", lambda m: f"`{m.group(1).split('.')[-1]}`", text
    )
    parts = text.split("``")  # Python's None is JSON's null, but not inside a literal
    text = "`".join(re.sub(r"\bNone\b", "null", p) if n % 2 == 0 else p for n, p in enumerate(parts))
    return " ".join(text.split())


def _type(annotation: Any, objects: list[type]) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin in (typing.Union, UnionType):
        parts = [_type(a, objects) for a in args if a is not type(None)]
        return " or ".join(parts) + (" or null" if type(None) in args else "")
    if origin is tuple:
        return f"list of {_type(args[0], objects)}"
    if annotation is str:
        return "text"
    if annotation is int:
        return "number (whole)"
    if annotation is float:
        return "number"
    if annotation is bool:
        return "true or false"
    if annotation is date:
        return "date"
    if dataclasses.is_dataclass(annotation) and isinstance(annotation, type):
        if annotation not in objects:
            objects.append(annotation)
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    return getattr(annotation, "__name__", str(annotation))


def generate() -> str:
    """The Markdown of ``docs/report-json.md``."""
    objects: list[type] = [ReportView]
    sections = []
    index = 0
    while index < len(objects):
        cls = objects[index]
        index += 1
        hints = typing.get_type_hints(cls, vars(model), vars(model))
        docs = _field_docs(cls)
        lines = [f"## {cls.__name__}", ""]
        summary = inspect.getdoc(cls) or ""
        if summary and not summary.startswith(f"{cls.__name__}("):
            lines += [_plain(summary), ""]
        elif cls is ReportView:
            lines += ["The report: the `report` object of the JSON.", ""]
        lines += ["| field | type | meaning |", "| --- | --- | --- |"]
        for field in dataclasses.fields(cls):
            kind = _type(hints[field.name], objects)
            lines.append(f"| `{field.name}` | {kind} | {_plain(docs.get(field.name, ''))} |")
        for name in DERIVED.get(cls.__name__, ()):
            doc = _plain(inspect.getdoc(getattr(cls, name)) or "")
            lines.append(f"| `{name}` | number (whole) | {doc or 'Worked out from the fields above.'} |")
        sections.append("\n".join(lines))
    return _HEAD + "\n" + "\n\n".join(sections) + "\n"


if __name__ == "__main__":
    print(generate(), end="")
