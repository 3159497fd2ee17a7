"""Set-up a user can follow: init --blank, init's next steps, one rule in full, shell completion."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from plan_fixtures import invoke
from pmplan.dates.periods import APRIL, file_stem
from pmplan.lint.rules import RULES

PMPLAN = str(Path(sys.executable).with_name("pmplan"))
"""The installed command: completion goes by the name it is run as."""


def test_init_blank_writes_every_kind_empty_and_lints_clean(tmp_path):
    target = tmp_path / "council"
    result = invoke("init", str(target), "--blank", "--organisation", "Northmoor District Council")
    assert result.exit_code == 0, result.stderr
    plans = sorted(p.relative_to(target).as_posix() for p in (target / "plans").rglob("*.yaml"))
    assert plans == [
        "plans/calendar.yaml",
        "plans/framework.yaml",
        "plans/glossary.yaml",
        "plans/indicators.yaml",
        "plans/people.yaml",
        f"plans/reports/{file_stem(APRIL.previous(APRIL.quarter_of(date.today())))}.yaml",
    ]
    lint = invoke("lint", "--strict", "--format", "json", "-w", str(target))
    assert (lint.exit_code, json.loads(lint.stdout)) == (0, [])
    listed = invoke("list", "-w", str(target))
    assert (listed.exit_code, listed.stdout) == (0, "No actions in the workspace.\n")
    assert "#   - id: JP" in (target / "plans/people.yaml").read_text()


def test_init_says_what_to_do_next_with_git(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "my council")
    assert result.stdout.endswith(
        "Next:\n  cd 'my council'\n  git init && git add . && git commit -m \"Our plans in pmplan\"\n"
        "  pmplan lint\nKeeping the plans in git gives 'pmplan diff' and 'pmplan history' their story.\n"
    )


def test_init_inside_a_git_repository_does_not_suggest_git_init(tmp_path, monkeypatch):
    (tmp_path / ".git").mkdir()
    monkeypatch.chdir(tmp_path)
    result = invoke("init", "plans-repo")
    assert result.stdout.endswith("Next:\n  cd plans-repo\n  pmplan lint\n")


def test_rules_rule_prints_one_rule_in_full():
    result = invoke("rules", "missing-lead")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "missing-lead (error by default)"
    assert lines[2] == "An action with no lead, after inheritance."
    assert "Example:" in result.stdout and "Fix: name the lead" in result.stdout
    assert "      leads: [HB]" in lines
    assert all(len(line) <= 80 for line in lines)


@pytest.mark.parametrize("name", list(RULES))
def test_every_rule_prints_in_full(name):
    result = invoke("rules", name)
    assert result.exit_code == 0 and result.stdout.startswith(f"{name} (")


def test_rules_unknown_rule_says_which_it_might_be():
    result = invoke("rules", "overdo")
    assert result.exit_code == 2
    assert result.stderr == "pmplan: pmplan rules: unknown rule 'overdo' (did you mean 'overdue'?)\n"


def test_shell_completion_script_and_completions():
    script = invoke("--show-completion", "bash")
    assert script.exit_code == 0
    assert "_PMPLAN_COMPLETE" in script.stdout and "complete_bash" in script.stdout
    env = {**os.environ, "_PMPLAN_COMPLETE": "complete_bash", "COMP_WORDS": "pmplan li", "COMP_CWORD": "1"}
    done = subprocess.run([PMPLAN], env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.stdout.split() == ["lint", "list"]


def test_install_completion_writes_the_script_for_the_shell(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), "SHELL": "/bin/bash"}
    done = subprocess.run(
        [PMPLAN, "--install-completion", "bash"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "_PMPLAN_COMPLETE" in Path(tmp_path, ".bash_completions", "pmplan.sh").read_text()


def test_an_empty_golden_thread_says_so(tmp_path):
    invoke("init", str(tmp_path / "w"), "--blank")
    result = invoke("thread", "-w", str(tmp_path / "w"))
    assert result.exit_code == 0
    assert (
        result.stdout
        == "The golden thread is empty: no priorities yet (they go in a file with 'kind: framework').\n"
    )
