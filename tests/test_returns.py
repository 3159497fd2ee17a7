"""``pmplan returns``: workbooks out to the officers, their answers back into the plans."""

from __future__ import annotations

import difflib
import email
import email.policy
import json
import shutil
import zipfile
from pathlib import Path

import openpyxl
import pytest

from plan_fixtures import invoke
from pmplan.changes.edit.add import next_id
from pmplan.returns import layout
from returns_fixtures import FILLED_ON, YEAR, cell_of, collect, example, fill, issue, snapshot

W2A, W3B = "waste-sip:W2.a", "waste-sip:W3.b"


@pytest.fixture(scope="module")
def issued(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Path]]:
    """The example council with its Q3 returns issued (read-only: tests copy what they change)."""
    root = example(tmp_path_factory.mktemp("issued"))
    return root, issue(root)


# --- issue ------------------------------------------------------------------------------------


def test_one_return_per_officer_with_their_actions_and_indicators(
    issued: tuple[Path, dict[str, Path]],
) -> None:
    _, files = issued
    assert set(files) >= {"ND", "LB", "JP", "TF"} and "CMT" not in files  # a group gets none
    book = openpyxl.load_workbook(files["ND"])
    assert book.sheetnames == [layout.ACTIONS, layout.INDICATORS, layout.ABOUT, layout.RECORD]
    actions = book[layout.ACTIONS]
    assert [c.value for c in actions[3]] == [c.header for c in layout.ACTION_COLUMNS]
    assert [actions.cell(r, 1).value for r in range(4, actions.max_row + 1)] == [W2A, W3B]
    indicators = book[layout.INDICATORS]
    headers = [c.value for c in indicators[3]]
    assert headers[6:10] == ["2025/26 Q3", "2025/26 Q4", "2026/27 Q1", "2026/27 Q2"]
    rows = {
        indicators.cell(r, 1).value: [c.value for c in indicators[r]]
        for r in range(4, indicators.max_row + 1)
    }
    assert list(rows) == ["LPI-07", "LPI-08", "LPI-09", "LPI-10", "LPI-11"]
    assert rows["LPI-07"][4] == "2026/27 Q3" and rows["LPI-07"][9] == 46.9  # last quarter's actual
    about = "\n".join(str(c.value) for row in book[layout.ABOUT].iter_rows() for c in row if c.value)
    assert "Nadia Dobson (ND), Head of Environmental Services" in about
    assert "Wednesday 20 January 2027" in about  # 20 working days before Cabinet takes the Q3 report
    assert "Quarterly performance and budget monitoring report to Cabinet on 17 February 2027" in about


def test_locked_cells_drop_down_styles_and_the_hidden_record(issued: tuple[Path, dict[str, Path]]) -> None:
    _, files = issued
    book = openpyxl.load_workbook(files["JP"])
    sheet = book[layout.ACTIONS]
    assert sheet.protection.sheet and not sheet.protection.password
    assert not sheet.protection.formatColumns  # columns may be widened
    status_column = next(c.column_letter for c in sheet[3] if c.value == "Status")
    for column in layout.ACTION_COLUMNS:
        cell = sheet.cell(4, [c.header for c in layout.ACTION_COLUMNS].index(column.header) + 1)
        assert cell.protection.locked is (not column.editable), column.header
        assert cell.style in {"pm-read", "pm-read-date", "pm-edit"}
        assert sheet.column_dimensions[cell.column_letter].width == column.width
    validations = sheet.data_validations.dataValidation
    [statuses] = [v for v in validations if v.type == "list"]
    assert "On track" in statuses.formula1 and f"{status_column}4" in str(statuses.sqref)
    prompts = {v.promptTitle: v.prompt for v in validations if v.type is None}
    assert set(prompts) == {
        "Progress update",
        "Next step",
        "Revised timescale",
        "Reason for revision",
        "Evidence",
    }
    assert sheet.freeze_panes == "B4"
    assert {s.name for s in book._named_styles} >= {"pm-head", "pm-read", "pm-edit"}
    assert len(book._cell_styles) < 20  # shared named styles, not one per cell
    record = book[layout.RECORD]
    assert record.sheet_state == "veryHidden" and record["A1"].value == layout.MARK
    meta = json.loads(record["A2"].value)
    assert (meta["person"], meta["period"], meta["deadline"]) == ("JP", "2026/27 Q3", "2027-01-20")
    entries = [[c.value for c in row] for row in record.iter_rows(min_row=layout.RECORD_FIRST_ROW)]
    assert len(entries) == (sheet.max_row - 3) + (book[layout.INDICATORS].max_row - 3)
    assert all(len(e[3]) == 16 for e in entries) and json.loads(entries[0][4])["status"]


