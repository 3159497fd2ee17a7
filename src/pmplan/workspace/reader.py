"""Reading YAML fast, with positions, and safely.

libyaml (PyYAML's C parser) reads the text into parse events; a small builder turns them
straight into plain dicts, lists and strings. Compared with PyYAML's own loader the builder

* keeps every scalar as the text the user typed (``id: 1.10`` stays ``"1.10"``); pydantic
  turns numbers and dates into numbers and dates where a field wants one;
* records where each mapping and each of its keys starts, under the key ``__pos__``
  (see :data:`POS_KEY`), so that every finding can name a line and column;
* refuses duplicate keys, absurd nesting and aliases that expand without bound;
* reads only the YAML 1.2 booleans (``true``/``false``): ``No`` stays the word "No".

Bad input never raises: :func:`read_yaml` returns a :class:`YamlProblem` instead.
"""

from __future__ import annotations

import os
import re
import stat
import sys
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from pmplan.workspace.syntax import explain, quoted

POS_KEY = "__pos__"
"""Key under which each mapping keeps its position: see :func:`key_position`."""
PROBLEM_KEY = "__problem__"
"""With ``parse_yaml(text, in_items=True)``, a mapping written in a way that loses what was
typed (a key given twice, text that YAML read as a tag or an anchor) holds ``(message,
line, column)`` under this key instead of failing the whole document, so that validation
leaves out only the item that holds it."""

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 50
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_NULL_TAGS = frozenset({"tag:yaml.org,2002:null", "!!null"})
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})

Pos = tuple[int, int, tuple[str, ...], bytes | tuple[int, ...]]
"""(line, column, keys, where each key is), 1-based. Kept compact, as every mapping of a
large workspace has one: ``keys`` is a tuple shared by all mappings with the same keys, and
each key's place is two bytes (lines below the mapping's start, column) where they fit in
a byte, else a tuple of (line, column) pairs."""

_SHAPES: dict[tuple[str, ...], tuple[str, ...]] = {}
_intern = sys.intern


def make_pos(line: int, column: int, keys: dict[str, tuple[int, int]]) -> Pos:
    shape = tuple(keys)
    shape = _SHAPES.setdefault(shape, shape)
    flat = [n for place in keys.values() for n in place]
    rows = flat[0::2]
    if all(0 <= r - line < 256 for r in rows) and all(c < 256 for c in flat[1::2]):
        for i in range(0, len(flat), 2):
            flat[i] -= line
        return (line, column, shape, bytes(flat))
    return (line, column, shape, tuple(flat))


def key_position(pos: Pos, key: str) -> tuple[int, int] | None:
    """Where ``key`` of the mapping with position ``pos`` is written, if it has that key."""
    line, _, shape, places = pos
    try:
        i = 2 * shape.index(key)
    except ValueError:
        return None
    if isinstance(places, bytes):
        return (line + places[i], places[i + 1])
    return (places[i], places[i + 1])


@dataclass(frozen=True, slots=True)
class Note:
    """Plain text that a ``#`` cut short: the rest of the line was read as a comment."""

    line: int
    column: int
    """Where the ``#`` is."""
    key: str | None
    kept: str
    """What YAML read: ``Trained``."""
    comment: str
    """What it dropped: ``#42 officers``."""


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """Why a file could not be read, and where (1-based)."""

    message: str
    line: int = 1
    column: int = 1
    kind: str | None = None
    """The file's ``kind:`` where its text gives one (what it would have defined)."""
    blank: bool = False
    """The file holds no plan data at all (empty, only comments, binary): it defines nothing."""


class _Problem(Exception):
    def __init__(self, message: str, line: int = 1, column: int = 1):
        super().__init__(message)
        self.problem = YamlProblem(message, line, column)


