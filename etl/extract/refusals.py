"""What makes a text no readout, and what only deserves a warning.

Intake refuses only what is not a readout: no title and no lead naming a
meeting, no date at all.  A readout with a lead but no statement (a page cut
off after its lead) still becomes a meeting, with a warning.
"""

from __future__ import annotations

from etl.errors import InputError, Notice


def no_statements(has_lead: bool, file: str, where: tuple[int, int], warnings: list[Notice]) -> None:
    """A readout with a lead but no statement is kept with a warning (truncated?); without a lead, refused."""
    message = "no statements: no sentence says who said or agreed what"
    if not has_lead:
        raise InputError(file, message, *where, hint="is the body of the readout missing?")
    warnings.append(Notice(f"{message} (is the body of the readout missing?)", *where))
