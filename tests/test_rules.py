"""Every lint rule: a minimal workspace where it fires, and the fixed one where it does not.

Each workspace starts from the clean base in ``plan_fixtures`` and changes one thing, so the
findings asserted here are all the findings there are.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from plan_fixtures import (
    AS_OF,
    FRAMEWORK,
    INDICATORS,
    PEOPLE,
    actions_json,
    at,
    brief,
    lint_ws,
    load,
    of_rule,
)
from pmplan.lint.rules import RULES

PLAN_FILE = "plans/plan.yaml"


def plan(actions: str, *, head: str = "owner: JP\nlinks: [P1]\n", rec: str = "") -> str:
    """An action plan ``pm`` with one recommendation ``R1`` holding ``actions`` (YAML list items)."""
    return (
        "kind: action-plan\nid: pm\ntitle: Plan\n"
        + head
        + "recommendations:\n  - id: R1\n    title: Rec one\n"
        + "".join(f"    {line}\n" for line in rec.splitlines())
        + "    actions:\n"
        + "".join(f"      {line}\n" for line in actions.splitlines())
    )


ACTION_A = """\
- id: a
  title: Align outcomes
  leads: [JP]
  timescale: Mar 26
  status: on-track
"""


def test_every_rule_has_a_test_here():
    tested = {name.removeprefix("test_").split("__")[0].replace("_", "-") for name in globals()}
    assert set(RULES) <= tested, sorted(set(RULES) - tested)


# --- invalid-file -----------------------------------------------------------------------------


def test_invalid_file__fires_and_other_files_still_checked(make_workspace):
    broken = "kind: glossary\nterms:\n  CMT: [Corporate\n"
    root = make_workspace(
        {"plans/glossary.yaml": broken, PLAN_FILE: plan(ACTION_A.replace("leads: [JP]", "leads: [ZZ]"))}
    )
    findings = lint_ws(root)
    assert brief(findings) == [
        ("plans/glossary.yaml", 3, 8, "invalid-file", "error", None),
        (PLAN_FILE, *at(plan(ACTION_A), "leads"), "unknown-person", "error", "pm:R1.a"),
    ]
    assert findings[0].message == (
        "the list after 'CMT:' has no closing ']' on the line. Close it (CMT: [Corporate]), or, if this is "
        'text, put it in quotes: CMT: "[Corporate"'
    )


def test_invalid_file__fixed(make_workspace):
    root = make_workspace({"plans/glossary.yaml": "kind: glossary\nterms:\n  CMT: Corporate\n"})
    assert lint_ws(root) == []


# --- comment-in-text --------------------------------------------------------------------------


def test_comment_in_text__fires_where_a_hash_cut_the_text(make_workspace):
    text = ACTION_A + "  updates:\n    - date: 2025-11-01\n      text: Trained #42 officers  \n"
    root = make_workspace({PLAN_FILE: plan(text)})
    findings = lint_ws(root)
    assert brief(findings) == [(PLAN_FILE, *at(plan(text), "#42"), "comment-in-text", "error", None)]
    assert findings[0].message == (
        "'text: Trained #42 officers' is read as 'Trained': YAML takes ' #42 officers' for a comment. "
        'Put the text in quotes: text: "Trained #42 officers"'
    )
    assert load(root).actions["pm:R1.a"].action.updates[0].text == "Trained"


@pytest.mark.parametrize(
    "line",
    [
        'text: "Trained #42 officers"',
        "text: Trained 42 officers  # the second cohort",
        "text: Trained 42 officers #",
        "text: |\n          Trained #42 officers",
        "text: Trained 42 officers  ## counted twice",
    ],
)
def test_comment_in_text__quoted_text_and_real_comments_are_fine(make_workspace, line):
    text = ACTION_A + "  updates:\n    - date: 2025-11-01\n      " + line + "\n"
    root = make_workspace({PLAN_FILE: plan(text)})
    assert lint_ws(root) == []


# --- duplicate-id -----------------------------------------------------------------------------


def test_duplicate_id__action_within_recommendation_reports_both(make_workspace):
    text = plan(ACTION_A + ACTION_A.replace("Align outcomes", "Again"))
    root = make_workspace({PLAN_FILE: text})
    first, second = at(text, "id: a"), at(text, "id: a", 2)
    findings = lint_ws(root)
    assert brief(findings) == [
        (PLAN_FILE, *first, "duplicate-id", "error", "pm:R1.a"),
        (PLAN_FILE, *second, "duplicate-id", "error", "pm:R1.a"),
    ]
    assert findings[0].message == (
        f"action pm:R1.a is defined 2 times (also at {PLAN_FILE}:{second[0]}): ids must be unique"
    )
    assert f"also at {PLAN_FILE}:{first[0]}" in findings[1].message


def test_duplicate_id__same_action_id_under_different_recommendations_is_fine(make_workspace):
    text = (
        plan(ACTION_A)
        + "  - id: R2\n    title: Rec two\n    actions:\n"
        + "".join(f"      {line}\n" for line in ACTION_A.splitlines())
    )
    root = make_workspace({PLAN_FILE: text})
    assert lint_ws(root) == []
    assert set(actions_json(root)) == {"pm:R1.a", "pm:R2.a"}


def test_duplicate_id__person_across_files_reports_both_places(make_workspace):
    extra = "kind: people\npeople:\n  - id: HB\n    name: Another Hal\n"
    root = make_workspace({"plans/more-people.yaml": extra})
    findings = lint_ws(root)
    hb = at(PEOPLE, "id: HB")
    assert brief(findings) == [
        ("plans/more-people.yaml", 3, 5, "duplicate-id", "error", "HB"),
        ("plans/people.yaml", *hb, "duplicate-id", "error", "HB"),
    ]
    assert f"(also at plans/people.yaml:{hb[0]})" in findings[0].message
    assert "(also at plans/more-people.yaml:3)" in findings[1].message
    assert findings[0].message.startswith("person id HB is defined 2 times")


def test_duplicate_id__indicator_and_outcome_share_one_namespace(make_workspace):
    indicators = INDICATORS + "  - id: P1.1\n    title: Clash\n    owner: JP\n    deputy: HB\n"
    root = make_workspace({"plans/indicators.yaml": indicators})
    found = [(f.file, f.line, f.column, f.rule) for f in lint_ws(root)]
    assert found == [
        ("plans/framework.yaml", *at(FRAMEWORK, "id: P1.1"), "duplicate-id"),
        ("plans/indicators.yaml", *at(indicators, "id: P1.1"), "duplicate-id"),
    ]


def test_duplicate_id__plan_across_files(make_workspace):
    other = plan(ACTION_A).replace("title: Plan", "title: Copy")
    root = make_workspace({"plans/copy.yaml": other})
    assert brief(lint_ws(root)) == [
        ("plans/copy.yaml", 1, 1, "duplicate-id", "error", "pm"),
        (PLAN_FILE, 1, 1, "duplicate-id", "error", "pm"),
    ]


def test_duplicate_id__recommendation_within_plan(make_workspace):
    twice = plan(ACTION_A) + "  - id: R1\n    title: Again\n"
    root = make_workspace({PLAN_FILE: twice})
    findings = lint_ws(root)
    assert brief(findings) == [
        (PLAN_FILE, *at(twice, "id: R1"), "duplicate-id", "error", "pm:R1"),
        (PLAN_FILE, *at(twice, "id: R1", 2), "duplicate-id", "error", "pm:R1"),
    ]
    assert findings[0].message.startswith("recommendation/theme pm:R1 is defined 2 times")


def test_duplicate_id__same_recommendation_id_in_two_plans_is_fine(make_workspace):
    other = plan(ACTION_A).replace("id: pm\n", "id: other\n")
    root = make_workspace({"plans/other.yaml": other})
    assert lint_ws(root) == []


def test_duplicate_id__report(make_workspace):
    calendar = (
        "kind: calendar\nreports:\n"
        "  - id: qpr\n    title: One\n    owner: JP\n    months: [Feb]\n"
        "  - id: qpr\n    title: Two\n    owner: JP\n    every: month\n"
    )
    root = make_workspace({"plans/calendar.yaml": calendar})
    assert brief(lint_ws(root)) == [
        ("plans/calendar.yaml", 3, 5, "duplicate-id", "error", "qpr"),
        ("plans/calendar.yaml", 7, 5, "duplicate-id", "error", "qpr"),
    ]


# --- missing-lead -----------------------------------------------------------------------------

NO_LEAD = """\
- id: a
  title: Nobody answerable
  timescale: Mar 26
