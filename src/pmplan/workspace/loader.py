"""Loading a workspace's plan files: find, read, validate by ``kind``.

A broken file is an ``invalid-file`` finding for that file; every other file still loads.
Reading and building is spread over the machine's cores for large workspaces.
"""

from __future__ import annotations

import difflib
import gc
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from pmplan.findings import Finding, Severity
from pmplan.workspace.messages import describe_errors
from pmplan.workspace.models import KINDS, Model, validate
from pmplan.workspace.reader import POS_KEY, YamlProblem, decode, key_position, parse_yaml, read_text

INVALID = "invalid-file"
_SUPPRESS = re.compile(r"#\s*pmplan:\s*ignore\[([a-z0-9,\s-]+)\]")
_PARALLEL_BYTES = 512 * 1024  # below this, a second process costs more than it saves


@dataclass(slots=True)
class PlanFileResult:
    """One plan file as loaded: its model, or why it could not be loaded."""

    path: Path
    rel: str
    kind: str | None = None
    model: Model | None = None
    findings: list[Finding] = field(default_factory=list)
    suppressions: dict[int, frozenset[str]] = field(default_factory=dict)
    """Line -> rule names switched off there by a ``# pmplan: ignore[rule]`` comment."""
    escapes: bool = False
    """The text holds a backslash, so a double-quoted value may hold an escaped control
    character (``"\\e"``): the only way one can be written in YAML, which refuses them raw."""


