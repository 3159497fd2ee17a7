"""``pmplan history``: one item's story through the git history."""

from __future__ import annotations

import json
import subprocess
from datetime import date
from pathlib import Path

import pytest

from git_fixtures import Repo
from plan_fixtures import BASE, invoke
from pmplan.changes.history import item_history, original_due, original_dues, read_history

PLAN = """
kind: action-plan
id: pm-audit
title: Performance Management Action Plan
owner: JP
recommendations:
  - id: R1
    title: Link priorities
    actions:
      - id: a
        title: Align outcomes
        leads: [JP]
        timescale: Jun 07
        status: not-started
      - id: b
        title: Publish the measures
        timescale: Sep 07
"""
HAL = ("Hal Brook", "hal@example.org")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """An action agreed as Jun 07 that moves three times (140 days in all), across a file
    rename and a plan renamed, with a status change, a new lead and updates on the way."""
    r = Repo(tmp_path / "repo")
    r.write({**{k: v for k, v in BASE.items() if k != "plans/plan.yaml"}, "plans/audit.yaml": PLAN})
    r.commit("Agree the audit action plan", "2007-03-19")
    r.edit("plans/audit.yaml", "timescale: Jun 07", "timescale: Aug 07")
    r.edit(
        "plans/audit.yaml",
        "status: not-started",
        "status: delayed\n        updates:\n"
        "          - date: 2007-06-20\n            text: Waiting for the partnership's plan.",
    )
    r.commit("Q1 progress", "2007-06-21", HAL)
    r.edit("plans/audit.yaml", "title: Publish the measures", "title: Publish the measures online")
    r.commit("Unrelated change to R1.b", "2007-07-01")
    (r.root / "plans/action-plans").mkdir()
    r.git("mv", "plans/audit.yaml", "plans/action-plans/audit.yaml")
    r.commit("Move plans into a folder", "2007-07-02")
    r.edit("plans/action-plans/audit.yaml", "timescale: Aug 07", "timescale: Oct 07")
    r.edit("plans/action-plans/audit.yaml", "leads: [JP]", "leads: [HB]")
    r.commit("Q2: new lead", "2007-09-30", HAL)
    r.edit("plans/action-plans/audit.yaml", "id: pm-audit", "id: pm-audit-2007")
    r.commit("Rename the plan", "2007-10-01")
    r.edit("plans/action-plans/audit.yaml", "timescale: Oct 07", "timescale: 17/11/2007")
    r.edit("plans/action-plans/audit.yaml", "status: delayed", "status: on-track")
    r.commit("Q3 progress", "2007-10-20")
    return r


def test_history_across_renames(repo: Repo) -> None:
    entries = item_history(repo.root, "pm-audit-2007:R1.a")
    assert [(e.date[:10], e.author, e.subject) for e in entries] == [
        ("2007-03-19", "Jo Price", "Agree the audit action plan"),
        ("2007-06-21", "Hal Brook", "Q1 progress"),
        ("2007-09-30", "Hal Brook", "Q2: new lead"),
        ("2007-10-20", "Jo Price", "Q3 progress"),
    ]
    kinds = [[(c.kind, c.field) for c in e.changes] for e in entries]
    assert kinds == [
        [("added", None)],
        [("slipped", "due"), ("status", "status"), ("changed", "timescale"), ("update-added", "updates")],
        [("slipped", "due"), ("leads", "leads"), ("changed", "timescale")],
        [("slipped", "due"), ("status", "status"), ("changed", "timescale")],
    ]
    assert [e.item.file for e in entries if e.item] == [
        "plans/audit.yaml",
        "plans/audit.yaml",
        "plans/action-plans/audit.yaml",
        "plans/action-plans/audit.yaml",
    ]
    assert original_due(entries) == ("Jun 07", date(2007, 6, 30))