def test_formulas_are_written_as_text_and_control_characters_dropped(tmp_path: Path) -> None:
    root = example(tmp_path)
    plan = root / "plans" / "action-plans" / "waste-improvement.yaml"
    text = plan.read_text()
    text = text.replace(
        "title: Review the garden waste charge and concessions for 2027/28",
        'title: \'=HYPERLINK("http://evil.example","click")\'',
    ).replace("next: Options report to Cabinet with the draft budget.", 'next: "@SUM(1)\\e[31m"')
    plan.write_text(text)
    files = issue(root, "--lead", "ND")
    sheet = openpyxl.load_workbook(files["ND"])[layout.ACTIONS]
    title, next_step = sheet["C4"], sheet["J4"]
    assert title.value == '=HYPERLINK("http://evil.example","click")' and title.data_type == "s"
    assert next_step.value == "@SUM(1)[31m" and next_step.data_type == "s"
    with zipfile.ZipFile(files["ND"]) as archive:
        assert b"<f>" not in archive.read("xl/worksheets/sheet1.xml")
    # reading the return back gives the same text: no change is seen where there is none
    before = snapshot(root)
    result = collect(root, str(files["ND"]))
    assert result.exit_code == 0, result.stderr
    assert "0 applied" in result.stdout and snapshot(root) == before


def test_issue_refuses_to_write_over_returns_and_unknown_leads(tmp_path: Path) -> None:
    root = example(tmp_path)
    issue(root, "--lead", "TF")
    again = invoke("returns", "issue", "q3", "--year", YEAR, "--lead", "TF", "-w", str(root))
    assert again.exit_code == 2 and "--force" in again.stderr
    nobody = invoke("returns", "issue", "q3", "--year", YEAR, "--lead", "ZZ", "-w", str(root))
    assert nobody.exit_code == 2 and "--lead ZZ" in nobody.stderr
    group = invoke("returns", "issue", "q3", "--year", YEAR, "--lead", "CMT", "-w", str(root))
    assert group.exit_code == 2 and "not a person" in group.stderr
    year = invoke("returns", "issue", "year", "-w", str(root))
    assert year.exit_code == 2 and "returns are quarterly" in year.stderr


# --- collect -----------------------------------------------------------------------------------


def _filled(tmp_path: Path, issued: tuple[Path, dict[str, Path]]) -> tuple[Path, dict[str, Path]]:
    """A fresh copy of the example council with a copy of its issued returns, ND's filled in."""
    root = example(tmp_path)
    source = issued[0] / "returns"
    shutil.copytree(source, root / "returns")
    files = {who: root / path.relative_to(issued[0]) for who, path in issued[1].items()}
    fill(
        files["ND"],
        layout.ACTIONS,
        W2A,
        {"Status": "At risk", "Progress update": "Options costed; Cabinet in February."},
    )
    fill(
        files["ND"],
        layout.ACTIONS,
        W3B,
        {"Revised timescale": "Sep 28", "Reason for revision": "The fleet lease was extended by a year"},
    )
    fill(
        files["ND"],
        layout.INDICATORS,
        "LPI-07",
        {"Actual": 47.2, "Note": "Garden waste down: 2,000 fewer subscriptions"},
    )
    return root, files


