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
from pmplan.workspace.messages import describe_errors, person_field
from pmplan.workspace.models import KINDS, Model, validate
from pmplan.workspace.reader import (
    POS_KEY,
    Note,
    YamlProblem,
    decode,
    key_position,
    parse_yaml,
    position,
    read_text,
)
from pmplan.workspace.recovery import KIND_NAMESPACES, LeftOut, Namer, group_errors, without
from pmplan.workspace.vocabulary import ID_MAX_LENGTH, ID_PATTERN, Namespace

INVALID = "invalid-file"
LEFT_OUT = "; the {noun} is left out until this is fixed"
"""Ends the message of an error that leaves an item out."""
_LEFT_OUT = re.compile(re.escape(LEFT_OUT).replace(r"\{noun\}", r"\w+") + "$")


def without_consequence(message: str) -> str:
    """A load error without the words saying that its item is left out."""
    return _LEFT_OUT.sub("", message)


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
    """Why the file, or items in it, did not load (``invalid-file``)."""
    suppressions: dict[int, frozenset[str]] = field(default_factory=dict)
    """Line -> rule names switched off there by a ``# pmplan: ignore[rule]`` comment."""
    escapes: bool = False
    """The text holds a backslash, so a double-quoted value may hold an escaped control
    character (``"\\e"``): the only way one can be written in YAML, which refuses them raw."""
    left_out: list[LeftOut] = field(default_factory=list)
    """Items of the file that did not load (or the whole file), with what they define."""
    unknown: frozenset[Namespace] = frozenset()
    """For a file that could not be read at all: the namespaces it may define ids in."""
    cut: list[Note] = field(default_factory=list)
    """Plain text that a ``#`` cut short (the rest of its line read as a comment)."""
    person_slips: list[tuple[int, int, str]] = field(default_factory=list)
    """(line, column, what was written) of people named by something that is no id
    (``leads: [Head of Finance]``): the workspace's index adds who was meant."""

    @property
    def loaded(self) -> bool:
        """The whole file loaded: nothing in it was left out."""
        return not self.left_out and not self.findings


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


Read = tuple[Any, dict[int, frozenset[str]], list[Note], bool]
"""A file as parsed: its data (or problem), its suppressions, its text cut short by ``#``, and
whether it holds a backslash."""


def _read_one(path: Path) -> Read:
    """Parse one file in this process."""
    return _parse(read_text(path))


def _parse(text: str | YamlProblem) -> Read:
    if isinstance(text, YamlProblem):
        return text, {}, [], False
    notes: list[Note] = []
    return parse_yaml(text, in_items=True, notes=notes), suppressions(text), notes, "\\" in text


def _read_many(paths: list[Path]) -> list[Read]:
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


_BATCH_BYTES = 1024 * 1024


def _batches(paths: list[Path], sizes: dict[Path, int], limit: int = _BATCH_BYTES) -> list[list[Path]]:
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
    (a workspace as git holds it at some revision): read exactly as files on disk are, on
    several cores when there is much to read, as :func:`load_files` does."""
    items = sorted(files.items())
    workers = min((os.cpu_count() or 1) - 1, 3)
    if sum(len(raw) for _, raw in items) > _PARALLEL_BYTES and len(items) > 1 and workers > 0:
        return _load_texts_parallel(root, items, workers)
    return [_validate(root, root / rel, *_parse(decode(raw))) for rel, raw in items]


def _parse_many(raws: list[bytes]) -> list[Read]:
    """Parse several files' bytes in a worker process."""
    return [_parse(decode(raw)) for raw in raws]


def _load_texts_parallel(root: Path, items: list[tuple[str, bytes]], workers: int) -> list[PlanFileResult]:
    """The first share of the bytes is parsed here while workers parse the rest in batches;
    every file is validated here, in order."""
    import concurrent.futures
    import multiprocessing

    own_share = sum(len(raw) for _, raw in items) / (workers + 1)
    own: list[tuple[str, bytes]] = []
    batches: list[list[tuple[str, bytes]]] = []
    taken, batch_bytes = 0, _BATCH_BYTES
    for rel, raw in items:
        if taken < own_share:
            own.append((rel, raw))
            taken += len(raw)
            continue
        if batch_bytes >= _BATCH_BYTES:
            batches.append([])
            batch_bytes = 0
        batches[-1].append((rel, raw))
        batch_bytes += len(raw)
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    results: dict[str, PlanFileResult] = {}
    with concurrent.futures.ProcessPoolExecutor(
        workers, mp_context=multiprocessing.get_context(method)
    ) as pool:
        futures = [(batch, pool.submit(_parse_many, [raw for _, raw in batch])) for batch in batches]
        for rel, raw in own:
            results[rel] = _validate(root, root / rel, *_parse(decode(raw)))
        for batch, future in futures:
            for (rel, _), read in zip(batch, future.result(), strict=True):
                results[rel] = _validate(root, root / rel, *read)
    return [results[rel] for rel, _ in items]


