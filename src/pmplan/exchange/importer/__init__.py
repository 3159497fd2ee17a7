"""Importing action plans kept in Word tables, spreadsheets and CSV files.

The pipeline reads off the module names: :mod:`~pmplan.exchange.importer.tables` reads the file
into blocks of rows of cells within fixed limits (:mod:`~pmplan.exchange.importer.word` and
:mod:`~pmplan.exchange.importer.excel` stream Word and Excel files; CSV is read there),
:mod:`~pmplan.exchange.importer.columns` says which column holds what, by the header's words
(:mod:`~pmplan.exchange.importer.words` knows the words), by the cells below it, or as
``--columns`` and :mod:`~pmplan.exchange.importer.mapping` say;
:mod:`~pmplan.exchange.importer.plan` turns rows (:mod:`~pmplan.exchange.importer.rows`) into
the :mod:`~pmplan.exchange.importer.draft` of recommendations/themes and actions, whose ids,
statuses and update dates :mod:`~pmplan.exchange.importer.settle` settles, skipping the key,
summary and title tables :mod:`~pmplan.exchange.importer.survey` recognises and saying how it
read them (:mod:`~pmplan.exchange.importer.notes`);
:mod:`~pmplan.exchange.importer.people` matches leads to the workspace's people, and
:mod:`~pmplan.exchange.importer.writer` writes the YAML (and
:mod:`~pmplan.exchange.importer.explain` how it was read). :func:`import_file` runs it all and
checks that the text it wrote loads as a valid plan that says exactly what was read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from pmplan.dates.periods import APRIL, FinancialYear
from pmplan.exchange.importer.draft import ID_RE, ImportedPlan, Options, field_text, local_ref, plural
from pmplan.exchange.importer.people import PeopleIndex
from pmplan.exchange.importer.plan import PlanBuilder
from pmplan.exchange.importer.tables import SourceError, read_document
from pmplan.exchange.importer.writer import plan_data, written

__all__ = ["ImportResult", "SourceError", "default_plan_id", "import_file"]


@dataclass(slots=True)
class ImportResult:
    plan: ImportedPlan
    text: str
    """The plan file's YAML text."""
    notes: list[str] = field(default_factory=list)
    """What the import did."""
    unplaced: list[str] = field(default_factory=list)
    """What it could not place (and where it kept the words)."""
    summary: str = ""