def test_collect_applies_the_changes_keeping_every_other_byte(
    tmp_path: Path, issued: tuple[Path, dict[str, Path]]
) -> None:
    root, files = _filled(tmp_path, issued)
    before = snapshot(root)
    result = collect(root, str(files["ND"]))
    assert result.exit_code == 0, result.stderr
    assert "7 applied" in result.stdout
    after = snapshot(root)
    changed = {name for name in after if after[name] != before[name]}
    assert changed == {"plans/action-plans/waste-improvement.yaml", "plans/indicators/environment.yaml"}
    added, removed = _diff(
        before["plans/action-plans/waste-improvement.yaml"],
        after["plans/action-plans/waste-improvement.yaml"],
    )
    assert removed == ["        status: on-track", "        timescale: 2027/28"]
    assert added == [
        "        status: at-risk",
        f"          - date: {FILLED_ON}",
        "            text: Options costed; Cabinet in February.",
        "            by: ND",
        "        timescale: Sep 28",
        "        baseline: 2027/28",
        f"          - date: {FILLED_ON}",
        '            text: "Timescale revised from 2027/28 to Sep 28: The fleet lease was extended by a year."',
        "            by: ND",
    ]
    added, removed = _diff(
        before["plans/indicators/environment.yaml"], after["plans/indicators/environment.yaml"]
    )
    assert removed == []
    assert added == ['      2026/27 Q3: {actual: 47.2, note: "Garden waste down: 2,000 fewer subscriptions"}']
    assert invoke("lint", "--as-of", FILLED_ON, "-w", str(root), "--select", "invalid-file").exit_code == 0
    # collecting the same return again changes nothing
    again = collect(root, str(files["ND"]))
    assert again.exit_code == 0 and "0 applied, 5 already in the plans" in again.stdout
    assert snapshot(root) == after
    # the quarter's report shows the officer's words and the actual
    report = invoke(
        "report", "q3", "--year", YEAR, "--format", "md", "--as-of", "2026-12-31", "-w", str(root)
    )
    assert report.exit_code == 0, report.stderr
    assert "Options costed; Cabinet in February." in report.stdout
    assert "47.2%" in report.stdout


def _diff(old: bytes, new: bytes) -> tuple[list[str], list[str]]:
    lines = list(difflib.ndiff(old.decode().splitlines(), new.decode().splitlines()))
    return [line[2:] for line in lines if line.startswith("+ ")], [
        line[2:] for line in lines if line.startswith("- ")
    ]


def test_an_invalid_cell_is_named_and_nothing_is_collected(
    tmp_path: Path, issued: tuple[Path, dict[str, Path]]
) -> None:
    root, files = _filled(tmp_path, issued)
    fill(files["LB"], layout.ACTIONS, "pm-audit:R1.c", {"Status": "Nearly done"})
    fill(files["LB"], layout.INDICATORS, "LPI-14", {"Actual": "about 7 weeks"})
    fill(files["LB"], layout.INDICATORS, "LPI-15", {"Actual": "91 kg"})
    fill(files["JP"], layout.ACTIONS, "pm-strategy:2.5", {"Revised timescale": "Jun 27"})
    fill(
        files["AR"],
        layout.ACTIONS,
        "pm-strategy:2.4",
        {"Revised timescale": "when we can", "Reason for revision": "x"},
    )
    before = snapshot(root)
    result = collect(root, str(files["ND"]), str(files["LB"]), str(files["JP"]), str(files["AR"]))
    assert result.exit_code == 1
    name = files["LB"].name
    status_cell = cell_of(files["LB"], layout.ACTIONS, "pm-audit:R1.c", "Status")
    assert (
        f"{name}: Actions!{status_cell}: 'Nearly done' is not a status: choose one of Not started, On track"
        in result.stderr
    )
    assert f"{name}: Indicators!K4: 'about 7 weeks' is not a number" in result.stderr
    assert f"{name}: Indicators!K5: '91 kg' is in 'kg', but the indicator is measured in %" in result.stderr
    reason = cell_of(files["JP"], layout.ACTIONS, "pm-strategy:2.5", "Reason for revision")
    assert (
        f"{files['JP'].name}: Actions!{reason}: the revised timescale 'Jun 27' needs a reason"
        in result.stderr
    )
    assert "'when we can' is not a timescale pmplan can read" in result.stderr
    assert "nothing was collected" in result.stderr
    assert snapshot(root) == before  # not even the good return


