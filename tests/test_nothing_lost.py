"""Nothing lost in silence: what does not load is named by every command, stops those whose
answer would silently lack it, and leaves out only its own item; findings it would cause
elsewhere are counted on its load error, not reported.

These run on the example council (``plans/`` and ``pmplan.yaml``) with one mistake put in.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from plan_fixtures import REPO, invoke

AS_OF = "2026-11-30"
AUDIT = "plans/action-plans/audit-response.yaml"
CORPORATE = "plans/indicators/corporate.yaml"
STATUS_LINE = 26  # pm-audit:R1.a's `status: complete`


@pytest.fixture
def council(tmp_path: Path) -> Path:
    """A copy of the example council."""
    root = tmp_path / "council"
    root.mkdir()
    shutil.copy(REPO / "pmplan.yaml", root)
    shutil.copytree(REPO / "plans", root / "plans")
    if (REPO / "evidence").is_dir():  # the files the audit tracker's evidence names
        shutil.copytree(REPO / "evidence", root / "evidence")
    return root


def change(root: Path, rel: str, line: int, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` on one line (1-based) of a file, checking it is there."""
    path = root / rel
    lines = path.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1], lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new)
    path.write_text("\n".join(lines), encoding="utf-8")


def run(root: Path, *args: str):
    return invoke(*args, "--workspace", str(root))


_AS_GIVEN: dict[tuple[str, ...], set[tuple[str, int, str, str]]] = {}


def lint(root: Path, *args: str) -> tuple[int, list[dict]]:
    """Exit code and findings of ``pmplan lint`` on the council, but for those the example
    council has as given (its deliberately overdue actions, say): what the mistake caused."""
    if args not in _AS_GIVEN:
        given = json.loads(run(REPO, "lint", "--format", "json", "--as-of", AS_OF, *args).stdout)
        _AS_GIVEN[args] = {(f["file"], f["line"], f["rule"], f["message"]) for f in given}
    result = run(root, "lint", "--format", "json", "--as-of", AS_OF, *args)
    found = json.loads(result.stdout)
    return result.exit_code, [
        f for f in found if (f["file"], f["line"], f["rule"], f["message"]) not in _AS_GIVEN[args]
    ]


BROKEN_SAYS = (
    f"pmplan: {AUDIT}:{STATUS_LINE}:9: action pm-audit:R1.a: status: 'done' is not a status: "
    "write 'complete'; the action is left out until this is fixed\n"
)
STOPS = (
    "pmplan: 1 plan file did not load in full (above), so the answer would leave things out: fix them "
    "('pmplan lint' lists every problem), or add --allow-invalid to go on without them\n"
)


