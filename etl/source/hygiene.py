"""What text may hold at intake, in readouts, sidecars and corrections alike.

Refused, with file:line:column: control characters other than tab and line
ends (C0, DEL and C1: NUL cuts a cell short in R's readers, others are
invisible), and the bidirectional override and isolate characters (U+202A–
U+202E, U+2066–U+2069), which make text display in another order than it
is stored.  Refused rather than removed: a readout's bytes are its identity
(its SHA-256), so the contributor fixes the file once instead of the build
silently publishing text that differs from it.

A readout may hold form feeds and vertical tabs: PDF text marks its page
breaks with them, and they are read as line ends.

Web addresses must be http(s), name a host and hold no white space.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

from etl.errors import InputError

_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_PAGE_BREAKS = re.compile("[\x0b\x0c]")  # PDF text's page breaks: line ends in a readout
HINT = "remove it: only tab and line ends are allowed among control and direction characters"


def describe(char: str) -> str:
    """U+202E (RIGHT-TO-LEFT OVERRIDE), or U+0007 (a control character)."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} ({name or 'a control character'})"


def first_forbidden(text: str, page_breaks: bool = False) -> tuple[int, int, str] | None:
    """Line, column (1-based, in characters) and the character of the first forbidden one."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n")
    if page_breaks:
        lines = _PAGE_BREAKS.sub("\n", lines)
    m = _FORBIDDEN.search(lines)
    if m is None:
        return None
    at = m.start()
    return lines.count("\n", 0, at) + 1, at - (lines.rfind("\n", 0, at) + 1) + 1, m.group()


def check_text(text: str, file: str, what: str = "the text", page_breaks: bool = False) -> None:
    """InputError at the first forbidden character of text (a whole file, so lines and columns are its own).

    `page_breaks`: form feeds and vertical tabs are line ends (a readout), not refused (sidecars, corrections).
    """
    found = first_forbidden(text, page_breaks)
    if found:
        line, column, char = found
        raise InputError(file, f"{what} holds {describe(char)}", line, column, hint=HINT)


def value_problem(value: str) -> str | None:
    """What is wrong with one text value (say, a YAML string written with escapes), or None."""
    m = _FORBIDDEN.search(value)
    return f"holds {describe(m.group())}" if m else None


def url_problem(url: str) -> str | None:
    """Why url is not an http(s) address with a host and no white space; None when it is one."""
    if any(c.isspace() for c in url) or _FORBIDDEN.search(url):
        return "no white space or control characters"
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:  # a malformed port or IPv6 literal
        return f"unreadable: {exc}"
    if parts.scheme not in ("http", "https"):
        return "it must start with http:// or https://"
    if not host:
        return "it names no host"
    return None
