"""``pmplan diff``: plan changes between git revisions, by item, and the review gate."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path
from typing import Any

import pytest

from git_fixtures import Repo
from plan_fixtures import BASE, invoke
from pmplan.changes.diff import KINDS, check, diff_workspaces
from pmplan.changes.git import GitError, diff_revisions
from pmplan.workspace.index import load_workspace

AUDIT = """
kind: action-plan
id: pm-audit
title: Performance Management Action Plan
owner: JP
links: [P1]
recommendations:
  - id: R1
    title: Link priorities
    actions:
      - id: a
        title: Align outcomes
        leads: [JP, CMT]
        timescale: Mar 26
        status: on-track
        updates:
          - date: 2025-11-01
            text: Mapping under way.
      - id: b
        title: Publish the measures
        leads: [HB]
        timescale: Jun 26
        status: complete
        updates:
          - date: 2025-10-01
            text: Published.
  - id: R2
    title: Train members
    actions:
      - id: a
        title: Member training
        timescale: 31/03/2026
        status: not-started
"""


def files(**extra: str | None) -> dict[str, str | None]:
    return {**BASE, "plans/plan.yaml": None, "plans/audit.yaml": AUDIT, **extra}


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    r = Repo(tmp_path / "repo")
    r.write({k: v for k, v in files().items() if v is not None})
    r.commit("Agree the plan", "2025-03-01")
    return r


def changes_json(repo: Repo, *args: str) -> tuple[int, dict[str, Any]]:
    result = invoke("diff", *args, "--format", "json", "--workspace", str(repo.root))
    assert result.exit_code in (0, 1), result.stderr
    return result.exit_code, json.loads(result.stdout)


def brief(data: dict[str, Any]) -> list[tuple[Any, ...]]:
    return [(c["ref"], c["kind"], c["field"], c["old"], c["new"], c["days"]) for c in data["changes"]]


def test_no_change_is_empty(repo: Repo) -> None:
    code, data = changes_json(repo)
    assert code == 0
    assert data == {"base": "HEAD", "head": None, "changes": []}


def test_each_change_kind(repo: Repo) -> None:
    repo.edit("plans/audit.yaml", "timescale: Mar 26", "timescale: Jun 26")  # R1.a slips 91 days
    repo.edit("plans/audit.yaml", "status: on-track", "status: at-risk")
    repo.edit("plans/audit.yaml", "leads: [JP, CMT]", "leads: [HB]")
    repo.edit(
        "plans/audit.yaml",
        "            text: Mapping under way.\n",
        "            text: Mapping under way.\n          - date: 2025-11-15\n            text: Waiting for CMT.\n",
    )
    repo.edit(
        "plans/audit.yaml",
        "timescale: Jun 26\n        status: complete",
        "timescale: Apr 26\n        status: complete",
    )
    repo.edit("plans/audit.yaml", "title: Member training", "title: Training for members")
    repo.edit(
        "plans/audit.yaml",
        "  - id: R2\n    title: Train members\n",
        "  - id: R2\n    title: Train all members\n",
    )
    text = repo.read("plans/audit.yaml")
    text = text.replace(
        "      - id: a\n        title: Training for members\n",
        "      - id: b\n        title: Induction pack\n        timescale: Jun 26\n"
        "      - id: a\n        title: Training for members\n",
    )
    (repo.root / "plans/audit.yaml").write_text(text)
    repo.edit("plans/people.yaml", "name: Hal Brook", "name: Hal Brooke")
    code, data = changes_json(repo)
    assert code == 0
    assert brief(data) == [
        ("pm-audit:R1.a", "slipped", "due", "2026-03-31", "2026-06-30", 91),
        ("pm-audit:R1.a", "status", "status", "on-track", "at-risk", None),
        ("pm-audit:R1.a", "leads", "leads", ["JP", "CMT"], ["HB"], None),
        ("pm-audit:R1.a", "changed", "timescale", "Mar 26", "Jun 26", None),
        (
            "pm-audit:R1.a",
            "update-added",
            "updates",
            None,
            {"date": "2025-11-15", "text": "Waiting for CMT."},
            None,
        ),
        ("pm-audit:R1.b", "brought-forward", "due", "2026-06-30", "2026-04-30", -61),
        ("pm-audit:R1.b", "changed", "timescale", "Jun 26", "Apr 26", None),
        ("pm-audit:R2", "changed", "title", "Train members", "Train all members", None),
        ("pm-audit:R2.b", "added", None, None, "Induction pack", None),
        ("pm-audit:R2.a", "changed", "title", "Member training", "Training for members", None),
        ("HB", "changed", "name", "Hal Brook", "Hal Brooke", None),
    ]
    assert {c["kind"] for c in data["changes"]} | {"removed"} == set(KINDS)
    assert all(list(c) == ["ref", "kind", "field", "old", "new", "days"] for c in data["changes"])


def test_removed_and_indicator_values(repo: Repo) -> None:
    text = repo.read("plans/audit.yaml")
    repo.write({"plans/audit.yaml": text[: text.index("  - id: R2")]})
    repo.edit("plans/indicators.yaml", "{target: 70, actual: 71}", "{target: 72, actual: 71}")
    repo.edit(
        "plans/indicators.yaml",
        "      2025/26 Q1",
        "      2025/26 Q2: {target: 72, actual: 69}\n      2025/26 Q1",
    )
    code, data = changes_json(repo)
    assert brief(data) == [
        ("LPI-01", "changed", "values.2025/26 Q1.target", 70.0, 72.0, None),
        ("LPI-01", "changed", "values.2025/26 Q2", None, {"target": 72.0, "actual": 69.0}, None),
        ("pm-audit:R2", "removed", None, "Train members", None, None),
        ("pm-audit:R2.a", "removed", None, "Member training", None, None),
    ]


def test_moving_and_splitting_files_changes_nothing(repo: Repo) -> None:
    repo.git("mv", "plans/audit.yaml", "plans/action-plans-audit.yaml")
    (repo.root / "plans/deep/er").mkdir(parents=True)
    repo.git("mv", "plans/people.yaml", "plans/deep/er/who.yml")
    people = repo.read("plans/deep/er/who.yml")
    # split the people into two files
    head, _, rest = people.partition("  - id: HB")
    repo.write(
        {"plans/deep/er/who.yml": head, "plans/more-people.yaml": "kind: people\npeople:\n  - id: HB" + rest}
    )
    repo.commit("Reorganise the files", "2025-04-01")
    code, data = changes_json(repo, "HEAD~1", "HEAD")
    assert (code, data["changes"]) == (0, [])
    assert (data["base"], data["head"]) == ("HEAD~1", "HEAD")


def test_renamed_plan_is_matched(repo: Repo) -> None:
    repo.edit("plans/audit.yaml", "id: pm-audit", "id: pm-audit-2025")
    repo.edit("plans/audit.yaml", "status: not-started", "status: on-track")
    repo.git("mv", "plans/audit.yaml", "plans/audit-2025.yaml")
    repo.commit("Rename the plan", "2025-04-01")
    code, data = changes_json(repo, "HEAD~1", "HEAD")
    assert brief(data) == [
        ("pm-audit-2025", "changed", "id", "pm-audit", "pm-audit-2025", None),
        ("pm-audit-2025:R2.a", "status", "status", "not-started", "on-track", None),
    ]


def test_an_unrelated_new_plan_is_not_a_rename(repo: Repo) -> None:
    other = AUDIT.replace("id: pm-audit", "id: pm-waste").replace("Align outcomes", "Weekly collections")
    other = other.replace("Publish the measures", "New depot").replace("Member training", "Fleet plan")
    repo.write({"plans/audit.yaml": other})
    code, data = changes_json(repo)
    kinds = {(c["ref"].split(":")[0], c["kind"]) for c in data["changes"]}
    assert kinds == {("pm-waste", "added"), ("pm-audit", "removed")}


def test_revision_ranges(repo: Repo) -> None:
    repo.edit("plans/audit.yaml", "status: not-started", "status: on-track")
    repo.commit("R2.a started", "2025-04-01")
    repo.edit("plans/audit.yaml", "status: on-track\n        updates", "status: delayed\n        updates")
    # one revision: from it to the working tree
    assert [c[1] for c in brief(changes_json(repo, "HEAD~1")[1])] == ["status", "status"]
    assert brief(changes_json(repo, "HEAD~1..HEAD")[1]) == [
        ("pm-audit:R2.a", "status", "status", "not-started", "on-track", None)
    ]
    assert brief(changes_json(repo, "HEAD~1...HEAD")[1]) == brief(changes_json(repo, "HEAD~1", "HEAD")[1])


def test_first_commit_of_the_workspace_is_all_added(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    (r.top / "README").write_text("plans to come\n")
    r.commit("Start")
    r.write({k: v for k, v in files().items() if v is not None})
    r.commit("Add the plans", "2025-02-01")
    code, data = changes_json(r, "HEAD~1", "HEAD")
    assert {c["kind"] for c in data["changes"]} == {"added"}
    assert "pm-audit:R1.a" in {c["ref"] for c in data["changes"]}


def test_before_the_first_commit_everything_is_added(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    r.write({k: v for k, v in files().items() if v is not None})
    code, out, err = gate(r)
    assert code == 0, err
    assert "pm-audit:R1.a" not in err
    assert out.startswith("Plan changes from HEAD to the working tree: 13 items changed: 13 added.")


def test_workspace_in_a_subfolder(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo", workspace="council/plans-ws")
    r.write({k: v for k, v in files().items() if v is not None})
    r.commit("Agree the plan")
    r.edit("plans/audit.yaml", "timescale: Mar 26", "timescale: May 26")
    result = diff_revisions(r.root)
    assert [(c.ref, c.kind, c.days) for c in result.changes][:1] == [("pm-audit:R1.a", "slipped", 61)]
    assert result.changes[0].item is not None
    assert result.changes[0].item.file == "plans/audit.yaml"


# --- the review gate -------------------------------------------------------------------------


def gate(repo: Repo, *args: str) -> tuple[int, str, str]:
    result = invoke("diff", *args, "--check", "--workspace", str(repo.root))
    return result.exit_code, result.stdout, result.stderr


def test_check_fails_a_slip_without_an_update(repo: Repo) -> None:
    repo.edit("plans/audit.yaml", "timescale: Mar 26", "timescale: Jun 26")
    code, out, _ = gate(repo)
    assert code == 1
    assert "pm-audit:R1.a slipped 91 days (due 2026-03-31 → 2026-06-30) with no update" in out
    assert "plans/audit.yaml:10:" in out


def test_check_passes_a_slip_with_an_update(repo: Repo) -> None:
    repo.edit("plans/audit.yaml", "timescale: Mar 26", "timescale: Jun 26")
    repo.edit(
        "plans/audit.yaml",
        "            text: Mapping under way.\n",
        '            text: Mapping under way.\n          - date: 2025-11-20\n            text: "Moved: CMT asked for more time."\n',
    )
    code, out, err = gate(repo)
    assert code == 0, out
    assert "slipped 91 days" in out and "update added (2025-11-20): Moved: CMT asked for more time." in out
    assert out.endswith("Review gate: passed.\n")
    assert err == ""


def test_check_in_a_pull_request_range(repo: Repo) -> None:
    repo.edit("plans/audit.yaml", "timescale: Mar 26", "timescale: Jun 26")
    repo.commit("Slip R1.a", "2025-04-01")
    assert gate(repo, "HEAD~1", "HEAD")[0] == 1
    assert gate(repo, "HEAD")[0] == 0  # nothing uncommitted


def test_check_fails_a_reopened_action_without_an_update(repo: Repo) -> None:
    repo.edit("plans/audit.yaml", "status: complete", "status: on-track")
    code, out, _ = gate(repo)
    assert code == 1
    assert "pm-audit:R1.b was re-opened (complete → on-track)" in out
    repo.edit(
        "plans/audit.yaml",
        "            text: Published.\n",
        "            text: Published.\n          - date: 2025-11-20\n            text: Reopened for errata.\n",
    )
    assert gate(repo)[0] == 0


def test_check_fails_a_target_change_without_a_note(repo: Repo) -> None:
    repo.edit("plans/indicators.yaml", "{target: 70, actual: 71}", "{target: 65, actual: 71}")
    code, out, _ = gate(repo)
    assert code == 1
    assert "LPI-01: the 2025/26 Q1 target changed (70 → 65) with no note" in out
    repo.edit(
        "plans/indicators.yaml",
        "{target: 65, actual: 71}",
        "{target: 65, actual: 71, note: Revised by Cabinet}",
    )
    assert gate(repo)[0] == 0


def test_check_json_and_github(repo: Repo) -> None:
    repo.edit("plans/audit.yaml", "timescale: Mar 26", "timescale: Jun 26")
    result = invoke("diff", "--check", "--format", "json", "--workspace", str(repo.root))
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert data["problems"][0]["ref"] == "pm-audit:R1.a"
    assert (data["problems"][0]["rule"], data["problems"][0]["severity"]) == (
        "slipped-without-update",
        "error",
    )
    assert "slipped 91 days" in result.stderr
    result = invoke("diff", "--check", "--format", "github", "--workspace", str(repo.root))
    assert result.stdout.startswith(
        "::error file=plans/audit.yaml,line=10,col=1,title=slipped-without-update::pm-audit:R1.a"
    )


def test_a_file_that_does_not_load_is_said_and_fails_the_gate(repo: Repo) -> None:
    repo.edit("plans/audit.yaml", "status: on-track", "status: [on-track")
    result = invoke("diff", "--check", "--format", "md", "--workspace", str(repo.root))
    assert result.exit_code == 1
    assert (
        "warning: at the working tree, plans/audit.yaml does not load: the list after 'status:' has no closing ']'"
        in result.stderr
    )
    assert "- `plans/audit.yaml`: plans/audit.yaml does not load" in result.stdout


# --- formats ------------------------------------------------------------------------------------


def test_markdown_puts_slippage_first(repo: Repo) -> None:
    repo.edit("plans/audit.yaml", "status: not-started", "status: on-track")
    repo.edit("plans/audit.yaml", "timescale: Mar 26", "timescale: Jun 26")
    repo.edit("plans/audit.yaml", "timescale: 31/03/2026", "timescale: Sep 26")
    repo.edit("plans/audit.yaml", "title: Member training", "title: Member training | all")
    md = invoke("diff", "--format", "md", "--workspace", str(repo.root)).stdout
    assert md.splitlines()[:3] == [
        "### Plan changes: `HEAD` → working tree",
        "",
        "Plan changes from HEAD to the working tree: 2 items changed: 2 slipped (274 days in all), "
        "1 status change, 1 other change.",
    ]
    table = [line for line in md.splitlines() if line.startswith("| `")]
    assert table == [
        "| `R2.a` | Member training \\| all | 31/03/2026 (2026-03-31) | Sep 26 (2026-09-30) | 183 | **no update** |",
        "| `R1.a` | Align outcomes | Mar 26 (2026-03-31) | Jun 26 (2026-06-30) | 91 | **no update** |",
    ]
    assert md.index("#### `pm-audit` Performance Management Action Plan") < md.index("| Slipped |")
    assert "- **`R2.a`** Member training \\| all: status not-started → on-track; title" in md


def test_text_format(repo: Repo) -> None:
    repo.edit("plans/audit.yaml", "timescale: Mar 26", "timescale: Jun 26")
    out = invoke("diff", "--workspace", str(repo.root)).stdout
    assert out == (
        "Plan changes from HEAD to the working tree: 1 item changed: 1 slipped (91 days in all).\n"
        "\n"
        "pm-audit  Performance Management Action Plan\n"
        "  R1.a  Align outcomes\n"
        "      slipped 91 days: due 2026-03-31 → 2026-06-30 (timescale Mar 26 → Jun 26)\n"
    )


def test_diff_is_pure_on_workspaces(repo: Repo, tmp_path: Path) -> None:
    other = tmp_path / "copy"
    subprocess.run(["cp", "-r", str(repo.root), str(other)], check=True)
    (other / "plans/audit.yaml").write_text(AUDIT.replace("status: complete", "status: cancelled").lstrip())
    changes = diff_workspaces(load_workspace(repo.root), load_workspace(other))
    assert [(c.ref, c.kind, c.old, c.new) for c in changes] == [
        ("pm-audit:R1.b", "status", "complete", "cancelled")
    ]
    assert check(changes) == []  # closing an action needs no update by this gate


# --- errors --------------------------------------------------------------------------------------


def test_outside_a_repository(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    root.mkdir()
    (root / "pmplan.yaml").write_text("organisation: T\n")
    (root / "plans").mkdir()
    result = invoke("diff", "--workspace", str(root))
    assert result.exit_code == 2
    assert "is not in a git repository" in result.stderr
    with pytest.raises(GitError):
        diff_revisions(root)


def test_unknown_revision_and_bad_format(repo: Repo) -> None:
    result = invoke("diff", "no-such-branch", "--workspace", str(repo.root))
    assert result.exit_code == 2
    assert "unknown revision 'no-such-branch'" in result.stderr
    assert "Traceback" not in result.stderr
    assert invoke("diff", "--format", "xml", "--workspace", str(repo.root)).exit_code == 2


def test_shallow_clone_says_so(repo: Repo, tmp_path: Path) -> None:
    repo.edit("plans/audit.yaml", "status: not-started", "status: on-track")
    repo.commit("Second", "2025-04-01")
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo.top}", str(clone)], check=True, env=repo.env
    )
    result = invoke("diff", "HEAD~1", "HEAD", "--workspace", str(clone))
    assert result.exit_code == 2
    assert "shallow clone" in result.stderr and "fetch-depth: 0" in result.stderr
