"""Indicator readings (``pmplan.indicators.reading``) and loading a large workspace: fast, and the same
findings whether the files are parsed in one process or several."""

from __future__ import annotations

import importlib.util
import os
import time

import pytest

import pmplan.workspace.loader
from plan_fixtures import REPO, lint_ws, load
from pmplan.indicators.reading import latest_period, read_indicator
from pmplan.workspace.models import IndicatorsFile, validate
from pmplan.workspace.reader import parse_yaml


def indicator(values: str, extra: str = ""):
    text = f"kind: indicators\nindicators:\n  - id: I\n    title: t\n{extra}    values:\n{values}"
    return validate(IndicatorsFile, parse_yaml(text)).indicators[0]


VALUES = (
    "      2025/26 Q1: {target: 10, actual: 9}\n"
    "      2025/26 Q2: {target: 10}\n"
    "      2024/25 Q1: {target: 10, actual: 12}\n"
    "      2025/26: {target: 40, actual: 41}\n"
)


def test_latest_period_has_an_actual_whatever_the_order():
    assert latest_period(indicator(VALUES)) == "2025/26"  # the year ends after Q1
    quarters_only = indicator(VALUES.replace("      2025/26: {target: 40, actual: 41}\n", ""))
    assert latest_period(quarters_only) == "2025/26 Q1"
    assert latest_period(indicator("      2025/26 Q1: {target: 1}\n")) is None
    assert latest_period(indicator("      2025-08: {}\n")) is None


def test_reading_compares_with_the_same_kind_of_period():
    reading = read_indicator(indicator(VALUES), "2025/26 Q1", 5)
    assert (reading.period, reading.rag, reading.direction) == ("2025/26 Q1", "red", "worsening")
    assert reading.previous is not None and reading.previous.period == "2024/25 Q1"
    assert reading.year_ago is not None and reading.year_ago.period == "2024/25 Q1"
    assert reading.reason == "9 against a target of 10: 10.0% short, beyond the 5% tolerance: red"
    year = read_indicator(indicator(VALUES), "2025/26", 5)
    assert (year.rag, year.previous, year.direction) == ("green", None, None)


def test_reading_of_a_period_with_no_value():
    reading = read_indicator(indicator(VALUES), "2023/24 Q3", 5)
    assert (reading.period, reading.value, reading.rag, reading.direction) == ("2023/24 Q3", None, None, None)
    quarter = read_indicator(indicator(VALUES), "2025/26 Q2", 5)
    assert (quarter.value.target, quarter.rag, quarter.direction) == (10, None, None)


def test_qualitative_reading():
    values = "      2025/26 Q1: {rag: green}\n      2025/26 Q2: {rag: amber, note: Slipped}\n"
    reading = read_indicator(indicator(values, "    type: qualitative\n"), None, 5)
    assert (reading.period, reading.rag, reading.reason, reading.direction) == (
        "2025/26 Q2",
        "amber",
        "rated by the owner",
        "worsening",
    )


def test_cumulative_compares_only_with_a_year_before():
    values = (
        "      2024/25 Q2: {target: 50, actual: 47}\n"
        "      2025/26 Q1: {target: 25, actual: 26}\n"
        "      2025/26 Q2: {target: 50, actual: 48}\n"
    )
    cumulative = indicator(values, "    cumulative: true\n")
    q2 = read_indicator(cumulative, "2025/26 Q2", 5)
    assert (q2.direction, q2.compared.period) == ("improving", "2024/25 Q2")
    q1 = read_indicator(cumulative, "2025/26 Q1", 5)
    assert (q1.direction, q1.compared) == (None, None)  # last year's Q2 is not comparable


def test_a_period_label_that_is_not_a_period_has_no_reading():
    reading = read_indicator(indicator(VALUES), "2025/27", 5)
    assert (reading.value, reading.rag) == (None, None)