@pytest.mark.parametrize(
    "command",
    [
        ("report", "q2", "--as-of", AS_OF),
        ("export", "-o", "-", "--format", "json"),
        ("list",),
        ("list", "indicators"),
        ("show", "pm-audit:R2.a"),
        ("thread",),
        ("calendar", "--as-of", AS_OF),
        ("returns", "issue", "q2", "--as-of", AS_OF),
        ("report", "audit", "--as-of", AS_OF),
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_one_broken_action_stops_the_commands_that_would_leave_it_out(council, command):
    change(council, AUDIT, STATUS_LINE, "status: complete", "status: done")
    result = run(council, *command)
    assert result.exit_code == 2
    assert result.stderr == BROKEN_SAYS + STOPS
    assert result.stdout == ""


def test_with_allow_invalid_the_report_names_what_was_left_out_on_its_front_page(council, tmp_path):
    change(council, AUDIT, STATUS_LINE, "status: complete", "status: done")
    result = run(council, "report", "q2", "--as-of", AS_OF, "--allow-invalid")
    assert result.exit_code == 0
    assert result.stderr == BROKEN_SAYS
    front = result.stdout.split("## 1. Summary")[0]
    assert "> **Left out of this report.**" in front
    assert (
        f"> - `{AUDIT}`: action pm-audit:R1.a (line {STATUS_LINE}: status: 'done' "
        "is not a status: write 'complete')" in front
    )
    assert "| R1.b |" in result.stdout and "| R1.a |" not in result.stdout
    html = tmp_path / "q2.html"
    result = run(
        council, "report", "q2", "--as-of", AS_OF, "--allow-invalid", "--format", "html", "-o", str(html)
    )
    assert result.exit_code == 0
    page = html.read_text(encoding="utf-8")
    header = page.split("</header>")[0]
    assert "Left out of this report." in header and f"<code>{AUDIT}</code>: action pm-audit:R1.a" in header


IA = "plans/action-plans/internal-audit.yaml"


def test_the_audit_tracker_names_what_was_left_out_on_its_front_page(council, tmp_path):
    import docx

    change(council, IA, 39, "status: complete", "status: finished")
    says = (
        f"pmplan: {IA}:39:9: action ia-tracker:PAY1.a: status: 'finished' is not a status: write 'complete'; "
        "the action is left out until this is fixed\n"
    )
    stopped = run(council, "report", "audit", "--as-of", AS_OF)
    assert (stopped.exit_code, stopped.stderr, stopped.stdout) == (2, says + STOPS, "")
    result = run(council, "report", "audit", "--as-of", AS_OF, "--allow-invalid")
    assert (result.exit_code, result.stderr) == (0, says)
    front = result.stdout.split("## Summary")[0]
    assert "> **Left out of this report.**" in front
    assert (
        f"> - `{IA}`: action ia-tracker:PAY1.a (line 39: status: 'finished' is not a status: write 'complete')"
        in front
    )
    html = tmp_path / "audit.html"
    run(council, "report", "audit", "--as-of", AS_OF, "--allow-invalid", "--format", "html", "-o", str(html))
    header = html.read_text(encoding="utf-8").split("</header>")[0]
    assert "Left out of this report." in header and f"<code>{IA}</code>: action ia-tracker:PAY1.a" in header
    target = tmp_path / "audit.docx"
    run(
        council, "report", "audit", "--as-of", AS_OF, "--allow-invalid", "--format", "docx", "-o", str(target)
    )
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs[:20])
    assert f"{IA}: action ia-tracker:PAY1.a (line 39:" in text
    as_json = json.loads(
        run(council, "report", "audit", "--as-of", AS_OF, "--allow-invalid", "-f", "json").stdout
    )
    assert [row["file"] for row in as_json["left_out"]] == [IA]


def test_the_word_report_names_what_was_left_out(council, tmp_path):
    import docx

    change(council, AUDIT, STATUS_LINE, "status: complete", "status: done")
    target = tmp_path / "q2.docx"
    result = run(
        council, "report", "q2", "--as-of", AS_OF, "--allow-invalid", "--format", "docx", "-o", str(target)
    )
    assert result.exit_code == 0, result.stderr
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs[:20])
    assert "Left out of this report." in text
    assert f"{AUDIT}: action pm-audit:R1.a (line {STATUS_LINE}:" in text


def test_list_and_export_go_on_with_allow_invalid(council):
    change(council, AUDIT, STATUS_LINE, "status: complete", "status: done")
    result = run(council, "list", "--format", "json", "--allow-invalid")
    assert result.exit_code == 0 and result.stderr == BROKEN_SAYS
    refs = {row["ref"] for row in json.loads(result.stdout)}
    assert "pm-audit:R1.a" not in refs and {"pm-audit:R1.b", "pm-audit:R1.c"} <= refs
    result = run(council, "export", "-o", "-", "--format", "json", "--allow-invalid")
    assert result.exit_code == 0 and result.stderr == BROKEN_SAYS


def test_lint_select_never_hides_invalid_file(council):
    change(council, AUDIT, STATUS_LINE, "status: complete", "status: done")
    code, findings = lint(council, "--select", "overdue")
    assert code == 1
    assert [(f["file"], f["line"], f["rule"], f["ref"]) for f in findings] == [
        (AUDIT, STATUS_LINE, "invalid-file", "pm-audit:R1.a")
    ]
    code, findings = lint(council, "--ignore", "broken-link")
    assert ("invalid-file", STATUS_LINE) in {(f["rule"], f["line"]) for f in findings}


