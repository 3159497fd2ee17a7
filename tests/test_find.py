"""One ``Workspace.find``: how show, update, thread and history find what the user typed."""

from __future__ import annotations

import pytest

from plan_fixtures import REPO, invoke
from pmplan.workspace.index import ActionView, GroupView, NotFound, load_workspace


@pytest.fixture(scope="module")
def ws():
    return load_workspace(REPO)


def test_full_and_local_references(ws) -> None:
    assert ws.find("pm-audit:R1.a").item is ws.actions["pm-audit:R1.a"]
    found = ws.find("R1.a")
    assert (found.kind, found.ref) == ("action", "pm-audit:R1.a")
    assert isinstance(found.item, ActionView)
    group = ws.find("pm-audit:R1")
    assert group.kind == "group" and isinstance(group.item, GroupView)
    assert ws.find("LPI-12").kind == "indicator"
    assert ws.find("P1").kind == "priority"
    assert ws.find("pm-audit").kind == "plan"


def test_a_case_slip_is_suggested_first(ws) -> None:
    with pytest.raises(NotFound, match=r"nothing has the reference 'r1\.a'\. Did you mean: R1\.a\?"):
        ws.find("r1.a")
    person = next(iter(ws.people))
    with pytest.raises(NotFound, match=rf"Did you mean: {person}\?"):
        ws.find(person.lower(), ("person",))


def test_the_kinds_asked_for_are_named(ws) -> None:
    with pytest.raises(NotFound, match="^no action, recommendation or theme has the reference 'LPI-12'"):
        ws.find("LPI-12", ("action", "group"))


def test_a_reference_in_two_plans_asks_for_the_plan(make_workspace) -> None:
    plan = """
kind: action-plan
id: {id}
title: Plan {id}
owner: JP
recommendations:
  - id: R1
    title: First
    actions:
      - {{id: a, title: Do it, timescale: Oct 25}}
"""
    root = make_workspace({"plans/one.yaml": plan.format(id="one"), "plans/two.yaml": plan.format(id="two")})
    with pytest.raises(
        NotFound,
        match=r"'R1\.a' is in more than one plan: give the plan too \(one:R1\.a, pm:R1\.a, two:R1\.a\)",
    ):
        load_workspace(root).find("R1.a")


@pytest.mark.parametrize(
    ("command", "ref", "message"),
    [
        (
            ["show"],
            "pm-audit:R1.z",
            "nothing has the reference 'pm-audit:R1.z'. Did you mean: pm-audit:R1.c, pm-audit:R1.b, pm-audit:R1.a?",
        ),
        (
            ["update", "--status", "complete"],
            "pm-audit:R1.z",
            "no action, recommendation or theme has the reference 'pm-audit:R1.z'. Did you mean: pm-audit:R1.c, pm-audit:R1.b, pm-audit:R1.a?",
        ),
        (
            ["history"],
            "P1.9",
            "nothing has the reference 'P1.9', in the working tree or in the git history. Did you mean: 1.9, P1.2, P1.1?",
        ),
        (
            ["thread"],
            "P1.9",
            "no priority or outcome has the reference 'P1.9'. Did you mean: P1.2, P1.1, P1?",
        ),
    ],
)
def test_every_command_finds_alike(command: list[str], ref: str, message: str) -> None:
    result = invoke(command[0], ref, *command[1:], "-w", str(REPO))
    assert result.exit_code == 2
    assert message in result.stderr
