"""The code's shape, as docs/architecture.md promises it: modules a reader can hold in mind,
and each vocabulary said once."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pmplan.workspace.vocabulary import STATUSES

SRC = Path(__file__).resolve().parent.parent / "src" / "pmplan"
MODULES = sorted(SRC.rglob("*.py"))
MAX_LINES = 800


def test_the_source_is_found() -> None:
    assert len(MODULES) > 50
    assert (SRC / "workspace" / "vocabulary.py") in MODULES


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(SRC)))
def test_no_module_is_over_800_lines(path: Path) -> None:
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_LINES, f"{path.relative_to(SRC)} has {lines} lines: split it by job"


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            first = node.body[0] if node.body else None
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                found.add(id(first.value))
    return found


# A timescale's filler words ("to be completed by March") include the word, not the status.
_WORDS_NOT_STATUSES = {Path("dates/timescale.py")}


def test_status_names_are_written_only_in_the_vocabulary() -> None:
    names = set(STATUSES)
    assert {"complete", "on-track", "not-started"} <= names
    written = []
    for path in MODULES:
        rel = path.relative_to(SRC)
        if rel == Path("workspace/vocabulary.py") or rel in _WORDS_NOT_STATUSES:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = _docstrings(tree)
        written += [
            f"{rel}:{node.lineno}: {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and node.value in names and id(node) not in docstrings
        ]
    assert not written, "use pmplan.workspace.vocabulary.Status instead of:\n" + "\n".join(written)