"""


def test_missing_lead__fires_at_the_action(make_workspace):
    text = plan(NO_LEAD, head="links: [P1]\n")
    root = make_workspace({PLAN_FILE: text})
    findings = lint_ws(root)
    assert brief(findings) == [(PLAN_FILE, *at(text, "id: a"), "missing-lead", "error", "pm:R1.a")]
    assert findings[0].message.startswith("action pm:R1.a has no lead")


def test_missing_lead__inherits_from_recommendation(make_workspace):
    root = make_workspace({PLAN_FILE: plan(NO_LEAD, head="links: [P1]\n", rec="leads: [HB]")})
    assert lint_ws(root) == []
    assert actions_json(root)["pm:R1.a"]["leads"] == ["HB"]


def test_missing_lead__inherits_from_plan_owner(make_workspace):
    root = make_workspace({PLAN_FILE: plan(NO_LEAD, head="owner: HB\nlinks: [P1]\n")})
    assert lint_ws(root) == []
    assert actions_json(root)["pm:R1.a"]["leads"] == ["HB"]


def test_missing_lead__own_leads_beat_recommendation_and_owner(make_workspace):
    text = plan(ACTION_A, head="owner: HB\nlinks: [P1]\n", rec="leads: [CMT]")
    root = make_workspace({PLAN_FILE: text})
    assert actions_json(root)["pm:R1.a"]["leads"] == ["JP"]


def test_missing_lead__single_id_accepted(make_workspace):
    root = make_workspace({PLAN_FILE: plan(NO_LEAD + "  leads: HB\n", head="links: [P1]\n")})
    assert lint_ws(root) == []
    assert actions_json(root)["pm:R1.a"]["leads"] == ["HB"]


# --- missing-timescale ------------------------------------------------------------------------


def test_missing_timescale__fires(make_workspace):
    text = plan("- id: a\n  title: Undated\n  leads: [JP]\n")
    root = make_workspace({PLAN_FILE: text})
    findings = lint_ws(root)
    assert brief(findings) == [(PLAN_FILE, *at(text, "id: a"), "missing-timescale", "error", "pm:R1.a")]
    assert "has no timescale" in findings[0].message


def test_missing_timescale__due_date_is_enough(make_workspace):
    root = make_workspace({PLAN_FILE: plan("- id: a\n  title: Dated\n  leads: [JP]\n  due: 2026-01-31\n")})
    assert lint_ws(root) == []
    assert actions_json(root)["pm:R1.a"]["due"] == "2026-01-31"


# --- unknown-person ---------------------------------------------------------------------------

CALENDAR = "kind: calendar\nreports:\n  - id: qpr\n    title: QPR\n    owner: JP\n    months: [Feb, May]\n"


@pytest.mark.parametrize(
    ("file", "text", "needle", "role", "ref"),
    [
        (PLAN_FILE, plan(ACTION_A, head="owner: ZZ\nlinks: [P1]\n"), "owner", "owner", "pm"),
        (PLAN_FILE, plan(ACTION_A, rec="leads: [ZZ]"), "leads: [ZZ]", "lead", "pm:R1"),
        (PLAN_FILE, plan(ACTION_A.replace("[JP]", "[JP, ZZ]")), "leads: [JP, ZZ]", "lead", "pm:R1.a"),
        (
            PLAN_FILE,
            plan(ACTION_A + "  updates:\n    - date: 2025-11-01\n      text: Done.\n      by: ZZ\n"),
            "by: ZZ",
            "update by",
            "pm:R1.a",
        ),
        (
            PLAN_FILE,
            plan(ACTION_A, rec="updates:\n  - date: 2025-11-01\n    text: Fine.\n    by: ZZ"),
            "by: ZZ",
            "update by",
            "pm:R1",
        ),
        ("plans/indicators.yaml", INDICATORS.replace("owner: JP", "owner: ZZ"), "owner", "owner", "LPI-01"),
        ("plans/indicators.yaml", INDICATORS.replace("deputy: HB", "deputy: ZZ"), "deputy", "deputy", "LPI-01"),
        ("plans/calendar.yaml", CALENDAR.replace("owner: JP", "owner: ZZ"), "owner", "owner", "qpr"),
        ("plans/framework.yaml", FRAMEWORK.replace("lead: JP", "lead: ZZ"), "lead", "lead", "P1"),
        (
            "plans/framework.yaml",
            FRAMEWORK.replace("title: Good local jobs", "title: Good local jobs\n        lead: ZZ"),
            "lead: ZZ",
            "lead",
            "P1.1",
        ),
    ],
    ids=["plan-owner", "rec-leads", "action-leads", "update-by", "rec-update-by", "indicator-owner",
         "indicator-deputy", "report-owner", "priority-lead", "outcome-lead"],
)  # fmt: skip
def test_unknown_person__fires_wherever_a_person_is_named(make_workspace, file, text, needle, role, ref):
    root = make_workspace({file: text})
    findings = lint_ws(root)
    assert brief(findings) == [(file, *at(text, needle), "unknown-person", "error", ref)]
    assert findings[0].message == f"{role} 'ZZ' of {ref} is not in the people file"


def test_unknown_person__did_you_mean(make_workspace):
    root = make_workspace({PLAN_FILE: plan(ACTION_A.replace("[JP]", "[JPP]"))})
    (finding,) = lint_ws(root)
    assert finding.message == "lead 'JPP' of pm:R1.a is not in the people file (did you mean JP?)"


def test_unknown_person__fixed(make_workspace):
    root = make_workspace({"plans/calendar.yaml": CALENDAR})
    assert lint_ws(root) == []


# --- broken-link ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("file", "text", "needle", "ref"),
    [
        (PLAN_FILE, plan(ACTION_A + "  links: [P1.2]\n"), "links: [P1.2]", "pm:R1.a"),
        (PLAN_FILE, plan(ACTION_A, rec="links: [P1.2]"), "links: [P1.2]", "pm:R1"),
        (PLAN_FILE, plan(ACTION_A, head="owner: JP\nlinks: [P1, P1.2]\n"), "links", "pm"),
        ("plans/indicators.yaml", INDICATORS.replace("[P1.1]", "[P1.1, P1.2]"), "links", "LPI-01"),
    ],
    ids=["action", "recommendation", "plan", "indicator"],
)
def test_broken_link__golden_thread(make_workspace, file, text, needle, ref):
    root = make_workspace({file: text})
    findings = lint_ws(root)
    assert brief(findings) == [(file, *at(text, needle), "broken-link", "error", ref)]
    assert findings[0].message == (
        f"{ref} links to 'P1.2', which is not a priority, outcome or indicator (did you mean P1.1?)"
    )


def test_broken_link__links_to_priority_outcome_and_indicator_are_fine(make_workspace):
    root = make_workspace({PLAN_FILE: plan(ACTION_A + "  links: [P1, P1.1, LPI-01]\n")})
    assert lint_ws(root) == []


ACTION_B = "- id: b\n  title: Second\n  leads: [HB]\n  timescale: Jun 26\n"
OTHER_PLAN = plan(ACTION_A).replace("id: pm\n", "id: other\n")


@pytest.mark.parametrize("see", ["R1.b", "pm:R1.b", "R1", "other:R1.a", "other:R1"])
def test_broken_link__see_resolves_in_plan_and_across_plans(make_workspace, see):
    text = plan(ACTION_A + f"  see: [{see}]\n" + ACTION_B)
    root = make_workspace({PLAN_FILE: text, "plans/other.yaml": OTHER_PLAN})
    assert lint_ws(root) == []


@pytest.mark.parametrize("see", ["R1.z", "R9", "other:R1.b", "nowhere:R1.a"])
def test_broken_link__see_to_nothing(make_workspace, see):
    text = plan(ACTION_A + f"  see: [R1.b, {see}]\n" + ACTION_B)
    root = make_workspace({PLAN_FILE: text, "plans/other.yaml": OTHER_PLAN})
    findings = lint_ws(root)
    assert brief(findings) == [(PLAN_FILE, *at(text, "see:"), "broken-link", "error", "pm:R1.a")]
    assert findings[0].message.startswith(f"action pm:R1.a: 'see: {see}' names no action or recommendation")


def test_broken_link__timescale_cross_reference_takes_the_named_due_date(make_workspace):
    text = plan(ACTION_A + ACTION_B.replace("Jun 26", "As for R1.a"))
    root = make_workspace({PLAN_FILE: text})
    assert lint_ws(root) == []
    rows = actions_json(root)
    assert rows["pm:R1.b"]["due"] == "2026-03-31" == rows["pm:R1.a"]["due"]
    assert rows["pm:R1.b"]["timescale"] == "As for R1.a"


def test_broken_link__cross_reference_to_recommendations_takes_the_latest(make_workspace):
    text = (
        plan(ACTION_A + ACTION_B)
        + "  - id: R6\n    title: Six\n    actions:\n"
        + "      - id: a\n        title: Later\n        leads: [HB]\n        timescale: Sep 26\n"
        + "  - id: R7\n    title: Seven\n    actions:\n"
        + "      - id: a\n        title: Follows\n        leads: [HB]\n"
        + "        timescale: As for Reccs. 1 and 6\n"
    )
    root = make_workspace({PLAN_FILE: text})
    assert lint_ws(root) == []
    assert actions_json(root)["pm:R7.a"]["due"] == "2026-09-30"


def test_broken_link__cross_reference_overdue_through_the_named_action(make_workspace):
    text = plan(ACTION_A.replace("Mar 26", "Jun 25") + ACTION_B.replace("Jun 26", "As for R1.a"))
    root = make_workspace({PLAN_FILE: text})
    overdue = [(f.ref, f.line) for f in lint_ws(root) if f.rule == "overdue"]
    assert overdue == [("pm:R1.a", at(text, "timescale: Jun 25")[0]), ("pm:R1.b", at(text, "As for")[0])]


def test_broken_link__unresolved_timescale_cross_reference(make_workspace):
    text = plan(ACTION_A + ACTION_B.replace("Jun 26", "As for R1.z"))
    root = make_workspace({PLAN_FILE: text})
    findings = lint_ws(root)
    assert brief(findings) == [
        (PLAN_FILE, *at(text, "timescale: As for"), "broken-link", "error", "pm:R1.b"),
    ]
    assert "refers to 'R1.z'" in findings[0].message
    assert actions_json(root)["pm:R1.b"]["due"] is None


# --- overdue ----------------------------------------------------------------------------------

UPDATED = "  updates:\n    - date: 2025-11-01\n      text: Going.\n"


def test_overdue__fires_at_the_timescale(make_workspace):
    text = plan(ACTION_A.replace("Mar 26", "Jun 25") + UPDATED)
    root = make_workspace({PLAN_FILE: text})
    findings = lint_ws(root)
    assert brief(findings) == [(PLAN_FILE, *at(text, "timescale"), "overdue", "warning", "pm:R1.a")]
    assert findings[0].message == (
        "action pm:R1.a was due 30 Jun 2025 (143 days ago) and is on-track: update its status or timescale"
    )


def test_overdue__explicit_due_date_boundary(make_workspace):
    due_today = ACTION_A + "  due: 2025-11-20\n" + UPDATED
    text = plan(due_today + due_today.replace("id: a", "id: b").replace("due: 2025-11-20", "due: 2025-11-19"))
    root = make_workspace({PLAN_FILE: text})
    findings = lint_ws(root)
    assert brief(findings) == [(PLAN_FILE, *at(text, "due: 2025-11-19"), "overdue", "warning", "pm:R1.b")]
    assert "(1 day ago)" in findings[0].message
    assert actions_json(root)["pm:R1.a"]["overdue"] is False
    assert actions_json(root)["pm:R1.b"]["overdue"] is True


@pytest.mark.parametrize(
    ("timescale", "status"),
    [("Ongoing", "on-track"), ("June 2025 & ongoing", "on-track"), ("Jun 25", "complete"),
     ("Jun 25", "cancelled"), ("Jun 25", "no-further-action"), ("Mar 26", "delayed")],
)  # fmt: skip
def test_overdue__not_for_recurring_closed_or_future(make_workspace, timescale, status):
    action = ACTION_A.replace("Mar 26", timescale).replace("on-track", status) + UPDATED
    root = make_workspace({PLAN_FILE: plan(action)})
    assert lint_ws(root) == []


def test_overdue__missing_status_is_not_started(make_workspace):
    text = plan(ACTION_A.replace("Mar 26", "Jun 25").replace("  status: on-track\n", ""))
    (finding,) = lint_ws(make_workspace({PLAN_FILE: text}))
    assert finding.rule == "overdue"
    assert finding.message.endswith("and is not-started: update its status or timescale")


# --- impossible-date --------------------------------------------------------------------------


@pytest.mark.parametrize("words", ["31/02/2011", "30 February 2026", "2026-02-29", "End of 31/04/26"])
def test_impossible_date__fires_and_is_not_also_vague(make_workspace, words):
    text = plan(ACTION_A.replace("Mar 26", words))
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [(PLAN_FILE, *at(text, "timescale"), "impossible-date", "error", "pm:R1.a")]
    bad = words.removeprefix("End of ")
    assert findings[0].message == (
        f"action pm:R1.a: timescale '{words}' holds a date that does not exist ('{bad}'): correct the day or the month"
    )


def test_impossible_date__a_real_leap_day_is_fine(make_workspace):
    text = plan(ACTION_A.replace("Mar 26", "29/02/2028"))
    assert lint_ws(make_workspace({PLAN_FILE: text})) == []


# --- vague-timescale and ambiguous-timescale --------------------------------------------------


def test_vague_timescale__fires(make_workspace):
    text = plan(ACTION_A.replace("Mar 26", "TBC"))
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [(PLAN_FILE, *at(text, "timescale"), "vague-timescale", "warning", "pm:R1.a")]
    assert "the timescale 'TBC'" in findings[0].message


def test_vague_timescale__explicit_due_or_readable_words(make_workspace):
    vague_with_due = ACTION_A.replace("Mar 26", "TBC") + "  due: 2026-02-28\n"
    readable = ACTION_A.replace("id: a", "id: b").replace("Mar 26", "Need to wait until Jan 26 (review)")
    assert lint_ws(make_workspace({PLAN_FILE: plan(vague_with_due + readable)})) == []


def test_ambiguous_timescale__fires_as_info(make_workspace):
    text = plan(ACTION_A.replace("Mar 26", "Q4 2025"))
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [(PLAN_FILE, *at(text, "timescale"), "ambiguous-timescale", "info", "pm:R1.a")]
    assert findings[0].message.endswith("read as due 2026-03-31")


@pytest.mark.parametrize("words", ["Q4 2025/26", "Jan 26", "31/03/2026"])
def test_ambiguous_timescale__not_for_clear_words(make_workspace, words):
    assert lint_ws(make_workspace({PLAN_FILE: plan(ACTION_A.replace("Mar 26", words))})) == []


# --- stale-update -----------------------------------------------------------------------------


def updated_on(*days: object) -> str:
    return "  updates:\n" + "".join(f"    - date: {d}\n      text: News.\n" for d in days)


def test_stale_update__boundary(make_workspace):
    limit = AS_OF - timedelta(days=100)
    just_stale = limit - timedelta(days=1)
    text = plan(
        ACTION_A
        + updated_on(limit)
        + ACTION_A.replace("id: a", "id: b")
        + updated_on("2025-01-01", just_stale)
    )
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [
        (PLAN_FILE, *at(text, f"date: {just_stale}"), "stale-update", "warning", "pm:R1.b")
    ]
    assert findings[0].message == (
        "action pm:R1.b: newest update is 101 days old (11 Aug 2025); add an update (limit 100 days)"
    )


def test_stale_update__uses_stale_after_days(make_workspace):
    text = plan(ACTION_A + updated_on(AS_OF - timedelta(days=31)))
    root = make_workspace({"pmplan.yaml": "stale_after_days: 30\n", PLAN_FILE: text})
    (finding,) = lint_ws(root)
    assert (finding.rule, finding.line) == ("stale-update", at(text, "date:")[0])
    root = make_workspace({"pmplan.yaml": "stale_after_days: 31\n", PLAN_FILE: text})
    assert lint_ws(root) == []


@pytest.mark.parametrize(
    "action",
    [
        ACTION_A,  # no update yet: not checked
        ACTION_A.replace("on-track", "complete") + updated_on("2024-01-01"),  # closed
    ],
    ids=["no-update", "closed"],
)
def test_stale_update__not_checked(make_workspace, action):
    assert lint_ws(make_workspace({PLAN_FILE: plan(action)})) == []


def test_stale_update__future_updates_do_not_count(make_workspace):
    text = plan(ACTION_A + updated_on("2025-01-10", "2025-12-01"))
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert [(f.rule, f.line) for f in findings] == [
        ("stale-update", at(text, "date: 2025-01-10")[0]),
        ("future-update", at(text, "date: 2025-12-01")[0]),
    ]


# --- orphan-action ----------------------------------------------------------------------------


def test_orphan_action__fires(make_workspace):
    text = plan(ACTION_A, head="owner: JP\n")
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [(PLAN_FILE, *at(text, "id: a"), "orphan-action", "warning", "pm:R1.a")]
    assert "is not linked to any priority, outcome or indicator" in findings[0].message


@pytest.mark.parametrize(
    ("head", "rec", "action", "links"),
    [
        ("owner: JP\n", "links: [P1.1]", ACTION_A, ["P1.1"]),
        ("owner: JP\nlinks: [P1]\n", "", ACTION_A, ["P1"]),
        ("owner: JP\n", "", ACTION_A + "  links: [LPI-01]\n", ["LPI-01"]),
        ("owner: JP\nlinks: [P1]\n", "links: [P1.1, P1]", ACTION_A + "  links: [LPI-01]\n",
         ["LPI-01", "P1.1", "P1"]),
    ],
    ids=["from-recommendation", "from-plan", "own", "all-three"],
)  # fmt: skip
def test_orphan_action__links_inherited(make_workspace, head, rec, action, links):
    root = make_workspace({PLAN_FILE: plan(action, head=head, rec=rec)})
    assert lint_ws(root) == []
    assert actions_json(root)["pm:R1.a"]["links"] == links


# --- priority-without-indicator ---------------------------------------------------------------

P2 = "  - id: P2\n    title: Homes\n    outcomes:\n      - id: P2.1\n        title: Fewer empty homes\n"


def test_priority_without_indicator__fires_for_outcome_and_priority(make_workspace):
    text = FRAMEWORK + P2
    findings = lint_ws(make_workspace({"plans/framework.yaml": text}))
    assert brief(findings) == [
        ("plans/framework.yaml", *at(text, "id: P2\n"), "priority-without-indicator", "warning", "P2"),
        ("plans/framework.yaml", *at(text, "id: P2.1"), "priority-without-indicator", "warning", "P2.1"),
    ]
    assert findings[0].message == "priority P2 has no indicator linked to it or to any of its outcomes"
    assert findings[1].message.startswith("outcome P2.1 has no indicator")


def test_priority_without_indicator__priority_measured_directly_outcome_not(make_workspace):
    indicators = INDICATORS.replace("[P1.1]", "[P1.1, P2]")
    root = make_workspace({"plans/framework.yaml": FRAMEWORK + P2, "plans/indicators.yaml": indicators})
    assert [f.ref for f in lint_ws(root)] == ["P2.1"]


def test_priority_without_indicator__fixed(make_workspace):
    indicators = INDICATORS.replace("[P1.1]", "[P1.1, P2.1]")
    root = make_workspace({"plans/framework.yaml": FRAMEWORK + P2, "plans/indicators.yaml": indicators})
    assert lint_ws(root) == []


# --- indicators -------------------------------------------------------------------------------


def test_indicator_missing_owner__fires(make_workspace):
    text = INDICATORS.replace("    owner: JP\n", "")
    findings = lint_ws(make_workspace({"plans/indicators.yaml": text}))
    assert brief(findings) == [
        ("plans/indicators.yaml", *at(text, "id: LPI-01"), "indicator-missing-owner", "error", "LPI-01")
    ]
    assert findings[0].message == "indicator LPI-01 has no owner: add 'owner: ID'"


def test_indicator_missing_deputy__fires(make_workspace):
    text = INDICATORS.replace("    deputy: HB\n", "")
    findings = lint_ws(make_workspace({"plans/indicators.yaml": text}))
    assert brief(findings) == [
        ("plans/indicators.yaml", *at(text, "id: LPI-01"), "indicator-missing-deputy", "warning", "LPI-01")
    ]


def test_missing_target__fires_at_the_value(make_workspace):
    text = INDICATORS + "      2025/26 Q2: {actual: 72.5}\n"
    findings = lint_ws(make_workspace({"plans/indicators.yaml": text}))
    assert brief(findings) == [
        ("plans/indicators.yaml", *at(text, "{actual"), "missing-target", "warning", "LPI-01")
    ]
    assert findings[0].message == "indicator LPI-01: 2025/26 Q2 has an actual (72.5) but no target"


def test_missing_target__not_for_targets_alone_or_qualitative(make_workspace):
    text = (
        INDICATORS
        + "      2025/26 Q2: {target: 70}\n"
        + "  - id: QI-01\n    title: View\n    type: qualitative\n    owner: JP\n    deputy: HB\n"
        + "    links: [P1]\n    values:\n      2025/26 Q1: {rag: amber, actual: 3}\n"
    )
    assert lint_ws(make_workspace({"plans/indicators.yaml": text})) == []


# --- complete-without-update ------------------------------------------------------------------


@pytest.mark.parametrize("status", ["complete", "no-further-action", "cancelled"])
def test_complete_without_update__fires(make_workspace, status):
    text = plan(ACTION_A.replace("on-track", status))
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [
        (PLAN_FILE, *at(text, "status"), "complete-without-update", "warning", "pm:R1.a")
    ]
    assert findings[0].message == (
        f"action pm:R1.a is {status} with no update: add an update saying what was done"
    )


def test_complete_without_update__fixed(make_workspace):
    root = make_workspace({PLAN_FILE: plan(ACTION_A.replace("on-track", "complete") + UPDATED)})
    assert lint_ws(root) == []


# --- future-update ----------------------------------------------------------------------------


def test_future_update__on_an_action(make_workspace):
    tomorrow = AS_OF + timedelta(days=1)
    text = plan(ACTION_A + updated_on(AS_OF, tomorrow))
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [
        (PLAN_FILE, *at(text, f"date: {tomorrow}"), "future-update", "error", "pm:R1.a")
    ]
    assert findings[0].message == "pm:R1.a: update dated 21 Nov 2025 is after 20 Nov 2025: check the date"


def test_future_update__on_a_recommendation(make_workspace):
    text = plan(ACTION_A, rec="updates:\n  - date: 2026-01-05\n    text: Planned.")
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [(PLAN_FILE, *at(text, "date: 2026"), "future-update", "error", "pm:R1")]


def test_future_update__dated_today_is_fine(make_workspace):
    text = plan(ACTION_A + updated_on(AS_OF), rec=f"updates:\n  - date: {AS_OF}\n    text: Today.")
    assert lint_ws(make_workspace({PLAN_FILE: text})) == []


# --- loaded workspace facts used by the rules ------------------------------------------------


def test_local_ref_of_numbered_theme_actions(make_workspace):
    text = (
        "kind: action-plan\nid: st\ntitle: Strategy\nowner: JP\nlinks: [P1]\nthemes:\n"
        "  - id: 1\n    title: One\n    actions:\n"
        "      - id: 1.10\n        title: Ten\n        timescale: Ongoing\n"
        "      - id: b\n        title: Bee\n        timescale: Ongoing\n"
        "        see: [st:1.10, 1.10]\n"
    )
    root = make_workspace({"plans/strategy.yaml": text})
    assert lint_ws(root) == []
    ws = load(root)
    assert [a.ref for a in ws.action_list if a.plan.id == "st"] == ["st:1.10", "st:1.b"]


# --- the audit rules: evidence, verification, extensions, priorities --------------------------

VERIFIED_PLAN = "owner: JP\nlinks: [P1]\nclosure: verified\n"
DONE = ACTION_A.replace("on-track", "complete") + UPDATED


def audit_lint(root, **options):
    from pmplan.lint.run import LintOptions, lint

    return lint(load(root), LintOptions(AS_OF, **options))


def test_complete_without_evidence__fires_in_a_verified_plan(make_workspace):
    text = plan(DONE, head=VERIFIED_PLAN)
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [
        (PLAN_FILE, *at(text, "status"), "complete-without-evidence", "error", "pm:R1.a")
    ]
    assert findings[0].message.startswith("action pm:R1.a is complete with no evidence, and pm closes")


def test_complete_without_evidence__fixed_by_evidence_here_or_on_the_recommendation(make_workspace):
    own = plan(DONE + "  evidence: Reconciliation signed off by the Head of Finance\n", head=VERIFIED_PLAN)
    on_rec = plan(DONE, head=VERIFIED_PLAN, rec="evidence: [Minutes of CMT, 4 Nov 2025]")
    for text in (own, on_rec):
        assert lint_ws(make_workspace({PLAN_FILE: text})) == []


def test_complete_without_evidence__not_asked_for_without_closure_verified(make_workspace):
    assert lint_ws(make_workspace({PLAN_FILE: plan(DONE)})) == []


def test_closed_with_open_actions__fires(make_workspace):
    text = plan(ACTION_A + UPDATED, rec="status: complete")
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [
        (PLAN_FILE, *at(text, "status: complete"), "closed-with-open-actions", "error", "pm:R1")
    ]
    assert findings[0].message == (
        "pm:R1 is complete, but its action R1.a is still open: close the action first"
    )


def test_closed_with_open_actions__verified_recommendation(make_workspace):
    text = plan(ACTION_A + UPDATED, rec="verified: {by: HB, date: 2025-11-10}")
    (finding,) = lint_ws(make_workspace({PLAN_FILE: text}))
    assert (finding.rule, finding.line) == ("closed-with-open-actions", at(text, "verified")[0])
    assert "is marked verified" in finding.message


def test_closed_with_open_actions__fixed(make_workspace):
    text = plan(DONE, rec="status: complete\nverified: {by: HB, date: 2025-11-10}")
    assert lint_ws(make_workspace({PLAN_FILE: text})) == []


EXTENDED = """\
  baseline: Dec 25
  extensions:
    - asked: 2025-11-02
      timescale: Mar 26
      reason: Supplier late
      approved: {by: Audit Committee, date: 2025-11-18}
