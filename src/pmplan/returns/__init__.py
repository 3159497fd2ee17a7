"""The quarter's returns from lead officers: workbooks out, their answers back into the plans.

* :mod:`.deadline`: when returns are due, from the reporting calendar;
* :mod:`.contents`: what each officer is asked about (their open actions, their indicators)
  and the state of each row when issued;
* :mod:`.layout`: the workbook's sheets and columns, shared by the writer and the reader;
* :mod:`.workbook`: writing a return (Excel, via openpyxl);
* :mod:`.reading`: reading a return back, whichever program saved it;
* :mod:`.cells`: what an officer typed, read as plan values;
* :mod:`.collect`: checking every edited cell and deciding each change against the plans
  (applied, already there, or a conflict);
* :mod:`.applying`: the changes made through the comment-preserving edit machinery, all or
  nothing, optionally one git commit per return;
* :mod:`.status`: who has returned, what still has no update; e-mail reminders as drafts.

This package sits above :mod:`pmplan.changes` and :mod:`pmplan.exchange`: it uses them,
nothing below uses it.
"""
