"""Trend charts of indicators: one drawing, as a PNG for Word and as SVG for the web page
(matplotlib, Agg, no pyplot, no global state).

The view model decides which indicators are charted (:attr:`IndicatorRow.chart`); this
module only draws them, the same way for every format:

- the value axis always includes zero (it starts at zero for every measure that cannot go
  below it), so that a 0.1-point move looks like one;
- no label is drawn inside the plot: the latest actual and its target are in the legend,
  above the plot, so that no label can hide a marker, a line or another label;
- text is at least 9 pt at the size the chart is printed (5 inches wide), and the PNG is
  drawn at 200 dots per inch.

Imported only when a report with charts is rendered: matplotlib is slow to import.
"""

from __future__ import annotations

import functools
import io
import math
import multiprocessing
import os
import re
import warnings
from concurrent.futures import Future
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape, quoteattr

from pmplan.report.columns import text_width
from pmplan.report.view.model import IndicatorRow
from pmplan.report.view.text import format_value

if TYPE_CHECKING:
    from matplotlib.figure import Figure

WIDTH_INCHES, HEIGHT_INCHES = 5.0, 2.9
"""The size the chart is printed at in Word (half the landscape page): its type sizes are true."""

DPI = 200
ACTUAL_COLOUR, TARGET_COLOUR = "#1d4f91", "#505a5f"
"""Dark blue and dark grey: both well over 3:1 against white, and told apart by their markers
and line styles as well as their colours."""
FONT = ["Arial", "Liberation Sans", "DejaVu Sans"]
TEXT_POINTS, TICK_POINTS = 10, 9


class ChartWorker:
    """A second process that draws the trend charts while this one builds the document.

    Started before the workspace is loaded, it imports matplotlib (slow) in the meantime.
    None where there is one core or no ``fork``: the charts are then drawn in this process.
    """

    def __init__(self) -> None:
        import concurrent.futures

        context = multiprocessing.get_context("fork")
        self.pool = concurrent.futures.ProcessPoolExecutor(1, mp_context=context)
        self.pool.submit(_import_matplotlib)

    @classmethod
    def start(cls) -> ChartWorker | None:
        if (os.cpu_count() or 1) < 2 or "fork" not in multiprocessing.get_all_start_methods():
            return None
        return cls()

    def draw(self, rows: list[IndicatorRow]) -> Future[dict[str, bytes]]:
        return self.pool.submit(draw_all, rows)

    def close(self) -> None:
        self.pool.shutdown(cancel_futures=True)


def _import_matplotlib() -> None:
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401


def draw_all(rows: list[IndicatorRow]) -> dict[str, bytes]:
    """Every row's chart as PNG bytes, by indicator id."""
    return {row.id: trend_png(row) for row in rows}


def _plain(text: str) -> str:
    """Text matplotlib shows as written: no mathtext from ``$``."""
    return text.replace("\\", "\\\\").replace("$", r"\$")


@functools.cache
def _face() -> str:
    """The first of :data:`FONT` that this machine has (matplotlib warns on every text drawn
    in a face it cannot find, so it is given one it can)."""
    from matplotlib import font_manager

    names = {font.name for font in font_manager.fontManager.ttflist}
    return next((face for face in FONT if face in names), "DejaVu Sans")


def _style() -> Any:
    """matplotlib's settings for every chart (typed Any: its stubs list every key)."""
    return {
        "font.family": [_face()],
        "font.size": TEXT_POINTS,
        "svg.fonttype": "none",
        "axes.unicode_minus": False,
    }


def value_range(values: list[float]) -> tuple[float, float]:
    """The value axis: from zero (or below it, for values below zero) to a little above the
    highest value, so that the chart never magnifies a small change."""
    low, high = min([0.0, *values]), max([0.0, *values])
    if high == low:
        high = low + 1
    return (low * 1.1 if low < 0 else 0.0), high * 1.15 if high > 0 else 0.0


def draw(row: IndicatorRow) -> Figure:
    """The chart of an indicator's actuals against its targets, period by period, in the
    charts' type (whatever matplotlib's settings outside)."""
    import matplotlib

    with matplotlib.rc_context(_style()):
        return _draw(row)


