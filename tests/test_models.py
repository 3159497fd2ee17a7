"""The models and the reader together: values are read as typed, ids are text, positions are kept."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from plan_fixtures import AS_OF_TEXT, PEOPLE, actions_json, invoke, lint_ws, load
from pmplan.workspace.models import (
    KINDS,
    ActionPlan,
    CalendarFile,
    GlossaryFile,
    IndicatorsFile,
    PeopleFile,
    dump,
    validate,
)
from pmplan.workspace.reader import POS_KEY, parse_yaml, position

STRATEGY = """
kind: action-plan
id: st
title: Strategy
owner: JP
links: [P1]
themes:
  - id: 1
    title: Culture
    actions:
      - id: 1.1
        title: First
        timescale: Ongoing
      - id: 1.10
        title: Tenth
        timescale: Ongoing
        see: [1.1, st:1.1]
  - id: 3
    title: Data
    actions:
      - id: 2
        title: Numbered
        leads: 010
        timescale: Ongoing
"""


def model(text: str):
    data = parse_yaml(text)
    assert isinstance(data, dict), data
    return validate(KINDS[data["kind"]], data)


def test_numbers_are_ids_as_typed(make_workspace):
    people = PEOPLE + "  - id: 010\n    name: Oh-ten\n"
    root = make_workspace({"plans/strategy.yaml": STRATEGY, "plans/people.yaml": people})
    ws = load(root)
    plan = ws.plans["st"]
    assert [g.id for g in plan.groups] == ["1", "3"]
    assert [a.id for a in plan.groups[0].actions] == ["1.1", "1.10"]
    assert set(actions_json(root)) >= {"st:1.1", "st:1.10", "st:3.2"}
    assert ws.actions["st:3.2"].leads == ("010",)
    assert "010" in ws.people
    assert lint_ws(root, select={"broken-link", "unknown-person", "duplicate-id"}) == []


def test_show_a_numbered_theme_action(make_workspace):
    root = make_workspace({"plans/strategy.yaml": STRATEGY})
    result = invoke("show", "st:1.10", "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("st:1.10 Tenth\n")
    assert invoke("show", "1.10", "--as-of", AS_OF_TEXT, "-w", str(root)).stdout.startswith("st:1.10 Tenth\n")


def test_single_id_stands_for_a_list():
    plan = model(
        "kind: action-plan\nid: p\ntitle: T\nlinks: P1\nrecommendations:\n  - id: R1\n    title: t\n"
        "    leads: CMT\n    actions:\n      - id: a\n        title: x\n        leads: JP\n        see: R2.a\n"
    )
    assert isinstance(plan, ActionPlan)
    assert plan.links == ["P1"]
    assert plan.groups[0].leads == ["CMT"]
    assert plan.groups[0].actions[0].leads == ["JP"]
    assert plan.groups[0].actions[0].see == ["R2.a"]
    calendar = model("kind: calendar\nreports:\n  - id: q\n    title: Q\n    to: Cabinet\n    every: month\n")
    assert isinstance(calendar, CalendarFile)
    assert calendar.reports[0].to == ["Cabinet"]
    assert calendar.reports[0].month_numbers() == list(range(1, 13))


def test_scalars_are_read_yaml_1_2_style():
    glossary = model(
        "kind: glossary\nterms:\n  NO: Norway\n  ON: 'Yes'\n  Y: No\n  Year: 2025\n  Ten: 1.10\n"
    )
    assert isinstance(glossary, GlossaryFile)
    assert glossary.terms == {"NO": "Norway", "ON": "Yes", "Y": "No", "Year": "2025", "Ten": "1.10"}


def test_numbers_dates_and_booleans_where_fields_want_them():
    indicators = model(
        "kind: indicators\nindicators:\n  - id: I\n    title: 2025\n    cumulative: true\n"
        "    values:\n      2025/26 Q1: {target: 48, actual: '46.5'}\n      2025-08: {target: 1e2}\n"
    )
    assert isinstance(indicators, IndicatorsFile)
    indicator = indicators.indicators[0]
    assert indicator.title == "2025"
    assert indicator.cumulative is True
    assert indicator.values["2025/26 Q1"].target == 48.0
    assert indicator.values["2025/26 Q1"].actual == 46.5
    assert indicator.values["2025-08"].target == 100.0
    plan = model(
        "kind: action-plan\nid: p\ntitle: T\napproved: {by: Cabinet, date: 2024-03-12}\n"
        "recommendations:\n  - id: R1\n    title: t\n    actions:\n      - id: a\n        title: x\n"
        "        due: 2024-10-31\n        updates:\n          - date: 2024-09-29\n            text: Done.\n"
    )
    assert plan.approved.date == date(2024, 3, 12)
    action = plan.groups[0].actions[0]
    assert (action.due, action.updates[0].date) == (date(2024, 10, 31), date(2024, 9, 29))


def test_positions_are_kept_and_excluded_from_dumps():
    people = model("kind: people\npeople:\n  - id: JP\n    name: Jo\n\n  - name: Al\n    id: AL\n")
    assert isinstance(people, PeopleFile)
    assert people.people[0].line() == (3, 5)
    assert people.people[1].line() == (6, 5)
    assert people.people[1].line("id") == (7, 5)
    assert people.people[1].line("email") == (6, 5)
    assert "pos" not in dump(people)
    assert POS_KEY not in str(dump(people))


def test_position_of_a_path():
    data = parse_yaml("kind: people\npeople:\n  - id: JP\n    name: Jo\n  - id: AL\n")
    assert position(data, ("people", 1, "id")) == (5, 5)
    assert position(data, ("people", 1, "name")) == (5, 5)
    assert position(data, ("people", 7)) == (2, 1)
    assert position(data, ("nothing",)) == (1, 1)


# --- property: ids are read as typed ----------------------------------------------------------

_YAML_WORDS = {"null", "Null", "NULL", "true", "True", "TRUE", "false", "False", "FALSE"}
ID_LIKE = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9._/-]{0,39}", fullmatch=True).filter(
    lambda s: s not in _YAML_WORDS
)
NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10**12).map(str),
    st.integers(min_value=0, max_value=999).map(lambda n: f"{n:05d}"),
    st.tuples(st.integers(0, 99), st.integers(0, 9999)).map(lambda t: f"{t[0]}.{t[1]}"),
    st.tuples(st.integers(0, 99), st.integers(0, 99)).map(lambda t: f"{t[0]}.{t[1]}0"),
    st.tuples(st.integers(1, 9), st.integers(0, 30)).map(lambda t: f"{t[0]}e{t[1]}"),
    st.integers(0, 4095).map(lambda n: f"0x{n:X}"),
    st.integers(0, 511).map(lambda n: f"0o{n:o}"),
    st.tuples(st.integers(0, 9), st.integers(0, 9), st.integers(0, 9)).map(lambda t: "{}.{}.{}".format(*t)),
)


@settings(max_examples=300, deadline=None)
@given(st.one_of(ID_LIKE, NUMBERS))
def test_ids_written_unquoted_are_the_text_typed(typed):
    people = model(f"kind: people\npeople:\n  - id: {typed}\n    name: Someone\n")
    assert people.people[0].id == typed
    plan = model(
        f"kind: action-plan\nid: {typed}\ntitle: T\nthemes:\n  - id: {typed}\n    title: t\n"
        f"    leads: {typed}\n    actions:\n      - id: {typed}\n        title: x\n"
        f"        leads: [{typed}, JP]\n        links: [{typed}]\n"
    )
    group = plan.groups[0]
    assert (plan.id, group.id, group.leads) == (typed, typed, [typed])
    action = group.actions[0]
    assert (action.id, action.leads, action.links) == (typed, [typed, "JP"], [typed])


@pytest.mark.parametrize("word", sorted(_YAML_WORDS))
def test_null_and_boolean_words_are_not_ids(word):
    data = parse_yaml(f"kind: people\npeople:\n  - id: {word}\n    name: X\n")
    assert data["people"][0]["id"] in (None, True, False)
    quoted = model(f'kind: people\npeople:\n  - id: "{word}"\n    name: X\n')
    assert quoted.people[0].id == word
