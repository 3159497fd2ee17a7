"""What a cell's words say: a status, a date, an id, a person, a number.

Councils write status as words (``Complete``, ``In hand``, ``Late``), as RAG colours, as a
date in a *Date completed* column, or inside progress text (``Done (May 2016)``, ``This action
is now complete``). :func:`read_status` knows the words; :func:`says_complete` finds the
sentences that say an action is done (and not those that say it will be). :func:`dates_in`
finds the dates a text gives, for dating an update: ``12/05/2014``, ``12 May 2014``,
``May 2016`` (the month's last day). The ``looks_like_*`` functions tell what a column holds
from its cells, for finding columns whose headers say nothing.
"""

from __future__ import annotations

import re
from calendar import monthrange
from datetime import date
from functools import lru_cache

from pmplan.workspace.vocabulary import Status

_STATUS_WORDS = {
    Status.COMPLETE: "complete|completed|done|achieved|closed|implemented|finished|blue|fully implemented"
    "|delivered|in place|signed off|actioned|resolved",
    Status.ON_TRACK: "on track|on target|green|g|in progress|underway|under way|started|ongoing|on going|in hand"
    "|progressing|partially implemented|partly implemented|partially complete|part complete|doing"
    "|substantially complete|nearly complete|largely complete",
    Status.AT_RISK: "at risk|amber|a|slipping|some slippage|minor slippage|potential delay",
    Status.DELAYED: "delayed|red|r|behind|overdue|behind schedule|not on track|off track|off target|late"
    "|slipped|significant slippage|past due|beyond target date",
    Status.NOT_STARTED: "not started|not yet started|not due|not yet due|planned|to start|future|not begun",
    Status.CANCELLED: "cancelled|canceled|withdrawn|superseded|deleted|no longer required|not required",
    Status.NO_FURTHER_ACTION: "no further action|nfa|risk accepted|accepted risk",
}
STATUS_WORDS = {word: str(status) for status, words in _STATUS_WORDS.items() for word in words.split("|")}
"""A status cell's words (normalised: lower case, punctuation as spaces) -> status."""

