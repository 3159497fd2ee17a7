"""Fuzzing: mutated workspaces and documents through every stage of pmplan, with no traceback.

In ``make test`` each fuzz test runs a fixed number of cases from a fixed seed (hypothesis's
``derandomize``), so that the suite is the same every run and takes about half a minute in
all. ``make fuzz`` runs thousands (``PMPLAN_FUZZ=5000``: 5,000 mutated workspaces, and the slower
tests a share of that); a crash it finds is shrunk to a
small input, which goes into :data:`REGRESSIONS` below so that it is checked on every run.
See :mod:`fuzzing` for what is mutated and what is checked.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import fuzzing
from fuzzing import SEED, describe, exercise, exercise_cli, exercise_import, mutated

SCALE = int(os.environ.get("PMPLAN_FUZZ", "0") or 0)
"""Cases for the main fuzz test: 0 for the suite's fixed budget, else that many (``make fuzz``)."""


def fuzz_settings(cases: int, share: int = 1) -> settings:
    """``cases`` in the suite; with ``PMPLAN_FUZZ=N``, N / ``share`` (the slower tests run fewer)."""
    return settings(
        max_examples=max(cases, SCALE // share) if SCALE else cases,
        derandomize=not SCALE,
        deadline=None,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
    )


def _run(files: dict[str, bytes], heavy: bool = False, sample: int | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        try:
            exercise(files, Path(tmp), heavy=heavy, sample=sample)
        except fuzzing.Crash as exc:
            raise AssertionError(f"{exc}\n  with these files:\n{describe(files)}") from exc


def test_the_seed_runs_every_stage(tmp_path):
    case = exercise({k: v.encode() for k, v in SEED.items()}, tmp_path, heavy=True)
    assert case.refused == []
    assert set(case.ran) >= {
        "config", "load", "lint", "report view", "report md", "report html", "report docx", "export collect",
        "export json", "export csv", "export sqlite", "export xlsx", "list", "show", "thread", "calendar", "diff",
    }  # fmt: skip


@fuzz_settings(200)
@given(mutated(), st.integers(0, 14))
def test_fuzz_workspaces(files, sample):
    """Mutated workspaces through load, lint, report, export, list, show, thread, calendar, diff."""
    _run(files, sample=sample)


@fuzz_settings(10, share=20)
@given(mutated())
def test_fuzz_workspaces_heavy(files):
    """A few through the Word report and the Excel and SQLite exports too."""
    _run(files, heavy=True)


@fuzz_settings(6, share=50)
@given(mutated())
def test_fuzz_workspaces_through_the_command_line(files):
    with tempfile.TemporaryDirectory() as tmp:
        try:
            exercise_cli(files, Path(tmp))
        except fuzzing.Crash as exc:
            raise AssertionError(f"{exc}\n  with these files:\n{describe(files)}") from exc


@fuzz_settings(20, share=20)
@given(mutated(max_mutations=2), fuzzing.update_args())
def test_fuzz_update(files, args):
    """``pmplan update`` with hostile values on mutated workspaces: never a traceback, never a
    file left unreadable, never a change lost or half made."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            fuzzing.exercise_update(files, args, Path(tmp))
        except fuzzing.Crash as exc:
            raise AssertionError(f"{exc}\n  update {args!r}\n  with these files:\n{describe(files)}") from exc


@fuzz_settings(8, share=50)
@given(mutated(max_mutations=2), fuzzing.SCALARS)
def test_fuzz_returns(files, typed):
    """The quarter's returns (issue, an officer's hostile answers, status with reminders,
    collect) on mutated workspaces: never a traceback, a formula cell or a smuggled header."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            fuzzing.exercise_returns(files, typed, Path(tmp))
        except fuzzing.Crash as exc:
            raise AssertionError(f"{exc}\n  typed {typed!r}\n  with these files:\n{describe(files)}") from exc


@fuzz_settings(60, share=5)
@given(fuzzing.document_rows(), st.sampled_from(sorted(fuzzing.DOCUMENT_WRITERS)))
def test_fuzz_import(rows, suffix):
    """Documents with hostile cells (header cells too) through ``pmplan import``."""
    with tempfile.TemporaryDirectory() as tmp:
        try:
            exercise_import(Path(tmp) / f"plan{suffix}", fuzzing.DOCUMENT_WRITERS[suffix](rows))
        except fuzzing.Crash as exc:
            raise AssertionError(f"{exc}\n  with these rows: {rows!r}") from exc


@fuzz_settings(40, share=10)
@given(
    st.sampled_from(sorted(fuzzing.DOCUMENT_WRITERS)),
    st.lists(st.integers(0, 10**6), min_size=1, max_size=8),
    st.lists(st.integers(0, 255), min_size=1, max_size=8),
)
def test_fuzz_import_damaged_files(suffix, positions, values):
    """Documents with bytes flipped: refused with a message, never a traceback."""
    data = fuzzing.flip_bytes(
        fuzzing.DOCUMENT_WRITERS[suffix]([fuzzing.HEADER, *fuzzing.ROWS]), positions, values
    )
    with tempfile.TemporaryDirectory() as tmp:
        exercise_import(Path(tmp) / f"plan{suffix}", data)


# --- every input that ever crashed --------------------------------------------------------------

REGRESSIONS: dict[str, dict[str, str]] = {
    "year 0 and 9999 in period keys: report, list indicators and export crashed (year 0 is out of range)": {
        "plans/indicators.yaml": fuzzing.INDICATORS.replace(
            "2024/25 Q2:", "0000/01 Q1: {target: 1, actual: 2}\n      9999/00 Q4:"
        )
    },
    "nan and inf targets: the JSON export wrote NaN": {
        "plans/indicators.yaml": fuzzing.INDICATORS.replace(
            "target: 70, actual: 68", "target: nan, actual: inf"
        )
    },
    "control characters in a title: the Excel export crashed, terminals obeyed them": {
        "plans/pm.yaml": fuzzing.PLAN.replace(
            "title: Brief Members", 'title: "Brief \\e]0;pwned\\a\\e[2J\\b\\x7f\\x85 Members"'
        )
    },
    "a formula for a title: the CSV and Excel exports wrote it as a formula": {
        "plans/pm.yaml": fuzzing.PLAN.replace(
            "title: Brief Members", 'title: \'=HYPERLINK("http://evil.example","click")\''
        ).replace("text: Mapping started.", "text: '@SUM(1+1)'")
    },
    "a carriage return in the organisation's name: the .ics calendar's name held a line break": {
        "pmplan.yaml": fuzzing.CONFIG.replace("organisation: Fuzz District Council", 'organisation: "\\r=1"')
    },
    "a meeting in the year 9999": {
        "plans/calendar.yaml": fuzzing.CALENDAR.replace("date: 2025-09-17", "date: 9999-12-31")
    },
    "values too far apart to chart: matplotlib could not compute the axis (ValueError: arange)": {
        "plans/indicators.yaml": fuzzing.INDICATORS.replace(
            "2025/26 Q2: {target: 70, actual: 64.5}", "2025/26 Q2: {target: 1e308, actual: -1e308}"
        ).replace("2024/25 Q2: {target: 70, actual: 68}", "2024/25 Q2: {target: -1e308, actual: 1e308}")
    },
}
"""Inputs the fuzzer found crashing, by what they crashed: each file replaces the seed's."""


@pytest.mark.parametrize("name", sorted(REGRESSIONS))
def test_fuzz_regressions(name):
    files = {k: v.encode() for k, v in {**SEED, **REGRESSIONS[name]}.items()}
    _run(files, heavy=True)


IMPORT_REGRESSIONS: dict[str, tuple[str, list[list[str]]]] = {
    "a ref like a date that is not a day: the writer's quoting check raised ValueError": (
        ".csv",
        [fuzzing.HEADER, ["2025-02-30", "Link priorities", "Align outcomes", "Jo Price", "Mar 26", "", ""]],
    ),
    "an escape character in a header: written raw into a YAML comment that YAML cannot read": (
        ".csv",
        [["\x1b", *fuzzing.HEADER[1:]], *fuzzing.ROWS],
    ),
    "an escape character in a timescale": (
        ".csv",
        [fuzzing.HEADER, ["1", "Link", "Align", "Jo Price", "\x1b", "On track", "Started"]],
    ),
}
"""Documents the fuzzer found crashing ``pmplan import``."""


@pytest.mark.parametrize("name", sorted(IMPORT_REGRESSIONS))
def test_fuzz_import_regressions(name, tmp_path):
    suffix, rows = IMPORT_REGRESSIONS[name]
    exercise_import(tmp_path / f"plan{suffix}", fuzzing.DOCUMENT_WRITERS[suffix](rows))
