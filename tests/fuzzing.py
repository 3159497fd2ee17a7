"""The fuzzer: a small workspace, ways to break it, and every stage of pmplan run on the result.

:data:`SEED` is a workspace with one file of every kind. :func:`mutated` is a hypothesis
strategy that breaks it in the ways real files break, and the ways an attacker would: values
replaced by hostile ones (years 0 and 9999, ``nan``, control characters, formulas, YAML
syntax, huge numbers, long text), lines deleted, doubled, swapped or re-indented, bytes
flipped, whole files replaced by broken or hostile YAML.

:func:`exercise` runs what a user can run on a workspace, in this process (fast): load, lint
and its three formats, the report (Markdown, HTML, and sometimes Word), export (JSON, CSV,
SQLite, and sometimes Excel), list, show, thread, the calendar grid and ``.ics``, and a diff
against the seed. A :class:`~pmplan.errors.PmplanError` is a refusal the user is told about;
any other exception is a crash. The outputs are checked as their readers would: JSON is strict
JSON, no file holds a control character, no terminal text holds an escape.

:func:`exercise_cli` runs a sample through the command line itself, and
:func:`exercise_import` runs mutated CSV, Excel and Word documents through ``pmplan import``.
"""

from __future__ import annotations

import functools
import io
import json
import re
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

from pmplan.characters import CONTROL, yaml_quoted
from pmplan.errors import PmplanError

AS_OF = date(2025, 11, 20)
ROOT = Path("/fuzz/workspace")

CONFIG = """\
organisation: Fuzz District Council
plans: plans
financial_year_start: 4
stale_after_days: 100
rag:
  tolerance: 5
report:
  committee: Scrutiny
  summary: The quarter's progress.
  implications:
    Financial: None.
"""

PEOPLE = """\
kind: people
people:
  - id: JP
    name: Jo Price
    title: Policy Officer
    email: jo@example.org
  - id: HB
    name: Hal Brook
  - id: CMT
    name: Corporate Management Team
    type: group
"""

FRAMEWORK = """\
kind: framework
vision: A good place to live
priorities:
  - id: P1
    title: Growth
    lead: JP
    outcomes:
      - id: P1.1
        title: Good local jobs
  - id: P2
    title: Homes
"""

INDICATORS = """\
kind: indicators
indicators:
  - id: LPI-01
    title: Residents in work
    owner: JP
    deputy: HB
    unit: "%"
    polarity: higher
    tolerance: 5
    links: [P1.1]
    values:
      2024/25 Q2: {target: 70, actual: 68}
      2025/26 Q1: {target: 70, actual: 71, note: Up}
      2025/26 Q2: {target: 70, actual: 64.5}
  - id: LPI-02
    title: Waste per household
    owner: HB
    deputy: JP
    unit: kg
    polarity: lower
    frequency: monthly
    cumulative: true
    values:
      2025-07: {target: 40, actual: 41}
      2025-08: {target: 80, actual: 79}
  - id: QI-01
    title: Town centre health
    type: qualitative
    owner: JP
    deputy: HB
    frequency: annual
    values:
      2024/25: {rag: amber, note: Mixed}
"""

CALENDAR = """\
kind: calendar
reports:
  - id: qpr
    title: Quarterly performance report
    to: [Cabinet, Scrutiny]
    owner: JP
    months: [Feb, May, Aug, Nov]
    meetings:
      - {date: 2025-09-17, reports_on: 2025/26 Q1}
      - {reports_on: 2025/26 Q2, committee: Cabinet}
  - id: budget
    title: Budget consultation
    to: [Residents]
    spans:
      - {from: 2025-09, to: 2025-10}
  - id: bulletin
    title: Members' bulletin
    every: month
"""

GLOSSARY = """\
kind: glossary
terms:
  CMT: Corporate Management Team
  PI: Performance Indicator
"""

PLAN = """\
kind: action-plan
id: pm
title: Performance Management Action Plan
source: Auditor's review, 2024
approved: {by: Audit Committee, date: 2024-03-19}
owner: JP
links: [P1]
recommendations:
  - id: R1
    title: Link priorities to service plans
    response: Agreed.
    leads: [HB]
    updates:
      - date: 2025-10-01
        text: Recommendation on track.
    actions:
      - id: a
        title: Align outcomes with the CMT
        how: Workshops
        leads: [JP, CMT]
        timescale: Sep 25 – Mar 26
        baseline: Dec 25
        priority: high
        status: at-risk
        next: Report to CMT
        links: [P1.1, LPI-01]
        updates:
          - date: 2025-08-01
            text: Mapping started.
          - date: 2025-11-01
            text: Mapping under way.
            by: JP
      - id: b
        title: Brief Members
        timescale: Q3 2025/26
        due: 2025-12-15
        status: delayed
      - id: c
        title: Keep procedures current
        leads: JP
        timescale: Ongoing
        see: [R1.a]
  - id: R2
    title: Train managers
    actions:
      - id: a
        title: Run the course
        leads: [HB, JP]
        timescale: As for R1.a
        status: complete
        updates:
          - {date: 2025-03-28, text: All managers trained.}
"""

