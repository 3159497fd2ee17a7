"""Red/amber/green and direction of travel for indicator values."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

Rag = Literal["red", "amber", "green"]
Direction = Literal["improving", "worsening", "unchanged"]
_EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class RagReading:
    rag: Rag
    reason: str
    """The rule that set it, in words:
    '46.9 against a target of 48: 2.3% short, within the 3% tolerance: amber'."""


def _number(value: float) -> str:
    return f"{value:g}"


def quantitative_rag(
    actual: float,
    target: float,
    polarity: str,
    tolerance: float,
    number: Callable[[float], str] = _number,
) -> RagReading:
    """Green when the actual meets or beats the target in the polarity's direction; amber when it
    misses by no more than ``tolerance`` percent of the target; red beyond that. ``number``
    writes the actual and the target (a report gives them their unit: ``106 kg``)."""
    shortfall = (target - actual) if polarity == "higher" else (actual - target)
    head = f"{number(actual)} against a target of {number(target)}"
    if shortfall <= _EPSILON:
        return RagReading("green", f"{head}: target met: green")
    percent = shortfall / abs(target) * 100 if target else float("inf")
    short = "short" if polarity == "higher" else "over"
    shown = "" if percent == float("inf") else f"{percent:.1f}% {short}, "
    if percent <= tolerance + _EPSILON:
        return RagReading("amber", f"{head}: {shown}within the {_number(tolerance)}% tolerance: amber")
    return RagReading("red", f"{head}: {shown}beyond the {_number(tolerance)}% tolerance: red")


def direction(current: float, previous: float, polarity: str) -> Direction:
    """Improving, worsening or unchanged, in the polarity's direction."""
    change = current - previous
    if abs(change) <= _EPSILON * max(1.0, abs(previous)):
        return "unchanged"
    better = change > 0 if polarity == "higher" else change < 0
    return "improving" if better else "worsening"
