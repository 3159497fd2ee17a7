"""Reading a timescale: the words a committee approved ("Oct 09", "End July 2009", "Ongoing").

``read_timescale(text, fy)`` returns a :class:`Timescale` holding the words as written and
what could be read from them: a due date (the last day by which the action is due), a start
where the words give one, whether the action recurs, cross-references, the words in brackets
(a note) and the words that could not be read. It never guesses a date from words it did not
read, never raises on any string, and uses no clock: the same words always read the same way.

Conventions (UK; see FORMAT.md, "Timescales"):

- A month alone means its last day (``Oct 09`` is due 2009-10-31); a two-digit year is 20yy.
  Month names are full or abbreviated to 3 or 4 letters (``Sept``), any case, with or without
  a full stop. A month or day with no year (``March``, ``15th June``) gives no date.
- Dates are day first: ``31 March 2009``, ``31st March 2009``, ``31/03/2009``, ``31-03-09``,
  ``31.03.2009``; also ISO ``2009-03-31`` and ``March 31, 2009``. A numeric date whose day and
  month could swap (``03/04/2026``) is read day first and marked ``ambiguous``.
- ``2011/12``, ``2011/2012``, ``2011-12`` and ``FY 11/12`` name the financial year starting in
  2011 (the council's :class:`~pmplan.dates.periods.FinancialYear`): due on its last day (31 March 2012 with April years). A span such
  as ``2023-27`` runs from the financial year starting in 2023 to the one labelled 2026/27.
  With January years a financial year is a calendar year, so ``2025/26`` (like ``2025``) is
  the year 2025, as in :mod:`pmplan.dates.periods`; writing a split year is then marked ambiguous.
  ``2009-10`` could also be October 2009: it is read as the financial year and marked ambiguous.
- ``Q3 2009/10``, ``quarter 3 2009/10``, ``third quarter of 2009/10``, ``2025/26 Q2`` are
  financial quarters (Q1 is the first three months of the financial year). A quarter with one
  year (``Q4 2009``) is that quarter of the financial year starting in that year (due
  2010-03-31), marked ambiguous unless the financial year is the calendar year.
- Seasons: Spring (Mar-May), Summer (Jun-Aug), Autumn (Sep-Nov), Winter (Dec-Feb):
  ``Winter 2025`` (or ``Winter 2025/26``) runs from December 2025 and is due 28 February 2026.
- A year alone after a word such as "by", "in" or "during" (``during 2007``) is the calendar
  year, marked ambiguous unless the financial year starts in January; a year after other words
  ("Act 2007") is not read.
- A range is due at its end and starts at the beginning of its first part: ``Sep 09 – Feb 10``
  starts 2009-09-01 and is due 2010-02-28 (any dash, ``to``, ``until``, ``through``, or
  ``between ... and``). A first part with no year takes the year of the second, or the year
  before when its month comes later (``Dec - Mar 26`` starts 2025-12-01).
- Several dates in one cell (``Jan 09 Mar 09``, ``Aug / Sep 10``): the latest is due.
- ``From 1 April 2007``, ``commencing ...``, ``April 2007 onwards`` give a start; with no due
  date anywhere in the words they also mean the work recurs from then. ``after March 2026``
  starts the day after. A start later than the due date (work that carries on after the
  deadline) is not kept as the start.
- Recurrence words (Ongoing, On-going, Constant process, As and When, At least monthly,
  Continues, Continuous, Monthly, Quarterly, Annually, Each year, Every quarter, Throughout,
  Thereafter, Regularly ...) mark the action recurring: never overdue. They never give a date;
  ``December 2008 & ongoing`` is due 2008-12-31 and recurring.
- ``As for Reccs. 1 and 6``, ``As for R4.a``, ``See 3.2``, ``As rec 5`` are cross-references:
  their ids are returned in ``refs`` (the caller resolves them to the latest due date of the
  actions they name).
- Words in brackets are a note (``Jul 09 (part of Transformation Delivery Plan)``) and are not
  read for dates. HTML tags and bullets left by converted Word tables separate parts.
- Filler words (end, by, before, of, the, and, &, no later than, commencing, w/c ...) are read
  as such; other words that could not be read are returned in ``unread``. A timescale from
  which nothing (no due date, start, recurrence or reference) could be read is ``vague``
  (``TBC``, ``Need to wait and see ...``).
"""