"""


def test_moved_without_extension__later_than_baseline_in_the_file(make_workspace):
    text = plan(ACTION_A + "  baseline: Dec 25\n" + UPDATED)
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [
        (PLAN_FILE, *at(text, "timescale"), "moved-without-extension", "warning", "pm:R1.a")
    ]
    assert "later than the agreed 'Dec 25'" in findings[0].message


def test_moved_without_extension__approved_extension_is_enough(make_workspace):
    assert lint_ws(make_workspace({PLAN_FILE: plan(ACTION_A + EXTENDED + UPDATED)})) == []


def test_moved_without_extension__refused_or_pending_is_not_enough(make_workspace):
    refused = EXTENDED.replace("approved:", "refused:")
    pending = EXTENDED.replace("      approved: {by: Audit Committee, date: 2025-11-18}\n", "")
    for extension in (refused, pending):
        findings = lint_ws(make_workspace({PLAN_FILE: plan(ACTION_A + extension + UPDATED)}))
        assert [f.rule for f in findings] == ["moved-without-extension"]


def test_moved_without_extension__moves_in_git_history(make_workspace):
    root = make_workspace({PLAN_FILE: plan(ACTION_A + EXTENDED + UPDATED)})
    (finding,) = audit_lint(root, date_moves={"pm:R1.a": 2})
    assert finding.rule == "moved-without-extension"
    assert "moved later 2 times in the git history, but 1 approved extension is recorded" in finding.message
    assert audit_lint(root, date_moves={"pm:R1.a": 1}) == []


def test_moved_without_extension__not_for_themes(make_workspace):
    text = plan(ACTION_A + "  baseline: Dec 25\n" + UPDATED).replace("recommendations:", "themes:")
    assert lint_ws(make_workspace({PLAN_FILE: text})) == []


def test_date_moved_too_often__by_extensions_in_the_file(make_workspace):
    third = EXTENDED + "".join(
        f"    - asked: 2025-11-1{n}\n      timescale: Mar 26\n      approved: {{by: CX, date: 2025-11-1{n}}}\n"
        for n in (5, 6)
    )
    text = plan(ACTION_A + third + UPDATED)
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [
        (PLAN_FILE, *at(text, "timescale"), "date-moved-too-often", "warning", "pm:R1.a")
    ]
    assert findings[0].message == (
        "action pm:R1.a: its due date has moved 3 times by its extensions, more than the 2 allowed "
        "(audit.max_date_moves): take it back to the committee"
    )


def test_date_moved_too_often__in_git_history_and_the_limit_setting(make_workspace):
    root = make_workspace({PLAN_FILE: plan(ACTION_A + UPDATED)})
    found = audit_lint(root, date_moves={"pm:R1.a": 3}, select=frozenset({"date-moved-too-often"}))
    assert [f.message for f in found] == [
        "action pm:R1.a: its due date has moved 3 times in the git history, more than the 2 allowed "
        "(audit.max_date_moves): take it back to the committee"
    ]
    assert audit_lint(root, date_moves={"pm:R1.a": 2}, select=frozenset({"date-moved-too-often"})) == []
    strict = make_workspace(
        {"pmplan.yaml": "audit:\n  max_date_moves: 1\n", PLAN_FILE: plan(ACTION_A + EXTENDED + UPDATED)}
    )
    assert audit_lint(strict, date_moves={"pm:R1.a": 2}, select=frozenset({"date-moved-too-often"}))


GRADED = "priority: {grade}\n"
LATE = ACTION_A.replace("Mar 26", "Jun 25").replace("on-track", "delayed") + UPDATED


def test_overdue_high_priority__error(make_workspace):
    text = plan(LATE, rec=GRADED.format(grade="high"))
    findings = lint_ws(make_workspace({PLAN_FILE: text}), ignore=frozenset({"overdue"}))
    assert brief(findings) == [(PLAN_FILE, *at(text, "id: R1"), "overdue-high-priority", "error", "pm:R1")]
    assert findings[0].message == (
        "high-priority recommendation pm:R1 was due 30 Jun 2025 (143 days ago) and is not implemented: "
        "finish it, or ask the committee for an extension"
    )


def test_overdue_high_priority__from_the_actions_priority(make_workspace):
    text = plan(LATE + "  priority: high\n")
    rules = [f.rule for f in lint_ws(make_workspace({PLAN_FILE: text}))]
    assert rules == ["overdue-high-priority", "overdue"]


def test_overdue_high_priority__not_when_implemented_or_not_yet_due(make_workspace):
    done = plan(DONE.replace("Mar 26", "Jun 25"), rec=GRADED.format(grade="high"))
    due = plan(ACTION_A + UPDATED, rec=GRADED.format(grade="high"))
    for text in (done, due):
        assert lint_ws(make_workspace({PLAN_FILE: text})) == []


@pytest.mark.parametrize("grade", ["medium", "low"])
def test_overdue_recommendation__warning_for_medium_and_low(make_workspace, grade):
    text = plan(LATE, rec=GRADED.format(grade=grade))
    findings = lint_ws(make_workspace({PLAN_FILE: text}), ignore=frozenset({"overdue"}))
    assert brief(findings) == [(PLAN_FILE, *at(text, "id: R1"), "overdue-recommendation", "warning", "pm:R1")]
    assert findings[0].message.startswith(f"{grade}-priority recommendation pm:R1 was due 30 Jun 2025")


def test_overdue_recommendation__latest_action_is_the_date(make_workspace):
    later = ACTION_A.replace("id: a", "id: b").replace("Mar 26", "Jun 26") + UPDATED
    text = plan(LATE + later, rec=GRADED.format(grade="low"))
    assert [f.rule for f in lint_ws(make_workspace({PLAN_FILE: text}))] == ["overdue"]


def test_missing_evidence_file__fires(make_workspace):
    text = plan(DONE + "  evidence: [evidence/minutes.pdf, Seen by HB, https://example.org/a.pdf]\n")
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [
        (PLAN_FILE, *at(text, "evidence"), "missing-evidence-file", "error", "pm:R1.a")
    ]
    assert findings[0].message == (
        "action pm:R1.a: evidence file 'evidence/minutes.pdf' is not in the repository: "
        "correct the path or add the file"
    )


def test_missing_evidence_file__outside_the_repository(make_workspace):
    text = plan(DONE, rec="evidence: S:\\Audit\\minutes.docx")
    (finding,) = lint_ws(make_workspace({PLAN_FILE: text}))
    assert (finding.rule, finding.ref) == ("missing-evidence-file", "pm:R1")
    assert "is outside the repository" in finding.message


def test_missing_evidence_file__fixed(make_workspace):
    text = plan(DONE + "  evidence: ./evidence/minutes.pdf\n")
    root = make_workspace({PLAN_FILE: text, "evidence/minutes.pdf": b"%PDF-1.4\n"})
    assert lint_ws(root) == []


def test_unknown_person__verifier_and_who_asked(make_workspace):
    extension = "  extensions:\n    - {asked: 2025-11-02, timescale: Mar 26, by: QQ}\n"
    text = plan(DONE + extension + "  verified: {by: ZZ, date: 2025-11-03}\n")
    findings = of_rule(lint_ws(make_workspace({PLAN_FILE: text})), "unknown-person")
    assert [f.message for f in findings] == [
        "extension asked by 'QQ' of pm:R1.a is not in the people file",
        "verified by 'ZZ' of pm:R1.a is not in the people file",
    ]


def test_broken_link__recommendation_report(make_workspace):
    head = "owner: JP\nlinks: [P1]\nreports:\n  - {id: IA-01, title: Payroll, date: 2025-06-01}\n"
    text = plan(ACTION_A + UPDATED, head=head, rec="report: IA-10")
    (finding,) = lint_ws(make_workspace({PLAN_FILE: text}))
    assert (finding.rule, finding.line) == ("broken-link", at(text, "report: IA-10")[0])
    assert finding.message == (
        "pm:R1: 'report: IA-10' is not one of the reports listed under pm's 'reports:' (did you mean IA-01?)"
    )
    fixed = plan(ACTION_A + UPDATED, head=head, rec="report: IA-01")
    assert lint_ws(make_workspace({PLAN_FILE: fixed})) == []


def test_overdue_recommendation__not_while_an_open_action_recurs(make_workspace):
    ongoing = ACTION_A.replace("id: a", "id: b").replace("Mar 26", "Jun 25 & ongoing") + UPDATED
    done = DONE.replace("Mar 26", "Jun 25")
    text = plan(done + ongoing, rec=GRADED.format(grade="high"))
    assert lint_ws(make_workspace({PLAN_FILE: text})) == []


# --- the reporting calendar's meetings --------------------------------------------------------

CALENDAR_FILE = "plans/calendar.yaml"
Q2_NOTES = {"plans/reports/2025-26-q2.yaml": "kind: report-notes\nperiod: 2025/26 Q2\n"}
"""2025/26 Q2's report is being prepared until its meeting in December: these have its notes."""