_PRIORITIES = {
    word: priority
    for priority, words in {
        "high": "h|hi|high|1|priority 1|p1|fundamental|significant|major|urgent",
        "medium": "m|med|medium|2|priority 2|p2|moderate|merits attention",
        "low": "l|lo|low|3|priority 3|p3|minor|housekeeping",
    }.items()
    for word in words.split("|")
}
_NEGATIVE = re.compile(
    r"^(no|n|not yet|not complete|not completed|outstanding|open|pending|n a|na|none|nil|tbc|tba|tbd"
    r"|ongoing|on going|in progress|to follow)$"
)
_MONTH_WORDS = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"
_MONTH = r"(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_COMPLETE_SENTENCE = re.compile(
    rf"^(?:action\s+|recommendation\s+)?(?:complete[d]?|done|achieved|implemented|finished|closed)"
    rf"(?:\s*$|\s*[.\-–—:,;(!]|\s+(?:in|on|at|from|during)?\s*(?:\d|{_MONTH_WORDS}|q[1-4]\b|quarter))"
    r"|\b(?:this|the|action|recommendation|work|task|it|which|all\s+actions?)\s+(?:is|was|has\s+been|have\s+been|are|were)"
    r"\s+(?:now\s+|fully\s+|successfully\s+)?(?:complete[d]?|implemented|achieved|done|closed)\b",
    re.IGNORECASE,
)
_NOT_DONE = re.compile(
    r"\b(?:not|partially|partly|part|nearly|almost|largely|substantially|once|until|when|will|to\s+be|should|expected|due\s+to\s+be|being|yet)\s+"
    r"(?:\w+\s+){0,2}?(?:complete[d]?|implemented|achieved|done|closed)\b",
    re.IGNORECASE,
)
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
    "sept": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTH}\.?,?\s+(\d{{4}}|\d{{2}})\b", re.I
)
_MONTH_DAY_YEAR = re.compile(rf"\b{_MONTH}\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,\s+(\d{{4}})\b", re.I)
_NUMERIC = re.compile(r"(?<![\d/.])(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})(?![\d/])")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTH_YEAR = re.compile(rf"\b{_MONTH}\.?[\s\-'’]+(\d{{4}}|\d{{2}})\b", re.I)
_DATE_LIKE = re.compile(
    rf"^(?:(?:by|end|end of|before|from|w/?c|week commencing|target|due|revised|original)\s+)*"
    rf"(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-]\d{{2,4}}|\d{{4}}-\d{{2}}-\d{{2}}|(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?{_MONTH}\.?[\s\-'’]*(?:\d{{4}}|\d{{2}})?"
    rf"|q[1-4]\b.*|quarter\s+[1-4].*|\d{{4}}\s*/\s*\d{{2,4}}|\d{{4}}|spring.*|summer.*|autumn.*|winter.*|ongoing|on-?going|tbc|tba"
    rf"|annual(?:ly)?|monthly|quarterly|immediate(?:ly)?)(?:\s*[-–—,;&]\s*.*)?$",
    re.I,
)
_INITIALS = re.compile(
    r"^[A-Z][A-Za-z]{0,1}[A-Z]{1,3}(?:\s*(?:[,/&;+]|and)\s*[A-Z][A-Za-z]{0,1}[A-Z]{1,3})*$"
)
_NAME = re.compile(
    r"^(?:(?i:cllr|councillor|mr|mrs|ms|dr)\.?\s+)?[A-Z][a-z'’\-]+\s+[A-Z][A-Za-z'’\-]+"
    r"(?:\s*(?:[,/&;]|and)\s*(?:(?i:cllr|councillor|mr|mrs|ms|dr)\.?\s+)?[A-Z][a-z'’\-]+\s+[A-Z][A-Za-z'’\-]+)*$"
)
_ROLE = re.compile(
    r"\b(head|manager|director|officer|chief|executive|lead|leader|team|cmt|slt|smt|clt|board|portfolio"
    r"|cabinet|coordinator|co-ordinator|adviser|advisor|auditor|clerk|monitoring)s?\b",
    re.I,
)
_ID = re.compile(
    r"^(?:[A-Z]{1,4}[.\-/ ]?)?\d{1,3}(?:[.\-/]\d{1,3}){0,3}[a-z]?\.?$|^[A-Z]{1,4}\d{0,3}[.\-/]\d{1,3}(?:[.\-/]\d{1,3})*$"
    r"|^\(?[a-z]\)?$|^\(?(?:i{1,3}|iv|vi{0,3}|ix|x)\)$"
)
_NUMBER = re.compile(r"^[£$€]?\s*-?\d[\d,]*(?:\.\d+)?\s*%?$")


_TAGS = re.compile(r"<[^>]+>")
_NOT_WORD = re.compile(r"[^a-z0-9#]+")


@lru_cache(maxsize=16384)
def normalise(text: str) -> str:
    """Words for comparing: lower case, ``&`` as ``and``, punctuation and markup as spaces."""
    text = (
        _TAGS.sub(" ", text).lower().replace("&", " and ")
        if "<" in text
        else text.lower().replace("&", " and ")
    )
    return " ".join(_NOT_WORD.sub(" ", text).split())


@lru_cache(maxsize=4096)
def read_status(text: str) -> str | None:
    """``Green`` -> on-track; ``Complete - signed off`` -> complete (the longest known start).

    None where the words are not a status pmplan knows.
    """
    words = normalise(text).split()
    for length in range(min(len(words), 5), 0, -1):
        phrase = " ".join(words[:length])
        if (length == len(words) or len(phrase) > 1) and phrase in STATUS_WORDS:
            if length < len(words) and words[length] in {"not", "yet"}:
                return None
            return STATUS_WORDS[phrase]
    return None


def read_priority(text: str) -> str | None:
    return _PRIORITIES.get(normalise(text))


def says_not_done(text: str) -> bool:
    """A completed-column cell that says the action is not done: ``No``, ``Not yet``, ``N/A``."""
    return bool(_NEGATIVE.match(normalise(text))) or normalise(text) == ""