def test_a_change_to_a_value_the_plan_also_changed_is_a_conflict(
    tmp_path: Path, issued: tuple[Path, dict[str, Path]]
) -> None:
    root, files = _filled(tmp_path, issued)
    changed = invoke(
        "update",
        W2A,
        "--status",
        "delayed",
        "--note",
        "Cabinet deferred",
        "--as-of",
        FILLED_ON,
        "-w",
        str(root),
    )
    assert changed.exit_code == 0, changed.stderr
    fill(files["ND"], layout.ACTIONS, W2A, {"Next step": "Report to Cabinet in February"})
    result = collect(root, str(files["ND"]))
    assert result.exit_code == 1
    assert (
        f"CONFLICT {W2A} status: the return says 'at-risk' (was 'on-track' when issued), "
        "but the plan now says 'delayed': not applied"
    ) in result.stdout
    text = (root / "plans/action-plans/waste-improvement.yaml").read_text()
    assert "status: delayed" in text and "status: at-risk" not in text
    assert "next: Report to Cabinet in February" in text  # another field of the same action applies
    assert "Options costed; Cabinet in February." in text


def test_two_officers_on_one_action_within_a_batch(
    tmp_path: Path, issued: tuple[Path, dict[str, Path]]
) -> None:
    root, files = _filled(tmp_path, issued)
    fill(files["RW"], layout.ACTIONS, W2A, {"Status": "Complete", "Progress update": "Charge agreed."})
    result = collect(root, str(files["ND"]), str(files["RW"]))
    assert result.exit_code == 1  # RW's status conflicts with ND's, applied first
    assert "CONFLICT waste-sip:W2.a status" in result.stdout
    text = (root / "plans/action-plans/waste-improvement.yaml").read_text()
    assert "Charge agreed." in text and "by: RW" in text


BAD = ["not-a-return", "other-period", "encrypted", "corrupt", "left", "other-council"]


@pytest.mark.parametrize("case", BAD)
def test_bad_returns_exit_2_and_touch_nothing(
    tmp_path: Path, issued: tuple[Path, dict[str, Path]], case: str
) -> None:
    root, files = _filled(tmp_path, issued)
    path = tmp_path / f"{case}.xlsx"
    message = {
        "not-a-return": "not a pmplan return",
        "other-period": "a return for 2026/27 Q2, not 2026/27 Q3",
        "encrypted": "password-protected",
        "corrupt": "not an Excel workbook",
        "left": "who is no longer in the people file",
        "other-council": "a return from Calderbrook District Council, not Another Council",
    }[case]
    args = ["--period", "q3", "--year", YEAR] if case == "other-period" else []
    if case == "not-a-return":
        book = openpyxl.Workbook()
        book.active["A1"] = "Ref"
        book.save(path)
    elif case == "other-period":
        result = invoke(
            "returns",
            "issue",
            "q2",
            "--year",
            YEAR,
            "--lead",
            "ND",
            "-o",
            str(tmp_path / "q2"),
            "-w",
            str(root),
        )
        assert result.exit_code == 0, result.stderr
        path = next((tmp_path / "q2").rglob("*.xlsx"))
    elif case == "encrypted":
        path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 4000)
    elif case == "corrupt":
        path.write_bytes(files["ND"].read_bytes()[:3000])
    elif case == "left":
        people = root / "plans" / "people.yaml"
        people.write_text(
            people.read_text().replace(
                "  - id: TF\n    name: Tom Fairclough\n", "  - id: TF2\n    name: Tom Fairclough\n"
            )
        )
        fill(files["TF"], layout.INDICATORS, "LPI-12", {"Actual": 83.9})
        path = files["TF"]
    elif case == "other-council":
        config = root / "pmplan.yaml"
        config.write_text(
            config.read_text().replace(
                "organisation: Calderbrook District Council", "organisation: Another Council"
            )
        )
        path = files["ND"]
    before = snapshot(root)
    result = collect(root, str(files["ND"]), str(path), *args)
    assert result.exit_code == 2, result.stdout + result.stderr
    assert message in result.stderr and "Traceback" not in result.stderr
    assert snapshot(root) == before


