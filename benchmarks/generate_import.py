"""Generate large action-plan tables in Word, Excel and CSV for the import benchmark.

    python benchmarks/generate_import.py OUT_DIR --rows 1000

Writes ``plan-ROWS.docx``, ``plan-ROWS.xlsx`` and ``plan-ROWS.csv``: a header row (Ref, Action,
Lead, Target date, Status, Progress update), theme rows between the actions, real Excel date
cells, and a Word header row repeated on every page. Deterministic (seeded). The Word table
is written as XML into a document python-docx made, as python-docx takes minutes to add a
hundred thousand rows one by one.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import zipfile
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from generate import sentence

HEADER = ["Ref", "Action", "Lead", "Target date", "Status", "Progress update"]
STATUS_WORDS = ["On track", "Complete", "At risk", "Not started", "Delayed", "Green", "Amber"]
LEADS = ["JP", "HB", "CMT", "Head of Finance", "KB, DM", "Jo Price"]


def rows(count: int, seed: int = 11) -> Iterator[list[object]]:
    """The table's rows after the header: a theme row before every ten actions (every two
    hundred in tables of more than 5,000 rows, so that themes stay numbered 1 to 500)."""
    rng = random.Random(seed)
    start = datetime(2026, 4, 30)
    for n in range(count):
        theme, item = divmod(n, 10 if count <= 5000 else 200)
        if item == 0:
            yield [f"Theme {theme + 1}: {sentence(rng, 3)}", "", "", "", "", ""]
        due = start + timedelta(days=rng.randrange(0, 700))
        progress = sentence(rng, rng.randint(6, 24)) + "." if rng.random() < 0.8 else ""
        yield [
            f"{theme + 1}.{item + 1}",
            sentence(rng, rng.randint(6, 16)),
            rng.choice(LEADS),
            due,
            rng.choice(STATUS_WORDS),
            progress,
        ]


def _text(value: object) -> str:
    return value.strftime("%d/%m/%Y") if isinstance(value, datetime) else str(value)


def write_csv(path: Path, count: int) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([_text(v) for v in row] for row in rows(count))
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


def write_xlsx(path: Path, count: int) -> None:
    import openpyxl
    from openpyxl.cell import WriteOnlyCell

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Plan")
    sheet.append(["Improvement plan (benchmark)"])
    sheet.append(HEADER)
    for row in rows(count):
        cells: list[object] = []
        for value in row:
            if isinstance(value, datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "dd/mm/yyyy"
                cells.append(cell)
            else:
                cells.append(value or None)
        sheet.append(cells)
    book.save(path)


def _cell(text: str, span: int = 1) -> str:
    grid = f'<w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span > 1 else ""
    return f'<w:tc>{grid}<w:p><w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'


def write_docx(path: Path, count: int) -> None:
    import docx

    document = docx.Document()
    document.add_heading("Improvement plan (benchmark)", 1)
    table = document.add_table(rows=1, cols=len(HEADER))
    table.style = document.styles["Table Grid"]
    for cell, text in zip(table.rows[0].cells, HEADER, strict=True):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    body: list[str] = []
    for row in rows(count):
        if not row[1]:
            body.append(f"<w:tr>{_cell(str(row[0]), len(HEADER))}</w:tr>")
        else:
            body.append("<w:tr>" + "".join(_cell(_text(v)) for v in row) + "</w:tr>")
    generated = "".join(body).encode("utf-8")
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                data = data.replace(b"<w:tr>", b"<w:tr><w:trPr><w:tblHeader/></w:trPr>", 1)
                header_row_end = data.index(b"</w:tr>") + len(b"</w:tr>")
                data = data[:header_row_end] + generated + data[header_row_end:]
            target.writestr(item, data)


def generate_sources(out: Path, count: int) -> dict[str, Path]:
    out.mkdir(parents=True, exist_ok=True)
    made = {}
    for suffix, write in (("csv", write_csv), ("xlsx", write_xlsx), ("docx", write_docx)):
        path = out / f"plan-{count}.{suffix}"
        if not path.exists():
            write(path, count)
        made[suffix] = path
    return made


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--rows", type=int, default=1000)
    args = parser.parse_args()
    for suffix, path in generate_sources(args.out, args.rows).items():
        print(f"{suffix}: {path} ({path.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