def test_period_key_whose_years_do_not_follow_is_invalid(make_workspace):
    text = (
        "kind: indicators\nindicators:\n  - id: LPI-01\n    title: t\n    owner: JP\n    deputy: HB\n"
        "    links: [P1.1]\n    values:\n      2025/27 Q1: {target: 1, actual: 1}\n"
    )
    findings = lint_ws(make_workspace({"plans/indicators.yaml": text}))
    in_file = [(f.rule, f.line) for f in findings if f.file == "plans/indicators.yaml"]
    assert in_file == [("invalid-file", 9)]
    assert (
        "second year must follow the first"
        in findings[[f.rule for f in findings].index("invalid-file")].message
    )


# --- a large workspace ------------------------------------------------------------------------


def _generator():
    path = REPO / "benchmarks" / "generate.py"
    if not path.is_file():
        pytest.skip("benchmarks/generate.py not found")
    spec = importlib.util.spec_from_file_location("pmplan_bench_generate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    generate = _generator()
    root = tmp_path_factory.mktemp("large")
    generate.generate(root, actions=2000, indicators=200, years=2)
    plans = root / "plans"
    (plans / "broken.yaml").write_text("kind: glossary\nterms:\n  A: x\n  A: y\n")
    (plans / "latin1.yaml").write_bytes(b"kind: glossary\nterms:\n  CAF\xe9: x\n")
    return root, generate.AS_OF


def test_large_workspace_lints_quickly(large):
    root, as_of = large
    started = time.perf_counter()
    findings = lint_ws(root, as_of=as_of)
    assert time.perf_counter() - started < 10
    assert len(load(root).action_list) == 2000
    assert {f.file for f in findings if f.rule == "invalid-file"} == {
        "plans/broken.yaml",
        "plans/latin1.yaml",
    }


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the loader never parses in parallel")
def test_parallel_and_serial_loads_agree(large, monkeypatch):
    root, as_of = large
    monkeypatch.setattr(pmplan.workspace.loader, "_PARALLEL_BYTES", 0)
    parallel = lint_ws(root, as_of=as_of)
    parallel_ws = load(root)
    monkeypatch.setattr(pmplan.workspace.loader, "_PARALLEL_BYTES", 10**12)
    serial = lint_ws(root, as_of=as_of)
    serial_ws = load(root)
    assert parallel == serial
    assert len(serial) > 10
    assert [(a.ref, a.due, a.leads, a.links) for a in parallel_ws.action_list] == [
        (a.ref, a.due, a.leads, a.links) for a in serial_ws.action_list
    ]
    assert [(f.rel, f.kind, f.suppressions) for f in parallel_ws.files] == [
        (f.rel, f.kind, f.suppressions) for f in serial_ws.files
    ]


@pytest.mark.skipif((os.cpu_count() or 1) < 2, reason="one core: the loader never parses in parallel")
def test_texts_from_git_load_alike_in_parallel_and_serially(large, monkeypatch):
    """A revision's files, given as bytes (as diff reads them from git), load the same on
    several cores as on one."""
    from pmplan.workspace.loader import load_texts

    root, _ = large
    files = {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted((root / "plans").rglob("*.yaml"))}
    files["plans/broken.yaml"] = b"kind: action-plan\nid: [x\n"
    assert len(files) > 3

    def loaded(limit: int) -> list[tuple[object, ...]]:
        monkeypatch.setattr(pmplan.workspace.loader, "_PARALLEL_BYTES", limit)
        monkeypatch.setattr(pmplan.workspace.loader, "_BATCH_BYTES", 4096)  # several batches
        return [
            (r.rel, r.kind, r.suppressions, [f.message for f in r.findings], repr(r.model))
            for r in load_texts(root, files)
        ]

    parallel, serial = loaded(0), loaded(10**12)
    assert parallel == serial
    assert [rel for rel, *_ in serial] == sorted(files)
    assert any(messages for _, _, _, messages, _ in serial)  # the broken file says why