THEMES = """\
kind: action-plan
id: strategy
title: Strategy implementation plan
themes:
  - id: "1"
    title: Culture
    actions:
      - id: "1.1"
        title: Service standards
        leads: [HB]
        timescale: End July 2026
        status: not-started
      - id: "1.2"
        title: Monthly sessions
        leads: [CMT]
        timescale: At least monthly
        status: on-track
"""

SEED: dict[str, str] = {
    "pmplan.yaml": CONFIG,
    "plans/people.yaml": PEOPLE,
    "plans/framework.yaml": FRAMEWORK,
    "plans/indicators.yaml": INDICATORS,
    "plans/calendar.yaml": CALENDAR,
    "plans/glossary.yaml": GLOSSARY,
    "plans/pm.yaml": PLAN,
    "plans/strategy.yaml": THEMES,
}

# --- hostile values ---------------------------------------------------------------------------

HOSTILE = [
    # years outside the calendar pmplan reads
    "0000/01 Q1", "9999/00 Q4", "1899/00", "2100/01 Q4", "2101/02", "0000-01", "9999-12",
    "0001-01-01", "9999-12-31", "1900-01-01", "2100-12-31", "2025-02-30", "2025-13-01",
    "Dec 2150", "Q4 2099/00", "2099-2109", "31/02/2011", "1/1/1", "9999", "0", "-1",
    # numbers that are not numbers, or too big
    "nan", ".nan", "NaN", "inf", "-inf", ".inf", "-.Inf", "1e400", "-1e400", "1e-400", "9" * 400,
    "0x10", "1_000", "1,5", "-0", "99999999999999999999", "3.",
    # control characters (YAML escapes in double quotes)
    '"\\e[2J\\e]0;pwned\\a"', '"\\x00"', '"\\x7f\\x85\\x9b"', '"\\u2028\\u2029"', '"\\r"',
    '"\\b\\f\\v"', '"tab\\there"', '"\\ufeff"', '"\\U0001F680"', '"\\u202e gnirts"',
    # formulas
    '"=HYPERLINK(""http://evil.example"",""click"")"', "=1+2", "'+1'", "'-1'", "'@SUM(A1)'",
    '"\\t=1"', '"\\r=1"',
    # YAML structure where a scalar was
    "[]", "{}", "[a, b]", "{a: 1}", "null", "~", "true", "false", "yes", "No", "''", '""',
    "!!python/object/apply:os.system [id]", "!!binary aGVsbG8=", "!!float nan", "!!int 12",
    "&anchor x", "*nowhere", "|", ">", "- x", "? x", "%YAML 1.1", "---", "...",
    "'unterminated", '"unterminated', "{unterminated", "[unterminated", "a: b: c", "@x", "`x`",
    # references and words pmplan reads
    "pm:R1.a", "R1.a", "P1", "LPI-01", "../../etc/passwd", "/etc/passwd", "C:\\\\Windows",
    "done", "complete", "at-risk", "Feb", "Feburary", "13", "month", "quarterly", "higher",
    "As for R9.z", "From 1 April 2007", "TBC", "Ongoing", "Sep 09 – Feb 10", "2025/26",
    "2025/26 Q2", "2025-08", "Q5 2025/26",
    # text
    "ŵ ŷ ẅ", "🚀" * 50, "a" * 5000, "x " * 3000, "<script>alert(1)</script>", "{{ 7 * 7 }}",
    "{% raw %}", "# not a comment", "%s%s%n", "\\\\", "${HOME}", "$(id)",
]  # fmt: skip

WHOLE_FILES = [
    "",
    "\n\n",
    "kind: action-plan\n",
    "kind: nothing\n",
    "[1, 2\n",
    "kind: people\npeople: 3\n",
    "kind: people\n---\nkind: people\n",
    "\ufeffkind: glossary\nterms: {A: B}\n",
    "kind: glossary\r\nterms:\r\n  A: B\r\n",
    "a: &a [x, x, x, x]\nb: &b [*a, *a, *a, *a]\nc: &c [*b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c]\n",
    "kind: glossary\nterms: " + "[" * 200 + "]" * 200 + "\n",
    "kind: glossary\nterms:\n  A: B\n  A: C\n",
    "kind: people\npeople:\n  - <<: {id: X, name: Y}\n",
    "kind: !!python/name:os.system\n",
]


