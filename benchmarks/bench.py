"""Benchmark pmplan on generated workspaces of about 1,000 and 10,000 actions.

    .venv/bin/python benchmarks/bench.py            # all cases, 5 runs each (the median counts)
    .venv/bin/python benchmarks/bench.py --runs 9 --only lint
    .venv/bin/python benchmarks/bench.py --only import

Each case runs whole processes, as a user or CI would, and reports the median wall time of
``--runs`` runs (after one run that is not counted). The yardstick for ``lint`` is a plain script that only loads the same
files with PyYAML's C loader (``yaml.load(f, Loader=yaml.CSafeLoader)``), timed in the same
run; the ratio lint / bare load should be at most 1.0 on the 10,000-action workspace.

``import`` times ``pmplan import`` on action-plan tables of 1,000 rows in Word, Excel and CSV
(goal: under 2 s each) and of 100,000 rows in Excel and CSV, 10,000 in Word (goal: under a
minute, and linear: the time per row no worse than at 1,000 rows); ``generate_import.py``
writes the tables.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from generate_import import generate_sources  # noqa: E402

AS_OF = "2026-11-25"
SIZES = {"1k": (1_000, 200), "10k": (10_000, 2_000)}
BARE_LOAD = """
import sys, glob, yaml
for name in sorted(glob.glob(sys.argv[1] + "/**/*.yaml", recursive=True)):
    with open(name, encoding="utf-8") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""


def pmplan() -> list[str]:
    found = shutil.which("pmplan", path=str(Path(sys.executable).parent))
    return [found] if found else [sys.executable, "-m", "pmplan"]


def timed(command: list[str], runs: int) -> tuple[float, int, int]:
    """Median wall time (s), peak RSS of the process (KiB), and exit code, after a warm-up run."""
    times, peak, code = [], 0, 0
    for run in range(runs + 1):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        code = process.returncode
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(command)} failed ({code}): {process.stderr.read().decode()[-500:]}")
        if run:
            times.append(elapsed)
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(times), peak, code


def workspace(name: str) -> tuple[Path, int]:
    actions, indicators = SIZES[name]
    path = HERE / "workspaces" / name
    marker = path / ".generated"
    if not marker.exists():
        shutil.rmtree(path, ignore_errors=True)
        size = generate(path, actions, indicators, years=5)
        marker.write_text(str(size))
    return path, int(marker.read_text())


def git_workspace(name: str) -> Path:
    """The workspace as a git repository of its own, committed on the benchmark's as-of date,
    so that a report as at that date reads it from git's objects."""
    source, _ = workspace(name)
    path = HERE / "workspaces" / f"{name}-git"
    marker = path / ".git" / "pmplan-benchmark"
    if not marker.exists():
        shutil.rmtree(path, ignore_errors=True)
        shutil.copytree(source, path, ignore=shutil.ignore_patterns(".generated"))
        stamp = f"{AS_OF}T09:00:00+00:00"
        env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
        env.update(
            GIT_CONFIG_NOSYSTEM="1",
            GIT_CONFIG_GLOBAL=os.devnull,
            GIT_AUTHOR_DATE=stamp,
            GIT_COMMITTER_DATE=stamp,
        )
        for command in (
            ["init", "-q", "-b", "main"],
            ["add", "-A"],
            ["-c", "user.name=Bench", "-c", "user.email=bench@example.org", "-c", "commit.gpgsign=false",
             "commit", "-q", "-m", "The plans"],
        ):  # fmt: skip
            subprocess.run(["git", *command], cwd=path, env=env, check=True)
        marker.write_text("made by benchmarks/bench.py\n")
    return path


IMPORT_SIZES = (
    (1_000, ("docx", "xlsx", "csv"), 2.0),
    (10_000, ("docx",), 60.0),
    (100_000, ("xlsx", "csv"), 60.0),
)


def cpu_timed(command: list[str], runs: int) -> tuple[float, float, int]:
    """Median wall time (s), median processor time (user + system, s) and peak RSS (KiB) of
    ``runs`` runs. The processor time says what the work costs when other processes share the
    machine's cores and stretch the wall time."""
    walls, cpus, peak = [], [], 0
    for _ in range(runs):
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(command)} failed: {process.stderr.read().decode()[-500:]}")
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        peak = max(peak, usage.ru_maxrss)
    return statistics.median(walls), statistics.median(cpus), peak