MEETINGS = """\
kind: calendar
reports:
  - id: qpr
    title: Quarterly performance report
    to: [Cabinet]
    owner: JP
    meetings:
      - {date: 2025-09-17, reports_on: 2025/26 Q1}
      - {date: 2025-12-10, reports_on: 2025/26 Q2}
      - {reports_on: 2025/26 Q3}        # date not yet set
"""


def test_meeting_outside_months__the_issue_example_lints_clean(make_workspace):
    assert lint_ws(make_workspace({**Q2_NOTES, CALENDAR_FILE: MEETINGS})) == []


def test_meeting_outside_months__fires_at_the_date(make_workspace):
    text = MEETINGS.replace("    owner: JP\n", "    owner: JP\n    months: [Aug, Dec, Feb, May]\n")
    findings = lint_ws(make_workspace({**Q2_NOTES, CALENDAR_FILE: text}))
    assert brief(findings) == [
        (CALENDAR_FILE, *at(text, "date: 2025-09-17"), "meeting-outside-months", "warning", "qpr")
    ]
    assert findings[0].message == (
        "report qpr: the meeting on 17 Sep 2025 (2025/26 Q1) is in September, which is not one of "
        "its months (Aug, Dec, Feb, May): correct the date or the months"
    )


@pytest.mark.parametrize(
    "when", ["    months: [Sep, Dec, Mar, Jun]\n", "    months: []\n", "    every: month\n"]
)
def test_meeting_outside_months__months_that_agree_or_none(make_workspace, when):
    text = MEETINGS.replace("    owner: JP\n", "    owner: JP\n" + when)
    assert lint_ws(make_workspace({**Q2_NOTES, CALENDAR_FILE: text})) == []


