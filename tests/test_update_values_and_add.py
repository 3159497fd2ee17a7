"""``pmplan update INDICATOR --period P`` and ``pmplan add action``: single edits from the
command line, made in place with every other byte kept."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from plan_fixtures import AS_OF_TEXT, BASE, invoke, text_of, write_tree
from pmplan.changes.edit.batch import FileEdits
from pmplan.changes.edit.indicator import ValueEdits, number_text
from pmplan.changes.edit.update import Edits, Target
from pmplan.dates.periods import APRIL
from pmplan.workspace.index import load_workspace

INDICATORS = """
# Corporate indicators.
kind: indicators
indicators:
  - id: LPI-07
    title: Household waste recycled
    owner: JP
    unit: "%"
    values:
      2025/26 Q1: {target: 48, actual: 49.2}   # a good summer
      2025/26 Q2: {target: 48}
      2025/26 Q4: {target: 41, actual: 41.5}

  - id: LPI-08
    title: Residual waste
    owner: JP
    unit: kg
    polarity: lower
    values:
      2025/26 Q1:
        target: 105
        actual: 104
  - id: LPI-09
    title: New measure
    owner: HB
  - id: QI-01
    title: Town centre
    type: qualitative
    owner: JP
    values: {2025/26 Q1: {rag: green}}
"""


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    return write_tree(tmp_path / "ws", {**BASE, "plans/indicators.yaml": INDICATORS})


def run(root: Path, *args: str) -> tuple[int, str, str]:
    result = invoke(*args, "--as-of", AS_OF_TEXT, "-w", str(root))
    return result.exit_code, result.stdout, result.stderr


def changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    return [d[2:] for d in diff if d.startswith("+ ")], [d[2:] for d in diff if d.startswith("- ")]


def test_values_set_in_place_and_new_periods_in_time_order(ws: Path) -> None:
    path = ws / "plans/indicators.yaml"
    before = path.read_text()
    assert (
        run(
            ws,
            "update",
            "LPI-07",
            "--period",
            "2025/26 Q2",
            "--actual",
            "47.2",
            "--note",
            "Dry summer: less garden waste",
        )[0]
        == 0
    )
    assert run(ws, "update", "LPI-07", "--period", "2025/26 Q3", "--actual", "44", "--target", "43.0")[0] == 0
    assert run(ws, "update", "LPI-08", "--period", "2025/26 Q1", "--note", "Bins # weighed")[0] == 0
    assert run(ws, "update", "LPI-08", "--period", "2025/26 Q2", "--actual", "101")[0] == 0
    assert run(ws, "update", "LPI-09", "--period", "2025/26 Q2", "--target", "1,200")[0] == 0
    code, out, err = run(ws, "update", "QI-01", "--period", "2025/26 Q2", "--rag", "Amber")
    assert code == 0, err
    assert out == "Updated QI-01 2025/26 Q2 in plans/indicators.yaml: rag none → amber.\n"
    added, removed = changed_lines(before, path.read_text())
    assert removed == ["      2025/26 Q2: {target: 48}", "    values: {2025/26 Q1: {rag: green}}"]
    assert added == [
        '      2025/26 Q2: {target: 48, actual: 47.2, note: "Dry summer: less garden waste"}',
        "      2025/26 Q3: {target: 43, actual: 44}",
        '        note: "Bins # weighed"',
        "      2025/26 Q2:",
        "        actual: 101",
        "    values:",
        "      2025/26 Q2: {target: 1200}",
        "    values: {2025/26 Q1: {rag: green}, 2025/26 Q2: {rag: amber}}",
    ]
    ws_ = load_workspace(ws)
    assert ws_.indicators["LPI-07"].values["2025/26 Q3"].actual == 44
    assert ws_.indicators["LPI-08"].values["2025/26 Q1"].note == "Bins # weighed"
    assert run(ws, "lint", "--select", "invalid-file")[0] == 0


def test_value_updates_refused_with_a_message(ws: Path) -> None:
    path = ws / "plans/indicators.yaml"
    before = path.read_bytes()
    cases = [
        (["update", "LPI-07", "--period", "2025/26 Q9", "--actual", "1"], "--period"),
        (["update", "LPI-07", "--period", "2025/26 Q2", "--actual", "nan"], "--actual 'nan' is not a number"),
        (
            ["update", "LPI-07", "--period", "2025/26 Q2", "--actual", "lots"],
            "--actual 'lots' is not a number",
        ),
        (["update", "LPI-07", "--actual", "3"], "need the --period"),
        (
            ["update", "LPI-07", "--period", "2025/26 Q2", "--status", "complete"],
            "--status applies to actions",
        ),
        (["update", "QI-01", "--period", "2025/26 Q2", "--actual", "3"], "is qualitative"),
        (["update", "LPI-07", "--period", "2025/26 Q2", "--rag", "red"], "is quantitative"),
        (
            ["update", "LPI-99", "--period", "2025/26 Q2", "--actual", "3"],
            "no indicator has the reference 'LPI-99'",
        ),
        (["update", "LPI-07", "--note", "x"], "LPI-07 is an indicator: give the --period"),
    ]
    for args, message in cases:
        code, _, err = run(ws, *args)
        assert code == 2 and message in err, (args, err)
    assert path.read_bytes() == before
    code, out, _ = run(ws, "update", "LPI-07", "--period", "2025/26 Q1", "--actual", "49.2")
    assert (code, out) == (0, "LPI-07 2025/26 Q1: nothing to change (already so)\n")


def test_dry_run_of_a_value(ws: Path) -> None:
    code, out, _ = run(ws, "update", "LPI-07", "--period", "2025/26 Q3", "--actual", "44", "--dry-run")
    assert code == 0 and "+      2025/26 Q3: {actual: 44}" in out
    assert "2025/26 Q3" not in (ws / "plans/indicators.yaml").read_text()


def test_number_text() -> None:
    assert [number_text(v) for v in (47.2, 48.0, 0.1 + 0.2, 1e-7, 1234567.0)] == [
        "47.2",
        "48",
        "0.3",
        "0.0000001",
        "1234567",
    ]


PLAN = """
# The audit plan.
kind: action-plan
id: pm
title: Plan
owner: JP
links: [P1]
recommendations:
  - id: R1
    title: Link priorities
    actions:
      - id: a
        title: First
        leads:
          - JP   # Jo
        timescale: Mar 26

      - id: b
        title: Second
        leads:
          - HB
        timescale: Jun 26

  # the second recommendation
  - id: R2
    title: Data quality
    leads: [HB]
