"""``docs/format.md``: the plan-file format and ``pmplan.yaml``, written from the models.

Every kind of plan file, every field with its type, default and meaning (the field's
docstring in :mod:`~pmplan.workspace.models` and :mod:`~pmplan.workspace.config`), the
statuses and the words read as them, period keys, and a worked example of each kind (the
one ``pmplan init`` writes). A field added to a model appears here when the page is made
again (``make docs``, or ``pmplan schema --markdown``); a test keeps the page up to date.
"""

from __future__ import annotations

import types
import typing
from datetime import date
from typing import Any

from pydantic_core import PydanticUndefined

from pmplan.workspace import models
from pmplan.workspace.config import WorkspaceConfig
from pmplan.workspace.models import KINDS
from pmplan.workspace.vocabulary import ID_RULE, RAG_WORDS, STATUS_SYNONYMS, Status

_NAMED: list[tuple[Any, str]] = [
    (models.Id, "id"),
    (models.IdList, "id, or a list of ids"),
    (models.Text, "text"),
    (models.TextList, "text, or a list of texts"),
    (models.Month, "month (`Jan` … `Dec`)"),
    (models.PeriodKey, "[period](#period-keys)"),
]
for _name, _words in (
    ("YearKey", "financial year (`2025/26`)"),
    ("SpanMonth", "month (`2025-09`, or `Sep` for that month of every year)"),
):
    if hasattr(models, _name):
        _NAMED.append((getattr(models, _name), _words))

_EXAMPLE_DAY = date(2026, 1, 15)
"""The day the examples are dated from (``pmplan init`` dates its example from today)."""

_INTRO = """\
# The plan-file format

Everything pmplan knows lives in plain YAML files in a git repository: `pmplan.yaml` at the
root of the **workspace**, and the **plan files** in its plans folder (`plans/` unless
`pmplan.yaml` says otherwise). This page is the reference for both: every kind of plan file,
every field with its type, its default and what it means, the statuses, the period keys of
indicator values, and `pmplan.yaml`.

This page is generated from pmplan's own models by `make docs` (`pmplan schema --markdown`), so
it lists exactly the fields pmplan reads; a test keeps it up to date. `pmplan schema` writes the
same format as a JSON Schema for editors.

## The workspace

Every `*.yaml` (or `*.yml`) file under the plans folder is read, in sub-folders too; files and
folders whose names start with `.` are not. What a file holds is given by its first key,
`kind:`, never by its name or folder, so you can arrange the files however suits the council:
one file per plan, the indicators split by directorate, and so on.

| kind | holds |
| --- | --- |
{kinds}

A field that is not in the tables below is an error, with a did-you-mean (`lead:` for
`leads:`), never silently ignored. A mistake in one action, indicator, person or report
leaves out only that item: the rest of its file loads, and every command says what was left
out (`report`, `export`, `list`, `show`, `thread` and `calendar` stop, unless given
`--allow-invalid`).

## Ids and references

Ids are {id_rule}: `JP`, `P1.2`, `LPI-07`, `pm-audit`, `R3`. An id written as a number
(`id: 1.10`) is read as the text typed, so `1.10` stays `1.10`.

- People, plans and reports each have ids unique in the workspace. Priorities, outcomes and
  indicators share one set of ids (the golden thread's), so that a `links:` entry names
  exactly one of them.
- A recommendation or theme is unique within its plan, an action within its recommendation
  or theme. An action's **reference** is its recommendation's id and its own, joined by a dot
  (`R3.b`), or just its own where it already starts with its theme's (`2.1`); from anywhere
  in the workspace it is the plan's id, a colon and that: `pm-audit:R3.b`.
- Leads, owners and deputies are people's ids from the `people` file, never names or job
  titles: `leads: [JP, CMT]`. A single id may stand for a list of one: `leads: JP`.

## Writing values

- Text needs no quotes unless it starts with `[`, `{{`, `*`, `&`, `!`, `%`, `@` or a
  backtick, or holds `: ` or ` #`; then put it in double quotes:
  `title: "Note: 42 officers trained"`. A `#` after a space starts a comment, which YAML
  drops: `pmplan lint` says where that cut a text short.
- Dates are written `YYYY-MM-DD`: `2025-10-21`.
- Numbers are plain: `target: 95`, `actual: 96.1`. `true` and `false` (any case) are the
  only yes/no words; `No` and `Yes` are text.
- A line ending `# pmplan: ignore[rule]` switches that lint rule off for the item it is on.
"""

_STATUSES = """\
## Statuses

An action's `status` is one of these. An action with no status is `not-started`. Reports
rate an action red, amber or green from its status; an open action past its due date is
red, whatever its status says.

| status | reads as | means | RAG |
| --- | --- | --- | --- |
{rows}

Words officers write for a status are errors with a did-you-mean, and `pmplan lint --fix`
writes the status they mean: a status in another case or spacing (`On Track`, `COMPLETE`)
and these:

{synonyms}

A RAG colour written as a status ({rags}) is an error too: the RAG comes from the status, so
write the status.
"""