def _hostile_text() -> st.SearchStrategy[str]:
    """Random text, control characters and all, written so that YAML reads it back."""
    return st.text(max_size=40).map(yaml_quoted)


SCALARS = st.one_of(st.sampled_from(HOSTILE), _hostile_text())
_KEY_LINE = re.compile(r"^(\s*(?:- )?)([\w\"' ./-]+):( .*)?$")
_KEYS = [
    "id", "title", "kind", "leads", "lead", "timescale", "due", "status", "date", "text", "by",
    "target", "actual", "rag", "note", "values", "months", "every", "to", "owner", "deputy",
    "polarity", "frequency", "tolerance", "links", "see", "baseline", "priority", "meetings",
    "reports_on", "spans", "from", "year", "type", "unit", "cumulative", "approved", "themes",
    "recommendations", "actions", "updates", "people", "terms", "2025/26 Q2", "9999/00 Q4",
    "0000-01", "plans", "financial_year_start", "stale_after_days", "templates", "lint", "ignore",
    "severity",
]  # fmt: skip


# --- mutations ---------------------------------------------------------------------------------

# Values that fit where they go well enough to pass the parser, and then test what follows.
POOLS: dict[str, list[str]] = {
    "date": ["0001-01-01", "9999-12-31", "1899-12-31", "1900-01-01", "2100-12-31", "2101-01-01",
             "2025-02-29", "2024-02-29", "2025-11-20", "2025-11-21", "2026-12-31", "1970-01-01"],
    "period": ["0000/01 Q1", "9999/00 Q4", "1899/00", "1900/01", "2100/01 Q4", "2101/02", "0000-01",
               "9999-12", "2100-12", "2025/26 Q5", "2025/27", "2025/2026 Q1", "2025-00", "2025/26 q2"],
    "number": ["nan", "NaN", "inf", "-inf", "Infinity", "1e400", "-1e400", "1e-400", "9" * 400, "-0",
               "1e308", "-1e308", "0", "0.0", "1e-30", "100", "101", "-5", "1_0", "0x1F"],
    "timescale": ["Dec 2150", "Q4 2099/00", "2099-2109", "31/02/2011", "1/1/1", "As for R9.z", "As for pm:R1.a",
                  "See R1.c", "From 1 April 2007", "after March 2099", "Winter 2099", "2099/00", "TBC", ""],
    "id": ["R1.a", "pm:R1.a", "P1", "P1.1", "LPI-01", "JP", "ZZ", "../x", "a b", "1.10", "-x", "x" * 41, ""],
    "month": ["Feb", "feb", "February", "13", "0", "2025-13", "9999-12", "0000-01", "Sept", ""],
    "word": ["done", "complete", "at-risk", "month", "higher", "lower", "monthly", "annual", "qualitative",
             "red", "green", "person", "group", "high", "x"],
}  # fmt: skip
_FIELD_POOL = {
    "date": "date", "due": "date", "reports_on": "period", "year": "period", "target": "number",
    "actual": "number", "tolerance": "number", "stale_after_days": "number", "financial_year_start": "number",
    "timescale": "timescale", "baseline": "timescale", "id": "id", "leads": "id", "lead": "id", "owner": "id",
    "deputy": "id", "links": "id", "see": "id", "by": "id", "from": "month", "months": "month",
    "status": "word", "polarity": "word", "frequency": "word", "type": "word", "rag": "word", "priority": "word",
    "every": "word",
}  # fmt: skip
_TEXTS = [
    h for h in HOSTILE if not h.startswith(("!", "&", "*", "|", ">", "%", "-", "?", "[", "{", "'", '"'))
]
_SHAPES: list[Any] = [None, True, [], {}, ["a", "b"], {"a": "b"}, 7, "x"]


