"""The trend charts: honest axes, nothing drawn over anything else, the same drawing as a PNG
for Word (200 dpi) and as SVG for the web page."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from pmplan.report import build_report
from pmplan.report.charts import DPI, WIDTH_INCHES, describe, draw, trend_png, trend_svg, value_range
from pmplan.report.view.model import TrendPoint
from pmplan.workspace.index import load_workspace

ROOT = Path(__file__).resolve().parents[1]
AS_OF = date(2026, 11, 25)


@pytest.fixture(scope="module")
def charted():
    ws = load_workspace(ROOT)
    view = build_report(ws, ws.config.financial_year.parse("2026/27 Q2"), AS_OF)
    return [i for i in view.indicators if i.chart]


def test_every_axis_includes_zero():
    assert value_range([46.9, 47.0, 47.1])[0] == 0.0  # a 0.1-point move stays a 0.1-point move
    low, high = value_range([-3.0, 2.0])
    assert low < -3.0 and high > 2.0
    assert value_range([0.0, 0.0]) == (0.0, 1.15)


def test_the_view_says_what_is_charted_and_why(charted):
    ws = load_workspace(ROOT)
    view = build_report(ws, ws.config.financial_year.parse("2026/27 Q2"), AS_OF)
    assert view.trends_text.startswith("Charted: " + charted[0].id)
    assert "red, amber or getting worse" in view.trends_text and "starts at zero" in view.trends_text


def _boxes(figure):
    figure.canvas.draw()
    renderer = figure.canvas.get_renderer()
    axes = figure.axes[0]
    legend = figure.legends[0].get_window_extent(renderer)
    plot = axes.get_window_extent(renderer)
    texts = [t.get_window_extent(renderer) for t in figure.texts if t.get_text()]
    return plot, legend, texts, axes


def test_no_label_inside_the_plot_and_nothing_overlaps(charted):
    for row in charted:
        figure = draw(row)
        plot, legend, texts, axes = _boxes(figure)
        assert not axes.texts  # no value written over the lines
        assert not legend.overlaps(plot)
        for box in texts:
            assert not box.overlaps(plot) and not box.overlaps(legend)
        width, height = figure.bbox.width, figure.bbox.height
        for box in (legend, *texts):
            assert box.x0 >= 0 and box.y0 >= 0 and box.x1 <= width and box.y1 <= height
        assert axes.get_ylim()[0] == 0.0


def test_long_titles_wrap_without_touching_the_legend(charted):
    row = replace(charted[0], title="A very long indicator title " * 6)
    figure = draw(row)
    plot, legend, texts, _ = _boxes(figure)
    assert all(not box.overlaps(legend) and not box.overlaps(plot) for box in texts)


def test_png_for_word_at_200_dpi(charted):
    from PIL import Image

    image = Image.open(io.BytesIO(trend_png(charted[0])))
    assert image.size[0] == round(WIDTH_INCHES * DPI)
    assert round(image.info["dpi"][0]) == DPI


def test_svg_for_the_web_is_labelled_and_its_ids_are_unique(charted):
    first, second = trend_svg(charted[0], 1), trend_svg(charted[1], 2)
    for n, svg in ((1, first), (2, second)):
        assert svg.startswith("<svg") and 'role="img"' in svg
        assert f'aria-labelledby="chart{n}-title chart{n}-desc"' in svg
        assert f'<title id="chart{n}-title">Trend of ' in svg
        assert "<style" not in svg and "<metadata" not in svg and "<?xml" not in svg
        assert "Actual: " in svg  # the text is text, the legend's
    ids_first = set(re.findall(r'\sid="([^"]+)"', first))
    ids_second = set(re.findall(r'\sid="([^"]+)"', second))
    assert not ids_first & ids_second
    for ref in re.findall(r"url\(#([^)]+)\)", first):
        assert ref in ids_first
    assert trend_svg(charted[0], 1) == first  # deterministic


def test_the_same_drawing_in_both(charted):
    row = charted[0]
    svg = trend_svg(row, 1)
    legend = [t.get_text() for t in draw(row).legends[0].get_texts()]
    for label in legend:
        assert label.replace("&", "&amp;") in svg
    assert describe(row) in svg.replace("&amp;", "&")
    points = [
        TrendPoint("2025/26 Q1", 1.0, None),
        TrendPoint("2025/26 Q2", 2.0, None),
        TrendPoint("2025/26 Q3", 3.0, None),
    ]
    no_target = replace(row, trend=tuple(points))
    assert len(draw(no_target).legends[0].get_texts()) == 1


def test_drawing_says_nothing_on_stderr(tmp_path):
    """matplotlib warns on stderr for each text in a face it lacks: the charts use one it has."""
    import subprocess
    import sys

    for fmt in ("html", "docx"):
        out = tmp_path / f"q2.{fmt}"
        command = [sys.executable, "-m", "pmplan", "report", "q2", "--year", "2026/27", "--as-of", "2026-11-25",
                   "-f", fmt, "-o", str(out), "-w", str(ROOT)]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0
        assert done.stderr.strip().splitlines() == [f"Wrote {out}"]
