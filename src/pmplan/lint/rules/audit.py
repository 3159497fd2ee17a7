"""Rules about recommendations on their way to closure: evidence, verification, extensions,
priorities.

The date-move rules read the files (``baseline``, ``extensions``) and, where the caller has
read it, the git history (``Context.date_moves``: how often each action's due date moved
later in the commits). The evidence rule reads which evidence files exist from
``Context.evidence_files``: lint's runner looks for them, so that the rule stays pure.
"""

from __future__ import annotations

from collections.abc import Iterator

from pmplan.lint.rules.base import Context, Problem
from pmplan.workspace.audit import (
    approved,
    due_of,
    evidence_file,
    evidence_items,
    grade_of,
    is_overdue,
    moves_in_files,
    recommendations,
    unapproved_move,
)
from pmplan.workspace.index import ActionView, Workspace, place_of
from pmplan.workspace.vocabulary import Grade, Status


def _audit_actions(ws: Workspace) -> Iterator[ActionView]:
    for view in recommendations(ws):
        yield from view.actions


def complete_without_evidence(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A complete action with no evidence, in a plan that closes work only once verified.

    A plan with `closure: verified` says that "complete" is the lead's word, and that the
    work is closed only when someone (usually internal audit) has checked what shows it is
    done. Without `evidence` there is nothing to check. Evidence on the action's
    recommendation counts for its actions.

    Example (in a plan with `closure: verified`):

        - id: a
          title: Reconcile payroll to the ledger every month
          status: complete

    Fix: say what shows it is done: words, a link, or a file kept in the repository:

        - id: a
          title: Reconcile payroll to the ledger every month
          status: complete
          evidence: evidence/ia-2425-06/reconciliation-june-2025.pdf
    """
    for view in ws.groups.values():
        if not view.plan.needs_verification:
            continue
        group = view.group
        if (
            group.status is Status.COMPLETE
            and not group.evidence
            and not any(a.action.evidence for a in view.actions)
        ):
            yield Problem(
                place_of(view.source, group, "status"),
                f"{view.ref} is marked complete with no evidence, and {view.plan.id} closes work only once "
                "verified (closure: verified): add 'evidence:' saying what shows it is done",
                view.ref,
            )
        if group.evidence:
            continue
        for item in view.actions:
            if item.status is Status.COMPLETE and not item.action.evidence:
                yield Problem(
                    item.place("status"),
                    f"action {item.ref} is complete with no evidence, and {item.plan.id} closes work only "
                    "once verified (closure: verified): add 'evidence:' (words, a link or a file in the "
                    "repository)",
                    item.ref,
                )


def closed_with_open_actions(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A recommendation marked closed (or verified) while an action under it is still open.

    A recommendation closed as a whole tells the committee the work is done; an open action
    under it says otherwise, and one of the two is wrong.

    Example:

        - id: R2
          title: Review the contracts register
          status: complete
          actions:
            - id: a
              title: Publish the register quarterly
              status: on-track

    Fix: finish (or close) the action first, or leave the recommendation's status off until
    its actions are done:

        - id: R2
          title: Review the contracts register
          actions:
            - id: a
              title: Publish the register quarterly
              status: on-track
    """
    for view in ws.groups.values():
        group = view.group
        closed_by = "status" if group.status is not None and group.status.closed else None
        if closed_by is None and group.verified is not None:
            closed_by = "verified"
        if closed_by is None:
            continue
        still_open = [a.local_ref for a in view.actions if not a.closed]
        if still_open:
            what = f"is {group.status}" if closed_by == "status" else "is marked verified"
            plural = "s" if len(still_open) > 1 else ""
            yield Problem(
                place_of(view.source, group, closed_by),
                f"{view.ref} {what}, but its action{plural} {', '.join(still_open)} "
                f"{'are' if plural else 'is'} still open: close the action{plural} first",
                view.ref,
            )


def date_moved_too_often(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An action of an audit response whose due date has moved more times than the
    workspace allows (`audit.max_date_moves` in `pmplan.yaml`, default 2).

    Audit committees limit how often a recommendation's date may be put back: beyond that,
    the lead explains in person, or the risk is accepted. The count is the larger of the
    extensions approved in the file and the times the due date moved later in the git
    history (when lint runs in a git repository).

    Example (with the default limit of 2):

        timescale: Dec 26
        baseline: Dec 25
        extensions:
          - {asked: 2025-11-20, timescale: Mar 26, approved: {by: Audit Committee, date: 2025-12-16}}
          - {asked: 2026-03-02, timescale: Sep 26, approved: {by: Audit Committee, date: 2026-03-24}}
          - {asked: 2026-09-01, timescale: Dec 26, approved: {by: Director of Resources, date: 2026-09-08}}

    Fix: take the action back to the committee, and record its decision: keep to the date,
    or close the action with the risk accepted:

        timescale: Dec 26
        status: no-further-action
        updates:
          - date: 2026-12-15
            text: Risk accepted by the Audit Committee; the register is kept by hand until the new system.
    """
    limit = ws.config.audit.max_date_moves
    fy = ws.config.financial_year
    for item in _audit_actions(ws):
        in_git = ctx.date_moves.get(item.ref, 0)
        in_files = moves_in_files(item, fy)
        moves = max(in_git, in_files)
        if moves > limit:
            where = "in the git history" if in_git >= in_files else "by its extensions"
            yield Problem(
                item.place("timescale" if item.action.timescale else None),
                f"action {item.ref}: its due date has moved {moves} times {where}, more than the "
                f"{limit} allowed (audit.max_date_moves): take it back to the committee",
                item.ref,
            )


def moved_without_extension(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An action of an audit response whose due date moved later with no approved extension.

    The date the committee agreed is moved only by the committee (or whoever it delegates
    to). In the files, a timescale later than its `baseline` needs an approved extension that
    asked for it; in the git history (when lint runs in a git repository), each time the due
    date moved later needs an approved extension.

    Example:

        timescale: Mar 27
        baseline: Sep 26

    Fix: record the extension and who approved it (`pmplan update REF --extend "Mar 27"
    --reason ... --approved-by ...` does it in one go):

        timescale: Mar 27
        baseline: Sep 26
        extensions:
          - asked: 2026-09-02
            timescale: Mar 27
            reason: Supplier cannot deliver before January
            approved: {by: Audit and Governance Committee, date: 2026-09-22}
    """
    fy = ws.config.financial_year
    for item in _audit_actions(ws):
        granted = len(approved(item.action))
        in_git = ctx.date_moves.get(item.ref, 0)
        if in_git > granted:
            times = {1: "once"}.get(in_git, f"{in_git} times")
            yield Problem(
                item.place("timescale" if item.action.timescale else None),
                f"action {item.ref}: its due date moved later {times} in the git history, but "
                f"{granted or 'no'} approved extension{'s' if granted != 1 else ''} "
                f"{'are' if granted != 1 else 'is'} recorded: add each one under 'extensions:'",
                item.ref,
            )
        elif unapproved_move(item, fy):
            yield Problem(
                item.place("timescale"),
                f"action {item.ref}: timescale '{item.action.timescale}' is later than the agreed "
                f"'{item.action.baseline}', and no approved extension asked for it: record the "
                "extension under 'extensions:' with who approved it",
                item.ref,
            )


def _overdue(ws: Workspace, ctx: Context, grades: set[Grade]) -> Iterator[Problem]:
    for view in recommendations(ws):
        grade = grade_of(view)
        if grade not in grades or not is_overdue(view, ctx.as_of):
            continue
        due = due_of(view)
        if due is not None:
            days = (ctx.as_of - due).days
            yield Problem(
                place_of(view.source, view.group),
                f"{grade.value}-priority recommendation {view.ref} was due {due:%d %b %Y} "
                f"({days} day{'s' if days != 1 else ''} ago) and is not implemented: finish it, or "
                "ask the committee for an extension",
                view.ref,
            )


def overdue_high_priority(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A high-priority recommendation not implemented by its date.

    A recommendation's date is the latest due date of its actions; its priority is the one
    the auditor gave it (`priority:` on the recommendation), else its highest action's. A
    high-priority recommendation past its date is a control weakness still open: it is an
    error, where a medium or low one is a warning (`overdue-recommendation`).

    Example (as of 2026-12-03):

        - id: IA2
          title: Remove leavers from the payroll before their last day
          priority: high
          actions:
            - id: a
              timescale: Sep 26
              status: delayed

    Fix: finish the work, or record an extension approved by the committee and the new
    timescale:

              timescale: Mar 27
              baseline: Sep 26
              status: delayed
              extensions:
                - asked: 2026-11-20
                  timescale: Mar 27
                  reason: HR system upgrade moved to February
                  approved: {by: Audit and Governance Committee, date: 2026-12-15}
    """
    yield from _overdue(ws, ctx, {Grade.HIGH})


def overdue_recommendation(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A medium- or low-priority recommendation not implemented by its date.

    As `overdue-high-priority`, for the recommendations graded medium or low: worth the
    committee's attention, but not an error.

    A recommendation with an open action that recurs (a quarterly report, say) is never
    overdue.

    Example (as of 2026-12-03):

        - id: IA5
          title: Keep an asset register of laptops and mobile devices
          priority: low
          actions:
            - id: a
              timescale: Aug 26
              status: delayed

    Fix: finish the work, or record an approved extension and the new timescale:

              timescale: Feb 27
              baseline: Aug 26
              extensions:
                - asked: 2026-11-20
                  timescale: Feb 27
                  reason: Devices recalled for the Windows upgrade first
                  approved: {by: Director of Resources, date: 2026-11-27}
    """
    yield from _overdue(ws, ctx, {Grade.MEDIUM, Grade.LOW})


def missing_evidence_file(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """Evidence that names a file the repository does not have.

    Evidence may be words, a link or the path of a file kept with the plans (relative to
    the folder holding `pmplan.yaml`). A file that is not there (misspelt, not committed,
    or on someone's own drive) cannot be checked by the auditor who verifies the work.

    Example:

        evidence: evidence/ia-2425-06/reconcilation-june.pdf

    Fix: correct the path, or add the file to the repository:

        evidence: evidence/ia-2425-06/reconciliation-june.pdf
    """
    if ctx.evidence_files is None:
        return
    for ref, view, item, model in evidence_items(ws):
        for text in model.evidence:
            path = evidence_file(text)
            if path is None or path in ctx.evidence_files:
                continue
            outside = path.startswith(("/", "\\", "..")) or ":" in path
            why = (
                "is outside the repository: keep evidence in the repository, or link to it"
                if outside
                else "is not in the repository: correct the path or add the file"
            )
            yield Problem(
                place_of(view.source, model, "evidence"),
                f"{'action ' if item is not None else ''}{ref}: evidence file '{path}' {why}",
                ref,
            )
