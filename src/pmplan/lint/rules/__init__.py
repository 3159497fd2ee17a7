"""The lint rules, in one visible table: stable name -> default severity and check.

A rule's name is never reused for something else. Its docstring is its documentation
(``docs/rules.md`` is generated from it): what it finds, why it matters, an example and
the fix.
"""

from __future__ import annotations

from pmplan.findings import Severity
from pmplan.lint.rules import actions, audit, calendar, indicators, links, notes, text
from pmplan.lint.rules.base import Context, Problem, Rule

E, W, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO

RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in [
        Rule("invalid-file", E, links.invalid_file),
        Rule("duplicate-id", E, links.duplicate_id),
        Rule("comment-in-text", E, links.comment_in_text),
        Rule("missing-lead", E, actions.missing_lead),
        Rule("missing-timescale", E, actions.missing_timescale),
        Rule("unknown-person", E, links.unknown_person),
        Rule("broken-link", E, links.broken_link),
        Rule("overdue", W, actions.overdue),
        Rule("impossible-date", E, actions.impossible_date),
        Rule("vague-timescale", W, actions.vague_timescale),
        Rule("ambiguous-timescale", INFO, actions.ambiguous_timescale),
        Rule("stale-update", W, actions.stale_update),
        Rule("orphan-action", W, actions.orphan_action),
        Rule("priority-without-indicator", W, indicators.priority_without_indicator),
        Rule("indicator-missing-owner", E, indicators.indicator_missing_owner),
        Rule("indicator-missing-deputy", W, indicators.indicator_missing_deputy),
        Rule("missing-target", W, indicators.missing_target),
        Rule("complete-without-update", W, actions.complete_without_update),
        Rule("future-update", E, actions.future_update),
        Rule("complete-without-evidence", E, audit.complete_without_evidence),
        Rule("closed-with-open-actions", E, audit.closed_with_open_actions),
        Rule("date-moved-too-often", W, audit.date_moved_too_often),
        Rule("moved-without-extension", W, audit.moved_without_extension),
        Rule("overdue-high-priority", E, audit.overdue_high_priority),
        Rule("overdue-recommendation", W, audit.overdue_recommendation),
        Rule("missing-evidence-file", E, audit.missing_evidence_file),
        Rule("meeting-outside-months", W, calendar.meeting_outside_months),
        Rule("period-reported-twice", E, calendar.period_reported_twice),
        Rule("undated-meeting", W, calendar.undated_meeting),
        Rule("report-notes-disagree", W, notes.notes_disagree),
        Rule("report-notes-missing", W, notes.notes_missing),
        Rule("red-without-corrective-action", W, notes.red_without_corrective_action),
        Rule("amber-worse-unexplained", W, notes.amber_worse_unexplained),
        Rule("control-character", W, text.control_character),
    ]
}

__all__ = ["RULES", "Context", "Problem", "Rule"]
