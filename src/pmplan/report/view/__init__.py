"""The report's view model: everything a progress report says, computed once for every format.

:func:`~pmplan.report.view.build.build_report` turns a loaded workspace, a period and the
as-of date into a :class:`~pmplan.report.view.model.ReportView`; the Markdown and HTML
templates and the Word builder only lay it out. It reads no clock and no files. Every text
taken from the plans is cleaned of characters that XML 1.0 forbids (control characters), so
that no format can be broken by them; each format then escapes what it needs to.

- :mod:`.text`: cleaning text, and writing dates, numbers and periods;
- :mod:`.model`: the view model's data classes;
- :mod:`.scope`: what every part of the build reads;
- :mod:`.build`: the build, section by section;
- :mod:`.briefing`: the briefing paper's front.

How an action's status maps to its RAG rating (:attr:`~pmplan.workspace.vocabulary.Status.rag`):

=====================================  ============
status                                 RAG
=====================================  ============
complete, on-track                     green
at-risk                                amber
delayed                                red
overdue (open, past its due date)      red, whatever its status says
not-started, no-further-action,        none (grey): not rated
cancelled
=====================================  ============

An indicator's RAG is the one :func:`pmplan.indicators.reading.read_indicator` gives, with the rule
that set it. "Completed in the period" counts complete actions whose latest update is dated
within the period (plans record no completion date of their own).
"""