_PERIODS = """\
## Period keys

An indicator's `values` are keyed by period, in the council's financial year
(`financial_year_start` in `pmplan.yaml`; April unless it says otherwise):

| key | period |
| --- | --- |
| `2025/26 Q2` | a quarter of a financial year: Q1 is its first three months (April to June) |
| `2025/26` | a whole financial year (an annual indicator, or the outturn) |
| `2025-08` | a month (a monthly indicator) |

The second year follows the first: `2025/26`, never `2025/27`. Each value holds a `target`,
an `actual`, a `note` and, for a qualitative indicator, its own `rag`:

```yaml
values:
  2025/26 Q1: {target: 56.5, actual: 56.6}
  2025/26 Q2: {target: 56.8, actual: 56.1, note: Reminder run held back two weeks}
```

An indicator is green when it meets its target, amber when it misses by no more than the
tolerance (a percentage of the target: the indicator's own `tolerance`, else `rag.tolerance`
in `pmplan.yaml`), and red beyond that; `polarity: lower` turns "meets" around.
"""

_TIMESCALES = """\
## Timescales

An action's `timescale` keeps the words the committee approved (`Oct 24`, `Sep 25 – Mar 26`,
`2026/27`, `Q3 2025/26`, `Ongoing`, `As for R4.a`); pmplan reads a due date from them the
way councils write them, and never guesses one from words it cannot read. A date that does
not exist (`31/02/2026`) is an error. [timescales.md](timescales.md) says how each form is
read. `due: YYYY-MM-DD` sets a due date outright, whatever the timescale says.
"""

_CONFIG = """\
## pmplan.yaml

The workspace's settings, at its root. Every setting has a default, so an empty
`pmplan.yaml` is a workspace too. `pmplan init` writes one with the usual settings.

```yaml
{example}```
"""

_TEMPLATES = """\
### Report templates

`pmplan report` lays out one view of the plans in three formats: Markdown (`report.md.j2`)
and HTML (`report.html.j2`) through Jinja templates, and Word (`report.docx`, a document
whose styles, headers and footers the report takes). To use the council's own, put a file
of that name in the folder `templates:` names; each replaces the built-in one of its name,
and a Jinja template may start `{% extends "builtin/report.md.j2" %}` to change one block
of the built-in page. `pmplan report --template PATH` uses a file for one report.
"""

_SCHEMA = """\
## In an editor

`pmplan schema -o pmplan.workspace.schema.json` writes this format as a JSON Schema (plan
files and `pmplan.yaml` alike). `pmplan init` writes it with a `.vscode/settings.json` that
gives it to VS Code's YAML extension, which then completes field names and underlines
mistakes as you type.
"""


def format_markdown() -> str:
    """The whole of docs/format.md."""
    from pmplan.workspace.scaffold import files_for

    example = files_for("Example District Council", _EXAMPLE_DAY)
    kinds_rows = "\n".join(
        f"| [`{kind}`](#kind-{kind}) | {_first_line(model)} |" for kind, model in KINDS.items()
    )
    parts = [_INTRO.format(kinds=kinds_rows, id_rule=ID_RULE.removeprefix("ids are "))]
    documented: set[type] = set()
    for kind, model in KINDS.items():
        parts.append(_kind_section(kind, model, example, documented))
    parts += [_statuses(), _PERIODS, _TIMESCALES]
    parts.append(_CONFIG.format(example=example["pmplan.yaml"]))
    parts.append(_fields_table(WorkspaceConfig, level=3, title="Settings", documented=documented))
    for model in _nested(WorkspaceConfig):
        if model not in documented:
            parts.append(_fields_table(model, level=3, title=None, documented=documented))
    parts += [_TEMPLATES, _SCHEMA]
    return "\n".join(part.rstrip("\n") + "\n" for part in parts)


def _first_line(model: type) -> str:
    doc = (model.__doc__ or "").strip()
    return " ".join(doc.split("\n\n")[0].split()) if doc else ""


def _kind_section(kind: str, model: type, example: dict[str, str], documented: set[type]) -> str:
    lines = [f"## kind: {kind}", ""]
    if _first_line(model):
        lines += [_text(_first_line(model)), ""]
    sample = next(
        (text for name, text in example.items() if name.startswith("plans/") and f"kind: {kind}\n" in text),
        None,
    )
    if sample is not None:
        lines += ["```yaml", sample.rstrip("\n"), "```", ""]
    lines.append(_fields_table(model, level=3, title="Fields", documented=documented))
    for inner in _nested(model):
        if inner not in documented:
            lines.append(_fields_table(inner, level=3, title=None, documented=documented))
    return "\n".join(lines)


