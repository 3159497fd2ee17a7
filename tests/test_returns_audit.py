"""Returns and the audit fields: an officer's evidence, and a revised timescale in an audit
response asked for as an extension (the committee approves a date's move, not the lead)."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import openpyxl

from plan_fixtures import REPO, invoke
from pmplan.returns import layout
from returns_fixtures import FILLED_ON, ISSUED_ON, collect, example, fill, issue, snapshot

TRACKER = "plans/action-plans/internal-audit.yaml"
CYB5 = "ia-tracker:CYB5.a"


def _council(tmp_path: Path) -> Path:
    root = example(tmp_path)
    shutil.copytree(REPO / "evidence", root / "evidence")
    return root


def test_a_revised_timescale_in_an_audit_response_is_asked_for_as_an_extension(tmp_path: Path) -> None:
    root = _council(tmp_path)
    files = issue(root, "--lead", "PS")
    fill(files["PS"], layout.ACTIONS, CYB5, {
        "Progress update": "Phones added from the provider's list.",
        "Revised timescale": "Mar 27",
        "Reason for revision": "The provider's list came late",
    })  # fmt: skip
    before = (root / TRACKER).read_text()
    result = collect(root, str(files["PS"]))
    assert result.exit_code == 0, result.stderr
    assert f"{CYB5}: extension asked for, from 'Aug 26' to 'Mar 27'" in result.stdout
    after = (root / TRACKER).read_text()
    added = [
        line[2:] for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("+ ")
    ]
    assert added == [
        "        extensions:",
        f"          - asked: {FILLED_ON}",
        "            timescale: Mar 27",
        "            reason: The provider's list came late",
        f"          - date: {FILLED_ON}",
        "            text: Phones added from the provider's list.",
        "            by: PS",
    ]
    # the timescale stays as the committee agreed it, with no baseline and no 'revised' note
    assert "        timescale: Aug 26\n        extensions:" in after
    assert "Timescale revised" not in after
    # lint does not call it a move without an extension; the tracker lists it for decision
    moved = invoke("lint", "--as-of", FILLED_ON, "-w", str(root), "--select", "moved-without-extension")
    assert moved.exit_code == 0, moved.stdout
    tracker = invoke("report", "audit", "--as-of", FILLED_ON, "--since", ISSUED_ON, "-w", str(root))
    assert tracker.exit_code == 0, tracker.stderr
    [row] = [line for line in tracker.stdout.splitlines() if line.startswith(f"| {CYB5}")]
    assert "Mar 27" in row and "The provider's list came late" in row and "For decision" in row
    # collected again: the request is already there
    again = collect(root, str(files["PS"]))
    assert again.exit_code == 0 and "0 applied" in again.stdout
    assert (root / TRACKER).read_text() == after


def test_an_extension_conflicts_when_the_timescale_moved_since_issue(tmp_path: Path) -> None:
    root = _council(tmp_path)
    files = issue(root, "--lead", "PS")
    fill(
        files["PS"], layout.ACTIONS, CYB5, {"Revised timescale": "Mar 27", "Reason for revision": "Late list"}
    )
    moved = invoke("update", CYB5, "--extend", "Feb 27", "--reason", "Asked at the meeting",
                   "--approved-by", "Audit and Governance Committee", "--date", "2026-12-15",
                   "--as-of", "2026-12-15", "-w", str(root))  # fmt: skip
    assert moved.exit_code == 0, moved.stderr
    before = snapshot(root)
    result = collect(root, str(files["PS"]))
    assert result.exit_code == 1
    assert f"CONFLICT {CYB5} extension: the return says 'Mar 27' (was 'Aug 26' when issued)" in result.stdout
    assert "the plan now says 'Feb 27'" in result.stdout
    assert snapshot(root) == before


def test_evidence_from_a_return_is_added_once(tmp_path: Path) -> None:
    root = _council(tmp_path)
    files = issue(root, "--lead", "PS")
    fill(files["PS"], layout.ACTIONS, CYB5, {
        "Status": "Complete",
        "Progress update": "Register complete, phones included.",
        "Evidence": "evidence/ia-2526-09/disaster-recovery-test-2026-09.md",
    })  # fmt: skip
    result = collect(root, str(files["PS"]))
    assert result.exit_code == 0, result.stderr
    assert f"{CYB5}: evidence added: evidence/ia-2526-09/disaster-recovery-test-2026-09.md" in result.stdout
    after = (root / TRACKER).read_text()
    assert (
        "        status: complete\n        evidence: evidence/ia-2526-09/disaster-recovery-test-2026-09.md\n"
        in after
    )
    lint = invoke("lint", "--as-of", FILLED_ON, "-w", str(root),
                  "--select", "complete-without-evidence,missing-evidence-file")  # fmt: skip
    assert lint.exit_code == 0, lint.stdout
    again = collect(root, str(files["PS"]))
    assert again.exit_code == 0 and "0 applied, 3 already in the plans" in again.stdout
    assert (root / TRACKER).read_text() == after


def test_a_return_issued_without_the_evidence_column_is_still_read(tmp_path: Path) -> None:
    root = _council(tmp_path)
    files = issue(root, "--lead", "PS")
    book = openpyxl.load_workbook(files["PS"])
    sheet = book[layout.ACTIONS]
    [column] = [c.column for c in sheet[layout.HEADER_ROW] if c.value == "Evidence"]
    sheet.delete_cols(column)
    book.save(files["PS"])
    fill(files["PS"], layout.ACTIONS, CYB5, {"Progress update": "Half the phones added."})
    result = collect(root, str(files["PS"]))
    assert result.exit_code == 0, result.stderr
    assert "1 applied" in result.stdout
    # the other columns are still required
    sheet.delete_cols(sheet.max_column)
    book.save(files["PS"])
    broken = collect(root, str(files["PS"]))
    assert broken.exit_code == 2 and "has lost its columns (Reason for revision)" in broken.stderr