def _nodes(value: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path into ``value``: to each mapping value, list item and (as ``("key", k)``) key."""
    found = [path] if path else []
    if isinstance(value, dict):
        for key, item in value.items():
            found.append((*path, ("key", key)))
            found += _nodes(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            found += _nodes(item, (*path, index))
    return found


def _kind_of(path: tuple[Any, ...]) -> str:
    """What sort of value ``path`` leads to: a pool's name, ``period key``, ``key`` or ``text``."""
    last = path[-1]
    if isinstance(last, tuple):
        return "period key" if len(path) > 1 and path[-2] == "values" else "key"
    field = next((p for p in reversed(path) if isinstance(p, str)), "")
    return _FIELD_POOL.get(field, "text")


@st.composite
def _data_mutation(draw: st.DrawFn, files: dict[str, str]) -> None:
    """Replace one value (or key) with one chosen for the field it is in: first a sort of value
    (a date, a period key, a number, a timescale...), then one of them in any file."""
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    found: dict[str, list[tuple[str, tuple[Any, ...]]]] = {}
    datas: dict[str, Any] = {}
    for name in sorted(files):
        try:
            datas[name] = yaml.load(files[name], Loader=loader)
        except (yaml.YAMLError, ValueError):  # ValueError: PyYAML reading 2025-02-30 as a date
            continue
        for path in _nodes(datas[name]):
            found.setdefault(_kind_of(path), []).append((name, path))
    if not found:
        return
    name, path = draw(st.sampled_from(found[draw(st.sampled_from(sorted(found)))]))
    data = datas[name]
    *parents, last = path
    container = data
    for step in parents:
        container = container[step]
    kind = _kind_of(path)
    if isinstance(last, tuple):  # a key: a period key among indicator values, else any key
        pool = POOLS["period"] if kind == "period key" else _KEYS
        new_key = draw(st.one_of(st.sampled_from(pool), st.sampled_from(_TEXTS[:20])))
        if new_key not in container:
            container[new_key] = container.pop(last[1])
    else:
        choice = draw(st.integers(0, 9))
        pool = POOLS.get(kind, _TEXTS)
        if choice < 6:
            container[last] = draw(st.sampled_from(pool))
        elif choice < 8:
            container[last] = draw(st.text(max_size=30))
        else:
            container[last] = draw(st.sampled_from(_SHAPES))
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    files[name] = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000)


@st.composite
def _mutation(draw: st.DrawFn, files: dict[str, str]) -> None:
    names = sorted(files)
    name = draw(st.sampled_from(names + [n for n in names if n != "pmplan.yaml"]))  # settings less often
    text = files[name]
    lines = text.split("\n")
    at = draw(st.integers(0, max(0, len(lines) - 1)))
    kind = draw(
        st.sampled_from(
            [
                "value",
                "value",
                "value",
                "key",
                "insert",
                "delete",
                "duplicate",
                "swap",
                "indent",
                "bytes",
                "whole",
            ]
        )
    )
    if kind == "value":
        match = _KEY_LINE.match(lines[at])
        scalar = draw(SCALARS)
        if match:
            lines[at] = f"{match.group(1)}{match.group(2)}: {scalar}"
        else:
            lines[at] = lines[at] + " " + scalar
    elif kind == "key":
        match = _KEY_LINE.match(lines[at])
        key = draw(st.one_of(st.sampled_from(_KEYS), st.sampled_from(HOSTILE)))
        if match:
            lines[at] = f"{match.group(1)}{key}:{match.group(3) or ''}"
    elif kind == "insert":
        indent = re.match(r"\s*", lines[at]).group()  # type: ignore[union-attr]
        lines.insert(at, f"{indent}{draw(st.sampled_from(_KEYS))}: {draw(SCALARS)}")
    elif kind == "delete":
        del lines[at]
    elif kind == "duplicate":
        lines.insert(at, lines[at])
    elif kind == "swap":
        other = draw(st.integers(0, max(0, len(lines) - 1)))
        lines[at], lines[other] = lines[other], lines[at]
    elif kind == "indent":
        lines[at] = draw(st.sampled_from(["", " ", "  ", "\t", "      "])) + lines[at].lstrip()
    elif kind == "bytes":
        joined = "\n".join(lines)
        where = draw(st.integers(0, len(joined)))
        cut = draw(st.integers(0, 8))
        joined = joined[:where] + draw(st.text(max_size=4)) + joined[where + cut :]
        lines = joined.split("\n")
    else:
        lines = draw(st.sampled_from(WHOLE_FILES)).split("\n")
    files[name] = "\n".join(lines)


@st.composite
def mutated(draw: st.DrawFn, max_mutations: int = 4) -> dict[str, bytes]:
    """The seed workspace with one to ``max_mutations`` mutations, as {path: bytes}."""
    files = dict(SEED)
    for _ in range(draw(st.integers(1, max_mutations))):
        if draw(st.integers(0, 9)) < 7:
            draw(_data_mutation(files))
        else:
            draw(_mutation(files))
    return {name: text.encode("utf-8", "surrogatepass") for name, text in files.items()}


# --- running everything --------------------------------------------------------------------------


class Crash(AssertionError):
    """pmplan failed in a way a user must never see."""


@dataclass
class Case:
    """What one run did: which stages ran, and which refused (with a user-facing message)."""

    refused: list[str]
    ran: list[str]


class _Stage:
    """Run a stage: a PmplanError is a refusal, anything else a Crash naming the stage."""

    def __init__(self, case: Case, name: str):
        self.case, self.name = case, name

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> bool:
        if exc is None:
            self.case.ran.append(self.name)
            return False
        if isinstance(exc, PmplanError) and "internal error" not in str(exc):
            self.case.refused.append(f"{self.name}: {exc}")
            return True
        if isinstance(exc, Crash):
            return False
        raise Crash(f"{self.name} crashed with {type(exc).__name__}: {exc}") from exc


