"""Bad input: each broken file is one ``invalid-file`` finding at its line; every other file is
still checked; nothing raises and no command shows a traceback."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

import pmplan.workspace.loader
import pmplan.workspace.reader
from plan_fixtures import AS_OF, AS_OF_TEXT, BASE, PLAN, at, brief, invoke, lint_ws, load, write_tree
from pmplan.lint.run import LintOptions, lint
from pmplan.workspace.vocabulary import STATUSES

PLAN_FILE = "plans/plan.yaml"
# A defect in another file, to show that it is still checked when one file is broken.
ZZ_PLAN = PLAN.replace("leads: [JP, CMT]", "leads: [JP, ZZ]")
ZZ = (PLAN_FILE, *at(ZZ_PLAN, "leads"), "unknown-person", "error", "pm:R1.a")


def action_plan(action_lines: str) -> str:
    return (
        "kind: action-plan\nid: p2\ntitle: T\nowner: JP\nlinks: [P1]\nrecommendations:\n"
        "  - id: R1\n    title: t\n    actions:\n      - id: a\n        title: x\n"
        "        timescale: Ongoing\n" + action_lines
    )


INDICATOR = "kind: indicators\nindicators:\n  - id: I9\n    title: t\n    owner: JP\n    deputy: HB\n"

BAD_FILES = {
    "syntax": ("kind: glossary\nterms:\n  a: [b\n", 4, 1, "YAML syntax error"),
    "tab": ("kind: glossary\nterms:\n\tA: x\n", 3, 1, "YAML syntax error"),
    "duplicate-key": (
        "kind: glossary\nterms:\n  A: x\n  A: y\n",
        4,
        3,
        "duplicate key 'A' (first given on line 3): YAML keeps only one of them",
    ),
    "unknown-field-lead": (
        action_plan("        lead: JP\n"),
        13,
        9,
        "unknown field 'lead' (did you mean 'leads'?) at recommendations[0].actions[0]",
    ),
    "unknown-field-term": (
        "kind: glossary\nterm:\n  A: x\n",
        2,
        1,
        "unknown field 'term' (did you mean 'terms'?)",
    ),
    "unknown-field-no-hint": (
        "kind: framework\nzebra: 1\n",
        2,
        1,
        "unknown field 'zebra'; allowed here: kind, priorities, vision",
    ),
    "leads-mapping": (
        action_plan("        leads: {a: b}\n"),
        13,
        9,
        "recommendations[0].actions[0].leads: expected a list (e.g. [A, B]), got a mapping",
    ),
    "target-not-a-number": (
        INDICATOR + "    values:\n      2025/26 Q1: {target: abc}\n",
        8,
        20,
        "indicators[0].values.2025/26 Q1.target: 'abc' is not a number",
    ),
    "status": (
        action_plan("        status: compelte\n"),
        13,
        9,
        "'compelte' is not one of 'not-started', 'on-track', 'at-risk', 'delayed', 'complete', "
        "'no-further-action' or 'cancelled' (did you mean 'complete'?)",
    ),
    "month": (
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    months: [Feb, Mai]\n",
        5,
        5,
        "(did you mean 'May'?)",
    ),
    "id-with-space": (
        'kind: people\npeople:\n  - id: "has space"\n    name: X\n',
        3,
        5,
        "people[0].id: 'has space' is not a valid id",
    ),
    "id-too-long": (
        "kind: people\npeople:\n  - id: " + "A" * 41 + "\n    name: X\n",
        3,
        5,
        "is too long: ids are at most 40 characters",
    ),
    "lead-bad-id": (
        action_plan("        leads: [JP, 'a b']\n"),
        13,
        9,
        "recommendations[0].actions[0].leads[1]: 'a b' is not a valid id",
    ),
    "period-key": (
        INDICATOR + "    values:\n      2025 Q1: {target: 1}\n",
        8,
        7,
        "indicators[0].values.2025 Q1: '2025 Q1' is not a period",
    ),
    "bad-date": (
        action_plan("        due: 2025-02-30\n"),
        13,
        9,
        "recommendations[0].actions[0].due: '2025-02-30' is not a day of the calendar",
    ),
    "action-without-title": (
        "kind: action-plan\nid: p2\ntitle: T\nrecommendations:\n  - id: R1\n    title: t\n"
        "    actions:\n      - id: a\n        leads: JP\n",
        8,
        9,
        "'title' is required at recommendations[0].actions[0]",
    ),
    "update-without-text": (
        action_plan("        updates:\n          - date: 2025-01-01\n"),
        14,
        13,
        "'text' is required at recommendations[0].actions[0].updates[0]",
    ),
    "report-without-months": (
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n",
        3,
        5,
        "reports[0]: a report needs 'months' (e.g. [Feb, May, Aug, Nov]), 'every: month', "
        "'meetings' or 'spans'",
    ),
    "report-with-no-months-and-no-meetings": (
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    months: []\n    meetings: []\n",
        3,
        5,
        "reports[0]: a report needs 'months'",
    ),
    "meeting-without-its-period": (
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    meetings:\n      - date: 2025-09-17\n",
        6,
        9,
        "'reports_on' is required at reports[0].meetings[0]",
    ),
    "meeting-on-no-period": (
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    meetings:\n"
        "      - {date: 2025-09-17, reports_on: Q1 2025}\n",
        6,
        None,
        "'Q1 2025' is not a period: write '2025/26 Q2', '2025/26' or '2025-08'",
    ),
    "meeting-on-no-date": (
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    meetings:\n"
        "      - {date: 17 September 2025, reports_on: 2025/26 Q1}\n",
        6,
        None,
        "'17 September 2025' is not a date: write it as YYYY-MM-DD",
    ),
    "span-months-mixed": (
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    spans: [{from: Sep, to: 2025-10}]\n",
        5,
        None,
        "both with their year (2025-09) or both as the cycle's months (Sep)",
    ),
    "span-backwards": (
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    spans: [{from: 2025-10, to: 2025-09}]\n",
        5,
        None,
        "a span's 'to' (2025-09) is before its 'from' (2025-10)",
    ),
    "span-month-not-a-month": (
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    spans: [{from: 2025-13, to: 2025-12}]\n",
        5,
        None,
        "'2025-13' is not a month: write a month of a year (2025-09) or of the cycle (Sep)",
    ),
    "span-field-typo": (
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    spans: [{from: 2025-09, to: 2025-10, notes: x}]\n",
        5,
        None,
        "unknown field 'notes' (did you mean 'note'?)",
    ),
    "calendar-year-not-a-financial-year": (
        "kind: calendar\nyear: 2025\nreports:\n  - id: q\n    title: Q\n    every: month\n",
        2,
        None,
        "year: '2025' is not a financial year: write it as 2025/26",
    ),
    "meeting-on-a-day-that-does-not-exist": (
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    meetings:\n"
        "      - {date: 2025-09-31, reports_on: 2025/26 Q2}\n",
        6,
        None,
        "reports[0].meetings[0].date: '2025-09-31' is not a day of the calendar",
    ),
    "span-month-spelt-out": (
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    spans: [{from: September, to: Oct}]\n",
        5,
        None,
        "(Sep) (did you mean 'Sep'?)",
    ),
    "calendar-year-not-following": (
        "kind: calendar\nyear: 2025/27\nreports:\n  - id: q\n    title: Q\n    every: month\n",
        2,
        None,
        "'2025/27' is not a period: the second year must follow the first",
    ),
    "recommendations-and-themes": (
        "kind: action-plan\nid: p2\ntitle: T\nrecommendations: []\nthemes: []\n",
        1,
        1,
        "a plan has 'recommendations' or 'themes', not both",
    ),
    "people-not-a-list": ("kind: people\npeople:\n  JP: Jo\n", 2, 1, "people: expected a list"),
    "missing-kind": ("people: []\n", 1, 1, "no 'kind:' at the top of the file; it must be one of: people,"),
    "unknown-kind": ("kind: peeple\npeople: []\n", 1, 1, "unknown kind 'peeple' (did you mean 'people'?)"),
    "empty": ("", 1, 1, "file is empty"),
    "whitespace": ("  \n\n", 1, 1, "file is empty"),
    "only-comments": ("# kind: people\n# nothing here\n", 1, 1, "holds no YAML data"),
    "multi-document": ("kind: glossary\n---\nkind: glossary\n", 2, 1, "more than one YAML document"),
    "top-level-list": ("- kind: people\n", 1, 1, "a plan file is a mapping that starts with 'kind:'"),
    "top-level-scalar": ("just words\n", 1, 1, "a plan file is a mapping that starts with 'kind:'"),
    "key-is-a-list": ("kind: glossary\n? [a]\n: b\n", 2, 3, "a key must be plain text"),
    "undefined-alias": ("kind: glossary\nterms: *x\n", 2, 8, "alias *x names no anchor"),
    "deep-list": ("[" * 10_000 + "]" * 10_000 + "\n", 1, None, "nests too deep"),
    "deep-mapping": (
        "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "x: 1\n",
        51,
        101,
        "nests more than 50 levels deep",
    ),
}


@pytest.mark.parametrize(("text", "line", "column", "message"), BAD_FILES.values(), ids=BAD_FILES.keys())
def test_bad_file_is_one_finding_and_the_rest_is_checked(make_workspace, text, line, column, message):
    root = make_workspace({"plans/bad.yaml": text.encode(), PLAN_FILE: ZZ_PLAN})
    findings = lint_ws(root)
    bad = [f for f in findings if f.file == "plans/bad.yaml"]
    assert [(f.line, f.rule, f.severity.value, f.ref) for f in bad] == [(line, "invalid-file", "error", None)]
    if column is not None:
        assert bad[0].column == column
    assert message in bad[0].message
    assert brief([f for f in findings if f.file != "plans/bad.yaml"]) == [ZZ]


def test_several_errors_in_one_file_each_reported(make_workspace):
    text = (
        "kind: framework\npriorities:\n  - id: P1\n    title: x\n    outcomes:\n"
        "      - id: P1.1\n        titel: y\n"
    )
    root = make_workspace({"plans/bad.yaml": text})
    assert [(f.line, f.column, f.message) for f in lint_ws(root)] == [
        (6, 9, "'title' is required at priorities[0].outcomes[0]"),
        (7, 9, "unknown field 'titel' (did you mean 'title'?) at priorities[0].outcomes[0]"),
    ]


def test_broken_file_items_are_left_out(make_workspace):
    # A broken people file: its people are unknown, and the plan's leads are reported as such.
    people = "kind: people\npeople:\n  - id: JP\n    name: Jo\n    nmae: typo\n"
    root = make_workspace({"plans/people.yaml": people})
    rules = sorted({f.rule for f in lint_ws(root)})
    assert rules == ["invalid-file", "unknown-person"]


def test_billion_laughs_is_refused_quickly(make_workspace):
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 9) + "]")
    bomb = "kind: glossary\n" + "\n".join(lines) + "\nterms: *i\n"
    root = make_workspace({"plans/bomb.yaml": bomb, PLAN_FILE: ZZ_PLAN})
    started = time.perf_counter()
    findings = lint_ws(root)
    assert time.perf_counter() - started < 2
    (bad,) = [f for f in findings if f.file == "plans/bomb.yaml"]
    assert "aliases expand without bound" in bad.message
    assert 2 <= bad.line <= 10


def test_modest_aliases_and_merge_keys_load(make_workspace):
    people = (
        "kind: people\npeople:\n  - &jo {id: JP, name: Jo Price}\n  - <<: *jo\n    id: HB\n"
        "  - id: CMT\n    name: Team\n"
    )
    root = make_workspace({"plans/people.yaml": people})
    assert lint_ws(root) == []
    assert load(root).people["HB"].name == "Jo Price"


def test_bom_and_crlf_load_with_the_right_lines(make_workspace):
    text = ZZ_PLAN.lstrip("\n")
    crlf = text.replace("\n", "\r\n").encode()
    root = make_workspace(
        {
            PLAN_FILE: b"\xef\xbb\xbf" + text.encode(),
            "plans/crlf.yaml": crlf.replace(b"id: pm\r\n", b"id: pm2\r\n"),
            "plans/both.yaml": b"\xef\xbb\xbf" + crlf.replace(b"id: pm\r\n", b"id: pm3\r\n"),
        }
    )
    findings = lint_ws(root)
    assert [(f.file, f.line, f.column, f.rule) for f in findings] == [
        ("plans/both.yaml", ZZ[1], ZZ[2], "unknown-person"),
        ("plans/crlf.yaml", ZZ[1], ZZ[2], "unknown-person"),
        (PLAN_FILE, ZZ[1], ZZ[2], "unknown-person"),
    ]


def test_suppression_comment_in_a_crlf_file(make_workspace):
    text = ZZ_PLAN.lstrip("\n").replace(
        "leads: [JP, ZZ]", "leads: [JP, ZZ]  # pmplan: ignore[unknown-person]"
    )
    root = make_workspace({PLAN_FILE: text.replace("\n", "\r\n").encode()})
    assert lint_ws(root) == []


def test_latin1_file_names_its_line(make_workspace):
    root = make_workspace(
        {"plans/glossary.yaml": b"kind: glossary\nterms:\n  CAF\xe9: Caf\xe9\n", PLAN_FILE: ZZ_PLAN}
    )
    findings = lint_ws(root)
    assert brief(findings) == [("plans/glossary.yaml", 3, 6, "invalid-file", "error", None), ZZ]
    assert findings[0].message.startswith("this file is not UTF-8 text (byte 0xe9 cannot be read)")


def test_binary_file(make_workspace):
    root = make_workspace({"plans/image.yaml": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", PLAN_FILE: ZZ_PLAN})
    findings = lint_ws(root)
    assert brief(findings) == [("plans/image.yaml", 1, 1, "invalid-file", "error", None), ZZ]
    assert "binary file" in findings[0].message


def test_file_over_the_size_limit(make_workspace, monkeypatch):
    monkeypatch.setattr(pmplan.workspace.reader, "MAX_BYTES", 2000)
    big = "kind: glossary\nterms:\n" + "".join(f"  T{i}: term {i}\n" for i in range(300))
    root = make_workspace({"plans/big.yaml": big, PLAN_FILE: ZZ_PLAN})
    findings = lint_ws(root)
    assert brief(findings) == [("plans/big.yaml", 1, 1, "invalid-file", "error", None), ZZ]
    assert "split it into several files" in findings[0].message


def test_read_yaml_size_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(pmplan.workspace.reader, "MAX_BYTES", 10)
    path = tmp_path / "big.yaml"
    path.write_text("kind: glossary\n")
    problem = pmplan.workspace.reader.read_yaml(path)
    assert isinstance(problem, pmplan.workspace.reader.YamlProblem)
    assert "split it into several files" in problem.message
    monkeypatch.setattr(pmplan.workspace.reader, "MAX_BYTES", 100)
    assert pmplan.workspace.reader.read_yaml(path)["kind"] == "glossary"


def test_only_yaml_files_are_read_and_hidden_ones_skipped(make_workspace):
    root = make_workspace(
        {
            "plans/notes.txt": "not yaml: [",
            "plans/.hidden.yaml": "kind: [",
            "plans/.git/x.yaml": "kind: [",
            "plans/extra.yml": "kind: glossary\nterms: {A: B}\n",
        }
    )
    assert lint_ws(root) == []
    assert load(root).terms == {"A": "B"}


def test_bad_input_through_the_cli_never_shows_a_traceback(make_workspace):
    files = {f"plans/bad-{i}.yaml": text.encode() for i, (text, *_rest) in enumerate(BAD_FILES.values())}
    files["plans/latin1.yaml"] = b"kind: glossary\nterms:\n  CAF\xe9: x\n"
    files["plans/nul.yaml"] = b"kind: glossary\x00\n"
    root = make_workspace(files)
    proc = subprocess.run(
        [sys.executable, "-m", "pmplan", "lint", "--format", "json", "--as-of", AS_OF_TEXT, "-w", str(root)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 1
    assert proc.stderr == ""
    assert '"rule": "invalid-file"' in proc.stdout
    assert proc.stdout.count('"rule": "invalid-file"') == len(files)


# --- the workspace itself ---------------------------------------------------------------------


def test_no_workspace_anywhere(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("lint")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"pmplan: no pmplan.yaml found in {tmp_path}")
    assert "pmplan init" in result.stderr


@pytest.mark.parametrize(
    ("config", "where", "message"),
    [
        ("rag: [\n", "pmplan.yaml:2:1:", "YAML syntax error"),
        (
            "rag:\n  tolerence: 5\n",
            "pmplan.yaml:2:3:",
            "unknown field 'tolerence' (did you mean 'tolerance'?)",
        ),
        ("plan: plans\n", "pmplan.yaml:1:1:", "unknown field 'plan' (did you mean 'plans'?)"),
        ("lint:\n  ignore: [x]\n  ignore: [y]\n", "pmplan.yaml:3:3:", "duplicate key 'ignore'"),
        ("financial_year_start: 13\n", "pmplan.yaml:1:1:", "financial_year_start"),
        ("- a\n", "pmplan.yaml:1:1:", "must be a mapping of settings"),
        (b"organisation: Caf\xe9\n", "pmplan.yaml:1:18:", "not UTF-8"),
    ],
)
def test_broken_config_exits_2_naming_the_line(make_workspace, config, where, message):
    root = make_workspace({"pmplan.yaml": config})
    result = invoke("lint", "-w", str(root))
    assert result.exit_code == 2
    assert result.stdout == ""
    assert where in result.stderr
    assert message in result.stderr


def test_empty_config_means_defaults(make_workspace):
    root = make_workspace({"pmplan.yaml": ""})
    assert lint_ws(root) == []
    assert load(root).config.stale_after_days == 100


def test_workspace_option_variants(base_ws, tmp_path):
    assert invoke("lint", "--as-of", AS_OF_TEXT, "-w", str(base_ws / "pmplan.yaml")).exit_code == 0
    assert invoke("lint", "--as-of", AS_OF_TEXT, "--workspace", str(base_ws)).exit_code == 0
    missing = invoke("lint", "-w", str(tmp_path / "nowhere"))
    assert (missing.exit_code, missing.stderr) == (
        2,
        f"pmplan: workspace folder {tmp_path / 'nowhere'} does not exist\n",
    )
    a_file = base_ws / "plans" / "people.yaml"
    result = invoke("lint", "-w", str(a_file))
    assert result.exit_code == 2
    assert result.stderr == f"pmplan: {a_file} is a file, not a workspace folder (one with pmplan.yaml)\n"
    not_ws = invoke("lint", "-w", str(base_ws / "plans"))
    assert not_ws.exit_code == 2
    assert "is not a pmplan workspace: it has no pmplan.yaml" in not_ws.stderr


def test_plans_folder_missing(make_workspace):
    root = make_workspace({"pmplan.yaml": "plans: elsewhere\n"})
    result = invoke("lint", "-w", str(root))
    assert result.exit_code == 2
    assert result.stderr == f"pmplan: {root / 'pmplan.yaml'}: the plans folder 'elsewhere' does not exist\n"


def test_other_plans_folder(make_workspace):
    root = make_workspace({"pmplan.yaml": "plans: data\n", "data/g.yaml": "kind: glossary\nterms: {A: B}\n"})
    assert lint_ws(root) == []
    assert [f.rel for f in load(root).files] == ["data/g.yaml"]


# --- property: nothing raises, whatever the file holds ----------------------------------------

FIELDS = [
    "kind", "id", "title", "name", "people", "leads", "lead", "links", "see", "timescale", "due", "status",
    "updates", "date", "text", "values", "target", "actual", "rag", "recommendations", "themes", "actions",
    "indicators", "priorities", "outcomes", "reports", "months", "every", "terms", "owner", "deputy", "type",
    "polarity", "tolerance", "cumulative", "2025/26 Q1", "by",
]  # fmt: skip
SCALARS = st.one_of(
    st.sampled_from(
        ["JP", "ZZ", "P1", "1.10", "Mar 26", "As for R1", "2025-11-01", "2026-01-01", "2025/26 Q1", "complete",
         "TBC", "Ongoing", "", "No", "true", "month", "Feb", "higher", "qualitative", "amber", "R1", "a"]
    ),
    st.text(max_size=6),
    st.integers(-5, 10**6),
    st.floats(allow_nan=False, allow_infinity=True),
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 12, 31)),
)  # fmt: skip
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4),
    max_leaves=14,
)
DOCUMENTS = st.builds(
    lambda kind, rest: yaml.safe_dump({"kind": kind, **rest}, allow_unicode=True, sort_keys=False),
    st.sampled_from(["people", "glossary", "framework", "indicators", "calendar", "action-plan", "plan"]),
    st.dictionaries(st.sampled_from(FIELDS), VALUES, max_size=6),
)

REFS = st.sampled_from(
    ["JP", "ZZ", "P1", "P1.1", "LPI-01", "R1.a", "R1", "pm:R1.a", "fz:R1.b", "nowhere:X", "1"]
)
UPDATES = st.lists(
    st.fixed_dictionaries({"date": st.dates(date(2020, 1, 1), date(2027, 1, 1)), "text": st.just("x")})
)
ACTIONS = st.lists(
    st.fixed_dictionaries(
        {"id": st.sampled_from(["a", "b", "1.1", "R1.a"]), "title": st.just("t")},
        optional={
            "leads": st.lists(REFS, max_size=2),
            "timescale": st.sampled_from(
                ["Oct 24", "Ongoing", "TBC", "As for R1.a", "As for Reccs. 1 and 2", "See R9", "Q4 2025",
                 "2025/26", "Sep 25 - Feb 26", "From 1 April 2025", "03/04/2026", "December 2024 & ongoing"]
            ),
            "due": st.dates(date(2020, 1, 1), date(2027, 1, 1)),
            "status": st.sampled_from(STATUSES),
            "updates": UPDATES,
            "links": st.lists(REFS, max_size=2),
            "see": st.lists(REFS, max_size=2),
        },
    ),
    max_size=4,
)  # fmt: skip
VALID_PLANS = st.builds(
    lambda groups, owner, key: yaml.safe_dump(
        {"kind": "action-plan", "id": "fz", "title": "Fuzz", **owner, key: groups}, sort_keys=False
    ),
    st.lists(
        st.fixed_dictionaries(
            {"id": st.sampled_from(["R1", "R2", "1", "2"]), "title": st.just("g"), "actions": ACTIONS},
            optional={
                "leads": st.lists(REFS, max_size=2),
                "links": st.lists(REFS, max_size=2),
                "updates": UPDATES,
            },
        ),
        max_size=3,
    ),
    st.sampled_from([{}, {"owner": "JP"}, {"owner": "ZZ", "links": ["P1"]}]),
    st.sampled_from(["recommendations", "themes"]),
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.one_of(
        VALID_PLANS,
        DOCUMENTS,
        st.text(max_size=200),
        st.binary(max_size=64).map(lambda b: b.decode("latin-1")),
    )
)
def test_any_file_is_a_model_or_findings_and_lint_never_raises(text):
    with tempfile.TemporaryDirectory() as folder:
        root = write_tree(Path(folder), {**BASE, "plans/fuzz.yaml": text.encode("utf-8", "surrogatepass")})
        ws = load(root)
        (result,) = [f for f in ws.files if f.rel == "plans/fuzz.yaml"]
        assert (result.model is None) == bool(result.findings)
        event("loaded" if result.model is not None else "invalid-file")
        for finding in result.findings:
            assert finding.rule == "invalid-file"
            assert finding.line >= 1 and finding.column >= 1
            assert finding.message
        for finding in lint(ws, LintOptions(AS_OF)):
            assert finding.line >= 1 and finding.column >= 1
            assert finding.file in {f.rel for f in ws.files}
