"""Throwaway git repositories for the diff, history, update and pre-commit tests.

Commits are made with a fixed author and fixed dates, and with no global or system git
configuration, so that every run makes the same commits.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from plan_fixtures import write_tree

AUTHOR = ("Jo Price", "jo.price@example.org")


def git_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        HOME=str(home),
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=str(home / ".gitconfig"),
        GIT_AUTHOR_DATE="2025-01-01T09:00:00+00:00",
        GIT_COMMITTER_DATE="2025-01-01T09:00:00+00:00",
    )
    return env


class Repo:
    """A git repository in a temporary folder, with a pmplan workspace at ``root``."""

    def __init__(self, top: Path, workspace: str = ""):
        self.top = top
        self.root = top / workspace if workspace else top
        self.root.mkdir(parents=True, exist_ok=True)
        self.env = git_env(top.parent)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, check: bool = True) -> str:
        done = subprocess.run(
            ["git", "-c", "commit.gpgsign=false", *args],
            cwd=self.top,
            env=self.env,
            capture_output=True,
            text=True,
            check=False,
        )
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} failed: {done.stderr}")
        return done.stdout

    def write(self, files: dict[str, str | bytes | None]) -> None:
        """Write files under the workspace (None deletes one)."""
        for name, content in files.items():
            if content is None:
                (self.root / name).unlink()
        write_tree(self.root, {k: v for k, v in files.items() if v is not None})

    def commit(self, message: str, when: str = "2025-01-01", author: tuple[str, str] = AUTHOR) -> str:
        """Stage everything and commit it; returns the commit id."""
        self.git("add", "-A")
        stamp = f"{when}T09:00:00+00:00"
        self.env["GIT_AUTHOR_DATE"] = self.env["GIT_COMMITTER_DATE"] = stamp
        self.git(
            "-c", f"user.name={author[0]}", "-c", f"user.email={author[1]}", "commit", "-q", "-m", message
        )
        return self.git("rev-parse", "HEAD").strip()

    def read(self, name: str) -> str:
        return (self.root / name).read_text(encoding="utf-8")

    def edit(self, name: str, old: str, new: str, count: int = 1) -> None:
        """Replace text in a workspace file (the text must be there)."""
        text = self.read(name)
        assert old in text, f"{old!r} not in {name}"
        (self.root / name).write_text(text.replace(old, new, count), encoding="utf-8")
