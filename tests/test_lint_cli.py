"""``pmplan lint``: suppression, configuration, rule selection, paths, output formats, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from plan_fixtures import AS_OF_TEXT, PLAN, REPO, at, invoke, lint_json, text_of

PLAN_FILE = "plans/plan.yaml"
ANSI = re.compile(r"\x1b\[")

# One warning (vague-timescale) and one error (missing-lead) in the plan; one warning
# (indicator-missing-deputy) in the indicators.
TBC_PLAN = PLAN.replace("timescale: Mar 26", "timescale: TBC") + (
    "      - id: b\n        title: Nobody leads\n        timescale: Jun 26\n"
)
PLAN_NO_OWNER = TBC_PLAN.replace("owner: JP\n", "")
NO_DEPUTY = """
kind: indicators
indicators:
  - id: LPI-01
    title: Residents in work
    owner: JP
    links: [P1.1]
"""


@pytest.fixture
def messy(make_workspace):
    return make_workspace({PLAN_FILE: PLAN_NO_OWNER, "plans/indicators.yaml": NO_DEPUTY})


def summary(findings):
    return [(f["file"], f["line"], f["rule"], f["severity"]) for f in findings]


TBC_LINE = at(PLAN_NO_OWNER, "timescale: TBC")[0]
B_LINE = at(PLAN_NO_OWNER, "id: b")[0]
ALL = [
    ("plans/indicators.yaml", 3, "indicator-missing-deputy", "warning"),
    (PLAN_FILE, TBC_LINE, "vague-timescale", "warning"),
    (PLAN_FILE, B_LINE, "missing-lead", "error"),
]


def test_lint_json_all_findings_sorted(messy):
    code, findings = lint_json(messy)
    assert code == 1
    assert summary(findings) == ALL


# --- suppression ------------------------------------------------------------------------------


def test_ignore_comment_on_the_findings_line(make_workspace):
    text = PLAN_NO_OWNER.replace("timescale: TBC", "timescale: TBC  # pmplan: ignore[vague-timescale]")
    text = text.replace("      - id: b", "      - id: b  # pmplan: ignore[missing-lead, orphan-action]")
    root = make_workspace({PLAN_FILE: text, "plans/indicators.yaml": NO_DEPUTY})
    assert summary(lint_json(root)[1]) == ALL[:1]


def test_ignore_comment_for_another_rule_or_line_does_not_suppress(make_workspace):
    text = PLAN_NO_OWNER.replace("timescale: TBC", "timescale: TBC  # pmplan: ignore[overdue]")
    text = text.replace("title: Nobody leads", "title: Nobody leads  # pmplan: ignore[missing-lead]")
    root = make_workspace({PLAN_FILE: text, "plans/indicators.yaml": NO_DEPUTY})
    assert summary(lint_json(root)[1]) == ALL


def test_config_lint_ignore(make_workspace):
    config = "lint:\n  ignore: [vague-timescale, indicator-missing-deputy]\n"
    root = make_workspace(
        {"pmplan.yaml": config, PLAN_FILE: PLAN_NO_OWNER, "plans/indicators.yaml": NO_DEPUTY}
    )
    assert summary(lint_json(root)[1]) == ALL[2:]


def test_config_lint_severity_changes_the_exit_code(make_workspace):
    lowered = "lint:\n  severity:\n    missing-lead: warning\n"
    root = make_workspace({"pmplan.yaml": lowered, PLAN_FILE: PLAN_NO_OWNER})
    code, findings = lint_json(root)
    assert (code, [f["severity"] for f in findings]) == (0, ["warning", "warning"])
    assert lint_json(root, "--strict")[0] == 1

    raised = "lint:\n  severity: {vague-timescale: error}\n"
    root = make_workspace({"pmplan.yaml": raised, PLAN_FILE: TBC_PLAN})
    code, findings = lint_json(root)
    assert (code, summary(findings)) == (1, [(PLAN_FILE, TBC_LINE + 1, "vague-timescale", "error")])


def test_config_info_severity_never_fails_even_strict(make_workspace):
    config = "lint:\n  severity: {vague-timescale: info}\n"
    root = make_workspace({"pmplan.yaml": config, PLAN_FILE: TBC_PLAN})
    code, findings = lint_json(root, "--strict")
    assert (code, [f["severity"] for f in findings]) == (0, ["info"])


@pytest.mark.parametrize(
    ("config", "where"),
    [
        ("lint:\n  ignore: [vague-timescal]\n", "pmplan.yaml lint.ignore"),
        ("lint:\n  severity: {overdu: error}\n", "pmplan.yaml lint.severity"),
    ],
)
def test_config_unknown_rule_exits_2(make_workspace, config, where):
    root = make_workspace({"pmplan.yaml": config})
    result = invoke("lint", "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.exit_code == 2
    assert where in result.stderr
    assert "did you mean" in result.stderr
    assert result.stdout == ""


def test_config_bad_severity_value_exits_2(make_workspace):
    root = make_workspace({"pmplan.yaml": "lint:\n  severity: {overdue: fatal}\n"})
    result = invoke("lint", "-w", str(root))
    assert result.exit_code == 2
    assert "pmplan.yaml:2:" in result.stderr
    assert "'fatal'" in result.stderr


# --- --select, --ignore, --strict -------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--select", "missing-lead"], ALL[2:]),
        (["--select", "missing-lead,vague-timescale"], ALL[1:]),
        (["--select", "missing-lead", "--select", "indicator-missing-deputy"], [ALL[0], ALL[2]]),
        (["--ignore", "missing-lead"], ALL[:2]),
        (["--ignore", "missing-lead, indicator-missing-deputy"], ALL[1:2]),
        (["--select", "missing-lead,vague-timescale", "--ignore", "missing-lead"], ALL[1:2]),
    ],
)
def test_select_and_ignore(messy, args, expected):
    assert summary(lint_json(messy, *args)[1]) == expected


def test_exit_code_follows_the_shown_findings(messy):
    assert lint_json(messy, "--ignore", "missing-lead")[0] == 0
    assert lint_json(messy, "--ignore", "missing-lead", "--strict")[0] == 1
    assert lint_json(messy, "--select", "missing-lead")[0] == 1


@pytest.mark.parametrize("flag", ["--select", "--ignore"])
def test_unknown_rule_flag_exits_2_with_did_you_mean(messy, flag):
    result = invoke("lint", flag, "missing-leed", "-w", str(messy))
    assert result.exit_code == 2
    assert result.stderr == f"pmplan: {flag}: unknown rule 'missing-leed' (did you mean 'missing-lead'?)\n"
    result = invoke("lint", flag, "zzz", "-w", str(messy))
    assert result.exit_code == 2
    assert "rules are: invalid-file, duplicate-id" in result.stderr


def test_strict_on_warnings_only(make_workspace):
    root = make_workspace({PLAN_FILE: TBC_PLAN.split("      - id: b")[0]})
    code, findings = lint_json(root)
    assert (code, [f["rule"] for f in findings]) == (0, ["vague-timescale"])
    assert lint_json(root, "--strict")[0] == 1


# --- PATH arguments ---------------------------------------------------------------------------


def test_path_narrows_findings_but_links_resolve_everywhere(messy, monkeypatch):
    # The plan links to P1 and LPI-01 lives elsewhere: no broken-link although only the plan is shown.
    code, findings = lint_json(messy, str(messy / PLAN_FILE))
    assert (code, summary(findings)) == (1, ALL[1:])
    code, findings = lint_json(messy, str(messy / "plans/indicators.yaml"))
    assert (code, summary(findings)) == (0, ALL[:1])
    monkeypatch.chdir(messy)
    assert summary(lint_json(messy, PLAN_FILE)[1]) == ALL[1:]
    assert summary(lint_json(messy, "plans")[1]) == ALL
    assert summary(lint_json(messy, "plans/indicators.yaml", PLAN_FILE)[1]) == ALL


def test_path_relative_to_the_workspace_and_folders(make_workspace, tmp_path, monkeypatch):
    root = make_workspace({"plans/sub/plan.yaml": PLAN_NO_OWNER, PLAN_FILE: None})
    monkeypatch.chdir(tmp_path)
    code, findings = lint_json(root, "plans/sub")
    assert code == 1
    assert {f["file"] for f in findings} == {"plans/sub/plan.yaml"}


@pytest.mark.parametrize("path", ["plans/missing.yaml", "/"])
def test_bad_path_exits_2(messy, path):
    result = invoke("lint", "-w", str(messy), path)
    assert result.exit_code == 2
    assert result.stderr.startswith("pmplan: ")
    assert "no such file" in result.stderr or "outside the workspace" in result.stderr


# --- formats ----------------------------------------------------------------------------------


def test_json_shape(make_workspace):
    root = make_workspace({"plans/deep/er/plan.yaml": PLAN_NO_OWNER, PLAN_FILE: None})
    code, findings = lint_json(root)
    assert code == 1
    assert findings[0] == {
        "file": "plans/deep/er/plan.yaml",
        "line": TBC_LINE,
        "column": 9,
        "rule": "vague-timescale",
        "severity": "warning",
        "message": "action pm:R1.a: no date can be read from the timescale 'TBC': give a month, a date "
        "or a financial year (or 'Ongoing' for recurring work)",
        "ref": "pm:R1.a",
    }
    for finding in findings:
        assert list(finding) == ["file", "line", "column", "rule", "severity", "message", "ref"]


def test_json_ref_null_and_empty_array(make_workspace, base_ws):
    root = make_workspace({"plans/broken.yaml": "kind: glossary\nterms: [\n"})
    code, findings = lint_json(root)
    assert code == 1
    assert [(f["rule"], f["ref"]) for f in findings] == [("invalid-file", None)]
    result = invoke("lint", "--format", "json", "--as-of", AS_OF_TEXT, "-w", str(base_ws))
    assert (result.exit_code, result.stdout) == (0, "[]\n")


def test_github_format(messy):
    result = invoke("lint", "--format", "github", "--as-of", AS_OF_TEXT, "-w", str(messy))
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "::warning file=plans/indicators.yaml,line=3,col=5,title=indicator-missing-deputy::"
        "indicator LPI-01 has no deputy: add 'deputy: ID'",
        f"::warning file=plans/plan.yaml,line={TBC_LINE},col=9,title=vague-timescale::"
        "action pm:R1.a: no date can be read from the timescale 'TBC': give a month, a date or a "
        "financial year (or 'Ongoing' for recurring work)",
        f"::error file=plans/plan.yaml,line={B_LINE},col=9,title=missing-lead::"
        "action pm:R1.b has no lead: add 'leads: [ID]' (or give its recommendation or theme leads, "
        "or the plan an owner)",
    ]


def test_github_format_escapes(make_workspace):
    root = make_workspace({"plans/a,b:c.yaml": 'kind: "50%\\nnew"\n'})
    result = invoke("lint", "--format", "github", "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.stdout == (
        "::error file=plans/a%2Cb%3Ac.yaml,line=1,col=1,title=invalid-file::"
        "unknown kind '50%25%0Anew'; it must be one of: people, glossary, framework, indicators, calendar, "
        "action-plan, report-notes\n"
    )


def test_github_format_info_is_a_notice(make_workspace):
    root = make_workspace({PLAN_FILE: PLAN.replace("Mar 26", "Q4 2025")})
    result = invoke("lint", "--format", "github", "--as-of", AS_OF_TEXT, "-w", str(root))
    line = at(PLAN, "timescale")[0]
    assert result.exit_code == 0
    assert result.stdout.startswith(
        f"::notice file=plans/plan.yaml,line={line},col=9,title=ambiguous-timescale::action pm:R1.a: "
    )


def test_text_format_whole_output(messy):
    result = invoke("lint", "--as-of", AS_OF_TEXT, "-w", str(messy))
    assert result.exit_code == 1
    assert result.stdout == text_of(f"""
        plans/indicators.yaml
          plans/indicators.yaml:3:5: warning [indicator-missing-deputy] indicator LPI-01 has no deputy: add 'deputy: ID'

        plans/plan.yaml
          plans/plan.yaml:{TBC_LINE}:9: warning [vague-timescale] action pm:R1.a: no date can be read from the timescale 'TBC': give a month, a date or a financial year (or 'Ongoing' for recurring work)
          plans/plan.yaml:{B_LINE}:9: error [missing-lead] action pm:R1.b has no lead: add 'leads: [ID]' (or give its recommendation or theme leads, or the plan an owner)

        1 error, 2 warnings in 2 of 4 files.
        """)


def test_text_format_clean(base_ws):
    result = invoke("lint", "--as-of", AS_OF_TEXT, "-w", str(base_ws))
    assert (result.exit_code, result.stdout, result.stderr) == (0, "No problems found in 4 files.\n", "")


def test_text_format_no_colour_with_no_color_set(messy):
    result = invoke("lint", "--as-of", AS_OF_TEXT, "-w", str(messy), env={"NO_COLOR": "1"})
    assert not ANSI.search(result.stdout)


def test_bad_format_exits_2(messy):
    result = invoke("lint", "--format", "xml", "-w", str(messy))
    assert result.exit_code == 2
    assert result.stderr == "pmplan: --format 'xml' is not one of: text, json, github\n"


def test_bad_as_of_exits_2(messy):
    result = invoke("lint", "--as-of", "20/11/2025", "-w", str(messy))
    assert result.exit_code == 2
    assert "--as-of '20/11/2025' is not a date" in result.stderr


# --- real processes: exit codes, colour on a terminal, no traceback ---------------------------

PMPLAN = [sys.executable, "-m", "pmplan"]


def run(*args, cwd=None, env=None):
    full_env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR"}}
    full_env.update(env or {})
    return subprocess.run([*PMPLAN, *args], capture_output=True, text=True, cwd=cwd, env=full_env, timeout=60)


def test_subprocess_exit_codes(messy, base_ws, tmp_path):
    assert run("lint", "--as-of", AS_OF_TEXT, cwd=base_ws).returncode == 0
    bad = run("lint", "--as-of", AS_OF_TEXT, cwd=messy / "plans")  # found by walking up
    assert bad.returncode == 1
    assert "missing-lead" in bad.stdout
    missing = run("lint", cwd=tmp_path)
    assert missing.returncode == 2
    assert "no pmplan.yaml found" in missing.stderr
    for proc in (bad, missing):
        assert "Traceback" not in proc.stderr


def test_installed_script_runs(base_ws):
    script = REPO / ".venv" / "bin" / "pmplan"
    if not script.exists():
        pytest.skip("no .venv/bin/pmplan")
    proc = subprocess.run(
        [str(script), "lint", "--format", "json", "--as-of", AS_OF_TEXT, "-w", str(base_ws)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert (proc.returncode, json.loads(proc.stdout), proc.stderr) == (0, [], "")


def _on_a_terminal(args, env):
    pty = pytest.importorskip("pty")
    leader, follower = pty.openpty()
    full_env = {k: v for k, v in os.environ.items() if k not in {"NO_COLOR", "FORCE_COLOR", "TERM"}}
    full_env.update({"TERM": "xterm-256color", "COLUMNS": "200", **env})
    try:
        proc = subprocess.run(
            [*PMPLAN, *args], stdout=follower, stderr=subprocess.PIPE, env=full_env, timeout=60
        )
    finally:
        os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    return proc.returncode, b"".join(chunks).decode()


def test_colour_only_on_a_terminal_and_not_with_no_color(messy):
    args = ["lint", "--as-of", AS_OF_TEXT, "-w", str(messy)]
    code, out = _on_a_terminal(args, {})
    assert code == 1
    assert ANSI.search(out)
    code, out = _on_a_terminal(args, {"NO_COLOR": "1"})
    assert code == 1
    assert "missing-lead" in out
    assert not ANSI.search(out)
    piped = run(*args)
    assert "missing-lead" in piped.stdout
    assert not ANSI.search(piped.stdout)
