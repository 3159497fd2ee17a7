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


# --- docs/format.md ---------------------------------------------------------------------------

FORMAT_MD = REPO / "docs" / "format.md"


def test_docs_format_md_is_up_to_date():
    if not FORMAT_MD.is_file():
        pytest.fail("docs/format.md is missing: run `make docs` (pmplan schema --markdown > docs/format.md)")
    result = invoke("schema", "--markdown")
    assert result.exit_code == 0
    assert FORMAT_MD.read_text(encoding="utf-8") == result.stdout, (
        "run `make docs` to regenerate docs/format.md"
    )


def _properties(schema: object) -> set[str]:
    """Every property name anywhere in a JSON Schema."""
    found: set[str] = set()
    if isinstance(schema, dict):
        for key, value in schema.items():
            if key == "properties" and isinstance(value, dict):
                found |= set(value)
            found |= _properties(value)
    elif isinstance(schema, list):
        for value in schema:
            found |= _properties(value)
    return found


def test_format_md_names_every_property_of_the_schema_and_of_pmplan_yaml():
    import json

    from pmplan.workspace.config import WorkspaceConfig

    text = FORMAT_MD.read_text(encoding="utf-8")
    schema = json.loads(invoke("schema").stdout)
    properties = _properties(schema)
    assert {
        "kind",
        "leads",
        "reports_on",
        "from",
        "tolerance",
        "key_issues",
        "financial_year_start",
    } <= properties
    missing = sorted(p for p in properties if f"| `{p}` |" not in text)
    assert missing == []
    config_fields = [f for f in WorkspaceConfig.__pydantic_fields__ if f != "pos"]
    assert all(f"| `{f}` |" in text for f in config_fields)


def test_every_field_of_the_format_says_what_it_means():
    import inspect

    from pmplan.workspace import config, models

    undocumented = [
        f"{cls.__name__}.{name}"
        for module in (models, config)
        for cls in vars(module).values()
        if inspect.isclass(cls)
        and getattr(cls, "__pydantic_fields__", None)
        and cls.__module__ == module.__name__
        for name, info in cls.__pydantic_fields__.items()
        if name != "pos" and not info.description
    ]
    assert undocumented == [], "give each field a docstring: docs/format.md and the schema are built from it"


def test_format_md_lists_every_status_and_kind():
    from pmplan.workspace.models import KINDS
    from pmplan.workspace.vocabulary import STATUSES

    text = FORMAT_MD.read_text(encoding="utf-8")
    assert all(f"| `{status}` |" in text for status in STATUSES)
    assert all(f"## kind: {kind}\n" in text for kind in KINDS)
    for heading in ("## Period keys", "## Statuses", "## pmplan.yaml", "### Report templates"):
        assert heading in text


# --- docs/cli.md ------------------------------------------------------------------------------

CLI_MD = REPO / "docs" / "cli.md"


def test_docs_cli_md_is_up_to_date_and_has_every_command():
    from pmplan.cli import COMMANDS
    from pmplan.cli.reference import cli_markdown

    text = cli_markdown()
    assert CLI_MD.is_file() and CLI_MD.read_text(encoding="utf-8") == text, (
        "run `make docs` to regenerate docs/cli.md"
    )
    for name, command in COMMANDS.items():
        assert f"\n## pmplan {name}\n" in text
        assert f"Usage: pmplan {name} [OPTIONS]" in text
        for sub in command if isinstance(command, dict) else ():
            assert f"\n### pmplan {name} {sub}\n" in text
            assert f"Usage: pmplan {name} {sub} [OPTIONS]" in text
    assert "--allow-invalid" in text and "--fix" in text and "--install-completion" in text
