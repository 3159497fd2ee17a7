"""The table of timescale phrasings and how each reads (used by test_timescale.py).

Dates are written ISO (``"2009-10-31"``); ``None`` is no date. ``ambiguous`` is True when the
reading must say why it is ambiguous, False when it must not. ``unread``/``note``/``vague`` are
checked only where given. ``fy`` is the month the financial year starts.
"""

from __future__ import annotations

from typing import NamedTuple


class Case(NamedTuple):
    text: str
    due: str | None = None
    start: str | None = None
    recurring: bool = False
    refs: tuple[str, ...] = ()
    ambiguous: bool = False
    unread: tuple[str, ...] | None = None
    note: str | None = None
    vague: bool | None = None
    fy: int = 4


HTML_CELL = (
    "<p>June 2007 – Now scheduled for September 2007</p> <p>Continues</p> "
    "<p>Continues for the services involved</p> <p>October 2007</p> "
    "<p>Will continues if required by the new SMC</p> <p>From May 2007 – to be considered by new SMC</p>"
)
LONG_CELL = (
    "Discussions to be completed by June 2007 and the detailed implementation plan in place by "
    "December 2007, with a view to the new arrangements operating from 1 April 2008"
)

# Every distinct value of the "Time scale", "When" and "TIMESCALE" columns of the seed documents.
SEED_CASES = [
    # 000 (Wyre Forest, 2010)
    Case("Oct 09", "2009-10-31", unread=()),
    Case("Nov 09", "2009-11-30"),
    Case("Mar 10", "2010-03-31"),
    Case("Sep 09 – Feb 10", "2010-02-28", "2009-09-01", unread=()),
    Case("Ongoing", recurring=True, vague=False),
    Case("Aug / Sep 10", "2010-09-30", unread=()),
    Case("Sep 10", "2010-09-30"),
    Case("Jun 10", "2010-06-30"),
    Case(
        "Jul 09 (part of Transformation Delivery Plan)",
        "2009-07-31",
        note="part of Transformation Delivery Plan",
        unread=(),
    ),
    Case("Constant process", recurring=True, unread=()),
    # 002 (Bromsgrove, 2008)
    Case("End July 2009", "2009-07-31", unread=()),
    Case("31 March 2009", "2009-03-31"),
    Case("Jan 09 Mar 09", "2009-03-31", unread=()),
    Case("Nov 08", "2008-11-30"),
    Case("March 2012", "2012-03-31"),
    Case("July 2009", "2009-07-31"),
    Case(
        "Need to wait and see what impact CAA has",
        vague=True,
        unread=("Need to wait and see what impact CAA has",),
    ),
    Case("December 2008", "2008-12-31"),
    Case("December 2008 & ongoing", "2008-12-31", recurring=True, unread=()),
    Case("Mar 09", "2009-03-31"),
    Case("September 2009", "2009-09-30"),
    Case("November 2008", "2008-11-30"),
    Case("2011/2012", "2012-03-31"),
    Case("March 2009", "2009-03-31"),
    Case("Sep 09 Mar 09 Jul 09", "2009-09-30"),
    Case("On-going", recurring=True),
    Case("As and When", recurring=True, unread=()),
    Case("Dec 08", "2008-12-31"),
    Case("June 2009", "2009-06-30"),
    # 004 (Herefordshire, 2007)
    Case(
        LONG_CELL,
        "2007-12-31",
        unread=("Discussions", "detailed implementation plan", "with a view to the new arrangements"),
    ),
    Case(
        "Integrated arrangements to be operating from the time the PST is operational",
        vague=True,
        unread=("Integrated arrangements to be operating from the time the PST is operational",),
    ),
    Case("30 January 2007", "2007-01-30"),
    Case("22 February 2007", "2007-02-22"),
    Case("End February 2007", "2007-02-28"),
    Case("March 2007", "2007-03-31"),
    Case("From 1 April 2007", None, "2007-04-01", recurring=True, unread=()),
    Case("April 2007", "2007-04-30"),
    Case("February 2008", "2008-02-29"),
    Case("As to be set out in the communications plan", vague=True),
    Case("As for Recc.1", refs=("1",), vague=False),
    Case("June 2007", "2007-06-30"),
    Case("October 2007 November 2007", "2007-11-30"),
    Case("Operating from 1 April 2007", None, "2007-04-01", recurring=True, unread=()),
    Case("January to March 2007", "2007-03-31", "2007-01-01"),
    Case("Operational from April 2007", None, "2007-04-01", recurring=True),
    Case("From April 2007", None, "2007-04-01", recurring=True),
    Case("Before end March 2007", "2007-03-31", unread=()),
    Case("December 2007", "2007-12-31"),
    Case("At least monthly", recurring=True, unread=()),
    Case("September 2007", "2007-09-30"),
    Case("As for Reccs. 5, 1, 6, 8 and 2", refs=("5", "1", "6", "8", "2")),
    Case("January 2007", "2007-01-31"),
    Case("Beginning May 2007", "2007-05-31", unread=()),
    Case(HTML_CELL, "2007-10-31", "2007-05-01", recurring=True),
    Case("September 2007 / October 2007", "2007-10-31"),
    Case("To be in operation from 1 April 2007", None, "2007-04-01", recurring=True, unread=()),
    Case("1 April 2008", "2008-04-01"),
    Case("As for Reccs. 1 and 6", refs=("1", "6"), unread=()),
    Case("July 2007", "2007-07-31"),
    Case("1 April 2007", "2007-04-01"),
    Case("See Reccs. 9 and 10", refs=("9", "10")),
    Case(
        "Directors and Heads of Service by March, other tiers before the end of May 2007",
        "2007-05-31",
        unread=("Directors and Heads of Service by March", "other tiers"),
    ),
    Case("As agreed with internal audit", vague=True, unread=("As agreed with internal audit",)),
    Case("May 2007 and annually thereafter", "2007-05-31", recurring=True, unread=()),
    Case("Immediately", vague=True, unread=("Immediately",)),
    Case(
        "To be discussed with the Head of Communications during 2007",
        "2007-12-31",
        ambiguous=True,
        unread=("To be discussed with the Head of Communications",),
    ),
    # 003 (reporting frequencies in a "Notes" column)
    Case("Reported quarterly", recurring=True),
    Case("Reported half-yearly", recurring=True),
    Case("Scheduled annually", recurring=True, unread=()),
    Case("Annually, between April and July", recurring=True, unread=("between April and July",)),
]

