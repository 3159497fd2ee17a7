"""Rules about actions: owners, dates, progress."""

from __future__ import annotations

from collections.abc import Iterator

from pmplan.lint.rules.base import Context, Problem
from pmplan.workspace.index import ActionView, Workspace, place_of


def _open(ws: Workspace) -> Iterator[ActionView]:
    return (a for a in ws.action_list if not a.closed)


def missing_lead(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An action with no lead, after inheritance.

    Every action needs someone answerable for it. An action takes its leads from its own
    `leads`, else from its recommendation's or theme's `leads`, else from the plan's `owner`;
    this finds actions where all three are missing.

    Example:

        - id: a
          title: Weekly meeting on empty homes
          timescale: Jun 25

    Fix: name the lead (person ids from `kind: people`), here or on the recommendation:

        - id: a
          title: Weekly meeting on empty homes
          leads: [HB]
          timescale: Jun 25
    """
    for item in ws.action_list:
        if not item.leads:
            yield Problem(
                item.place(),
                f"action {item.ref} has no lead: add 'leads: [ID]' "
                "(or give its recommendation or theme leads, or the plan an owner)",
                item.ref,
            )


def missing_timescale(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An action with no timescale and no due date.

    Without a date nobody can tell whether an action is late, and committees cannot hold
    anyone to it. Recurring work still needs a timescale: write `Ongoing`.

    Example:

        - id: c
          title: Survey tenants who moved into a re-let home
          leads: [HB]

    Fix:

        - id: c
          title: Survey tenants who moved into a re-let home
          leads: [HB]
          timescale: March 2026
    """
    for item in ws.action_list:
        if not item.action.timescale and item.action.due is None:
            yield Problem(
                item.place(),
                f"action {item.ref} has no timescale: add 'timescale:' "
                "(e.g. 'Oct 26', '2026/27', 'Ongoing') or 'due: YYYY-MM-DD'",
                item.ref,
            )


def overdue(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An open action whose due date is before the as-of date.

    Overdue actions are what committees ask about first. Either the work is done (set the
    status), or the date has moved (change the timescale, keep the agreed one as
    `baseline`, and add an update saying why).

    Example (as of 2025-11-20):

        timescale: Jun 25
        status: on-track

    Fix:

        timescale: Jan 26
        baseline: Jun 25
        status: delayed
        updates:
          - date: 2025-11-18
            text: Contractor changed; meetings resume in January.
    """
    for item in _open(ws):
        if item.overdue(ctx.as_of):
            key = "due" if item.action.due is not None else "timescale"
            days = (ctx.as_of - item.due).days if item.due else 0
            yield Problem(
                item.place(key),
                f"action {item.ref} was due {item.due:%d %b %Y} ({days} day{'s' if days != 1 else ''} ago) "
                f"and is {item.status}: update its status or timescale",
                item.ref,
            )


def impossible_date(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A timescale holding a date that does not exist, such as `31/02/2011`.

    The committee approved a date nobody can meet, and pmplan cannot tell when the action
    is due: it is never reported as overdue. Usually a slip of the day or the month.

    Example:

        timescale: 31/02/2011

    Fix: the date meant (the end of the month, here):

        timescale: 28/02/2011
    """
    for item in ws.action_list:
        reading = item.reading
        if reading is not None and reading.impossible:
            words = ", ".join(f"'{w}'" for w in reading.impossible)
            yield Problem(
                item.place("timescale"),
                f"action {item.ref}: timescale '{reading.text}' holds a date that does not exist ({words}): "
                "correct the day or the month",
                item.ref,
            )


def vague_timescale(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A timescale from which no date, range or recurrence can be read.

    Words such as `TBC` or `Need to wait and see` cannot be monitored: the action can never
    be overdue, so it never comes back to committee. pmplan keeps the words as written and
    never guesses a date from them.

    Example:

        timescale: Need to wait and see what the review recommends

    Fix: give the date the decision is expected, or an explicit due date:

        timescale: Mar 26 (after the contract review)
    """
    for item in ws.action_list:
        reading = item.reading
        if reading is not None and reading.vague and item.action.due is None:
            yield Problem(
                item.place("timescale"),
                f"action {item.ref}: no date can be read from "
                f"the timescale '{reading.text}': give a month, a date or a financial year "
                "(or 'Ongoing' for recurring work)",
                item.ref,
            )


def ambiguous_timescale(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A timescale that can be read more than one way.

    A quarter with one calendar year (`Q4 2009`) could be the calendar quarter or the
    financial one; a numeric date such as `03/04/2026` could be 3 April or 4 March.
    pmplan reads them the UK way (financial quarter of the year starting then; day first),
    but a reader might not.

    Example:

        timescale: Q4 2026

    Fix:

        timescale: Q4 2026/27
    """
    for item in ws.action_list:
        reading = item.reading
        if reading is not None and reading.ambiguous:
            yield Problem(
                item.place("timescale"),
                f"action {item.ref}: timescale '{reading.text}' "
                f"is ambiguous ({reading.ambiguous}); read as due {item.due or 'unknown'}",
                item.ref,
            )


def stale_update(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An open action whose newest update is older than `stale_after_days` (default 100).

    A progress report is only as good as its newest update. An action with no update yet
    is not checked.

    Example (as of 2025-11-20):

        updates:
          - date: 2025-06-02
            text: First meeting held.

    Fix: add an update saying where things stand:

        updates:
          - date: 2025-06-02
            text: First meeting held.
          - date: 2025-11-14
            text: Meetings weekly since June; re-let time down to 31 days.
    """
    limit = ws.config.stale_after_days
    for item in _open(ws):
        past = [u for u in item.action.updates if u.date <= ctx.as_of]
        if not past:
            continue
        newest = max(past, key=lambda u: u.date)
        age = (ctx.as_of - newest.date).days
        if age > limit:
            yield Problem(
                place_of(item.source, newest),
                f"action {item.ref}: newest update is {age} days "
                f"old ({newest.date:%d %b %Y}); add an update (limit {limit} days)",
                item.ref,
            )


def orphan_action(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An action with no golden-thread link, after inheritance.

    The golden thread shows how each action serves the council's priorities. An action
    inherits the links of its recommendation or theme and of its plan.

    Example:

        - id: a
          title: Repairs reporting app for tenants

    Fix: link it (here, or on its recommendation or plan) to a priority, outcome or indicator:

        - id: a
          title: Repairs reporting app for tenants
          links: [P3.1]
    """
    for item in ws.action_list:
        if not item.links:
            yield Problem(
                item.place(),
                f"action {item.ref} is not linked to any priority, outcome or "
                "indicator: add 'links: [ID]' here, on its recommendation or on the plan",
                item.ref,
            )


def complete_without_update(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A closed action (complete, no further action, cancelled) with no update saying what was done.

    Auditors and committees ask for evidence that an action was done, or why it was dropped.

    Example:

        status: complete

    Fix:

        status: complete
        updates:
          - date: 2026-03-20
            text: App launched; 40% of repairs now reported through it.
    """
    for item in ws.action_list:
        if item.closed and not item.action.updates:
            yield Problem(
                item.place("status"),
                f"action {item.ref} is {item.status} with no update: add an update saying what was done",
                item.ref,
            )


def future_update(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An update dated after the as-of date.

    Progress cannot be reported before it happens; a future date is usually a typo in
    the year (2026 for 2025) and puts the update in the wrong quarter's report.

    Example (as of 2025-11-20):

        - date: 2026-01-15
          text: Survey goes out.

    Fix:

        - date: 2025-11-15
          text: Survey goes out in January.
    """
    for group in ws.groups.values():
        items = [(group.ref, group.group.updates)]
        items += [(a.ref, a.action.updates) for a in group.actions]
        for ref, updates in items:
            for update in updates:
                if update.date > ctx.as_of:
                    yield Problem(
                        place_of(group.source, update),
                        f"{ref}: update dated {update.date:%d %b %Y}"
                        f" is after {ctx.as_of:%d %b %Y}: check the date",
                        ref,
                    )
