"""Exporting the workspace as flat rows: CSV, Excel, JSON and SQLite (for Datasette).

Every action is one row (its leads and links joined with ``; `` where the format has no
lists), every progress update one row, every indicator value one row with its RAG and
direction of travel. :func:`collect` builds the rows from a loaded workspace; the writers
lay them out and write through a temporary file and a rename, so that a reader (Excel, a
dashboard refreshing) never sees half a file.

* ``csv``: the actions to FILE and the indicator values to ``FILE-indicators.csv`` beside it
  (``--what actions`` or ``--what indicators`` writes just one of them to FILE; ``--what
  updates`` the progress updates). UTF-8 with a byte-order mark, so that Excel shows ``£``
  and ``–`` right.
* ``xlsx``: sheets Actions, Updates and Indicator values, with a styled, frozen header row,
  filters, and real dates.
* ``json``: ``{"as_of": ..., "actions": [...], "updates": [...], "indicator_values": [...]}``.
* ``sqlite``: tables people, plans, plan_groups, actions, action_leads, updates, indicators,
  indicator_values and reports, with primary and foreign keys, and a view overdue_actions.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pmplan.characters import clean_data
from pmplan.dates.months import ABBREVIATIONS
from pmplan.errors import PmplanError
from pmplan.exchange.cells import csv_value
from pmplan.files import atomic_write, check_target, temporary_name
from pmplan.indicators.reading import read_all
from pmplan.workspace.index import Workspace
from pmplan.workspace.records import action_record

WHAT = ("all", "actions", "updates", "indicators")
SUFFIX_FORMATS = {
    ".csv": "csv",
    ".xlsx": "xlsx",
    ".json": "json",
    ".sqlite": "sqlite",
    ".db": "sqlite",
    ".sqlite3": "sqlite",
}

ACTION_COLUMNS = [
    "ref",
    "plan",
    "plan_title",
    "group",
    "group_title",
    "id",
    "title",
    "how",
    "leads",
    "lead_names",
    "timescale",
    "due",
    "start",
    "recurring",
    "status",
    "overdue",
    "priority",
    "baseline",
    "next",
    "updates",
    "last_update",
    "last_update_text",
    "links",
    "see",
    "file",
    "line",
]
UPDATE_COLUMNS = ["ref", "kind", "plan", "date", "text", "by"]
INDICATOR_COLUMNS = [
    "indicator",
    "title",
    "type",
    "unit",
    "polarity",
    "frequency",
    "owner",
    "owner_name",
    "period",
    "period_start",
    "period_end",
    "target",
    "actual",
    "rag",
    "rag_reason",
    "direction",
    "compared_with",
    "note",
    "links",
]


class ExportError(PmplanError):
    """The export cannot be written."""


@dataclass(slots=True)
class ExportData:
    as_of: date
    actions: list[dict[str, Any]] = field(default_factory=list)
    updates: list[dict[str, Any]] = field(default_factory=list)
    indicator_values: list[dict[str, Any]] = field(default_factory=list)
    people: list[dict[str, Any]] = field(default_factory=list)
    plans: list[dict[str, Any]] = field(default_factory=list)
    groups: list[dict[str, Any]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    reports: list[dict[str, Any]] = field(default_factory=list)


# --- rows ----------------------------------------------------------------------------------


def collect(ws: Workspace, as_of: date, plan: str | None = None) -> ExportData:
    """Every action, update and indicator value of the workspace as flat records."""
    data = ExportData(as_of)
    for item in ws.action_list:
        if plan is not None and item.plan.id != plan:
            continue
        base = action_record(ws, item, as_of)
        action = item.action
        latest = max(action.updates, key=lambda u: u.date, default=None)
        data.actions.append(
            {
                "ref": item.ref,
                "plan": item.plan.id,
                "plan_title": item.plan.title,
                "group": item.group.id,
                "group_title": item.group.title,
                "id": action.id,
                "title": action.title,
                "how": action.how,
                "leads": base["leads"],
                "lead_names": base["lead_names"],
                "timescale": action.timescale,
                "due": item.due,
                "start": item.start,
                "recurring": item.recurring,
                "status": item.status,
                "overdue": base["overdue"],
                "priority": action.priority,
                "baseline": action.baseline,
                "next": action.next,
                "updates": len(action.updates),
                "last_update": latest.date if latest else None,
                "last_update_text": latest.text if latest else None,
                "links": list(item.links),
                "see": list(action.see),
                "file": item.source.rel,
                "line": base["line"],
            }
        )
        for update in sorted(action.updates, key=lambda u: u.date):
            data.updates.append(
                {
                    "ref": item.ref,
                    "kind": "action",
                    "plan": item.plan.id,
                    "date": update.date,
                    "text": update.text,
                    "by": update.by,
                }
            )
    for ref, view in ws.groups.items():
        if plan is not None and view.plan.id != plan:
            continue
        group = view.group
        data.groups.append(
            {
                "ref": ref,
                "plan": view.plan.id,
                "id": group.id,
                "kind": "theme" if view.plan.group_key == "themes" else "recommendation",
                "title": group.title,
                "response": group.response,
                "leads": list(group.leads or []),
            }
        )
        for update in sorted(group.updates, key=lambda u: u.date):
            data.updates.append(
                {
                    "ref": ref,
                    "kind": view.plan.group_key[:-1],
                    "plan": view.plan.id,
                    "date": update.date,
                    "text": update.text,
                    "by": update.by,
                }
            )
    data.updates.sort(key=lambda u: (u["plan"], u["ref"], u["date"]))
    for plan_id, model in ws.plans.items():
        if plan is None or plan_id == plan:
            data.plans.append(
                {
                    "id": plan_id,
                    "title": model.title,
                    "source": model.source,
                    "owner": model.owner,
                    "approved_by": model.approved.by if model.approved else None,
                    "approved_date": model.approved.date if model.approved else None,
                }
            )
    data.people = [
        {"id": p.id, "name": p.name, "title": p.title, "email": p.email, "phone": p.phone, "type": p.type}
        for p in ws.people.values()
    ]
    _indicators(ws, data)
    data.reports = [
        {
            "id": key,  # the id, or 2026/27:id in a calendar for one year
            "title": r.title,
            "to": list(r.to),
            "owner": r.owner,
            "months": [ABBREVIATIONS[m - 1] for m in r.month_numbers()],
        }
        for key, r in ws.reports.items()
    ]
    return data


def _indicators(ws: Workspace, data: ExportData) -> None:
    tolerance = ws.config.rag.tolerance
    fy = ws.config.financial_year
    for indicator in ws.indicators.values():
        data.indicators.append(
            {
                "id": indicator.id,
                "title": indicator.title,
                "type": indicator.type,
                "owner": indicator.owner,
                "deputy": indicator.deputy,
                "unit": indicator.unit,
                "polarity": indicator.polarity,
                "frequency": indicator.frequency,
                "tolerance": indicator.tolerance,
                "cumulative": indicator.cumulative,
                "links": list(indicator.links),
            }
        )
        for period, reading in read_all(indicator, tolerance, fy):
            value = reading.value
            assert value is not None
            data.indicator_values.append(
                {
                    "indicator": indicator.id,
                    "title": indicator.title,
                    "type": indicator.type,
                    "unit": indicator.unit,
                    "polarity": indicator.polarity,
                    "frequency": indicator.frequency,
                    "owner": indicator.owner,
                    "owner_name": ws.person_name(indicator.owner) if indicator.owner else None,
                    "period": reading.period,
                    "period_start": period.start,
                    "period_end": period.end,
                    "target": value.target,
                    "actual": value.actual,
                    "rag": reading.rag,
                    "rag_reason": reading.reason,
                    "direction": reading.direction,
                    "compared_with": reading.compared.period if reading.compared else None,
                    "note": value.note,
                    "links": list(indicator.links),
                }
            )


# --- cells ---------------------------------------------------------------------------------


def _text(value: Any) -> Any:
    """A value for a format without lists or dates: lists joined, dates ISO, booleans TRUE/FALSE."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    return value