def default_plan_id(path: Path) -> str:
    """An id from the file name: ``Wyre Forest PM plan.docx`` -> ``wyre-forest-pm-plan``."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")[:40].strip("-")
    return slug if slug and ID_RE.match(slug) else "imported-plan"


def import_file(
    path: Path,
    *,
    plan_id: str | None = None,
    title: str | None = None,
    day: date | None = None,
    people: Iterable[tuple[str, str]] = (),
    fy: FinancialYear = APRIL,
    columns: list[tuple[str, str]] | None = None,
    table: str | None = None,
) -> ImportResult:
    """Read ``path`` into a plan; raises SourceError when it cannot be read or holds no plan.

    ``people`` are (id, name) pairs to match leads against; ``day`` dates the progress updates
    that give no date of their own; ``columns`` are (field, header) pairs that say which column
    is which (see :data:`~pmplan.exchange.importer.columns.USER_FIELDS`); ``table`` is a table's
    number or a sheet's name, to read that table only.
    """
    document = read_document(path)
    plan_id = plan_id or default_plan_id(path)
    index = PeopleIndex(people)
    options = Options(plan_id, title, day or date.today(), columns, table, fy)
    plan = PlanBuilder(document, index, options).build()
    notes = list(document.notes) + plan.notes
    del document  # the source's cells: read, and no longer needed
    text, data = written(plan)
    check_text(text, plan, data)
    unplaced = list(plan.unplaced) + _lead_problems(plan, index) + _timescale_problems(plan, fy)
    result = ImportResult(plan, text, notes, unplaced)
    result.summary = _summary(plan)
    return result


def check_text(text: str, plan: ImportedPlan, wanted: dict[str, Any] | None = None) -> None:
    """The YAML must load, validate as a plan, and read back as exactly the plan's data
    (``wanted``, where the writer gave it)."""
    from pydantic import ValidationError

    from pmplan.workspace.models import ActionPlan, validate
    from pmplan.workspace.reader import POS_KEY, YamlProblem, parse_yaml

    data = parse_yaml(text)
    if isinstance(data, YamlProblem):
        raise SourceError(
            f"internal error: the imported plan's YAML does not read back ({data.message}, "
            f"line {data.line}); please report this"
        )
    # the words as read back (positions aside), then the plan they make
    if not _same(data, wanted if wanted is not None else plan_data(plan), POS_KEY):
        raise SourceError(
            "internal error: the imported plan's YAML does not say what was read; please report this"
        )
    try:
        validate(ActionPlan, data)
    except ValidationError as exc:
        raise SourceError(
            f"internal error: the imported plan is not valid: {exc}; please report this"
        ) from None


_EMPTY: tuple[Any, ...] = (None, "", [], {})


def _same(read: Any, wanted: Any, skip: str = "") -> bool:
    """The same data, empty values and the key ``skip`` aside and dates as text, compared in
    place (no copies)."""
    if isinstance(read, dict) and isinstance(wanted, dict):
        keys = {k for k, v in read.items() if k != skip and v not in _EMPTY}
        if keys != {k for k, v in wanted.items() if v not in _EMPTY}:
            return False
        return all(_same(read[k], wanted[k], skip) for k in keys)
    if isinstance(read, list) and isinstance(wanted, list):
        return len(read) == len(wanted) and all(_same(a, b, skip) for a, b in zip(read, wanted, strict=True))
    if isinstance(read, date):
        read = read.isoformat()
    if isinstance(wanted, date):
        wanted = wanted.isoformat()
    return bool(read == wanted)


def _lead_problems(plan: ImportedPlan, index: PeopleIndex) -> list[str]:
    words: Counter[str] = Counter()
    refs: dict[str, list[str]] = {}
    approximate: list[str] = []
    for group in plan.groups:
        for action in group.actions:
            if action.lead is None:
                continue
            for phrase in action.lead.unmatched:
                words[phrase] += 1
                refs.setdefault(phrase, []).append(local_ref(group, action))
            for words_written, person in action.lead.approximate:
                approximate.append(f"'{words_written}' read as {person} ({index.names.get(person, person)})")
    out = []
    if words:
        where = "the workspace's people" if len(index) else "people (no workspace people to match against)"
        listed = "; ".join(
            f"'{w}' ({', '.join(refs[w][:4])}{', ...' if len(refs[w]) > 4 else ''})"
            for w, _ in words.most_common()
        )
        out.append(f"leads not matched to {where}, kept in comments above 'leads': {listed}")
    if approximate:
        out.append("leads matched approximately (check them): " + "; ".join(dict.fromkeys(approximate)))
    return out


def _timescale_problems(plan: ImportedPlan, fy: FinancialYear) -> list[str]:
    from pmplan.dates.timescale import read_timescale

    vague = []
    for group in plan.groups:
        for action in group.actions:
            words = field_text(action.timescale, single_line="; ")
            if words and read_timescale(words, fy).vague:
                vague.append(f"{local_ref(group, action)} '{words}'")
    if not vague:
        return []
    return [
        f"timescales with no date pmplan can read (kept as written; lint will say so): {'; '.join(vague)}"
    ]


def _summary(plan: ImportedPlan) -> str:
    actions = plan.actions
    updates = sum(len([p for p in a.progress if p.text]) for a in actions) + sum(
        1 for g in plan.groups if g.progress
    )
    kind = "recommendation" if plan.key == "recommendations" else "theme"
    leads = sum(1 for a in actions if a.lead is not None and a.lead.ids)
    return (
        f"{plural(len(plan.groups), kind)}, {plural(len(actions), 'action')} ({leads} with leads matched), "
        f"{plural(updates, 'progress update')}"
    )