def test_period_reported_twice__fires_at_both(make_workspace):
    text = MEETINGS.replace("reports_on: 2025/26 Q1}", "reports_on: 2025/2026 Q2}")
    findings = lint_ws(make_workspace({**Q2_NOTES, CALENDAR_FILE: text}))
    first, second = at(text, "{date: 2025-09-17"), at(text, "{date: 2025-12-10")
    assert brief(findings) == [
        (CALENDAR_FILE, *first, "period-reported-twice", "error", "qpr"),
        (CALENDAR_FILE, *second, "period-reported-twice", "error", "qpr"),
    ]
    assert findings[0].message == (
        f"report qpr: 2025/26 Q2 is reported on 2 times to Cabinet (also at {CALENDAR_FILE}:{second[0]}): "
        "each period once to each committee"
    )


def test_period_reported_twice__across_a_standing_and_a_yearly_file(make_workspace):
    yearly = MEETINGS.replace("kind: calendar\n", "kind: calendar\nyear: 2025/26\n").replace(
        "      - {date: 2025-12-10, reports_on: 2025/26 Q2}\n      - {reports_on: 2025/26 Q3}        # date not yet set\n",
        "",
    )
    root = make_workspace({**Q2_NOTES, CALENDAR_FILE: MEETINGS, "plans/calendar-2025-26.yaml": yearly})
    assert [(f.file, f.rule) for f in lint_ws(root)] == [
        ("plans/calendar-2025-26.yaml", "period-reported-twice"),
        (CALENDAR_FILE, "period-reported-twice"),
    ]


