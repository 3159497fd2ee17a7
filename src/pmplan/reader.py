"""Reading YAML fast, with positions, and safely.

libyaml (PyYAML's C parser) composes the node tree; a small builder turns it into plain
dicts, lists and strings. Compared with PyYAML's own constructor the builder

* keeps every scalar as the text the user typed (``id: 1.10`` stays ``"1.10"``); pydantic
  turns numbers and dates into numbers and dates where a field wants one;
* records where each mapping and each of its keys starts, under the key ``__pos__``
  (see :data:`POS_KEY`), so that every finding can name a line and column;
* refuses duplicate keys, absurd nesting and aliases that expand without bound;
* reads only the YAML 1.2 booleans (``true``/``false``): ``No`` stays the word "No".

Bad input never raises: :func:`read_yaml` returns a :class:`YamlProblem` instead.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

POS_KEY = "__pos__"
"""Key under which each mapping keeps ``(line, column, {key: (line, column)})``, 1-based."""

MAX_BYTES = 64 * 1024 * 1024
MAX_DEPTH = 50
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_MERGE = "tag:yaml.org,2002:merge"
_TRUE = frozenset({"true", "True", "TRUE"})
_FALSE = frozenset({"false", "False", "FALSE"})

Pos = tuple[int, int, dict[str, tuple[int, int]]]


@dataclass(frozen=True, slots=True)
class YamlProblem:
    """Why a file could not be read, and where (1-based)."""

    message: str
    line: int = 1
    column: int = 1


class _Problem(Exception):
    def __init__(self, message: str, node: Node | None = None, line: int = 1, column: int = 1):
        super().__init__(message)
        if node is not None:
            line, column = node.start_mark.line + 1, node.start_mark.column + 1
        self.problem = YamlProblem(message, line, column)


_Loader: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def decode(raw: bytes) -> str | YamlProblem:
    """Text of a plan file: UTF-8 with or without a BOM; never binary."""
    if b"\x00" in raw:
        return YamlProblem("this is a binary file, not YAML text (it holds NUL bytes)")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        return YamlProblem(
            f"this file is not UTF-8 text (byte 0x{raw[exc.start]:02x} cannot be read); save it as UTF-8",
            line,
            column,
        )


def read_yaml(path: Path) -> Any | YamlProblem:
    """The data of one YAML file, or the problem that stops it being read."""
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return YamlProblem(
                f"file is {size / 1048576:.0f} MB; pmplan reads plan files of up to "
                f"{MAX_BYTES // 1048576} MB: split it into several files"
            )
        raw = path.read_bytes()
    except OSError as exc:
        return YamlProblem(f"cannot read the file: {exc.strerror or exc}")
    text = decode(raw)
    if isinstance(text, YamlProblem):
        return text
    return parse_yaml(text)


def parse_yaml(text: str) -> Any | YamlProblem:
    """The data of one YAML document given as text, or the problem that stops it."""
    if not text.strip():
        return YamlProblem("file is empty: a plan file starts with 'kind:'")
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return _marked_problem(exc)
    except yaml.YAMLError as exc:
        return YamlProblem(f"YAML error: {exc}")
    except RecursionError:
        return YamlProblem(f"the YAML nests more than {MAX_DEPTH} levels deep")
    finally:
        loader.dispose()
    if node is None:
        return YamlProblem("file holds no YAML data: a plan file starts with 'kind:'")
    try:
        return _Builder(len(text)).build(node, 0)
    except _Problem as exc:
        return exc.problem


def _marked_problem(exc: yaml.MarkedYAMLError) -> YamlProblem:
    mark = exc.problem_mark or exc.context_mark
    parts = [p for p in (exc.context, exc.problem) if p]
    message = "YAML syntax error: " + "; ".join(parts) if parts else "YAML syntax error"
    if exc.context_mark is not None and exc.problem_mark is not None and exc.context:
        message += f" (the {exc.context.split()[-1]} starts on line {exc.context_mark.line + 1})"
    if mark is None:
        return YamlProblem(message)
    return YamlProblem(message, mark.line + 1, mark.column + 1)


class _Builder:
    """Turns a composed node tree into dicts, lists and str, with positions."""

    __slots__ = ("budget",)

    def __init__(self, text_length: int):
        # Aliases share nodes; a few "billion laughs" lines would otherwise expand into
        # billions of values. Allow generous reuse, never unbounded.
        self.budget = 100_000 + 20 * text_length

    def build(self, node: Node, depth: int) -> Any:
        self.budget -= 1
        if self.budget < 0:
            raise _Problem("YAML aliases expand without bound (an alias 'bomb'): remove the anchors")
        if depth > MAX_DEPTH:
            raise _Problem(f"the YAML nests more than {MAX_DEPTH} levels deep", node)
        if isinstance(node, ScalarNode):
            return self.scalar(node)
        if isinstance(node, SequenceNode):
            return [self.build(item, depth + 1) for item in node.value]
        if isinstance(node, MappingNode):
            return self.mapping(node, depth)
        raise _Problem(f"unexpected YAML node {node.tag}", node)  # pragma: no cover

    @staticmethod
    def scalar(node: ScalarNode) -> Any:
        tag = node.tag
        if tag == _NULL:
            return None
        if tag == _BOOL:
            value = node.value
            if value in _TRUE:
                return True
            if value in _FALSE:
                return False
        return node.value

    def mapping(self, node: MappingNode, depth: int) -> dict[str, Any]:
        result: dict[str, Any] = {}
        keys: dict[str, tuple[int, int]] = {}
        merged: list[dict[str, Any]] = []
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                merged.extend(self.merge_sources(value_node, depth))
                continue
            if not isinstance(key_node, ScalarNode):
                raise _Problem("a key must be plain text, not a list or mapping", key_node)
            key = key_node.value
            mark = key_node.start_mark
            if key in keys:
                first = keys[key][0]
                raise _Problem(
                    f"duplicate key '{key}' (first given on line {first}): YAML keeps only one of them",
                    key_node,
                )
            keys[key] = (mark.line + 1, mark.column + 1)
            result[key] = self.build(value_node, depth + 1)
        for source in merged:
            for key, value in source.items():
                if key != POS_KEY and key not in result:
                    result[key] = value
                    keys[key] = source[POS_KEY][2].get(key, keys.get(key, (0, 0)))
        mark = node.start_mark
        result[POS_KEY] = (mark.line + 1, mark.column + 1, keys)
        return result

    def merge_sources(self, node: Node, depth: int) -> list[dict[str, Any]]:
        nodes = node.value if isinstance(node, SequenceNode) else [node]
        sources = []
        for item in nodes:
            built = self.build(item, depth + 1)
            if not isinstance(built, dict):
                raise _Problem("'<<' merges only mappings", item)
            sources.append(built)
        return sources


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
                best = pos[2].get(part, (pos[0], pos[1])) if isinstance(part, str) else (pos[0], pos[1])
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
