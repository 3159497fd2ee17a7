"""Generate large, realistic pmplan workspaces for the benchmark.

    python benchmarks/generate.py OUT_DIR --actions 10000 --indicators 2000 --years 5

Deterministic (seeded): the same arguments write the same files. The workspace is
mostly clean, with the sprinkling of findings a real council's plans have (a few overdue
actions, a few stale updates, a few vague timescales), so that lint does real work.
"""

from __future__ import annotations

import argparse
import random
from datetime import date, timedelta
from pathlib import Path

AS_OF = date(2026, 11, 25)
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
WORDS = [
    "review",
    "service",
    "plans",
    "data",
    "quality",
    "members",
    "scrutiny",
    "partnership",
    "outcomes",
    "targets",
    "performance",
    "clinic",
    "training",
    "managers",
    "residents",
    "website",
    "report",
    "quarterly",
    "budget",
    "housing",
    "waste",
    "recycling",
    "benchmark",
    "corporate",
    "business",
    "planning",
    "risk",
    "register",
    "procedures",
    "indicators",
    "guidance",
    "audit",
]
STATUSES = ["on-track"] * 6 + ["not-started"] * 2 + ["at-risk", "delayed", "complete", "complete"]


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def timescale(rng: random.Random) -> str:
    year = rng.choice([27, 27, 28]) if rng.random() > 0.03 else 26
    kind = rng.random()
    if kind < 0.35:
        return f"{rng.choice(MONTHS)} {year}"
    if kind < 0.5:
        return f"20{year}/{year + 1}"
    if kind < 0.6:
        return "Ongoing"
    if kind < 0.7:
        return f"Sep {year - 1} – Mar {year}"
    if kind < 0.8:
        return f"End {rng.choice(['March', 'June', 'December'])} 20{year}"
    if kind < 0.9:
        return f"Q{rng.randint(1, 4)} 20{year}/{year + 1}"
    if kind < 0.997:
        return f"31/03/20{year}"
    return "TBC"


def people_yaml(count: int) -> str:
    lines = ["kind: people", "people:"]
    for i in range(count):
        lines += [f"  - id: P{i:03d}", f"    name: Person {i}", "    title: Officer"]
    return "\n".join(lines) + "\n"


def framework_yaml(priorities: int, outcomes: int) -> str:
    lines = ["kind: framework", "vision: A generated council", "priorities:"]
    for p in range(1, priorities + 1):
        lines += [f"  - id: P{p}", f"    title: Priority {p}", "    outcomes:"]
        for o in range(1, outcomes + 1):
            lines += [f"      - id: P{p}.{o}", f"        title: Outcome {p}.{o}"]
    return "\n".join(lines) + "\n"


def plan_yaml(rng: random.Random, number: int, actions: int, people: int, outcome_ids: list[str]) -> str:
    lines = [
        "kind: action-plan",
        f"id: plan-{number:03d}",
        f"title: Generated action plan {number}",
        "source: Benchmark",
        f"owner: P{rng.randrange(people):03d}",
        f"links: [{rng.choice(outcome_ids)}]",
        "recommendations:",
    ]
    per_group = 10
    for g in range(0, actions, per_group):
        lines += [
            f"  - id: R{g // per_group + 1}",
            f"    title: {sentence(rng, 8)}",
            f"    response: >\n      {sentence(rng, 20)}",
            "    actions:",
        ]
        for a in range(min(per_group, actions - g)):
            status = rng.choice(STATUSES)
            lead_ids = ", ".join(f"P{rng.randrange(people):03d}" for _ in range(rng.randint(1, 2)))
            lines += [
                f"      - id: {chr(ord('a') + a)}",
                f"        title: {sentence(rng, 10)}",
                f"        how: {sentence(rng, 6)}",
                f"        leads: [{lead_ids}]",
                f"        timescale: {timescale(rng)}",
                f"        priority: {rng.choice(['high', 'medium', 'low'])}",
                f"        status: {status}",
                "        updates:",
            ]
            newest = AS_OF - timedelta(days=rng.randint(1, 95 if rng.random() < 0.98 else 150))
            for u in range(rng.randint(1, 4), 0, -1):
                when = newest - timedelta(days=90 * (u - 1))
                lines += [f"          - date: {when.isoformat()}", f"            text: {sentence(rng, 14)}"]
            lines += [f"        next: {sentence(rng, 8)}", f"        links: [{rng.choice(outcome_ids)}]"]
    return "\n".join(lines) + "\n"


