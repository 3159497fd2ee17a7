"""``pmplan returns status``: who has returned, what still has no update, the days left; and
reminders as e-mail drafts (pmplan never sends mail).

An officer's return is found in the period's folder (and any folder inside it) by its
record, whatever the file is called. It counts as **returned** once the officer has saved it
(the workbook was saved after it was issued, or a cell was changed), and as **collected**
once everything in it is in the plans.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path

from pmplan.characters import CONTROL, without_controls
from pmplan.dates.periods import Period
from pmplan.errors import UsageError
from pmplan.returns.collect import plan_collection
from pmplan.returns.contents import Return, build_returns, file_name
from pmplan.returns.deadline import Deadline, returns_deadline
from pmplan.returns.reading import ReturnError, ReturnFile, read_return
from pmplan.returns.words import count, long_date
from pmplan.workspace.index import Workspace
from pmplan.workspace.models import Person

SAVED_AFTER = 60
"""Seconds after issue from which a saved workbook counts as returned."""

NOT_ISSUED = "not issued"
OWING = "not returned"
RETURNED = "returned, not yet collected"
COLLECTED = "collected"


@dataclass(slots=True)
class OfficerStatus:
    person: Person
    ret: Return
    state: str
    issued_file: Path | None = None
    returned_file: Path | None = None
    pending: int = 0
    """Changes in the return that are not yet in the plans."""
    conflicts: int = 0
    problems: int = 0
    without_update: list[str] = field(default_factory=list)
    """Open actions with no update since the period began."""
    without_value: list[str] = field(default_factory=list)
    """Indicator values with no actual (or rating) for the period."""

    @property
    def owing(self) -> bool:
        return self.state in {NOT_ISSUED, OWING}


@dataclass(slots=True)
class StatusReport:
    period: Period
    as_of: date
    deadline: Deadline | None
    folder: Path
    officers: list[OfficerStatus]
    unreadable: list[str]

    @property
    def days_left(self) -> int | None:
        return (self.deadline.day - self.as_of).days if self.deadline else None


def returns_status(
    ws: Workspace, period: Period, folder: Path, *, as_of: date, deadline_day: date | None = None
) -> StatusReport:
    """Each officer's state for the period, from the returns in ``folder`` and the plans."""
    contents = build_returns(ws, period)
    found: dict[str, list[ReturnFile]] = {}
    unreadable: list[str] = []
    if folder.is_dir():
        for path in sorted(folder.rglob("*.xlsx")):
            if path.name.startswith(("~$", ".~lock")):  # Office's and LibreOffice's lock files
                continue
            try:
                item = read_return(path)
            except ReturnError as exc:
                unreadable.append(str(exc))
                continue
            if item.period == period.label and item.organisation == ws.config.organisation:
                found.setdefault(item.person, []).append(item)
    officers = []
    for ret in contents.returns:
        officer = OfficerStatus(ret.person, ret, NOT_ISSUED)
        _missing(ws, officer, period, as_of)
        _files(ws, officer, found.get(ret.person.id, []), period, as_of)
        officers.append(officer)
    for person_id, items in found.items():  # returns issued to someone with nothing to return now
        if person_id in ws.people and all(o.person.id != person_id for o in officers):
            officer = OfficerStatus(ws.people[person_id], _empty(ws.people[person_id], period), NOT_ISSUED)
            _files(ws, officer, items, period, as_of)
            officers.append(officer)
    deadline = returns_deadline(ws, period, deadline_day)
    return StatusReport(period, as_of, deadline, folder, officers, unreadable)


def _empty(person: Person, period: Period) -> Return:
    return Return(person, period)


def _missing(ws: Workspace, officer: OfficerStatus, period: Period, as_of: date) -> None:
    for line in officer.ret.actions:
        if not any(period.start <= u.date <= as_of for u in line.view.action.updates):
            officer.without_update.append(line.ref)
    for value_line in officer.ret.indicators:
        value = value_line.value
        has = value is not None and (value.rag if value_line.qualitative else value.actual) is not None
        if not has:
            officer.without_value.append(value_line.ref)


def _files(
    ws: Workspace, officer: OfficerStatus, items: list[ReturnFile], period: Period, as_of: date
) -> None:
    for item in items:
        try:
            batch = plan_collection(ws, [item], as_of=as_of, period=period)
        except ReturnError:
            continue
        collected = batch.returns[0]
        saved = (
            item.modified is not None and (item.modified - _aware(item.issued)).total_seconds() > SAVED_AFTER
        )
        if not (saved or collected.changes or collected.problems):
            officer.issued_file = officer.issued_file or item.path
            if officer.state == NOT_ISSUED:
                officer.state = OWING
            continue
        officer.returned_file = item.path
        officer.pending += len(collected.applied)
        officer.conflicts += len(collected.conflicts)
        officer.problems += len(collected.problems)
        officer.state = RETURNED if officer.pending or collected.problems else COLLECTED


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.astimezone()


