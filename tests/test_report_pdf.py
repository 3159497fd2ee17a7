"""The Word report opens in a real word processor: LibreOffice converts it to PDF, and the PDF
is read as a clerk would look at it (:mod:`pdf_checks`): no table row split across pages, no
word broken inside, British English, no text below 10 pt.

Runs where LibreOffice (``soffice``) and poppler (``pdftotext``) are installed; the structure
of the Word file is tested everywhere by ``test_report_docx.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pdf_checks import broken_words, docx_rows, language, small_text, split_rows

ROOT = Path(__file__).resolve().parents[1]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
PDFTOTEXT = shutil.which("pdftotext")
pytestmark = pytest.mark.skipif(
    SOFFICE is None or PDFTOTEXT is None, reason="LibreOffice or poppler-utils is not installed"
)

# The example council's Q2 report as at late November, and its Q4 report as at the end of April.
REPORTS = {"q2": ("2026/27", "2026-11-25"), "q4": ("2025/26", "2026-04-30")}


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path]]:
    folder = tmp_path_factory.mktemp("pdf")
    made = {}
    for period, (year, as_of) in REPORTS.items():
        docx = folder / f"{period}.docx"
        command = [sys.executable, "-m", "pmplan", "report", period, "--year", year, "--format", "docx",
                   "-o", str(docx), "--as-of", as_of, "--workspace", str(ROOT)]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        made[period] = docx
    assert SOFFICE is not None
    convert = [SOFFICE, "--headless", f"-env:UserInstallation=file://{folder / 'profile'}",
               "--convert-to", "pdf", "--outdir", str(folder), *map(str, made.values())]  # fmt: skip
    subprocess.run(convert, capture_output=True, text=True, timeout=300)
    return {period: (docx, docx.with_suffix(".pdf")) for period, docx in made.items()}


@pytest.mark.parametrize("period", sorted(REPORTS))
def test_example_report_prints_as_a_clerk_would_send_it(converted, period: str) -> None:
    docx, pdf = converted[period]
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert language(pdf) == "en-GB"
    assert broken_words(docx, pdf) == []
    assert small_text(pdf) == []
    rows = docx_rows(docx)
    assert len(rows) > 50
    assert split_rows(pdf, rows) == []
    assert PDFTOTEXT is not None
    text = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
    assert "Calderbrook District Council" in text
    assert "Performance indicators" in text


def test_the_checks_find_what_they_look_for(converted) -> None:
    """A row whose cells are on two pages, and a word cut in two, are found."""
    docx, pdf = converted["q2"]
    rows = docx_rows(docx)
    assert split_rows(pdf, [[rows[0][0], "no such text in the report"]]) != []
    first_page = [c for c in rows[0] if c.strip()][:1]
    assert split_rows(pdf, [first_page]) == []
