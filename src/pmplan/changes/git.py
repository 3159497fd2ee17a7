"""Reading the plans' history from git, through the ``git`` command.

Everything goes through ``git -C <repository top> ...``; a failure (no git, not a
repository, an unknown revision, history cut short by a shallow clone) is a
:class:`GitError` whose message says what to do. A revision's workspace is read from git's
objects (``ls-tree`` and one ``cat-file --batch``) and loaded from the bytes exactly as files
on disk are; :class:`Revisions` parses a file at a given blob once, however many revisions
hold it. :func:`commit_at` finds the commit that was the plans' state on a date.
"""

from __future__ import annotations

import datetime as dt
import os
import posixpath
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path, PurePosixPath

from pmplan.changes.diff import DiffResult, diff_workspaces, unreadable_files
from pmplan.errors import PmplanError
from pmplan.workspace.config import (
    CONFIG_NAME,
    WorkspaceConfig,
    WorkspaceError,
    config_from_bytes,
    load_config,
)
from pmplan.workspace.index import Workspace, build, load_workspace
from pmplan.workspace.loader import PlanFileResult, load_texts

_PLAN_SUFFIXES = (".yaml", ".yml")
_BLOB_MODES = frozenset({"100644", "100755"})


class GitError(PmplanError):
    """git could not give what was asked: the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class Repo:
    """A git repository and where the workspace sits in it."""

    top: Path
    """The repository's top folder."""
    prefix: str
    """The workspace folder relative to ``top`` (posix), ``""`` at the top."""

    def path(self, *parts: str) -> str:
        """A path inside the workspace, as git names it (relative to the top)."""
        joined = PurePosixPath(self.prefix, *parts) if self.prefix else PurePosixPath(*parts)
        return joined.as_posix()


def git(top: Path, *args: str, input: bytes | None = None) -> bytes:
    """Run ``git -C top ARGS`` and return its output; a failure is a GitError."""
    env = {**os.environ, "GIT_OPTIONAL_LOCKS": "0", "LC_ALL": "C"}
    env.pop("GIT_DIR", None)  # pre-commit and hooks may set these for another repository
    env.pop("GIT_INDEX_FILE", None)
    env.pop("GIT_WORK_TREE", None)
    try:
        done = subprocess.run(
            ["git", "-C", str(top), *args], input=input, capture_output=True, env=env, check=False
        )
    except FileNotFoundError:
        raise GitError(
            "git is not installed (or not on PATH): pmplan reads the plans' history with it"
        ) from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {message[-1] if message else f'exit {done.returncode}'}")
    return done.stdout


def open_repo(workspace_root: Path) -> Repo:
    """The repository holding the workspace; a GitError outside any repository."""
    root = workspace_root.resolve()
    try:
        top = git(root, "rev-parse", "--show-toplevel").decode().strip()
    except GitError:
        raise GitError(
            f"{root} is not in a git repository: diff and history read the plans' history from git "
            "(run 'git init' and commit the plans first)"
        ) from None
    top_path = Path(top).resolve()
    prefix = root.relative_to(top_path).as_posix() if root != top_path else ""
    return Repo(top_path, "" if prefix == "." else prefix)


def is_shallow(repo: Repo) -> bool:
    return git(repo.top, "rev-parse", "--is-shallow-repository").decode().strip() == "true"


def shallow_commits(repo: Repo) -> frozenset[str]:
    """The commits at which a shallow clone's history is cut (empty for a full clone)."""
    name = git(repo.top, "rev-parse", "--git-path", "shallow").decode().strip()
    path = Path(name) if Path(name).is_absolute() else repo.top / name
    try:
        return frozenset(line.strip() for line in path.read_text().splitlines() if line.strip())
    except OSError:
        return frozenset()