"""


def test_add_action_takes_the_next_id_and_its_neighbours_style(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ws", {**BASE, "plans/plan.yaml": PLAN})
    path = root / "plans/plan.yaml"
    before = path.read_text()
    code, out, err = run(
        root,
        "add",
        "action",
        "pm:R1",
        "--title",
        "Third: the test",
        "--lead",
        "JP",
        "--lead",
        "HB",
        "--timescale",
        "Sep 26",
    )
    assert code == 0, err
    assert out == "Added pm:R1.c to plans/plan.yaml: Third: the test\n"
    code, out, err = run(root, "add", "action", "pm:R2", "--title", "Check the PIs")
    assert code == 0, err
    after = path.read_text()
    assert after == before.replace(
        "        timescale: Jun 26\n",
        "        timescale: Jun 26\n\n"
        "      - id: c\n"
        '        title: "Third: the test"\n'
        "        leads:\n"
        "          - JP\n"
        "          - HB\n"
        "        timescale: Sep 26\n",
    ).replace(
        "    leads: [HB]\n", "    leads: [HB]\n    actions:\n      - id: a\n        title: Check the PIs\n"
    )
    ws_ = load_workspace(root)
    assert ws_.actions["pm:R1.c"].leads == ("JP", "HB") and ws_.actions["pm:R2.a"].leads == ("HB",)


def test_add_action_refusals(tmp_path: Path) -> None:
    root = write_tree(tmp_path / "ws", {**BASE, "plans/plan.yaml": PLAN})
    before = (root / "plans/plan.yaml").read_bytes()
    for args, message in [
        (["pm", "--title", "x"], "pm has 2 recommendations: say which, e.g. pm:R1"),
        (["pm:R9", "--title", "x"], "pm has no recommendation or theme 'R9'"),
        (["pm:r1", "--title", "x"], "Did you mean pm:R1?"),
        (["nope:R1", "--title", "x"], "no plan has the reference 'nope'"),
        (["pm:R1", "--title", "x", "--lead", "ZZ"], "--lead 'ZZ' is nobody in the people file"),
        (["pm:R1", "--title", " "], "--title is empty"),
    ]:
        code, _, err = run(root, "add", "action", *args)
        assert code == 2 and message in err, (args, err)
    assert (root / "plans/plan.yaml").read_bytes() == before


def test_a_batch_adds_several_updates_to_one_action_in_turn() -> None:
    """Several sets of edits to one file, worked out from one reading: any first k of them
    give the file as it reads with only those applied."""
    plan = text_of(PLAN)
    edits = FileEdits(plan, APRIL)
    from datetime import date

    first, second = Target("recommendations", "R1", "a"), Target("recommendations", "R1", "b")
    edits.edit_action(first, Edits(status="at-risk", note="One", date=date(2025, 11, 1), by="JP"), 0)
    edits.edit_action(second, Edits(note="Two", date=date(2025, 11, 2)), 1)
    edits.edit_action(first, Edits(note="Three", date=date(2025, 11, 3), next="Carry on"), 2)
    edits.verify()
    for upto in (0, 1, 2):
        edits.verify(upto)
    final = edits.text()
    assert final.count("updates:") == 2
    assert (
        "status: at-risk\n        updates:\n          - date: 2025-11-01\n            text: One\n            by: JP\n          - date: 2025-11-03\n            text: Three\n        next: Carry on\n"
        in final
    )
    assert (
        "Three" not in edits.text(upto=1) and "Two" in edits.text(upto=1) and "Two" not in edits.text(upto=0)
    )
    with pytest.raises(Exception, match="changed twice"):
        again = FileEdits(plan, APRIL)
        again.edit_action(first, Edits(status="delayed"), 0)
        again.edit_action(first, Edits(status="complete"), 1)
        again.text()
    flow = "kind: action-plan\nid: p\ntitle: P\nrecommendations:\n  - {id: R1, title: T, actions: [{id: a, title: A}]}\n"
    flows = FileEdits(flow, APRIL)
    flows.edit_action(Target("recommendations", "R1", "a"), Edits(note="x", date=date(2025, 1, 1)), 0)
    flows.edit_action(Target("recommendations", "R1", "a"), Edits(note="z", date=date(2025, 1, 2)), 1)
    flows.verify()
    assert (
        "{id: a, title: A, updates: [{date: 2025-01-01, text: x}, {date: 2025-01-02, text: z}]}"
        in flows.text()
    )
    assert "{id: a, title: A, updates: [{date: 2025-01-01, text: x}]}" in flows.text(upto=0)
    value = FileEdits(text_of(INDICATORS), APRIL)
    value.edit_value("LPI-07", ValueEdits(APRIL.parse("2025/26 Q3"), actual="44"), 0)
    value.verify()
