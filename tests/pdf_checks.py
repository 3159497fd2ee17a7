"""Reading a Word report converted to PDF by LibreOffice, as a clerk would look at it: words
broken inside, table rows split across pages, text too small. Needs poppler's pdftotext.

Also a script: ``python tests/pdf_checks.py report.docx report.pdf`` prints what it finds.
"""

from __future__ import annotations

import re
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from html import unescape
from pathlib import Path

_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')
_PAGE = re.compile(r"<page ")
HEIGHT_PER_POINT = 1.3
"""pdftotext's word box for Liberation Sans is 1.3 times the type size."""


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    height: float


def pdf_words(pdf: Path) -> list[Word]:
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    words = []
    for number, page in enumerate(_PAGE.split(out)[1:], start=1):
        for m in _WORD.finditer(page):
            words.append(Word(number, unescape(m.group(5)), float(m.group(4)) - float(m.group(2))))
    return words


def docx_paragraphs(docx: Path) -> list[str]:
    """Every paragraph's text in the Word file (body, headers and footers)."""
    texts = []
    with zipfile.ZipFile(docx) as package:
        for name in package.namelist():
            if not re.match(r"word/(document|header\d*|footer\d*)\.xml$", name):
                continue
            xml = package.read(name).decode("utf-8")
            for para in re.findall(r"<w:p[ >].*?</w:p>", xml, re.S):
                parts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>|<w:(br|tab|noBreakHyphen)/>", para)
                marks = {"br": " ", "tab": " ", "noBreakHyphen": "-", "": ""}
                texts.append(unescape("".join(text or marks[mark] for text, mark in parts)))
    return texts


def _tokens(text: str) -> list[str]:
    return text.replace("\u00a0", " ").replace("\u2011", "-").split()


def _is_reference(word: str) -> bool:
    """``LPI-04``, ``pm-audit:R6.b``, ``2025-2028``: never to be broken at their hyphens."""
    return any(c.isdigit() or c == ":" for c in word)


def broken_words(docx: Path, pdf: Path) -> list[str]:
    """Words in the PDF that are no word of the document: pieces of a word broken at a line's
    end ("househol", "ds"), or a reference broken at a hyphen ("pm-", "audit:R6.b"). A
    compound word broken at its hyphen ("self-", "assessment") is ordinary typesetting. Page
    numbers are not words of the document."""
    known = {t for p in docx_paragraphs(docx) for t in _tokens(p)}
    tokens = [(w.page, t) for w in pdf_words(pdf) for t in _tokens(w.text)]
    found = []
    skip = False
    for index, (page, token) in enumerate(tokens):
        if skip:
            skip = False
            continue
        if token in known or token.isdigit():
            continue
        after = tokens[index + 1][1] if index + 1 < len(tokens) else ""
        if token.endswith("-") and token + after in known and not _is_reference(token + after):
            skip = True
            continue
        found.append(f"page {page}: {token!r}")
    return found


def small_text(pdf: Path, points: float = 10.0) -> list[str]:
    """Words set smaller than ``points``."""
    least = points * HEIGHT_PER_POINT - 0.3
    return [f"page {w.page}: {w.text!r} at {w.height / HEIGHT_PER_POINT:.1f} pt" for w in pdf_words(pdf)
            if w.height < least]  # fmt: skip


def split_rows(pdf: Path, rows: list[list[str]]) -> list[str]:
    """Table rows (each a list of its cells' texts) whose cells are not all whole on one page.
    A cell's text is looked for with its spaces taken out, in each page's words run together."""
    pages: dict[int, list[str]] = {}
    for word in pdf_words(pdf):
        pages.setdefault(word.page, []).append(word.text.replace("\u00a0", ""))
    joined = {n: "".join(words) for n, words in pages.items()}
    problems = []
    for row in rows:
        cells = ["".join(_tokens(c)) for c in row if c.strip()]
        where = [{n for n, text in joined.items() if cell in text} for cell in cells]
        if not where or not set.intersection(*where):
            problems.append(" | ".join(c[:30] for c in row))
    return problems


def language(pdf: Path) -> str | None:
    found = re.search(rb"/Lang\s*\(([^)]*)\)", pdf.read_bytes())
    return found.group(1).decode("ascii", "replace") if found else None


def docx_rows(docx: Path) -> list[list[str]]:
    """The text of each body row of each table in the Word file, cell by cell."""
    import docx as python_docx

    document = python_docx.Document(str(docx))
    rows = []
    for table in document.tables:
        for row in table.rows[1:]:
            rows.append([cell.text for cell in row.cells])
    return rows


if __name__ == "__main__":
    docx_path, pdf_path = Path(sys.argv[1]), Path(sys.argv[2])
    print("language:", language(pdf_path))
    print("broken words:", broken_words(docx_path, pdf_path)[:40])
    print("small text:", small_text(pdf_path)[:20])
    print("rows split across pages:", split_rows(pdf_path, docx_rows(docx_path))[:20])