def resolve(repo: Repo, rev: str) -> str:
    """The full commit id of ``rev``; a GitError naming the revision when there is none."""
    if rev.startswith("-"):
        raise GitError(f"'{rev}' is not a revision: a revision never starts with '-'")
    try:
        return (
            git(repo.top, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
            .decode()
            .strip()
        )
    except GitError:
        pass
    hint = ""
    if is_shallow(repo):
        hint = (
            " This is a shallow clone, so older commits are not here: fetch them with "
            "'git fetch --unshallow' (in CI: a full checkout, e.g. fetch-depth: 0)."
        )
    elif not has_commits(repo):
        hint = " The repository has no commits yet: commit the plans first."
    raise GitError(f"unknown revision '{rev}': git knows no commit by that name.{hint}")


def merge_base(repo: Repo, left: str, right: str) -> str:
    try:
        return git(repo.top, "merge-base", "--end-of-options", left, right).decode().strip()
    except GitError:
        raise GitError(f"'{left}' and '{right}' have no common ancestor in this clone") from None


def is_tracked(repo: Repo, path: str) -> bool:
    """Whether git tracks the file (a path from the repository's top): a workspace in an
    ignored or never-added folder of a repository is not in its history."""
    return bool(git(repo.top, "ls-files", "--", path).strip())


def has_commits(repo: Repo) -> bool:
    try:
        git(repo.top, "rev-parse", "--verify", "--quiet", "HEAD")
    except GitError:
        return False
    return True


def list_tree(repo: Repo, commit: str, paths: Iterable[str]) -> dict[str, str]:
    """Blob id of every regular file under ``paths`` at ``commit``: {path from top: blob}."""
    paths = [p for p in paths if p]
    out = git(repo.top, "ls-tree", "-r", "-z", "--full-tree", commit, "--", *paths)
    found: dict[str, str] = {}
    for entry in out.split(b"\0"):
        if not entry:
            continue
        meta, _, name = entry.partition(b"\t")
        mode, kind, oid = meta.decode().split()
        if kind == "blob" and mode in _BLOB_MODES:
            found[name.decode("utf-8", "surrogateescape")] = oid
    return found


class BlobReader:
    """Reads many objects through one ``git cat-file --batch``; ids are cached."""

    def __init__(self, repo: Repo):
        self.repo = repo
        self.cache: dict[str, bytes] = {}

    def read(self, names: Iterable[str]) -> dict[str, bytes | None]:
        """Content of each object (a blob id or ``REV:path``); None for a missing one."""
        wanted = [n for n in dict.fromkeys(names) if n not in self.cache]
        missing: set[str] = set()
        if wanted:
            data = git(self.repo.top, "cat-file", "--batch", input="".join(f"{n}\n" for n in wanted).encode())
            at = 0
            for name in wanted:
                end = data.index(b"\n", at)
                header = data[at:end].split()
                at = end + 1
                if len(header) == 2 and header[1] == b"missing":
                    missing.add(name)
                    continue
                size = int(header[2])
                self.cache[name] = data[at : at + size]
                at += size + 1
        return {n: None if n in missing else self.cache.get(n) for n in names}


def is_plan_file(path: str) -> bool:
    name = PurePosixPath(path).name
    return name.endswith(_PLAN_SUFFIXES) and not name.startswith(".")


def workspace_root(repo: Repo) -> Path:
    """The workspace's folder in the working tree."""
    return repo.top / repo.prefix if repo.prefix else repo.top


def relative(repo: Repo, path: str) -> str:
    """A path from the repository's top as the workspace names it (``../plans/x.yaml`` for a
    plans folder beside the workspace folder), as the working tree's files are named."""
    return posixpath.relpath(path, repo.prefix) if repo.prefix else path


def plans_path(repo: Repo, plans: str) -> str:
    """The plans folder (``plans:`` in pmplan.yaml: inside the workspace, beside it, or an
    absolute path) as git names it from the top; a GitError when git cannot see it."""
    folder = Path(os.path.normpath(workspace_root(repo) / plans))
    if not folder.is_relative_to(repo.top):
        raise GitError(
            f"the plans folder '{plans}' ({folder}) is outside the git repository {repo.top}: "
            "diff and history read the plans' history from git, so keep the plans in the repository"
        )
    return folder.relative_to(repo.top).as_posix()


def history_paths(repo: Repo, plans: str) -> list[str]:
    """What ``git log`` and ``git ls-tree`` look at: the workspace folder and its plans folder."""
    return list(dict.fromkeys([repo.prefix or ".", plans_path(repo, plans)]))


class Revisions:
    """Reads revisions' workspaces from git's objects; a plan file at the same blob is parsed
    once however many revisions (or history steps) hold it."""

    def __init__(self, repo: Repo) -> None:
        self.repo = repo
        self.reader = BlobReader(repo)
        self.parsed: dict[tuple[str, str], PlanFileResult] = {}

    def files(self, named: dict[str, str]) -> list[PlanFileResult]:
        """The loaded plan files for {path from the top: blob}, in the order given."""
        wanted = {path: oid for path, oid in named.items() if (path, oid) not in self.parsed}
        if wanted:
            contents = self.reader.read(wanted.values())
            root = workspace_root(self.repo)
            raw = {relative(self.repo, path): contents[oid] or b"" for path, oid in wanted.items()}
            loaded = {result.rel: result for result in load_texts(root, raw)}
            for path, oid in wanted.items():
                self.parsed[(path, oid)] = loaded[relative(self.repo, path)]
        return [self.parsed[(path, oid)] for path, oid in named.items()]

    def seed(self, commit: str, ws: Workspace) -> None:
        """Let the working tree's loaded files stand for their blobs at ``commit`` where git
        says they have not changed since, so that the history is not read twice."""
        plans = plans_path(self.repo, ws.config.plans)
        changed = set(
            git(self.repo.top, "diff", "--name-only", "-z", commit, "--", plans).decode().split("\0")
        )
        loaded = {result.rel: result for result in ws.files}
        for path, oid in list_tree(self.repo, commit, [plans]).items():
            result = loaded.get(relative(self.repo, path))
            if path not in changed and result is not None:
                self.parsed[(path, oid)] = result

    def workspace(self, commit: str, fallback_plans: str = "plans") -> Workspace:
        """The workspace as it was at ``commit`` (see :func:`load_revision`)."""
        config_name = f"{commit}:{self.repo.path(CONFIG_NAME)}"
        raw = self.reader.read([config_name])[config_name]
        try:
            config = config_from_bytes(raw, self.repo.path(CONFIG_NAME)) if raw is not None else None
        except WorkspaceError as exc:
            raise GitError(f"at {commit[:12]}: {exc}") from None
        if config is None:
            config = WorkspaceConfig(plans=fallback_plans)
        blobs = {
            p: oid
            for p, oid in sorted(list_tree(self.repo, commit, [plans_path(self.repo, config.plans)]).items())
            if is_plan_file(p)
        }
        return build(workspace_root(self.repo), config, self.files(blobs))


def load_revision(repo: Repo, commit: str, fallback_plans: str = "plans") -> Workspace:
    """The workspace as it was at ``commit``, read from git's objects (nothing is written).

    Files are named as in the working tree, and read exactly as files on disk are. A revision
    before the workspace had a ``pmplan.yaml`` (or its plans folder) is an empty workspace,
    so that a diff from it shows everything as added.
    """
    return Revisions(repo).workspace(commit, fallback_plans)


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit as ``git log`` gives it."""

    id: str
    parents: tuple[str, ...]
    date: str
    """Author date, ISO 8601 with the author's offset."""
    author: str
    email: str
    subject: str
    committed: str = ""
    """Committer date, ISO 8601: when the commit became part of the history."""

    @property
    def day(self) -> dt.date:
        """The day it was committed (in the committer's time zone)."""
        return dt.date.fromisoformat((self.committed or self.date)[:10])


_COMMIT_FORMAT = "%H%x1f%P%x1f%aI%x1f%an%x1f%ae%x1f%cI%x1f%s"


def _commit(header: str) -> Commit:
    commit_id, parents, authored, author, email, committed, subject = header.split("\x1f", 6)
    return Commit(commit_id, tuple(parents.split()), authored, author, email, subject, committed)


def commit_at(repo: Repo, day: date, rev: str = "HEAD") -> Commit | None:
    """The plans' state on ``day``: the last commit on the first-parent line of ``rev``
    committed at or before the end of that day (local time); None when the history begins
    later, or there is none."""
    if not has_commits(repo):
        return None
    out = git(
        repo.top,
        "log",
        "--first-parent",
        "-1",
        f"--before={day.isoformat()} 23:59:59",
        f"--format={_COMMIT_FORMAT}",
        "--end-of-options",
        rev,
        "--",
    ).decode("utf-8", "surrogateescape")
    return _commit(out.strip("\n")) if out.strip() else None


def first_commit(repo: Repo, rev: str = "HEAD") -> Commit | None:
    """The first commit on the first-parent line of ``rev`` (None with no commits)."""
    if not has_commits(repo):
        return None
    out = git(
        repo.top,
        "log",
        "--first-parent",
        "--reverse",
        f"--format={_COMMIT_FORMAT}",
        "--end-of-options",
        rev,
        "--",
    ).decode("utf-8", "surrogateescape")
    lines = out.splitlines()
    return _commit(lines[0]) if lines else None


@dataclass(frozen=True, slots=True)
class FileChange:
    """A file a commit changed: its blob before and after (None where it did not exist)."""

    path: str
    old_blob: str | None
    new_blob: str | None


_NULL_OID = "0" * 40
_EMPTY_TREE = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"
"""git's id of the empty tree: a revision with no files."""
_SEP = "\x1e"


def log_changes(
    repo: Repo, paths: list[str], rev: str = "HEAD", first_parent: bool = False
) -> list[tuple[Commit, list[FileChange]]]:
    """Every commit reachable from ``rev`` that changed ``paths``, newest first, with the
    files it changed (against its first parent; a merge's own resolution is skipped). With
    ``first_parent``, only the main line: a merge brings in its branch's changes on its date."""
    out = git(
        repo.top,
        "log",
        *(["--first-parent", "--diff-merges=first-parent"] if first_parent else ["--topo-order"]),
        "--raw",
        "--no-abbrev",
        "--no-renames",
        "-z",
        f"--format={_SEP}{_COMMIT_FORMAT}",
        "--end-of-options",
        rev,
        "--",
        *paths,
    ).decode("utf-8", "surrogateescape")
    history: list[tuple[Commit, list[FileChange]]] = []
    for record in out.split(_SEP):
        if not record:
            continue
        header, _, raw = record.partition("\0")
        history.append((_commit(header), _raw_changes(raw)))
    return history


def _raw_changes(raw: str) -> list[FileChange]:
    """Parse ``--raw -z`` output: ``:old_mode new_mode old new STATUS\\0path\\0`` for each file."""
    parts = raw.split("\0")
    changes: list[FileChange] = []
    for meta, path in zip(parts[0::2], parts[1::2], strict=False):
        meta = meta.strip()
        if not meta.startswith(":"):
            continue
        old_mode, new_mode, old, new, _status = meta[1:].split()
        changes.append(
            FileChange(
                path,
                None if old == _NULL_OID or old_mode not in _BLOB_MODES else old,
                None if new == _NULL_OID or new_mode not in _BLOB_MODES else new,
            )
        )
    return changes


def split_range(base: str | None, head: str | None) -> tuple[str, str | None, bool]:
    """(base, head, symmetric) from the command's arguments: ``A..B`` and ``A...B`` (from the
    common ancestor) are read as git reads them; no base means HEAD; no head, the working tree."""
    if base is not None and head is None:
        for dots in ("...", ".."):
            if dots in base:
                left, _, right = base.partition(dots)
                return left or "HEAD", right or "HEAD", dots == "..."
    return base or "HEAD", head, False


def diff_revisions(workspace_root: Path, base: str | None = None, head: str | None = None) -> DiffResult:
    """The plan changes from ``base`` (default HEAD) to ``head`` (default: the working tree)."""
    root = workspace_root.resolve()
    repo = open_repo(root)
    base_rev, head_rev, symmetric = split_range(base, head)
    current_plans = load_config(root).plans
    if base is None and head is None and not has_commits(repo):
        # the first commit of a new repository: everything in it is added
        base_ws = load_revision(repo, _EMPTY_TREE, current_plans)
        return _result(base_rev, head_rev, base_ws, load_workspace(root))
    base_commit = resolve(repo, base_rev)
    head_commit = resolve(repo, head_rev) if head_rev is not None else None
    if symmetric and head_commit is not None:
        base_commit = merge_base(repo, base_commit, head_commit)
    base_ws = load_revision(repo, base_commit, current_plans)
    head_ws = load_revision(repo, head_commit, current_plans) if head_commit else load_workspace(root)
    return _result(base_rev, head_rev, base_ws, head_ws)


def _result(base_rev: str, head_rev: str | None, base_ws: Workspace, head_ws: Workspace) -> DiffResult:
    unreadable = tuple(
        (side, problem)
        for side, ws in (("base", base_ws), ("head", head_ws))
        for problem in unreadable_files(ws)
    )
    return DiffResult(base_rev, head_rev, diff_workspaces(base_ws, head_ws), unreadable=unreadable)


# --- committing (``pmplan returns collect --commit``) ------------------------------------------


def uncommitted(repo: Repo, paths: Iterable[str]) -> list[str]:
    """Which of ``paths`` (named from the top) have changes that are not committed."""
    out = git(repo.top, "status", "--porcelain=v1", "-z", "--untracked-files=all", "--", *paths)
    return sorted(
        entry[3:].decode("utf-8", "surrogateescape") for entry in out.split(b"\0") if len(entry) > 3
    )


def check_committer(repo: Repo) -> None:
    """A GitError unless git knows who is committing (user.name and user.email)."""
    try:
        git(repo.top, "var", "GIT_COMMITTER_IDENT")
    except GitError:
        raise GitError(
            "git does not know who is committing: set it with git config user.name and user.email"
        ) from None


def head_commit(repo: Repo) -> str | None:
    """The commit HEAD names; None in a repository with no commits yet."""
    return git(repo.top, "rev-parse", "--verify", "HEAD").decode().strip() if has_commits(repo) else None


def commit_paths(repo: Repo, paths: list[str], message: str, author: str) -> str:
    """Commit the working-tree contents of ``paths`` (named from the top), and only them, by
    ``author`` (``Name <email>``); returns the new commit's id."""
    git(repo.top, "add", "--", *paths)
    git(
        repo.top,
        "commit",
        "--quiet",
        "--only",
        f"--author={author}",
        "--file=-",
        "--",
        *paths,
        input=message.encode(),
    )
    return git(repo.top, "rev-parse", "HEAD").decode().strip()


def undo_commits(repo: Repo, original: str | None, paths: list[str]) -> None:
    """Move HEAD back to ``original`` and the index entries of ``paths`` with it (the files
    themselves are put back by the caller)."""
    if original is None:
        git(repo.top, "update-ref", "-d", "HEAD")
        git(repo.top, "rm", "--cached", "--quiet", "--ignore-unmatch", "--", *paths)
        return
    git(repo.top, "update-ref", "HEAD", original)
    git(repo.top, "reset", "--quiet", original, "--", *paths)
