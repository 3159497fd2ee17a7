"""A source row as the plan builder sees it, and the patterns that tell what a row's words are.

Patterns for recommendation and theme markers, numbered and lettered ids, totals and key rows
and table captions; :class:`Row` is one row of a block, :class:`Values` a row's cells by field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pmplan.exchange.importer.tables import Block, Cell

GROUP_MARKER = re.compile(
    r"^(recommendation|recc?|rec\.|theme|objective|priority area)s?\.?\s*(?:no\.?\s*)?"
    r"(\d{1,3}[a-z]?|(?-i:[A-Z]))(?![\w.])\s*([.:)\-–—]?)\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
PROGRESS_MARKER = re.compile(
    r"^progress(?:\s+(?:with|on|for|against|update|report|to\s+date|so\s+far|made))*"
    r"(?:\s+(?:rec(?:ommendation)?s?\.?|recc\.?|r)?\s*(\d{1,3}[a-z]?))?\s*[:.]?\s*$",
    re.IGNORECASE,
)
RESPONSE_MARKER = re.compile(
    r"^(?:management |council |officer |agreed )?response\s*(?:[:.\-–—]\s*(.*))?$", re.IGNORECASE | re.DOTALL
)
NUMBERED = re.compile(
    r"^(?:(?:rec(?:ommendation)?|recc|theme|objective)\.?\s*)?(R?\d{1,3}(?:\.\d{1,3})*[a-z]?)"
    r"(?:[.):\-–—]+\s*|\s+)(.*)$",
    re.IGNORECASE | re.DOTALL,
)
ID_ONLY = re.compile(
    r"^(?:(?:rec(?:ommendation)?|recc|theme|no)\.?\s*)?(R?\d{1,3}(?:\.\d{1,3})*[a-z]?)[.)]?$", re.I
)
LETTERED = re.compile(r"^([A-Z])[.):]\s+(\S.*)$", re.DOTALL)
LETTER = re.compile(r"^\(?([a-z])[).]\s+(.*)$", re.DOTALL)
ROMAN = re.compile(r"^\(?(i{1,3}|iv|vi{0,3}|ix|x)[).]\s+(.*)$", re.DOTALL)
LABEL_ONLY = re.compile(r"^\(?([a-z]|i{1,3}|iv|vi{0,3}|ix|x)[).]?$")
DOTTED_TITLE = re.compile(r"^(\d{1,2}(?:\.\d{1,3})+|\d{1,2}[.)])\s+(.*)$", re.DOTALL)
TOTALS = re.compile(
    r"^(?:grand\s+|sub-?\s*)?totals?\b|^sum\b|^count\b|^number of (?:actions|recommendations)\b|^overall\b",
    re.I,
)
KEY_ROW = re.compile(r"^(?:rag\s+|status\s+|colour\s+)?key\b\s*[:\-–—]?|^keys?\s*$", re.I)


@dataclass(slots=True)
class Row:
    block: Block
    index: int
    seq: int

    @property
    def cells(self) -> list[Cell]:
        return self.block.rows[self.index]

    @property
    def number(self) -> int:
        return self.block.numbers[self.index]

    @property
    def where(self) -> str:
        if self.block.kind == "paragraph":
            return self.block.where
        return f"{self.block.where} row {self.block.numbers[self.index]}"


@dataclass(slots=True)
class Values:
    """A row's cells by field: own words, words merged down from above, unrecognised columns."""

    own: dict[str, list[tuple[int, str]]]
    inherited: dict[str, list[tuple[int, str]]]
    extras: list[tuple[str, str]]

    def first(self, name: str) -> str:
        values = self.own.get(name)
        return values[0][1] if values else ""


def flat(cells: list[Cell]) -> str:
    return " | ".join(c.text.replace("\n", " ") for c in cells if c.text and not c.continued)
