"""``pmplan update``: edits in place that leave every other byte as it was."""

from __future__ import annotations

import difflib
import shutil
from pathlib import Path

import pytest

from plan_fixtures import BASE, REPO, invoke, text_of
from pmplan.changes.edit.nodes import EditError
from pmplan.changes.edit.update import Edits, Target, edit_text
from pmplan.workspace.index import load_workspace

AS_OF = "2025-11-20"

COMMENTED = """
# Response to the external auditor's review.
# Agreed by the Audit and Governance Committee, 19 March 2024.
kind: action-plan   # one plan per file
id: pm-audit
title: "Performance Management Action Plan"
owner: JP
links: [P1]
recommendations:
  - id: R1
    title: 'Link priorities'   # the auditor's words
    response: |
      Agreed. Outcomes and measures will be aligned
      through the business planning cycle.

    actions:
      # the first action
      - id: a
        title: >-
          Align outcomes and measures in the Corporate Plan
          and the partnership plans
        leads: [JP, CMT]    # both
        timescale: 'Mar 26'  # as approved
        priority: high
        status: "on-track"
        updates:
          - date: 2025-09-29
            text: |
              First quarterly briefing held.
              Theme leads attended.
          # keep updates in date order
        next: Report each quarter.
      - id: b
        title: Publish the measures
        leads:
          - HB   # Hal
          - JP
        timescale: Jun 26
"""


def workspace(tmp_path: Path, plan: str | bytes, name: str = "plans/audit.yaml") -> tuple[Path, Path]:
    root = tmp_path / "ws"
    files = {k: v for k, v in BASE.items() if k != "plans/plan.yaml"}
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text_of(text))
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(plan if isinstance(plan, bytes) else text_of(plan).encode())
    return root, path


def update(root: Path, *args: str) -> tuple[int, str, str]:
    result = invoke("update", *args, "--as-of", AS_OF, "--workspace", str(root))
    return result.exit_code, result.stdout, result.stderr


def test_comments_quoting_and_block_scalars_are_kept(tmp_path: Path) -> None:
    root, path = workspace(tmp_path, COMMENTED)
    code, out, err = update(
        root,
        "pm-audit:R1.a",
        "--status",
        "delayed",
        "--timescale",
        "Jun 26",
        "--note",
        "Moved: the partnership board meets in May.",
        "--lead",
        "HB",
    )
    assert code == 0, err
    assert out == (
        "Updated pm-audit:R1.a in plans/audit.yaml: status on-track → delayed; timescale Mar 26 → Jun 26; "
        "leads JP, CMT → HB; update added (2025-11-20).\n"
    )
    expected = text_of(COMMENTED)
    for old, new in [
        ("leads: [JP, CMT]    # both", "leads: [HB]    # both"),
        ("timescale: 'Mar 26'  # as approved", "timescale: 'Jun 26'  # as approved"),
        ('status: "on-track"', 'status: "delayed"'),
        (
            "              Theme leads attended.\n",
            "              Theme leads attended.\n          - date: 2025-11-20\n"
            '            text: "Moved: the partnership board meets in May."\n',
        ),
    ]:
        expected = expected.replace(old, new, 1)
    assert path.read_text() == expected


def test_crlf_and_bom_are_kept(tmp_path: Path) -> None:
    original = ("\ufeff" + text_of(COMMENTED).replace("\n", "\r\n")).encode()
    root, path = workspace(tmp_path, original)
    code, _, err = update(
        root, "R1.b", "--status", "on-track", "--note", "Draft ready", "--lead", "JP", "--lead", "CMT"
    )
    assert code == 0, err
    expected = text_of(COMMENTED).replace(
        "          - HB   # Hal\n          - JP\n        timescale: Jun 26\n",
        "          - JP   # Hal\n          - CMT\n        timescale: Jun 26\n        status: on-track\n"
        "        updates:\n          - date: 2025-11-20\n            text: Draft ready\n",
    )
    assert path.read_bytes() == ("\ufeff" + expected.replace("\n", "\r\n")).encode()
    assert load_workspace(root).actions["pm-audit:R1.b"].status == "on-track"


