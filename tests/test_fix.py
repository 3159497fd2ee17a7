"""``pmplan lint --fix``: what can only mean one thing is mended in place, byte for byte
everywhere else; ``--fix --dry-run`` shows it as a diff; anything in doubt is left alone."""

from __future__ import annotations

import pytest

from plan_fixtures import AS_OF_TEXT, PEOPLE, invoke, text_of

PLAN_FILE = "plans/plan.yaml"
PEOPLE_WITH_TITLES = PEOPLE.replace(
    "    name: Hal Brook\n", "    name: Hal Brook\n    title: Head of Finance\n"
)

BROKEN = """\
# The plan agreed at Cabinet.   Comments and   spacing stay as they are.
kind: action-plan
id: pm
title: Performance Management Action Plan
owner: JP
links: [P1]
recommendations:
  - id: R1
    title: Link priorities
    leads: JP/HoF          # both of them
    actions:
      - id: a
        title: Align outcomes
        leads: [jp, CMT]
        timescale: Mar 26
        status: Done      # signed off in October
        updates:
          - date: 2025-11-01
            text: Mapping finished.
      - id: b
        title: Second action
        leads:
          - Head of Finance
          - CMT
        timescale: Mar 26
        status: 'In Progress'
"""

FIXED = """\
# The plan agreed at Cabinet.   Comments and   spacing stay as they are.
kind: action-plan
id: pm
title: Performance Management Action Plan
owner: JP
links: [P1]
recommendations:
  - id: R1
    title: Link priorities
    leads: [JP, HB]          # both of them
    actions:
      - id: a
        title: Align outcomes
        leads: [JP, CMT]
        timescale: Mar 26
        status: complete      # signed off in October
        updates:
          - date: 2025-11-01
            text: Mapping finished.
      - id: b
        title: Second action
        leads:
          - HB
          - CMT
        timescale: Mar 26
        status: 'on-track'
"""

SAID = """\
Fixed plans/plan.yaml:10:12: leads 'JP/HoF' is now [JP, HB]
Fixed plans/plan.yaml:14:17: leads 'jp' is now 'JP'
Fixed plans/plan.yaml:16:17: status 'Done' is now 'complete'
Fixed plans/plan.yaml:23:13: leads 'Head of Finance' is now 'HB'
Fixed plans/plan.yaml:26:17: status 'In Progress' is now 'on-track'
Fixed 5 problems in 1 file.

"""


@pytest.fixture
def broken(make_workspace):
    return make_workspace({PLAN_FILE: BROKEN, "plans/people.yaml": PEOPLE_WITH_TITLES})


def lint(root, *args):
    return invoke("lint", "--as-of", AS_OF_TEXT, "-w", str(root), *args)


def test_fix_mends_in_place_keeping_everything_else_and_says_what(broken):
    result = lint(broken, "--fix")
    assert (broken / PLAN_FILE).read_text(encoding="utf-8") == FIXED
    assert result.stdout == SAID + "No problems found in 4 files.\n"
    assert result.exit_code == 0
    again = lint(broken, "--fix")
    assert again.stdout == "No problems found in 4 files.\n"


def test_fix_dry_run_shows_a_diff_and_writes_nothing(broken):
    result = lint(broken, "--fix", "--dry-run")
    assert (broken / PLAN_FILE).read_text(encoding="utf-8") == text_of(BROKEN)
    assert result.exit_code == 0
    assert result.stdout.startswith("--- a/plans/plan.yaml\n+++ b/plans/plan.yaml\n")
    assert "-        status: Done      # signed off in October\n" in result.stdout
    assert "+        status: complete      # signed off in October\n" in result.stdout
    assert "-          - Head of Finance\n+          - HB\n" in result.stdout
    assert result.stderr == "5 fixes in 1 file would be made: run 'pmplan lint --fix' to make them.\n"


def test_fix_with_json_says_what_it_did_on_stderr(broken):
    import json

    result = lint(broken, "--fix", "--format", "json")
    assert json.loads(result.stdout) == []
    assert result.stderr.startswith("Fixed plans/plan.yaml:10:12: leads 'JP/HoF' is now [JP, HB]\n")


