"""``pmplan lint --fix``: mend the mistakes whose fix is not in doubt, in place.

Only words whose meaning is plain are changed: a status in another case or a known synonym
(``Done`` → ``complete``, ``in progress`` → ``on-track``), a month written out or in another
case (``february`` → ``Feb``), a person's id in another case (``jw`` → ``JW``), a lead
written as the job title or name of exactly one person (``Head of Finance`` → ``RW``), and
several people in one lead (``JW/HoP`` → ``[JW, HoP]``). Anything that could mean two things
is left for a person to decide.

Each plan file is parsed only to find where those words are written (:mod:`.nodes`); each
fix is a splice of that value (:mod:`.splice`), so every other byte stays as it was. Before
a file is written, its new text must read as the old data with exactly those values
changed, and must load with no load error that the old text did not have.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pmplan.changes.edit.nodes import EditError, Node, SourceText, parse_nodes
from pmplan.changes.edit.splice import BOM, Splice, render, set_leads
from pmplan.dates.months import ABBREVIATIONS, month_number
from pmplan.workspace.index import Workspace
from pmplan.workspace.loader import PlanFileResult, load_texts, without_consequence
from pmplan.workspace.messages import model_fields, step_type
from pmplan.workspace.models import KINDS
from pmplan.workspace.reader import POS_KEY, YamlProblem, parse_yaml
from pmplan.workspace.vocabulary import PERSON_FIELDS, STATUSES, Status, status_meant

Path_ = tuple[int | str, ...]


@dataclass(frozen=True, slots=True)
class Fix:
    """One value mended."""

    line: int
    column: int
    field: str
    old: str
    new: str | tuple[str, ...]

    @property
    def said(self) -> str:
        new = f"'{self.new}'" if isinstance(self.new, str) else "[" + ", ".join(self.new) + "]"
        return f"{self.field} '{self.old}' is now {new}"


@dataclass(slots=True)
class FileFixes:
    """The fixes of one plan file and its text before and after."""

    rel: str
    path: Path
    old: str
    new: str
    fixes: list[Fix] = field(default_factory=list)


def plan_fixes(ws: Workspace) -> list[FileFixes]:
    """Every plan file that has something to mend, with its mended text (checked)."""
    found = []
    for result in ws.files:
        fixed = _fix_file(ws, result)
        if fixed is not None:
            found.append(fixed)
    return found


def write_fixes(files: list[FileFixes]) -> None:
    """Write each mended file, unless it changed on disk since it was read."""
    from pmplan.files import atomic_write

    for fixed in files:
        try:
            if fixed.path.read_bytes().decode("utf-8") != fixed.old:
                raise EditError(f"{fixed.rel} changed while pmplan was mending it: run the command again")
            atomic_write(fixed.path, fixed.new.encode("utf-8"))
        except (OSError, UnicodeDecodeError) as exc:
            raise EditError(f"cannot write {fixed.rel}: {exc}") from None


@dataclass(frozen=True, slots=True)
class _Mend:
    """Fixes made by one splice or more, and the value they leave at ``path`` in the data."""

    fixes: tuple[Fix, ...]
    path: Path_
    value: str | list[str]
    splices: tuple[Splice, ...]


def _fix_file(ws: Workspace, result: PlanFileResult) -> FileFixes | None:
    if result.kind not in KINDS:
        return None
    try:
        text = result.path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    bom = BOM if text.startswith(BOM) else ""
    body = text[len(bom) :]
    try:
        root = parse_nodes(body)
    except EditError:
        return None
    doc = SourceText(body)
    mends = list(_walk(ws, doc, root, KINDS[result.kind], ()))
    if not mends:
        return None
    new = body
    splices = [splice for mend in mends for splice in mend.splices]
    for start, end, value, _ in sorted(splices, key=lambda s: (s[0], s[3]), reverse=True):
        new = new[:start] + value + new[end:]
    _check(result.rel, body, new, mends)
    fixes = sorted((fix for mend in mends for fix in mend.fixes), key=lambda f: (f.line, f.column))
    return FileFixes(result.rel, result.path, text, bom + new, fixes)


def _walk(ws: Workspace, doc: SourceText, node: Node, model: Any, path: Path_) -> Iterator[_Mend]:
    """The fixes in ``node`` (a mapping read as ``model``) and the items below it."""
    if node.kind != "map" or node.anchor or any(k.value == "<<" for k, _ in node.pairs):
        return  # anchors and merges: edited by hand
    for key_node, value in node.pairs:
        key = key_node.value or ""
        annotation = step_type(model, key)
        if annotation is None:
            continue
        here = (*path, key)
        if key == "status" and annotation is Status:
            yield from _status(doc, value, here)
        elif key in PERSON_FIELDS:
            yield from _people(ws, doc, node, key, value, here)
        elif key == "months":
            yield from _months(doc, value, here)
        elif value.kind == "seq" and model_fields(step_type(annotation, 0)):
            inner = step_type(annotation, 0)
            for i, item in enumerate(value.items):
                yield from _walk(ws, doc, item, inner, (*here, i))
        elif value.kind == "map" and model_fields(annotation):
            yield from _walk(ws, doc, value, annotation, here)


def _place(doc: SourceText, node: Node) -> tuple[int, int]:
    return doc.text.count("\n", 0, node.start) + 1, node.column + 1


def _replace(doc: SourceText, node: Node, path: Path_, field: str, new: str) -> _Mend:
    """A scalar given a new value in its own quoting."""
    style = node.style if node.style in {"'", '"'} else None
    fix = Fix(*_place(doc, node), field, node.value or "", new)
    return _Mend((fix,), path, new, ((node.start, doc.content_end(node), render(new, style), 0),))


def _status(doc: SourceText, node: Node, path: Path_) -> Iterator[_Mend]:
    if node.kind != "scalar" or not node.value or node.value in STATUSES:
        return
    meant = status_meant(node.value)
    if meant is not None:
        yield _replace(doc, node, path, "status", meant.value)


def _months(doc: SourceText, node: Node, path: Path_) -> Iterator[_Mend]:
    if node.kind != "seq":
        return
    for i, item in enumerate(node.items):
        if item.kind != "scalar" or not item.value or item.value in ABBREVIATIONS:
            continue
        number = month_number(item.value)
        if number is not None:
            yield _replace(doc, item, (*path, i), "month", ABBREVIATIONS[number - 1])


def _people(
    ws: Workspace, doc: SourceText, holder: Node, key: str, node: Node, path: Path_
) -> Iterator[_Mend]:
    """A person field: one id (``owner``), or a list of them (``leads``)."""
    if node.kind == "scalar" and node.value and node.value not in ws.people:
        meant = ws.person_meant(node.value)
        if meant is None or (len(meant) > 1 and key != "leads"):
            return
        if len(meant) == 1 and key != "leads":
            yield _replace(doc, node, path, key, meant[0])
            return
        fix = Fix(*_place(doc, node), key, node.value, meant if len(meant) > 1 else meant[0])
        yield _Mend((fix,), path, list(meant), tuple(set_leads(doc, holder, meant, ())))
        return
    if node.kind != "seq" or key != "leads" or any(item.kind != "scalar" for item in node.items):
        return
    leads: list[str] = []
    fixes: list[Fix] = []
    for item in node.items:
        value = item.value or ""
        meant = ws.person_meant(value) if value not in ws.people else None
        if meant is None:
            leads.append(value)
            continue
        leads.extend(meant)
        fixes.append(Fix(*_place(doc, item), key, value, meant if len(meant) > 1 else meant[0]))
    if fixes:
        new = tuple(dict.fromkeys(leads))
        yield _Mend(tuple(fixes), path, list(new), tuple(set_leads(doc, holder, new, ())))


def _check(rel: str, old: str, new: str, mends: list[_Mend]) -> None:
    """The mended text reads as the old with exactly these values changed, and loads with no
    load error the old text did not have."""
    before, after = parse_yaml(old, in_items=True), parse_yaml(new, in_items=True)
    if isinstance(after, YamlProblem) or isinstance(before, YamlProblem):
        raise EditError(f"{rel}: the fixes would make the file unreadable; nothing written")
    expected = _plain(before)
    for mend in mends:
        holder = expected
        for part in mend.path[:-1]:
            holder = holder[part]
        holder[mend.path[-1]] = mend.value
    if _plain(after) != expected:
        raise EditError(
            f"{rel}: internal check failed: the fixes would change more than meant; nothing written"
        )
    root = Path("/")
    was = {without_consequence(f.message) for f in load_texts(root, {rel: old.encode("utf-8")})[0].findings}
    now = load_texts(root, {rel: new.encode("utf-8")})[0].findings
    fresh = [f for f in now if without_consequence(f.message) not in was]
    if fresh:
        raise EditError(
            f"{rel}: the fixes would leave line {fresh[0].line} invalid ({fresh[0].message}); nothing written"
        )


def _plain(data: Any) -> Any:
    """Data without positions; a lead written as one id is a list of one."""
    if isinstance(data, dict):
        return {
            k: ([v] if k == "leads" and isinstance(v, str) else _plain(v))
            for k, v in data.items()
            if k != POS_KEY
        }
    if isinstance(data, list):
        return [_plain(v) for v in data]
    return data
