"""``docs/rules.md``, generated from the rules' own docstrings (``pmplan rules --markdown``)."""

from __future__ import annotations

import inspect
import textwrap

from pmplan.lint.rules import RULES

_HEADER = """# Lint rules

`pmplan lint` checks every plan file against these rules. Each has a stable name, never
reused, and a default severity that `pmplan.yaml` can change:

```yaml
lint:
  ignore: [orphan-action]          # rules switched off
  severity: {stale-update: error}  # rule -> error | warning | info
```

A single finding can be switched off with a comment on the line it points at:
`timescale: TBC  # pmplan: ignore[vague-timescale]`.

This page is generated from the rules' docstrings by `pmplan rules --markdown`; do not edit it
by hand.

| rule | default severity | finds |
| --- | --- | --- |
"""


def _section(name: str) -> str:
    rule = RULES[name]
    doc = inspect.cleandoc(rule.doc)
    summary, _, body = doc.partition("\n\n")
    lines = [
        f"## `{name}`",
        "",
        f"Default severity: **{rule.severity.value}**.",
        "",
        " ".join(summary.split()),
        "",
    ]
    for block in body.split("\n\n"):
        if block.startswith("    "):
            lines += ["```yaml", textwrap.dedent(block), "```", ""]
        else:
            lines += [" ".join(block.split()), ""]
    return "\n".join(lines)


def rule_text(name: str) -> str:
    """One rule in full, as plain text for a terminal (``pmplan rules RULE``)."""
    rule = RULES[name]
    doc = inspect.cleandoc(rule.doc)
    summary, _, body = doc.partition("\n\n")
    lines = [
        f"{name} ({rule.severity.value} by default)",
        "",
        textwrap.fill(" ".join(summary.split()), 80),
        "",
    ]
    for block in body.split("\n\n"):
        if block.startswith("    "):
            lines += [block.rstrip("\n"), ""]
        else:
            lines += [textwrap.fill(" ".join(block.split()), 80), ""]
    return "\n".join(lines)


def _summary(doc: str) -> str:
    return " ".join(inspect.cleandoc(doc).partition("\n\n")[0].split())


def rules_markdown() -> str:
    table = "".join(
        f"| [`{r.name}`](#{r.name}) | {r.severity.value} | {_summary(r.doc)} |\n" for r in RULES.values()
    )
    return _HEADER + table + "\n" + "\n".join(_section(name) for name in RULES)