OTHER_CASES = [
    # FORMAT.md examples not already above
    Case("31/03/2009", "2009-03-31", ambiguous=False),
    Case("2009-03-31", "2009-03-31"),
    Case("Sep 09 to Feb 10", "2010-02-28", "2009-09-01"),
    Case("Sep 09 - Feb 10", "2010-02-28", "2009-09-01"),
    Case("Sep 09 — Feb 10", "2010-02-28", "2009-09-01"),
    Case("Sep 09–Feb 10", "2010-02-28", "2009-09-01"),
    Case("quarter 3 2009", "2009-12-31", ambiguous=True),
    Case("Q4 2009", "2010-03-31", ambiguous=True),
    Case("Continues", recurring=True),
    Case("TBC", vague=True, unread=("TBC",)),
    # day, month and year
    Case("by end of July 2009", "2009-07-31", unread=()),
    Case("by the end of March 2026", "2026-03-31", unread=()),
    Case("31st March 2009", "2009-03-31"),
    Case("31st of March 2026", "2026-03-31"),
    Case("No later than 31 March 2009", "2009-03-31", unread=()),
    Case("March 31, 2026", "2026-03-31"),
    Case("26-Mar-2026", "2026-03-26"),
    Case("31 Mar 26", "2026-03-31"),
    Case("Mon 2 March 2026", "2026-03-02", unread=()),
    Case("w/c 3 March 2026", "2026-03-03", unread=()),
    Case("week commencing 3 March 2026", "2026-03-03", unread=()),
    Case("29 Feb 2024", "2024-02-29"),
    Case("29 Feb 2025", vague=False, unread=()),  # a day that does not exist: impossible, not vague
    Case("30 February 2026", vague=False, unread=()),
    Case("31/02/2026", vague=False, unread=()),
    Case("31.03.2009", "2009-03-31"),
    Case("31.03.09", "2009-03-31"),
    Case("31-03-09", "2009-03-31"),
    Case("31/03/09", "2009-03-31"),
    Case("2026-3-31", "2026-03-31"),
    Case("03/04/2026", "2026-04-03", ambiguous=True),
    Case("3/4/26", "2026-04-03", ambiguous=True),
    Case("04/04/2026", "2026-04-04", ambiguous=False),
    Case("31/01/2026", "2026-01-31", ambiguous=False),
    Case("13/12/2025", "2025-12-13", ambiguous=False),
    # months: names, abbreviations, case, full stops, two-digit years
    Case("Jan 26", "2026-01-31", ambiguous=False),
    Case("Sept 2026", "2026-09-30"),
    Case("Sept. 2026", "2026-09-30"),
    Case("SEPT 26", "2026-09-30"),
    Case("sep 26", "2026-09-30"),
    Case("September 26", "2026-09-30"),
    Case("MARCH 2026", "2026-03-31"),
    Case("march 2026", "2026-03-31"),
    Case("Mar-26", "2026-03-31"),
    Case("Oct '09", "2009-10-31"),
    Case("Oct09", "2009-10-31"),
    Case("Feb 24", "2024-02-29"),
    Case("Feb 25", "2025-02-28"),
    Case("Feb 2000", "2000-02-29"),
    Case("Feb 1900", "1900-02-28"),
    Case("Jun 12", "2012-06-30"),
    Case("Dec. 2025", "2025-12-31"),
    Case("Apr. 26", "2026-04-30"),
    # financial years
    Case("2011/12", "2012-03-31", ambiguous=False),
    Case("2011/2012 financial year", "2012-03-31", unread=()),
    Case("FY 2025/26", "2026-03-31"),
    Case("FY 25/26", "2026-03-31"),
    Case("financial year 2025-26", "2026-03-31", ambiguous=False),
    Case("2009-10", "2010-03-31", ambiguous=True),
    Case("2025-08", "2025-08-31", ambiguous=False),
    Case("2023-27", "2027-03-31", "2023-04-01"),
    Case("2099/00", "2100-03-31"),
    Case("2011/2014", "2014-03-31", "2011-04-01"),
    # quarters
    Case("Q3 2009/10", "2009-12-31", ambiguous=False),
    Case("quarter 3 2009/10", "2009-12-31", ambiguous=False),
    Case("quarter 4 2025/26", "2026-03-31", ambiguous=False),
    Case("Q1 2025/26", "2025-06-30"),
    Case("Q2 2025-26", "2025-09-30"),
    Case("Q3 09/10", "2009-12-31"),
    Case("Qtr 2 2025/26", "2025-09-30"),
    Case("third quarter of 2025/26", "2025-12-31"),
    Case("3rd quarter 2025/26", "2025-12-31"),
    Case("2025/26 Q2", "2025-09-30"),
    Case("Q1 FY2025/26", "2025-06-30"),
    Case("End of Q4 2025/26", "2026-03-31", unread=()),
    Case("Q1 2026", "2026-06-30", ambiguous=True),
    Case("Q3 2009/12", vague=True),
    Case("Q3", vague=True, unread=("Q3",)),
    # seasons
    Case("Spring 2010", "2010-05-31"),
    Case("Summer 2010", "2010-08-31"),
    Case("Autumn 2010", "2010-11-30"),
    Case("Winter 2025", "2026-02-28"),
    Case("Winter 2023", "2024-02-29"),
    Case("Winter 2025/26", "2026-02-28"),
    Case("Spring 26", "2026-05-31"),
    Case("Spring/Summer 2010", "2010-08-31"),
    Case("Autumn - Winter 2026", "2027-02-28", "2026-09-01"),
    Case("Summer", vague=True, unread=("Summer",)),
    # ranges and several dates
    Case("Sep 09 – Feb 12", "2012-02-29", "2009-09-01"),
    Case("From Sep 09 to Feb 10", "2010-02-28", "2009-09-01", recurring=False),
    Case("between Jan 26 and Mar 26", "2026-03-31", "2026-01-01"),
    Case("Jan-Mar 2026", "2026-03-31", "2026-01-01"),
    Case("Dec - Mar 26", "2026-03-31", "2025-12-01"),
    Case("Nov / Jan 26", "2026-01-31"),
    Case("1-15 March 2026", "2026-03-15", "2026-03-01"),
    Case("1 March to 30 April 2026", "2026-04-30", "2026-03-01"),
    Case("January, February and March 2007", "2007-03-31"),
    Case("Sep 09 to end Feb 10", "2010-02-28", "2009-09-01"),
    Case("Q1 2025/26 – Q3 2025/26", "2025-12-31", "2025-04-01"),
    Case("2011/12 to 2013/14", "2014-03-31", "2011-04-01"),
    Case("Mar 10 – Jan 10", "2010-03-31"),
    Case("Jun 26, Sep 26", "2026-09-30"),
    # starts and recurrence
    Case("Sep 09 onwards", None, "2009-09-01", recurring=True),
    Case("commencing 1 April 2026", None, "2026-04-01", recurring=True, unread=()),
    Case("From 2026", None, "2026-01-01", recurring=True, ambiguous=True),
    Case("after March 2026", None, "2026-04-01", recurring=False, vague=False),
    Case("From April 2026, then by March 2027", "2027-03-31", "2026-04-01", recurring=False),
    Case("Ongoing – review March 2026", "2026-03-31", recurring=True),
    Case("Continuous", recurring=True),
    Case("Monthly", recurring=True),
    Case("Quarterly", recurring=True),
    Case("Annually", recurring=True),
    Case("Each year", recurring=True, unread=()),
    Case("Every quarter", recurring=True),
    Case("Throughout the year", recurring=True, unread=()),
    Case("Throughout 2026/27", "2027-03-31", recurring=True),
    Case("ongoing", recurring=True),
    Case("On going", recurring=True),
    Case("As required", recurring=True),
    # cross-references
    Case("As for R4.a", refs=("R4.a",), unread=(), vague=False),
    Case("See 3.2", refs=("3.2",)),
    Case("As rec 5", refs=("5",)),
    Case("As recommendations 9 and 10", refs=("9", "10")),
    Case("As for R4.a and R5.b", refs=("R4.a", "R5.b")),
    Case("As for pm-audit:R1.a", refs=("pm-audit:R1.a",)),
    Case("See Rec 3, by March 2026", "2026-03-31", refs=("3",)),
    Case("As for rec 5 and 31 March 2026", "2026-03-31", refs=("5",)),
    Case("As soon as possible", vague=True),
    # notes
    Case("Mar 26 (after the contract review)", "2026-03-31", note="after the contract review", unread=()),
    Case("Oct 24 (revised from Sep 24)", "2024-10-31", note="revised from Sep 24"),
    Case("TBC (expected Mar 26)", vague=True, note="expected Mar 26"),
    Case("Ongoing [monthly report]", recurring=True, note="monthly report"),
    # vague and partly read
    Case("TBA", vague=True, unread=("TBA",)),
    Case("To be confirmed", vague=True, unread=("To be confirmed",)),
    Case("Dependent on funding", vague=True, unread=("Dependent on funding",)),
    Case("March 2010 subject to funding", "2010-03-31", unread=("subject to funding",)),
    Case("March", vague=True, unread=("March",)),
    Case("15th June", vague=True),
    Case("12", vague=True, unread=("12",)),
    Case("Phase 2", vague=True, unread=("Phase 2",)),
    Case("1.2.10", vague=True),
    Case("Local Government Act 2007", vague=True),
    Case("", vague=True, unread=()),
    Case("   ", vague=True, unread=()),
    Case("by 2011", "2011-12-31", ambiguous=True),
    # other financial years
    Case("2025", "2025-12-31", ambiguous=False, fy=1),
    Case("2025", "2025-12-31", ambiguous=True, fy=4),
    Case("2025/26", "2025-12-31", ambiguous=True, fy=1),
    Case("2025/26", "2026-03-31", ambiguous=False, fy=4),
    Case("2025/26", "2026-06-30", fy=7),
    Case("2025/26", "2026-09-30", fy=10),
    Case("Q4 2025", "2025-12-31", ambiguous=False, fy=1),
    Case("Q1 2025", "2025-03-31", ambiguous=False, fy=1),
    Case("Q1 2025/26", "2025-09-30", fy=7),
    Case("Q4 2025/26", "2026-06-30", fy=7),
    Case("Q2 2025", "2025-12-31", ambiguous=True, fy=7),
    Case("Q1 2025", "2026-02-28", ambiguous=True, fy=12),
    Case("2023-27", "2027-12-31", "2023-01-01", ambiguous=True, fy=1),
    Case("Oct 25", "2025-10-31", fy=1),
    Case("Winter 2025", "2026-02-28", fy=1),
]

CASES = SEED_CASES + OTHER_CASES