def _nested(model: type) -> list[type]:
    """The models inside ``model``'s fields, depth first, each once."""
    found: list[type] = []

    def visit(current: type) -> None:
        for hint in _hints(current).values():
            for inner in _models_in(hint):
                if inner not in found and inner is not model:
                    found.append(inner)
                    visit(inner)

    visit(model)
    return found


def _hints(model: type) -> dict[str, Any]:
    hints = typing.get_type_hints(model, include_extras=True, localns=vars(models))
    fields = getattr(model, "__pydantic_fields__", {})
    return {name: hints[name] for name in fields if name != "pos" and name in hints}


def _models_in(hint: Any) -> list[type]:
    if isinstance(hint, type) and getattr(hint, "__pydantic_fields__", None) is not None:
        return [hint]
    return [m for arg in typing.get_args(hint) for m in _models_in(arg)]


def _title(model: type) -> str:
    name = model.__name__
    words = "".join(f" {c}" if c.isupper() and i else c for i, c in enumerate(name)).split()
    title = " ".join([words[0], *(w.lower() for w in words[1:])])
    return title.replace("Rag ", "RAG ")


def _anchor(model: type) -> str:
    return _title(model).lower().replace(" ", "-")


def _fields_table(model: type, level: int, title: str | None, documented: set[type]) -> str:
    documented.add(model)
    heading = "#" * level + " " + (title or _title(model))
    lines = [heading, ""]
    if title is None and _first_line(model):
        lines += [_text(_first_line(model)), ""]
    lines += ["| field | type | default | meaning |", "| --- | --- | --- | --- |"]
    fields = model.__pydantic_fields__  # type: ignore[attr-defined]
    hints = _hints(model)
    for name, info in fields.items():
        if name == "pos":
            continue
        shown = info.alias if info.alias and not info.alias.startswith("__") else name
        meaning = _text(" ".join((info.description or "").split()))
        lines.append(f"| `{shown}` | {_type(hints[name])} | {_default(info)} | {meaning} |")
    return "\n".join(lines) + "\n"


def _text(doc: str) -> str:
    """A docstring's words for a Markdown table cell."""
    return doc.replace("``", "`").replace("|", "\\|")


def _default(info: Any) -> str:
    if info.default_factory is not None:
        value = info.default_factory()
        if isinstance(value, list | dict) and not value:
            return "none"
        return "see below"
    if info.default is PydanticUndefined:
        return "**required**"
    if info.default is None:
        return ""
    if isinstance(info.default, bool):
        return f"`{str(info.default).lower()}`"
    return f"`{info.default}`"


def _type(hint: Any) -> str:
    for named, words in _NAMED:
        if hint == named:
            return words
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is typing.Annotated:
        return _type(args[0])
    if origin in (typing.Union, types.UnionType):
        shown = [_type(a) for a in args if a is not type(None)]
        return " or ".join(shown)
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{a}`" for a in args)
    if origin is list:
        return f"list of {_plural(_type(args[0]))}"
    if origin is dict:
        return f"{_type(args[0])} → {_type(args[1])}"
    if hint is Status:
        return "[status](#statuses)"
    if isinstance(hint, type) and getattr(hint, "__pydantic_fields__", None) is not None:
        return f"[{_title(hint).lower()}](#{_anchor(hint)})"
    simple = {
        str: "text",
        int: "whole number",
        float: "number",
        bool: "`true` or `false`",
        date: "date (YYYY-MM-DD)",
    }
    return simple.get(hint, str(hint))


def _plural(words: str) -> str:
    if words.startswith("["):
        label, _, rest = words[1:].partition("]")
        return f"[{_plural_word(label)}]{rest}"
    if words.startswith("month"):
        return "months" + words[5:]
    return {"id": "ids", "text": "texts"}.get(words, words)


def _plural_word(word: str) -> str:
    if word.endswith("person"):
        return word[:-6] + "people"
    if word.endswith("y"):
        return word[:-1] + "ies"
    return word if word.endswith("s") else word + "s"


def _statuses() -> str:
    rows = "\n".join(
        f"| `{s.value}` | {s.label} | {s.meaning} | {s.rag or 'none'}{' (closed)' if s.closed else ''} |"
        for s in Status
    )
    by_status: dict[Status, list[str]] = {}
    for word, status in STATUS_SYNONYMS.items():
        by_status.setdefault(status, []).append(word)
    synonyms = "\n".join(
        f"- `{status.value}`: {', '.join(f'`{w}`' for w in words)}" for status, words in by_status.items()
    )
    rags = ", ".join(f"`{w}`" for w in sorted(RAG_WORDS) if len(w) > 1)
    return _STATUSES.format(rows=rows, synonyms=synonyms, rags=rags)
