"""Values, not just fields, get a did-you-mean: the words officers write for a status, ids in
the wrong case, a lead written as a job title, a name or several people at once, and
filters that name nobody."""

from __future__ import annotations

import pytest

from plan_fixtures import PEOPLE, PLAN, at, brief, invoke, lint_ws
from pmplan.workspace.vocabulary import STATUS_SYNONYMS, STATUSES, Status, status_meant, suggest_status

PLAN_FILE = "plans/plan.yaml"
LEFT_OUT = "; the action is left out until this is fixed"
PEOPLE_WITH_TITLES = PEOPLE.replace(
    "    name: Hal Brook\n", "    name: Hal Brook\n    title: Head of Finance\n"
)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("done", "complete"),
        ("Done", "complete"),
        ("completed", "complete"),
        ("Finished", "complete"),
        ("Complete", "complete"),
        ("COMPLETE", "complete"),
        ("in progress", "on-track"),
        ("In Progress", "on-track"),
        ("started", "on-track"),
        ("ongoing", "on-track"),
        ("On-going", "on-track"),
        ("On Track", "on-track"),
        ("on_track", "on-track"),
        ("overdue", "delayed"),
        ("Not Started", "not-started"),
        ("At risk", "at-risk"),
        ("NFA", "no-further-action"),
        ("No further action", "no-further-action"),
        ("canceled", "cancelled"),
    ],
)
def test_a_status_synonym_or_case_slip_says_the_status_to_write(make_workspace, written, meant):
    text = PLAN.replace("status: on-track", f"status: {written}")
    findings = lint_ws(make_workspace({PLAN_FILE: text}))
    assert brief(findings) == [
        (PLAN_FILE, *at(text, f"status: {written}"), "invalid-file", "error", "pm:R1.a")
    ]
    assert (
        findings[0].message
        == f"action pm:R1.a: status: '{written}' is not a status: write '{meant}'" + LEFT_OUT
    )


@pytest.mark.parametrize("rag", ["green", "Amber", "RED"])
def test_a_rag_colour_as_a_status_explains_that_rag_comes_from_the_status(make_workspace, rag):
    text = PLAN.replace("status: on-track", f"status: {rag}")
    (finding,) = lint_ws(make_workspace({PLAN_FILE: text}))
    assert finding.message == (
        f"action pm:R1.a: status: '{rag}' is a RAG rating, not a status: pmplan works out an action's RAG "
        "from its status (green: on-track, complete; amber: at-risk; red: delayed): write the status "
        "instead" + LEFT_OUT
    )


def test_a_status_that_is_nothing_like_one_lists_them(make_workspace):
    text = PLAN.replace("status: on-track", "status: parked")
    (finding,) = lint_ws(make_workspace({PLAN_FILE: text}))
    assert finding.message == (
        f"action pm:R1.a: status: 'parked' is not a status; statuses are {', '.join(STATUSES)}" + LEFT_OUT
    )


def test_every_synonym_means_a_status_and_no_status_is_a_synonym():
    assert all(isinstance(status, Status) for status in STATUS_SYNONYMS.values())
    assert not set(STATUS_SYNONYMS) & {s.replace("-", " ") for s in STATUSES}
    assert status_meant("complete") is Status.COMPLETE
    assert status_meant("nonsense") is None
    assert suggest_status("done") == "'done' is not a status: write 'complete'"


@pytest.mark.parametrize(
    ("leads", "message"),
    [
        ("[jp]", "lead 'jp' of pm:R1.a is not in the people file (did you mean JP?)"),
        (
            "JP/HB",
            "lead 'JP/HB' of pm:R1.a is not in the people file (it names 2 people: write them as a list, [JP, HB])",
        ),
        (
            "[JP/HoF]",
            "lead 'JP/HoF' of pm:R1.a is not in the people file (it names 2 people: write them as a list, "
            "[JP, HB])",
        ),
        (
            "[HoF]",
            "lead 'HoF' of pm:R1.a is not in the people file (did you mean HB? Hal Brook, Head of Finance; "
            "leads are written as people's ids)",
        ),
        ("[ZZ]", "lead 'ZZ' of pm:R1.a is not in the people file"),
        (
            "[Hal]",
            "lead 'Hal' of pm:R1.a is not in the people file (did you mean HB? Hal Brook; people are written "
            "as their ids)",
        ),
        (
            "[Price]",
            "lead 'Price' of pm:R1.a is not in the people file (did you mean JP? Jo Price; people are written "
            "as their ids)",
        ),
        ("[Team]", "lead 'Team' of pm:R1.a is not in the people file"),  # a word of a group's name: no
    ],
)
def test_a_lead_that_is_no_id_says_who_was_meant(make_workspace, leads, message):
    text = PLAN.replace("leads: [JP, CMT]", f"leads: {leads}")
    findings = lint_ws(make_workspace({PLAN_FILE: text, "plans/people.yaml": PEOPLE_WITH_TITLES}))
    assert brief(findings) == [(PLAN_FILE, *at(text, "leads"), "unknown-person", "error", "pm:R1.a")]
    assert findings[0].message == message


