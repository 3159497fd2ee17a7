"""Hostile paths and revisions: options smuggled in as revisions, plan files that are links
out of the workspace, FIFOs and devices, ``-o`` aimed at something that is not a file, a
write killed half-way, plans kept beside the workspace folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from git_fixtures import Repo
from plan_fixtures import AS_OF_TEXT, BASE, PLAN, REPO, invoke, lint_ws, load
from pmplan.changes.git import GitError, log_changes, open_repo, resolve
from pmplan.files import atomic_write

# --- revisions ---------------------------------------------------------------------------------


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "repo")
    r.write(dict(BASE))
    r.commit("Agree the plan", "2025-03-01")
    r.edit("plans/plan.yaml", "status: on-track", "status: at-risk")
    r.commit("At risk", "2025-04-01")
    return r


@pytest.mark.parametrize("rev", ["--output=EVIL", "-p", "--exec=touch EVIL"])
def test_a_revision_that_looks_like_an_option_is_refused(repo, tmp_path, rev):
    evil = tmp_path / "evil"
    rev = rev.replace("EVIL", str(evil))
    for args in (("--", rev), ("--", f"HEAD..{rev}"), ("HEAD", "--", rev), ("--", f"{rev}...HEAD")):
        result = invoke("diff", "-w", str(repo.root), *args)
        assert result.exit_code == 2, args
        assert "is not a revision: a revision never starts with '-'" in result.stderr
    with pytest.raises(GitError):
        resolve(open_repo(repo.root), rev)
    assert not evil.exists()


def test_git_is_told_where_options_end(repo, tmp_path):
    """Even a caller that skips the check cannot pass git an option as a revision."""
    evil = tmp_path / "evil.txt"
    with pytest.raises(GitError):
        log_changes(open_repo(repo.root), ["."], rev=f"--output={evil}")
    assert not evil.exists()


def test_plans_beside_the_workspace_folder(tmp_path):
    """``plans: ../plans``: diff and history read them from git as lint reads them."""
    repo = Repo(tmp_path / "repo", workspace="ws")
    files = {f"../{k}" if k.startswith("plans/") else k: v for k, v in BASE.items()}
    files["pmplan.yaml"] = BASE["pmplan.yaml"] + "plans: ../plans\n"
    repo.write(files)
    repo.commit("Agree the plan", "2025-03-01")
    repo.edit("../plans/plan.yaml", "status: on-track", "status: at-risk")
    repo.commit("At risk", "2025-04-01")
    assert lint_ws(repo.root) == []
    diff = invoke("diff", "HEAD~1", "HEAD", "-w", str(repo.root), "--format", "json")
    assert diff.exit_code == 0, diff.stderr
    assert '"on-track"' in diff.stdout and '"at-risk"' in diff.stdout
    history = invoke("history", "pm:R1.a", "-w", str(repo.root))
    assert history.exit_code == 0, history.stderr
    assert "in ../plans/plan.yaml" in history.stdout
    assert "Agree the plan" in history.stdout and "on-track → at-risk" in history.stdout
    assert "not committed yet" not in history.stdout


def test_plans_outside_the_repository_are_refused_clearly(repo, tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "plan.yaml").write_text((repo.root / "plans/plan.yaml").read_text())
    repo.write({"pmplan.yaml": BASE["pmplan.yaml"] + f"plans: {outside}\n"})
    result = invoke("history", "pm:R1.a", "-w", str(repo.root))
    assert result.exit_code == 2
    assert (
        f"the plans folder '{outside}' ({outside.resolve()}) is outside the git repository" in result.stderr
    )
    repo.commit("Plans moved out")
    result = invoke("diff", "HEAD~1", "HEAD", "-w", str(repo.root))
    assert result.exit_code == 2
    assert "is outside the git repository" in result.stderr


# --- plan files that are not plain files --------------------------------------------------------


def test_links_out_of_the_workspace_are_not_read(make_workspace, tmp_path):
    secret = tmp_path / "secret.yaml"
    secret.write_text(PLAN.replace("id: pm\n", "id: stolen\n"), encoding="utf-8")
    root = make_workspace()
    (root / "plans/stolen.yaml").symlink_to(secret)
    (root / "plans/zero.yaml").symlink_to("/dev/zero")
    (root / "plans/inside.yml").symlink_to(root / "plans/plan.yaml")
    ws = load(root)
    assert "stolen" not in ws.plans
    messages = {f.file: f.message for result in ws.files for f in result.findings}
    assert messages == {
        "plans/stolen.yaml": f"not read: it is a symbolic link to {secret.resolve()}, outside the "
        "workspace; copy the file into the workspace instead",
        "plans/zero.yaml": "not read: it is a symbolic link to /dev/zero, outside the workspace; "
        "copy the file into the workspace instead",
    }
    assert any(r.rel == "plans/inside.yml" and r.model is not None for r in ws.files)


def test_a_plans_folder_beside_the_workspace_may_hold_links_into_it(tmp_path):
    shared = tmp_path / "shared"
    (shared / "real").mkdir(parents=True)
    (shared / "real/plan.yaml").write_text(PLAN, encoding="utf-8")
    (shared / "plan.yaml").symlink_to(shared / "real/plan.yaml")
    root = tmp_path / "ws"
    root.mkdir()
    (root / "pmplan.yaml").write_text("plans: ../shared\n", encoding="utf-8")
    ws = load(root)
    assert {r.rel for r in ws.files if r.model is not None} == {
        "../shared/plan.yaml",
        "../shared/real/plan.yaml",
    }


def _run(*args: str, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pmplan", *args], capture_output=True, text=True, timeout=timeout, check=False
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_is_reported_not_read(make_workspace):
    """A FIFO among the plans once made lint wait for ever."""
    root = make_workspace()
    os.mkfifo(root / "plans/pipe.yaml")
    os.mkfifo(root / "pmplan-other.yaml")
    result = _run("lint", "-w", str(root), "--as-of", AS_OF_TEXT)
    assert result.returncode == 1, result.stderr
    assert (
        "plans/pipe.yaml:1:1: error [invalid-file] not read: it is a named pipe (FIFO), not a plan file"
        in (result.stdout)
    )


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
def test_a_fifo_or_a_device_for_pmplan_yaml_is_refused(tmp_path):
    os.mkfifo(tmp_path / "pmplan.yaml")
    (tmp_path / "plans").mkdir()
    result = _run("lint", "-w", str(tmp_path))
    assert result.returncode == 2
    assert "is not a pmplan workspace" in result.stderr
    (tmp_path / "pmplan.yaml").unlink()
    (tmp_path / "pmplan.yaml").symlink_to("/dev/zero")
    assert _run("lint", "-w", str(tmp_path)).returncode == 2


# --- -o ----------------------------------------------------------------------------------------------


def _targets(tmp_path: Path) -> dict[str, Path]:
    real = tmp_path / "real.txt"
    real.write_text("keep me", encoding="utf-8")
    link = tmp_path / "link.out"
    link.symlink_to(real)
    folder = tmp_path / "folder.out"
    folder.mkdir()
    found = {"a symbolic link": link, "a folder": folder, "a device": Path("/dev/null")}
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "fifo.out")
        found["a named pipe (FIFO)"] = tmp_path / "fifo.out"
    return found


@pytest.mark.parametrize(
    "command",
    [
        ("report", "q2", "-o", "{}"),
        ("report", "q2", "--format", "html", "-o", "{}"),
        ("export", "--format", "json", "-o", "{}"),
        ("export", "--format", "sqlite", "-o", "{}"),
        ("export", "--format", "csv", "--what", "actions", "-o", "{}"),
        ("calendar", "--ics", "{}"),
        ("schema", "-o", "{}"),
    ],
)
def test_output_refuses_anything_but_a_regular_file(make_workspace, tmp_path, command):
    root = make_workspace(
        {
            "plans/calendar.yaml": "kind: calendar\nreports:\n  - id: q\n    title: QPR\n    months: [Feb]\n",
        }
    )
    for what, target in _targets(tmp_path).items():
        args = [a.format(target) for a in command]
        if command[0] != "schema":
            args += ["-w", str(root), "--as-of", AS_OF_TEXT]
        result = invoke(*args)
        assert result.exit_code == 2, (args, result.stdout)
        assert f"it is {what}" in result.stderr, (args, result.stderr)
    assert (tmp_path / "real.txt").read_text(encoding="utf-8") == "keep me"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_import_with_force_still_refuses_a_link(tmp_path):
    source = tmp_path / "plan.csv"
    source.write_text("Ref,Action,Lead,Timescale\n1,Do it,JP,Mar 26\n", encoding="utf-8")
    target = tmp_path / "real.yaml"
    target.write_text("keep me", encoding="utf-8")
    (tmp_path / "out.yaml").symlink_to(target)
    result = invoke("import", str(source), "-o", str(tmp_path / "out.yaml"), "--force")
    assert result.exit_code == 2
    assert "it is a symbolic link" in result.stderr
    assert target.read_text(encoding="utf-8") == "keep me"


def test_output_replaces_a_regular_file_and_keeps_its_mode(tmp_path):
    target = tmp_path / "out.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o600)
    atomic_write(target, b"new")
    assert target.read_bytes() == b"new"
    assert target.stat().st_mode & 0o777 == 0o600
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


SLOW_WRITER = """
import os, sys, time
from pathlib import Path
import pmplan.cli