def test_period_reported_twice__once_to_each_committee_is_fine(make_workspace):
    text = (
        MEETINGS.replace("to: [Cabinet]", "to: [Cabinet, Overview and Scrutiny Committee]")
        .replace(
            "      - {reports_on: 2025/26 Q3}",
            "      - {date: 2025-09-17, reports_on: 2025/26 Q1, committee: Cabinet}\n"
            "      - {date: 2025-10-02, reports_on: 2025/26 Q1, committee: Overview and Scrutiny Committee}\n"
            "      - {reports_on: 2025/26 Q3}",
        )
        .replace("      - {date: 2025-09-17, reports_on: 2025/26 Q1}\n", "", 1)
    )
    assert lint_ws(make_workspace({**Q2_NOTES, CALENDAR_FILE: text})) == []
    both = text.replace(", committee: Cabinet}", "}")  # to both committees, and again to Cabinet
    findings = lint_ws(make_workspace({**Q2_NOTES, CALENDAR_FILE: both}))
    assert [(f.rule, f.line) for f in findings] == [
        ("period-reported-twice", at(both, "{date: 2025-09-17")[0]),
        ("period-reported-twice", at(both, "{date: 2025-10-02")[0]),
    ]
    assert "2025/26 Q1 is reported on 2 times to Overview and Scrutiny Committee" in findings[0].message