@pytest.mark.parametrize(
    ("leads", "where", "hint"),
    [
        ("[Head of Finance]", "leads[0]", " (did you mean HB? Hal Brook, Head of Finance; leads are written as people's ids)"),
        ("[JP, head of finance]", "leads[1]", " (did you mean HB? Hal Brook, Head of Finance; leads are written as people's ids)"),
        ("[Jo Price]", "leads[0]", " (did you mean JP? Jo Price, Policy & Performance Officer; leads are written as people's ids)"),
        ("JP and HB", "leads[0]", " (it names 2 people: write them as a list, [JP, HB])"),
        ("[Head of Service]", "leads[0]", ": people are named by the id the people file gives them (e.g. JP)"),
    ],
)  # fmt: skip
def test_a_lead_written_as_a_title_or_a_name_says_who_it_is(make_workspace, leads, where, hint):
    text = PLAN.replace("leads: [JP, CMT]", f"leads: {leads}")
    findings = lint_ws(make_workspace({PLAN_FILE: text, "plans/people.yaml": PEOPLE_WITH_TITLES}))
    assert brief(findings)[0] == (PLAN_FILE, *at(text, "leads"), "invalid-file", "error", "pm:R1.a")
    value = leads.strip("[]").split(", ")[-1]
    assert findings[0].message == f"action pm:R1.a: {where}: '{value}' is not a person id{hint}" + LEFT_OUT


def test_a_link_in_the_wrong_case_says_which_id(make_workspace):
    text = PLAN.replace("links: [P1]", "links: [p1]")
    (finding,) = lint_ws(make_workspace({PLAN_FILE: text}))
    assert finding.rule == "broken-link"
    assert (
        finding.message
        == "pm links to 'p1', which is not a priority, outcome or indicator (did you mean P1?)"
    )


def test_a_see_in_the_wrong_case_says_which_action(make_workspace):
    text = PLAN + "      - id: b\n        title: Second\n        leads: [JP]\n        timescale: Mar 26\n"
    text += "        see: [r1.a]\n"
    (finding,) = lint_ws(make_workspace({PLAN_FILE: text}))
    assert finding.rule == "broken-link"
    assert (
        finding.message
        == "action pm:R1.b: 'see: r1.a' names no action or recommendation (did you mean R1.a?)"
    )


@pytest.mark.parametrize(
    ("lead", "message"),
    [
        ("BM", "pmplan: --lead BM: nobody has that id in the people file\n"),
        ("jp", "pmplan: --lead jp: nobody has that id in the people file (did you mean JP?)\n"),
        (
            "Head of Finance",
            "pmplan: --lead Head of Finance: nobody has that id in the people file (did you mean HB? Hal Brook, "
            "Head of Finance; leads are written as people's ids)\n",
        ),
    ],
)
def test_list_lead_naming_nobody_refuses_like_update(make_workspace, lead, message):
    root = make_workspace({"plans/people.yaml": PEOPLE_WITH_TITLES})
    result = invoke("list", "--lead", lead, "-w", str(root))
    assert result.exit_code == 2
    assert result.stderr == message
    assert result.stdout == ""


def test_list_lead_of_someone_with_no_actions_is_an_empty_list_said_in_words(make_workspace):
    root = make_workspace()
    result = invoke("list", "--lead", "HB", "-w", str(root))
    assert (result.exit_code, result.stdout) == (0, "No actions match --lead HB.\n")
    result = invoke("list", "--status", "delayed,at-risk", "--overdue", "-w", str(root))
    assert result.stdout == "No actions match --status at-risk,delayed --overdue.\n"
    empty = make_workspace({"plans/plan.yaml": None, "plans/indicators.yaml": None})
    assert invoke("list", "-w", str(empty)).stdout == "No actions in the workspace.\n"
    assert invoke("list", "indicators", "-w", str(empty)).stdout == "No indicators in the workspace.\n"


