"""``pmplan import`` on hostile and extreme files: every one is refused with a message and exit
2, in bounded time and memory, never a traceback; no XML entity is ever resolved.

The files are made here, byte by byte where a library would refuse to write them (a merged
range over the whole sheet, an entity declaration in a Word part).
"""

from __future__ import annotations

import io
import os
import random
import subprocess
import sys
import threading
import time
import zipfile
from collections.abc import Iterable
from pathlib import Path

import docx
import pytest

from plan_fixtures import invoke
from pmplan.exchange.importer import SourceError, import_file
from pmplan.exchange.importer.excel import column_letters
from pmplan.exchange.importer.tables import Limits, read_document

SHEET_NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
PLAN_ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>Action</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>Lead</t></is></c><c r="C1" t="inlineStr"><is><t>Target date</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>Review the waste strategy</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>JP</t></is></c><c r="C2" t="inlineStr"><is><t>March 2026</t></is></c></row>'
)


def raw_xlsx(
    path: Path, sheet_data: str, after: str = "", prolog: str = "", shared_strings: Iterable[bytes] = ()
) -> Path:
    """A workbook written by hand: one sheet, its rows and what follows sheetData, and a shared
    strings part streamed from ``shared_strings`` where given."""
    strings = iter(shared_strings)
    first = next(strings, None)
    extra_rel = (
        f'<Relationship Id="rId9" Type="{REL_NS}/sharedStrings" Target="sharedStrings.xml"/>' if first else ""
    )
    sheet = f'<?xml version="1.0"?>{prolog}<worksheet {SHEET_NS}><sheetData>{sheet_data}</sheetData>{after}</worksheet>'
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook {SHEET_NS} xmlns:r="{REL_NS}"><sheets>'
            '<sheet name="Plan" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            f'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL_NS}/worksheet" Target="worksheets/sheet1.xml"/>'
            f"{extra_rel}</Relationships>",
        )
        archive.writestr("xl/worksheets/sheet1.xml", sheet)
        if first is not None:
            with archive.open("xl/sharedStrings.xml", "w") as part:
                part.write(first)
                for chunk in strings:
                    part.write(chunk)
    return path


def word_with_document_xml(path: Path, change: str) -> Path:
    """A real Word file whose document.xml is rewritten: ``change`` is put before the root."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(
        table.rows[0].cells + table.rows[1].cells, ["Action", "Lead", "ACTION_TEXT", "JP"], strict=True
    ):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "word/document.xml":
                text = data.decode("utf-8")
                head, _, body = text.partition("?>")
                root = body.lstrip().split(" ", 1)[0].lstrip("<")
                text = head + "?>" + change.replace("ROOT", root) + body
                data = text.replace("ACTION_TEXT", "&ent;").encode("utf-8")
            target.writestr(item, data)
    return path


_MEASURED = """
import atexit, runpy, sys

def _peak(path):
    with open("/proc/self/status") as status, open(path, "w") as out:
        out.write(next((l.split()[1] for l in status if l.startswith("VmHWM:")), ""))

