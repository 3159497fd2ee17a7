"""Trend charts of indicators for the Word report (matplotlib, Agg, no pyplot, no global state).

Imported only when a Word report is rendered: matplotlib is slow to import.
"""

from __future__ import annotations

import io
import math
import multiprocessing
import os
import textwrap
import warnings
from concurrent.futures import Future

from pmplan.report.view.model import IndicatorRow
from pmplan.report.view.text import format_value


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


def trend_png(row: IndicatorRow) -> bytes:
    """A line chart of the indicator's actuals against its targets, period by period."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    points = row.trend
    x = list(range(len(points)))
    actuals = [p.actual for p in points]
    targets = [p.target if p.target is not None else math.nan for p in points]
    figure = Figure(figsize=(5.6, 2.9), dpi=120)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    if any(not math.isnan(t) for t in targets):
        axes.plot(x, targets, marker="s", markersize=4, linestyle="--", linewidth=1.2, color="#6f777b",
                  label="Target")  # fmt: skip
    axes.plot(x, actuals, marker="o", linewidth=2, color="#1d4f91", label="Actual", zorder=3)
    axes.annotate(
        format_value(actuals[-1], row.unit),
        (x[-1], actuals[-1]),
        textcoords="offset points",
        xytext=(0, 7),
        ha="center",
        fontsize=7,
    )
    axes.set_xticks(x, [_plain(p.period.replace(" ", "\n")) for p in points], fontsize=7)
    axes.tick_params(axis="y", labelsize=7)
    label = "; ".join(t for t in (row.unit, row.polarity_text.lower()) if t)
    axes.set_ylabel(_plain(label), fontsize=7)
    title = textwrap.shorten(f"{row.id} {row.title}", width=110, placeholder="…")
    axes.set_title(_plain("\n".join(textwrap.wrap(title, 60))), fontsize=8, loc="left")
    axes.grid(axis="y", alpha=0.3)
    axes.spines[["top", "right"]].set_visible(False)
    axes.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.02), borderaxespad=0)
    figure.subplots_adjust(left=0.11, right=0.84, top=0.82, bottom=0.2)  # tight_layout is slow
    buffer = io.BytesIO()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a glyph the font lacks (an emoji) is not an error
        figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()


def describe(row: IndicatorRow) -> str:
    """Alternative text for the chart: what it shows, in words."""
    values = "; ".join(
        f"{p.period}: {format_value(p.actual, row.unit)}"
        + (f" (target {format_value(p.target, row.unit)})" if p.target is not None else "")
        for p in row.trend
    )
    return f"Trend of {row.id} {row.title}. {values}."
