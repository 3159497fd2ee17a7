"""The YAML mistakes officers make, each told in plain English at its line, with what to type
instead: never libyaml's words ("mapping values are not allowed in this context")."""

from __future__ import annotations

import pytest

from plan_fixtures import AS_OF_TEXT, brief, invoke, lint_ws

FILE = "plans/p.yaml"
HEAD = (
    "kind: action-plan\nid: p\ntitle: T\nowner: JP\nlinks: [P1]\nrecommendations:\n"
    "  - id: R1\n    title: t\n    actions:\n      - id: a\n"
)  # the action's keys start on line 11, indented 8


def plan(*lines: str) -> str:
    return HEAD + "".join(line + "\n" for line in lines)


def text_quoted(value: str) -> str:
    return f'write title: "{value}"'


CASES = {
    "tab": (
        ["        title: x", "\ttimescale: Mar 26"],
        12,
        1,
        "this line is indented with a tab: YAML needs spaces. Replace the tab with spaces (most editors "
        "can convert tabs to spaces), lining the line up with the keys above it",
    ),
    "colon-in-title": (
        ["        title: Note: 42 officers trained", "        timescale: Mar 26"],
        11,
        16,
        "the text after 'title:' holds ': ', which YAML reads as the start of another key. Put the text "
        'in quotes: title: "Note: 42 officers trained"',
    ),
    "colon-in-update": (
        [
            "        title: x",
            "        timescale: Mar 26",
            "        updates:",
            "          - date: 2025-10-01",
            "            text: Update from CMT: plans agreed",
        ],
        15,
        19,
        "the text after 'text:' holds ': ', which YAML reads as the start of another key. Put the text "
        'in quotes: text: "Update from CMT: plans agreed"',
    ),
    "bracket": (
        ["        title: [Draft] strategy agreed by Cabinet"],
        11,
        16,
        "text that starts with '[' must be in quotes (YAML reads '[' as the start of a list): "
        'write title: "[Draft] strategy agreed by Cabinet"',
    ),
    "unclosed-list": (
        ["        title: x", "        leads: [JP, HB"],
        12,
        16,
        "the list after 'leads:' has no closing ']' on the line. Close it (leads: [JP, HB]), or, if this "
        'is text, put it in quotes: leads: "[JP, HB"',
    ),
    "brace": (
        ["        title: {Draft} plan"],
        11,
        16,
        "text that starts with '{' must be in quotes (YAML reads '{' as the start of a mapping): "
        'write title: "{Draft} plan"',
    ),
    "word-bullet": (
        ["        title: * Review the scheme of delegation"],
        11,
        16,
        "text that starts with '*' must be in quotes (YAML reads '*' as a reference to an anchor): "
        'write title: "* Review the scheme of delegation"',
    ),
    "ampersand": (
        ["        title: & partners to agree"],
        11,
        16,
        "text that starts with '&' must be in quotes (YAML reads '&' as an anchor name): "
        'write title: "& partners to agree"',
    ),
    "percent": (
        ["        title: x", "        next: %50 of staff to be trained"],
        12,
        15,
        "text that starts with '%' must be in quotes ('%' cannot start unquoted text): "
        'write next: "%50 of staff to be trained"',
    ),
    "at-sign": (
        ["        title: '@home service review'x"],
        11,
        16,
        None,
    ),
    "at-sign-plain": (
        ["        title: @home service review"],
        11,
        16,
        "text that starts with '@' must be in quotes ('@' cannot start unquoted text): "
        'write title: "@home service review"',
    ),
    "backtick": (
        ["        title: `Pulse` dashboard"],
        11,
        16,
        "text that starts with '`' must be in quotes (a backtick cannot start unquoted text): "
        'write title: "`Pulse` dashboard"',
    ),
    "dash-starts-text": (
        ["        title: - review the constitution"],
        11,
        16,
        "text that starts with '- ' must be in quotes (YAML reads '- ' as an item of a list, which cannot "
        'start on its key\'s line): write title: "- review the constitution", or, for a list, each item '
        "on a line of its own under 'title:'",
    ),
    "pipe-starts-text": (
        ["        title: | Review the constitution"],
        11,
        16,
        "text that starts with '|' must be in quotes (YAML reads '|' as the start of a block of lines): "
        'write title: "| Review the constitution"',
    ),
    "no-space-after-colon": (
        ["        title: x", "        timescale:Summer 2011", "        status: on-track"],
        12,
        19,
        "'timescale:Summer 2011' needs a space after the colon: write timescale: Summer 2011",
    ),
    "indent-short": (
        ["        title: x", "       timescale: Mar 26"],
        12,
        8,
        "this line is indented 7 spaces, which lines up with nothing above it: 'title:' on line 11 is "
        "indented 8. Indent it 8 spaces to go with that key, or as far as the key it belongs under",
    ),
    "indent-deep": (
        ["        title: x", "          timescale: Mar 26"],
        12,
        11,
        "this line is indented 10 spaces, more than 'title:' on line 11 (8), so YAML reads it as more of "
        "that line's text. Indent it 8 spaces, like the other keys of the item",
    ),
    "apostrophe-in-single-quotes": (
        ["        title: 'Review the Council's constitution'"],
        11,
        16,
        "the text after 'title:' is in single quotes and holds a single quote. Write the inner one twice "
        "(title: 'Review the Council''s constitution') or use double quotes "
        '(title: "Review the Council\'s constitution")',
    ),
    "quote-in-double-quotes": (
        ['        title: "Adopt the "Calderbrook Way" values"'],
        11,
        16,
        "the text after 'title:' is in double quotes and holds a double quote. Put a backslash before "
        'the inner one (title: "Adopt the \\"Calderbrook Way\\" values") or use single quotes '
        "(title: 'Adopt the \"Calderbrook Way\" values')",
    ),
}