atexit.register(_peak, sys.argv[1])
sys.argv = ["pmplan", *sys.argv[2:]]
runpy.run_module("pmplan", run_name="__main__", alter_sys=True)
"""
"""``python -m pmplan`` that writes its peak resident memory (kB) to a file as it exits. The
kernel's figure for the process as a whole (``ru_maxrss``) starts from its parent's at the
fork, so it would count the test process's memory too; ``VmHWM`` counts only pmplan's."""


def peak_rss(args: list[str], tmp_path: Path, timeout: float = 120) -> tuple[int, str, float, float]:
    """(exit code, stderr, seconds, peak resident memory in MB) of ``pmplan ARGS`` in a process
    of its own, killed after ``timeout`` seconds."""
    errors = tmp_path / "stderr.txt"
    peak = tmp_path / "peak.txt"
    start = time.perf_counter()
    with errors.open("wb") as sink:
        process = subprocess.Popen(
            [sys.executable, "-c", _MEASURED, str(peak), *args], stdout=subprocess.DEVNULL, stderr=sink
        )
        timer = threading.Timer(timeout, process.kill)
        timer.start()
        try:
            _, status, usage = os.wait4(process.pid, 0)
        finally:
            timer.cancel()
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    written = peak.read_text() if peak.exists() else ""
    return (
        process.returncode,
        errors.read_text(encoding="utf-8", errors="replace"),
        seconds,
        (int(written) if written.isdigit() else usage.ru_maxrss) / 1024,
    )


# --- entities -----------------------------------------------------------------------------------


def test_an_external_entity_is_never_resolved(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-PAYROLL-FIGURES", encoding="utf-8")
    path = word_with_document_xml(
        tmp_path / "xxe.docx", f'<!DOCTYPE ROOT [<!ENTITY ent SYSTEM "file://{secret}">]>'
    )
    result = invoke("import", str(path))
    assert result.exit_code == 2
    assert "declares a DTD" in result.stderr and "Traceback" not in result.stderr
    assert "TOP-SECRET" not in result.stdout + result.stderr
    book = raw_xlsx(
        tmp_path / "xxe.xlsx",
        PLAN_ROWS.replace("Review the waste strategy", "&ent;"),
        prolog=f'<!DOCTYPE worksheet [<!ENTITY ent SYSTEM "file://{secret}">]>',
    )
    result = invoke("import", str(book))
    assert result.exit_code == 2 and "declares a DTD" in result.stderr
    assert "TOP-SECRET" not in result.stdout + result.stderr


def test_a_billion_laughs_is_refused_in_bounded_time_and_memory(tmp_path: Path) -> None:
    levels = ['<!ENTITY l0 "laugh">'] + [f'<!ENTITY l{n} "{f"&l{n - 1};" * 10}">' for n in range(1, 10)]
    dtd = "<!DOCTYPE ROOT [" + "".join(levels) + '<!ENTITY ent "&l9;">]>'
    path = word_with_document_xml(tmp_path / "laughs.docx", dtd)
    code, err, seconds, rss = peak_rss(["import", str(path)], tmp_path)
    assert code == 2 and "declares a DTD" in err and "Traceback" not in err
    assert seconds < 30 and rss < 400


# --- zip bombs, sizes, rows and far-away cells ----------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path: Path) -> None:
    spaces = (b" " * (1 << 20) for _ in range(256))  # 256 MB of spaces: a quarter of a megabyte packed
    path = raw_xlsx(tmp_path / "bomb.xlsx", PLAN_ROWS, shared_strings=spaces)
    assert path.stat().st_size < 1_000_000
    code, err, seconds, rss = peak_rss(["import", str(path)], tmp_path)
    assert code == 2 and "zip bomb" in err and "Traceback" not in err
    assert seconds < 30 and rss < 300


def test_a_part_larger_than_the_limit_is_refused(tmp_path: Path) -> None:
    path = raw_xlsx(tmp_path / "big.xlsx", PLAN_ROWS * 2000)
    with pytest.raises(SourceError, match="decompresses to"):
        read_document(path, Limits(part_bytes=100_000))
    assert len(import_file(path).plan.actions) >= 1  # within the real limits it reads


def test_a_value_at_xfd1048576_is_refused_by_name(tmp_path: Path) -> None:
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    path = raw_xlsx(tmp_path / "far.xlsx", PLAN_ROWS + far)
    code, err, seconds, rss = peak_rss(["import", str(path)], tmp_path)
    assert code == 2 and "XFD1048576" in err and "Traceback" not in err
    assert seconds < 30 and rss < 300
    styled = '<row r="1048576"><c r="XFD1048576" s="0"/></row>'  # formatting alone holds no value
    assert len(import_file(raw_xlsx(tmp_path / "styled.xlsx", PLAN_ROWS + styled)).plan.actions) == 1


def test_a_huge_merged_range_is_refused_by_name(tmp_path: Path) -> None:
    path = raw_xlsx(
        tmp_path / "merged.xlsx",
        PLAN_ROWS,
        after='<mergeCells count="1"><mergeCell ref="A2:XFD1048576"/></mergeCells>',
    )
    code, err, seconds, rss = peak_rss(["import", str(path)], tmp_path)
    assert code == 2 and "A2:XFD1048576" in err and "Traceback" not in err
    assert seconds < 30 and rss < 300
    empty = raw_xlsx(
        tmp_path / "empty-merge.xlsx",
        PLAN_ROWS,
        after='<mergeCells count="1"><mergeCell ref="D5:XFD1048576"/></mergeCells>',
    )
    assert len(import_file(empty).plan.actions) == 1  # a merge over empty cells changes nothing


def test_millions_of_rows_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "rows.csv"
    with path.open("w", encoding="utf-8") as handle:
        handle.write("Action,Lead,Target date\n")
        for n in range(1_000_000):
            handle.write(f"Action {n},JP,March 2026\n")
    code, err, seconds, rss = peak_rss(["import", str(path)], tmp_path)
    assert code == 2 and "beyond the 200,000 rows" in err and "Traceback" not in err
    assert seconds < 60 and rss < 600
    book = tmp_path / "rows.xlsx"
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>Action {n}</t></is></c></row>'
        for n in range(3, 250_000)
    )
    raw_xlsx(book, PLAN_ROWS + rows)
    code, err, seconds, rss = peak_rss(["import", str(book)], tmp_path)
    assert code == 2 and "beyond the 200,000 rows" in err and "Traceback" not in err
    assert seconds < 60


# --- formulas neutralised by an export read back as written -------------------------------------


def test_a_neutralised_formula_reads_back_as_the_original_text(tmp_path: Path) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        "Action,Lead,Target date,Progress\n"
        '"\'=HYPERLINK(""http://evil.example"",""click"")",JP,March 2026,"\'-5% on last year"\n'
        "\"'@SUM(A1)\",JP,March 2026,'+1 more\n"
        "It's a plain action,JP,March 2026,'Quoted' words\n",
        encoding="utf-8",
    )
    plan = import_file(path).plan
    titles = [a.title for a in plan.actions]
    assert titles == ['=HYPERLINK("http://evil.example","click")', "@SUM(A1)", "It's a plain action"]
    assert [a.progress[0].text for a in plan.actions] == ["-5% on last year", "+1 more", "'Quoted' words"]


def test_a_damaged_compressed_part_is_refused(tmp_path: Path) -> None:
    """Bytes flipped inside a part's compressed data, and a zip made by an unknown zip tool."""
    path = word_with_document_xml(tmp_path / "plan.docx", "")
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    for offset in range(start + 40, start + 60):
        data[offset] ^= 0x5A
    damaged = tmp_path / "damaged.docx"
    damaged.write_bytes(bytes(data))
    with pytest.raises(SourceError, match="damaged"):
        import_file(damaged)
    versioned = bytearray(path.read_bytes())
    central = versioned.rfind(b"PK\x01\x02")
    versioned[central + 6] = 0x3F  # 'needs zip version 6.3' in the central directory
    odd = tmp_path / "odd.docx"
    odd.write_bytes(bytes(versioned))
    result = invoke("import", str(odd))
    assert result.exit_code == 2 and "Traceback" not in result.stderr


