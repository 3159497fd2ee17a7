"""The one base class of errors a user sees: each carries a message that says what and where.

Core modules raise a subclass; only the CLI turns it into a message on stderr and exit 2.
"""

from __future__ import annotations


class PmplanError(Exception):
    """Something the user asked for cannot be done; the message says what and where."""


class UsageError(PmplanError):
    """A flag or argument whose value cannot be used."""