def indicators_yaml(
    rng: random.Random, first: int, count: int, years: int, people: int, outcome_ids: list[str]
) -> str:
    lines = ["kind: indicators", "indicators:"]
    for i in range(first, first + count):
        lines += [
            f"  - id: LPI-{i:04d}",
            f"    title: {sentence(rng, 6)}",
            f"    owner: P{rng.randrange(people):03d}",
            f"    deputy: P{rng.randrange(people):03d}",
            '    unit: "%"',
            f"    polarity: {rng.choice(['higher', 'lower'])}",
            "    frequency: quarterly",
            f"    links: [{outcome_ids[i % len(outcome_ids)]}]",
            "    values:",
        ]
        target = rng.uniform(20, 90)
        for y in range(2026 - years, 2026):
            for q in range(1, 5):
                actual = target * rng.uniform(0.9, 1.1)
                lines.append(
                    f"      {y}/{(y + 1) % 100:02d} Q{q}: {{target: {target:.1f}, actual: {actual:.1f}}}"
                )
    return "\n".join(lines) + "\n"


def generate(out: Path, actions: int, indicators: int, years: int, seed: int = 7) -> int:
    """Write the workspace; return the YAML bytes written."""
    rng = random.Random(seed)
    plans_dir = out / "plans"
    (plans_dir / "action-plans").mkdir(parents=True, exist_ok=True)
    (plans_dir / "indicators").mkdir(parents=True, exist_ok=True)
    people = 100
    priorities, outcomes = 10, 5
    outcome_ids = [f"P{p}.{o}" for p in range(1, priorities + 1) for o in range(1, outcomes + 1)]
    files = {
        out / "pmplan.yaml": "organisation: Benchmark Council\nplans: plans\n",
        plans_dir / "people.yaml": people_yaml(people),
        plans_dir / "framework.yaml": framework_yaml(priorities, outcomes),
        plans_dir / "glossary.yaml": "kind: glossary\nterms:\n  CMT: Corporate Management Team\n",
        plans_dir / "calendar.yaml": (
            "kind: calendar\nreports:\n  - id: qpr\n    title: Quarterly report\n"
            "    to: [Cabinet]\n    owner: P000\n    months: [Feb, May, Aug, Nov]\n"
        ),
    }
    per_plan = 200
    for n, start in enumerate(range(0, actions, per_plan), start=1):
        files[plans_dir / "action-plans" / f"plan-{n:03d}.yaml"] = plan_yaml(
            rng, n, min(per_plan, actions - start), people, outcome_ids
        )
    per_file = 100
    for n, start in enumerate(range(0, indicators, per_file), start=1):
        # indicators link to the outcomes in turn, so every outcome is measured
        files[plans_dir / "indicators" / f"indicators-{n:03d}.yaml"] = indicators_yaml(
            rng, start, min(per_file, indicators - start), years, people, outcome_ids
        )
    total = 0
    for path, text in files.items():
        path.write_text(text, encoding="utf-8")
        if path.name != "pmplan.yaml":
            total += len(text.encode("utf-8"))
    return total


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--indicators", type=int, default=2_000)
    parser.add_argument("--years", type=int, default=5)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    size = generate(args.out, args.actions, args.indicators, args.years, args.seed)
    print(f"wrote {args.out}: {size / 1e6:.1f} MB of YAML")


if __name__ == "__main__":
    main()