def _draw(row: IndicatorRow) -> Figure:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    points = row.trend
    x = list(range(len(points)))
    actuals = [p.actual for p in points]
    targets = [p.target if p.target is not None else math.nan for p in points]
    figure = Figure(figsize=(WIDTH_INCHES, HEIGHT_INCHES), dpi=DPI)
    FigureCanvasAgg(figure)
    points_high = HEIGHT_INCHES * 72
    title = _wrap(f"{row.id} {row.title}", TEXT_POINTS, 0.94 * WIDTH_INCHES * 72)
    figure.text(0.02, 1 - 6 / points_high, _plain("\n".join(title)), fontsize=TEXT_POINTS,
                fontweight="bold", va="top", linespacing=1.2)  # fmt: skip
    last = points[-1]
    has_target = any(not math.isnan(t) for t in targets)
    target_label = "Target" + (f": {format_value(last.target, row.unit)}" if last.target is not None else "")
    actual_label = f"Actual: {format_value(last.actual, row.unit)} in {last.period}"
    labels = [target_label, actual_label] if has_target else [actual_label]
    # one row for the legend where both entries fit across the figure, else one entry a row
    across = sum(text_width(label, TICK_POINTS) + 3.6 * TICK_POINTS for label in labels) + 2 * TICK_POINTS
    columns = len(labels) if across < (0.96 - 0.11) * WIDTH_INCHES * 72 else 1
    legend_top = 1 - (10 + 13 * len(title)) / points_high
    axes_top = legend_top - (12 + 14 * (len(labels) // columns)) / points_high
    bottom = 34 / points_high
    axes = figure.add_axes((0.13, bottom, 0.83, axes_top - bottom))
    last = points[-1]
    has_target = any(not math.isnan(t) for t in targets)
    if has_target:
        target_label = "Target" + (
            f": {format_value(last.target, row.unit)}" if last.target is not None else ""
        )
        axes.plot(x, targets, marker="s", markersize=5, linestyle="--", linewidth=1.4, color=TARGET_COLOUR,
                  label=_plain(target_label))  # fmt: skip
    axes.plot(x, actuals, marker="o", markersize=6, linewidth=2.2, color=ACTUAL_COLOUR,
              label=_plain(actual_label), zorder=3)  # fmt: skip
    axes.set_ylim(*value_range(actuals + [t for t in targets if not math.isnan(t)]))
    axes.set_xlim(-0.4, len(points) - 0.6)
    ticks = [_plain(p.period.replace(" ", "\n")) for p in points]
    if len(points) > 6:  # every other period, always the latest, so that labels never touch
        ticks = [tick if (len(points) - 1 - i) % 2 == 0 else "" for i, tick in enumerate(ticks)]
    axes.set_xticks(x, ticks, fontsize=TICK_POINTS)
    axes.tick_params(axis="y", labelsize=TICK_POINTS)
    label = "; ".join(t for t in (row.unit, row.polarity_text.lower()) if t)
    if label:
        axes.set_ylabel(_plain(label), fontsize=TICK_POINTS)
    axes.grid(axis="y", color="#b1b4b6", linewidth=0.6)
    axes.set_axisbelow(True)
    axes.spines[["top", "right"]].set_visible(False)
    figure.legend(loc="upper left", bbox_to_anchor=(0.11, legend_top), ncols=columns,
                  frameon=False, fontsize=TICK_POINTS, handlelength=2.4, borderaxespad=0)  # fmt: skip
    return figure


def _wrap(text: str, size: float, width: float, most: int = 2) -> list[str]:
    """``text`` in bold broken into lines no wider than ``width`` points, at most ``most``
    of them (the last shortened with an ellipsis)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", size, bold=True) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    if len(lines) > most:
        lines = lines[:most]
        while text_width(lines[-1] + " …", size, bold=True) > width and " " in lines[-1]:
            lines[-1] = lines[-1].rsplit(" ", 1)[0]
        lines[-1] += " …"
    return lines


def trend_png(row: IndicatorRow) -> bytes:
    """The chart as a PNG at :data:`DPI` dots per inch, for Word."""
    import matplotlib

    with matplotlib.rc_context(_style()):
        figure = draw(row)
        buffer = io.BytesIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # a glyph the font lacks (an emoji) is not an error
            figure.savefig(buffer, format="png", dpi=DPI, metadata={"Software": None})
    return buffer.getvalue()


def trend_svg(row: IndicatorRow, number: int) -> str:
    """The chart as SVG to put inside a web page: its text as text, labelled for screen
    readers by a title and a description (:func:`describe`), ids unique on the page."""
    import matplotlib

    prefix = f"chart{number}"
    style = {**_style(), "svg.hashsalt": prefix, "svg.id": prefix}
    with matplotlib.rc_context(style):
        figure = draw(row)
        buffer = io.StringIO()
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"<metadata>.*?</metadata>\s*", "", svg, flags=re.S)
    svg = re.sub(r"<style[^>]*>.*?</style>\s*", "", svg, flags=re.S)
    svg = re.sub(r'font-family:\s*[^;"]*', "font-family: Arial, 'Liberation Sans', sans-serif", svg)
    svg = re.sub(r"font:\s*([\d.]+px)\s*'[^']*'", r"font: \1 Arial, 'Liberation Sans', sans-serif", svg)
    svg = _prefix_ids(svg, prefix)
    head, _, rest = svg.partition(">")
    head = re.sub(r'\s(width|height)="[^"]*"', "", head)
    labels = f"{prefix}-title {prefix}-desc"
    title = escape(f"Trend of {row.id} {row.title}")
    opening = (
        f'{head} role="img" aria-labelledby={quoteattr(labels)} class="chart">'
        f'<title id="{prefix}-title">{title}</title><desc id="{prefix}-desc">{escape(describe(row))}</desc>'
    )
    return opening + rest


def _prefix_ids(svg: str, prefix: str) -> str:
    """Every id in the drawing (and every reference to one) made unique on the page."""
    ids = set(re.findall(r'\sid="([^"]+)"', svg)) - {prefix}
    if not ids:
        return svg
    names = "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
    svg = re.sub(rf'(\sid=")({names})"', rf'\1{prefix}-\2"', svg)
    return re.sub(rf"#({names})(?=[\"')])", rf"#{prefix}-\1", svg)


def describe(row: IndicatorRow) -> str:
    """Alternative text for the chart: what it shows, in words."""
    values = "; ".join(
        f"{p.period}: {format_value(p.actual, row.unit)}"
        + (f" (target {format_value(p.target, row.unit)})" if p.target is not None else "")
        for p in row.trend
    )
    return f"Trend of {row.id} {row.title}. {values}."
