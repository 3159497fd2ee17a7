"""The Word report: its structure, as a committee clerk and Word's navigation pane need it."""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date
from pathlib import Path

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from plan_fixtures import ACCEPTANCE, AS_OF, AS_OF_TEXT, invoke
from pmplan.report import build_report
from pmplan.report.docx.blocks import RAG_FILL
from pmplan.report.docx.document import render_docx
from pmplan.report.position import prepare

WORKSPACE = ACCEPTANCE / "workspace"
MEETING = date(2025, 12, 10)


def q2_view(root: Path = WORKSPACE):
    ready = prepare(root, "q2", "2025/26", AS_OF, date.today(), MEETING)
    return build_report(ready.ws, ready.period, AS_OF, basis=ready.basis)


@pytest.fixture(scope="module")
def q2_bytes() -> bytes:
    return render_docx(q2_view())


@pytest.fixture(scope="module")
def q2(q2_bytes):
    return docx.Document(io.BytesIO(q2_bytes))


def all_text(document) -> str:
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts)


def test_two_sections_the_appendix_in_landscape(q2):
    front, appendix = q2.sections
    assert front.orientation == WD_ORIENT.PORTRAIT
    assert (round(front.page_width.mm), round(front.page_height.mm)) == (210, 297)
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert (round(appendix.page_width.mm), round(appendix.page_height.mm)) == (297, 210)
    assert appendix.start_type == 2  # new page


def test_front_is_a_briefing_paper(q2):
    texts = [p.text for p in q2.paragraphs]
    assert texts[0] == "Northmoor District Council"
    assert "Briefing paper" in texts
    assert "Date of meeting: Wednesday 10 December 2025" in texts
    assert any(t.startswith("Position as at: 20 November 2025. This workspace is not in git") for t in texts)
    headings = [p.text for p in q2.paragraphs if p.style.name == "Heading 2"]
    assert headings[:5] == [
        "1. Summary",
        "2. Background",
        "3. Key issues",
        "4. Recommendations",
        "5. Appendices",
    ]


def test_headings_for_the_navigation_pane(q2):
    by_level: dict[str, list[str]] = {}
    for p in q2.paragraphs:
        if p.style.name.startswith("Heading"):
            by_level.setdefault(p.style.name, []).append(p.text)
    assert by_level["Heading 1"] == [
        "Action plans and performance indicators: quarterly progress report",
        "Appendix 1: progress report, 2025/26 Q2",
    ]
    for expected in ("Progress at a glance", "Exceptions", "Performance Management Action Plan",
                     "Performance indicators", "Reporting calendar: Quarter 3, 2025/26 (October to December 2025)",
                     "Acronyms", "Key to RAG ratings"):  # fmt: skip
        assert expected in by_level["Heading 2"]
    assert "R3: Involve Members in setting targets" in by_level["Heading 3"]
    assert "Trends" in by_level["Heading 3"]


def test_tables_repeat_their_header_rows(q2):
    data_tables = [
        t
        for t in q2.tables
        if t._tbl.find(f"{qn('w:tblPr')}/{qn('w:tblBorders')}/{qn('w:top')}").get(qn("w:val")) == "single"
    ]
    assert len(data_tables) >= 10
    for table in data_tables:
        first = table.rows[0]._tr
        assert first.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
        for row in table.rows[1:]:
            assert row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
        caption = table._tbl.tblPr.find(qn("w:tblCaption"))
        assert caption is not None and caption.get(qn("w:val"))


def cell_fill(cell) -> str | None:
    shading = cell._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}")
    return shading.get(qn("w:fill")) if shading is not None else None


def test_rag_cells_are_shaded_and_labelled_in_words(q2):
    rows = {}
    for table in q2.tables:
        for row in table.rows:
            cells = row.cells
            if cells and cells[0].text in {"R3.b", "R1.a", "4.x"}:
                rows[cells[0].text] = cells
    assert rows["R3.b"][5].text == "Amber: At risk"
    assert cell_fill(rows["R3.b"][5]) == RAG_FILL["amber"]
    assert rows["R1.a"][5].text == "Green: Complete"
    assert cell_fill(rows["R1.a"][5]) == RAG_FILL["green"]
    fills = {cell_fill(c) for t in q2.tables for r in t.rows for c in r.cells}
    assert {RAG_FILL["green"], RAG_FILL["amber"], RAG_FILL["red"], RAG_FILL["none"]} <= fills
    for table in q2.tables:
        for row in table.rows:
            for cell in row.cells:
                fill = cell_fill(cell)
                if fill in RAG_FILL.values():
                    assert re.match(r"(Green|Amber|Red|Not rated)\b", cell.text), cell.text


def test_progress_table_content(q2):
    text = all_text(q2)
    for needle in ("R3.b", "Member training on performance management and target setting",
                   "Megan Owen, Jo Price", "Sep 25 – Mar 26", "31 March 2026",
                   "18 September 2025: Second clinic held", "LPI-03", "Red",
                   "46.9 against a target of 48: 2.3% short, within the 3% tolerance: amber",
                   "Quarterly budget and performance report", "Local Strategic Partnership"):  # fmt: skip
        assert needle in text, needle


