"""``pmplan update`` for audit work: ``--evidence``, ``--verify --by`` and ``--extend`` with
``--reason``, ``--approved-by`` or ``--refused-by``. Each edit leaves every other byte as it
was, and what it writes lints clean."""

from __future__ import annotations

from pathlib import Path

import pytest

from git_fixtures import Repo
from plan_fixtures import BASE, invoke, lint_ws, text_of

AS_OF = "2025-11-20"

PLAN = """
kind: action-plan
id: ia
title: Internal audit tracker
owner: JP
closure: verified
links: [P1]
recommendations:
  - id: PAY1
    title: Reconcile the payroll every month   # the auditor's words
    priority: high
    actions:
      - id: a
        title: Monthly reconciliation
        leads: [JP]
        timescale: Dec 25   # agreed at the September Committee
        status: on-track
        updates:
          - date: 2025-10-01
            text: First reconciliation done.
      - id: b
        title: Reconciliation signed off
        leads: [HB]
        timescale: Sep 25
        status: complete
        evidence: Sign-off sheet for September
        updates:
          - date: 2025-09-30
            text: Signed off.
  - id: PAY2
    title: Remove leavers promptly
    actions:
      - {id: a, title: Leavers check, leads: [HB], timescale: Nov 25, status: on-track}
"""


def workspace(tmp_path: Path, plan: str = PLAN) -> tuple[Path, Path]:
    root = tmp_path / "ws"
    for rel, text in {
        **{k: v for k, v in BASE.items() if k != "plans/plan.yaml"},
        "plans/ia.yaml": plan,
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text_of(text))
    return root, root / "plans/ia.yaml"


def update(root: Path, *args: str) -> tuple[int, str, str]:
    result = invoke("update", *args, "--as-of", AS_OF, "--workspace", str(root))
    return result.exit_code, result.stdout, result.stderr


def replaced(*pairs: tuple[str, str], plan: str = PLAN) -> str:
    text = text_of(plan)
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def test_extension_approved_moves_the_timescale_and_keeps_the_first(tmp_path):
    root, path = workspace(tmp_path)
    code, out, err = update(root, "PAY1.a", "--extend", "Mar 26", "--reason", "Ledger upgrade in January",
                            "--approved-by", "Audit and Governance Committee", "--date", "2025-11-18")  # fmt: skip
    assert code == 0, err
    assert out == (
        "Updated ia:PAY1.a in plans/ia.yaml: timescale Dec 25 → Mar 26; extension to Mar 26 approved by "
        "Audit and Governance Committee (2025-11-18).\n"
    )
    assert path.read_text() == replaced(
        (
            "        timescale: Dec 25   # agreed at the September Committee\n",
            "        timescale: Mar 26   # agreed at the September Committee\n"
            "        baseline: Dec 25\n"
            "        extensions:\n"
            "          - asked: 2025-11-18\n"
            "            timescale: Mar 26\n"
            "            reason: Ledger upgrade in January\n"
            "            approved: {by: Audit and Governance Committee, date: 2025-11-18}\n",
        )
    )
    assert lint_ws(root) == []


def test_extension_asked_for_then_decided(tmp_path):
    root, path = workspace(tmp_path)
    code, out, err = update(
        root, "ia:PAY1.a", "--extend", "Mar 26", "--reason", "Ledger upgrade", "--date", "2025-11-03"
    )
    assert code == 0, err
    assert out.endswith("extension to Mar 26 asked for (2025-11-03).\n")
    assert "timescale: Dec 25" in path.read_text()  # not moved until approved
    again = update(root, "PAY1.a", "--extend", "Mar 26", "--reason", "Ledger upgrade")
    assert again[0] == 2 and "already asked for on 2025-11-03 and awaits a decision" in again[2]
    code, out, err = update(
        root, "PAY1.a", "--extend", "mar 26", "--approved-by", "Audit Committee", "--date", "2025-11-18"
    )
    assert code == 0, err
    assert path.read_text() == replaced(
        (
            "        timescale: Dec 25   # agreed at the September Committee\n",
            "        timescale: Mar 26   # agreed at the September Committee\n"
            "        baseline: Dec 25\n"
            "        extensions:\n"
            "          - asked: 2025-11-03\n"
            "            timescale: Mar 26\n"
            "            reason: Ledger upgrade\n"
            "            approved: {by: Audit Committee, date: 2025-11-18}\n",
        )
    )