@pytest.mark.parametrize(("lines", "line", "column", "message"), CASES.values(), ids=CASES.keys())
def test_yaml_mistakes_in_plain_english(make_workspace, lines, line, column, message):
    root = make_workspace({FILE: plan(*lines)})
    findings = lint_ws(root)
    if message is None:  # some other mistake: libyaml's own words, still at its line
        assert findings[0].line == line and findings[0].rule == "invalid-file"
        return
    assert brief(findings) == [(FILE, line, column, "invalid-file", "error", None)]
    assert findings[0].message == message


ITEM_CASES = {
    "tag": (
        ["        title: !important fix the roof"],
        11,
        16,
        "action p:R1.a: text that starts with '!' must be in quotes (YAML reads '!important' as a tag and "
        'drops it): write title: "!important fix the roof"',
    ),
    "anchor": (
        ["        title: &more to follow"],
        11,
        16,
        "action p:R1.a: text that starts with '&' must be in quotes (YAML reads '&more' as an anchor name "
        'and drops it): write title: "&more to follow"',
    ),
    "duplicate-key": (
        ["        title: x", "        status: on-track", "        status: complete"],
        13,
        9,
        "action p:R1.a: duplicate key 'status' (first given on line 12): YAML keeps only one of them: "
        "remove one",
    ),
}


@pytest.mark.parametrize(("lines", "line", "column", "message"), ITEM_CASES.values(), ids=ITEM_CASES.keys())
def test_what_yaml_would_drop_leaves_out_its_item_only(make_workspace, lines, line, column, message):
    other = ["      - id: b", "        title: The other action", "        timescale: Mar 26"]
    root = make_workspace({FILE: plan(*lines, "        timescale: Mar 26", *other)})
    findings = lint_ws(root)
    assert brief(findings) == [(FILE, line, column, "invalid-file", "error", "p:R1.a")]
    assert findings[0].message == message + "; the action is left out until this is fixed"
    result = invoke("list", "--allow-invalid", "--format", "csv", "--as-of", AS_OF_TEXT, "-w", str(root))
    assert "p:R1.b" in result.stdout and "p:R1.a" not in result.stdout


def test_a_yaml_mistake_stops_the_report_naming_file_and_line(make_workspace):
    lines, line, column, message = CASES["colon-in-title"]
    root = make_workspace({FILE: plan(*lines)})
    result = invoke("report", "q2", "--as-of", AS_OF_TEXT, "-w", str(root))
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[0] == f"pmplan: {FILE}:{line}:{column}: the file did not load: {message}"
    )
