"""Control characters in plan text: every writer drops them, every terminal sees them escaped.

They arrive by copy and paste from old systems (ESC, BEL, backspace, NUL, DEL, the C1
controls). Excel and Word files cannot hold them, a terminal acts on them, SQLite cuts a
string at NUL. Lint reports them (``control-character``, in ``test_rules``); here, every
output that takes plan text is checked for them.
"""

from __future__ import annotations

import json
import re
import sqlite3
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from git_fixtures import Repo
from plan_fixtures import AS_OF_TEXT, BASE, INDICATORS, PEOPLE, PLAN, invoke, load
from pmplan.characters import CONTROL, json_safe, visible, without_controls, yaml_quoted
from pmplan.workspace.reader import parse_yaml

# A title, an update, a note and a name as they might be pasted, written with YAML's escapes.
NASTY = "\\e]0;pwned\\a\\e[2J\\b\\x7f\\x85\\x9b\\0\\r"
HOSTILE = {
    "pmplan.yaml": f'organisation: "Test \\e[5mCouncil"\nreport:\n  summary: "Sum{NASTY}mary"\n',
    "plans/plan.yaml": PLAN.replace("title: Align outcomes", f'title: "Align{NASTY} outcomes"').replace(
        "text: Mapping under way.", f'text: "Mapping{NASTY} under way."'
    ),
    "plans/people.yaml": PEOPLE.replace("name: Jo Price", f'name: "Jo{NASTY} Price"'),
    "plans/indicators.yaml": INDICATORS.replace("actual: 71}", f'actual: 71, note: "Note{NASTY}"}}').replace(
        "title: Residents in work", f'title: "Residents{NASTY} in work"'
    ),
    "plans/calendar.yaml": f"""
kind: calendar
reports:
  - id: qpr
    title: "Quarterly{NASTY} report"
    to: [Cabinet]
    owner: JP
    months: [Feb, May, Aug, Nov]
""",
}
ESCAPES = re.compile(r"\x1b|\x07|\x08|\x00|\x7f|\x9b|\x85")


@pytest.fixture
def hostile(make_workspace) -> Path:
    return make_workspace(HOSTILE)


def test_the_plans_hold_the_characters(hostile):
    ws = load(hostile)
    assert "\x1b]0;pwned\x07" in ws.actions["pm:R1.a"].title
    assert ws.config.organisation == "Test \x1b[5mCouncil"


def test_lint_reports_each_and_shows_them_escaped(hostile):
    result = invoke("lint", "-w", str(hostile), "--as-of", AS_OF_TEXT)
    assert result.stdout.count("[control-character]") == 6, result.stdout
    assert not ESCAPES.search(result.stdout)
    assert "\\x1b]0;pwned\\x07" in result.stdout
    github = invoke("lint", "-w", str(hostile), "--as-of", AS_OF_TEXT, "--format", "github").stdout
    assert not ESCAPES.search(github) and "\r" not in github


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("list", "--format", "csv"),
        ("list", "indicators"),
        ("show", "pm:R1.a"),
        ("show", "LPI-01"),
        ("show", "JP"),
        ("thread",),
        ("calendar",),
        ("calendar", "--month", "Feb"),
        ("report", "q2"),
        ("export", "--format", "json", "-o", "-"),
    ],
)
def test_terminal_output_never_carries_them(hostile, args):
    result = invoke(*args, "-w", str(hostile), "--as-of", AS_OF_TEXT)
    assert result.exit_code == 0, result.stderr
    assert any(word in result.stdout for word in ("Align", "Jo", "Quarterly", "Residents"))
    assert not ESCAPES.search(result.stdout), args
    assert "\r" not in result.stdout.replace("\r\n", "\n")


def test_a_message_that_quotes_plan_text_is_escaped(make_workspace):
    root = make_workspace({"plans/plan.yaml": PLAN.replace("leads: [JP, CMT]", 'leads: ["J\\eP"]')})
    result = invoke("lint", "-w", str(root), "--as-of", AS_OF_TEXT)
    assert "\x1b" not in result.stdout and "J\\x1bP" in result.stdout


def _no_controls(data: object) -> None:
    if isinstance(data, str):
        assert not CONTROL.search(data), repr(data)
    elif isinstance(data, dict):
        for key, value in data.items():
            _no_controls(key)
            _no_controls(value)
    elif isinstance(data, list):
        for value in data:
            _no_controls(value)


def test_files_written_hold_none(hostile, tmp_path):
    def run(*args: str) -> None:
        result = invoke(*args, "-w", str(hostile), "--as-of", AS_OF_TEXT)
        assert result.exit_code == 0, result.stderr

    run("export", "--format", "json", "-o", str(tmp_path / "e.json"))
    data = json.loads((tmp_path / "e.json").read_text(encoding="utf-8"))
    _no_controls(data)
    assert data["actions"][0]["title"] == "Align]0;pwned[2J\n outcomes"

    run("export", "--format", "sqlite", "-o", str(tmp_path / "e.sqlite"))
    with sqlite3.connect(tmp_path / "e.sqlite") as db:
        (title,) = db.execute("SELECT title FROM actions").fetchone()
        (text,) = db.execute("SELECT text FROM updates").fetchone()
    assert title == "Align]0;pwned[2J\n outcomes"  # nothing cut short at the NUL
    assert text.endswith("under way.")

    run("calendar", "--ics", str(tmp_path / "c.ics"))
    ics = (tmp_path / "c.ics").read_bytes().decode("utf-8").replace("\r\n ", "").replace("\r\n", "\n")
    assert "SUMMARY:Quarterly]0\\;pwned[2J" in ics and not CONTROL.search(ics)

    for fmt in ("md", "html"):
        run("report", "q2", "--format", fmt, "-o", str(tmp_path / f"r.{fmt}"))
        text = (tmp_path / f"r.{fmt}").read_text(encoding="utf-8")
        assert "pwned" in text and not CONTROL.search(text.replace("\r\n", "\n")), fmt

    run("report", "q2", "--format", "docx", "-o", str(tmp_path / "r.docx"))
    with zipfile.ZipFile(tmp_path / "r.docx") as docx:
        xml = docx.read("word/document.xml").decode("utf-8")
    assert "Align]0;pwned[2J" in xml and not CONTROL.search(xml.replace("\r\n", "\n"))