def test_a_return_of_an_earlier_quarter_needs_the_period_named(tmp_path: Path) -> None:
    root = example(tmp_path)
    result = invoke("returns", "issue", "q1", "--year", YEAR, "--lead", "ND", "-w", str(root))
    assert result.exit_code == 0, result.stderr
    path = next((root / "returns" / "2026-27-q1").glob("*.xlsx"))
    refused = collect(root, str(path))
    assert refused.exit_code == 2 and "--period q1 --year 2026/27" in refused.stderr
    assert collect(root, str(path), "--period", "q1", "--year", YEAR).exit_code == 0


def test_dry_run_writes_nothing_and_shows_the_diff(
    tmp_path: Path, issued: tuple[Path, dict[str, Path]]
) -> None:
    root, files = _filled(tmp_path, issued)
    before = snapshot(root)
    result = collect(root, str(files["ND"]), "--dry-run")
    assert result.exit_code == 0, result.stderr
    assert "7 would apply" in result.stdout and "+        status: at-risk" in result.stdout
    assert snapshot(root) == before


def test_units_percentages_and_ratings(tmp_path: Path) -> None:
    root = example(tmp_path)
    files = issue(root, "--lead", "LB", "--lead", "JP")
    book = openpyxl.load_workbook(files["LB"])
    sheet = book[layout.INDICATORS]
    sheet["K4"] = "7.4 days"
    sheet["K5"] = 0.91
    sheet["K5"].number_format = "0%"
    book.save(files["LB"])
    fill(files["JP"], layout.INDICATORS, "QI-02", {"Actual": "amber", "Note": "Two PIs restated"})
    result = collect(root, str(files["LB"]), str(files["JP"]))
    assert result.exit_code == 0, result.stderr
    corporate = (root / "plans/indicators/corporate.yaml").read_text()
    assert "2026/27 Q3: {actual: 7.4}" in corporate and "2026/27 Q3: {actual: 91}" in corporate
    assert "2026/27 Q3: {rag: amber, note: Two PIs restated}" in corporate


# --- commit --------------------------------------------------------------------------------------


def test_one_commit_per_return_under_the_officers_name(
    tmp_path: Path, issued: tuple[Path, dict[str, Path]], monkeypatch: pytest.MonkeyPatch
) -> None:
    from git_fixtures import Repo, git_env

    root, files = _filled(tmp_path, issued)
    fill(files["LB"], layout.ACTIONS, "pm-audit:R1.c", {"Progress update": "Sample check booked for June."})
    for key, value in git_env(tmp_path).items():
        monkeypatch.setenv(key, value)
    repo = Repo.__new__(Repo)
    repo.top = repo.root = root
    repo.env = git_env(tmp_path)
    repo.git("init", "-q", "-b", "main")
    (root / ".gitignore").write_text("returns/\n.pmplan.lock\n")
    repo.commit("The example council", when="2026-12-01")
    repo.git("config", "user.name", "Julie Pennington")
    repo.git("config", "user.email", "julie.pennington@calderbrook.example.org")
    result = collect(root, str(files["ND"]), str(files["LB"]), "--commit")
    assert result.exit_code == 0, result.stderr
    log = repo.git("log", "--format=%an <%ae>|%cn|%s").splitlines()
    assert log == [
        "Lee Barraclough <lee.barraclough@calderbrook.example.org>|Julie Pennington|2026/27 Q3 return from Lee Barraclough (LB)",
        "Nadia Dobson <nadia.dobson@calderbrook.example.org>|Julie Pennington|2026/27 Q3 return from Nadia Dobson (ND)",
        "Jo Price <jo.price@example.org>|Jo Price|The example council",
    ]
    assert repo.git("status", "--porcelain") == ""
    body = repo.git("log", "-1", "--skip=1", "--format=%B")
    assert f"- {W2A} status: 'on-track' → 'at-risk'" in body and "Pmplan-Return: 2026/27 Q3; ND" in body
    # a plan file with uncommitted changes is refused before anything is written
    (root / "plans/indicators/corporate.yaml").write_text(
        (root / "plans/indicators/corporate.yaml").read_text() + "\n"
    )
    fill(files["TF"], layout.INDICATORS, "LPI-12", {"Actual": 83.9})
    refused = collect(root, str(files["TF"]), "--commit")
    assert refused.exit_code == 2 and "not committed" in refused.stderr


