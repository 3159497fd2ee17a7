"""Rules about performance indicators and the golden thread they measure."""

from __future__ import annotations

from collections.abc import Iterator

from pmplan.lint.rules.base import Context, Problem
from pmplan.workspace.index import Workspace, place_of
from pmplan.workspace.vocabulary import Namespace


def indicator_missing_owner(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An indicator with no owner.

    Every indicator needs someone who collects it, checks it and explains it to committee.

    Example:

        - id: LPI-90
          title: Rent arrears as a share of the rent roll

    Fix:

        - id: LPI-90
          title: Rent arrears as a share of the rent roll
          owner: RD
          deputy: HB
    """
    for indicator in ws.indicators.values():
        if not indicator.owner:
            yield Problem(
                ws.place(indicator), f"indicator {indicator.id} has no owner: add 'owner: ID'", indicator.id
            )


def indicator_missing_deputy(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An indicator with no deputy.

    Data must still be collected when the owner is away: each indicator names a deputy.

    Example:

        owner: RD

    Fix:

        owner: RD
        deputy: JP
    """
    for indicator in ws.indicators.values():
        if not indicator.deputy:
            yield Problem(
                ws.place(indicator), f"indicator {indicator.id} has no deputy: add 'deputy: ID'", indicator.id
            )


def missing_target(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A quantitative value with an actual and no target.

    Without a target the value cannot be rated red, amber or green.

    Example:

        values:
          2025/26 Q1: {actual: 3.2}

    Fix:

        values:
          2025/26 Q1: {target: 3.0, actual: 3.2}
    """
    for indicator in ws.indicators.values():
        if indicator.type != "quantitative":
            continue
        for period, value in indicator.values.items():
            if value.actual is not None and value.target is None:
                yield Problem(
                    place_of(ws.source_of(indicator), value),
                    f"indicator {indicator.id}: {period} has an actual ({value.actual:g}) but no target",
                    indicator.id,
                )


def priority_without_indicator(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An outcome that no indicator links to, or a priority with no indicator linked to it or
    to any of its outcomes.

    A priority nobody measures cannot be shown to be delivered.

    Example:

        - id: P1.2
          title: A thriving town centre

    Fix: link an indicator to it, in the indicators file:

        - id: LPI-02
          title: Town centre retail units standing empty
          links: [P1.2]
    """
    measured = {link for indicator in ws.indicators.values() for link in indicator.links}
    # Indicators that did not load may link to them: a file that could not be read at all
    # to any of them, an indicator left out to those it names.
    unread = next(
        (r.rel for r in ws.files if r.kind in (None, "indicators") and Namespace.THREAD in r.unknown), None
    )
    linked_from = {
        link: result.rel
        for result in ws.left_out
        if result.kind == "indicators"
        for item in result.left_out
        for link in item.links
    }

    def cause(*ids: str) -> str | None:
        return next((linked_from[i] for i in ids if i in linked_from), unread)

    for priority in ws.priorities.values():
        outcome_ids = [o.id for o in priority.outcomes]
        for outcome in priority.outcomes:
            if outcome.id not in measured and ws.outcomes.get(outcome.id, (None,))[0] is outcome:
                yield Problem(
                    ws.place(outcome),
                    f"outcome {outcome.id} has no indicator: link one "
                    f"with 'links: [{outcome.id}]' on an indicator",
                    outcome.id,
                    cause(outcome.id),
                )
        if priority.id not in measured and not any(o in measured for o in outcome_ids):
            yield Problem(
                ws.place(priority),
                f"priority {priority.id} has no indicator linked to it or to any of its outcomes",
                priority.id,
                cause(priority.id, *outcome_ids),
            )