_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def decode(raw: bytes) -> str | YamlProblem:
    """Text of a plan file: UTF-8 with or without a BOM; never binary."""
    if b"\x00" in raw:
        return YamlProblem("this is a binary file, not YAML text (it holds NUL bytes)", blank=True)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return YamlProblem(
            f"this file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read); save it as UTF-8",
            line,
            column,
            kind=sniff_kind(raw.decode("latin-1")),
        )


def read_text(path: Path) -> str | YamlProblem:
    """The text of one file: a regular file, not too large, readable, UTF-8 (with or without
    a BOM). A FIFO, a device or a folder is refused unread: reading one could block for ever
    (a FIFO) or never end (``/dev/zero``)."""
    try:
        if problem := _not_regular(os.stat(path).st_mode):
            return YamlProblem(f"not read: it is {problem}, not a plan file")
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(fd, "rb") as handle:
            info = os.fstat(handle.fileno())
            if problem := _not_regular(info.st_mode):  # swapped for something else meanwhile
                return YamlProblem(f"not read: it is {problem}, not a plan file")
            if info.st_size > MAX_BYTES:
                return _too_large(info.st_size, handle.read(4096))
            raw = handle.read(MAX_BYTES + 1)
            if len(raw) > MAX_BYTES:
                return _too_large(len(raw), raw[:4096])
    except OSError as exc:
        return YamlProblem(f"cannot read the file: {exc.strerror or exc}")
    return decode(raw)