@pytest.mark.parametrize(
    ("as_of", "when"),
    [
        (date(2025, 12, 1), "is expected in January 2026, less than a month away"),
        (date(2026, 1, 31), "is expected in January 2026, less than a month away"),
        (date(2026, 2, 1), "was expected in January 2026"),
    ],
)
def test_undated_meeting__fires_a_month_before(make_workspace, as_of, when):
    # (a quarter's report is due in some of these months: report-notes-missing is tested below)
    findings = lint_ws(
        make_workspace({**Q2_NOTES, CALENDAR_FILE: MEETINGS}), as_of=as_of, select={"undated-meeting"}
    )
    assert brief(findings) == [
        (CALENDAR_FILE, *at(MEETINGS, "{reports_on: 2025/26 Q3}"), "undated-meeting", "warning", "qpr")
    ]
    assert (
        findings[0].message == f"report qpr: the meeting on 2025/26 Q3 has no date and {when}: add its date"
    )


def test_undated_meeting__expected_in_the_reports_next_month(make_workspace):
    text = MEETINGS.replace("    owner: JP\n", "    owner: JP\n    months: [Sep, Dec, Mar, Jun]\n")
    root = make_workspace({**Q2_NOTES, CALENDAR_FILE: text})
    assert lint_ws(root, as_of=date(2026, 1, 31), select={"undated-meeting"}) == []
    (finding,) = lint_ws(root, as_of=date(2026, 2, 1), select={"undated-meeting"})
    assert "is expected in March 2026, less than a month away" in finding.message


def test_undated_meeting__dated_or_far_off_is_fine(make_workspace):
    root = make_workspace(
        {
            **Q2_NOTES,
            CALENDAR_FILE: MEETINGS.replace(
                "{reports_on: 2025/26 Q3}", "{date: 2026-03-11, reports_on: 2025/26 Q3}"
            ),
        }
    )
    assert lint_ws(root, as_of=date(2026, 3, 1), select={"undated-meeting"}) == []
    assert lint_ws(make_workspace({**Q2_NOTES, CALENDAR_FILE: MEETINGS}), as_of=date(2025, 11, 30)) == []


# --- control-character -----------------------------------------------------------------------


