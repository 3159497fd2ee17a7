"""Periods, RAG and direction of travel (FORMAT.md, ``kind: indicators``), and ``list indicators``."""

from __future__ import annotations

import json
from datetime import date

import pytest

from plan_fixtures import AS_OF_TEXT, invoke
from pmplan.dates.periods import APRIL, FinancialYear, PeriodError
from pmplan.indicators.rag import direction, quantitative_rag

# --- periods ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "kind", "label"),
    [
        ("2025/26", date(2025, 4, 1), date(2026, 3, 31), "year", "2025/26"),
        ("2025/2026", date(2025, 4, 1), date(2026, 3, 31), "year", "2025/26"),
        ("2025/26 Q1", date(2025, 4, 1), date(2025, 6, 30), "quarter", "2025/26 Q1"),
        ("2025/26 Q2", date(2025, 7, 1), date(2025, 9, 30), "quarter", "2025/26 Q2"),
        ("2025/26 Q3", date(2025, 10, 1), date(2025, 12, 31), "quarter", "2025/26 Q3"),
        ("2025/26  q4", date(2026, 1, 1), date(2026, 3, 31), "quarter", "2025/26 Q4"),
        ("2099/00 Q4", date(2100, 1, 1), date(2100, 3, 31), "quarter", "2099/00 Q4"),
        ("2025-08", date(2025, 8, 1), date(2025, 8, 31), "month", "2025-08"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "month", "2024-02"),
    ],
)
def test_parse_period(text, start, end, kind, label):
    period = APRIL.parse(text)
    assert (period.start, period.end, period.kind, period.label) == (start, end, kind, label)


@pytest.mark.parametrize(
    "text", ["2025/27", "2025/2027", "2025 Q2", "2025/26 Q5", "2025-13", "Q2", "", "2025"]
)
def test_parse_period_refuses(text):
    with pytest.raises(PeriodError):
        APRIL.parse(text)


def test_periods_with_another_financial_year_start():
    january = FinancialYear(1)
    assert january.parse("2025") == january.year(2025)
    assert january.year(2025).end == date(2025, 12, 31)
    assert january.quarter(2025, 1).end == date(2025, 3, 31)
    q = FinancialYear(7).parse("2025/26 Q1")
    assert (q.start, q.end) == (date(2025, 7, 1), date(2025, 9, 30))


def test_year_before_quarter_of_and_next_quarter():
    assert APRIL.year_before(APRIL.parse("2025/26 Q2")) == APRIL.parse("2024/25 Q2")
    assert APRIL.year_before(APRIL.parse("2025/26")) == APRIL.parse("2024/25")
    assert APRIL.year_before(APRIL.parse("2025-02")) == APRIL.parse("2024-02")
    assert APRIL.quarter_of(date(2025, 11, 20)) == APRIL.parse("2025/26 Q3")
    assert APRIL.quarter_of(date(2026, 3, 31)) == APRIL.parse("2025/26 Q4")
    assert APRIL.quarter_of(date(2026, 4, 1)) == APRIL.parse("2026/27 Q1")
    assert APRIL.next_quarter(APRIL.parse("2025/26 Q4")) == APRIL.parse("2026/27 Q1")


# --- RAG and direction ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("actual", "target", "polarity", "tolerance", "rag"),
    [
        (100, 100, "higher", 5, "green"),
        (101, 100, "higher", 5, "green"),
        (95, 100, "higher", 5, "amber"),  # exactly at the tolerance
        (94.99, 100, "higher", 5, "red"),
        (45.6, 48, "higher", 5, "amber"),  # 5% of 48 in floating point
        (45.59, 48, "higher", 5, "red"),
        (90, 100, "higher", 10, "amber"),
        (89.9, 100, "higher", 10, "red"),
        (99.9, 100, "higher", 0, "red"),
        (10, 10, "lower", 5, "green"),
        (9, 10, "lower", 5, "green"),
        (10.5, 10, "lower", 5, "amber"),
        (10.51, 10, "lower", 5, "red"),
        (0, 0, "higher", 5, "green"),
        (1, 0, "lower", 5, "red"),
        (-1, 0, "higher", 5, "red"),
    ],
)
def test_quantitative_rag(actual, target, polarity, tolerance, rag):
    assert quantitative_rag(actual, target, polarity, tolerance).rag == rag


