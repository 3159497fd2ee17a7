"""The README's commands work where it says they do: on the example council at the top of the
repository, and in a workspace made by ``pmplan init``."""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest

from git_fixtures import Repo
from plan_fixtures import REPO, invoke

README = (REPO / "README.md").read_text(encoding="utf-8")


def block_after(marker: str) -> list[list[str]]:
    """The commands of the code block after the comment holding ``marker``, each as words."""
    at = README.index(marker)
    body = re.search(r"```sh\n(.*?)```", README[at:], flags=re.S)
    assert body is not None
    commands = []
    for line in body.group(1).splitlines():
        line = re.sub(r"\s+#.*$", "", line).strip()
        commands += [shlex.split(part) for part in line.split(" && ") if part.strip()]
    return commands


def run(words: list[str], cwd: Path) -> None:
    assert words[0] == "pmplan", words
    result = invoke(*words[1:])
    assert result.exit_code == 0, f"{shlex.join(words)} in {cwd}: exit {result.exit_code}: {result.stderr}"
    assert "Traceback" not in result.stderr


def test_the_example_council_commands(tmp_path, monkeypatch):
    commands = block_after("run by tests/test_readme.py against the example council")
    assert len(commands) >= 15
    repo = Repo(tmp_path / "calderbrook")
    shutil.copy(REPO / "pmplan.yaml", repo.root)
    shutil.copytree(REPO / "plans", repo.root / "plans")
    if (REPO / "evidence").is_dir():  # the files the audit tracker's evidence names
        shutil.copytree(REPO / "evidence", repo.root / "evidence")
    repo.commit("The example council")
    notes = repo.root / "plans" / "glossary.yaml"
    notes.write_text(notes.read_text(encoding="utf-8") + "  XYZ: A term added later\n", encoding="utf-8")
    repo.commit("A term")
    monkeypatch.chdir(repo.root)
    for words in commands:
        run(words, repo.root)
    assert (repo.root / "plans.xlsx").is_file()
    assert (repo.root / "reporting.ics").is_file()
    assert list((repo.root / "reports").glob("*-q4.docx"))


def test_the_new_workspace_commands(tmp_path, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    commands = block_after("run by tests/test_readme.py in a new workspace")
    monkeypatch.chdir(tmp_path)
    repo: Repo | None = None
    for words in commands:
        if words[0] == "cd":
            monkeypatch.chdir(tmp_path / words[1])
            continue
        if words[0] == "git":
            repo = repo or _repo_here(tmp_path / "my-council")
            repo.git(*words[1:])
            continue
        run(words, Path.cwd())
    assert list((tmp_path / "my-council" / "reports").glob("*-q2.html"))


def _repo_here(folder: Path) -> Repo:
    """A Repo object for a folder where ``git init`` is about to run (the README does it)."""
    repo = Repo.__new__(Repo)
    repo.top = repo.root = folder
    from git_fixtures import AUTHOR, git_env

    repo.env = git_env(folder.parent)
    repo.env.update(GIT_AUTHOR_NAME=AUTHOR[0], GIT_AUTHOR_EMAIL=AUTHOR[1])
    repo.env.update(GIT_COMMITTER_NAME=AUTHOR[0], GIT_COMMITTER_EMAIL=AUTHOR[1])
    return repo


def test_readme_points_at_nothing_outside_the_repository():
    assert "shared spec" not in README and "../shared" not in README
    for link in re.findall(r"\]\(([^)#]+)\)", README):
        if not link.startswith("http"):
            assert (REPO / link).exists(), link


def test_the_readme_install_commands_name_the_wheel_make_dist_builds():
    import tomllib

    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    wheel = f"pmplan-{version}-py3-none-any.whl"
    assert README.count(wheel) >= 4
    assert "\ndist: install\n" in (REPO / "Makefile").read_text()