def test_extension_refused_leaves_the_timescale(tmp_path):
    root, path = workspace(tmp_path)
    code, _, err = update(root, "PAY1.a", "--extend", "Jun 26", "--reason", "Staff shortage",
                          "--refused-by", "Audit Committee")  # fmt: skip
    assert code == 0, err
    text = path.read_text()
    assert "timescale: Dec 25   #" in text and "baseline" not in text
    assert "            refused: {by: Audit Committee, date: 2025-11-20}\n" in text


def test_extension_of_a_flow_style_action(tmp_path):
    root, path = workspace(tmp_path)
    code, _, err = update(
        root, "PAY2.a", "--extend", "Jan 26", "--reason", "Waiting for HR", "--approved-by", "CX"
    )
    assert code == 0, err
    assert path.read_text() == replaced(
        (
            "{id: a, title: Leavers check, leads: [HB], timescale: Nov 25, status: on-track}",
            "{id: a, title: Leavers check, leads: [HB], timescale: Jan 26, baseline: Nov 25, "
            "extensions: [{asked: 2025-11-20, timescale: Jan 26, reason: Waiting for HR, "
            "approved: {by: CX, date: 2025-11-20}}], status: on-track}",
        )
    )
    assert lint_ws(root) == []


def test_verify_needs_complete_work_and_someone_known(tmp_path):
    root, path = workspace(tmp_path)
    code, _, err = update(root, "PAY1.a", "--verify", "--by", "HB")
    assert code == 2 and "ia:PAY1.a is on-track: only complete work is verified" in err
    code, _, err = update(root, "PAY1.b", "--verify", "--by", "HX")
    assert code == 2 and "--by 'HX' is nobody in the people file (did you mean 'HB'?)" in err
    code, _, err = update(root, "PAY1", "--verify", "--by", "HB")
    assert code == 2 and "ia:PAY1 is not implemented yet" in err
    code, out, err = update(root, "PAY1.b", "--verify", "--by", "HB", "--date", "2025-11-12")
    assert code == 0, err
    assert out == "Updated ia:PAY1.b in plans/ia.yaml: verified by HB (2025-11-12).\n"
    assert path.read_text() == replaced(
        ("        evidence: Sign-off sheet for September\n",
         "        evidence: Sign-off sheet for September\n        verified: {by: HB, date: 2025-11-12}\n")
    )  # fmt: skip
    code, _, err = update(root, "PAY1.b", "--verify", "--by", "JP")
    assert code == 2 and "already verified" in err


def test_complete_with_evidence_and_verified_in_one_go(tmp_path):
    root, path = workspace(tmp_path)
    code, out, err = update(root, "PAY1.a", "--status", "complete", "--note", "All done.",
                            "--evidence", "evidence/reconciliations.pdf", "--verify", "--by", "HB")  # fmt: skip
    assert code == 0, err
    assert out == (
        "Updated ia:PAY1.a in plans/ia.yaml: status on-track → complete; update added (2025-11-20); "
        "evidence added; verified by HB (2025-11-20).\n"
    )
    text = path.read_text()
    assert "        status: complete\n        evidence: evidence/reconciliations.pdf\n" in text
    assert "        verified: {by: HB, date: 2025-11-20}\n        updates:\n" in text
    rules = [f.rule for f in lint_ws(root)]
    assert rules == ["missing-evidence-file"]  # the file is not there yet


