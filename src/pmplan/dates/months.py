"""Month names, and reading a month as people write it (``Feb``, ``February``, ``2``)."""

from __future__ import annotations

NAMES = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
ABBREVIATIONS = tuple(name[:3] for name in NAMES)
"""``Jan`` .. ``Dec``: the months of a reporting calendar as plan files write them."""

_BY_NAME = (
    {name.lower(): i + 1 for i, name in enumerate(NAMES)}
    | {abbr.lower(): i + 1 for i, abbr in enumerate(ABBREVIATIONS)}
    | {"sept": 9}
)


def month_number(text: str) -> int | None:
    """1-12 for ``Feb``, ``February``, ``feb.``, ``Sept`` or ``2``; None for anything else."""
    value = str(text).strip().lower().rstrip(".")
    if value.isdigit():
        return int(value) if 1 <= int(value) <= 12 else None
    return _BY_NAME.get(value)
