"""One writer at a time: concurrent ``pmplan update`` processes on one file are serialised by
the workspace lock, and neither change is lost; a writer that cannot get the lock says so."""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from plan_fixtures import AS_OF_TEXT, BASE, REPO, write_tree
from pmplan.workspace.lock import LOCK_NAME, workspace_lock

TRIALS = 40


def _run_update(command: Any, root: str, note: str, start: Any, code: Any) -> None:
    """A child process: wait for the start signal, then run ``pmplan update`` as a user would."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    args = ["update", "pm:R1.a", "--note", note, "--as-of", AS_OF_TEXT, "-w", root]
    start.wait()
    try:
        command.main(args, prog_name="pmplan")
    except SystemExit as exc:
        code.value = int(exc.code or 0)
    else:
        code.value = 0


@pytest.mark.skipif(sys.platform == "win32", reason="the trials fork processes")
def test_two_concurrent_updates_both_land(tmp_path: Path) -> None:
    """Two processes update the same action at the same moment, many times over: every
    time both succeed and both updates are in the file."""
    # everything the command needs is imported and built before forking, so that each child
    # starts its work at once and the two collide
    import filelock  # noqa: F401
    import typer.main

    import pmplan.changes.edit.update  # noqa: F401
    from pmplan.cli import app

    command = typer.main.get_command(app)
    context = multiprocessing.get_context("fork")
    root = write_tree(tmp_path / "ws", BASE)
    plan = root / "plans" / "plan.yaml"
    original = plan.read_bytes()
    for trial in range(TRIALS):
        plan.write_bytes(original)
        start = context.Event()
        codes = [context.Value("i", -1) for _ in range(2)]
        notes = [f"Trial {trial}: update from officer {who}" for who in "AB"]
        children = [
            context.Process(target=_run_update, args=(command, str(root), note, start, code))
            for note, code in zip(notes, codes, strict=True)
        ]
        for child in children:
            child.start()
        start.set()
        for child in children:
            child.join(30)
        text = plan.read_text()
        assert [c.value for c in codes] == [0, 0], f"trial {trial}: exit codes {[c.value for c in codes]}"
        assert all(note in text for note in notes), f"trial {trial}: a change was lost:\n{text}"


WRITERS = {
    "update": ["update", "pm:R1.a", "--note", "Late"],
    "add": ["add", "action", "pm:R1", "--title", "Late"],
    "returns collect": ["returns", "collect", "plans/plan.yaml"],
    "import -o": ["import", "actions.csv", "-o", "plans/imported.yaml", "--id", "imported"],
}

SOURCE = "Ref,Action,Lead,Target date,Progress\n1,Publish the plan,Jo Bloggs,March 2026,Drafted\n"
"""A small action plan to import."""


@pytest.mark.parametrize("command", list(WRITERS))
def test_a_writer_that_cannot_get_the_lock_says_so(tmp_path: Path, command: str) -> None:
    root = write_tree(tmp_path / "ws", {**BASE, "actions.csv": SOURCE})
    before = (root / "plans" / "plan.yaml").read_bytes()
    with workspace_lock(root, timeout=1):
        done = subprocess.run(
            [sys.executable, "-m", "pmplan", *WRITERS[command], "-w", str(root)],
            capture_output=True,
            text=True,
            env={**os.environ, "PMPLAN_LOCK_TIMEOUT": "0.5"},
            cwd=root,
            check=False,
        )
    assert done.returncode == 2
    assert "another pmplan command is changing the plans" in done.stderr
    assert "Traceback" not in done.stderr
    assert (root / "plans" / "plan.yaml").read_bytes() == before
    assert not (root / "plans" / "imported.yaml").exists()
    if command != "update":
        return
    # once the lock is free, the same command goes through
    again = subprocess.run(
        [sys.executable, "-m", "pmplan", "update", "pm:R1.a", "--note", "Late", "-w", str(root)],
        capture_output=True,
        text=True,
        cwd=REPO,
        check=False,
    )
    assert again.returncode == 0, again.stderr
    assert (root / LOCK_NAME).exists()


def test_a_dry_run_takes_no_lock(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ws", BASE)
    with workspace_lock(root, timeout=1):
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "pmplan",
                "update",
                "pm:R1.a",
                "--note",
                "X",
                "--dry-run",
                "-w",
                str(root),
            ],
            capture_output=True,
            text=True,
            env={**os.environ, "PMPLAN_LOCK_TIMEOUT": "0.2"},
            cwd=REPO,
            check=False,
        )
    assert done.returncode == 0, done.stderr
    assert "+            text: X" in done.stdout


def _import(root: Path, output: str, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "pmplan", "import", "actions.csv", "-o", output, *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=root,
    )


def test_two_imports_to_one_new_file_one_is_refused(tmp_path: Path) -> None:
    """Two ``import -o`` of the same new plan file at once: the second to get the lock finds
    the file the first wrote and refuses (without --force), rather than overwrite it."""
    root = write_tree(tmp_path / "ws", {**BASE, "actions.csv": SOURCE})
    for trial in range(3):
        output = f"plans/imported-{trial}.yaml"
        runs = [_import(root, output, "--id", f"imported-{who}") for who in "ab"]
        done = [(run.wait(60), *run.communicate()) for run in runs]
        codes = sorted(code for code, _, _ in done)
        errors = "".join(err for _, _, err in done)
        assert codes == [0, 2], f"trial {trial}: exit codes {codes}: {errors}"
        assert "already exists" in errors and "Traceback" not in errors
        written = (root / output).read_text()
        assert written.count("id: imported-") == 1
        assert "Publish the plan" in written


def test_import_outside_a_workspace_needs_no_lock(tmp_path: Path) -> None:
    """A plan imported to a folder that is in no workspace, from a folder in none: no lock."""
    (tmp_path / "actions.csv").write_text(SOURCE)
    run = _import(tmp_path, "plan.yaml")
    code = run.wait(60)
    assert code == 0, run.communicate()[1]
    assert not (tmp_path / LOCK_NAME).exists()
    assert "Publish the plan" in (tmp_path / "plan.yaml").read_text()
