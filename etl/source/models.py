"""pydantic types shared by the files people write (sidecars, corrections) and the release record.

Models forbid unknown keys (`extra="forbid"`) and are strict: YAML's `5` is
not the text "5".  `located` turns pydantic's first complaint into an
`InputError` that names the file and the line of the key, in the project's
words, quoting at most a few dozen characters of the value.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from pydantic import AfterValidator, BeforeValidator, ConfigDict, ValidationError

from etl.errors import InputError, quote
from etl.source.hygiene import url_problem, value_problem

STRICT = ConfigDict(extra="forbid", strict=True, frozen=True)


def _clean(value: str) -> str:
    problem = value_problem(value)
    if problem:
        raise ValueError(problem)
    return value


def _url(value: str) -> str:
    problem = url_problem(value)
    if problem:
        raise ValueError(f"must be an http(s) address ({problem}), not {quote(value)}")
    return value


def _non_empty(value: str) -> str:
    if not value.strip():
        raise ValueError("must be non-empty text")
    return value


def _sha256(value: str) -> str:
    if len(value) != 64 or any(c not in "0123456789abcdef" for c in value):
        raise ValueError(f"must be a SHA-256: 64 lowercase hexadecimal digits, not {quote(value)}")
    return value


def _iso_date(value: object) -> object:
    """A YAML date stays a date; text must be YYYY-MM-DD; a date with a time is refused."""
    if isinstance(value, dt.datetime):
        raise ValueError("must be a day (YYYY-MM-DD) without a time")
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"must be a date (YYYY-MM-DD), not {quote(value)}") from None
    return value


Text = Annotated[str, AfterValidator(_clean)]
Url = Annotated[str, AfterValidator(_clean), AfterValidator(_url)]
NonEmpty = Annotated[str, AfterValidator(_clean), AfterValidator(_non_empty)]
Sha256 = Annotated[str, AfterValidator(_sha256)]
IsoDate = Annotated[dt.date, BeforeValidator(_iso_date)]

_KIND = {  # pydantic's error type -> what the value must be
    "string_type": "text",
    "int_type": "an integer",
    "bool_type": "true or false",
    "date_type": "a date (YYYY-MM-DD)",
    "dict_type": "a mapping",
    "list_type": "a list",
}


def message(exc: ValidationError) -> tuple[str, str | None]:
    """The first problem pydantic found, in words, and the top-level key it is about."""
    err = exc.errors(include_url=False)[0]
    loc = [str(x) for x in err["loc"]]
    key = loc[0] if loc else None
    name = ".".join(loc) or "the file"
    kind, value = err["type"], err.get("input")
    if kind == "extra_forbidden":
        return f"unknown key {quote(loc[-1])}", key
    if kind == "missing":
        return f"missing {name}", key
    if kind in _KIND:
        return f"{name} must be {_KIND[kind]}, not {type(value).__name__}", key
    if kind == "value_error":  # the validators above say "must be …" or "holds …"
        return f"{name} {err['ctx']['error']}", key
    return f"{name}: {err['msg'].lower()} (got {quote(value)})", key


def located(path: Path, exc: ValidationError, line_of: Callable[[str], int | None], hint: str | None = None):
    """An InputError for the first problem, at the line of its key (or `line_of(None)`)."""
    text, key = message(exc)
    return InputError(str(path), text, line_of(key) if key is not None else None, hint=hint)