# --- output ------------------------------------------------------------------------------------


def _deadline_words(report: StatusReport) -> str:
    if report.deadline is None:
        return "no deadline set (give --deadline, or a quarterly report in the calendar)"
    days = report.days_left or 0
    when = f"due {report.deadline.day.isoformat()}"
    if days > 0:
        return f"{when}: {days} day{'s' if days != 1 else ''} to go"
    if days == 0:
        return f"{when}: today"
    return f"{when}: {-days} day{'s' if days != -1 else ''} overdue"


def _counts(report: StatusReport) -> str:
    officers = report.officers
    returned = sum(1 for o in officers if not o.owing)
    return f"{returned} of {len(officers)} officers have returned"


def status_text(report: StatusReport) -> str:
    lines = [f"Returns for {report.period.label}: {_counts(report)}; {_deadline_words(report)}.", ""]
    width = max((len(o.person.name) + len(o.person.id) + 3 for o in report.officers), default=10)
    for officer in report.officers:
        who = f"{officer.person.name} ({officer.person.id})"
        lines.append(f"{who:{width}}  {_state(officer)}")
        if officer.without_update:
            lines.append(f"{'':{width}}  no update yet: {', '.join(officer.without_update)}")
        if officer.without_value:
            lines.append(f"{'':{width}}  no value yet: {', '.join(officer.without_value)}")
    for problem in report.unreadable:
        lines.append(f"not read: {problem}")
    return "\n".join(lines) + "\n"


def _state(officer: OfficerStatus) -> str:
    state = officer.state
    if state == RETURNED:
        extra = [f"{count(officer.pending, 'change')} to collect"] if officer.pending else []
        extra += [f"{count(officer.problems, 'problem')} to correct"] if officer.problems else []
        state += f" ({', '.join(extra)})"
    if officer.conflicts:
        state += f"; {count(officer.conflicts, 'conflict')} for the team to decide"
    return state


def status_markdown(report: StatusReport) -> str:
    lines = [
        f"## Returns for {report.period.label}",
        "",
        f"{_counts(report)}; {_deadline_words(report)}.",
        "",
        "| Officer | Return | Actions with no update | Indicators with no value |",
        "| --- | --- | --- | --- |",
    ]
    for officer in report.officers:
        lines.append(
            f"| {_md(officer.person.name)} ({_md(officer.person.id)}) | {_md(_state(officer))} | "
            f"{_md(', '.join(officer.without_update)) or '—'} | {_md(', '.join(officer.without_value)) or '—'} |"
        )
    return "\n".join(lines) + "\n"


def _md(value: str) -> str:
    return value.replace("|", "\\|").replace("\n", " ")


CSV_COLUMNS = (
    "person", "name", "email", "state", "actions", "indicator_values", "without_update", "without_value",
    "changes_to_collect", "conflicts", "problems", "file", "deadline", "days_left",
)  # fmt: skip


def status_csv(report: StatusReport) -> str:
    from pmplan.exchange.cells import csv_value

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for officer in report.officers:
        path = officer.returned_file or officer.issued_file
        row = [
            officer.person.id, officer.person.name, officer.person.email or "", officer.state,
            len(officer.ret.actions), len(officer.ret.indicators), "; ".join(officer.without_update),
            "; ".join(officer.without_value), officer.pending, officer.conflicts, officer.problems,
            path.name if path else "", report.deadline.day.isoformat() if report.deadline else "",
            "" if report.days_left is None else report.days_left,
        ]  # fmt: skip
        writer.writerow([csv_value(v) for v in row])
    return out.getvalue()


# --- reminders -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reminder:
    person: Person
    path: Path | None
    """Where the draft was written; None where it could not be (``why``)."""
    why: str = ""


