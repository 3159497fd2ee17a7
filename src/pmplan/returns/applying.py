"""Applying collected returns: each plan file's new text, then writing it all, or one git
commit per return.

Each plan file is read once for the whole batch, and every return's edits to it are worked
out on its text as it was, tagged with the return
(:class:`~pmplan.changes.edit.batch.FileEdits`); the final text must read back as exactly the
old data with the intended values changed. Then every file is written at once, or with
``--commit`` one commit per return authored by the officer. A failure part-way puts every
file (and the branch) back as it was.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from pmplan.changes.edit.update import Target
from pmplan.errors import PmplanError
from pmplan.returns.collect import Batch, Collected, CollectError
from pmplan.workspace.index import Workspace


def prepare_texts(ws: Workspace, batch: Batch) -> None:
    """Work out every plan file's new text: each file is read once, and every return's edits
    to it are worked out on its text as it was, tagged with the return (see
    :class:`~pmplan.changes.edit.batch.FileEdits`); the final text is checked to read back as
    exactly the intended changes. A file that cannot be edited stops everything."""
    from pmplan.changes.edit.batch import FileEdits

    files: dict[Path, FileEdits] = {}
    fy = ws.config.financial_year

    def editing(path: Path, rel: str) -> FileEdits:
        if path not in files:
            try:
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CollectError(f"cannot read {rel}: {exc}") from None
            batch.originals[path] = text
            batch.rel[path] = rel
            files[path] = FileEdits(text, fy)
        return files[path]

    touched: dict[Path, list[int]] = defaultdict(list)
    for tag, collected in enumerate(batch.returns):
        try:
            for view, edits in collected.action_edits:
                path = Path(view.source.path)
                editing(path, view.source.rel).edit_action(
                    Target(view.plan.group_key, view.group.id, view.action.id), edits, tag
                )
                touched[path].append(tag)
            for indicator, value_edits in collected.value_edits:
                source = ws.source_of(indicator)
                path = Path(source.path)
                editing(path, source.rel).edit_value(indicator.id, value_edits, tag)
                touched[path].append(tag)
        except PmplanError as exc:
            raise CollectError(f"{collected.source.path.name}: {exc}") from None
    for path, file_edits in files.items():
        try:
            file_edits.verify()
        except PmplanError as exc:
            raise CollectError(f"{batch.rel[path]}: {exc}") from None
        for tag in sorted(set(touched[path])):
            batch.returns[tag].texts[path] = file_edits.text(upto=tag)


def write_collection(ws: Workspace, batch: Batch, *, commit: bool = False) -> list[str]:
    """Write the batch's files (all or nothing); with ``commit``, one commit per return that
    changed something, authored by its officer. Returns the commits made."""
    from pmplan.files import write_all

    finals = batch.final_texts()
    if not finals:
        return []
    if not commit:
        _write(write_all, [(p, batch.originals[p], t) for p, t in finals.items()])
        return []
    return _commit_each(ws, batch, write_all)


def _write(write_all: Any, changes: list[tuple[Path, str, str]]) -> None:
    try:
        write_all([(p, old.encode("utf-8"), new.encode("utf-8")) for p, old, new in changes])
    except OSError as exc:
        raise CollectError(
            f"cannot write {exc.filename or 'a plan file'}: {exc.strerror or exc}; every plan file was put back"
        ) from None


def _commit_each(ws: Workspace, batch: Batch, write_all: Any) -> list[str]:
    from pmplan.changes import git

    repo = git.open_repo(ws.root)
    names = {p: repo.path(batch.rel[p]) for p in batch.originals}
    dirty = git.uncommitted(repo, list(names.values()))
    if dirty:
        raise CollectError(
            f"--commit: these plan files have changes that are not committed: {', '.join(dirty)}. "
            "Commit them first, so that each officer's commit holds only their return"
        )
    git.check_committer(repo)
    start = git.head_commit(repo)
    written: dict[Path, str] = {}
    commits: list[str] = []
    try:
        for collected in batch.returns:
            changed = {p: t for p, t in collected.texts.items() if t != written.get(p, batch.originals[p])}
            if not changed:
                continue
            _write(write_all, [(p, written.get(p, batch.originals[p]), t) for p, t in changed.items()])
            written.update(changed)
            person = collected.person
            author = f"{person.name} <{person.email or ''}>"
            commits.append(
                git.commit_paths(repo, sorted(names[p] for p in changed), commit_message(collected), author)
            )
    except (PmplanError, OSError) as exc:
        from pmplan.files import atomic_write

        for path in written:
            atomic_write(path, batch.originals[path].encode("utf-8"))
        if commits:
            git.undo_commits(repo, start, sorted(names[p] for p in written))
        raise CollectError(f"{exc}; every plan file (and the git history) was put back as it was") from None
    return commits


def commit_message(collected: Collected) -> str:
    found, person = collected.source, collected.person
    applied = collected.applied
    lines = [f"{found.period} return from {person.name} ({person.id})", ""]
    lines += [f"- {c.describe(None)}" for c in applied]
    if collected.conflicts:
        lines += ["", "Not applied (the plan changed since the return was issued):"]
        lines += [f"- {c.describe(None)}" for c in collected.conflicts]
    lines += ["", f"Pmplan-Return: {found.period}; {person.id}; {found.path.name}"]
    return "\n".join(lines) + "\n"