def _check_no_controls(what: str, text: str) -> None:
    text = text.replace("\r\n", "\n")
    if found := CONTROL.search(text):
        raise Crash(f"{what} holds the control character {found.group()!r}: {text[:200]!r}")


def _check_terminal(what: str, text: str) -> None:
    if found := re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", text.replace("\r\n", "\n")):
        raise Crash(f"{what} sends {found.group()!r} to the terminal")


def _strict_json(what: str, text: str) -> Any:
    def refuse(word: str) -> None:
        raise Crash(f"{what} is not JSON: it holds {word}")

    try:
        return json.loads(text, parse_constant=refuse)
    except ValueError as exc:
        raise Crash(f"{what} is not JSON: {exc}") from exc


def _console(out: io.StringIO) -> Any:
    from rich.console import Console

    return Console(file=out, width=100, no_color=True, highlight=False, emoji=False)


def exercise(files: dict[str, bytes], tmp: Path, *, heavy: bool = False, sample: int | None = None) -> Case:
    """Run every stage on the workspace ``files`` ({path: bytes}); raise Crash on a crash.

    ``heavy`` adds the Word report and the Excel and SQLite exports (a few times slower);
    ``sample`` picks which of the slow terminal views to draw (None: all of them)."""
    from pmplan.changes.diff import diff_workspaces
    from pmplan.changes.formats import FORMATS as DIFF_FORMATS
    from pmplan.lint.formats import to_github, to_json, to_text
    from pmplan.lint.run import LintOptions, lint
    from pmplan.workspace.config import CONFIG_NAME, config_from_bytes
    from pmplan.workspace.index import build
    from pmplan.workspace.loader import load_texts

    case = Case([], [])
    with _Stage(case, "config"):
        config = config_from_bytes(files.get(CONFIG_NAME), CONFIG_NAME)
    if "config" not in case.ran:
        return case
    plans = {k: v for k, v in files.items() if k != CONFIG_NAME}
    ws = None
    with _Stage(case, "load"):
        ws = build(ROOT, config, load_texts(ROOT, plans))
    if ws is None:
        return case
    with _Stage(case, "lint"):
        findings = lint(ws, LintOptions(AS_OF))
        text, js, github = io.StringIO(), io.StringIO(), io.StringIO()
        to_text(findings, text, len(ws.files), False)
        to_json(findings, js)
        to_github(findings, github)
        _strict_json("lint --format json", js.getvalue())
        _check_terminal("lint", text.getvalue())
        _check_terminal("lint --format github", github.getvalue())
    _report(case, ws, tmp, heavy)
    _export(case, ws, tmp, heavy)
    _browse(case, ws, sample)
    with _Stage(case, "diff"):
        base = build(
            ROOT, config_from_bytes(SEED[CONFIG_NAME].encode(), CONFIG_NAME), load_texts(ROOT, _seed_plans())
        )
        from pmplan.changes.diff import DiffResult

        result = DiffResult("HEAD", None, diff_workspaces(base, ws))
        for fmt, formatter in DIFF_FORMATS.items():
            text = formatter(result)
            if fmt == "json":
                _strict_json("diff --format json", text)
    return case


def _seed_plans() -> dict[str, bytes]:
    return {k: v.encode() for k, v in SEED.items() if k != "pmplan.yaml"}


def _report(case: Case, ws: Any, tmp: Path, heavy: bool) -> None:
    from pmplan.report import build_report, render_html, render_markdown

    view = None
    with _Stage(case, "report view"):
        period = ws.config.financial_year.resolve("q2", None, AS_OF)
        view = build_report(ws, period, AS_OF, None)
    if view is None:
        return
    with _Stage(case, "report md"):
        _check_no_controls("report.md", render_markdown(view))
    with _Stage(case, "report html"):
        _check_no_controls("report.html", render_html(view))
    if heavy:
        with _Stage(case, "report docx"):
            import zipfile

            from pmplan.report.docx.document import render_docx

            data = render_docx(view, None, None)
            with zipfile.ZipFile(io.BytesIO(data)) as docx:
                _check_no_controls("report.docx", docx.read("word/document.xml").decode("utf-8"))


