"""Rules about whether files load and whether what they name exists."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from pmplan.lint.rules.base import Context, Problem
from pmplan.workspace.index import Place, Workspace, place_of, resolve_ref
from pmplan.workspace.models import Outcome, Priority


def invalid_file(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A file that cannot be loaded: YAML that does not parse, a duplicate key, an unknown
    field (with a did-you-mean), a wrong type or value, a file that is not UTF-8 text.

    The rest of the workspace is still checked; this file is left out until it is fixed.

    Example:

        kind: glossary
        term:
          ABC: Anything But Clear

    Fix (the field is `terms`):

        kind: glossary
        terms:
          ABC: Anything But Clear
    """
    for result in ws.files:
        for finding in result.findings:
            yield Problem(Place(finding.file, finding.line, finding.column), finding.message, finding.ref)


def duplicate_id(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """An id used twice where it must be unique.

    People, plans and reports have ids unique across the workspace; priorities, outcomes
    and indicators share one namespace (golden-thread links); recommendations and themes
    are unique within their plan and actions within their recommendation or theme. A link
    to a duplicated id is ambiguous. Each place the id is defined is reported.

    Example:

        - id: LPI-01
          title: Working-age residents in employment
        - id: LPI-01
          title: Rent arrears

    Fix: give the second a new id:

        - id: LPI-91
          title: Rent arrears
    """
    for namespace, key, places in ws.duplicates:
        spots = [place_of(result, item) for result, item in places]
        for here in spots:
            others = ", ".join(f"{p.file}:{p.line}" for p in spots if p != here)
            yield Problem(
                here,
                f"{namespace.noun} {key} is defined {len(spots)} times (also at {others}): "
                "ids must be unique",
                key,
            )


def _people_fields(ws: Workspace) -> Iterator[tuple[Place, str, str | None, str]]:
    """(where, person id, ref, what) for every person named anywhere."""
    for plan in ws.plans.values():
        source = ws.source_of(plan)
        if plan.owner:
            yield place_of(source, plan, "owner"), plan.owner, plan.id, "owner"
        for group in plan.groups:
            for lead in group.leads or ():
                yield place_of(source, group, "leads"), lead, f"{plan.id}:{group.id}", "lead"
            for update in group.updates:
                if update.by:
                    yield place_of(source, update, "by"), update.by, f"{plan.id}:{group.id}", "update by"
            if group.verified is not None:
                verified = group.verified
                yield place_of(source, verified, "by"), verified.by, f"{plan.id}:{group.id}", "verified by"
    for item in ws.action_list:
        for lead in item.action.leads or ():
            yield item.place("leads"), lead, item.ref, "lead"
        for update in item.action.updates:
            if update.by:
                yield place_of(item.source, update, "by"), update.by, item.ref, "update by"
        if item.action.verified is not None:
            yield (
                place_of(item.source, item.action.verified, "by"),
                item.action.verified.by,
                item.ref,
                "verified by",
            )
        for extension in item.action.extensions:
            if extension.by:
                yield place_of(item.source, extension, "by"), extension.by, item.ref, "extension asked by"
    for indicator in ws.indicators.values():
        for key in ("owner", "deputy"):
            person = getattr(indicator, key)
            if person:
                yield ws.place(indicator, key), person, indicator.id, key
    for report in ws.reports.values():
        if report.owner:
            yield ws.place(report, "owner"), report.owner, report.id, "owner"
    for priority in ws.priorities.values():
        thread_items: list[Priority | Outcome] = [priority, *priority.outcomes]
        for thread_item in thread_items:
            if thread_item.lead and id(thread_item) in ws.sources:
                yield ws.place(thread_item, "lead"), thread_item.lead, thread_item.id, "lead"


def unknown_person(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A lead, owner or deputy that is not in `kind: people`.

    Reports show leads by name; an id nobody is registered under shows up as bare
    initials, and usually means a typo or someone who has left.

    Example:

        leads: [ZZ]

    Fix: use the id of someone in the people file, or add them there:

        leads: [HB]
    """
    known = list(ws.people)
    for place, person, ref, role in _people_fields(ws):
        if person not in ws.people:
            hint = difflib.get_close_matches(person, known, n=1)
            extra = f" (did you mean {hint[0]}?)" if hint else ""
            yield Problem(place, f"{role} '{person}' of {ref} is not in the people file{extra}", ref)


def _linkables(ws: Workspace) -> Iterator[tuple[Place, str, list[str]]]:
    for plan in ws.plans.values():
        source = ws.source_of(plan)
        yield place_of(source, plan, "links"), plan.id, plan.links
        for group in plan.groups:
            yield place_of(source, group, "links"), f"{plan.id}:{group.id}", group.links
    for item in ws.action_list:
        yield item.place("links"), item.ref, item.action.links
    for indicator in ws.indicators.values():
        yield ws.place(indicator, "links"), indicator.id, indicator.links


def broken_link(ws: Workspace, ctx: Context) -> Iterator[Problem]:
    """A link, `see`, timescale cross-reference or `report` to nothing that exists.

    Golden-thread `links` name priorities, outcomes or indicators; `see` names actions
    (`R5.c` in the same plan, `plan-id:R5.c` elsewhere); a timescale such as `As for R4.a`
    names actions or recommendations; a recommendation's `report` names one of its plan's
    `reports`. A broken one breaks the golden thread, the date or the audit trail.

    Example:

        links: [P1, P9]

    Fix: link only ids that exist (`pmplan thread` lists them):

        links: [P1, P1.2]
    """
    targets = ws.thread_ids
    for place, ref, links in _linkables(ws):
        for link in links:
            if link not in targets:
                hint = difflib.get_close_matches(link, sorted(targets), n=1)
                extra = f" (did you mean {hint[0]}?)" if hint else ""
                yield Problem(
                    place,
                    f"{ref} links to '{link}', which is not a priority, outcome or indicator{extra}",
                    ref,
                )
    for item in ws.action_list:
        for see in item.action.see:
            if resolve_ref(ws, item.plan.id, see) is None:
                yield Problem(
                    item.place("see"),
                    f"action {item.ref}: 'see: {see}' names no action or recommendation",
                    item.ref,
                )
        for missing in item.unresolved_refs:
            yield Problem(
                item.place("timescale"),
                f"action {item.ref}: timescale '{item.action.timescale}' "
                f"refers to '{missing}', which is no action or recommendation of {item.plan.id}",
                item.ref,
            )
    for group_view in ws.groups.values():
        group, plan = group_view.group, group_view.plan
        if group.report is not None and plan.source_report(group.report) is None:
            known = [r.id for r in plan.reports]
            hint = difflib.get_close_matches(group.report, known, n=1)
            extra = f" (did you mean {hint[0]}?)" if hint else ""
            yield Problem(
                place_of(group_view.source, group, "report"),
                f"{group_view.ref}: 'report: {group.report}' is not one of the reports listed "
                f"under {plan.id}'s 'reports:'{extra}",
                group_view.ref,
            )