def test_rag_reason_says_why():
    assert quantitative_rag(46.9, 48, "higher", 3).reason == (
        "46.9 against a target of 48: 2.3% short, within the 3% tolerance: amber"
    )
    assert quantitative_rag(12, 10, "lower", 5).reason == (
        "12 against a target of 10: 20.0% over, beyond the 5% tolerance: red"
    )
    assert quantitative_rag(48, 48, "higher", 5).reason == "48 against a target of 48: target met: green"


@pytest.mark.parametrize(
    ("current", "previous", "polarity", "expected"),
    [
        (50, 48, "higher", "improving"),
        (46, 48, "higher", "worsening"),
        (48, 48, "higher", "unchanged"),
        (3, 4, "lower", "improving"),
        (5, 4, "lower", "worsening"),
        (0.1 + 0.2, 0.3, "lower", "unchanged"),
    ],
)
def test_direction(current, previous, polarity, expected):
    assert direction(current, previous, polarity) == expected


# --- pmplan list indicators -------------------------------------------------------------------

INDICATORS = """
kind: indicators
indicators:
  - id: A
    title: At the boundaries
    owner: JP
    deputy: HB
    links: [P1.1]
    values:
      2025/26 Q1: {target: 100, actual: 95}
      2025/26 Q2: {target: 100, actual: 94.9}
      2025/26 Q3: {target: 100, actual: 100}
      2025/26 Q4: {target: 100}
  - id: B
    title: Own tolerance, fewer is better
    owner: JP
    deputy: HB
    links: [P1.1]
    polarity: lower
    tolerance: 10
    values:
      2025/26 Q1: {target: 10, actual: 11}
      2025/26 Q2: {target: 10, actual: 11.01}
      2025/26 Q3: {target: 10, actual: 9}
  - id: C
    title: Judged, not measured
    type: qualitative
    owner: JP
    deputy: HB
    links: [P1.1]
    values:
      2025/26 Q1: {rag: red}
      2025/26 Q2: {rag: amber, note: Better}
  - id: D
    title: Only a year apart
    owner: JP
    deputy: HB
    links: [P1.1]
    values:
      2024/25 Q2: {target: 40, actual: 41}
      2025/26 Q2: {target: 40, actual: 39}
  - id: E
    title: Counted through the year
    owner: JP
    deputy: HB
    links: [P1.1]
    cumulative: true
    values:
      2024/25 Q2: {target: 50, actual: 52}
      2025/26 Q1: {target: 25, actual: 24}
      2025/26 Q2: {target: 50, actual: 49}
  - id: F
    title: Yearly
    owner: JP
    deputy: HB
    links: [P1.1]
    frequency: annual
    values:
      2023/24: {target: 5, actual: 5}
      2024/25: {target: 5, actual: 5}
      2025/26 Q2: {target: 1, actual: 9}
"""


@pytest.fixture
def indicators_ws(make_workspace):
    return make_workspace({"plans/indicators.yaml": INDICATORS})


def listed(root, *args):
    result = invoke("list", "indicators", "--format", "json", "--as-of", AS_OF_TEXT, "-w", str(root), *args)
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def short(rows):
    return {r["id"]: (r["period"], r["target"], r["actual"], r["rag"], r["direction"]) for r in rows}


def test_list_indicators_json_keys(indicators_ws):
    rows = listed(indicators_ws, "--period", "2025/26 Q2")
    keys = {"id", "title", "owner", "period", "target", "actual", "rag", "direction"}
    assert all(keys <= set(row) for row in rows)
    assert [r["id"] for r in rows] == ["A", "B", "C", "D", "E", "F"]
    assert rows[0]["owner"] == "JP"
    assert rows[0]["title"] == "At the boundaries"