def import_rows(runs: int) -> list[tuple[str, str, str]]:
    """``pmplan import`` on generated tables: seconds, processor time, peak memory, time per row."""
    out = HERE / "out"
    out.mkdir(exist_ok=True)
    per_row: dict[str, float] = {}
    rows = []
    for count, kinds, goal in IMPORT_SIZES:
        sources = generate_sources(HERE / "workspaces" / "import", count)
        for kind in kinds:
            target = out / f"import-{count}-{kind}.yaml"
            command = [*pmplan(), "import", str(sources[kind]), "-o", str(target), "--force", "--date", AS_OF]
            seconds, cpu, rss = cpu_timed(command, runs if count <= 10_000 else 1)
            rate = cpu / count * 1000
            base = per_row.setdefault(kind, rate)
            note = (
                f"cpu {cpu:.2f} s, {rate:.2f} ms/row ({rate / base:.2f} x at 1k); peak {rss / 1024:.0f} MB; "
                f"goal < {goal:g} s"
            )
            rows.append((f"{count // 1000}k rows: import .{kind}", f"{seconds:.2f} s", note))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=5)
    cases = ["lint", "help", "report", "diff", "export", "returns", "import"]
    parser.add_argument("--only", choices=cases, action="append")
    args = parser.parse_args()
    only = set(args.only or cases)
    rows = []
    if "help" in only:
        for command in (["--help"], ["lint", "--help"]):
            seconds, _, _ = timed([*pmplan(), *command], args.runs + 4)
            rows.append((f"pmplan {' '.join(command)}", f"{seconds:.3f} s", "goal <= 0.15 s"))
        seconds, _, _ = timed([sys.executable, "-c", "pass"], args.runs + 4)
        rows.append(("python -c pass (the floor)", f"{seconds:.3f} s", ""))
    if "lint" in only:
        for name in SIZES:
            path, size = workspace(name)
            bare, bare_rss, _ = timed([sys.executable, "-c", BARE_LOAD, str(path / "plans")], args.runs)
            lint, lint_rss, _ = timed(
                [*pmplan(), "lint", "--format", "json", "--as-of", AS_OF, "--workspace", str(path)], args.runs
            )
            mb = size / 1e6
            rows.append(
                (f"{name}: YAML", f"{mb:.1f} MB", f"{SIZES[name][0]} actions, {SIZES[name][1]} indicators")
            )
            rows.append((f"{name}: bare CSafeLoader load", f"{bare:.2f} s", f"peak {bare_rss / 1024:.0f} MB"))
            rows.append((f"{name}: pmplan lint", f"{lint:.2f} s", f"ratio {lint / bare:.2f}"))
            rows.append(
                (
                    f"{name}: lint peak memory",
                    f"{lint_rss / 1024:.0f} MB",
                    f"{lint_rss * 1024 / size:.1f} x the YAML bytes",
                )
            )
    if "report" in only:
        path, _ = workspace("1k")
        out = HERE / "out"
        out.mkdir(exist_ok=True)
        command = [
            *pmplan(),
            "report",
            "year",
            "--format",
            "docx",
            "-o",
            str(out / "year.docx"),
            "--as-of",
            AS_OF,
            "--workspace",
            str(path),
        ]
        try:
            seconds, rss, _ = timed(command, args.runs)
            rows.append(
                (
                    "1k: report year --format docx",
                    f"{seconds:.2f} s",
                    f"peak {rss / 1024:.0f} MB; goal < 1.5 s",
                )
            )
        except SystemExit as exc:
            rows.append(("1k: report year --format docx", "n/a", str(exc)[:80]))
        # the same report in a git workspace: as at a past date (from git's objects), and as at
        # today (the working tree); reading the past must cost no more than twice the present
        repo = git_workspace("1k")
        base = [*pmplan(), "report", "year", "--format", "docx", "-o", str(out / "year-git.docx")]
        today = date.today().isoformat()
        past, past_rss, _ = timed([*base, "--as-of", AS_OF, "--workspace", str(repo)], args.runs)
        now, now_rss, _ = timed([*base, "--as-of", today, "--workspace", str(repo)], args.runs)
        rows.append(
            (
                "1k in git: report year, as at today (working tree)",
                f"{now:.2f} s",
                f"peak {now_rss / 1024:.0f} MB",
            )
        )
        rows.append(
            (
                f"1k in git: report year, as at {AS_OF} (from git)",
                f"{past:.2f} s",
                f"peak {past_rss / 1024:.0f} MB; ratio {past / now:.2f}, goal <= 2",
            )
        )
    if "export" in only:
        from bench_returns import run

        path, _ = workspace("10k")
        out = HERE / "out"
        out.mkdir(exist_ok=True)
        command = [*pmplan(), "export", "--format", "xlsx", "-o", str(out / "10k.xlsx"), "--as-of", AS_OF,
                   "--workspace", str(path)]  # fmt: skip
        seconds, rss, _ = timed(command, args.runs)
        _, cpu = run(command)
        rows.append(
            (
                "10k: export --format xlsx",
                f"{seconds:.2f} s",
                f"{cpu:.1f} s CPU, peak {rss / 1024:.0f} MB; goal < 10 s",
            )
        )
    if "returns" in only:
        from bench_returns import bench as bench_returns

        path, _ = workspace("1k")
        rows.extend(bench_returns(path, 50, min(args.runs, 3)))
    if "import" in only:
        rows.extend(import_rows(args.runs))
    width = max(len(r[0]) for r in rows)
    print(f"{'case':{width}}  {'result':>10}  note")
    for case, result, note in rows:
        print(f"{case:{width}}  {result:>10}  {note}")


if __name__ == "__main__":
    main()
