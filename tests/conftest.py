"""Fixtures shared by the foundation tests (helpers live in ``plan_fixtures``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_fixtures import BASE, MakeWorkspace, write_tree


@pytest.fixture
def make_workspace(tmp_path: Path) -> MakeWorkspace:
    """``make_workspace({path: text})``: the base workspace with those files added or replaced
    (None removes a base file); ``base=False`` writes only the files given."""
    count = 0

    def make(files: dict[str, str | bytes | None] | None = None, base: bool = True) -> Path:
        nonlocal count
        count += 1
        root = tmp_path / f"ws{count}"
        root.mkdir()
        merged: dict[str, str | bytes | None] = {**(BASE if base else {}), **(files or {})}
        return write_tree(root, merged)

    return make


@pytest.fixture
def base_ws(make_workspace: MakeWorkspace) -> Path:
    return make_workspace()