def test_history_text(repo: Repo) -> None:
    result = invoke("history", "R1.a", "--workspace", str(repo.root))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.splitlines()[:6] == [
        "pm-audit-2007:R1.a  Align outcomes",
        "in plans/action-plans/audit.yaml",
        "",
        f"2007-03-19  {repo.git('rev-list', '--max-parents=0', 'HEAD')[:9]}  Jo Price  Agree the audit action plan",
        "    added: timescale Jun 07, due 2007-06-30, leads JP, status not-started",
        "",
    ]
    assert "    slipped 62 days: due 2007-06-30 → 2007-08-31 (timescale Jun 07 → Aug 07)" in result.stdout
    assert "    update added (2007-06-20): Waiting for the partnership's plan." in result.stdout
    assert "    leads JP → HB" in result.stdout
    assert result.stdout.endswith(
        "Due date moved 3 times, 140 days later in all; first agreed as Jun 07 (due 2007-06-30), "
        "now 17/11/2007 (due 2007-11-17).\n"
    )


def test_history_json_and_uncommitted_change(repo: Repo) -> None:
    repo.edit("plans/action-plans/audit.yaml", "status: on-track", "status: complete")
    result = invoke("history", "pm-audit-2007:R1.a", "--format", "json", "--workspace", str(repo.root))
    data = json.loads(result.stdout)
    assert data["ref"] == "pm-audit-2007:R1.a"
    assert data["shallow"] is False
    last = data["entries"][-1]
    assert (last["commit"], last["subject"]) == (None, "not committed yet")
    assert last["changes"] == [
        {
            "ref": "pm-audit-2007:R1.a",
            "kind": "status",
            "field": "status",
            "old": "on-track",
            "new": "complete",
            "days": None,
        }
    ]
    assert data["slippage"] == {
        "moves": 3,
        "later": 3,
        "earlier": 0,
        "days": 140,
        "first_timescale": "Jun 07",
        "first_due": "2007-06-30",
        "timescale": "17/11/2007",
        "due": "2007-11-17",
    }


def test_other_items_and_the_plan_itself(repo: Repo) -> None:
    entries = item_history(repo.root, "pm-audit-2007:R1.b")
    assert [e.subject for e in entries] == ["Agree the audit action plan", "Unrelated change to R1.b"]
    story = read_history(repo.root, "pm-audit-2007")
    assert [(c.kind, c.field, c.old, c.new) for e in story.entries for c in e.changes][-1] == (
        "changed",
        "id",
        "pm-audit",
        "pm-audit-2007",
    )
    person = read_history(repo.root, "HB")
    assert [e.subject for e in person.entries] == ["Agree the audit action plan"]
    assert person.slippage is None


def test_original_dues_in_one_pass(repo: Repo) -> None:
    found = original_dues(repo.root)
    assert {ref: (o.timescale, o.due) for ref, o in found.items() if ref.startswith("pm-audit-2007")} == {
        "pm-audit-2007:R1.a": ("Jun 07", date(2007, 6, 30)),
        "pm-audit-2007:R1.b": ("Sep 07", date(2007, 9, 30)),
    }


def test_removed_item_is_still_found(repo: Repo) -> None:
    text = repo.read("plans/action-plans/audit.yaml")
    repo.write({"plans/action-plans/audit.yaml": text[: text.index("      - id: b")]})
    repo.commit("Drop R1.b", "2007-11-01")
    entries = item_history(repo.root, "pm-audit-2007:R1.b")
    assert [c.kind for c in entries[-1].changes] == ["removed"]
    assert entries[-1].item is None


def test_unknown_and_ambiguous_refs(repo: Repo) -> None:
    result = invoke("history", "R1.z", "--workspace", str(repo.root))
    assert result.exit_code == 2
    assert "nothing has the reference 'R1.z'" in result.stderr and "R1.a" in result.stderr
    repo.write({"plans/other.yaml": PLAN.replace("id: pm-audit", "id: pm-other")})
    result = invoke("history", "R1.a", "--workspace", str(repo.root))
    assert result.exit_code == 2
    assert "in more than one plan" in result.stderr


def test_outside_git_and_in_a_shallow_clone(repo: Repo, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.mkdir()
    (plain / "pmplan.yaml").write_text("organisation: T\n")
    (plain / "plans").mkdir()
    result = invoke("history", "R1.a", "--workspace", str(plain))
    assert result.exit_code == 2 and "not in a git repository" in result.stderr
    clone = tmp_path / "shallow"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "2", f"file://{repo.top}", str(clone)], check=True, env=repo.env
    )
    result = invoke("history", "pm-audit-2007:R1.a", "--workspace", str(clone))
    assert result.exit_code == 0, result.stderr
    assert "shallow clone, so the history is cut short" in result.stdout
    assert "first seen here (the history before this commit is not in this shallow clone)" in result.stdout
    assert "first seen (the history is cut short) as Oct 07" in result.stdout


