"""Helpers for the returns tests: the example council copied to a temporary folder, returns
issued from it, and cells filled in as an officer would."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import openpyxl

from plan_fixtures import REPO, invoke

ISSUED_ON = "2026-12-14"
"""Returns for 2026/27 Q3 are issued in the quarter's last weeks..."""
FILLED_ON = "2026-12-22"
"""... and filled in before it ends, so that the Q3 report shows their updates."""
YEAR = "2026/27"


def example(tmp_path: Path, name: str = "council") -> Path:
    """A copy of the example council's workspace."""
    root = tmp_path / name
    root.mkdir()
    shutil.copy(REPO / "pmplan.yaml", root / "pmplan.yaml")
    shutil.copytree(REPO / "plans", root / "plans")
    return root


def issue(root: Path, *args: str) -> dict[str, Path]:
    """Issue the Q3 returns; {person id: workbook}."""
    result = invoke("returns", "issue", "q3", "--year", YEAR, "--as-of", ISSUED_ON, "-w", str(root), *args)
    assert result.exit_code == 0, result.stderr
    folder = root / "returns" / "2026-27-q3"
    return {path.stem.rsplit("-", 1)[1]: path for path in sorted(folder.glob("*.xlsx"))}


def collect(root: Path, *args: str, as_of: str = FILLED_ON) -> Any:
    return invoke("returns", "collect", *args, "--as-of", as_of, "-w", str(root))


def fill(
    path: Path,
    sheet: str,
    ref: str,
    values: dict[str, Any],
    out: Path | None = None,
    period: str | None = None,
) -> Path:
    """Type ``values`` (by column header) into the row of ``ref`` on ``sheet``, as an officer
    would in Excel (text columns are formatted as text, so '=...' stays text); saved to
    ``out`` (default: over the file)."""
    book = openpyxl.load_workbook(path)
    target = book[sheet]
    headers = {cell.value: cell.column for cell in target[3]}
    for row in range(4, target.max_row + 1):
        if target.cell(row, 1).value == ref and (
            period is None or target.cell(row, headers["Period"]).value == period
        ):
            for header, value in values.items():
                cell = target.cell(row, headers[header])
                cell.value = value
                if isinstance(value, str):  # typed into a text cell: text, even '=...'
                    cell.data_type = "s"
            break
    else:
        raise AssertionError(f"{ref} is not on {sheet} of {path.name}")
    out = out or path
    book.save(out)
    return out


def cell_of(path: Path, sheet: str, ref: str, header: str) -> str:
    """The address of ``header``'s cell in the row of ``ref``."""
    book = openpyxl.load_workbook(path)
    target = book[sheet]
    headers = {cell.value: cell.column_letter for cell in target[3]}
    for row in range(4, target.max_row + 1):
        if target.cell(row, 1).value == ref:
            return f"{headers[header]}{row}"
    raise AssertionError(ref)


def snapshot(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted((root / "plans").rglob("*.yaml"))}
