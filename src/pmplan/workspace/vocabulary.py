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
