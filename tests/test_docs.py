"""``docs/rules.md`` is generated from the rules' docstrings and kept up to date; each rule says
what it finds, gives an example and its fix."""

from __future__ import annotations

import inspect
import re
import textwrap

import pytest

from plan_fixtures import REPO, invoke
from pmplan.lint.rules import RULES
from pmplan.workspace.reader import YamlProblem, parse_yaml

RULES_MD = REPO / "docs" / "rules.md"


def test_docs_rules_md_is_up_to_date():
    if not RULES_MD.is_file():
        pytest.fail("docs/rules.md is missing: run `make docs` (pmplan rules --markdown > docs/rules.md)")
    result = invoke("rules", "--markdown")
    assert result.exit_code == 0
    assert RULES_MD.read_text(encoding="utf-8") == result.stdout, (
        "run `make docs` to regenerate docs/rules.md"
    )


def test_docs_report_json_md_is_up_to_date_and_documents_every_field():
    import dataclasses

    from pmplan.report.jsondoc import generate

    text = generate()
    assert (REPO / "docs" / "report-json.md").read_text(encoding="utf-8") == text, (
        "run `make docs` to regenerate docs/report-json.md"
    )
    rows = re.findall(r"^\| `(\w+)` \| ([^|]+) \| (.*) \|$", text, flags=re.MULTILINE)
    assert rows and all(meaning.strip() for _, _, meaning in rows), (
        "a field of the view model has no docstring"
    )
    from pmplan.report.view import model

    documented = set(re.findall(r"^## (\w+)$", text, flags=re.MULTILINE))
    reachable = {name for name, cls in vars(model).items() if dataclasses.is_dataclass(cls)}
    assert documented == reachable  # every object of the view model is in the JSON, and documented


def test_rules_markdown_has_a_section_and_a_table_row_per_rule():
    text = invoke("rules", "--markdown").stdout
    assert re.findall(r"^## `([a-z-]+)`$", text, flags=re.MULTILINE) == list(RULES)
    for name, rule in RULES.items():
        assert f"| [`{name}`](#{name}) | {rule.severity.value} |" in text
        assert f"Default severity: **{rule.severity.value}**." in text


@pytest.mark.parametrize("name", list(RULES))
def test_rule_docstring_has_what_example_and_fix(name):
    rule = RULES[name]
    doc = inspect.cleandoc(rule.doc)
    summary, _, body = doc.partition("\n\n")
    assert summary and summary == summary.strip()
    assert len(body.split()) >= 10, "say why the rule matters"
    assert "Example" in body
    assert "Fix" in body
    assert body.index("Example") < body.index("Fix")
    blocks = [textwrap.dedent(b) for b in body.split("\n\n") if b.startswith("    ")]
    assert len(blocks) >= 2, "an example and its fix, each as an indented YAML block"
    for block in blocks:
        data = parse_yaml(block)
        assert not isinstance(data, YamlProblem), f"{name}: example is not YAML: {data}"


@pytest.mark.parametrize("name", list(RULES))
def test_rule_name_is_stable_kebab_case(name):
    assert re.fullmatch(r"[a-z]+(-[a-z]+)*", name)
    assert RULES[name].name == name
