"""``pmplan import`` on the corpus of council plans in ``corpus_sources``: every row of every
table imports with its action, lead, timescale, status and id as the source gives them (the
expected plans are in ``tests/import_corpus/``), nothing is invented from a key, a summary or a
totals row, and what the import reports (tables left out, rows joined, dates uncertain) is said.
"""

from __future__ import annotations

import difflib
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from corpus_sources import SOURCES, Source, build_all
from plan_fixtures import invoke
from pmplan.dates.timescale import read_timescale
from pmplan.exchange.importer import import_file
from pmplan.exchange.importer.mapping import parse_columns
from pmplan.workspace.models import ActionPlan, dump, validate
from pmplan.workspace.reader import YamlProblem, parse_yaml


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return build_all(tmp_path_factory.mktemp("corpus"))


def load(text: str) -> ActionPlan:
    data = parse_yaml(text)
    assert not isinstance(data, YamlProblem), data
    return validate(ActionPlan, data)


def plain(plan: ActionPlan) -> Any:
    return json.loads(json.dumps(dump(plan), default=str))


def imported(source: Source, path: Path) -> Any:
    columns = parse_columns(source.columns) if source.columns else None
    return import_file(path, day=source.day, columns=columns, table=source.table)


@pytest.mark.parametrize("source", SOURCES, ids=[s.name for s in SOURCES])
def test_corpus_imports_as_expected(source: Source, corpus: dict[str, Path]) -> None:
    result = imported(source, corpus[source.name])
    got = plain(load(result.text))
    want = plain(load(source.expected.read_text(encoding="utf-8")))
    if got != want:
        diff = difflib.unified_diff(
            json.dumps(want, indent=1).splitlines(),
            json.dumps(got, indent=1).splitlines(),
            "expected",
            "imported",
        )
        pytest.fail(f"{source.name} ({source.shape}) imports differently:\n" + "\n".join(diff))
    report = "\n".join(result.notes + result.unplaced)
    for words in source.notes:
        assert words in report, f"{source.name}: the report does not say {words!r}:\n{report}"


@pytest.mark.parametrize("source", SOURCES, ids=[s.name for s in SOURCES])
def test_corpus_timescales_give_due_dates(source: Source) -> None:
    """Every timescale the sources give reads to a due date, a start or a recurrence, except
    those the source leaves vague."""
    plan = load(source.expected.read_text(encoding="utf-8"))
    vague = set()
    for group in plan.groups:
        for action in group.actions:
            ref = action.id if action.id.startswith(group.id + ".") else f"{group.id}.{action.id}"
            assert action.title and action.id
            if action.timescale and read_timescale(action.timescale).vague:
                vague.add(ref)
    assert vague == source.vague


def test_corpus_sources_are_all_checked() -> None:
    expected = {p.stem for p in (Path(__file__).parent / "import_corpus").glob("*.yaml")}
    assert expected == {Path(s.name).stem for s in SOURCES}
    kinds = {Path(s.name).suffix for s in SOURCES}
    assert kinds == {".docx", ".xlsx", ".csv"}


def test_a_table_pmplan_cannot_map_exits_2_with_the_headers_and_the_columns_to_write(
    corpus: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # outside any workspace: no people to match leads against
    source = next(s for s in SOURCES if s.columns)
    result = invoke("import", str(corpus[source.name]))
    assert result.exit_code == 2
    assert "Headers seen (the CSV file row 1): Workstream | Item | Contact | By | Notes" in result.stderr
    assert f'--columns "{source.columns}"' in result.stderr
    assert "Traceback" not in result.stderr
    again = invoke(
        "import", str(corpus[source.name]), "--columns", source.columns or "", "--date", "2025-09-01"
    )
    assert again.exit_code == 0, again.stderr
    assert plain(load(again.stdout)) == plain(load(source.expected.read_text(encoding="utf-8")))


def test_a_mapping_file_does_what_columns_does(
    corpus: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    source = next(s for s in SOURCES if s.columns)
    mapping = tmp_path / "tracker.pmplan-import.yaml"
    mapping.write_text(
        "# how to read the facilities tracker\n"
        "columns:\n  theme: Workstream\n  action: Item\n  lead: Contact\n  due: By\n  progress: Notes\n"
        "title: Facilities tracker\n",
        encoding="utf-8",
    )
    result = invoke("import", str(corpus[source.name]), "--mapping", str(mapping), "--date", "2025-09-01")
    assert result.exit_code == 0, result.stderr
    plan = load(result.stdout)
    assert plan.title == "Facilities tracker"
    want = plain(load(source.expected.read_text(encoding="utf-8")))
    assert plain(plan)["themes"] == want["themes"]


def test_table_chooses_one_table(
    corpus: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    path = corpus["internal-audit-tracker.xlsx"]
    by_name = import_file(path, day=date(2024, 10, 1), table="Tracker")
    assert len(by_name.plan.actions) == 6
    assert any("sheet 'Summary' (not chosen with --table)" in n for n in by_name.notes)
    summary = invoke("import", str(path), "--table", "Summary")
    assert (
        summary.exit_code == 2
        and "Headers seen (sheet 'Summary' row 1): Priority | Open | Closed" in summary.stderr
    )
    missing = invoke("import", str(path), "--table", "9")
    assert missing.exit_code == 2 and "--table 9: no such table" in missing.stderr


def test_explain_says_how_each_column_and_row_was_read(
    corpus: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = invoke("import", str(corpus["audit-action-plan.docx"]), "--explain", "--date", "2018-07-02")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "kind: action-plan" not in out  # the plan is written only with -o
    assert (
        "RAG (Complete / In hand / Late)" in out and "the header lists its words: complete -> complete" in out
    )
    assert "Update as at June 2018" in out and "its updates dated 2018-06-30" in out
    assert "table 2 row 3: action R2.i 'Set up a capital programme board" in out
    assert "status complete (from RAG 'Complete')" in out
    assert "table 3 row 1: the header row again (after a page break): skipped" in out
    assert "table 3 row 2: carries on the action above (table 2 row 7)" in out
    assert (
        "Plan title: Value for money audit 2017/18: action plan (from the heading above the plan's table)"
        in out
    )