def _export(case: Case, ws: Any, tmp: Path, heavy: bool) -> None:
    from pmplan.exchange import export as exporting

    data = None
    with _Stage(case, "export collect"):
        data = exporting.collect(ws, AS_OF)
    if data is None:
        return
    with _Stage(case, "export json"):
        text = exporting.json_text(data, "all")
        _check_no_controls("export.json", json.dumps(_strict_json("export.json", text), ensure_ascii=False))
    with _Stage(case, "export csv"):
        for _, columns, rows in exporting.tables(data, "all"):
            _check_no_formulas_csv(exporting.csv_text(columns, rows))
    if heavy:
        with _Stage(case, "export sqlite"):
            exporting.write_sqlite(data, tmp / "export.sqlite", "all")
        with _Stage(case, "export xlsx"):
            exporting.write_xlsx(data, tmp / "export.xlsx", "all")
            _check_no_formulas_xlsx(tmp / "export.xlsx")


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _check_no_formulas_csv(text: str) -> None:
    """No cell a spreadsheet would take for a formula (a number such as -5 is a number)."""
    import csv

    for row in csv.reader(io.StringIO(text)):
        for cell in row:
            if cell.startswith(_FORMULA_STARTS):
                try:
                    float(cell)
                except ValueError:
                    raise Crash(f"the CSV export holds a formula: {cell[:80]!r}") from None


