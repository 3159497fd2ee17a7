"""A return saved by LibreOffice Calc reads back as one saved by Excel (openpyxl) does.

Runs where LibreOffice (``soffice``) is installed; elsewhere it is skipped, saying so.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import openpyxl
import pytest

from pmplan.returns import layout
from returns_fixtures import FILLED_ON, YEAR, collect, example, fill, issue, snapshot

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install libreoffice-calc-nogui)"
)


def through_libreoffice(path: Path, tmp_path: Path) -> Path:
    """Open the workbook in LibreOffice Calc and save it again as .xlsx, as an officer would."""
    assert SOFFICE is not None
    out = tmp_path / "saved-by-libreoffice"
    done = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", str(out), str(path)],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    saved = out / path.name
    assert saved.is_file(), done.stderr
    return saved


def test_a_return_saved_by_libreoffice_is_collected(tmp_path: Path) -> None:
    root = example(tmp_path)
    files = issue(root, "--lead", "LB", "--lead", "ND")
    fill(files["LB"], layout.ACTIONS, "pm-audit:R1.c", {
        "Status": "Delayed",
        "Progress update": "-5% of PDRs linked this round: HR short-staffed",
        "Revised timescale": "Q1 2027/28",
        "Reason for revision": "The sample check waits for the new HR system",
    })  # fmt: skip
    fill(files["LB"], layout.INDICATORS, "LPI-15", {"Actual": 88, "Note": "=Down two points"})
    saved = through_libreoffice(files["LB"], tmp_path)
    book = openpyxl.load_workbook(saved)
    assert book[layout.RECORD].sheet_state == "hidden"  # LibreOffice has no 'very hidden'
    assert book[layout.ACTIONS].protection.sheet
    result = collect(root, str(saved))
    assert result.exit_code == 0, result.stderr
    assert "5 applied" in result.stdout
    audit = (root / "plans/action-plans/audit-response.yaml").read_text()
    # an audit response: the revised timescale is asked for as an extension, for the committee
    assert "timescale: 2026/27\n        extensions:\n          - asked: " in audit
    assert (
        "            timescale: Q1 2027/28\n            reason: The sample check waits for the new HR system\n"
        in audit
    )
    assert "status: delayed" in audit
    assert 'text: "-5% of PDRs linked this round: HR short-staffed"' in audit
    corporate = (root / "plans/indicators/corporate.yaml").read_text()
    assert "2026/27 Q3: {actual: 88, note: =Down two points}" in corporate
    # collected twice (the same file, or the copy Excel saved): nothing changes
    after = snapshot(root)
    assert collect(root, str(saved), str(files["LB"])).exit_code == 0
    assert snapshot(root) == after
    # the quarter's report shows the officer's words
    from plan_fixtures import invoke

    report = invoke("report", "q3", "--year", YEAR, "--format", "md", "--as-of", FILLED_ON, "-w", str(root))
    assert "-5% of PDRs linked this round" in report.stdout and "88%" in report.stdout


def test_an_invalid_cell_saved_by_libreoffice_is_named(tmp_path: Path) -> None:
    root = example(tmp_path)
    files = issue(root, "--lead", "ND")
    fill(files["ND"], layout.ACTIONS, "waste-sip:W3.b", {"Status": "Finished"})
    saved = through_libreoffice(files["ND"], tmp_path)
    before = snapshot(root)
    result = collect(root, str(saved))
    assert result.exit_code == 1
    assert f"{saved.name}: Actions!H5: 'Finished' is not a status" in result.stderr
    assert snapshot(root) == before