def says_complete(text: str) -> bool:
    """Progress words that say the action is done: ``Completed May 2019``, ``This action is now
    complete``; not ``to be completed by March`` or ``partially implemented``."""
    for sentence in re.split(r"(?<=[.!?;])\s+|\n", text):
        sentence = sentence.strip().lstrip("-•").strip()
        if _COMPLETE_SENTENCE.search(sentence) and not _NOT_DONE.search(sentence):
            return True
    return False


def _year(text: str) -> int:
    year = int(text)
    return year + 2000 if year < 100 else year


def _date(year: int, month: int, day: int | None) -> date | None:
    if not 1900 <= year <= 2100 or not 1 <= month <= 12:
        return None
    last = monthrange(year, month)[1]
    if day is None:
        return date(year, month, last)
    return date(year, month, day) if 1 <= day <= last else None


def dates_in(text: str) -> list[tuple[int, date, bool]]:
    """The dates a text gives, in order: (position, date, exact?). A month alone is its last day
    (``exact`` False); a two-digit year is 20yy; numbers are day first (``12/05/2014``)."""
    found: list[tuple[int, date, bool]] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, day: date | None, exact: bool) -> None:
        if day is None or any(s < end and start < e for s, e in taken):
            return
        taken.append((start, end))
        found.append((start, day, exact))

    for m in _ISO.finditer(text):
        add(m.start(), m.end(), _date(int(m.group(1)), int(m.group(2)), int(m.group(3))), True)
    for m in _NUMERIC.finditer(text):
        add(m.start(), m.end(), _date(_year(m.group(3)), int(m.group(2)), int(m.group(1))), True)
    for m in _DAY_MONTH_YEAR.finditer(text):
        add(
            m.start(),
            m.end(),
            _date(_year(m.group(3)), _MONTHS[m.group(2)[:3].lower()], int(m.group(1))),
            True,
        )
    for m in _MONTH_DAY_YEAR.finditer(text):
        add(
            m.start(),
            m.end(),
            _date(_year(m.group(3)), _MONTHS[m.group(1)[:3].lower()], int(m.group(2))),
            True,
        )
    for m in _MONTH_YEAR.finditer(text):
        add(m.start(), m.end(), _date(_year(m.group(2)), _MONTHS[m.group(1)[:3].lower()], None), False)
    return sorted(found)


_MAY_LEAD = re.compile(r"^[-•\s]*(?:\d|jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)", re.I)


def leading_date(text: str) -> tuple[date, str] | None:
    """A date that starts the text (``12/03/2019 - Draft agreed``): (date, the rest)."""
    if _MAY_LEAD.match(text) is None:
        return None
    stripped = text.lstrip("-• ")
    for position, day, _ in dates_in(stripped[:40]):
        if position == 0:
            rest = stripped[len(stripped) - len(stripped.lstrip()) :]
            head = re.match(
                r"^(?:\d{4}-\d{2}-\d{2}|\d{1,2}[/.]\d{1,2}[/.]\d{2,4}|\d{1,2}(?:st|nd|rd|th)?\s+\w+\.?,?\s+\d{2,4}"
                r"|\w+\.?[\s\-'’]+\d{2,4})",
                rest,
            )
            after = rest[head.end() :] if head else rest
            return day, after.lstrip(" :-–—,.").strip()
    return None


# --- what a column holds ------------------------------------------------------------------


def looks_like_date(text: str) -> bool:
    return len(text) <= 60 and bool(_DATE_LIKE.match(text.strip()))


def looks_like_person(text: str) -> bool:
    flat = " ".join(text.split())
    if len(flat) > 80:
        return False
    return bool(_INITIALS.match(flat) or _NAME.match(flat) or (_ROLE.search(flat) and len(flat.split()) <= 8))


def looks_like_id(text: str) -> bool:
    flat = text.strip()
    return len(flat) <= 14 and bool(_ID.match(flat))


def looks_like_number(text: str) -> bool:
    return bool(_NUMBER.match(text.strip()))


def looks_like_sentence(text: str) -> bool:
    """Action or progress text: four words or more, mostly letters."""
    words = text.split()
    return len(words) >= 4 and sum(c.isalpha() for c in text) >= len(text) / 2


def looks_like_status(text: str) -> bool:
    flat = normalise(text)
    return 0 < len(flat) <= 40 and read_status(text) is not None and len(flat.split()) <= 5