FLOW = """
kind: action-plan
id: pm-strategy
title: Strategy
owner: JP
themes:
- id: "1"
  title: Theme one
  leads: [JP]
  actions:
  - {id: "1.1", title: Flow action, leads: [JP, CMT], timescale: Oct 26, updates: []}
  - id: "1.2"
    title: Indentless lists
    timescale: >
      Dec 26
    status: not-started
    updates:
    - date: 2025-10-01
      text: Started.
"""


def test_flow_style_and_indentless_lists(tmp_path: Path) -> None:
    root, path = workspace(tmp_path, FLOW)
    assert update(root, "1.1", "--status", "at-risk", "--note", "Waiting, again", "--lead", "HB")[0] == 0
    assert update(root, "pm-strategy:1.2", "--timescale", "Jan 27", "--note", "New date agreed")[0] == 0
    assert update(root, "pm-strategy:1", "--note", "Theme review held")[0] == 0
    assert path.read_text() == text_of("""
        kind: action-plan
        id: pm-strategy
        title: Strategy
        owner: JP
        themes:
        - id: "1"
          title: Theme one
          leads: [JP]
          updates:
          - date: 2025-11-20
            text: Theme review held
          actions:
          - {id: "1.1", title: Flow action, leads: [HB], timescale: Oct 26, status: at-risk, updates: [{date: 2025-11-20, text: "Waiting, again"}]}
          - id: "1.2"
            title: Indentless lists
            timescale: Jan 27
            status: not-started
            updates:
            - date: 2025-10-01
              text: Started.
            - date: 2025-11-20
              text: New date agreed
    """)


def test_newest_first_updates_get_the_new_one_first(tmp_path: Path) -> None:
    plan = """
        kind: action-plan
        id: pm
        title: Plan
        owner: JP
        recommendations:
          - id: R1
            title: One
            actions:
              - id: a
                title: Newest first
                timescale: Mar 26
                updates:
                  - text: Second step.
                    date: 2025-10-01
                  - text: First step.
                    date: 2025-08-01
    """
    root, path = workspace(tmp_path, plan)
    assert update(root, "R1.a", "--note", "Third step.", "--date", "2025-11-02")[0] == 0
    assert path.read_text() == text_of(plan).replace(
        "        updates:\n",
        "        updates:\n          - text: Third step.\n            date: 2025-11-02\n",
    )


def test_only_the_edited_lines_change_in_the_example_plans(tmp_path: Path) -> None:
    """Every action of the example council's plans: a status and a note, nothing else."""
    root = tmp_path / "example"
    shutil.copytree(REPO / "plans", root / "plans")
    shutil.copy(REPO / "pmplan.yaml", root / "pmplan.yaml")
    ws = load_workspace(root)
    for ref, action in ws.actions.items():
        path = action.source.path
        before = path.read_bytes().decode().splitlines(keepends=True)
        status = "cancelled" if action.status != "cancelled" else "on-track"
        note = f"Checked {ref} by the test."
        code, _, err = update(root, ref, "--status", status, "--note", note, "--date", "2025-01-01")
        assert code == 0, (ref, err)
        after = path.read_bytes().decode().splitlines(keepends=True)
        removed, added = [], []
        for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes():
            if op != "equal":
                removed += before[i1:i2]
                added += after[j1:j2]
        assert [line.strip() for line in removed] in ([], [f"status: {action.action.status}"]), (ref, removed)
        assert [line.strip() for line in added if not line.strip().startswith(("status:", "updates:"))] == [
            "- date: 2025-01-01",
            f"text: {note}",
        ], (ref, added)
        assert load_workspace(root).actions[ref].status == status


# --- refusals -------------------------------------------------------------------------------------


