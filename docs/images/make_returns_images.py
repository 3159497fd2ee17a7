"""Draw the pictures of a quarterly return in docs/returns.md.

    .venv/bin/python docs/images/make_returns_images.py

Issues the example council's 2026/27 Q3 return for Nadia Dobson in a temporary copy of the
workspace, fills it in as she might, then has LibreOffice Calc print parts of it to PDF and
poppler's pdftoppm turn them into the PNGs beside this script. Needs LibreOffice
(libreoffice-calc-nogui) and poppler-utils.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import openpyxl
from PIL import Image

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
PMPLAN = [sys.executable, "-m", "pmplan"]
SHOTS = {  # picture: (sheet, cells shown, columns hidden)
    "returns-actions": ("Actions", "A1:G5", ""),
    "returns-actions-edit": ("Actions", "A3:M5", "BCDEFG"),
    "returns-indicators": ("Indicators", "A3:P8", ""),
    "returns-about": ("About", "A1:B11", ""),
}
FILLED = {
    ("Actions", "waste-sip:W2.a"): {
        "Status": "At risk",
        "Progress update": "Options for a lower charge paid by direct debit costed; Cabinet decision moved to "
        "February because the budget report was delayed.",
    },
    ("Actions", "waste-sip:W3.b"): {
        "Progress update": "Second trial round booked for March.",
        "Revised timescale": "Sep 28",
        "Reason for revision": "The fleet lease has been extended by a year.",
    },
    ("Indicators", "LPI-07"): {
        "Actual": 47.2,
        "Note": "Garden waste down after 2,000 fewer subscriptions.",
        "Corrective action": "Direct debit renewals and a leaflet drop in March.",
    },
    ("Indicators", "LPI-08"): {"Actual": 103},
}
TARGETS = {"LPI-07": "44", "LPI-08": "101", "LPI-09": "95", "LPI-10": "92", "LPI-11": "3000"}


def pmplan(root: Path, *args: str) -> None:
    subprocess.run([*PMPLAN, *args, "-w", str(root)], check=True, capture_output=True, cwd=REPO)


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "council"
        root.mkdir()
        shutil.copy(REPO / "pmplan.yaml", root)
        shutil.copytree(REPO / "plans", root / "plans")
        for indicator, target in TARGETS.items():  # the example sets no Q3 targets yet
            pmplan(root, "update", indicator, "--period", "2026/27 Q3", "--target", target)
        pmplan(root, "returns", "issue", "q3", "--year", "2026/27", "--lead", "ND", "--as-of", "2026-12-14")
        issued = next((root / "returns").rglob("*.xlsx"))
        book = openpyxl.load_workbook(issued)
        for (sheet, ref), values in FILLED.items():
            target = book[sheet]
            headers = {cell.value: cell.column for cell in target[3]}
            row = next(r for r in range(4, target.max_row + 1) if target.cell(r, 1).value == ref)
            for header, value in values.items():
                target.cell(row, headers[header]).value = value
        book.save(issued)
        for name, (sheet, area, hidden) in SHOTS.items():
            shot(issued, Path(tmp), name, sheet, area, hidden)


def shot(issued: Path, tmp: Path, name: str, sheet: str, area: str, hidden: str) -> None:
    book = openpyxl.load_workbook(issued)
    for title in list(book.sheetnames):
        if title != sheet:
            del book[title]
    target = book[sheet]
    target.sheet_properties.pageSetUpPr.fitToPage = True
    target.page_setup.fitToWidth = target.page_setup.fitToHeight = 1
    target.print_title_rows = None
    for column in hidden:
        target.column_dimensions[column].hidden = True
    target.print_area = area
    workbook = tmp / f"{name}.xlsx"
    book.save(workbook)
    profile = f"-env:UserInstallation=file://{tmp / 'profile'}"
    subprocess.run(["soffice", "--headless", profile, "--convert-to", "pdf", "--outdir", str(tmp), str(workbook)],
                   check=True, capture_output=True)  # fmt: skip
    subprocess.run(["pdftoppm", "-png", "-r", "150", "-f", "1", "-l", "1", str(tmp / f"{name}.pdf"), str(tmp / name)],
                   check=True)  # fmt: skip
    page = Image.open(tmp / f"{name}-1.png").convert("RGB")
    ink = Image.eval(page.convert("L"), lambda x: 255 if x < 248 else 0).getbbox()
    assert ink is not None, name
    left, top, right, bottom = ink
    picture = page.crop((max(0, left - 6), max(0, top - 6), right + 6, bottom + 6)).quantize(colors=64)
    picture.save(HERE / f"{name}.png", optimize=True)
    print(f"wrote docs/images/{name}.png {picture.size}")


if __name__ == "__main__":
    main()