from __future__ import annotations

import calendar
import html
import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from pmplan.dates.periods import APRIL, FinancialYear, add_months, month_end, year_problem

__all__ = ["Timescale", "read_timescale"]


@dataclass(frozen=True, slots=True)
class Timescale:
    """What the words of a timescale say, and which words could not be read."""

    text: str  # the words as written
    due: date | None  # last day by which due (None if none read)
    start: date | None  # start where the words give one
    recurring: bool  # ongoing/recurring -> never overdue
    refs: tuple[str, ...] = ()  # cross-references: "As for Reccs. 1 and 6" -> ("1", "6")
    unread: tuple[str, ...] = ()  # the words it could not read (kept, never guessed from)
    note: str | None = None  # words in brackets
    ambiguous: str | None = None  # why the reading is ambiguous; None otherwise
    impossible: tuple[str, ...] = ()  # dates written that name no day: "31/02/2011", "30 February 2026"

    @property
    def vague(self) -> bool:
        """True when no due date, no start, no recurrence, no cross-reference and no impossible
        date could be read."""
        return (
            self.due is None
            and self.start is None
            and not self.recurring
            and not self.refs
            and not self.impossible
        )


def read_timescale(text: str, fy: FinancialYear = APRIL) -> Timescale:
    """Read a timescale's words (see the module docstring for the conventions).

    ``fy`` is the council's financial year (April to March by default). Any string reads
    without raising; a non-string is read as its ``str()``.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return _read_cached(text, fy)


# ---------------------------------------------------------------------------------------------
# Calendar helpers


def _span(year: int, month: int, months: int) -> tuple[date, date]:
    """First and last day of ``months`` months starting at (year, month)."""
    end_year, end_month = add_months(year, month, months - 1)
    return date(year, month, 1), month_end(end_year, end_month)


def _financial_years(first: int, last: int, fy: FinancialYear) -> tuple[date, date]:
    """From the start of the financial year starting in ``first`` to the end of the one in ``last``."""
    return fy.year(first).start, fy.year(last).end


def _year(digits: str) -> int:
    """A written year: two digits are 20yy."""
    return 2000 + int(digits) if len(digits) <= 2 else int(digits)


def _second_year(first: int, digits: str) -> int:
    """The full year of the second part of ``2011/12`` or ``2011/2012``."""
    if len(digits) == 4:
        return int(digits)
    second = first // 100 * 100 + int(digits)
    return second + 100 if second <= first else second


# ---------------------------------------------------------------------------------------------
# Patterns. Each alternative is written with named groups; the scanner uses a copy with the
# names removed (one big alternation, tried left to right), then re-matches the winning
# alternative to pick out its parts.

_MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "winter": 12}
_ORDINALS = {"first": 1, "second": 2, "third": 3, "fourth": 4}

_L = r"(?<![a-z])"  # no letter before
_R = r"(?![a-z])"  # no letter after
_MONTH = (
    _L + r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)" + _R + r"\.?"
)
_SEASON = _L + r"(?:spring|summer|autumn|winter)" + _R
_PART = rf"(?:{_MONTH}|{_SEASON})"
_DAY = r"(?<!\d)\d{1,2}(?:st|nd|rd|th)?(?:\s+of)?"
_PARTD = rf"(?:{_DAY}(?:\s+|-))?{_PART}"
_Y4 = r"(?:19|20)\d\d"
_END = r"(?!\d|[/-]\d)"  # a year ends here: no more digits, not the first half of 2011/12
_YEAR = rf"(?:{_Y4}|\d\d){_END}"
_FYEAR = rf"{_Y4}(?:\s*[/-]\s*(?:{_Y4}|\d\d))?{_END}"
_DASH = r"(?:-+|\u2013|\u2014|\u2012|\u2212)"
_LIST_SEP = rf"(?:,?\s*(?:{_DASH}|to|until|till|through|thru|/|or|and|&)|,)"
_RANGE_WORDS = frozenset(
    {"-", "--", "\u2013", "\u2014", "\u2012", "\u2212", "to", "until", "till", "through", "thru"}
)
_REC_WORD = (
    r"(?:rec(?:c?s|c|ommendations?|omendations?)?|actions?|themes?|items?|paras?|paragraphs?"
    r"|sections?)"
)
_REF_ITEM = (
    rf"(?!{_Y4}(?![\w.:-]))(?:[a-z][\w-]*:)?[a-z]{{0,4}}\d+(?:[.-][a-z0-9]+)*"
    rf"(?![\w/])(?!\.?\s*{_MONTH})"
)
_REF_LEAD = r"(?:as\s+for|as\s+per|same\s+as|see(?:\s+also)?|refer\s+to|in\s+line\s+with|as)"

_ALTERNATIVES: list[tuple[str, str]] = [
    (
        "ref",
        rf"{_L}(?:{_REF_LEAD}\s+(?:{_REC_WORD}\.?\s*)?|{_REC_WORD}\.?\s*)"
        rf"(?P<refs>{_REF_ITEM}(?:\s*(?:,|and|&|/)\s*{_REF_ITEM})*)",
    ),
    (
        "recur",
        _L + r"(?:on[\s-]?going|constant(?:ly)?(?:\s+process)?|continu[a-z]*"
        r"|as\s+and\s+when(?:\s+(?:required|necessary|needed))?"
        r"|as\s+(?:required|necessary|needed|appropriate)|when\s+(?:required|necessary|needed)"
        r"|(?:at\s+least\s+)?(?:daily|weekly|fortnightly|monthly|quarterly|annually|annual|yearly"
        r"|bi-?annually|half[\s-]?yearly|six[\s-]?monthly|termly)"
        r"|(?:each|every|per)\s+(?:day|week|fortnight|month|quarter|year|term|annum|cycle)"
        r"|throughout|thereafter|regular(?:ly)?|rolling|routine(?:ly)?|periodic(?:ally)?"
        r"|business\s+as\s+usual|bau|permanent(?:ly)?)" + _R,
    ),
    ("iso", rf"(?<![\d/.-])(?P<iso_y>{_Y4})[-/.](?P<iso_m>\d{{1,2}})[-/.](?P<iso_d>\d{{1,2}})(?![\d])"),
    (
        "num",
        r"(?<![\d/.-])(?P<num_d>\d{1,2})(?P<num_s>[/.-])(?P<num_m>\d{1,2})[/.-]"
        rf"(?P<num_y>{_Y4}|\d\d)(?!\d)",
    ),
    (
        "days",
        rf"(?<!\d)(?P<days_a>\d{{1,2}})(?:st|nd|rd|th)?\s*(?:{_DASH}|to|until|till)\s*"
        rf"(?P<days_b>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?[\s-]+(?P<days_m>{_MONTH})[\s,-]+'?"
        rf"(?P<days_y>{_YEAR})",
    ),
    ("mdy", rf"(?P<mdy_m>{_MONTH})\s*(?P<mdy_d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<mdy_y>{_Y4}){_END}"),
    (
        "quarter",
        r"(?<![a-z0-9])(?:(?P<q_n>[1-4])(?:st|nd|rd|th)\s+quarter|(?P<q_w>first|second|third|fourth)"
        r"\s+quarter|(?:q|qtr\.?\s*|quarter\s*)(?P<q_d>[1-4]))(?!\d)(?:\s+of)?(?:\s+the)?"
        rf"(?:\s*(?:fy|financial\s+year))?[\s,]*(?P<q_y>{_FYEAR}|\d\d\s*/\s*\d\d(?!\d))",
    ),
    ("yquarter", rf"(?<![\d/.-])(?P<yq_y>{_FYEAR})\s*,?\s*(?:q|quarter\s*)(?P<yq_n>[1-4])(?!\d)"),
    ("seasonfy", rf"(?P<sf_p>{_SEASON})\s+(?P<sf_a>{_Y4})\s*/\s*(?P<sf_b>{_Y4}|\d\d){_END}"),
    (
        "list",
        rf"(?P<pl_a>{_PARTD})(?:\s*{_LIST_SEP}\s*{_PARTD})*?\s*(?P<pl_sep>{_LIST_SEP})\s*"
        rf"(?P<pl_b>{_PARTD})[\s,'-]*(?P<pl_y>{_YEAR})",
    ),
    ("part", rf"(?P<py_p>{_PARTD})[\s,'-]*(?P<py_y>{_YEAR})"),
    (
        "fy",
        rf"(?<![\d/.-])(?:(?:fy|financial\s+year)\s*)?(?P<fy_a>{_Y4})\s*(?P<fy_s>[/-])\s*"
        rf"(?P<fy_b>{_Y4}|\d\d){_END}",
    ),
    ("fy2", rf"{_L}(?:fy|financial\s+year)\s*(?P<fy2_a>\d\d)\s*/\s*(?P<fy2_b>\d\d)(?!\d)"),
    ("year", rf"(?<![\d/.-])(?P<year>{_Y4}){_END}"),
]

_FLAGS = re.IGNORECASE | re.ASCII
_NAMES = re.compile(r"\(\?P<\w+>")
_SCAN = re.compile(
    "|".join(f"(?P<{name}>{_NAMES.sub('(?:', pattern)})" for name, pattern in _ALTERNATIVES), _FLAGS
)
_DETAIL = {name: re.compile(pattern, _FLAGS) for name, pattern in _ALTERNATIVES}
_PART_DETAIL = re.compile(r"(?:(?P<day>\d{1,2})(?:st|nd|rd|th)?(?:\s+of)?(?:\s+|-))?(?P<name>[a-z]+)", _FLAGS)
_REF_SPLIT = re.compile(r"\s*(?:,|\band\b|&|/)\s*", _FLAGS)

_BLOCK_TAG = re.compile(r"</?(?:p|li|ul|ol|br|div|tr|td|th|table|h\d)\b[^<>]{0,300}>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]{0,300}>")
_BRACKETS = re.compile(r"\(([^()]*)\)|\[([^\[\]]*)\]")
_CHUNK_SPLIT = re.compile(r"[;,|\n\u2022\u25cf]|\.(?=\s|$)")
_STRIP = " .,:;!?\"'()[]{}*\u2018\u2019\u201c\u201d"

# Words that carry no date of their own, read as such and never reported as unread.
_FILLER = frozenset(
    {
        "end",
        "ending",
        "by",
        "before",
        "of",
        "the",
        "and",
        "&",
        "no",
        "later",
        "than",
        "latest",
        "at",
        "commencing",
        "w/c",
        "wc",
        "w/b",
        "week",
        "beginning",
        "start",
        "starting",
        "early",
        "mid",
        "late",
        "from",
        "to",
        "until",
        "till",
        "up",
        "between",
        "in",
        "on",
        "during",
        "within",
        "for",
        "or",
        "a",
        "an",
        "then",
        "approx",
        "approximately",
        "around",
        "about",
        "circa",
        "c",
        "due",
        "deadline",
        "target",
        "targeted",
        "date",
        "dates",
        "scheduled",
        "now",
        "be",
        "is",
        "are",
        "will",
        "should",
        "completed",
        "complete",
        "completion",
        "financial",
        "year",
        "years",
        "fy",
        "calendar",
        "onwards",
        "onward",
        "after",
        "expected",
        "planned",
        "proposed",
        "revised",
        "new",
        "-",
        "--",
        "\u2013",
        "\u2014",
        "/",
        "+",
        "operating",
        "operational",
        "operation",
        "place",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thur",
        "thurs",
        "fri",
        "sat",
        "sun",
    }
)
_FROM_WORDS = frozenset({"from", "commencing", "starting"})
_ONWARDS = frozenset({"onwards", "onward"})


# ---------------------------------------------------------------------------------------------
# Reading


@dataclass(slots=True)
class _Piece:
    """A stretch of the words that was read: a date span, a recurrence or cross-references."""

    lo: int
    hi: int
    kind: str  # "date" | "recur" | "ref"
    first: date | None = None
    last: date | None = None
    starts: bool = False  # the words give the first day as a start (a range)
    role: str = "due"  # "due" | "from" | "after"
    refs: tuple[str, ...] = ()
    why: str | None = None  # why the reading is ambiguous


@lru_cache(maxsize=16384)
def _read_cached(text: str, fy: FinancialYear) -> Timescale:
    """Read ``text``; cached because plans repeat the same few timescales."""
    body, note = _take_notes(_clean(text))
    impossible: list[str] = []
    pieces = _scan(body, fy, impossible)
    _join_ranges(body, pieces)
    _set_roles(body, pieces)
    due, start, recurring = _summarise(pieces)
    refs = tuple(dict.fromkeys(ref for piece in pieces for ref in piece.refs))
    why = "; ".join(dict.fromkeys(p.why for p in pieces if p.why)) or None
    unread = _unread(body, pieces)
    if not unread and not pieces and body.strip(_STRIP + "-/&"):
        unread = (" ".join(body.split()).strip(_STRIP),)
    if impossible:
        unread = tuple(w for w in unread if not any(w in bad or bad in w for bad in impossible))
    return Timescale(text, due, start, recurring, refs, unread, note, why, tuple(impossible))


def _clean(text: str) -> str:
    """Tags, entities and bullets left by converted Word tables made plain; parts kept apart."""
    if "<" in text:
        text = _TAG.sub(" ", _BLOCK_TAG.sub(" ; ", text))
    if "&" in text and ";" in text:
        text = html.unescape(text)
    return text.replace("\u00a0", " ")


def _take_notes(text: str) -> tuple[str, str | None]:
    """Words in brackets become the note; the rest is read."""
    if "(" not in text and "[" not in text:
        return text, None
    notes: list[str] = []

    def keep(match: re.Match[str]) -> str:
        words = " ".join((match.group(1) if match.group(1) is not None else match.group(2)).split())
        if words:
            notes.append(words)
        return " "

    body = _BRACKETS.sub(keep, text)
    return body, "; ".join(notes) or None


_DAY_KINDS = frozenset({"iso", "num", "days", "mdy", "part"})
_NO_SUCH_DAY = ("day is out of range", "month must be in")


def _scan(body: str, fy: FinancialYear, impossible: list[str] | None = None) -> list[_Piece]:
    """The pieces read from the words, in order; dates that name no day (``31/02/2011``) are
    added to ``impossible``."""
    pieces: list[_Piece] = []
    for match in _SCAN.finditer(body):
        kind = match.lastgroup or ""
        detail = _DETAIL[kind].fullmatch(match.group())
        if detail is None:
            continue
        if kind == "year" and not _year_stands_alone(body, pieces, match.start()):
            continue
        try:
            piece = _READERS[kind](detail, fy)
        except ValueError as exc:
            if impossible is not None and kind in _DAY_KINDS and str(exc).startswith(_NO_SUCH_DAY):
                impossible.append(" ".join(match.group().split()))
            piece = None
        except (OverflowError, KeyError):
            piece = None
        if piece is not None:
            piece.lo, piece.hi = match.start(), match.end()
            pieces.append(piece)
    return pieces


def _year_stands_alone(body: str, pieces: list[_Piece], lo: int) -> bool:
    """A bare year is read only at the start of a part or after a filler word ("by 2011")."""
    before = body[pieces[-1].hi if pieces else 0 : lo]
    words = before.split()
    if not words or before.rstrip()[-1:] in ";,|":
        return True
    return words[-1].strip(_STRIP).lower() in _FILLER


def _date_piece(first: date, last: date, starts: bool = False, why: str | None = None) -> _Piece:
    """A span of days; a year outside those pmplan reads is no date (its words stay unread)."""
    if year_problem(first.year) or year_problem(last.year):
        raise ValueError(f"{first.year} to {last.year}")
    return _Piece(0, 0, "date", first, last, starts=starts, why=why)


def _read_ref(m: re.Match[str], fy: FinancialYear) -> _Piece | None:
    refs = tuple(r.rstrip(".") for r in _REF_SPLIT.split(m.group("refs")) if r.strip(". "))
    return _Piece(0, 0, "ref", refs=refs) if refs else None


def _read_recur(m: re.Match[str], fy: FinancialYear) -> _Piece:
    return _Piece(0, 0, "recur")


def _read_iso(m: re.Match[str], fy: FinancialYear) -> _Piece:
    day = date(int(m.group("iso_y")), int(m.group("iso_m")), int(m.group("iso_d")))
    return _date_piece(day, day)


def _read_num(m: re.Match[str], fy: FinancialYear) -> _Piece | None:
    d, mo, y = m.group("num_d"), m.group("num_m"), m.group("num_y")
    if m.group("num_s") == "." and len(y) == 2 and (len(d) == 1 or len(mo) == 1):
        return None  # 1.2.10 is more likely a paragraph number than a date; 31.03.09 is a date
    day = date(_year(y), int(mo), int(d))
    why = None
    if int(d) <= 12 and int(mo) <= 12 and int(d) != int(mo):
        other = f"{int(mo)} {calendar.month_name[int(d)]}"
        why = f"{m.group()} could be {day.day} {calendar.month_name[day.month]} or {other}: read day first"
    return _date_piece(day, day, why=why)


def _read_days(m: re.Match[str], fy: FinancialYear) -> _Piece:
    year, month = _year(m.group("days_y")), _month_number(m.group("days_m"))
    first, last = date(year, month, int(m.group("days_a"))), date(year, month, int(m.group("days_b")))
    return _date_piece(first, last, starts=True)


def _read_mdy(m: re.Match[str], fy: FinancialYear) -> _Piece:
    day = date(int(m.group("mdy_y")), _month_number(m.group("mdy_m")), int(m.group("mdy_d")))
    return _date_piece(day, day)


def _read_quarter(m: re.Match[str], fy: FinancialYear) -> _Piece | None:
    number = int(m.group("q_n") or m.group("q_d") or _ORDINALS[m.group("q_w").lower()])
    return _quarter_piece(number, m.group("q_y"), fy)


def _read_yquarter(m: re.Match[str], fy: FinancialYear) -> _Piece | None:
    return _quarter_piece(int(m.group("yq_n")), m.group("yq_y"), fy)


def _quarter_piece(number: int, years: str, fy: FinancialYear) -> _Piece | None:
    """Quarter ``number`` of the financial year written ``2009/10``, ``09/10`` or ``2009``."""
    parts = re.split(r"\s*[/-]\s*", years.strip())
    start_year = _year(parts[0])
    why = None
    if len(parts) == 2:
        if _second_year(start_year, parts[1]) != start_year + 1:
            return None
        if fy.is_calendar_year:
            why = _january_note(years.strip(), start_year)
    elif not fy.is_calendar_year:
        why = (
            f"a quarter with one year: read Q{number} {start_year} as Q{number} of "
            f"financial year {fy.label(start_year)}"
        )
    quarter = fy.quarter(start_year, number)
    first, last = quarter.start, quarter.end
    return _date_piece(first, last, why=why)


def _january_note(written: str, start_year: int) -> str:
    return f"financial years start in January: {written} read as the year {start_year}"


def _read_seasonfy(m: re.Match[str], fy: FinancialYear) -> _Piece | None:
    first_year = int(m.group("sf_a"))
    if _second_year(first_year, m.group("sf_b")) != first_year + 1:
        return None
    first, last = _part_span(m.group("sf_p"), first_year)
    return _date_piece(first, last)


def _read_list(m: re.Match[str], fy: FinancialYear) -> _Piece | None:
    """``January to March 2007`` (a range) or ``Aug / Sep 10`` (either: the later is due)."""
    year = _year(m.group("pl_y"))
    b_first, b_last = _part_span(m.group("pl_b"), year)
    a_first, _ = _part_span(m.group("pl_a"), year)
    if a_first > b_first:
        a_first, _ = _part_span(m.group("pl_a"), year - 1)
    is_range = m.group("pl_sep").strip(" ,").lower() in _RANGE_WORDS
    return _date_piece(a_first, b_last, starts=True) if is_range else _date_piece(b_last, b_last)


def _read_part(m: re.Match[str], fy: FinancialYear) -> _Piece:
    first, last = _part_span(m.group("py_p"), _year(m.group("py_y")))
    return _date_piece(first, last)


def _part_span(written: str, year: int) -> tuple[date, date]:
    """The days a month, season or day-and-month of ``year`` covers."""
    m = _PART_DETAIL.match(written.strip())
    if m is None:
        raise ValueError(written)
    name = m.group("name").lower()
    if name in _SEASONS:
        if m.group("day"):
            raise ValueError(written)
        return _span(year, _SEASONS[name], 3)
    month = _month_number(name)
    if m.group("day"):
        day = date(year, month, int(m.group("day")))
        return day, day
    return _span(year, month, 1)


def _month_number(name: str) -> int:
    return _MONTHS[name.strip(". ").lower()[:3]]


def _read_fy(m: re.Match[str], fy: FinancialYear) -> _Piece | None:
    return _years_piece(m.group("fy_a"), m.group("fy_s"), m.group("fy_b"), fy)


def _read_fy2(m: re.Match[str], fy: FinancialYear) -> _Piece | None:
    return _years_piece(m.group("fy2_a"), "/", m.group("fy2_b"), fy)


def _years_piece(a: str, sep: str, b: str, fy: FinancialYear) -> _Piece | None:
    """``2011/12``, ``2011/2012``, ``2023-27`` (financial years) or ``2025-08`` (a month)."""
    first = _year(a)
    second = _second_year(first, b)
    written = f"{a}{sep}{b}"
    could_be_month = sep == "-" and len(b) == 2 and 1 <= int(b) <= 12 and len(a) == 4
    if not 1 <= second - first <= 10:
        if could_be_month:
            span = _span(first, int(b), 1)
            return _date_piece(*span)
        return None
    reasons = []
    if could_be_month:
        reasons.append(f"{written} could be {calendar.month_name[int(b)]} {first}: read as financial years")
    if fy.is_calendar_year:
        if second - first == 1:
            reasons.append(_january_note(written, first))
            span = _financial_years(first, first, fy)
        else:
            reasons.append(
                f"financial years start in January: {written} read as the years {first} to {second}"
            )
            span = _financial_years(first, second, fy)
    else:
        span = _financial_years(first, second - 1, fy)
    return _date_piece(*span, starts=second - first > 1, why="; ".join(reasons) or None)


def _read_year(m: re.Match[str], fy: FinancialYear) -> _Piece:
    year = int(m.group("year"))
    why = None
    if not fy.is_calendar_year:
        why = f"a year alone: read {year} as the calendar year, not financial year {fy.label(year)}"
    return _date_piece(date(year, 1, 1), date(year, 12, 31), why=why)


_READERS = {
    "ref": _read_ref,
    "recur": _read_recur,
    "iso": _read_iso,
    "num": _read_num,
    "days": _read_days,
    "mdy": _read_mdy,
    "quarter": _read_quarter,
    "yquarter": _read_yquarter,
    "seasonfy": _read_seasonfy,
    "list": _read_list,
    "part": _read_part,
    "fy": _read_fy,
    "fy2": _read_fy2,
    "year": _read_year,
}


# ---------------------------------------------------------------------------------------------
# Putting the pieces together


def _words(text: str) -> list[str]:
    return [w for w in (w.strip(_STRIP).lower() for w in text.split()) if w]


def _join_ranges(body: str, pieces: list[_Piece]) -> None:
    """Two dates joined by a dash or "to" (or "between ... and") become one range."""
    i = 0
    while i < len(pieces) - 1:
        a, b = pieces[i], pieces[i + 1]
        if (
            a.kind == b.kind == "date"
            and a.first is not None
            and b.last is not None
            and a.first <= b.last
            and _is_range(body, pieces, i)
        ):
            why = "; ".join(w for w in (a.why, b.why) if w) or None
            pieces[i] = _Piece(a.lo, b.hi, "date", a.first, b.last, starts=True, why=why)
            del pieces[i + 1]
            continue
        i += 1


def _is_range(body: str, pieces: list[_Piece], i: int) -> bool:
    gap = body[pieces[i].hi : pieces[i + 1].lo]
    between = _words(gap)
    if between and between[0] in _RANGE_WORDS and all(w in {"end", "of", "the"} for w in between[1:]):
        return not any(mark in gap for mark in ",;|")
    before = _words(body[pieces[i - 1].hi if i else 0 : pieces[i].lo])
    return between == ["and"] and bool(before) and before[-1] == "between"


def _set_roles(body: str, pieces: list[_Piece]) -> None:
    """Dates after "from"/"commencing" or before "onwards" are starts; after "after", the day after."""
    for i, piece in enumerate(pieces):
        if piece.kind != "date" or piece.starts:
            continue
        before = _words(body[pieces[i - 1].hi if i else 0 : piece.lo])
        after = _words(body[piece.hi : pieces[i + 1].lo if i + 1 < len(pieces) else len(body)])
        last_word = before[-1] if before else ""
        if last_word == "after":
            piece.role = "after"
        elif (last_word in _FROM_WORDS and before[-2:-1] != ["week"]) or (after and after[0] in _ONWARDS):
            piece.role = "from"


def _summarise(pieces: list[_Piece]) -> tuple[date | None, date | None, bool]:
    """Due (the latest date due), start (the earliest start given) and recurrence."""
    dues: list[date] = []
    starts: list[date] = []
    recurring = any(p.kind == "recur" for p in pieces)
    has_from = False
    for p in pieces:
        if p.kind != "date" or p.first is None or p.last is None:
            continue
        if p.role == "from":
            starts.append(p.first)
            has_from = True
        elif p.role == "after":
            if p.last < date.max:
                starts.append(p.last + timedelta(days=1))
        else:
            dues.append(p.last)
            if p.starts:
                starts.append(p.first)
    due = max(dues) if dues else None
    start = min(starts) if starts else None
    if due is not None and start is not None and start > due:
        start = None
    return due, start, recurring or (has_from and due is None)


def _unread(body: str, pieces: list[_Piece]) -> tuple[str, ...]:
    """The words between the pieces that are neither filler nor read."""
    runs: list[str] = []
    edges = [0] + [x for p in pieces for x in (p.lo, p.hi)] + [len(body)]
    for k in range(0, len(edges), 2):
        gap = body[edges[k] : edges[k + 1]]
        if gap.strip():
            runs.extend(_gap_runs(gap, after_piece=k > 0, before_piece=k + 2 < len(edges)))
    return tuple(runs)


def _gap_runs(gap: str, after_piece: bool, before_piece: bool) -> list[str]:
    """Unread runs of one gap: split at punctuation; filler trimmed where it links to a piece."""
    chunks = _CHUNK_SPLIT.split(gap)
    runs = []
    for n, chunk in enumerate(chunks):
        words = chunk.split()
        keys = [w.strip(_STRIP).lower() for w in words]
        i, j = 0, len(words)
        if n == 0 and after_piece:
            while i < j and (not keys[i] or keys[i] in _FILLER):
                i += 1
        if n == len(chunks) - 1 and before_piece:
            while j > i and (not keys[j - 1] or keys[j - 1] in _FILLER):
                j -= 1
        if any(k and k not in _FILLER for k in keys[i:j]):
            runs.append(" ".join(words[i:j]).strip(_STRIP))
    return runs