def test_refusals_leave_the_file_untouched(tmp_path: Path) -> None:
    root, path = workspace(tmp_path, COMMENTED)
    before = path.read_bytes()
    cases = [
        (["R1.a", "--status", "complet"], "--status 'complet' is not a status (did you mean 'complete'?)"),
        (["R1.a", "--lead", "JQ"], "--lead 'JQ' is nobody in the people file (did you mean 'JP'?)"),
        (["R1.a", "--lead", "not an id"], "is not a valid id"),
        (["R1.a", "--note", "Later", "--date", "2026-01-01"], "is after today (2025-11-20)"),
        (["R1.a", "--date", "2025-01-01"], "give --note too"),
        (["R1.a"], "nothing to change"),
        (["R9.z", "--status", "complete"], "no action, recommendation or theme has the reference 'R9.z'"),
        (["pm-audit:R1", "--status", "complete"], "has no status or timescale of its own"),
    ]
    for args, message in cases:
        code, _, err = update(root, *args)
        assert code == 2, args
        assert message in err, (args, err)
        assert "Traceback" not in err
    assert path.read_bytes() == before


def test_ambiguous_local_reference(tmp_path: Path) -> None:
    root, _ = workspace(tmp_path, COMMENTED)
    (root / "plans/other.yaml").write_text(text_of(COMMENTED).replace("id: pm-audit", "id: pm-other"))
    code, _, err = update(root, "R1.a", "--status", "complete")
    assert code == 2
    assert "in more than one plan: give the plan too (pm-audit:R1.a, pm-other:R1.a)" in err
    assert update(root, "pm-other:R1.a", "--status", "complete")[0] == 0


def test_anchors_are_left_to_people(tmp_path: Path) -> None:
    plan = """
        kind: action-plan
        id: pm
        title: Plan
        owner: JP
        recommendations:
          - id: R1
            title: One
            actions:
              - &first
                id: a
                title: Anchored
                timescale: Mar 26
    """
    root, path = workspace(tmp_path, plan)
    code, _, err = update(root, "R1.a", "--status", "complete")
    assert code == 2 and "anchors" in err
    assert path.read_text() == text_of(plan)


def test_an_edit_that_would_make_the_file_invalid_is_refused() -> None:
    text = text_of(COMMENTED)
    target = Target("recommendations", "R1", "a")
    with pytest.raises(EditError, match="cannot find action 'z'"):
        edit_text(text, Target("recommendations", "R1", "z"), Edits(status="complete"))
    from pmplan.changes.edit.update import verify

    new_text, first = edit_text(text, target, Edits(status="finished"))
    with pytest.raises(EditError, match="would make the file invalid: line 24: .*'finished' is not one of"):
        verify(text, new_text, target, Edits(status="finished"), first)


def test_dry_run_and_no_op(tmp_path: Path) -> None:
    root, path = workspace(tmp_path, COMMENTED)
    before = path.read_bytes()
    code, out, _ = update(root, "R1.a", "--status", "complete", "--dry-run")
    assert code == 0
    assert '-        status: "on-track"\n+        status: "complete"\n' in out
    code, out, _ = update(root, "R1.a", "--status", "on-track")
    assert (code, out) == (0, "pm-audit:R1.a: nothing to change (already so)\n")
    assert path.read_bytes() == before


def test_a_crash_while_writing_leaves_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root, path = workspace(tmp_path, COMMENTED)
    before = path.read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("pmplan.files.os.replace", crash)
    code, _, err = update(root, "R1.a", "--status", "complete")
    assert code == 2
    assert "cannot write plans/audit.yaml: No space left on device" in err
    assert path.read_bytes() == before
    assert sorted(p.name for p in path.parent.iterdir()) == [
        "audit.yaml",
        "framework.yaml",
        "indicators.yaml",
        "people.yaml",
    ]


def test_slip_without_a_note_warns(tmp_path: Path) -> None:
    root, _ = workspace(tmp_path, COMMENTED)
    code, _, err = update(root, "R1.a", "--timescale", "Sep 26")
    assert code == 0
    assert "the due date moves 183 days later with no --note" in err