def _not_regular(mode: int) -> str | None:
    """What a file that is not a regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _too_large(size: int, head: bytes) -> YamlProblem:
    """A file over the limit; its kind is sniffed from its first lines, so that what it may
    define is known."""
    return YamlProblem(
        f"file is {size / 1048576:.1f} MB; pmplan reads plan files of up to "
        f"{MAX_BYTES / 1048576:g} MB: split it into several files",
        kind=sniff_kind(head.decode("utf-8", "replace")),
    )


def read_yaml(path: Path) -> Any | YamlProblem:
    """The data of one YAML file, or the problem that stops it being read."""
    text = read_text(path)
    return text if isinstance(text, YamlProblem) else parse_yaml(text)


def parse_yaml(text: str, in_items: bool = False, notes: list[Note] | None = None) -> Any | YamlProblem:
    """The data of one YAML document given as text, or the problem that stops it. A key
    repeated in a mapping, and text read as a tag or an anchor, are such problems, unless
    ``in_items`` (see :data:`PROBLEM_KEY`). ``notes`` collects plain text that a ``#``
    cut short (``text: Trained #42 officers`` reads as "Trained")."""
    if not text.strip():
        return YamlProblem("file is empty: a plan file starts with 'kind:'", blank=True)
    loader = _Loader(text)
    try:
        return _EventBuilder(loader, text, in_items, notes).document()
    except _Problem as exc:
        problem = exc.problem
    except yaml.MarkedYAMLError as exc:
        problem = explain(_marked_problem(exc), text)
    except yaml.YAMLError as exc:
        problem = YamlProblem(f"YAML error: {exc}")
    finally:
        loader.dispose()
    return replace(problem, kind=sniff_kind(text)) if not problem.blank else problem


_KIND_LINE = re.compile(r"^kind:[ \t]*['\"]?([A-Za-z-]+)", re.MULTILINE)


def sniff_kind(text: str) -> str | None:
    """The ``kind:`` a file that cannot be parsed says it is, if a line says so."""
    found = _KIND_LINE.search(text)
    return found.group(1) if found else None


def _marked_problem(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    if exc.problem and "nesting depth" in exc.problem:
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return YamlProblem(
            "the YAML nests too deep: flatten it (plan files need only a few levels)", line, column
        )
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "YAML syntax error: " + "; ".join(parts) if parts else "YAML syntax error"
    if exc.context_mark is not None and exc.problem_mark is not None and exc.context:
        message += f" (the {exc.context.split()[-1]} starts on line {exc.context_mark.line + 1})"
    if mark is None:
        return YamlProblem(message)
    return YamlProblem(message, mark.line + 1, mark.column + 1)


class _Frame:
    """A mapping or sequence being built."""

    __slots__ = ("anchor", "column", "is_map", "key", "keys", "line", "merges", "size", "value")

    def __init__(self, is_map: bool, line: int, column: int, anchor: str | None):
        self.is_map = is_map
        self.value: Any = {} if is_map else []
        self.keys: dict[str, tuple[int, int]] = {}
        self.key: str | None = None
        self.merges: list[Any] | None = None
        self.line, self.column, self.anchor = line, column, anchor
        self.size = 1


_MERGE_KEY = object()
_DUPLICATE = object()
_CUT = re.compile(r"^([ \t]+)(#[^\s#!].*)$")


def _cut_lines(text: str) -> frozenset[int]:
    """0-based numbers of the lines where a word is followed by `` #x`` (a ``#`` with no
    space after it): text there may have been cut short by YAML reading a comment."""
    found = set()
    for match in re.finditer(r"[^\s#][ \t]+#[^\s#!]", text):
        found.add(text.count("\n", 0, match.start()))
    return frozenset(found)


class _EventBuilder:
    """Builds dicts, lists and str straight from libyaml's parse events.

    Working from events rather than composed nodes skips PyYAML's Python resolver and node
    objects: scalars are kept as typed, so only null and the YAML 1.2 booleans need reading.
    """

    __slots__ = (
        "anchors",
        "budget",
        "cut_lines",
        "in_items",
        "loader",
        "notes",
        "scalar_anchors",
        "stack",
        "text",
        "used",
    )

    def __init__(self, loader: Any, text: str, in_items: bool = False, notes: list[Note] | None = None):
        self.loader = loader
        self.text = text
        self.in_items = in_items
        self.notes = notes
        self.stack: list[_Frame] = []
        self.anchors: dict[str, tuple[Any, int]] = {}
        self.scalar_anchors: dict[str, tuple[_Frame | None, tuple[str, int, int]]] = {}
        self.used: set[str] = set()
        # Lines where text may run on into a `#` (only those are looked at).
        self.cut_lines = _cut_lines(text) if notes is not None and "#" in text else frozenset()
        # Aliases share values; a few "billion laughs" lines would otherwise expand into
        # billions of values when validated. Allow generous reuse, never unbounded.
        self.budget = 100_000 + 20 * len(text)

    def document(self) -> Any:
        get = self.loader.get_event
        get()  # stream start
        event = get()
        if isinstance(event, yaml.StreamEndEvent):
            return YamlProblem("file holds no YAML data: a plan file starts with 'kind:'", blank=True)
        root = self.node()
        get()  # document end
        event = get()
        if not isinstance(event, yaml.StreamEndEvent):
            raise _Problem(
                "this file holds more than one YAML document ('---'): put each in its own file",
                line=event.start_mark.line + 1,
                column=event.start_mark.column + 1,
            )
        for name, (frame, message) in self.scalar_anchors.items():
            if name not in self.used:  # `title: &more text`: '&more' was dropped, not meant
                self.lost(frame, message)
        return root

    def lost(self, frame: _Frame | None, problem: tuple[str, int, int]) -> None:
        """Something typed was lost: the item holding it is left out (``in_items``), or the
        whole document fails."""
        if not self.in_items or frame is None:
            raise _Problem(*problem)
        if PROBLEM_KEY not in frame.value:
            frame.value[PROBLEM_KEY] = problem

    def holder(self) -> _Frame | None:
        """The innermost mapping being built."""
        return next((f for f in reversed(self.stack) if f.is_map), None)

    def typed(self, event: Any) -> tuple[str, str]:
        """(the key the scalar is the value of, the scalar's line as typed from its start)."""
        start = event.start_mark.index
        end = self.text.find("\n", start)
        raw = self.text[start : end if end >= 0 else len(self.text)].rstrip("\r").strip()
        if " #" in raw:
            raw = raw[: raw.index(" #")].rstrip()
        frame = self.stack[-1] if self.stack else None
        key = frame.key if frame is not None and frame.is_map and isinstance(frame.key, str) else "text"
        return key, raw

    def check_scalar(self, event: Any) -> None:
        """Text YAML read as a tag (``!important``) or an anchor (``&more``), and text a
        ``#`` cut short: what was typed is not what was read."""
        if event.tag and event.tag.startswith("!") and not event.tag.startswith("!!") and not event.style:
            key, raw = self.typed(event)
            self.lost(
                self.holder(),
                (
                    f"text that starts with '!' must be in quotes (YAML reads '{event.tag}' as a tag and "
                    f"drops it): write {key}: {quoted(raw)}",
                    event.start_mark.line + 1,
                    event.start_mark.column + 1,
                ),
            )
        if event.anchor and not event.style:
            key, raw = self.typed(event)
            self.scalar_anchors[event.anchor] = (
                self.holder(),
                (
                    f"text that starts with '&' must be in quotes (YAML reads '&{event.anchor}' as an anchor "
                    f"name and drops it): write {key}: {quoted(raw)}",
                    event.start_mark.line + 1,
                    event.start_mark.column + 1,
                ),
            )
        if event.end_mark.line in self.cut_lines and not event.style and self.notes is not None:
            end = event.end_mark.index
            line_end = self.text.find("\n", end)
            after = self.text[end : line_end if line_end >= 0 else len(self.text)].rstrip("\r")
            match = _CUT.match(after)
            if match is not None and event.start_mark.line == event.end_mark.line:
                parent = self.stack[-1] if self.stack else None
                named = (
                    parent.key
                    if parent is not None and parent.is_map and isinstance(parent.key, str)
                    else None
                )
                self.notes.append(
                    Note(
                        event.end_mark.line + 1,
                        event.end_mark.column + len(match.group(1)) + 1,
                        named,
                        event.value,
                        match.group(2).rstrip(),
                    )
                )

    def node(self) -> Any:
        """Build the node that starts with the next event."""
        get = self.loader.get_event
        stack = self.stack
        while True:
            event = get()
            kind = type(event)
            if kind is yaml.ScalarEvent:
                if stack and stack[-1].is_map and stack[-1].key is None:
                    self.key(stack[-1], event)
                    continue
                value = _scalar(event)
                if event.anchor:
                    self.anchors[event.anchor] = (value, 1)
                if event.tag or event.anchor or self.cut_lines:
                    self.check_scalar(event)
                size = 1
            elif kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                if len(stack) >= MAX_DEPTH:
                    raise _Problem(
                        f"the YAML nests more than {MAX_DEPTH} levels deep",
                        line=event.start_mark.line + 1,
                        column=event.start_mark.column + 1,
                    )
                if stack and stack[-1].is_map and stack[-1].key is None:
                    raise _Problem(
                        "a key must be plain text, not a list or mapping",
                        line=event.start_mark.line + 1,
                        column=event.start_mark.column + 1,
                    )
                mark = event.start_mark
                stack.append(
                    _Frame(kind is yaml.MappingStartEvent, mark.line + 1, mark.column + 1, event.anchor)
                )
                continue
            elif kind is yaml.MappingEndEvent or kind is yaml.SequenceEndEvent:
                frame = stack.pop()
                value, size = self.finish(frame), frame.size
                if frame.anchor:
                    self.anchors[frame.anchor] = (value, size)
            elif kind is yaml.AliasEvent:
                if event.anchor not in self.anchors:
                    raise _Problem(
                        f"alias *{event.anchor} names no anchor above it: if '*{event.anchor}' is text, "
                        "put it in quotes (YAML reads '*' at the start of a value as a reference)",
                        line=event.start_mark.line + 1,
                        column=event.start_mark.column + 1,
                    )
                value, size = self.anchors[event.anchor]
                self.used.add(event.anchor)
                if stack and stack[-1].is_map and stack[-1].key is None:
                    raise _Problem(
                        "an alias cannot be a key",
                        line=event.start_mark.line + 1,
                        column=event.start_mark.column + 1,
                    )
                self.budget -= size
                if self.budget < 0:
                    raise _Problem(
                        "YAML aliases expand without bound (an alias 'bomb'): remove the anchors",
                        line=event.start_mark.line + 1,
                        column=event.start_mark.column + 1,
                    )
            else:  # pragma: no cover - libyaml sends nothing else inside a document
                raise _Problem(f"unexpected YAML event {kind.__name__}")
            if not stack:
                return value
            self.add(stack[-1], value, size)

    def key(self, frame: _Frame, event: Any) -> None:
        key = _intern(event.value)  # keys repeat in every item: keep one copy
        mark = event.start_mark
        if key == "<<" and event.implicit[0]:
            frame.key = _MERGE_KEY  # type: ignore[assignment]
            return
        if key in frame.keys and self.in_items:
            frame.key = _DUPLICATE  # type: ignore[assignment]
            self.lost(
                frame,
                (
                    f"duplicate key '{key}' (first given on line {frame.keys[key][0]}): YAML keeps only one "
                    "of them: remove one",
                    mark.line + 1,
                    mark.column + 1,
                ),
            )
            return
        if key in frame.keys:
            raise _Problem(
                f"duplicate key '{key}' (first given on line {frame.keys[key][0]}): "
                "YAML keeps only one of them",
                line=mark.line + 1,
                column=mark.column + 1,
            )
        frame.key = key
        frame.keys[key] = (mark.line + 1, mark.column + 1)

    @staticmethod
    def add(frame: _Frame, value: Any, size: int) -> None:
        frame.size += size
        if not frame.is_map:
            frame.value.append(value)
            return
        key, frame.key = frame.key, None
        if key is _DUPLICATE:
            return
        if key is _MERGE_KEY:
            sources = value if isinstance(value, list) else [value]
            if not all(isinstance(v, dict) for v in sources):
                raise _Problem("'<<' merges only mappings", line=frame.line, column=frame.column)
            frame.merges = (frame.merges or []) + sources
        else:
            frame.value[key] = value

    @staticmethod
    def finish(frame: _Frame) -> Any:
        value = frame.value
        if not frame.is_map:
            return value
        for source in frame.merges or ():
            for key, item in source.items():
                if key not in (POS_KEY, PROBLEM_KEY) and key not in value:
                    value[key] = item
                    frame.keys[key] = key_position(source[POS_KEY], key) or (frame.line, frame.column)
        value[POS_KEY] = make_pos(frame.line, frame.column, frame.keys)
        return value


def _scalar(event: Any) -> Any:
    """A scalar as typed; only null and true/false are read, and only when plain."""
    value = event.value
    if event.implicit[0] and not event.style:
        if value in _NULLS:
            return None
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
    elif event.tag in _NULL_TAGS:
        return None
    # Short words (statuses, ids, units) repeat thousands of times in a large workspace.
    return _intern(value) if len(value) <= 12 else value


def position(data: Any, loc: tuple[int | str, ...]) -> tuple[int, int]:
    """The best (line, column) for a path into data built by :func:`parse_yaml`.

    Walks as far down ``loc`` as the data goes; a key points at the key, a list item at
    the item where it is a mapping, else at the list's own key.
    """
    best = (1, 1)
    current = data
    for part in loc:
        if isinstance(current, dict):
            pos = current.get(POS_KEY)
            if pos is not None:
                found = key_position(pos, part) if isinstance(part, str) else None
                best = found or (pos[0], pos[1])
            if part not in current:
                return best
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
            if isinstance(current, dict) and POS_KEY in current:
                best = current[POS_KEY][0], current[POS_KEY][1]
        else:
            return best
    return best
