"""The pre-commit hooks in ``.pre-commit-hooks.yaml``, run through pre-commit itself.

pre-commit installs a ``language: python`` hook by building a virtualenv and installing
pmplan and its dependencies from the package index, which takes minutes and the network.
So the test runs the manifest's own hooks (id, entry, files, pass_filenames...) as
``repo: local`` hooks with ``language: system`` and the entry pointed at this
environment's ``pmplan``: what runs, on which files, and what fails the commit, are the
manifest's.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from git_fixtures import Repo
from plan_fixtures import BASE, REPO

pre_commit = pytest.importorskip("pre_commit.clientlib")
MANIFEST = REPO / ".pre-commit-hooks.yaml"
PMPLAN = Path(sys.executable).parent / "pmplan"


def test_manifest_is_valid() -> None:
    hooks = pre_commit.load_manifest(str(MANIFEST))
    assert [h["id"] for h in hooks] == ["pmplan-lint", "pmplan-diff-check"]
    assert all(h["language"] == "python" and h["pass_filenames"] is False for h in hooks)


def local_config() -> str:
    hooks = []
    for hook in yaml.safe_load(MANIFEST.read_text()):
        local = {**hook, "language": "system"}
        local["entry"] = str(PMPLAN) + hook["entry"].removeprefix("pmplan")
        hooks.append(local)
    return yaml.safe_dump({"repos": [{"repo": "local", "hooks": hooks}]}, sort_keys=False)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    if shutil.which("git") is None or not PMPLAN.exists():
        pytest.skip("needs git and the pmplan command")
    r = Repo(tmp_path / "repo")
    r.write({**BASE, ".pre-commit-config.yaml": local_config()})
    r.commit("Plans")
    r.env["PRE_COMMIT_HOME"] = str(tmp_path / "pre-commit-home")
    return r


def run_hooks(repo: Repo, *args: str) -> subprocess.CompletedProcess[str]:
    repo.git("add", "-A")
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "run", *args],
        cwd=repo.top,
        env=repo.env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_hooks_pass_on_clean_plans(repo: Repo) -> None:
    done = run_hooks(repo, "--all-files")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "pmplan lint" in done.stdout and "pmplan diff --check" in done.stdout


def test_lint_hook_fails_a_plan_with_an_error(repo: Repo) -> None:
    repo.edit("plans/plan.yaml", "leads: [JP, CMT]", "leads: [JP, XX]")
    done = run_hooks(repo, "pmplan-lint")
    assert done.returncode == 1
    assert "unknown-person" in done.stdout


def test_diff_check_hook_stops_a_slip_without_an_update(repo: Repo) -> None:
    repo.edit("plans/plan.yaml", "timescale: Mar 26", "timescale: Jun 26")
    done = run_hooks(repo, "pmplan-diff-check")
    assert done.returncode == 1
    assert "pm:R1.a slipped 91 days" in done.stdout
    repo.edit(
        "plans/plan.yaml",
        "            text: Mapping under way.\n",
        "            text: Mapping under way.\n          - date: 2025-11-20\n            text: Moved to June.\n",
    )
    done = run_hooks(repo, "pmplan-diff-check")
    assert done.returncode == 0, done.stdout


def test_ci_guide_examples_are_valid(tmp_path: Path) -> None:
    """docs/ci.md: its YAML parses, its pre-commit configs validate, and every pmplan command
    it shows uses a real command and real flags."""
    import re
    import shlex

    import typer.main

    from pmplan.cli import app

    text = (REPO / "docs" / "ci.md").read_text()
    blocks = re.findall(r"```yaml\n(.*?)```", text, re.S)
    assert len(blocks) >= 5
    configs = 0
    for block in blocks:
        data = yaml.safe_load(block)
        if isinstance(data, dict) and "repos" in data:
            config = tmp_path / f"config{configs}.yaml"
            config.write_text(block)
            pre_commit.load_config(str(config))  # raises on an invalid configuration
            configs += 1
    assert configs == 2
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    used = re.findall(r"pmplan ((?:lint|diff|history|update)\b[^`\n'|>]*)", text)
    assert len(used) >= 10
    for line in used:
        words = shlex.split(line.replace("${{ github.base_ref }}", "main"), comments=True)
        command = commands[words[0]]
        flags = {opt for param in command.params for opt in param.opts}
        assert {w.split("=")[0] for w in words if w.startswith("--")} <= flags, line


def test_installed_hook_stops_the_commit(repo: Repo) -> None:
    """Through ``git commit`` itself, as users meet it (git sets its own variables for hooks)."""
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "install"],
        cwd=repo.top,
        env=repo.env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    repo.edit("plans/plan.yaml", "timescale: Mar 26", "timescale: Jun 26")
    repo.git("add", "-A")
    commit = ["-c", "user.name=Jo", "-c", "user.email=jo@example.org", "commit", "-q", "-m", "Slip"]
    stopped = subprocess.run(["git", *commit], cwd=repo.top, env=repo.env, capture_output=True, text=True)
    assert stopped.returncode == 1
    assert "pm:R1.a slipped 91 days" in stopped.stdout + stopped.stderr
    assert repo.git("rev-list", "--count", "HEAD").strip() == "1"  # the commit was stopped
    repo.edit(
        "plans/plan.yaml",
        "            text: Mapping under way.\n",
        "            text: Mapping under way.\n          - date: 2025-11-20\n            text: Moved to June.\n",
    )
    repo.git("add", "-A")
    repo.git(*commit)
    assert repo.git("rev-list", "--count", "HEAD").strip() == "2"