def _json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def tables(data: ExportData, what: str) -> list[tuple[str, list[str], list[dict[str, Any]]]]:
    """(name, columns, rows) of each table the export holds."""
    tables = []
    if what in {"all", "actions"}:
        tables.append(("Actions", ACTION_COLUMNS, data.actions))
    if what in {"all", "actions", "updates"}:
        tables.append(("Updates", UPDATE_COLUMNS, data.updates))
    if what in {"all", "indicators"}:
        tables.append(("Indicator values", INDICATOR_COLUMNS, data.indicator_values))
    return tables


# --- writers -------------------------------------------------------------------------------


def export(data: ExportData, format: str, path: Path, what: str = "all") -> list[Path]:
    """Write ``data`` as ``format`` to ``path``; returns the files written."""
    writers: dict[str, Callable[[ExportData, Path, str], list[Path]]] = {
        "csv": write_csv,
        "xlsx": write_xlsx,
        "json": write_json,
        "sqlite": write_sqlite,
    }
    try:
        return writers[format](data, path, what)
    except OSError as exc:
        raise ExportError(f"cannot write {exc.filename or path}: {exc.strerror or exc}") from None


def csv_text(columns: list[str], rows: list[dict[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\r\n", extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: csv_value(_text(v)) for k, v in row.items()})
    return out.getvalue()


def sibling(path: Path, suffix: str) -> Path:
    """``out/plans.csv`` -> ``out/plans-indicators.csv``."""
    return path.with_name(f"{path.stem}-{suffix}{path.suffix or '.csv'}")


def write_csv(data: ExportData, path: Path, what: str) -> list[Path]:
    if what == "all":
        targets = [
            (path, ACTION_COLUMNS, data.actions),
            (sibling(path, "indicators"), INDICATOR_COLUMNS, data.indicator_values),
        ]
    elif what == "actions":
        targets = [(path, ACTION_COLUMNS, data.actions)]
    elif what == "updates":
        targets = [(path, UPDATE_COLUMNS, data.updates)]
    else:
        targets = [(path, INDICATOR_COLUMNS, data.indicator_values)]
    for target, columns, rows in targets:
        atomic_write(target, csv_text(columns, rows).encode("utf-8-sig"))
    return [t[0] for t in targets]


def json_text(data: ExportData, what: str) -> str:
    doc: dict[str, Any] = {"as_of": data.as_of.isoformat()}
    for name, _, rows in tables(data, what):
        doc[name.lower().replace(" ", "_")] = [{k: _json_value(v) for k, v in row.items()} for row in rows]
    return json.dumps(clean_data(doc), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def write_json(data: ExportData, path: Path, what: str) -> list[Path]:
    atomic_write(path, json_text(data, what).encode("utf-8"))
    return [path]


_WIDE = frozenset(
    {"title", "how", "next", "text", "last_update_text", "rag_reason", "note", "group_title", "plan_title"}
)
_DATES = frozenset({"due", "start", "last_update", "date", "period_start", "period_end"})


def write_xlsx(data: ExportData, path: Path, what: str) -> list[Path]:
    """The sheets streamed into the workbook (:mod:`.xlsx`): every cell styled by one of three
    named styles, text written as text, never as a formula."""
    from pmplan.exchange.xlsx import workbook_bytes

    sheets = []
    for name, columns, rows in tables(data, what):
        widths = [60 if c in _WIDE else max(10, min(24, len(c) + 4)) for c in columns]
        styles = ["pm-date" if c in _DATES else "pm-wrap" if c in _WIDE else None for c in columns]
        sheets.append((name, columns, widths, styles, _xlsx_rows(columns, rows)))
    atomic_write(path, workbook_bytes(sheets, title="pmplan export"))
    return [path]


def _xlsx_rows(columns: list[str], rows: list[dict[str, Any]]) -> Iterator[list[Any]]:
    for row in rows:
        values = [row.get(c) for c in columns]
        yield [_xlsx_value(v) if type(v) is list else v for v in values]


def _xlsx_value(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


_SCHEMA = """
CREATE TABLE people (id TEXT PRIMARY KEY, name TEXT NOT NULL, title TEXT, email TEXT, phone TEXT, type TEXT);
CREATE TABLE plans (id TEXT PRIMARY KEY, title TEXT NOT NULL, source TEXT, owner TEXT, approved_by TEXT,
    approved_date TEXT);
CREATE TABLE plan_groups (ref TEXT PRIMARY KEY, plan TEXT NOT NULL REFERENCES plans(id), id TEXT NOT NULL,
    kind TEXT, title TEXT NOT NULL, response TEXT, leads TEXT);
CREATE TABLE actions (ref TEXT PRIMARY KEY, plan TEXT NOT NULL REFERENCES plans(id),
    plan_title TEXT, group_ref TEXT NOT NULL REFERENCES plan_groups(ref), "group" TEXT, group_title TEXT,
    id TEXT NOT NULL,
    title TEXT NOT NULL, how TEXT, leads TEXT, lead_names TEXT, timescale TEXT, due TEXT, start TEXT,
    recurring INTEGER, status TEXT, overdue INTEGER, priority TEXT, baseline TEXT, next TEXT,
    updates INTEGER, last_update TEXT, last_update_text TEXT, links TEXT, see TEXT, file TEXT, line INTEGER);
CREATE TABLE action_leads (action_ref TEXT NOT NULL REFERENCES actions(ref),
    person TEXT NOT NULL REFERENCES people(id), PRIMARY KEY (action_ref, person));
CREATE TABLE updates (id INTEGER PRIMARY KEY, ref TEXT NOT NULL, kind TEXT, plan TEXT REFERENCES plans(id),
    action_ref TEXT REFERENCES actions(ref), group_ref TEXT REFERENCES plan_groups(ref), date TEXT NOT NULL,
    text TEXT NOT NULL, "by" TEXT);
CREATE TABLE indicators (id TEXT PRIMARY KEY, title TEXT NOT NULL, type TEXT, owner TEXT REFERENCES people(id),
    deputy TEXT REFERENCES people(id), unit TEXT, polarity TEXT, frequency TEXT, tolerance REAL,
    cumulative INTEGER, links TEXT);
CREATE TABLE indicator_values (indicator TEXT NOT NULL REFERENCES indicators(id), period TEXT NOT NULL,
    title TEXT, type TEXT, unit TEXT, polarity TEXT, frequency TEXT, owner TEXT, owner_name TEXT,
    period_start TEXT, period_end TEXT, target REAL, actual REAL, rag TEXT, rag_reason TEXT,
    direction TEXT, compared_with TEXT, note TEXT, links TEXT, PRIMARY KEY (indicator, period));
CREATE TABLE reports (id TEXT PRIMARY KEY, title TEXT NOT NULL, "to" TEXT, owner TEXT, months TEXT);
CREATE VIEW overdue_actions AS SELECT ref, title, leads, timescale, due, status FROM actions WHERE overdue = 1
    ORDER BY due;
"""


def _sql_value(value: Any) -> Any:
    if isinstance(value, bool):
        return int(value)
    return clean_data(_text(value))


def _insert(db: sqlite3.Connection, table: str, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    columns = list(rows[0])
    names = ", ".join(f'"{c}"' for c in columns)
    marks = ", ".join("?" for _ in columns)
    db.executemany(
        f"INSERT INTO {table} ({names}) VALUES ({marks})",
        [[_sql_value(row.get(c)) for c in columns] for row in rows],
    )


def write_sqlite(data: ExportData, path: Path, what: str) -> list[Path]:
    check_target(path)
    fd, temp = temporary_name(path)
    os.close(fd)
    try:
        db = sqlite3.connect(temp)
        try:
            db.executescript(_SCHEMA)
            _insert(db, "people", data.people)
            _insert(db, "plans", data.plans)
            _insert(db, "reports", data.reports)
            if what in {"all", "actions", "updates"}:
                _insert(db, "plan_groups", data.groups)
                actions = [{**row, "group_ref": f"{row['plan']}:{row['group']}"} for row in data.actions]
                _insert(db, "actions", actions)
                _insert(
                    db,
                    "action_leads",
                    [
                        {"action_ref": row["ref"], "person": lead}
                        for row in data.actions
                        for lead in dict.fromkeys(row["leads"])
                    ],
                )
                group_of = {row["ref"]: f"{row['plan']}:{row['group']}" for row in data.actions}
                _insert(
                    db,
                    "updates",
                    [
                        {
                            **row,
                            "action_ref": row["ref"] if row["kind"] == "action" else None,
                            "group_ref": group_of.get(row["ref"]) if row["kind"] == "action" else row["ref"],
                        }
                        for row in data.updates
                    ],
                )
            if what in {"all", "indicators"}:
                _insert(db, "indicators", data.indicators)
                _insert(db, "indicator_values", data.indicator_values)
            db.commit()
        finally:
            db.close()
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise
    return [path]
