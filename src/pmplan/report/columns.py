"""Column widths measured from what each column holds, for the Word and HTML tables.

A column is never narrower than its longest word (so that no word is broken inside, unless a
single token is wider than a third of the table), nor wider than its longest paragraph set on
one line. Between those bounds the width left over goes to the columns in proportion to the
text they hold on average, which evens out the number of lines a row needs across its cells:
the column of progress updates gets the room, the date column just enough for a date.

Text is measured with the widths of Arial (Helvetica's metrics, which Liberation Sans shares):
the report's face, and the face LibreOffice substitutes for it. A council's own base document
with another face is measured as if it were Arial, which is close enough for proportions.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

# Advance widths (1/1000 em) of the printable ASCII characters, from space to tilde.
_REGULAR = (
    "278 278 355 556 556 889 667 222 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 "
    "556 556 556 278 278 584 584 584 556 1015 667 667 722 722 667 611 778 722 278 500 667 556 833 "
    "722 778 667 778 722 667 611 722 667 944 667 667 611 278 278 278 469 556 222 556 556 500 556 "
    "556 278 556 556 222 222 500 222 833 556 556 556 556 333 500 278 556 500 722 500 500 500 334 "
    "260 334 584"
)
_BOLD = (
    "278 333 474 556 556 889 722 278 333 333 389 584 278 333 278 278 556 556 556 556 556 556 556 "
    "556 556 556 333 333 584 584 584 611 975 722 722 722 722 667 611 778 722 278 556 722 611 833 "
    "722 778 667 778 722 667 611 722 667 944 667 667 611 333 278 333 584 556 278 556 611 556 611 "
    "556 333 611 611 278 278 556 278 889 611 611 611 611 389 556 333 611 556 778 556 556 500 389 "
    "280 389 584"
)


def _table(widths: str) -> tuple[int, ...]:
    """Widths for byte values 0-255 (Latin-1); anything else is measured as ``?`` is."""
    ascii_ = [int(w) for w in widths.split()]
    table = [556] * 256
    table[32:127] = ascii_
    table[0xA0] = ascii_[0]  # no-break space
    return tuple(table)


_WIDTHS = {False: _table(_REGULAR), True: _table(_BOLD)}
_BREAKS = re.compile(r"[ \t\n]+")
"""Where a line may break: not at a no-break space (dates are kept on one line)."""

CELL_PADDING = 12.0
"""Points a cell adds to its text: Word's default margins (5.4 pt a side) and a border."""


def text_width(text: str, size: float, bold: bool = False) -> float:
    """The width in points of ``text`` set on one line in Arial at ``size`` points."""
    table = _WIDTHS[bold]
    return sum(map(table.__getitem__, text.encode("latin-1", "replace"))) * size / 1000


class Piece(Protocol):
    """A run of text in a cell, for measuring: its words and whether it is bold (the Word
    writer's runs are pieces as they are)."""

    @property
    def text(self) -> str: ...

    @property
    def bold(self) -> bool: ...


@dataclass(frozen=True, slots=True)
class Text:
    """A piece of text to measure."""

    text: str
    bold: bool = False


Cell = Sequence[Sequence[Piece]]
"""A cell's paragraphs, each a sequence of pieces."""


@dataclass(slots=True)
class Column:
    """What a column needs, in points: ``least`` for its longest word, ``most`` for its
    longest paragraph on one line, ``mean`` for the text of an average cell."""

    least: float = 0.0
    most: float = 0.0
    total: float = 0.0
    cells: int = 0

    @property
    def mean(self) -> float:
        return self.total / self.cells if self.cells else 0.0

    def add(self, cell: Cell, size: float) -> None:
        length = 0.0
        for paragraph in cell:
            width = 0.0
            for piece in paragraph:
                piece_width = text_width(piece.text, size, piece.bold)
                width += piece_width
                if piece_width > self.least:  # else no word of it can be wider
                    self.least = max(self.least, _longest_word(piece.text, size, piece.bold))
            self.most = max(self.most, width)
            length += width
        self.total += length
        self.cells += 1


def _longest_word(text: str, size: float, bold: bool) -> float:
    if " " not in text and "\n" not in text and "\t" not in text:
        return text_width(text, size, bold)
    words = _BREAKS.split(text)
    most = max(map(len, words))
    # the widest of the words with the most letters, and of those nearly as long
    return max(text_width(w, size, bold) for w in words if len(w) * 5 >= most * 3)


def measure(header: Sequence[str], rows: Sequence[Sequence[Cell]], size: float) -> list[Column]:
    """The needs of each column of a table whose header row is bold."""
    columns = [Column() for _ in header]
    for column, text in zip(columns, header, strict=True):
        column.add([[Text(text, bold=True)]], size)
        column.cells, column.total = 0, 0.0  # the header sets the least width, not the share
    for row in rows:
        for column, cell in zip(columns, row, strict=True):
            column.add(cell, size)
    return columns


def widths(columns: Sequence[Column], total: float, padding: float = CELL_PADDING) -> list[float]:
    """Widths in points that add up to ``total``: every column at least its longest word
    (a token longer than a third of the table may break), then the rest shared by how much
    text each column holds, no column wider than its longest paragraph until all are."""
    cap = total / 3
    least = [min(c.least, cap) + padding for c in columns]
    most = [max(c.most + padding, low) for c, low in zip(columns, least, strict=True)]
    if sum(least) >= total:
        scale = total / sum(least)
        return [w * scale for w in least]
    result = list(least)
    weight = [max(c.mean, 1.0) for c in columns]
    open_ = {i for i in range(len(columns)) if most[i] > result[i]}
    spare = total - sum(result)
    while spare > 1e-6 and open_:
        share = sum(weight[i] for i in open_)
        capped = {i for i in open_ if result[i] + spare * weight[i] / share >= most[i]}
        if not capped:
            for i in open_:
                result[i] += spare * weight[i] / share
            spare = 0.0
            break
        for i in capped:
            spare -= most[i] - result[i]
            result[i] = most[i]
        open_ -= capped
    if spare > 1e-6:  # every column holds its longest paragraph: share out what is left
        share = sum(result)
        result = [w + spare * w / share for w in result]
    return result
