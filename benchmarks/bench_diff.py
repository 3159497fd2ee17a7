"""Benchmark ``pmplan diff`` between two revisions of the 10,000-action workspace.

    .venv/bin/python benchmarks/bench_diff.py            # 5 runs, the median counts
    .venv/bin/python benchmarks/bench_diff.py --runs 5 --actions 1000

Generates the workspace (``generate.py``) into a temporary git repository, commits it,
changes some actions (timescales that slip, statuses, new updates) and an indicator target,
commits again, and times the whole ``pmplan diff HEAD~1 HEAD --format json`` process.
The goal is under 5 s for 10,000 actions.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402

GOAL_SECONDS = 5.0


def pmplan() -> list[str]:
    found = shutil.which("pmplan", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "pmplan"]


def git(repo: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-11-01T09:00:00",
        "GIT_COMMITTER_DATE": "2026-11-01T09:00:00",
    }
    subprocess.run(
        [
            "git",
            "-c",
            "user.name=Bench",
            "-c",
            "user.email=bench@example.org",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=repo,
        env=env,
        check=True,
        capture_output=True,
    )


def change_plans(root: Path, every: int) -> int:
    """Slip, re-status and update one action in ``every``; returns the actions changed."""
    changed = 0
    for path in sorted((root / "plans" / "action-plans").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        seen = 0
        for i, line in enumerate(lines):
            if line.startswith("        timescale: "):
                seen += 1
                if seen % every == 0:
                    lines[i] = (
                        re.sub(r"(\d\d)$", lambda m: str(int(m.group(1)) + 1), line.rstrip("\n")) + "\n"
                    )
                    changed += lines[i] != line
            elif line.startswith("        status: ") and seen % every == 1:
                lines[i] = "        status: delayed\n"
        path.write_text("".join(lines), encoding="utf-8")
    indicators = root / "plans" / "indicators" / "indicators-001.yaml"
    text = indicators.read_text(encoding="utf-8")
    indicators.write_text(re.sub(r"\{target: ([0-9.]+),", r"{target: 99.0,", text, count=5), encoding="utf-8")
    return changed


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--every", type=int, default=50, help="change one action in EVERY")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="pmplan-bench-diff-") as tmp:
        root = Path(tmp) / "council"
        size = generate(root, args.actions, args.actions // 5, years=5)
        git(root, "init", "-q", "-b", "main")
        git(root, "add", "-A")
        git(root, "commit", "-q", "-m", "Plans as agreed")
        changed = change_plans(root, args.every)
        git(root, "commit", "-q", "-am", "Quarterly update")
        command = [*pmplan(), "diff", "HEAD~1", "HEAD", "--format", "json", "--workspace", str(root)]
        times = []
        out = b""
        for _ in range(args.runs):
            start = time.perf_counter()
            done = subprocess.run(command, capture_output=True, check=False)
            times.append(time.perf_counter() - start)
            if done.returncode != 0:
                raise SystemExit(f"pmplan diff failed ({done.returncode}): {done.stderr.decode()[-500:]}")
            out = done.stdout
        changes = json.loads(out)["changes"]
        kinds: dict[str, int] = {}
        for change in changes:
            kinds[change["kind"]] = kinds.get(change["kind"], 0) + 1
        print(f"workspace: {args.actions} actions, {size / 1e6:.1f} MB of YAML; {changed} timescales edited")
        print(f"changes found: {len(changes)} ({', '.join(f'{n} {k}' for k, n in sorted(kinds.items()))})")
        median = statistics.median(times)
        verdict = "ok" if median < GOAL_SECONDS else "SLOWER THAN THE GOAL"
        print(
            f"pmplan diff HEAD~1 HEAD --format json: {median:.2f} s "
            f"(median of {args.runs}; goal < {GOAL_SECONDS:.0f} s: {verdict})"
        )


if __name__ == "__main__":
    main()
