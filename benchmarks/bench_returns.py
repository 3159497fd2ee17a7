"""Benchmark the quarter's returns on the 1,000-action workspace.

    .venv/bin/python benchmarks/bench_returns.py            # 3 runs, the median counts
    .venv/bin/python benchmarks/bench_returns.py --returns 50

Copies the generated 1k workspace (``generate.py``) to a temporary folder and times, as whole
processes: ``pmplan returns issue q3`` (one workbook per officer: about a hundred), then, with
``--returns`` of them filled in by openpyxl as officers would (a status changed in one row in
three, a progress update in every row, a revised timescale with its reason in one row in
five, every indicator's actual and note), ``pmplan returns collect`` of those returns. The
goal for each is under 10 s. ``bench.py`` runs the same cases for ``make bench``.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

GOAL_SECONDS = 10.0
ISSUED_ON = "2026-12-14"
FILLED_ON = "2027-01-15"
STATUSES = ["At risk", "Delayed", "On track", "Complete"]


def pmplan() -> list[str]:
    found = shutil.which("pmplan", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "pmplan"]


def run(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the process and its workers) of a command."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)} failed ({done.returncode}): {done.stderr[-800:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return elapsed, cpu


def fill(path: Path, number: int) -> int:
    """Fill in one return as an officer would; returns the rows changed."""
    import openpyxl

    book = openpyxl.load_workbook(path)
    actions = book["Actions"]
    headers = {cell.value: cell.column for cell in actions[3]}
    rows = 0
    for row in range(4, actions.max_row + 1):
        if actions.cell(row, 1).value is None:
            continue
        rows += 1
        if row % 3 == 0:
            actions.cell(row, headers["Status"]).value = STATUSES[(number + row) % len(STATUSES)]
        actions.cell(
            row, headers["Progress update"]
        ).value = f"Return {number}, row {row}: work went ahead as planned."
        if row % 5 == 0:
            actions.cell(row, headers["Revised timescale"]).value = "Sep 28"
            actions.cell(row, headers["Reason for revision"]).value = "Waiting for the budget to be agreed"
    indicators = book["Indicators"]
    headers = {cell.value: cell.column for cell in indicators[3]}
    for row in range(4, indicators.max_row + 1):
        if indicators.cell(row, 1).value is None:
            continue
        rows += 1
        indicators.cell(row, headers["Actual"]).value = 40 + (number + row) % 30
        indicators.cell(row, headers["Note"]).value = "Seasonal dip expected"
    book.save(path)
    return rows


def bench(workspace: Path, returns: int, runs: int) -> list[tuple[str, str, str]]:
    """(case, result, note) rows: issue and collect, the median of ``runs``."""
    issues: list[tuple[float, float]] = []
    collects: list[tuple[float, float]] = []
    count = rows = 0
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="pmplan-bench-returns-") as tmp:
            root = Path(tmp) / "ws"
            shutil.copytree(workspace, root, ignore=shutil.ignore_patterns(".generated"))
            issue = [
                *pmplan(),
                "returns",
                "issue",
                "q3",
                "--year",
                "2026/27",
                "--as-of",
                ISSUED_ON,
                "-w",
                str(root),
            ]
            issues.append(run(issue))
            files = sorted((root / "returns" / "2026-27-q3").glob("*.xlsx"))
            count = len(files)
            chosen = files[:returns]
            rows = sum(fill(path, n) for n, path in enumerate(chosen))
            collect = [
                *pmplan(),
                "returns",
                "collect",
                *map(str, chosen),
                "--as-of",
                FILLED_ON,
                "-w",
                str(root),
            ]
            collects.append(run(collect))
    issue_best, collect_best = _median(issues), _median(collects)
    return [
        (
            "1k: returns issue q3",
            f"{issue_best[0]:.2f} s",
            f"{count} workbooks, {issue_best[1]:.1f} s CPU in all; goal < {GOAL_SECONDS:g} s",
        ),
        (
            f"1k: returns collect ({len(chosen)} returns)",
            f"{collect_best[0]:.2f} s",
            f"{rows} rows filled in, {collect_best[1]:.1f} s CPU; goal < {GOAL_SECONDS:g} s",
        ),
    ]


def _median(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """The run of median wall time (with its CPU time)."""
    ordered = sorted(runs)
    return ordered[len(ordered) // 2]


def main() -> None:
    from bench import workspace

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--returns", type=int, default=50)
    args = parser.parse_args()
    path, _ = workspace("1k")
    for case, result, note in bench(path, args.returns, args.runs):
        print(f"{case:36}  {result:>10}  {note}")


if __name__ == "__main__":
    main()