@pytest.mark.parametrize(
    ("before", "after"),
    [
        ("evidence: Sign-off sheet for September\n",
         "evidence:\n          - Sign-off sheet for September\n          - Minutes, 4 Nov\n"),
        ("evidence: [Sign-off sheet for September]\n", "evidence: [Sign-off sheet for September, \"Minutes, 4 Nov\"]\n"),
        ("evidence:\n          - Sign-off sheet for September   # the scan\n",
         "evidence:\n          - Sign-off sheet for September   # the scan\n          - Minutes, 4 Nov\n"),
    ],
)  # fmt: skip
def test_evidence_is_added_to_what_is_there(tmp_path, before, after):
    plan = PLAN.replace("evidence: Sign-off sheet for September\n", before)
    root, path = workspace(tmp_path, plan)
    code, out, err = update(root, "PAY1.b", "--evidence", "Minutes, 4 Nov")
    assert code == 0, err
    assert out.endswith("evidence added.\n")
    assert path.read_text() == replaced((before, after), plan=plan)


def test_evidence_on_a_recommendation(tmp_path):
    root, path = workspace(tmp_path)
    code, _, err = update(root, "ia:PAY1", "--evidence", "https://intranet.example.org/payroll")
    assert code == 0, err
    assert path.read_text() == replaced(
        ("    priority: high\n", "    priority: high\n    evidence: https://intranet.example.org/payroll\n")
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--by", "HB"], "--by goes with --verify"),
        (["--verify"], "--verify needs --by"),
        (["--reason", "x"], "--reason goes with --extend"),
        (["--extend", "Mar 26"], "--reason is needed"),
        (["--extend", "Mar 26", "--reason", "x", "--timescale", "Mar 26"], "leave out --timescale"),
        (["--extend", "Mar 26", "--reason", "x", "--approved-by", "A", "--refused-by", "B"], "not both"),
        (["--evidence", " "], "--evidence is empty"),
    ],
)
def test_refused(tmp_path, args, message):
    root, path = workspace(tmp_path)
    before = path.read_bytes()
    code, _, err = update(root, "PAY1.a", *args)
    assert code == 2 and message in err
    assert path.read_bytes() == before


def test_extension_of_a_recommendation_names_its_actions(tmp_path):
    root, _ = workspace(tmp_path)
    code, _, err = update(root, "PAY1", "--extend", "Mar 26", "--reason", "x")
    assert code == 2 and "extend one of its actions (ia:PAY1.a, ia:PAY1.b)" in err


def test_crlf_kept_and_dry_run(tmp_path):
    root, path = workspace(tmp_path)
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    before = path.read_bytes()
    code, out, _ = update(
        root, "PAY1.a", "--extend", "Mar 26", "--reason", "x", "--approved-by", "A", "--dry-run"
    )
    assert code == 0 and "+        baseline: Dec 25" in out
    assert path.read_bytes() == before
    code, _, err = update(root, "PAY1.a", "--extend", "Mar 26", "--reason", "x", "--approved-by", "A")
    assert code == 0, err
    text = path.read_bytes()
    assert b"\n" not in text.replace(b"\r\n", b"")
    assert b"        extensions:\r\n          - asked: 2025-11-20\r\n" in text


def test_diff_check_accepts_a_slip_with_its_extension(tmp_path):
    repo = Repo(tmp_path / "repo")
    repo.write({**{k: v for k, v in BASE.items() if k != "plans/plan.yaml"}, "plans/ia.yaml": PLAN})
    repo.commit("Tracker agreed", "2025-09-23")
    code, _, err = update(
        repo.root, "PAY1.a", "--extend", "Mar 26", "--reason", "Ledger upgrade", "--approved-by", "A"
    )
    assert code == 0, err
    result = invoke("diff", "--check", "--workspace", str(repo.root))
    assert result.exit_code == 0, result.stdout
    repo.edit("plans/ia.yaml", "timescale: Mar 26   #", "timescale: Jun 26   #")
    assert (
        invoke("diff", "--check", "--workspace", str(repo.root)).exit_code == 0
    )  # still not committed: same change
    repo.commit("Extension", "2025-11-20")
    repo.edit("plans/ia.yaml", "timescale: Jun 26   #", "timescale: Sep 26   #")
    assert invoke("diff", "--check", "--workspace", str(repo.root)).exit_code == 1