def _broken_repo(tmp_path: Path) -> Repo:
    """R1.a agreed as Jun 07; a commit writes its status as 'done' (so it does not load); the
    next mends that and moves it to Aug 07."""
    r = Repo(tmp_path / "repo")
    r.write({**{k: v for k, v in BASE.items() if k != "plans/plan.yaml"}, "plans/audit.yaml": PLAN})
    r.commit("Agree the audit action plan", "2007-03-19")
    r.edit("plans/audit.yaml", "status: not-started", "status: done")
    r.commit("Q1: a status that is no status", "2007-06-21")
    r.edit("plans/audit.yaml", "status: done", "status: on-track")
    r.edit("plans/audit.yaml", "timescale: Jun 07", "timescale: Aug 07")
    r.commit("Q1: mended, and moved", "2007-06-22")
    return r


def test_a_commit_in_which_the_item_did_not_load_is_not_its_removal(tmp_path: Path) -> None:
    r = _broken_repo(tmp_path)
    entries = item_history(r.root, "pm-audit:R1.a")
    assert [(e.subject, [c.kind for c in e.changes]) for e in entries] == [
        ("Agree the audit action plan", ["added"]),
        ("Q1: mended, and moved", ["slipped", "status", "changed"]),
    ]
    assert original_due(entries) == ("Jun 07", date(2007, 6, 30))


def test_an_item_added_broken_starts_its_story_where_it_first_loads(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    r.write({
        **{k: v for k, v in BASE.items() if k != "plans/plan.yaml"},
        "plans/audit.yaml": PLAN.replace("status: not-started", "status: started"),
    })  # fmt: skip
    r.commit("Agree the audit action plan", "2007-03-19")
    r.edit("plans/audit.yaml", "status: started", "status: on-track")
    r.commit("Mend the status", "2007-03-20")
    entries = item_history(r.root, "pm-audit:R1.a")
    assert [(e.subject, [c.kind for c in e.changes]) for e in entries] == [("Mend the status", ["added"])]


def test_an_item_that_does_not_load_now_is_said_so_not_removed(tmp_path: Path) -> None:
    r = _broken_repo(tmp_path)
    r.edit("plans/audit.yaml", "status: on-track", "status: in progress")
    result = invoke("history", "R1.a", "--workspace", str(r.root))
    assert result.exit_code == 0, result.stderr
    assert result.stderr == (
        "pmplan: plans/audit.yaml:13:9: action pm-audit:R1.a: status: 'in progress' is not a status: "
        "write 'on-track'; the action is left out until this is fixed\n"
    )
    assert "removed" not in result.stdout
    assert (
        "(not committed yet) not known: plans/audit.yaml did not load in full "
        "('pmplan lint plans/audit.yaml' says what is wrong).\n"
    ) in result.stdout
    as_json = json.loads(invoke("history", "R1.a", "-f", "json", "--workspace", str(r.root)).stdout)
    assert as_json["not_loaded"] == "plans/audit.yaml"
    assert [e["subject"] for e in as_json["entries"]] == [
        "Agree the audit action plan",
        "Q1: mended, and moved",
    ]


def test_history_of_an_item_never_loaded_names_its_file(tmp_path: Path) -> None:
    r = Repo(tmp_path / "repo")
    r.write({**{k: v for k, v in BASE.items() if k != "plans/plan.yaml"}, "plans/audit.yaml": PLAN})
    r.commit("Agree the audit action plan", "2007-03-19")
    r.edit(
        "plans/audit.yaml", "        title: Publish the measures", "        title: Publish\n        titel: x"
    )
    result = invoke("history", "pm-audit:R1.b", "--workspace", str(r.root))
    assert result.exit_code == 0, result.stderr
    assert "not known: plans/audit.yaml did not load in full" in result.stdout