def test_fix_keeps_crlf_and_a_bom(make_workspace):
    raw = b"\xef\xbb\xbf" + text_of(BROKEN).replace("\n", "\r\n").encode()
    root = make_workspace({PLAN_FILE: raw, "plans/people.yaml": PEOPLE_WITH_TITLES})
    assert lint(root, "--fix").exit_code == 0
    assert (root / PLAN_FILE).read_bytes() == b"\xef\xbb\xbf" + text_of(FIXED).replace("\n", "\r\n").encode()


@pytest.mark.parametrize(
    ("line", "why"),
    [
        ("status: parked", "no status is meant"),
        ("status: green", "a RAG colour: which status is for the officer to say"),
        ("leads: [ZZ]", "nobody"),
        ("leads: JP/ZZ", "one of the two is nobody"),
        ("leads: [Head of Service]", "no one has that title"),
    ],
)
def test_what_is_in_doubt_is_left_alone(make_workspace, line, why):
    text = BROKEN.replace("leads: JP/HoF          # both of them\n", "")
    text = text.replace("status: Done      # signed off in October", line, 1)
    text = text.replace("leads: [jp, CMT]", "leads: [JP, CMT]") if "leads" in line else text
    root = make_workspace({PLAN_FILE: text, "plans/people.yaml": PEOPLE_WITH_TITLES})
    result = lint(root, "--fix", "--dry-run")
    assert line not in result.stdout.replace("-        " + line, "")
    assert "-        " + line not in result.stdout, why


def test_two_people_with_one_title_are_left_for_the_officer(make_workspace):
    people = PEOPLE_WITH_TITLES.replace(
        "    name: Jo Price\n", "    name: Jo Price\n    title: Head of Finance\n"
    )
    people = people.replace("    title: Policy & Performance Officer\n", "")
    root = make_workspace({PLAN_FILE: BROKEN, "plans/people.yaml": people})
    result = lint(root, "--fix", "--dry-run")
    assert "-          - Head of Finance" not in result.stdout
    check = lint(root, "--format", "json")
    assert "'Head of Finance' is the title of JP, HB: write the id of the one meant" in check.stdout


def test_dry_run_needs_fix(broken):
    result = lint(broken, "--dry-run")
    assert result.exit_code == 2
    assert result.stderr == "pmplan: --dry-run goes with --fix: pmplan lint --fix --dry-run\n"


def test_fix_of_a_month_in_a_calendar(make_workspace):
    calendar = "kind: calendar\nreports:\n  - id: qpr\n    title: Quarterly report\n    months: [feb, May, august, 11]\n"
    root = make_workspace({"plans/calendar.yaml": calendar})
    result = lint(root, "--fix")
    assert result.exit_code == 0
    assert (root / "plans/calendar.yaml").read_text() == calendar.replace(
        "[feb, May, august, 11]", "[Feb, May, Aug, Nov]"
    )
    assert result.stdout.startswith("Fixed plans/calendar.yaml:5:14: month 'feb' is now 'Feb'\n")


def test_fix_leaves_anchors_and_merges_to_the_officer(make_workspace):
    text = BROKEN.replace("      - id: a\n", "      - &first\n        id: a\n", 1)
    root = make_workspace({PLAN_FILE: text, "plans/people.yaml": PEOPLE_WITH_TITLES})
    result = lint(root, "--fix", "--dry-run")
    assert "status: Done" not in result.stdout
    assert "-        status: 'In Progress'" in result.stdout


def test_fix_a_lead_as_councils_write_it(make_workspace):
    # "TG/RB / SMT", as a Lead column in a council's action plan has it
    people = PEOPLE + (
        "  - id: TG\n    name: Tony Green\n    title: Head of Policy and Performance\n"
        "  - id: RB\n    name: Rita Bell\n  - id: SMT\n    name: Senior Management Team\n    type: group\n"
    )
    text = BROKEN.replace("leads: JP/HoF          # both of them", "leads: TG/RB / SMT")
    text = text.replace("leads: [jp, CMT]", "leads: [Head of Policy and Performance]")
    root = make_workspace({PLAN_FILE: text, "plans/people.yaml": people})
    check = lint(root, "--format", "json")
    assert "(it names 3 people: write them as a list, [TG, RB, SMT])" in check.stdout
    result = lint(root, "--fix")
    fixed = (root / PLAN_FILE).read_text(encoding="utf-8")
    assert "    leads: [TG, RB, SMT]\n" in fixed
    assert "        leads: [TG]\n" in fixed
    assert "Fixed plans/plan.yaml:10:12: leads 'TG/RB / SMT' is now [TG, RB, SMT]\n" in result.stdout