@pytest.mark.parametrize(
    ("period", "expected"),
    [
        (
            "2025/26 Q1",
            {
                "A": ("2025/26 Q1", 100, 95, "amber", None),
                "B": ("2025/26 Q1", 10, 11, "amber", None),
                "C": ("2025/26 Q1", None, None, "red", None),
                "D": ("2025/26 Q1", None, None, None, None),
                "E": ("2025/26 Q1", 25, 24, "amber", None),
                "F": ("2025/26 Q1", None, None, None, None),
            },
        ),
        (
            "2025/26 q2",
            {
                "A": ("2025/26 Q2", 100, 94.9, "red", "worsening"),
                "B": ("2025/26 Q2", 10, 11.01, "red", "worsening"),
                "C": ("2025/26 Q2", None, None, "amber", "improving"),
                "D": ("2025/26 Q2", 40, 39, "amber", "worsening"),
                "E": ("2025/26 Q2", 50, 49, "amber", "worsening"),
                "F": ("2025/26 Q2", 1, 9, "green", None),
            },
        ),
        (
            "2025/26 Q3",
            {
                "A": ("2025/26 Q3", 100, 100, "green", "improving"),
                "B": ("2025/26 Q3", 10, 9, "green", "improving"),
                "C": ("2025/26 Q3", None, None, None, None),
                "D": ("2025/26 Q3", None, None, None, None),
                "E": ("2025/26 Q3", None, None, None, None),
                "F": ("2025/26 Q3", None, None, None, None),
            },
        ),
        (
            "2024/25",
            {
                "A": ("2024/25", None, None, None, None),
                "B": ("2024/25", None, None, None, None),
                "C": ("2024/25", None, None, None, None),
                "D": ("2024/25", None, None, None, None),
                "E": ("2024/25", None, None, None, None),
                "F": ("2024/25", 5, 5, "green", "unchanged"),
            },
        ),
    ],
)
def test_list_indicators_rag_and_direction(indicators_ws, period, expected):
    assert short(listed(indicators_ws, "--period", period)) == expected


def test_list_indicators_default_period_is_each_ones_latest_with_an_actual(indicators_ws):
    rows = {r["id"]: r for r in listed(indicators_ws)}
    assert short(rows.values()) == {
        "A": ("2025/26 Q3", 100, 100, "green", "improving"),
        "B": ("2025/26 Q3", 10, 9, "green", "improving"),
        "C": ("2025/26 Q2", None, None, "amber", "improving"),
        "D": ("2025/26 Q2", 40, 39, "amber", "worsening"),
        "E": ("2025/26 Q2", 50, 49, "amber", "worsening"),
        "F": ("2025/26 Q2", 1, 9, "green", None),
    }
    # Direction compares with the previous period of the same kind (where the only earlier
    # one is a year before, with that); a cumulative indicator only with a year before.
    assert rows["A"]["compared_with"] == "2025/26 Q2"
    assert rows["D"]["compared_with"] == "2024/25 Q2"
    assert rows["E"]["compared_with"] == "2024/25 Q2"
    assert rows["F"]["compared_with"] is None
    assert rows["B"]["rag_reason"] == "9 against a target of 10: target met: green"


def test_list_indicators_uses_the_workspace_tolerance(make_workspace):
    root = make_workspace({"pmplan.yaml": "rag:\n  tolerance: 4\n", "plans/indicators.yaml": INDICATORS})
    rows = short(listed(root, "--period", "2025/26 Q1"))
    assert rows["A"][3] == "red"  # 5% short, beyond 4%
    assert rows["B"][3] == "amber"  # its own 10% still applies


@pytest.mark.parametrize("period", ["2025 Q2", "2025/27", "Q2", "2025/26 Q5"])
def test_list_indicators_bad_period_exits_2(indicators_ws, period):
    result = invoke("list", "indicators", "--period", period, "-w", str(indicators_ws))
    assert result.exit_code == 2
    assert result.stderr.startswith("pmplan: --period: ")
    assert "is not a period" in result.stderr or "must follow" in result.stderr