# --- status and reminders -------------------------------------------------------------------------


def test_status_says_who_has_returned_and_what_has_no_update(
    tmp_path: Path, issued: tuple[Path, dict[str, Path]]
) -> None:
    root, files = _filled(tmp_path, issued)
    assert collect(root, str(files["ND"])).exit_code == 0
    fill(files["LB"], layout.ACTIONS, "pm-audit:R1.c", {"Progress update": "Sample check booked for June."})
    args = ["returns", "status", "q3", "--year", YEAR, "--as-of", "2027-01-15", "-w", str(root)]
    text = invoke(*args)
    assert text.exit_code == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "Returns for 2026/27 Q3: 2 of 18 officers have returned; due 2027-01-20: 5 days to go."
    assert any(line.startswith("Nadia Dobson (ND)") and line.endswith("collected") for line in lines)
    assert any(
        "Lee Barraclough (LB)" in line and "returned, not yet collected (1 change to collect)" in line
        for line in lines
    )
    assert any(line.startswith("Tom Fairclough (TF)") and line.endswith("not returned") for line in lines)
    assert "no value yet: LPI-12 2026/27 Q3, LPI-13 2026/27 Q3" in text.stdout
    md = invoke(*args, "--format", "md")
    assert "| Tom Fairclough (TF) | not returned | — | LPI-12 2026/27 Q3, LPI-13 2026/27 Q3 |" in md.stdout
    csv_rows = invoke(*args, "--format", "csv").stdout.splitlines()
    assert csv_rows[0].startswith("person,name,email,state,")
    assert any(
        row.startswith("TF,Tom Fairclough,tom.fairclough@calderbrook.example.org,not returned,0,2,")
        for row in csv_rows
    )
    remind = invoke(*args, "--remind")
    assert remind.exit_code == 0, remind.stderr
    drafts = sorted((root / "returns" / "2026-27-q3" / "reminders").glob("*.eml"))
    assert len(drafts) == 16  # everyone but ND and LB
    message = email.message_from_bytes(
        next(d for d in drafts if d.name.endswith("-TF.eml")).read_bytes(), policy=email.policy.default
    )
    assert message["To"] == "Tom Fairclough <tom.fairclough@calderbrook.example.org>"
    assert message["From"] == "Julie Pennington <julie.pennington@calderbrook.example.org>"
    assert message["Subject"] == "Your 2026/27 Q3 return is due by 20 January 2027"
    assert message["X-Unsent"] == "1" and message["Date"] and message["Message-ID"]
    body = message.get_body(("plain",))
    assert body is not None and "Wednesday 20 January 2027 (5 days from now)" in body.get_content()
    [attachment] = list(message.iter_attachments())
    assert attachment.get_filename() == files["TF"].name
    assert attachment.get_content() == files["TF"].read_bytes()


# --- odds and ends ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("siblings", "group", "expected"),
    [
        (["a", "b", "c"], "R1", "d"),
        (["a", "z"], "R1", "aa"),
        (["1.1", "1.2", "1.10"], "1", "1.11"),
        (["R3.1", "R3.9"], "R3", "R3.10"),
        (["01", "02"], "T", "03"),
        (["A", "B"], "R1", "C"),
        ([], "2", "2.1"),
        ([], "R1", "a"),
    ],
)
def test_next_action_id(siblings: list[str], group: str, expected: str) -> None:
    plan_ids = ["1.1", "3.2"] if group == "2" else ["a", "b"]
    assert next_id(siblings, group, plan_ids) == expected


@pytest.mark.parametrize(
    "command", [["returns", "issue"], ["returns", "collect"], ["returns", "status"], ["add", "action"]]
)
def test_help_has_examples_and_names_no_python_types(command: list[str]) -> None:
    import re

    result = invoke(*command, "--help")
    assert result.exit_code == 0
    assert "Examples:" in result.stdout
    assert not re.search(r"<(str|int|bool|path|Path|list\[\w+\])>", result.stdout), result.stdout
    group = invoke(command[0], "--help").stdout
    assert "..." not in group.split("Commands:", 1)[1], "a command's summary is cut short"