def plan_paths(plans_dir: Path) -> list[Path]:
    """Every ``*.yaml``/``*.yml`` under the plans folder, in a stable order."""
    found: list[Path] = []
    for folder, dirs, files in os.walk(plans_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found.extend(
            Path(folder, f) for f in files if f.endswith((".yaml", ".yml")) and not f.startswith(".")
        )
    return sorted(found)


def load_files(root: Path, paths: list[Path], plans_dir: Path | None = None) -> list[PlanFileResult]:
    """Load every file; spread parsing over the cores when there is much to read.

    Each file is validated as soon as it is parsed and its raw data dropped, so that a
    large workspace is never held twice in memory. A symbolic link to a file outside the
    workspace (and outside ``plans_dir``, which may lie beside it) is not read: it is an
    ``invalid-file`` finding, as are FIFOs and devices (see :func:`read_text`).
    """
    folders = _real_folders(root, plans_dir)
    refused = {p: why for p in paths if (why := _link_outside(p, folders))}
    if refused:
        done = {p: _validate(root, p, YamlProblem(why), {}) for p, why in refused.items()}
        rest = load_files(root, [p for p in paths if p not in refused], plans_dir)
        done.update((r.path, r) for r in rest)
        return [done[p] for p in paths]
    sizes = {p: _size(p) for p in paths}
    workers = min((os.cpu_count() or 1) - 1, 3)
    if sum(sizes.values()) > _PARALLEL_BYTES and len(paths) > 1 and workers > 0:
        return _load_parallel(root, paths, sizes, workers)
    return [_validate(root, path, *_read_one(path)) for path in paths]


def _real_folders(root: Path, plans_dir: Path | None) -> tuple[Path, ...]:
    folders = [root] if plans_dir is None else [root, plans_dir]
    return tuple(dict.fromkeys(Path(os.path.realpath(f)) for f in folders))


def _link_outside(path: Path, folders: tuple[Path, ...]) -> str | None:
    """Why a plan file that is a symbolic link to outside ``folders`` is not read; else None."""
    if not path.is_symlink():
        return None
    target = Path(os.path.realpath(path))
    if any(target.is_relative_to(folder) for folder in folders):
        return None
    return (
        f"not read: it is a symbolic link to {target}, outside the workspace; "
        "copy the file into the workspace instead"
    )


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


_Read = tuple[Any, dict[int, frozenset[str]], bool]
"""A file as parsed: its data (or problem), its suppressions, whether it holds a backslash."""


def _read_one(path: Path) -> _Read:
    """Parse one file in this process."""
    return _parse(read_text(path))


def _parse(text: str | YamlProblem) -> _Read:
    if isinstance(text, YamlProblem):
        return text, {}, False
    return parse_yaml(text), suppressions(text), "\\" in text


def _read_many(paths: list[Path]) -> list[_Read]:
    gc.disable()  # a worker process: nothing it builds is garbage until it sends it
    return [_read_one(p) for p in paths]


def _load_parallel(
    root: Path, paths: list[Path], sizes: dict[Path, int], workers: int
) -> list[PlanFileResult]:
    """Worker processes parse some files while this one parses and validates the rest.

    This process also has to unpickle what the workers send and validate everything, so
    it keeps a smaller share of the parsing for itself. Workers send their files in small
    batches, validated as they arrive.
    """
    import concurrent.futures
    import multiprocessing

    shares: list[list[Path]] = [[] for _ in range(workers + 1)]
    load = [0.0] * (workers + 1)
    weight = [1.0] * workers + [1.2]  # this process: parse + unpickle + validate
    for path in sorted(paths, key=lambda p: -sizes[p]):
        lightest = min(range(workers + 1), key=lambda i: (load[i] + sizes[path]) * weight[i])
        shares[lightest].append(path)
        load[lightest] += sizes[path]
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    context = multiprocessing.get_context(method)
    results: dict[Path, PlanFileResult] = {}
    with concurrent.futures.ProcessPoolExecutor(workers, mp_context=context) as pool:
        batches = [batch for share in shares[:workers] for batch in _batches(share, sizes)]
        futures = [(batch, pool.submit(_read_many, batch)) for batch in batches]
        for path in shares[workers]:
            results[path] = _validate(root, path, *_read_one(path))
        for batch, future in futures:
            for path, raw in zip(batch, future.result(), strict=True):
                results[path] = _validate(root, path, *raw)
    return [results[path] for path in paths]


def _batches(paths: list[Path], sizes: dict[Path, int], limit: int = 1024 * 1024) -> list[list[Path]]:
    """Consecutive groups of files of about ``limit`` bytes."""
    batches: list[list[Path]] = []
    total = limit
    for path in paths:
        if total >= limit:
            batches.append([])
            total = 0
        batches[-1].append(path)
        total += sizes[path]
    return batches


def suppressions(text: str) -> dict[int, frozenset[str]]:
    """Lines that carry ``# pmplan: ignore[rule, ...]``."""
    if "pmplan:" not in text:
        return {}
    found = {}
    for number, line in enumerate(text.splitlines(), start=1):
        match = _SUPPRESS.search(line)
        if match:
            found[number] = frozenset(r.strip() for r in match.group(1).split(",") if r.strip())
    return found


def load_texts(root: Path, files: dict[str, bytes]) -> list[PlanFileResult]:
    """Load plan files given as their bytes, each named by its path relative to ``root``
    (a workspace as git holds it at some revision): read exactly as files on disk are."""
    return [_validate(root, root / rel, *_parse(decode(raw))) for rel, raw in sorted(files.items())]


def _validate(
    root: Path, path: Path, data: Any, sup: dict[int, frozenset[str]], escapes: bool = False
) -> PlanFileResult:
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    result = PlanFileResult(path=path, rel=rel, suppressions=sup, escapes=escapes)

    def invalid(message: str, line: int = 1, column: int = 1) -> PlanFileResult:
        result.findings.append(Finding(rel, line, column, INVALID, Severity.ERROR, message))
        return result

    if isinstance(data, YamlProblem):
        return invalid(data.message, data.line, data.column)
    if not isinstance(data, dict):
        return invalid("a plan file is a mapping that starts with 'kind:' (e.g. 'kind: action-plan')")
    kind = data.get("kind")
    if kind is None:
        return invalid(f"no 'kind:' at the top of the file; it must be one of: {', '.join(KINDS)}")
    model_type = KINDS.get(kind) if isinstance(kind, str) else None
    if model_type is None:
        hint = difflib.get_close_matches(str(kind), list(KINDS), n=1)
        line, column = key_position(data[POS_KEY], "kind") or (1, 1)
        extra = f" (did you mean '{hint[0]}'?)" if hint else f"; it must be one of: {', '.join(KINDS)}"
        return invalid(f"unknown kind '{kind}'{extra}", line, column)
    result.kind = kind
    try:
        result.model = validate(model_type, data)
    except ValidationError as exc:
        for line, column, message in describe_errors(exc, data, model_type):
            invalid(message, line, column)
    return result