def _validate(
    root: Path,
    path: Path,
    data: Any,
    sup: dict[int, frozenset[str]],
    notes: list[Note] | None = None,
    escapes: bool = False,
) -> PlanFileResult:
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    result = PlanFileResult(path=path, rel=rel, suppressions=sup, cut=notes or [], escapes=escapes)

    def invalid(
        message: str,
        line: int = 1,
        column: int = 1,
        unknown: frozenset[Namespace] = frozenset(),
        refs: tuple[tuple[Namespace, str], ...] = (),
    ) -> PlanFileResult:
        result.findings.append(Finding(rel, line, column, INVALID, Severity.ERROR, message))
        result.left_out.append(LeftOut("the file", line, column, refs, _raw_links(data)))
        result.unknown = unknown
        return result

    if isinstance(data, YamlProblem):
        result.kind = data.kind if data.kind in KINDS else None
        unknown = frozenset() if data.blank else _namespaces_of(data.kind)
        return invalid(data.message, data.line, data.column, unknown)
    if not isinstance(data, dict):
        return invalid(
            "a plan file is a mapping that starts with 'kind:' (e.g. 'kind: action-plan')",
            refs=_raw_ids(data),
        )
    kind = data.get("kind")
    if kind is None:
        return invalid(
            f"no 'kind:' at the top of the file; it must be one of: {', '.join(KINDS)}", refs=_raw_ids(data)
        )
    model_type = KINDS.get(kind) if isinstance(kind, str) else None
    if model_type is None:
        hint = difflib.get_close_matches(str(kind), list(KINDS), n=1)
        line, column = key_position(data[POS_KEY], "kind") or (1, 1)
        extra = f" (did you mean '{hint[0]}'?)" if hint else f"; it must be one of: {', '.join(KINDS)}"
        refs = Namer(KINDS[hint[0]], data).file_refs() if hint else _raw_ids(data)
        return invalid(f"unknown kind '{kind}'{extra}", line, column, refs=refs)
    result.kind = kind
    try:
        result.model = validate(model_type, data)
        return result
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
    _recover(result, model_type, data, errors)
    return result


def _raw_ids(data: Any) -> tuple[tuple[Namespace, str], ...]:
    """Every ``id:`` written anywhere in data of no known kind, as a person, golden-thread or
    report id (what it might have defined)."""
    found: list[tuple[Namespace, str]] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("id"), str):
                found.extend(
                    (ns, node["id"]) for ns in (Namespace.PERSON, Namespace.THREAD, Namespace.REPORT)
                )
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return tuple(found)


def _raw_links(data: Any) -> frozenset[str]:
    if isinstance(data, YamlProblem):
        return frozenset()
    return Namer(Model, data).links_in()


def _namespaces_of(kind: str | None) -> frozenset[Namespace]:
    """What a file of ``kind`` may define; a file with no ``kind:`` line is no plan file
    (even with its YAML mended it would not load) and defines nothing."""
    return KIND_NAMESPACES.get(kind or "", frozenset())


def _recover(
    result: PlanFileResult, model_type: type[Model], data: dict[str, Any], errors: list[Any]
) -> None:
    """Load the file without the items that hold errors; when an error lies outside every
    item, or the file still does not validate, the whole file is left out."""
    namer = Namer(model_type, data)
    result.person_slips = [
        (*position(data, tuple(e["loc"])), str(e.get("input")))
        for e in errors
        if e["type"] == "string_pattern_mismatch" and person_field(tuple(e["loc"]))
    ]
    items = group_errors(model_type, errors)
    model = None
    if items is not None:
        try:
            model = validate(model_type, without(data, items))
        except ValidationError:
            model = None
    if model is None or items is None:
        for line, column, message in describe_errors(errors, data, model_type, namer.name):
            result.findings.append(Finding(result.rel, line, column, INVALID, Severity.ERROR, message))
        first = min(((f.line, f.column) for f in result.findings), default=(1, 1))
        result.left_out.append(LeftOut("the file", *first, namer.file_refs(), namer.links_in()))
        return
    result.model = model
    for loc, item_errors in items.items():
        noun, _, ref = namer.describe(loc)
        line, column = position(data, loc)
        result.left_out.append(
            LeftOut(namer.label(loc), line, column, namer.refs_in(loc), namer.links_in(loc))
        )
        for line, column, message in describe_errors(item_errors, data, model_type, namer.name):
            result.findings.append(
                Finding(
                    result.rel,
                    line,
                    column,
                    INVALID,
                    Severity.ERROR,
                    message + LEFT_OUT.format(noun=noun),
                    ref if _is_ref(ref) else None,
                )
            )
    result.left_out.sort(key=lambda item: (item.line, item.column))
    result.findings.sort(key=Finding.sort_key)


def _is_ref(ref: str) -> bool:
    """Whether an item's reference is made of valid ids (not ``the 2nd action of ...``)."""
    return all(re.match(ID_PATTERN, part) and len(part) <= ID_MAX_LENGTH for part in ref.split(":"))
