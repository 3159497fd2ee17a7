"""``pmplan report audit``: the audit committee's tracker of recommendations.

The example council's tracker is checked against its plan files read independently (plain
YAML, not pmplan's loader); its git history is rebuilt in a throwaway repository, where a
recommendation moved twice shows two moves, and lint finds a date moved more often than
the workspace allows.
"""

from __future__ import annotations

import json
import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml
from docx import Document

from git_fixtures import Repo
from plan_fixtures import REPO, MakeWorkspace, invoke
from pmplan.changes.history import timelines
from pmplan.report.audit import Filters, Meetings, build_audit, render_audit_markdown
from pmplan.workspace.index import load_workspace

AS_OF = "2026-12-03"
TRACKER = "plans/action-plans/internal-audit.yaml"


def tracker(*args: str, root: Path = REPO) -> dict:
    result = invoke("report", "audit", "--format", "json", "--as-of", AS_OF, "-w", str(root), *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def rows(view: dict, plan: str = "ia-tracker") -> dict[str, dict]:
    return {r["ref"]: r for r in view["recommendations"] if r["plan"] == plan}


# --- the example council, against its files ---------------------------------------------------


def _stage(rec: dict) -> str:
    """A recommendation's stage, read from the plain YAML as a committee clerk would."""
    actions = rec.get("actions", [])
    if rec.get("status") in {"no-further-action", "cancelled"}:
        return "withdrawn"
    statuses = [a.get("status", "not-started") for a in actions]
    if any(s not in {"complete", "no-further-action", "cancelled"} for s in statuses):
        return "open"
    done = [a for a in actions if a.get("status") == "complete"]
    if not done:
        return "withdrawn"
    return "verified" if all("verified" in a for a in done) else "implemented"


def test_counts_by_priority_match_the_plan_files():
    plan = yaml.safe_load((REPO / TRACKER).read_text(encoding="utf-8"))
    expected = Counter((r["priority"], _stage(r)) for r in plan["recommendations"])
    view = tracker("--plan", "ia-tracker")
    got = {row["priority"]: row["counts"] for row in view["by_priority"]}
    for priority in ("high", "medium", "low"):
        counts = got[priority]
        for stage in ("open", "implemented", "verified", "withdrawn"):
            assert counts[stage] == expected[(priority, stage)], (priority, stage)
        assert counts["total"] == sum(n for (p, _), n in expected.items() if p == priority)
    assert view["totals"]["total"] == len(plan["recommendations"]) == 14


def test_counts_by_source_add_up():
    view = tracker()
    for row in view["counts"]:
        c = row["counts"]
        assert c["total"] == c["open"] + c["implemented"] + c["verified"] + c["withdrawn"]
        assert c["overdue"] <= c["open"]
    totals = [r["counts"]["total"] for r in view["counts"] if r["priority"] is None]
    assert sum(totals) == view["totals"]["total"] == len(view["recommendations"])


def test_example_tracker_sections():
    view = tracker()
    assert view["committee"] == "Audit and Governance Committee"
    assert (view["since"], view["next_meeting"]) == ("2026-09-22", "2026-12-15")
    assert [(r["ref"], r["priority"], r["days_overdue"]) for r in view["overdue"]] == [
        ("ia-tracker:PRO3", "medium", 156),
        ("ia-tracker:CYB5", "low", 94),
    ]
    assert [(e["ref"], e["decision"], e["moves_before"], e["over_limit"]) for e in view["extensions"]] == [
        ("ia-tracker:CYB4.a", "approved", 0, False),
        ("ia-tracker:PRO1.a", "pending", 2, True),
    ]
    assert [r["ref"] for r in view["implemented"]] == ["ia-tracker:PRO4"]
    assert view["implemented"][0]["on_time"] is False
    assert [r["ref"] for r in view["awaiting_verification"]] == ["ia-tracker:CYB1", "ia-tracker:PRO4"]


def test_filters(tmp_path):
    high = tracker("--priority", "high")
    assert {r["priority"] for r in high["recommendations"]} == {"high"}
    assert high["filters"] == ["priority: high"]
    source = tracker("--source", "IA-2526-09")
    assert [r["ref"] for r in source["recommendations"]] == [f"ia-tracker:CYB{n}" for n in range(1, 6)]
    assert {r["plan"] for r in tracker("--plan", "pm-audit")["recommendations"]} == {"pm-audit"}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--priority", "urgent"], "--priority 'urgent' is not one of: high, medium, low, none"),
        (["--source", "IA-2526-9"], "--source IA-2526-9: no recommendations come from it (did you mean IA-2526-09?)"),
        (["--plan", "pm-strategy"], "the plan has themes, not recommendations"),
        (["--year", "2026/27"], "--year does not apply to the audit tracker"),
        (["--since", "22/09/2026"], "--since '22/09/2026' is not a date"),
        (["--since", "2027-01-01"], "is after the as-of date"),
        (["--format", "csv"], "--format 'csv' is not one of: md, docx, html, json"),
    ],
)  # fmt: skip
def test_refused_flags(args, message):
    result = invoke("report", "audit", "--as-of", AS_OF, "-w", str(REPO), *args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_audit_flags_are_refused_for_a_quarterly_report():
    result = invoke("report", "q2", "--priority", "high", "-w", str(REPO))
    assert result.exit_code == 2
    assert "--priority is for the audit tracker" in result.stderr


def test_since_given_and_without_a_calendar(make_workspace: MakeWorkspace):
    assert tracker("--since", "2026-06-23")["since_how"] == "as given"
    root = make_workspace({"plans/plan.yaml": None})
    shutil.copy(REPO / TRACKER, root / "plans" / "tracker.yaml")
    view = tracker(root=root)
    assert view["committee"] is None
    assert view["since"] == "2026-09-03"
    assert "three months before" in view["since_how"]
    assert view["from_git"] is False


# --- formats -------------------------------------------------------------------------------------


def test_markdown(tmp_path):
    result = invoke("report", "audit", "--as-of", AS_OF, "-w", str(REPO))
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    for heading in ("Recommendations by source and priority", "Overdue recommendations",
                    "Extensions asked for since the last meeting", "Implemented since the last meeting",
                    "Awaiting verification", "Implemented by the date first agreed, by quarter"):  # fmt: skip
        assert f"## {heading}" in text
    assert "| ia-tracker:PRO1.a: Bring every contract over £5,000" in text
    assert "| 2 (beyond the limit) | For decision |" in text


def test_html_and_docx_default_paths(tmp_path):
    work = tmp_path / "ws"
    shutil.copytree(REPO / "plans", work / "plans")
    shutil.copytree(REPO / "evidence", work / "evidence")
    shutil.copy(REPO / "pmplan.yaml", work / "pmplan.yaml")
    for fmt in ("html", "docx"):
        result = invoke("report", "audit", "-f", fmt, "--as-of", AS_OF, "-w", str(work))
        assert result.exit_code == 0, result.stderr
        assert result.stderr.startswith("Wrote") and result.stderr.rstrip().endswith(f"audit-{AS_OF}.{fmt}")
    page = (work / "reports" / f"audit-{AS_OF}.html").read_text(encoding="utf-8")
    assert '<span class="priority priority-high">High</span>' in page
    assert "<caption" in page and 'scope="col"' in page
    doc = Document(str(work / "reports" / f"audit-{AS_OF}.docx"))
    headings = [p.text for p in doc.paragraphs if p.style is not None and p.style.name.startswith("Heading")]
    assert headings[:3] == [
        "Audit recommendations tracker",
        "Summary",
        "Recommendations by source and priority",
    ]
    assert "Appendix: every recommendation" in headings
    cells = {c.text for table in doc.tables for row in table.rows for c in row.cells}
    assert {"ia-tracker:PRO3", "For decision", "2\nBeyond the limit"} <= cells
    assert doc.sections[0].page_width > doc.sections[0].page_height  # landscape
    again = invoke(
        "report", "audit", "-f", "docx", "-o", str(tmp_path / "b.docx"), "--as-of", AS_OF, "-w", str(work)
    )
    assert again.exit_code == 0
    assert (tmp_path / "b.docx").read_bytes() == (work / "reports" / f"audit-{AS_OF}.docx").read_bytes()


def test_a_workspace_with_no_recommendations(make_workspace: MakeWorkspace):
    text = (REPO / "plans/action-plans/strategy.yaml").read_text(encoding="utf-8")
    root = make_workspace({"plans/plan.yaml": text})
    view = build_audit(load_workspace(root), date(2026, 12, 3), Meetings(None, date(2026, 9, 1), "as given"))
    assert view.recommendations == () and view.summary == ("There are no recommendations to report.",)
    assert "No recommendation is overdue." in render_audit_markdown(view)


# --- the git history ----------------------------------------------------------------------------


CYB3 = "Cyber security e-learning for every member of staff\n        leads: [PS, LB]\n        timescale: "


def _example_repo(tmp_path: Path) -> Repo:
    """The example council in git: the tracker agreed in September 2025 with PRO1.a due in
    December 2025, moved to March 2026 at the December Committee and to December 2026 at the
    March Committee (as its extensions say), and CYB3.a moved three times with none
    recorded; then today's files."""
    repo = Repo(tmp_path / "council")
    shutil.copytree(REPO / "plans", repo.root / "plans")
    shutil.copytree(REPO / "evidence", repo.root / "evidence")
    shutil.copy(REPO / "pmplan.yaml", repo.root / "pmplan.yaml")
    today = repo.read(TRACKER)
    first = _rewind(today)
    repo.write({TRACKER: first})
    repo.commit("Internal audit tracker agreed", "2025-09-23")
    repo.edit(TRACKER, "timescale: Dec 25\n", "timescale: Mar 26\n")
    repo.commit("December Committee: PRO1 extended", "2025-12-16")
    repo.edit(TRACKER, "timescale: Mar 26\n", "timescale: Dec 26\n")
    repo.edit(TRACKER, f"{CYB3}Sep 26", f"{CYB3}Oct 26")
    repo.commit("March Committee: PRO1 extended again", "2026-03-24")
    repo.edit(TRACKER, f"{CYB3}Oct 26", f"{CYB3}Nov 26")
    repo.commit("CYB3 moved", "2026-06-23")
    repo.write({TRACKER: today})
    repo.commit("December Committee papers", "2026-11-20")
    return repo


def _rewind(text: str) -> str:
    """The tracker as first agreed: PRO1.a at Dec 25 without its extensions, PRO4.a and CYB1.a
    not yet done, CYB3.a at Sep 26."""
    start = text.index("      - id: a\n        title: Bring every contract")
    end = text.index("        status: at-risk", start)
    pro1 = text[start:end]
    agreed = (
        "      - id: a\n        title: Bring every contract over £5,000 into the register and publish it each quarter\n"
        "        leads: [RW]\n        timescale: Dec 25\n"
    )
    assert "timescale: Dec 26" in pro1
    text = text[:start] + agreed + text[end:]
    for evidence, following in (("evidence: https://procurement", "  - id: PRO5"),
                                ("evidence: evidence/ia-2526-09/", "  - id: CYB2")):  # fmt: skip
        done = text.index(f"        status: complete\n        {evidence}")
        text = text[:done] + "        status: on-track\n" + text[text.index(following, done) - 1 :]
    return text.replace(f"{CYB3}Dec 26", f"{CYB3}Sep 26")


def test_history_gives_moves_original_dates_and_completion(tmp_path):
    repo = _example_repo(tmp_path)
    lines = timelines(repo.root)
    assert lines["ia-tracker:PRO1.a"].slips == 2
    assert lines["ia-tracker:PRO1.a"].original.due == date(2025, 12, 31)
    assert lines["ia-tracker:CYB3.a"].slips == 3
    view = tracker(root=repo.root)
    assert view["from_git"] is True
    recs = rows(view)
    pro1 = recs["ia-tracker:PRO1"]
    assert (pro1["moves"], pro1["original_due"], pro1["due"], pro1["revised"]) == (
        2,
        "2025-12-31",
        "2026-12-31",
        True,
    )
    assert recs["ia-tracker:CYB3"]["moves"] == 3
    assert recs["ia-tracker:CYB3"]["original_due"] == "2026-09-30"
    assert [r["ref"] for r in view["awaiting_verification"]] == ["ia-tracker:CYB1", "ia-tracker:PRO4"]
    assert recs["ia-tracker:CYB1"]["implemented_on"] == "2026-09-18"  # its update, not the commit's day


def test_history_counts_moves_the_file_does_not_record(tmp_path):
    repo = _example_repo(tmp_path)
    text = repo.read(TRACKER)
    start = text.index("        extensions:\n          - asked: 2025-11-25")
    end = text.index("        status: at-risk", start)
    repo.write({TRACKER: text[:start] + text[end:]})
    repo.commit("Extensions lost in a bad merge", "2026-11-25")
    assert rows(tracker(root=repo.root))["ia-tracker:PRO1"]["moves"] == 2


def test_lint_finds_a_date_moved_more_often_than_allowed(tmp_path):
    repo = _example_repo(tmp_path)
    result = invoke("lint", "--format", "json", "--as-of", AS_OF, "-w", str(repo.root))
    found = {(f["rule"], f["ref"]) for f in json.loads(result.stdout)}
    assert ("date-moved-too-often", "ia-tracker:CYB3.a") in found
    assert ("moved-without-extension", "ia-tracker:CYB3.a") in found
    assert not any(ref == "ia-tracker:PRO1.a" for _, ref in found)  # moved twice, both approved
    quiet = invoke("lint", "--format", "json", "--as-of", AS_OF, "-w", str(repo.root), "--ignore",
                   "date-moved-too-often,moved-without-extension")  # fmt: skip
    assert not any(f["ref"] == "ia-tracker:CYB3.a" for f in json.loads(quiet.stdout))


def test_lint_finds_a_completed_action_without_evidence(tmp_path):
    root = tmp_path / "council"
    shutil.copytree(REPO / "plans", root / "plans")
    shutil.copy(REPO / "pmplan.yaml", root / "pmplan.yaml")
    path = root / TRACKER
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("        evidence: evidence/ia-2526-09/disaster-recovery-test-2026-09.md\n", "")
    )
    result = invoke("lint", "--format", "json", "--as-of", AS_OF, "-w", str(root))
    assert result.exit_code == 1
    found = [(f["rule"], f["ref"]) for f in json.loads(result.stdout) if f["severity"] == "error"]
    # the evidence folder was not copied: PAY1's file is not in this repository
    assert found == [
        ("missing-evidence-file", "ia-tracker:PAY1.a"),
        ("complete-without-evidence", "ia-tracker:CYB1.a"),
    ]