MARKER = Path(sys.argv[1])

def slow_fsync(fd):
    MARKER.write_text("writing")
    time.sleep(60)

os.fsync = slow_fsync
sys.argv = ["pmplan", "export", "--format", "json", "-o", sys.argv[2], "-w", sys.argv[3]]
pmplan.cli.main()
"""


def _start_slow_export(tmp_path: Path, root: Path, out: Path) -> subprocess.Popen[bytes]:
    marker = tmp_path / "marker"
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    process = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(SLOW_WRITER), str(marker), str(out), str(root)], env=env
    )
    deadline = time.monotonic() + 60
    while not marker.exists():
        assert process.poll() is None, "the writer stopped before it wrote"
        assert time.monotonic() < deadline, "the writer never started writing"
        time.sleep(0.05)
    return process


def test_a_write_stopped_by_kill_leaves_no_temporary_file(make_workspace, tmp_path):
    root = make_workspace()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    (out_dir / "e.json").write_text("old", encoding="utf-8")
    process = _start_slow_export(tmp_path, root, out_dir / "e.json")
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=60) == 128 + signal.SIGTERM
    assert [p.name for p in out_dir.iterdir()] == ["e.json"]
    assert (out_dir / "e.json").read_text(encoding="utf-8") == "old"


def test_a_temporary_file_left_by_kill_9_goes_with_the_next_write(make_workspace, tmp_path):
    root = make_workspace()
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    process = _start_slow_export(tmp_path, root, out_dir / "e.json")
    process.kill()
    process.wait(timeout=60)
    assert [p.name for p in out_dir.iterdir() if p.name.endswith(".tmp")]
    result = invoke("export", "--format", "json", "-o", str(out_dir / "e.json"), "-w", str(root))
    assert result.exit_code == 0, result.stderr
    assert [p.name for p in out_dir.iterdir()] == ["e.json"]
