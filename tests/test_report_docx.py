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
    """The document's words, with its no-break spaces and hyphens as plain ones."""
    parts = [p.text for p in document.paragraphs]
    parts += [c.text for t in document.tables for r in t.rows for c in r.cells]
    return "\n".join(parts).replace("\u00a0", " ")


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
    # the recommendations, which every report makes, come straight after the summary
    assert headings[:5] == [
        "1. Summary",
        "2. Recommendations",
        "3. Background",
        "4. Key issues",
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
            if cells and cells[0].text in {"R3.b", "R3.a", "4.x"}:
                rows[cells[0].text] = cells
    assert rows["R3.b"][4].text == "Amber: At risk"
    assert cell_fill(rows["R3.b"][4]) == RAG_FILL["amber"]
    assert rows["R3.a"][4].text == "Green: On track"
    assert cell_fill(rows["R3.a"][4]) == RAG_FILL["green"]
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
                   "46.9% against a target of 48%: 2.3% short, within the 3% tolerance: amber",
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


# --- printing: rows, headings, widths, type, language, colour --------------------------------

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def document_xml(data: bytes, part: str = "word/document.xml"):
    from lxml import etree

    with zipfile.ZipFile(io.BytesIO(data)) as package:
        return etree.fromstring(package.read(part))


def test_no_row_splits_across_a_page_and_headers_keep_with_their_first_row(q2_bytes):
    root = document_xml(q2_bytes)
    rows = root.findall(f".//{W}tr")
    assert len(rows) > 50
    for row in rows:
        assert row.find(f"{W}trPr/{W}cantSplit") is not None
    for table in root.iter(f"{W}tbl"):
        first = table.find(f"{W}tr")
        if first.find(f"{W}trPr/{W}tblHeader") is None:
            continue  # the borderless grid of charts has no header row
        paragraphs = first.findall(f".//{W}p")
        assert all(p.find(f"{W}pPr/{W}keepNext") is not None for p in paragraphs)
        for row in table.findall(f"{W}tr")[1:]:  # body rows do not chain the table together
            assert row.find(f".//{W}keepNext") is None


def test_every_heading_and_the_words_before_a_table_keep_with_what_follows(q2):
    body = list(q2.element.body)
    for index, element in enumerate(body):
        if element.tag != f"{W}p":
            continue
        paragraph = docx.text.paragraph.Paragraph(element, q2)
        if paragraph.style.name.startswith("Heading"):
            assert paragraph.paragraph_format.keep_with_next, paragraph.text
        if index + 1 < len(body) and body[index + 1].tag == f"{W}tbl" and paragraph.text:
            assert paragraph.paragraph_format.keep_with_next, paragraph.text
    level_3 = [p for p in q2.paragraphs if p.style.name == "Heading 3"]
    assert level_3 and all(p.style.paragraph_format.keep_with_next or p.paragraph_format.keep_with_next
                           for p in level_3)  # fmt: skip


def grid(table) -> list[int]:
    return [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]


def test_column_widths_are_measured_from_their_text_and_shared_by_the_plan_tables(q2):
    plan_tables = [t for t in q2.tables if t.rows[0].cells[0].text == "Ref" and len(t.columns) == 7
                   and t.rows[0].cells[3].text == "Due"]  # fmt: skip
    assert len(plan_tables) > 5
    widths = {tuple(grid(t)) for t in plan_tables}
    assert len(widths) == 1  # the same columns line up from table to table
    (ref, action, lead, due, status, progress, next_step) = widths.pop()
    columns = (ref, action, lead, due, status, progress, next_step)
    assert sorted(columns)[-2:] == sorted([action, progress])  # the columns of prose get the room
    assert ref == min(columns)
    from pmplan.report.columns import CELL_PADDING, text_width

    # no word is broken inside: each column holds its longest word
    for table in plan_tables:
        for row in table.rows:
            for cell, width in zip(row.cells, grid(table), strict=True):
                for paragraph in cell.paragraphs:
                    for run in paragraph.runs:
                        for word in run.text.replace("\u00a0", "~").split():
                            assert text_width(word, 10, bool(run.bold)) + CELL_PADDING <= width / 20 + 0.5, (
                                word
                            )
    # one Due column: no Timescale column, and the timescale as typed only where it adds
    assert [c.text for c in plan_tables[0].rows[0].cells] == [
        "Ref", "Action", "Lead", "Due", "Status", "Progress this period", "Next step",
    ]  # fmt: skip
    rows = {r.cells[0].text: r.cells for t in plan_tables for r in t.rows}
    assert rows["R3.b"][3].text.replace("\u00a0", " ") == "31 March 2026\nSep 25 – Mar 26"
    assert rows["R4.a"][3].text.replace("\u00a0", " ") == "31 January 2026"  # typed 31/03/2026


def test_completed_earlier_listed_once_and_earlier_updates_marked(q2):
    text = all_text(q2)
    assert "Performance Management Action Plan: completed before this period" in text
    refs = [r.cells[0].text for t in q2.tables for r in t.rows]
    assert refs.count("R1.a") == 1  # completed in November 2024: once, in the short table
    assert "No update this period" in text  # R3.b: its update is after the period
    assert "Earlier update," not in text or "Earlier update, " in text


def test_type_sizes_face_and_language(q2_bytes, q2):
    assert q2.styles["Normal"].font.size == docx.shared.Pt(12)
    assert q2.styles["Normal"].font.name == "Arial"
    assert q2.styles["Table Text"].font.size == docx.shared.Pt(10)
    assert q2.core_properties.language == "en-GB"
    styles = document_xml(q2_bytes, "word/styles.xml")
    langs = {lang.get(f"{W}val") for lang in styles.iter(f"{W}lang")}
    assert langs == {"en-GB"}
    settings = document_xml(q2_bytes, "word/settings.xml")
    assert settings.find(f"{W}themeFontLang").get(f"{W}val") == "en-GB"
    root = document_xml(q2_bytes)
    # the cells take their size from the table style: nothing smaller is set anywhere
    sizes = [int(s.get(f"{W}val")) for s in root.iter(f"{W}sz")]
    assert all(size >= 20 for size in sizes)
    table_style = q2.styles["Table Text"].style_id
    for paragraph in root.iter(f"{W}tc"):
        for p_style in paragraph.iter(f"{W}pStyle"):
            assert p_style.get(f"{W}val") in {table_style, "Caption"}  # captions of the charts
    for name in ("Heading 1", "Heading 2", "Heading 3", "Caption", "Header", "Footer", "Table Text"):
        size = q2.styles[name].font.size or q2.styles["Normal"].font.size
        assert size >= docx.shared.Pt(10), name


def contrast(hex_colour: str, background: str = "FFFFFF") -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    high, low = sorted((luminance(hex_colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_every_text_colour_has_enough_contrast(q2_bytes, q2):
    used = {p.style.name for p in q2.paragraphs} | {"Table Text", "Header", "Footer", "Caption"}
    styles = document_xml(q2_bytes, "word/styles.xml")
    for style in styles.iter(f"{W}style"):
        name = style.find(f"{W}name").get(f"{W}val")
        if name.lower() not in {u.lower() for u in used}:
            continue
        for colour in style.iter(f"{W}color"):
            value = colour.get(f"{W}val")
            if value != "auto":
                assert contrast(value) >= 4.5, (name, value)
    root = document_xml(q2_bytes)
    assert not [c for c in root.iter(f"{W}color") if c.get(f"{W}val") not in ("auto", "000000")]
    for fill in RAG_FILL.values():  # black text on every RAG shade
        assert contrast("000000", fill) >= 4.5


def test_no_whole_row_in_italics(q2_bytes):
    root = document_xml(q2_bytes)
    assert not list(root.iter(f"{W}i"))


def test_header_and_body_do_not_touch_in_either_orientation(q2):
    header = " ".join(p.text for p in q2.sections[0].header.paragraphs)
    assert 60 < len(header) < 160  # two lines on the portrait page, one on the landscape
    two_lines = docx.shared.Pt(10) * 1.2 * 2
    for section in q2.sections:
        assert section.header_distance + two_lines + docx.shared.Mm(3) < section.top_margin
        assert section.footer_distance + docx.shared.Pt(10) * 1.2 + docx.shared.Mm(3) < section.bottom_margin


def test_charts_are_drawn_at_200_dpi(q2):
    from PIL import Image

    for shape in q2.inline_shapes:
        blob = q2.part.related_parts[shape._inline.graphic.graphicData.pic.blipFill.blip.embed].blob
        pixels = Image.open(io.BytesIO(blob)).size[0]
        assert pixels / shape.width.inches >= 195


def test_briefing_front_settings_in_word(make_workspace):
    from test_report import BRIEFING_FRONT

    root = make_workspace({"pmplan.yaml": BRIEFING_FRONT})
    document = docx.Document(io.BytesIO(render_docx(q2_view(root))))
    texts = [p.text for p in document.paragraphs]
    for line in ("Agenda item: 7", "Portfolio holder: Cllr Sam Ahmed, Resources", "Wards affected: All wards",
                 "Key decision: No", "Status: Exempt: not for publication"):  # fmt: skip
        assert line in texts
    assert any("Schedule 12A" in t for t in texts)
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    # no options given (they are a period's, in its notes): no Options section
    assert headings[:7] == ["1. Summary", "2. Recommendations", "3. Key issues", "4. Consultation",
                            "5. Climate change", "6. Appendices", "7. Background papers"]  # fmt: skip


def test_fixed_shares_still_honoured_for_other_reports(tmp_path):
    from pmplan.report.docx.blocks import add_table
    from pmplan.report.docx.document import base_document, ensure_styles

    document = base_document(None)
    ensure_styles(document)
    table = add_table(document, "Two columns", ["A", "B"], [["x", "y"]], [1, 3], 4 * 12700 * 100)
    assert grid(table) == [2000, 6000]
    measured = add_table(
        document, "Measured", ["A", "B"], [["x", "a much longer text " * 5]], None, 12700 * 400
    )
    narrow, wide = grid(measured)
    assert narrow < wide and narrow + wide == 8000


def test_paragraphs_never_end_a_line_inside_a_reference_or_a_span():
    from pmplan.report.docx.blocks import add_heading, add_numbered
    from pmplan.report.docx.document import base_document, ensure_styles
    from pmplan.report.docx.ooxml import Run

    document = base_document(None)
    ensure_styles(document)
    point = add_numbered(
        document, "1.1", Run("The Strategy 2025-2028 - plan, and pm-audit:R6.b; self-assessment\tdone")
    )
    heading = add_heading(document, "Performance Management Strategy 2025-2028", 2)
    xml = point._p.xml
    assert xml.count("<w:noBreakHyphen/>") == 2  # 2025-2028, pm-audit: not the dash, not self-assessment
    assert point.text == "1.1\tThe Strategy 2025-2028 - plan, and pm-audit:R6.b; self-assessment\tdone"
    assert "<w:noBreakHyphen/>" in heading._p.xml and heading.text.endswith("2025-2028")