def test_control_character__where_it_stands(make_workspace):
    text = plan(ACTION_A.replace("title: Align outcomes", 'title: "Align \\e[2J outcomes"'))
    text = text.replace("title: Rec one", 'title: "Rec\\x7f one"')
    people = PEOPLE.replace("name: Hal Brook", 'name: "Hal\\bBrook"')
    indicators = INDICATORS.replace("actual: 71}", 'actual: 71, note: "bell\\a"}')
    root = make_workspace({PLAN_FILE: text, "plans/people.yaml": people, "plans/indicators.yaml": indicators})
    findings = [f for f in lint_ws(root) if f.rule == "control-character"]
    assert brief(findings) == [
        ("plans/indicators.yaml", *at(indicators, "note:"), "control-character", "warning", "LPI-01"),
        ("plans/people.yaml", *at(PEOPLE, "name: Hal"), "control-character", "warning", "HB"),
        (PLAN_FILE, *at(text, 'title: "Rec'), "control-character", "warning", "pm:R1"),
        (PLAN_FILE, *at(text, 'title: "Align'), "control-character", "warning", "pm:R1.a"),
    ]
    assert findings[3].message == (
        "'title' holds the control character ESC (escape), U+001B: 'Align \\x1b[2J outcomes'; "
        "delete it (it came with text pasted from another system)"
    )
    assert "BEL (bell), U+0007" in findings[0].message


def test_control_character__tab_and_newline_are_text(make_workspace):
    text = plan(ACTION_A.replace("title: Align outcomes", 'title: "Align\\toutcomes"\n  how: "one\\ntwo"'))
    root = make_workspace({PLAN_FILE: text})
    assert lint_ws(root) == []


# --- report-notes-disagree --------------------------------------------------------------------

NOTES_FILE = "plans/reports/2025-26-q1.yaml"


def notes(period: str, *issues: str) -> str:
    return f"kind: report-notes\nperiod: {period}\nkey_issues:\n" + "".join(f"  - {i}\n" for i in issues)


def test_report_notes_disagree__indicator_rated_otherwise(make_workspace):
    # LPI-01 was 71 against a target of 70 in 2025/26 Q1: green
    text = notes(
        "2025/26 Q1", "Housing is on course.", "LPI-01 and Residents in work were red for the quarter."
    )
    findings = lint_ws(make_workspace({NOTES_FILE: text}))
    assert brief(findings) == [
        (NOTES_FILE, *at(text, "key_issues"), "report-notes-disagree", "warning", "LPI-01")
    ]
    assert findings[0].message == (
        "the notes for 2025/26 Q1 call indicator LPI-01 'red' (red), but it is green in 2025/26 Q1"
    )


def test_report_notes_disagree__about_list_and_the_latest_notes_for_actions(make_workspace):
    issue = "text: Still delayed by the partnership's plan.\n    about: [R1.a]"
    text = notes("2025/26 Q2", issue)
    findings = lint_ws(make_workspace({"plans/reports/q2.yaml": text}))
    assert brief(findings) == [
        ("plans/reports/q2.yaml", *at(text, "text: Still"), "report-notes-disagree", "warning", "pm:R1.a")
    ]
    assert findings[0].message.endswith("but it is green as at 2025-11-20")


def test_report_notes_disagree__fixed(make_workspace):
    root = make_workspace({
        NOTES_FILE: notes("2025/26 Q1", "LPI-01 was green; a rating word speaks only of what comes before it, so "
                          "R1.a, which is on track, is fine.", "R1.a is delayed."),  # an earlier quarter's notes:
        "plans/reports/2025-26-q2.yaml": notes("2025/26 Q2", "PM R1.a is on track."),  # actions not checked
    })  # fmt: skip
    assert lint_ws(root) == []


# --- report-notes-missing ---------------------------------------------------------------------

IN_WINDOW = AS_OF.replace(month=10, day=15)  # 2025/26 Q2 ended on 30 September; its cut-off is 31 October


def test_report_notes_missing__in_the_update_window(make_workspace):
    findings = lint_ws(make_workspace(), IN_WINDOW, select={"report-notes-missing"})
    assert brief(findings) == [("pmplan.yaml", 1, 1, "report-notes-missing", "warning", "2025/26 Q2")]
    assert findings[0].message.startswith("2025/26 Q2's report is due and there are no report notes for it")


def test_report_notes_missing__fixed_or_outside_the_window(make_workspace):
    root = make_workspace({"plans/reports/q2.yaml": notes("2025/26 Q2", "All on course.")})
    assert lint_ws(root, IN_WINDOW, select={"report-notes-missing"}) == []
    assert lint_ws(make_workspace(), AS_OF, select={"report-notes-missing"}) == []
    later = make_workspace({"pmplan.yaml": "organisation: Test Council\nreport: {update_window: 2}\n"})
    assert brief(lint_ws(later, AS_OF, select={"report-notes-missing"}))[0][3] == "report-notes-missing"


# --- red-without-corrective-action ------------------------------------------------------------

RED = INDICATORS + "      2025/26 Q2: {target: 70, actual: 60}\n"


def test_red_without_corrective_action__fires_in_the_update_window(make_workspace):
    findings = lint_ws(
        make_workspace({"plans/indicators.yaml": RED}), IN_WINDOW, select={"red-without-corrective-action"}
    )
    assert brief(findings) == [
        ("plans/indicators.yaml", *at(RED, "{target: 70, actual: 60}"), "red-without-corrective-action", "warning", "LPI-01")
    ]  # fmt: skip
    assert findings[0].message == (
        "indicator LPI-01 is red for 2025/26 Q2 and has no corrective action: add 'corrective_action:' "
        "to its value, saying what is being done"
    )


def test_red_without_corrective_action__fixed(make_workspace):
    fixed = RED.replace("actual: 60}", "actual: 60, corrective_action: Jobs fair in November}")
    root = make_workspace({"plans/indicators.yaml": fixed})
    assert lint_ws(root, IN_WINDOW, select={"red-without-corrective-action"}) == []
    # outside the update window it is the report's exceptions that show "None given"
    root = make_workspace({"plans/indicators.yaml": RED})
    assert lint_ws(root, AS_OF, select={"red-without-corrective-action"}) == []


# --- amber-worse-unexplained --------------------------------------------------------------------

AMBER_WORSE = INDICATORS + "      2025/26 Q2: {target: 70, actual: 68}\n"


def test_amber_worse_unexplained__fires_in_the_update_window(make_workspace):
    findings = lint_ws(
        make_workspace({"plans/indicators.yaml": AMBER_WORSE}), IN_WINDOW, select={"amber-worse-unexplained"}
    )
    assert brief(findings) == [
        ("plans/indicators.yaml", *at(AMBER_WORSE, "{target: 70, actual: 68}"), "amber-worse-unexplained", "warning", "LPI-01")
    ]  # fmt: skip
    assert findings[0].message == (
        "indicator LPI-01 is amber for 2025/26 Q2 and worse than in 2025/26 Q1, with no note: add "
        "'note:' to its value, saying why it fell"
    )


def test_amber_worse_unexplained__fixed(make_workspace):
    explained = AMBER_WORSE.replace("actual: 68}", "actual: 68, note: A large employer closed}")
    assert (
        lint_ws(
            make_workspace({"plans/indicators.yaml": explained}),
            IN_WINDOW,
            select={"amber-worse-unexplained"},
        )
        == []
    )
    # amber but better than before: not an exception
    better = INDICATORS.replace("actual: 71}", "actual: 60}") + "      2025/26 Q2: {target: 70, actual: 68}\n"
    assert (
        lint_ws(
            make_workspace({"plans/indicators.yaml": better}), IN_WINDOW, select={"amber-worse-unexplained"}
        )
        == []
    )
    # outside the update window it is the report's exceptions that show "None given"
    assert (
        lint_ws(
            make_workspace({"plans/indicators.yaml": AMBER_WORSE}), AS_OF, select={"amber-worse-unexplained"}
        )
        == []
    )