def test_example_council_lints_without_errors():
    result = invoke("lint", "--as-of", AS_OF, "-w", str(REPO))
    assert result.exit_code == 0, result.stdout


def test_filters_do_not_change_the_view_model_shape():
    ws = load_workspace(REPO)
    view = build_audit(
        ws, date(2026, 12, 3), Meetings("Audit and Governance Committee", date(2026, 9, 22), "as given"),
        None, Filters(priority="none"),
    )  # fmt: skip
    assert view.recommendations == () and view.totals.total == 0


def test_show_gives_the_audit_fields():
    rec = invoke("show", "ia-tracker:CYB2", "--as-of", AS_OF, "-w", str(REPO)).stdout
    for words in (
        "Cyber security and IT disaster recovery (IA 2025/26-09), 03 Mar 2026",
        "Priority  high",
        "Verified",
    ):
        assert words in rec
    action = invoke("show", "ia-tracker:PRO3.a", "--as-of", AS_OF, "-w", str(REPO)).stdout
    assert "02 Jun 2026: to Dec 26 (refused by Audit and Governance Committee, 23 Jun 2026)" in action
    done = invoke("show", "ia-tracker:PAY1.a", "--as-of", AS_OF, "-w", str(REPO)).stdout
    assert "evidence/ia-2425-06/payroll-reconciliation-sign-off.md" in done
    assert "Bernadette Thorpe, 15 Sep 2025: Reconciliations" in done


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice or poppler-utils is not installed",
)
def test_word_tracker_prints_as_a_committee_would_read_it(tmp_path):
    """Converted by LibreOffice: British English, no row split across pages, no word broken
    inside, nothing below 10 pt, and each source's heading on the page where its table starts."""
    import subprocess
    import sys

    from pdf_checks import broken_words, docx_rows, language, small_text, split_rows

    docx = tmp_path / "audit.docx"
    command = [sys.executable, "-m", "pmplan", "report", "audit", "--format", "docx", "-o", str(docx),
               "--as-of", AS_OF, "--workspace", str(REPO)]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    convert = ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
               "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx)]  # fmt: skip
    subprocess.run(convert, capture_output=True, text=True, timeout=240)
    pdf = tmp_path / "audit.pdf"
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    assert language(pdf) == "en-GB"
    # a link may break anywhere (it has no spaces); a bullet is the list's glyph
    links = " ".join(t for r in docx_rows(docx) for c in r for t in c.split() if "://" in t)
    broken = [w for w in broken_words(docx, pdf) if w.split(": ", 1)[1].strip("'") not in links]
    assert [w for w in broken if "\\uf0b7" not in w] == []
    assert small_text(pdf) == []
    assert split_rows(pdf, docx_rows(docx)) == []
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Audit recommendations tracker" in text
    assert "Awaiting verification" in text and "ia-tracker:CYB1" in text
    pages = text.split("\f")
    view = tracker()
    for source in view["sources"]:
        first = next(r["ref"] for r in view["recommendations"] if r["source"] == source["id"])
        [page] = [n for n, words in enumerate(pages) if f"{source['title']}\n" in words]
        assert first in pages[page], f"{source['title']} is on page {page + 1}, its table on the next"


def test_the_committee_from_the_flag_the_setting_or_the_calendar(make_workspace: MakeWorkspace):
    assert tracker("--committee", "audit and governance")["committee"] == "Audit and Governance Committee"
    view = tracker("--committee", "Standards Committee")  # not in the calendar: no meetings known
    assert (view["committee"], view["next_meeting"]) == ("Standards Committee", None)
    assert "three months before" in view["since_how"]
    root = make_workspace(
        {"plans/plan.yaml": None, "plans/calendar.yaml": (REPO / "plans/calendar.yaml").read_text()}
    )
    (root / "pmplan.yaml").write_text("organisation: Test Council\naudit:\n  committee: Cabinet\n")
    shutil.copy(REPO / TRACKER, root / "plans" / "tracker.yaml")
    view = tracker(root=root)
    assert (view["committee"], view["since"], view["next_meeting"]) == ("Cabinet", "2026-11-18", "2027-02-17")