def test_list_indicators_csv_and_table(indicators_ws):
    result = invoke(
        "list", "indicators", "--format", "csv", "--period", "2025/26 Q1", "-w", str(indicators_ws)
    )
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith("id,title,type,owner,deputy,unit,polarity,period,target,actual,rag,")
    assert lines[1].startswith("A,At the boundaries,quantitative,JP,HB,,higher,2025/26 Q1,100.0,95.0,amber,")
    table = invoke("list", "indicators", "--period", "2025/26 Q1", "-w", str(indicators_ws))
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].strip() == "Indicators (6)"
    assert "At the boundaries" in table.stdout
    assert "\x1b[" not in table.stdout


# --- the year's outturn, and what direction of travel compares with ---------------------------


def indicator(**fields):
    from pmplan.workspace.models import Indicator, validate

    return validate(Indicator, {"id": "I1", "title": "An indicator", **fields})


def quarters(year: str, pairs):
    return {f"{year} Q{n}": {"target": t, "actual": a} for n, (t, a) in enumerate(pairs, start=1) if t or a}


@pytest.mark.parametrize(
    ("rule", "actual", "target", "rag", "used"),
    [
        ("sum", 46, 40, "green", "sum"),  # homes delivered in each quarter
        ("latest", 16, 10, "green", "latest"),  # a snapshot: the year's last value and target
        ("average", 11.5, 10, "green", "average"),
    ],
)
def test_outturn_by_the_indicators_rule(rule, actual, target, rag, used):
    from pmplan.indicators.reading import outturn

    values = quarters("2025/26", [(10, 10), (10, 8), (10, 12), (10, 16)])
    result = outturn(indicator(outturn=rule, values=values), APRIL.parse("2025/26"), 5)
    assert (result.actual, result.target, result.rag, result.rule, result.parts) == (
        actual,
        target,
        rag,
        used,
        4,
    )


def test_outturn_annual_value_wins_and_next_years_target():
    from pmplan.indicators.reading import outturn

    values = {
        **quarters("2025/26", [(10, 10), (10, 8)]),
        "2025/26": {"target": 44, "actual": 41},
        "2026/27": {"target": 50},
    }
    result = outturn(indicator(outturn="sum", values=values), APRIL.parse("2025/26"), 5)
    assert (result.actual, result.target, result.rule, result.rag, result.next_target) == (
        41,
        44,
        "annual",
        "red",
        50,
    )
    # a sum needs every quarter's target; latest needs the year's last quarter's
    part = outturn(
        indicator(outturn="sum", values=quarters("2025/26", [(10, 10), (None, 8)])), APRIL.parse("2025/26"), 5
    )
    assert (part.actual, part.target, part.rag, part.parts) == (18, None, None, 2)
    latest = outturn(indicator(values=quarters("2025/26", [(10, 10), (10, 8)])), APRIL.parse("2025/26"), 5)
    assert (latest.actual, latest.latest, latest.target) == (8, "2025/26 Q2", None)
    rated = outturn(
        indicator(type="qualitative", values={"2025/26 Q3": {"rag": "amber"}}), APRIL.parse("2025/26"), 5
    )
    assert (rated.rag, rated.rule, rated.latest) == ("amber", "latest", "2025/26 Q3")


def test_direction_of_travel_against_last_year_where_targets_are_profiled():
    from pmplan.indicators.reading import read_indicator

    # a seasonal measure: Q4's target is lower than Q3's, so Q4 is compared with Q4 last year
    values = {**quarters("2024/25", [(48, 48), (48, 48), (43, 42), (40, 39)]),
              **quarters("2025/26", [(48, 49), (49, 48), (44, 44), (41, 41.5)])}  # fmt: skip
    reading = read_indicator(indicator(values=values), "2025/26 Q4", 5)
    assert reading.profiled and reading.seasonal
    assert (reading.compared.period, reading.direction) == ("2024/25 Q4", "improving")
    assert reading.previous is not None and reading.previous.direction == "worsening"  # 44 -> 41.5
    flat = {k: {**v, "target": 45} for k, v in values.items()}
    reading = read_indicator(indicator(values=flat), "2025/26 Q4", 5)
    assert not reading.profiled and (reading.compared.period, reading.direction) == (
        "2025/26 Q3",
        "worsening",
    )