def test_a_row_that_holds_too_much_xml_is_refused_as_it_grows(tmp_path: Path) -> None:
    """A Word row (or a sheet row) is held whole until it ends: one that grows past the limit is
    refused while it is read, not after."""
    rng = random.Random(5)
    runs = "".join(f"<w:r><w:t>{rng.getrandbits(40):x}</w:t></w:r>" for _ in range(200_000))
    document = docx.Document()
    table = document.add_table(rows=2, cols=2)
    for cell, text in zip(
        table.rows[0].cells + table.rows[1].cells, ["Action", "Lead", "Plan", "JP"], strict=True
    ):
        cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "runs.docx"
    with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:t>JP</w:t></w:r>", b"<w:t>JP</w:t></w:r>" + runs.encode(), 1)
            target.writestr(info, data)
    with pytest.raises(SourceError, match="more than 1 MB of XML in one row"):
        read_document(path, Limits(held_bytes=1 << 20))
    assert import_file(path).plan.actions[0].lead is not None  # within the real limit it reads
    cells = "".join(
        f'<c r="{column_letters(n)}3" t="inlineStr"><is><t>{"x" * 200}</t></is></c>' for n in range(4, 400)
    )
    book = raw_xlsx(
        tmp_path / "wide.xlsx", PLAN_ROWS.replace("</row>", "</row>", 1) + f'<row r="3">{cells}</row>'
    )
    with pytest.raises(SourceError, match="of XML in one row"):
        read_document(book, Limits(held_bytes=50_000))
