"""The words of the plan-file format, each said once: statuses, the id pattern, id namespaces.

Models, lint messages, help text, the JSON Schema, the report and the docs all read them
from here, so that a status or an id rule is never spelt two ways.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """An action's status, as written in plan files. A missing status is ``not-started``."""

    NOT_STARTED = "not-started"
    ON_TRACK = "on-track"
    AT_RISK = "at-risk"
    DELAYED = "delayed"
    COMPLETE = "complete"
    NO_FURTHER_ACTION = "no-further-action"
    CANCELLED = "cancelled"

    @property
    def closed(self) -> bool:
        """Complete, no further action or cancelled: nothing more is due."""
        return self in CLOSED_STATUSES

    @property
    def label(self) -> str:
        """As a committee reads it: ``On track``."""
        return _LABELS[self]

    @property
    def meaning(self) -> str:
        """What the status says about the action, for a report's key."""
        return _MEANINGS[self]

    @property
    def rag(self) -> str | None:
        """The red/amber/green an action's status stands for; None where it stands for none."""
        return _RAG.get(self)


STATUSES: tuple[str, ...] = tuple(s.value for s in Status)
CLOSED_STATUSES = frozenset({Status.COMPLETE, Status.NO_FURTHER_ACTION, Status.CANCELLED})
EXCEPTION_STATUSES = frozenset({Status.DELAYED, Status.AT_RISK})
"""Statuses a report shows by exception, with overdue actions."""

_LABELS = {
    Status.NOT_STARTED: "Not started",
    Status.ON_TRACK: "On track",
    Status.AT_RISK: "At risk",
    Status.DELAYED: "Delayed",
    Status.COMPLETE: "Complete",
    Status.NO_FURTHER_ACTION: "No further action",
    Status.CANCELLED: "Cancelled",
}
_MEANINGS = {
    Status.COMPLETE: "Done.",
    Status.ON_TRACK: "Progressing as planned, to be done by its due date.",
    Status.AT_RISK: "May miss its due date; action is being taken.",
    Status.DELAYED: "Behind its due date or agreed milestones.",
    Status.NOT_STARTED: "Not yet begun, and not yet due.",
    Status.NO_FURTHER_ACTION: "Closed: no further action is needed.",
    Status.CANCELLED: "Closed: no longer to be done.",
}
_RAG = {
    Status.COMPLETE: "green",
    Status.ON_TRACK: "green",
    Status.AT_RISK: "amber",
    Status.DELAYED: "red",
}

STATUS_SYNONYMS: dict[str, Status] = {
    "done": Status.COMPLETE,
    "completed": Status.COMPLETE,
    "finished": Status.COMPLETE,
    "achieved": Status.COMPLETE,
    "implemented": Status.COMPLETE,
    "fully implemented": Status.COMPLETE,
    "closed": Status.COMPLETE,
    "in progress": Status.ON_TRACK,
    "started": Status.ON_TRACK,
    "ongoing": Status.ON_TRACK,
    "on going": Status.ON_TRACK,
    "underway": Status.ON_TRACK,
    "under way": Status.ON_TRACK,
    "progressing": Status.ON_TRACK,
    "on target": Status.ON_TRACK,
    "on schedule": Status.ON_TRACK,
    "overdue": Status.DELAYED,
    "late": Status.DELAYED,
    "behind": Status.DELAYED,
    "behind schedule": Status.DELAYED,
    "slipped": Status.DELAYED,
    "not yet started": Status.NOT_STARTED,
    "to do": Status.NOT_STARTED,
    "nfa": Status.NO_FURTHER_ACTION,
    "no action needed": Status.NO_FURTHER_ACTION,
    "canceled": Status.CANCELLED,
    "withdrawn": Status.CANCELLED,
    "dropped": Status.CANCELLED,
}
"""Words officers write for a status (lower case, single spaces) -> the status they mean,
plainly enough for the loader's did-you-mean and ``lint --fix`` to act on. The importer reads
a spreadsheet's status cells with a wider list of its own (RAG colours, words it guesses
from), which never disagrees with this one (a test checks)."""

RAG_WORDS = frozenset({"red", "amber", "green", "rag", "r", "a", "g", "red/amber", "amber/green"})
"""A RAG rating written as a status: an action's RAG comes from its status."""