@pytest.mark.parametrize("what", ["actions", "indicators"])
def test_list_keeps_every_column_on_an_80_column_terminal(what):
    import json

    from plan_fixtures import REPO

    args = ("list", what, "--as-of", "2026-11-30", "-w", str(REPO))
    table = invoke(*args, env={"COLUMNS": "80"}).stdout
    rows = json.loads(invoke(*args, "--format", "json").stdout)
    lines = table.splitlines()
    assert max(len(line.rstrip()) for line in lines) <= 80
    header = lines[1].split()
    columns = ["ref", "title", "leads", "timescale", "due", "status"]
    if what == "indicators":
        columns = ["id", "title", "owner", "period", "target", "actual", "rag", "direction"]
    assert header == columns
    words = table.split()
    for row in rows:  # every id, due date and status is there whole
        key = row["ref"] if what == "actions" else row["id"]
        assert key in words
        if what == "actions":
            assert row["status"] in words


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "date: 2025-11-01",
            "date: 01/11/2025",
            "action pm:R1.a: updates[0].date: '01/11/2025' is not a date as plan files write them: write "
            "2025-11-01 (YYYY-MM-DD)",
        ),
        (
            "timescale: Mar 26",
            "timescale: Mar 26\n        due: 31st March 2026",
            "action pm:R1.a: due: '31st March 2026' is not a date as plan files write them: write 2026-03-31 "
            "(YYYY-MM-DD)",
        ),
        (
            "leads: [JP, CMT]",
            "leads: JP, CMT",
            "action pm:R1.a: leads[0]: 'JP, CMT' is not a person id (it names 2 people: write them as a list, "
            "[JP, CMT])",
        ),
    ],
)
def test_dates_and_leads_as_officers_write_them(make_workspace, old, new, message):
    text = PLAN.replace(old, new)
    (finding,) = lint_ws(make_workspace({PLAN_FILE: text}))
    assert (finding.rule, finding.ref) == ("invalid-file", "pm:R1.a")
    assert finding.message == message + LEFT_OUT


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{target: 70%, actual: 71}", "'70%' is not a number as plan files write them: write 70 (the unit goes in the indicator's 'unit:')"),
        ("{target: 70, actual: n/a}", "'n/a' is not a number: leave the value out until it is known (a note can say why)"),
        ("{target: '1,250', actual: 71}", "'1,250' is not a number as plan files write them: write 1250"),
    ],
)  # fmt: skip
def test_indicator_values_as_officers_write_them(make_workspace, value, message):
    from plan_fixtures import INDICATORS

    text = INDICATORS.replace("{target: 70, actual: 71}", value)
    findings = lint_ws(make_workspace({"plans/indicators.yaml": text}))
    invalid = [f for f in findings if f.rule == "invalid-file"]
    assert [f.ref for f in invalid] == ["LPI-01"]
    assert message in invalid[0].message
    assert {f.rule for f in findings} == {"invalid-file"}  # its links not reported as broken elsewhere


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("Q1 2025/26", "values.Q1 2025/26: 'Q1 2025/26' is not a period as plan files write them: write '2025/26 Q1'"),
        ("2025-26 Q1", "values.2025-26 Q1: '2025-26 Q1' is not a period as plan files write them: write '2025/26 Q1'"),
        ("25/26 q1", "values.25/26 q1: '25/26 q1' is not a period as plan files write them: write '2025/26 Q1'"),
        ("Quarter 1 2025/26", "'Quarter 1 2025/26' is not a period as plan files write them: write '2025/26 Q1'"),
        ("2025-26", "values.2025-26: '2025-26' is not a period as plan files write them: write '2025/26'"),
        ("Q1 2025", "values.Q1 2025: 'Q1 2025' is not a period: write '2025/26 Q2', '2025/26' or '2025-08'"),
    ],
)  # fmt: skip
def test_a_period_written_another_way_says_its_key(make_workspace, key, message):
    from plan_fixtures import INDICATORS

    text = INDICATORS.replace("2025/26 Q1:", f"{key}:")
    (finding,) = lint_ws(make_workspace({"plans/indicators.yaml": text}))
    assert (finding.rule, finding.ref, finding.line, finding.column) == ("invalid-file", "LPI-01", 10, 7)
    assert message in finding.message
    assert finding.message.startswith("indicator LPI-01: values.")


def test_a_period_flag_written_another_way_says_its_key(make_workspace):
    from plan_fixtures import INDICATORS

    root = make_workspace({"plans/indicators.yaml": INDICATORS})
    result = invoke("list", "indicators", "--period", "Q1 2025/26", "-w", str(root))
    assert result.exit_code == 2
    assert (
        result.stderr
        == "pmplan: --period: 'Q1 2025/26' is not a period as pmplan writes them: write '2025/26 Q1'\n"
    )


def test_the_importer_reads_every_synonym_it_knows_as_the_loader_does():
    from pmplan.exchange.importer.words import STATUS_WORDS, normalise

    shared = {
        word: STATUS_WORDS[normalise(word)] for word in STATUS_SYNONYMS if normalise(word) in STATUS_WORDS
    }
    assert len(shared) > 20
    assert shared == {word: STATUS_SYNONYMS[word].value for word in shared}
