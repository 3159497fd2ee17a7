"""Every spreadsheet pmplan writes is safe to open: a value that looks like a formula is written
as text (Excel: a text cell; CSV: a leading apostrophe), and control characters pasted from
old systems never stop the writer. The large-export path reads each indicator's periods once."""

from __future__ import annotations

import csv
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from plan_fixtures import AS_OF_TEXT, REPO, MakeWorkspace, invoke
from pmplan.exchange.cells import csv_text, from_csv, xml_safe
from pmplan.indicators.reading import read_all, read_indicator
from pmplan.workspace.index import load_workspace

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
HOSTILE = '=HYPERLINK("http://evil.example","click")'
PLAN = f"""
kind: action-plan
id: pm
title: Plan
owner: JP
links: [P1]
recommendations:
  - id: R1
    title: "+44 1632 960000 is the number"
    actions:
      - id: a
        title: '{HOSTILE}'
        how: "Pasted from the old system:\\e[31m red\\a"
        leads: [JP]
        timescale: Mar 26
        status: on-track
        updates:
          - date: 2025-11-01
            text: "-5% on last year"
        next: "@mention the team"
      - id: b
        title: "\\tTabbed"
        leads: [JP]
        timescale: Mar 26
"""


@pytest.fixture
def ws(make_workspace: MakeWorkspace) -> Path:
    return make_workspace({"plans/plan.yaml": PLAN})


def export(root: Path, *args: str) -> None:
    result = invoke("export", "--workspace", str(root), "--as-of", AS_OF_TEXT, *args)
    assert result.exit_code == 0, result.stderr


def test_csv_cells_that_look_like_formulas_get_an_apostrophe(ws: Path, tmp_path: Path) -> None:
    export(ws, "-o", str(tmp_path / "a.csv"), "--what", "actions")
    with (tmp_path / "a.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = {row["ref"]: row for row in csv.DictReader(handle)}
    row = rows["pm:R1.a"]
    assert row["title"] == "'" + HOSTILE
    assert row["next"] == "'@mention the team"
    assert row["last_update_text"] == "'-5% on last year"
    assert row["how"] == "Pasted from the old system:[31m red"  # ESC and BEL dropped
    assert rows["pm:R1.b"]["title"] == "'\tTabbed"
    assert row["group_title"] == "'+44 1632 960000 is the number"
    assert from_csv(row["title"]) == HOSTILE
    export(ws, "-o", str(tmp_path / "u.csv"), "--what", "updates")
    assert "'-5% on last year" in (tmp_path / "u.csv").read_text(encoding="utf-8-sig")


def test_xlsx_writes_text_cells_never_formulas(ws: Path, tmp_path: Path) -> None:
    export(ws, "-o", str(tmp_path / "a.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "a.xlsx")["Actions"]
    header = [c.value for c in sheet[1]]
    row = {h: c for h, c in zip(header, sheet[2], strict=True)}
    assert row["title"].value == HOSTILE and row["title"].data_type == "s"
    assert row["next"].value == "@mention the team" and row["next"].data_type == "s"
    assert row["how"].value == "Pasted from the old system:[31m red"
    with zipfile.ZipFile(tmp_path / "a.xlsx") as book:
        assert all(b"<f>" not in book.read(name) for name in book.namelist() if name.endswith(".xml"))


def test_the_helpers() -> None:
    for start in ("=", "+", "-", "@", "\t", "\r"):
        assert csv_text(start + "x") == "'" + start + "x"
        assert from_csv(csv_text(start + "x")) == start + "x"
    assert csv_text("O'Brien") == "O'Brien" and from_csv("'quoted'") == "'quoted'"
    assert xml_safe("a\x1b\x07\x00b\tc\nd\ufffe") == "ab\tc\nd"


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_formula_as_text(ws: Path, tmp_path: Path) -> None:
    export(ws, "-o", str(tmp_path / "a.xlsx"), "--what", "actions")
    assert SOFFICE is not None
    done = subprocess.run(
        [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "csv", "--outdir", str(tmp_path / "out"), str(tmp_path / "a.xlsx")],
        capture_output=True, text=True, timeout=240, check=False,
    )  # fmt: skip
    converted = tmp_path / "out" / "a.csv"
    assert converted.is_file(), done.stderr
    text = converted.read_text(encoding="utf-8", errors="replace")
    assert "HYPERLINK" in text and "click" in text  # the text itself, not a computed link


def test_reading_every_period_at_once_matches_one_at_a_time() -> None:
    ws = load_workspace(REPO)
    fy = ws.config.financial_year
    for indicator in ws.indicators.values():
        for period, reading in read_all(indicator, 5, fy):
            one = read_indicator(indicator, period.label, 5, fy)
            assert (reading.period, reading.rag, reading.reason, reading.direction) == (
                one.period,
                one.rag,
                one.reason,
                one.direction,
            ), (indicator.id, period.label)
            assert (reading.previous and reading.previous.period) == (one.previous and one.previous.period)