def status_key(text: str) -> str:
    """A status as typed, compared without case, spacing or punctuation: ``On Track`` and
    ``on_track`` are ``on track``."""
    return " ".join(text.lower().replace("-", " ").replace("_", " ").replace(".", " ").split())


def status_meant(text: str) -> Status | None:
    """The status a word means where that is unambiguous: a status in another case or
    spacing (``On Track``), or a known synonym (``done``); None for anything else."""
    key = status_key(text)
    for status in Status:
        if status_key(status.value) == key:
            return status
    return STATUS_SYNONYMS.get(key)


def suggest_status(text: str) -> str:
    """Why ``text`` is not a status, and what to write instead."""
    import difflib

    meant = status_meant(text)
    listed = ", ".join(STATUSES)
    if meant is not None:
        return f"'{text}' is not a status: write '{meant.value}'"
    if status_key(text) in RAG_WORDS:
        by_rag = "; ".join(
            f"{rag}: {', '.join(s.value for s in Status if s.rag == rag)}"
            for rag in ("green", "amber", "red")
        )
        return (
            f"'{text}' is a RAG rating, not a status: pmplan works out an action's RAG from its "
            f"status ({by_rag}): write the status instead"
        )
    hint = difflib.get_close_matches(text, STATUSES, n=1, cutoff=0.6)
    extra = f" (did you mean '{hint[0]}'?)" if hint else ""
    return f"'{text}' is not a status{extra}; statuses are {listed}"


PERSON_FIELDS = frozenset({"leads", "lead", "owner", "deputy", "by"})
"""Fields that name people by their id in the people file."""


class Grade(StrEnum):
    """How urgent an auditor graded a recommendation (or a plan an action): the words
    ``priority:`` takes. Highest first, so that sorting by :attr:`rank` lists high first."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"

    @property
    def label(self) -> str:
        """As a committee reads it: ``High``."""
        return self.value.capitalize()

    @property
    def rank(self) -> int:
        """0 for high, 1 for medium, 2 for low."""
        return _GRADE_ORDER.index(self)


_GRADE_ORDER = (Grade.HIGH, Grade.MEDIUM, Grade.LOW)
GRADES: tuple[str, ...] = tuple(g.value for g in Grade)


class Closure(StrEnum):
    """When a plan's work counts as closed: ``complete`` (the default: when the lead marks it
    complete) or ``verified`` (only once someone has checked the evidence and said so)."""

    COMPLETE = "complete"
    VERIFIED = "verified"


class Stage(StrEnum):
    """Where a recommendation stands on its way to closure, as an audit committee's tracker
    counts it. Every recommendation is in exactly one stage."""

    OPEN = "open"
    """Work still to do."""
    IMPLEMENTED = "implemented"
    """Complete, and not (yet) verified."""
    VERIFIED = "verified"
    """Complete, with the evidence checked."""
    WITHDRAWN = "withdrawn"
    """Closed without being implemented: no further action, or cancelled."""

    @property
    def label(self) -> str:
        return _STAGE_LABELS[self]


_STAGE_LABELS = {
    Stage.OPEN: "Open",
    Stage.IMPLEMENTED: "Implemented",
    Stage.VERIFIED: "Verified",
    Stage.WITHDRAWN: "Closed (not implemented)",
}


class Decision(StrEnum):
    """What became of a request to extend a timescale."""

    APPROVED = "approved"
    REFUSED = "refused"
    PENDING = "pending"
    """Asked for, not yet decided."""


ID_MAX_LENGTH = 40
ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._/-]*$"
ID_RULE = "ids are letters, digits and '._/-', starting with a letter or digit, at most 40 characters"


class Namespace(StrEnum):
    """Where an id must be unique. Priorities, outcomes and indicators share one namespace,
    the golden thread's, so that a link names exactly one of them."""

    PERSON = "person"
    THREAD = "thread"
    REPORT = "report"
    PLAN = "plan"
    GROUP = "group"
    ACTION = "action"
    NOTES = "notes"

    @property
    def noun(self) -> str:
        """What an id of this namespace names, for messages."""
        return _NOUNS[self]


_NOUNS = {
    Namespace.PERSON: "person id",
    Namespace.THREAD: "id",
    Namespace.REPORT: "report id",
    Namespace.PLAN: "plan id",
    Namespace.GROUP: "recommendation/theme",
    Namespace.ACTION: "action",
    Namespace.NOTES: "report notes for",
}
