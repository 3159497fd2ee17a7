"""``pmplan init`` writes a workspace that lints clean; ``pmplan schema`` describes the plan files."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from plan_fixtures import ACCEPTANCE, REPO, invoke, lint_ws
from pmplan.workspace.models import KINDS
from pmplan.workspace.scaffold import create
from pmplan.workspace.vocabulary import STATUSES

KIND_NAMES = {"people", "glossary", "framework", "indicators", "calendar", "action-plan", "report-notes"}

# --- init -------------------------------------------------------------------------------------


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_init_writes_a_workspace_that_lints_clean_today(tmp_path):
    target = tmp_path / "new" / "council"
    result = invoke("init", str(target), "--organisation", 'Café & Co: "Quotes"')
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(f"Created a pmplan workspace in {target} (")
    assert (target / "pmplan.yaml").is_file()
    assert {p.name for p in (target / "plans").rglob("*.yaml")} >= {"people.yaml", "pm-plan.yaml"}
    lint = invoke("lint", "--format", "json", "--strict", "-w", str(target))
    assert (lint.exit_code, json.loads(lint.stdout)) == (0, [])
    today = invoke("lint", "--format", "json", "--as-of", date.today().isoformat(), "-w", str(target))
    assert (today.exit_code, json.loads(today.stdout)) == (0, [])
    listed = invoke("list", "--format", "json", "-w", str(target))
    assert listed.exit_code == 0
    assert len(json.loads(listed.stdout)) == 2
    from pmplan.workspace.index import load_workspace

    ws = load_workspace(target)
    assert ws.config.organisation == 'Café & Co: "Quotes"'
    assert {f.kind for f in ws.files} == KIND_NAMES


@pytest.mark.parametrize(
    "today", [date(2025, 3, 31), date(2025, 4, 1), date(2025, 11, 20), date(2024, 2, 29), date(2025, 12, 31)]
)
def test_scaffold_lints_clean_whatever_the_day(tmp_path, today):
    create(tmp_path, "Test Council", today=today)
    assert lint_ws(tmp_path, as_of=today) == []


def test_init_refuses_an_existing_workspace(tmp_path):
    assert invoke("init", str(tmp_path)).exit_code == 0
    (tmp_path / "plans" / "people.yaml").write_text("kind: people\npeople: []\n")
    before = snapshot(tmp_path)
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 2
    assert "already a pmplan workspace" in result.stderr
    assert "nothing written" in result.stderr
    assert snapshot(tmp_path) == before


def test_init_refuses_to_write_over_any_file(tmp_path):
    (tmp_path / "plans").mkdir()
    (tmp_path / "plans" / "calendar.yaml").write_text("mine\n")
    before = snapshot(tmp_path)
    result = invoke("init", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr == f"pmplan: {tmp_path} already has plans/calendar.yaml; nothing written\n"
    assert snapshot(tmp_path) == before


def test_init_refuses_a_link_even_one_to_nothing(tmp_path):
    """A link in the way, even one to a file not there yet, is in the way: init never writes
    through it (to somewhere outside the new workspace)."""
    outside = tmp_path / "outside.yaml"
    workspace = tmp_path / "ws"
    (workspace / "plans").mkdir(parents=True)
    (workspace / "plans" / "people.yaml").symlink_to(outside)
    result = invoke("init", str(workspace))
    assert result.exit_code == 2
    assert "already has plans/people.yaml; nothing written" in result.stderr
    assert not outside.exists() and not (workspace / "pmplan.yaml").exists()


def test_init_into_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert invoke("init").exit_code == 0
    assert (tmp_path / "pmplan.yaml").is_file()


def test_init_where_it_cannot_write(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    result = invoke("init", str(blocker / "ws"))
    assert result.exit_code == 2
    assert result.stderr.startswith("pmplan: cannot write the workspace in ")


# --- schema -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def schema() -> dict[str, Any]:
    result = invoke("schema")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_schema_chooses_the_model_by_kind_or_the_settings(schema):
    assert schema["$schema"].startswith("http://json-schema.org/")
    refs = [choice["$ref"].rsplit("/", 1)[1] for choice in schema["oneOf"]]
    by_kind = {}
    for name in refs[:-1]:
        definition = schema["$defs"][name]
        kind = definition["properties"]["kind"]
        by_kind[kind.get("const", (kind.get("enum") or [None])[0])] = name
        assert "kind" in definition["required"]
    assert set(by_kind) == KIND_NAMES == set(KINDS)
    assert refs[-1] == "WorkspaceConfig"
    assert "kind" not in schema["$defs"]["WorkspaceConfig"]["properties"]


def test_schema_covers_pmplan_yaml(schema):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft7Validator(schema)
    example = yaml.load((REPO / "pmplan.yaml").read_text(encoding="utf-8"), Loader=_EditorLoader)
    assert [e.message for e in validator.iter_errors(example)] == []
    assert not validator.is_valid({**example, "stale_after_dayz": 30})
    assert not validator.is_valid({**example, "rag": {"tolerance": 150}})
    assert validator.is_valid({})


def test_schema_models_are_strict_and_hide_positions(schema):
    for name, definition in schema["$defs"].items():
        if definition.get("type") == "object" and "properties" in definition:
            assert definition.get("additionalProperties") is False, name
            assert "pos" not in definition["properties"], name
            assert "__pos__" not in definition["properties"], name
    assert "__pos__" not in json.dumps(schema)


def test_schema_required_fields(schema):
    defs = schema["$defs"]
    assert set(defs["Action"]["required"]) == {"id", "title"}
    assert set(defs["Person"]["required"]) == {"id", "name"}
    assert set(defs["Update"]["required"]) == {"date", "text"}
    assert set(defs["ActionPlan"]["required"]) == {"kind", "id", "title"}
    assert "leads" not in defs["Action"]["required"]
    assert {"$ref": "#/$defs/Status"} in defs["Action"]["properties"]["status"]["anyOf"]
    assert defs["Status"]["enum"] == list(STATUSES)


def test_schema_to_a_file(tmp_path, schema):
    out = tmp_path / "pmplan.workspace.schema.json"
    result = invoke("schema", "-o", str(out))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert json.loads(out.read_text()) == schema
    assert out.read_text() == invoke("schema").stdout


def test_schema_to_an_unwritable_place(tmp_path):
    result = invoke("schema", "-o", str(tmp_path / "missing" / "schema.json"))
    assert result.exit_code == 2
    assert result.stderr.startswith("pmplan: cannot write ")


def test_init_writes_the_same_schema(tmp_path, schema):
    create(tmp_path, "Test Council")
    assert json.loads((tmp_path / "pmplan.workspace.schema.json").read_text()) == schema


class _EditorLoader(yaml.SafeLoader):
    """YAML as editors read it (YAML 1.2 core): no timestamps, only true/false as booleans."""


_EditorLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if not tag.endswith((":timestamp", ":bool"))]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_EditorLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|false)$"), list("tf"))


def _plan_files() -> list[Path]:
    folders = [ACCEPTANCE / "workspace" / "plans", REPO / "plans"]
    return [p for folder in folders if folder.is_dir() for p in sorted(folder.rglob("*.yaml"))]


@pytest.mark.parametrize(
    "path", _plan_files(), ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}"
)
def test_schema_accepts_the_example_plan_files(schema, path):
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_EditorLoader)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []


@pytest.mark.parametrize(
    "text",
    [
        "kind: action-plan\nid: 1\ntitle: T\nthemes:\n  - id: 1\n    title: t\n    actions:\n"
        "      - id: 1.10\n        title: x\n        leads: JP\n",
        "kind: calendar\nreports:\n  - id: qpr\n    title: Q\n    to: Cabinet\n    every: month\n",
        "kind: calendar\nyear: 2025/26\nreports:\n  - id: qpr\n    title: Q\n    to: [Cabinet]\n"
        "    months: []\n    meetings:\n      - {date: 2025-09-17, reports_on: 2025/26 Q1}\n"
        "      - {reports_on: 2025/26 Q3, committee: Cabinet, note: tbc}\n"
        "    spans: [{from: 2025-09, to: 2025-10}, {from: Nov, to: Feb, note: Budget round}]\n",
    ],
    ids=["numbers-as-ids-and-single-lead", "single-audience", "meetings-spans-and-year"],
)
def test_schema_accepts_what_the_loader_accepts(schema, text):
    jsonschema = pytest.importorskip("jsonschema")
    data = yaml.load(text, Loader=_EditorLoader)
    assert [e.message for e in jsonschema.Draft7Validator(schema).iter_errors(data)] == []


def test_schema_rejects_what_the_loader_rejects(schema):
    jsonschema = pytest.importorskip("jsonschema")
    validator = jsonschema.Draft7Validator(schema)
    bad = [
        "kind: glossary\nterm: {A: B}\n",
        "kind: people\npeople:\n  - id: JP\n",
        "kind: action-plan\nid: p\ntitle: T\nrecommendations:\n  - id: R1\n    title: t\n    actions:\n"
        "      - id: a\n        title: x\n        status: compelte\n",
        "kind: peeple\n",
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    meetings:\n      - {date: 2025-09-17}\n",
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    meetings:\n      - {reports_on: Q1 2025}\n",
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    spans: [{from: 2025-09, until: 2025-10}]\n",
        "kind: calendar\nreports:\n  - id: q\n    title: Q\n    spans: [{from: September, to: October}]\n",
        "kind: calendar\nyear: 2025\nreports: []\n",
    ]
    for text in bad:
        assert list(validator.iter_errors(yaml.load(text, Loader=_EditorLoader))), text
