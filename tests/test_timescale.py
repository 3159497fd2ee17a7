"""Tests for pmplan.dates.timescale: the table of phrasings, the seed documents, and properties."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pmplan.dates.periods import FinancialYear
from pmplan.dates.timescale import Timescale, read_timescale
from timescale_cases import CASES, SEED_CASES, Case

SEEDS = Path(__file__).resolve().parents[1].parent / "shared" / "seeds"


def _iso(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _case_id(case: Case) -> str:
    label = " ".join(case.text.split())[:50] or "<blank>"
    return f"{label} [fy{case.fy}]" if case.fy != 4 else label


# ---------------------------------------------------------------------------------------------
# The table


@pytest.mark.parametrize("case", CASES, ids=[_case_id(c) for c in CASES])
def test_reads_phrasing(case: Case) -> None:
    reading = read_timescale(case.text, FinancialYear(case.fy))
    assert reading.text == case.text
    assert reading.due == _iso(case.due)
    assert reading.start == _iso(case.start)
    assert reading.recurring is case.recurring
    assert reading.refs == case.refs
    assert (reading.ambiguous is not None) is case.ambiguous, reading.ambiguous
    if case.unread is not None:
        assert reading.unread == case.unread
    if case.note is not None:
        assert reading.note == case.note
    if case.vague is not None:
        assert reading.vague is case.vague


def test_table_is_large_and_has_no_duplicates() -> None:
    keys = [(c.text, c.fy) for c in CASES]
    assert len(keys) > 120
    assert len(set(keys)) == len(keys)


def test_vague_means_nothing_read() -> None:
    assert read_timescale("TBC").vague
    assert not read_timescale("Ongoing").vague
    assert not read_timescale("As for R4.a").vague
    assert not read_timescale("From 1 April 2007").vague
    assert not read_timescale("Oct 09").vague


# ---------------------------------------------------------------------------------------------
# The interface


def test_timescale_is_frozen_with_slots() -> None:
    reading = read_timescale("Oct 09")
    assert isinstance(reading, Timescale)
    assert not hasattr(reading, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        reading.due = None  # type: ignore[misc]
    assert [f.name for f in dataclasses.fields(Timescale)] == [
        "text",
        "due",
        "start",
        "recurring",
        "refs",
        "unread",
        "note",
        "ambiguous",
        "impossible",
    ]


def test_defaults() -> None:
    reading = Timescale("x", None, None, False)
    assert (reading.refs, reading.unread, reading.note, reading.ambiguous) == ((), (), None, None)
    assert reading.vague


def test_same_words_read_the_same() -> None:
    assert read_timescale("Sep 09 – Feb 10") == read_timescale("Sep 09 – Feb 10")
    assert read_timescale("2025/26", FinancialYear(1)) != read_timescale("2025/26", FinancialYear(4))


@pytest.mark.parametrize("bad", [0, 13, -1])
def test_fy_start_must_be_a_month(bad: int) -> None:
    with pytest.raises(ValueError):
        FinancialYear(bad)


def test_ambiguity_says_why() -> None:
    assert "Q4" in (read_timescale("Q4 2009").ambiguous or "")
    assert "day first" in (read_timescale("03/04/2026").ambiguous or "")


# ---------------------------------------------------------------------------------------------
# The seed documents

_HEADER = re.compile(r"^(?:time\s*scale|timescale|when)$", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]*>")


def seed_timescales(folder: Path) -> list[tuple[str, str]]:
    """(file name, cell) for every non-empty cell of a "Time scale"/"TIMESCALE"/"When" column.

    Tables are tab-separated lines; a line without a tab ends a table.
    """
    found = []
    for path in sorted(folder.glob("*.txt")):
        column = None
        for line in path.read_text(encoding="utf-8").splitlines():
            if "\t" not in line:
                column = None
                continue
            raw = line.split("\t")
            cells = [_TAG.sub("", c).strip(" *") for c in raw]
            headers = [i for i, c in enumerate(cells) if _HEADER.match(c)]
            if headers:
                column = headers[0]
            elif column is not None and column < len(cells) and cells[column]:
                found.append((path.name, raw[column].strip()))
    return found


needs_seeds = pytest.mark.skipif(not SEEDS.is_dir(), reason="no ../shared/seeds beside the repository")


@needs_seeds
def test_every_seed_timescale_reads() -> None:
    found = seed_timescales(SEEDS)
    assert len(found) > 50
    for name, text in found:
        reading = read_timescale(text)
        read = reading.due is not None or reading.start is not None or reading.recurring or reading.refs
        assert read or (reading.vague and reading.unread), (name, text, reading)


@needs_seeds
def test_every_seed_timescale_is_in_the_table() -> None:
    table = {c.text for c in SEED_CASES}
    missing = sorted({text for _, text in seed_timescales(SEEDS)} - table)
    assert not missing


# ---------------------------------------------------------------------------------------------
# Properties

_FRAGMENTS = [
    "Jan",
    "Feb",
    "March",
    "Sept",
    "sep.",
    "December",
    "May",
    "Spring",
    "Winter",
    "Summer",
    "autumn",
    "09",
    "10",
    "26",
    "2009",
    "2024",
    "2025",
    "2099",
    "2011/12",
    "2011/2012",
    "09/10",
    "2025-26",
    "2009-10",
    "2025-08",
    "2023-27",
    "31",
    "29",
    "1st",
    "03/04/2026",
    "31/02/2026",
    "2026-02-29",
    "Q1",
    "Q4",
    "quarter",
    "3",
    "FY",
    "–",
    "-",
    "—",
    "to",
    "/",
    "and",
    "&",
    ",",
    "between",
    "from",
    "onwards",
    "after",
    "by",
    "end",
    "of",
    "the",
    "ongoing",
    "Monthly",
    "Continues",
    "As for",
    "See",
    "Rec",
    "Reccs.",
    "R4.a",
    "(",
    ")",
    "[",
    "]",
    "<p>",
    "</p>",
    "TBC",
    "subject to funding",
    "Phase",
    "12",
    "w/c",
    "commencing",
    "throughout",
    "Annually",
    "thereafter",
    "2000",
    "00",
    "99",
]
_phrases = st.lists(st.sampled_from(_FRAGMENTS), max_size=8).map(" ".join)
_texts = st.one_of(st.text(), _phrases)
_months = st.integers(min_value=1, max_value=12)


def _years_written(text: str) -> set[int]:
    """The years the text could be naming: 4-digit numbers, and 20yy for 2-digit ones."""
    years = set()
    for run in re.findall(r"[0-9]+", text):
        if len(run) >= 4:
            years.update(int(run[i : i + 4]) for i in range(len(run) - 3))
        years.update(2000 + int(run[i : i + 2]) for i in range(len(run) - 1))
    return years


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(_texts, _months)
def test_never_raises(text: str, fy_start: int) -> None:
    reading = read_timescale(text, FinancialYear(fy_start))
    assert reading.text == text
    assert reading.vague == (
        reading.due is None
        and reading.start is None
        and not reading.recurring
        and not reading.refs
        and not reading.impossible
    )


@settings(max_examples=400)
@given(_texts, _months)
def test_never_due_before_start(text: str, fy_start: int) -> None:
    reading = read_timescale(text, FinancialYear(fy_start))
    if reading.due is not None and reading.start is not None:
        assert reading.start <= reading.due


@settings(max_examples=400)
@given(_texts, _months)
def test_due_year_is_written(text: str, fy_start: int) -> None:
    """A due date's year is written in the text, or is one more (a financial year's end)."""
    due = read_timescale(text, FinancialYear(fy_start)).due
    if due is not None:
        written = _years_written(text)
        assert due.year in written or due.year - 1 in written, (text, due)


_words = st.lists(
    st.sampled_from([f for f in _FRAGMENTS if not any(ch.isdigit() for ch in f)]), max_size=8
).map(" ".join)


@settings(max_examples=300)
@given(st.one_of(_words, st.text().filter(lambda t: not any(ch.isdigit() for ch in t))), _months)
def test_no_digits_no_date(text: str, fy_start: int) -> None:
    """Months and seasons without a year give no date."""
    reading = read_timescale(text, FinancialYear(fy_start))
    assert reading.due is None and reading.start is None


_recurring_words = [
    "Ongoing",
    "On-going",
    "Constant process",
    "As and When",
    "At least monthly",
    "Continues",
    "Continuous",
    "Monthly",
    "Quarterly",
    "Annually",
    "Each year",
    "Every quarter",
    "Throughout the year",
]


@settings(max_examples=200)
@given(
    st.lists(
        st.sampled_from(_recurring_words + ["and", "&", ",", "-", "the"]), min_size=1, max_size=5
    ).filter(lambda ws: any(w in _recurring_words for w in ws)),
    _months,
)
def test_recurring_words_give_no_date(words: list[str], fy_start: int) -> None:
    reading = read_timescale(" ".join(words), FinancialYear(fy_start))
    assert reading.recurring and reading.due is None and reading.start is None


@settings(max_examples=300)
@given(_texts.filter(lambda t: "<" not in t and "&" not in t), _months)
def test_vague_words_are_kept(text: str, fy_start: int) -> None:
    """Words that were not read are never dropped silently."""
    reading = read_timescale(text, FinancialYear(fy_start))
    if reading.vague and any(ch.isalnum() for ch in text):
        assert reading.unread or reading.note


@settings(max_examples=200)
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_written_dates_read_back(day: date) -> None:
    for text in (
        f"{day.day} {day:%B %Y}",
        f"{day:%d/%m/%Y}",
        day.isoformat(),
        f"{day.day}{_suffix(day.day)} {day:%b %y}",
    ):
        assert read_timescale(text).due == day, text
    assert read_timescale(f"{day:%b %Y}").due.month == day.month  # type: ignore[union-attr]


@settings(max_examples=200)
@given(st.integers(min_value=2000, max_value=2098), st.integers(min_value=1, max_value=4), _months)
def test_quarters_tile_the_financial_year(year: int, number: int, fy_start: int) -> None:
    fy = read_timescale(f"{year}/{(year + 1) % 100:02d}", FinancialYear(fy_start)).due
    quarter = read_timescale(f"Q{number} {year}/{(year + 1) % 100:02d}", FinancialYear(fy_start)).due
    assert fy is not None and quarter is not None
    assert quarter <= fy
    if number == 4:
        assert quarter == fy


def _suffix(day: int) -> str:
    return "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