def write_reminders(
    ws: Workspace, report: StatusReport, out: Path, *, sender: str, now: datetime
) -> list[Reminder]:
    """One e-mail draft (.eml, RFC 5322, plain text, the return attached) per officer still
    owing a return; pmplan sends nothing. An officer with no e-mail address gets none."""
    from email.errors import HeaderParseError
    from email.headerregistry import Address
    from email.utils import parseaddr

    from pmplan.files import atomic_write
    from pmplan.returns.workbook import return_workbook

    name, address = parseaddr(sender)
    try:
        from_address = Address(_one_line(name), addr_spec=address) if _is_address(address) else None
    except (ValueError, HeaderParseError):
        from_address = None
    if from_address is None:
        raise UsageError(
            f"--from '{sender}' is not an e-mail address (e.g. 'Julie Pennington <julie@council.example>')"
        )
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create {out}: {exc.strerror or exc}") from None
    reminders = []
    for officer in report.officers:
        if not officer.owing:
            continue
        person = officer.person
        if not person.email or "@" not in person.email:
            reminders.append(Reminder(person, None, "no e-mail address in the people file"))
            continue
        if not _is_address(person.email):
            reminders.append(Reminder(person, None, "the e-mail address in the people file is not one"))
            continue
        if officer.issued_file is not None:
            attachment, filename = officer.issued_file.read_bytes(), officer.issued_file.name
        else:
            deadline = report.deadline
            attachment, filename = return_workbook(ws, officer.ret, deadline, now), file_name(officer.ret)
        message = _message(report, officer, from_address, now, attachment, filename)
        path = out / (Path(filename).stem + ".eml")
        atomic_write(path, message)
        reminders.append(Reminder(person, path))
    return reminders


def _message(
    report: StatusReport,
    officer: OfficerStatus,
    sender: object,
    now: datetime,
    attachment: bytes,
    filename: str,
) -> bytes:
    from email import policy
    from email.headerregistry import Address
    from email.message import EmailMessage
    from email.utils import format_datetime, make_msgid

    person = officer.person
    assert person.email is not None
    message = EmailMessage(policy=policy.SMTP)
    message["From"] = sender
    message["To"] = Address(_one_line(person.name), addr_spec=person.email)
    message["Subject"] = f"Your {report.period.label} return" + (
        f" is due by {long_date(report.deadline.day, weekday=False)}" if report.deadline else ": a reminder"
    )
    moment = now if now.tzinfo is not None else now.astimezone()
    message["Date"] = format_datetime(moment)
    domain = str(getattr(sender, "domain", "") or "pmplan.invalid")
    message["Message-ID"] = make_msgid("pmplan-return", domain=domain)
    message["X-Unsent"] = "1"  # Outlook opens it as a draft to send
    message.set_content(without_controls(_body(report, officer, sender)))
    message.add_attachment(
        attachment,
        maintype="application",
        subtype="vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        filename=filename,
    )
    return message.as_bytes()


_ADDRESS = re.compile(r"[^\s@<>()\[\]\\,;:\"]+@[^\s@<>()\[\]\\,;:\"]+")
"""An address as the people file should hold it: no spaces, control characters or the
characters an e-mail header gives a meaning to (a line break there would start a new header)."""


def _is_address(text: str) -> bool:
    return _ADDRESS.fullmatch(text) is not None and not CONTROL.search(text)


def _one_line(name: str) -> str:
    """A name for an e-mail header: control characters dropped, one line."""
    return " ".join(without_controls(name).split())


def _body(report: StatusReport, officer: OfficerStatus, sender: object) -> str:
    person, ret = officer.person, officer.ret
    first = person.name.split()[0] if person.name.split() else person.name
    if report.deadline is not None:
        days = report.days_left or 0
        when = f"is due by {long_date(report.deadline.day)}"
        when += (
            f" ({days} day{'s' if days != 1 else ''} from now)"
            if days > 0
            else " (today)"
            if days == 0
            else f" ({-days} days ago)"
        )
    else:
        when = "is due soon"
    parts = [f"Dear {first},", "", f"Your quarterly return for {report.period.label} {when}."]
    covers = []
    if ret.actions:
        covers.append(f"the {count(len(ret.actions), 'open action')} you lead")
    if ret.indicators:
        covers.append(f"{count(len(ret.indicators), 'indicator value')} you report")
    if covers:
        parts += ["", f"It covers {' and '.join(covers)}."]
    if officer.without_update:
        parts += ["", "These actions have no progress update for the quarter yet:"]
        parts += [f"  - {ref}: {_title(ret, ref)}" for ref in officer.without_update]
    if officer.without_value:
        parts += ["", "These indicators have no value for the quarter yet:"]
        parts += [f"  - {ref}" for ref in officer.without_value]
    sender_name = str(getattr(sender, "display_name", "") or "") or "The performance team"
    parts += [
        "",
        "The workbook is attached: please fill in the yellow columns (status, progress, next step, and any "
        "revised timescale with its reason; each indicator's actual and note) and send it back to me.",
        "",
        "Thank you,",
        sender_name,
    ]
    return "\n".join(parts) + "\n"


def _title(ret: Return, ref: str) -> str:
    return next((line.view.title for line in ret.actions if line.ref == ref), "")


def reminder_time(as_of: date) -> datetime:
    """When a draft is dated: now, or 9 am on --as-of."""
    if as_of == date.today():
        return datetime.now().astimezone().replace(microsecond=0)
    return datetime.combine(as_of, time(9, 0)).astimezone()