@pytest.mark.parametrize(
    ("args", "where"),
    [(("--ignore", "invalid-file"), "--ignore"), (("--ignore", "overdue,invalid-file"), "--ignore")],
)
def test_invalid_file_cannot_be_ignored(council, args, where):
    result = run(council, "lint", *args)
    assert result.exit_code == 2
    assert result.stderr == (
        f"pmplan: {where}: invalid-file cannot be switched off or made less than an error: a file (or "
        "an item) that does not load is left out of every report until it is fixed\n"
    )


def test_invalid_file_cannot_be_ignored_in_the_config(council):
    config = council / "pmplan.yaml"
    config.write_text(
        config.read_text().replace("lint:\n  ignore: []", "lint:\n  ignore: [invalid-file]"), encoding="utf-8"
    )
    result = run(council, "lint")
    assert result.exit_code == 2
    assert result.stderr.startswith("pmplan: pmplan.yaml lint.ignore: invalid-file cannot be switched off")


def test_two_broken_actions_are_both_reported_and_the_rest_of_the_file_loads(council):
    change(council, AUDIT, STATUS_LINE, "status: complete", "status: done")
    change(council, AUDIT, 50, "status: on-track", "status: in progress")
    code, findings = lint(council)
    assert code == 1
    assert [(f["file"], f["line"], f["column"], f["rule"], f["ref"], f["message"]) for f in findings] == [
        (
            AUDIT,
            STATUS_LINE,
            9,
            "invalid-file",
            "pm-audit:R1.a",
            "action pm-audit:R1.a: status: 'done' is not a status: write 'complete'; the action is left out "
            "until this is fixed (3 references to what was left out of this file not checked until it loads)",
        ),
        (
            AUDIT,
            50,
            9,
            "invalid-file",
            "pm-audit:R1.c",
            "action pm-audit:R1.c: status: 'in progress' is not a status: write 'on-track'; the action is "
            "left out until this is fixed",
        ),
    ]
    result = run(council, "list", "--plan", "pm-audit", "--format", "json", "--allow-invalid")
    refs = [row["ref"] for row in json.loads(result.stdout)]
    assert "pm-audit:R1.a" not in refs and "pm-audit:R1.c" not in refs
    assert refs[:2] == ["pm-audit:R1.b", "pm-audit:R2.a"]
    assert result.stderr.startswith(f"pmplan: {AUDIT}:{STATUS_LINE}:9: action pm-audit:R1.a: status: 'done'")
    assert result.stderr.endswith(
        "; 1 more problem (pmplan lint lists them); left out: action pm-audit:R1.a and action pm-audit:R1.c\n"
    )


def test_a_bad_indicators_file_causes_no_finding_elsewhere(council):
    change(council, CORPORATE, 15, "actual: 28.8", "actual: about 29")
    code, findings = lint(council)
    assert [(f["file"], f["line"], f["rule"], f["ref"]) for f in findings] == [
        (CORPORATE, 15, "invalid-file", "LPI-12")
    ]
    assert findings[0]["message"] == (
        "indicator LPI-12: values.2024/25 Q1.actual: 'about 29' is not a number; the indicator is left out "
        "until this is fixed (1 reference to what was left out of this file not checked until it loads)"
    )


def test_an_unreadable_indicators_file_causes_no_finding_elsewhere(council):
    change(council, CORPORATE, 5, "  - id: LPI-12", "  - id: LPI-12\n  owner: TF")
    code, findings = lint(council)
    assert code == 1
    assert {f["file"] for f in findings} == {CORPORATE}
    (only,) = findings
    assert only["rule"] == "invalid-file" and only["line"] == 6
    assert only["message"].endswith("references to this file not checked until it loads)")