def _check_no_formulas_xlsx(path: Path) -> None:
    """No formula cell in a workbook pmplan wrote, and nothing XML cannot hold."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    raise Crash(f"the Excel export holds a formula cell: {cell.coordinate} {cell.value!r}")
                if isinstance(cell.value, str):  # a carriage return is a line break in a cell
                    _check_no_controls(
                        f"the Excel export's {cell.coordinate}", cell.value.replace("\r", "\n")
                    )


def _browse(case: Case, ws: Any, sample: int | None) -> None:
    """list always; show, thread and the calendar (slow to draw) for one case in three, in turn,
    or all of them when ``sample`` is None."""
    from pmplan.browse.listing import ActionFilter, action_records
    from pmplan.browse.show import render_item, thread_tree
    from pmplan.indicators.records import indicator_records

    def turn(n: int) -> bool:
        return sample is None or sample % 3 == n

    with _Stage(case, "list"):
        action_records(ws, ActionFilter(AS_OF))
        indicator_records(ws, None)
    out = io.StringIO()
    console = _console(out)
    if turn(0):
        with _Stage(case, "show"):
            kinds = [ws.actions, ws.groups, ws.indicators, ws.people, ws.priorities]
            chosen = kinds if sample is None else [kinds[(sample // 3) % len(kinds)]]
            for index in chosen:
                for ref in list(index)[:1]:
                    console.print(render_item(ws, ref, AS_OF))
    if turn(1):
        with _Stage(case, "thread"):
            console.print(thread_tree(ws, None, AS_OF))
    _check_terminal("show and thread", out.getvalue())
    if turn(2):
        with _Stage(case, "calendar"):
            from pmplan.browse import calendar_grid as shown
            from pmplan.calendar.schedule import parse_day_rule
            from pmplan.calendar.timetable import Timetable
            from pmplan.exchange.ics import ics_bytes

            timetable = Timetable(ws)
            if timetable:
                rule = parse_day_rule("last-working-day")
                start = ws.config.financial_year.start_year_of(AS_OF)
                entries = timetable.year(start, rule)
                grid = io.StringIO()
                _console(grid).print(shown.grid(ws, timetable, start, AS_OF, rule))
                _check_terminal("calendar", grid.getvalue())
                ics = ics_bytes(ws, entries, AS_OF, ws.config.financial_year.label(start), rule).decode(
                    "utf-8"
                )
                _check_no_controls("calendar.ics", ics.replace("\r\n ", "").replace("\r\n", "\n"))


# --- the command line, for a sample -----------------------------------------------------------------

CLI_COMMANDS = [
    ("lint",),
    ("list",),
    ("list", "indicators"),
    ("thread",),
    ("calendar",),
    ("report", "q2"),
    ("report", "q2", "--format", "html", "-o", "{tmp}/r.html"),
    ("export", "--format", "json", "-o", "{tmp}/e.json"),
    ("show", "pm:R1.a"),
]


@functools.lru_cache(maxsize=1)
def _command() -> Any:
    from typer.main import get_command

    from pmplan.cli import app

    return get_command(app)


def invoke(args: list[str]) -> Any:
    """Run ``pmplan ARGS`` in this process, as ``plan_fixtures.invoke`` does, but with the
    command tree built once (typer builds it again on every call, a quarter of a second)."""
    import typer.testing

    from pmplan.cli import app

    original = typer.testing._get_command
    typer.testing._get_command = lambda _: _command()
    try:
        return typer.testing.CliRunner().invoke(app, args, catch_exceptions=False)
    finally:
        typer.testing._get_command = original


def write_workspace(files: dict[str, bytes], root: Path) -> Path:
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def exercise_cli(files: dict[str, bytes], tmp: Path) -> None:
    """Run the commands of :data:`CLI_COMMANDS` in this process on the workspace written to
    ``tmp``: exit 0, 1 or 2 with no traceback and no terminal escape."""
    from typer.testing import CliRunner

    from pmplan.cli import app

    root = write_workspace(files, tmp / "ws")
    runner = CliRunner()
    for command in CLI_COMMANDS:
        args = [a.format(tmp=tmp) for a in command]
        try:
            result = runner.invoke(
                app, [*args, "-w", str(root), "--as-of", AS_OF.isoformat()], catch_exceptions=False
            )
        except Exception as exc:
            raise Crash(f"pmplan {' '.join(args)} crashed with {type(exc).__name__}: {exc}") from exc
        if result.exit_code not in (0, 1, 2):
            raise Crash(f"pmplan {' '.join(args)} exited {result.exit_code}")
        _check_terminal(f"pmplan {' '.join(args)}", result.stdout + result.stderr)


@st.composite
def update_args(draw: st.DrawFn) -> list[str]:
    """``pmplan update`` arguments: a reference and hostile values for what it changes."""
    text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=40).filter(lambda t: "\x00" not in t))
    args = [
        draw(st.sampled_from(["pm:R1.a", "pm:R1.b", "pm:R2.a", "R1.c", "strategy:1.1", "pm:R1", "LPI-01"]))
    ]
    if draw(st.booleans()):
        args += [
            "--note",
            draw(text),
            "--date",
            draw(st.sampled_from(["2025-11-01", "2025-11-20", *POOLS["date"]])),
        ]
    if draw(st.booleans()):
        args += ["--status", draw(st.sampled_from(["complete", "at-risk", "done", *HOSTILE[:5]]))]
    if draw(st.booleans()):
        args += ["--timescale", draw(st.one_of(st.sampled_from(POOLS["timescale"]), text))]
    if draw(st.booleans()):
        args += ["--lead", draw(st.sampled_from(["JP", "HB", "ZZ", "x y", *POOLS["id"]]))]
    return args


def exercise_update(files: dict[str, bytes], args: list[str], tmp: Path) -> None:
    """``pmplan update`` on the workspace: a refusal leaves every file as it was; a success
    leaves a workspace that loads, with the note written as given."""
    from pmplan.workspace.index import load_workspace

    root = write_workspace(files, tmp / "ws")
    before = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    try:
        invalid_before = {f.rel for f in load_workspace(root).files if f.model is None}
    except PmplanError:  # a broken pmplan.yaml: update must refuse too
        invalid_before = set()
    command = ["update", *args, "-w", str(root), "--as-of", AS_OF.isoformat()]
    try:
        result = invoke(command)
    except Exception as exc:
        raise Crash(f"pmplan {' '.join(command)} crashed with {type(exc).__name__}: {exc}") from exc
    _check_terminal("pmplan update", result.stdout + result.stderr)
    after = {p: p.read_bytes() for p in root.rglob("*.yaml")}
    if result.exit_code != 0:
        if after != before:
            raise Crash(f"pmplan update refused (exit {result.exit_code}) but changed the files")
        return
    ws = load_workspace(root)
    now_invalid = {f.rel for f in ws.files if f.model is None} - invalid_before
    if now_invalid:
        raise Crash(f"pmplan update left {sorted(now_invalid)} unreadable: {result.stdout}")
    if "--note" in args:
        note = args[args.index("--note") + 1]
        texts = [u.text for a in ws.actions.values() for u in a.action.updates]
        texts += [u.text for g in ws.groups.values() for u in g.group.updates]
        if note.strip() and note.strip() not in [t.strip() for t in texts]:
            raise Crash(f"pmplan update said it wrote the note {note!r}, but the plan does not hold it")


# --- quarterly returns ---------------------------------------------------------------------------------


def exercise_returns(files: dict[str, bytes], typed: str, tmp: Path) -> None:
    """The quarter's returns on the workspace: ``returns issue``, an officer typing ``typed``
    as the progress and next step of their first action, ``returns status --remind`` and
    ``returns collect``. Each exits 0, 1 or 2 with no traceback and no terminal escape; the
    workbooks hold no formula cell and nothing XML cannot hold."""
    from openpyxl import load_workbook

    root = write_workspace(files, tmp / "ws")
    out = tmp / "returns"
    common = ["-w", str(root), "--as-of", AS_OF.isoformat()]
    _returns_step(["returns", "issue", "q2", "-o", str(out), *common])
    issued = sorted(out.rglob("*.xlsx"))
    for path in issued:
        _check_no_formulas_xlsx(path)
    if issued:
        book = load_workbook(issued[0])
        sheet = book.worksheets[0]
        for cell in sheet[4]:
            header = sheet.cell(3, cell.column).value
            if header in ("Progress update", "Next step"):
                cell.value = typed
                cell.data_type = "s"  # typed into a text cell: text, even '=...'
        book.save(issued[0])
    _returns_step(
        ["returns", "status", "q2", "--returns", str(out), "--remind", "--from", "A <a@x.example>", *common]
    )
    for draft in out.rglob("*.eml"):
        head = draft.read_bytes().split(b"\r\n\r\n", 1)[0]
        if b"\nBcc:" in head or re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", head):
            raise Crash(f"the reminder {draft.name} carries a header it was not given: {head[:300]!r}")
    if not issued:
        return
    from pmplan.workspace.index import load_workspace

    invalid_before = {f.rel for f in load_workspace(root).files if f.model is None}
    if _returns_step(["returns", "collect", *map(str, issued), *common]) == 0:
        now_invalid = {f.rel for f in load_workspace(root).files if f.model is None} - invalid_before
        if now_invalid:
            raise Crash(f"pmplan returns collect left {sorted(now_invalid)} unreadable")


def _returns_step(command: list[str]) -> int:
    try:
        result = invoke(command)
    except Exception as exc:
        raise Crash(f"pmplan {' '.join(command[:2])} crashed with {type(exc).__name__}: {exc}") from exc
    if result.exit_code not in (0, 1, 2):
        raise Crash(f"pmplan {' '.join(command[:2])} exited {result.exit_code}")
    _check_terminal(f"pmplan {' '.join(command[:2])}", result.stdout + result.stderr)
    return int(result.exit_code)


# --- documents to import ------------------------------------------------------------------------------

HEADER = ["Ref", "Recommendation", "Action", "Lead", "Timescale", "Status", "Progress"]
ROWS = [
    ["1", "Link priorities", "Align outcomes", "Jo Price", "Mar 26", "On track", "Started"],
    ["1b", "", "Brief Members", "HB", "Q3 2025/26", "Complete", "Done in October"],
    ["2", "Train managers", "Run the course", "CMT", "Ongoing", "", ""],
]
CELLS = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=30),
    st.sampled_from(["", " ", "\n", "=1+1", "+44 1234", "-", "@x", "\x00", "\x1b[2J", "\x0b", "\ud800"]),
)


@st.composite
def document_rows(draw: st.DrawFn) -> list[list[str]]:
    """The seed table with some cells (header cells too) replaced and rows added or dropped."""
    rows = [list(HEADER)] + [list(r) for r in ROWS]
    for _ in range(draw(st.integers(1, 6))):
        r = draw(st.integers(0, len(rows) - 1))
        c = draw(st.integers(0, len(rows[r]) - 1))
        rows[r][c] = draw(CELLS)
    if draw(st.booleans()):
        rows.append([draw(CELLS) for _ in range(draw(st.integers(0, 9)))])
    if draw(st.booleans()) and len(rows) > 1:
        del rows[draw(st.integers(1, len(rows) - 1))]
    return rows


def _csv(rows: list[list[str]]) -> bytes:
    import csv

    out = io.StringIO()
    csv.writer(out).writerows(rows)
    return out.getvalue().encode("utf-8", "surrogatepass")


def _xlsx(rows: list[list[str]]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(r, c)
            cell.value = CONTROL.sub("", value)  # openpyxl cannot write them; real files never hold them
            cell.data_type = "s"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _docx(rows: list[list[str]]) -> bytes:
    from docx import Document

    document = Document()
    document.add_paragraph("Action plan")
    width = max(len(r) for r in rows) or 1
    table = document.add_table(rows=len(rows), cols=width)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = CONTROL.sub("", value)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCUMENT_WRITERS = {".csv": _csv, ".xlsx": _xlsx, ".docx": _docx}


def flip_bytes(data: bytes, positions: list[int], values: list[int]) -> bytes:
    raw = bytearray(data)
    for position, value in zip(positions, values, strict=False):
        if raw:
            raw[position % len(raw)] = value
    return bytes(raw)


def exercise_import(path: Path, data: bytes) -> Case:
    """Import the document ``data`` saved as ``path``; the YAML it writes must load."""
    from pmplan.exchange.importer import import_file
    from pmplan.workspace.reader import YamlProblem, parse_yaml

    case = Case([], [])
    path.write_bytes(data)
    result = None
    with _Stage(case, "import"):
        result = import_file(path, plan_id="imported", day=AS_OF)
    if result is not None:
        parsed = parse_yaml(result.text)
        if isinstance(parsed, YamlProblem):
            raise Crash(f"import wrote YAML that does not load: {parsed.message}")
    return case


def describe(files: dict[str, bytes]) -> str:
    """The files that differ from the seed, for a failure message (and a regression test)."""
    changed = {k: v.decode("utf-8", "replace") for k, v in files.items() if SEED.get(k, "").encode() != v}
    return textwrap.indent(json.dumps(changed, indent=1, ensure_ascii=True), "    ")