def test_diff_and_history_show_them_escaped(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.write({k: v for k, v in BASE.items() if v is not None})
    repo.commit("Agree the plan", "2025-03-01")
    repo.edit("plans/plan.yaml", "title: Align outcomes", f'title: "Align{NASTY} outcomes"')
    repo.edit("plans/plan.yaml", "status: on-track", "status: at-risk")
    repo.commit("Title\x1b[2J pasted", "2025-04-01")
    for fmt in ("text", "md", "json", "github"):
        result = invoke("diff", "HEAD~1", "HEAD", "-w", str(repo.root), "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert fmt == "github" or "Align" in result.stdout
        assert not ESCAPES.search(result.stdout), fmt
    for fmt in ("text", "json"):
        result = invoke("history", "pm:R1.a", "-w", str(repo.root), "--format", fmt)
        assert result.exit_code == 0, result.stderr
        assert "Align" in result.stdout and not ESCAPES.search(result.stdout), fmt
    json.loads(invoke("history", "pm:R1.a", "-w", str(repo.root), "--format", "json").stdout)


def test_update_writes_text_that_reads_back(make_workspace):
    root = make_workspace()
    note = "Pasted\x7f \x85 \u2028 text"
    result = invoke("update", "pm:R1.a", "--note", note, "--date", "2025-11-15", "-w", str(root))
    assert result.exit_code == 0, result.stderr
    ws = load(root)
    assert not any(f.findings for f in ws.files)
    assert ws.actions["pm:R1.a"].action.updates[-1].text == note


# --- the functions --------------------------------------------------------------------------


def test_visible_and_without_controls():
    assert visible("a\x1b[2Jb\tc\nd\x85\ud800") == "a\\x1b[2Jb\tc\nd\\x85\\ud800"
    assert without_controls("a\x1b[2Jb\r\nc\rd\x00") == "a[2Jb\nc\nd"
    assert json.loads(json_safe(json.dumps("a\x85\x7f\u2028", ensure_ascii=False))) == "a\x85\x7f\u2028"
    assert not re.search("[\x7f-\x9f\u2028]", json_safe(json.dumps("a\x85\x7f\u2028", ensure_ascii=False)))


@given(st.text())
def test_yaml_quoted_reads_back_as_written(text):
    data = parse_yaml(f"kind: x\nvalue: {yaml_quoted(text)}\n")
    assert isinstance(data, dict), data
    assert data["value"] == re.sub("[\ud800-\udfff]", "", text)


@given(st.text())
def test_without_controls_leaves_no_control(text):
    cleaned = without_controls(text)
    assert not CONTROL.search(cleaned)
    assert without_controls(cleaned) == cleaned


def test_returns_and_reminders_for_people_with_control_characters(tmp_path):
    """A name with escapes and line breaks, and an address with a header smuggled into it:
    the returns are written (the workbook's title property holds no control character), the
    reminders' headers stay one line each, and an address that is not one gets no draft."""
    import email
    import email.policy

    import openpyxl

    from returns_fixtures import YEAR, example, issue

    root = example(tmp_path)
    people = root / "plans" / "people.yaml"
    people.write_text(
        people.read_text()
        .replace("name: Tom Fairclough", f'name: "Tom{NASTY}\\nFairclough"')
        .replace("name: Martin Holloway", 'name: "Martin \\x85 Holloway"')
        .replace(
            "email: martin.holloway@calderbrook.example.org",
            'email: "martin.holloway@calderbrook.example.org\\r\\nBcc: evil@example.com"',
        )
    )
    workbooks = issue(root, "--lead", "TF", "--lead", "MH")
    title = openpyxl.load_workbook(workbooks["TF"], read_only=True).properties.title
    assert title.startswith("Quarterly return 2026/27 Q3: Tom") and not CONTROL.search(title)

    args = ["returns", "status", "q3", "--year", YEAR, "--as-of", "2027-01-15", "-w", str(root)]
    remind = invoke(*args, "--remind", "--from", "Julie <julie@calderbrook.example.org>")
    assert remind.exit_code == 0, remind.stderr
    assert not CONTROL.search(remind.stdout + remind.stderr) and "Traceback" not in remind.stderr
    assert "the e-mail address in the people file is not one" in remind.stderr
    drafts = sorted((root / "returns" / "2026-27-q3" / "reminders").glob("*.eml"))
    assert not [d for d in drafts if d.name.endswith("-MH.eml")]
    [draft] = [d for d in drafts if d.name.endswith("-TF.eml")]
    message = email.message_from_bytes(draft.read_bytes(), policy=email.policy.default)
    [to] = message["To"].addresses
    assert (to.display_name, to.addr_spec) == (
        "Tom]0;pwned[2J Fairclough",
        "tom.fairclough@calderbrook.example.org",
    )
    assert "Bcc" not in message and not CONTROL.search(
        message.get_body(("plain",)).get_content().replace("\r\n", "\n")
    )
