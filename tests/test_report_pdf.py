"""The Word report opens in a real word processor: LibreOffice converts it to PDF.

Runs where LibreOffice (``soffice``) is installed; the structure of the Word file is
tested everywhere by ``test_report_docx.py``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
pytestmark = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


def test_example_report_converts_to_pdf(tmp_path: Path) -> None:
    docx = tmp_path / "q2.docx"
    command = [sys.executable, "-m", "pmplan", "report", "q2", "--year", "2026/27", "--format", "docx",
               "-o", str(docx), "--as-of", "2026-11-25", "--workspace", str(ROOT)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert SOFFICE is not None
    convert = [SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
               "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)]  # fmt: skip
    subprocess.run(convert, capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "q2.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 10_000
    assert pdf.read_bytes().startswith(b"%PDF")
    pdftotext = shutil.which("pdftotext")
    if pdftotext:
        text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, timeout=60).stdout
        assert "Calderbrook District Council" in text
        assert "Performance indicators" in text