def test_page_numbers_in_the_footer(q2):
    footer = q2.sections[0].footer._element
    instructions = [t.text.strip() for t in footer.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]
    assert len(list(footer.iter(qn("w:fldChar")))) == 6
    assert q2.sections[1].footer.is_linked_to_previous


def test_trend_charts_with_alternative_text(q2):
    shapes = q2.inline_shapes
    # red, amber or worsening with three or more values: LPI-03 (red), LPI-01 and LPI-07 (amber);
    # not LPI-02 (green and improving) nor QI-01 (qualitative)
    assert len(shapes) == 3
    for shape in shapes:
        descr = shape._inline.docPr.get("descr")
        assert descr.startswith("Trend of LPI-")
    assert "Trend of LPI-07 Household waste" in " ".join(s._inline.docPr.get("descr") for s in shapes)


def test_deterministic_and_dated_from_as_of(q2_bytes, q2):
    assert render_docx(q2_view()) == q2_bytes
    props = q2.core_properties
    assert props.created.date() == AS_OF and props.modified.date() == AS_OF
    assert props.title == "Action plans and performance indicators: quarterly progress report, 2025/26 Q2"
    with zipfile.ZipFile(io.BytesIO(q2_bytes)) as package:
        assert {i.date_time for i in package.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert not any("thumbnail" in n for n in package.namelist())


def test_odd_text_is_cleaned_for_word(make_workspace):
    from test_report import ODD_PLAN

    root = make_workspace({"plans/odd.yaml": ODD_PLAN})
    data = render_docx(q2_view(root))
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        xml = package.read("word/document.xml").decode("utf-8")
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]", xml)
    document = docx.Document(io.BytesIO(data))
    text = all_text(document)
    assert "Cynllun gweithredu ŵ ŷ — 🚀 plan" in text
    assert "Bell escape[31m nul and C1 controls" in text
    assert "Pipes | and <script>alert('x')</script> & <b>bold</b>" in text
    assert "x" * 3000 in text


def base_template(path: Path, drop_headings: bool = False) -> Path:
    """A council's branded template: a header, its own body font, some body text to be replaced."""
    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "Northmoor letterhead"
    document.styles["Normal"].font.name = "Georgia"
    document.add_paragraph("PLACEHOLDER BODY TEXT")
    if drop_headings:
        styles = document.styles.element
        for style in list(styles):
            if (style.get(qn("w:styleId")) or "").startswith("Heading"):
                styles.remove(style)
    document.save(str(path))
    return path


def test_workspace_report_docx_is_the_base(make_workspace):
    root = make_workspace()
    (root / "templates").mkdir()
    base_template(root / "templates" / "report.docx")
    out = root / "q2.docx"
    result = invoke("report", "q2", "-f", "docx", "-o", str(out), "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.exit_code == 0, result.stderr
    document = docx.Document(str(out))
    assert document.sections[0].header.paragraphs[0].text == "Northmoor letterhead"
    assert document.styles["Normal"].font.name == "Georgia"
    text = all_text(document)
    assert "PLACEHOLDER" not in text and "Align outcomes" in text
    assert document.sections[1].orientation == WD_ORIENT.LANDSCAPE
    footer = document.sections[0].footer._element
    assert [t.text.strip() for t in footer.iter(qn("w:instrText"))] == ["PAGE", "NUMPAGES"]


def test_base_without_heading_styles_still_gets_outline_levels(tmp_path):
    base = base_template(tmp_path / "plain.docx", drop_headings=True)
    document = docx.Document(io.BytesIO(render_docx(q2_view(), base)))
    for level in (1, 2, 3):
        style = document.styles[f"Heading {level}"]
        outline = style.element.find(f"{qn('w:pPr')}/{qn('w:outlineLvl')}")
        assert outline is not None and outline.get(qn("w:val")) == str(level - 1)
    assert any(p.style.name == "Heading 3" for p in document.paragraphs)


def test_template_option_and_broken_base(make_workspace, tmp_path):
    root = make_workspace()
    base = base_template(tmp_path / "brand.docx")
    out = tmp_path / "out.docx"
    args = ["report", "q2", "-f", "docx", "-o", str(out), "--as-of", AS_OF_TEXT, "-w", str(root)]
    result = invoke(*args, "--template", str(base))
    assert result.exit_code == 0, result.stderr
    assert docx.Document(str(out)).sections[0].header.paragraphs[0].text == "Northmoor letterhead"
    broken = tmp_path / "broken.docx"
    broken.write_bytes(b"not a zip")
    result = invoke(*args, "--template", str(broken))
    assert result.exit_code == 2
    assert "broken.docx is not a Word document" in result.stderr and "Traceback" not in result.stderr
