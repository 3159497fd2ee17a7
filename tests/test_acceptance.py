"""The shared acceptance workspaces (``../shared/acceptance``): the clean one has no findings,
every defect planted in the other is found at its line, and nothing else is reported there."""

from __future__ import annotations

import json

import pytest

from plan_fixtures import ACCEPTANCE, invoke

pytestmark = pytest.mark.skipif(not ACCEPTANCE.is_dir(), reason="../shared/acceptance not found")

CLEAN = ACCEPTANCE / "workspace"
DEFECTS = ACCEPTANCE / "defects"


def expected() -> dict:
    path = DEFECTS / "expected.json"
    return json.loads(path.read_text()) if path.is_file() else {"as_of": "2025-11-20", "must_find": []}


AS_OF = expected()["as_of"]


def lint(root, *args):
    result = invoke("lint", "--format", "json", "--as-of", AS_OF, "--workspace", str(root), *args)
    return result.exit_code, json.loads(result.stdout), result.stderr


def test_clean_workspace_has_no_findings():
    code, findings, err = lint(CLEAN, "--strict")
    assert (code, findings, err) == (0, [], "")


@pytest.fixture(scope="module")
def defects():
    code, findings, err = lint(DEFECTS)
    assert code == 1
    assert "Traceback" not in err
    return findings


@pytest.mark.parametrize(
    "entry", expected()["must_find"], ids=lambda e: f"{e['rule']}@{e['file'].rsplit('/', 1)[-1]}:{e['line']}"
)
def test_defect_is_found_at_its_line(defects, entry):
    here = [(f["rule"], f["line"]) for f in defects if f["file"] == entry["file"]]
    hits = [
        f
        for f in defects
        if f["file"] == entry["file"] and f["rule"] == entry["rule"] and f["line"] in entry["line"]
    ]
    assert hits, f"{entry['why']}; found in that file: {here}"


def test_no_findings_in_files_that_are_clean(defects):
    clean_files = {p.relative_to(CLEAN).as_posix() for p in CLEAN.rglob("*.yaml")}
    stray = [
        f
        for f in defects
        if f["file"] in clean_files
        and not (f["rule"] == "duplicate-id" and f["file"] == "plans/indicators.yaml")
    ]
    assert stray == []


def test_every_defect_finding_was_expected(defects):
    """Each finding is a planted defect, or the other place of a planted duplicate id."""
    wanted = {(e["file"], e["rule"]) for e in expected()["must_find"]}
    duplicated = {e["file"] for e in expected()["must_find"] if e["rule"] == "duplicate-id"}
    unexpected = [f for f in defects if (f["file"], f["rule"]) not in wanted]
    for finding in unexpected:
        assert finding["rule"] == "duplicate-id", finding
        assert any(f"also at {file}:" in finding["message"] for file in duplicated), finding