def test_a_broken_people_file_causes_no_unknown_person(council):
    # An item that is not a person, and then the whole file unreadable: no lead is "unknown".
    change(council, "plans/people.yaml", 3, "people:", "people:\n  - {id: [X]}")
    code, findings = lint(council)
    assert [(f["line"], f["column"], f["message"]) for f in findings] == [
        (4, 5, "the 1st person: 'name' is required; the person is left out until this is fixed"),
        (4, 6, "the 1st person: id: expected text, got a list; the person is left out until this is fixed"),
    ]
    people = (council / "plans/people.yaml").read_text()
    (council / "plans/people.yaml").write_text(people.replace("people:\n", "people:\n\tx\n", 1))
    code, findings = lint(council)
    assert {f["rule"] for f in findings} == {"invalid-file"}
    assert {f["file"] for f in findings} == {"plans/people.yaml"}


def test_show_of_an_item_that_did_not_load_says_so(council):
    change(council, AUDIT, STATUS_LINE, "status: complete", "status: done")
    result = run(council, "show", "R1.a", "--allow-invalid")
    assert result.exit_code == 2
    assert result.stderr == BROKEN_SAYS + (
        f"pmplan: 'R1.a' is in {AUDIT}, which did not load in full: fix it first "
        f"('pmplan lint {AUDIT}' says what is wrong).\n"
    )


def test_update_says_what_did_not_load_and_goes_on(council):
    change(council, AUDIT, STATUS_LINE, "status: complete", "status: done")
    result = run(
        council, "update", "pm-strategy:1.1", "--note", "Checked.", "--date", "2025-06-01", "--dry-run"
    )
    assert result.exit_code == 0
    assert result.stderr == BROKEN_SAYS
    assert "+            text: Checked." in result.stdout


def test_update_in_a_file_with_a_broken_item_elsewhere_edits_and_keeps_the_broken_item(council):
    change(council, AUDIT, STATUS_LINE, "status: complete", "status: done")
    before = (council / AUDIT).read_text(encoding="utf-8")
    result = run(council, "update", "pm-audit:R2.a", "--status", "on-track")
    assert result.exit_code == 0, result.stderr
    assert result.stderr == BROKEN_SAYS
    after = (council / AUDIT).read_text(encoding="utf-8")
    assert "status: done" in after and after != before
    # and an edit that would break something new is still refused
    refused = run(council, "update", "pm-audit:R2.a", "--lead", "not an id")
    assert refused.exit_code == 2
    assert (council / AUDIT).read_text(encoding="utf-8") == after


def test_lint_of_some_paths_still_names_a_broken_file_elsewhere(council, monkeypatch):
    monkeypatch.chdir(council)
    change(council, CORPORATE, 15, "actual: 28.8", "actual: about 29")
    result = run(council, "lint", "plans/action-plans", "--as-of", AS_OF)
    assert result.exit_code == 0
    assert result.stderr == (
        f"pmplan: {CORPORATE}:15:34: indicator LPI-12: values.2024/25 Q1.actual: 'about 29' is not a number; "
        "the indicator is left out until this is fixed\n"
    )


def test_diff_leaves_out_what_did_not_load_rather_than_calling_it_removed(tmp_path):
    from git_fixtures import Repo
    from plan_fixtures import BASE, PLAN

    repo = Repo(tmp_path / "repo")
    repo.write(dict(BASE))
    repo.commit("plans")
    repo.write({"plans/plan.yaml": PLAN.replace("status: on-track", "status: done")})
    result = invoke("diff", "--format", "json", "--workspace", str(repo.root))
    assert result.exit_code == 0
    assert json.loads(result.stdout)["changes"] == []
    assert result.stderr == (
        "pmplan: warning: at the working tree, in plans/plan.yaml, action pm:R1.a did not load: action pm:R1.a: "
        "status: 'done' is not a status: write 'complete'; the action is left out until this is fixed: left "
        "out of the comparison\n"
    )
