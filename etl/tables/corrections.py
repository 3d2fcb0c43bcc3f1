"""Reviewed corrections of extracted values, kept in corrections/*.yaml beside the raw readouts.

A correction names one cell by stable keys and says what a person decided::

    - readout_sha256: 013ea0cb…   # the readout the reviewer read
      table: statements
      id: 2013-02-22_us_meeting-s012
      field: speaker_side
      old: JP                     # what the extractor gave
      new: US                     # what is published instead
      who: Hanako Yamada
      why: the sentence reports the US President's words

The build applies corrections after extraction and before validation.  A
correction that no longer fits (its readout changed, its row is gone, or the
extractor now gives a different value than `old`) fails the build with a
message naming it, so corrections never rot silently when the parser
improves.  Every applied correction becomes a row of the `corrections` table.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ValidationError

from etl.errors import InputError, InputErrors, quote
from etl.source.hygiene import value_problem
from etl.source.models import STRICT, IsoDate, NonEmpty, Sha256, message
from etl.source.yamlfile import read_yaml
from etl.tables.schema import csv_text, fields, key_of, table_schema

CORRECTABLE_TABLES = ("meetings", "participants", "topics", "statements", "agreements")


class CorrectionItem(BaseModel):
    """One item of a corrections file as written; `old` and `new` are typed by the field later."""

    model_config = STRICT

    readout_sha256: Sha256
    table: NonEmpty
    id: NonEmpty
    field: NonEmpty
    old: object
    new: object
    who: NonEmpty
    why: NonEmpty
    date: IsoDate | None = None


REQUIRED = tuple(k for k, f in CorrectionItem.model_fields.items() if f.is_required())


@dataclass(frozen=True)
class Correction:
    file: Path
    line: int
    readout_sha256: str
    table: str
    id: str
    field: str
    old: object
    new: object
    who: str
    why: str

    @property
    def key(self) -> str:
        return f"{self.table}/{self.id}/{self.field}"

    def error(self, message: str, hint: str | None = None) -> InputError:
        return InputError(str(self.file), f"correction {self.key}: {message}", self.line, hint=hint)


def _protected(table: str) -> set[str]:
    """Keys and links: changing them would orphan other rows, so they are not corrected."""
    ts = table_schema(table)
    out = set(ts["primaryKey"]) | {"meeting_id"}
    out |= {f for fk in ts.get("foreignKeys", []) for f in fk["fields"]}
    return out


def _typed(value: object, kind: str) -> object:
    """A YAML value as the field's Python type; ValueError when it is not one."""
    if value is None:
        return None
    if kind == "string":
        if not isinstance(value, str):
            raise ValueError(f"expected text, got {quote(value)}")
        problem = value_problem(value)
        if problem:
            raise ValueError(problem)
        return value
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected an integer, got {quote(value)}")
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {quote(value)}")
        return value
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        try:
            return dt.date.fromisoformat(value if isinstance(value, str) else "?")
        except ValueError:
            raise ValueError(f"expected a date (YYYY-MM-DD), got {quote(value)}") from None
    raise ValueError(f"fields of type {kind} cannot be corrected")


def _keys_message(exc: ValidationError) -> str | None:
    """Missing and unknown keys together, as one message; None when the problem is elsewhere."""
    errors = exc.errors(include_url=False)
    missing = [str(e["loc"][0]) for e in errors if e["type"] == "missing"]
    unknown = [quote(str(e["loc"][0])) for e in errors if e["type"] == "extra_forbidden"]
    parts = [f"{what} {', '.join(keys)}" for what, keys in (("missing", missing), ("unknown", unknown)) if keys]
    return f"a correction with {'; '.join(parts)}" if parts else None


def _parse_item(path: Path, line: int, item: object) -> Correction:
    if not isinstance(item, dict):
        raise InputError(str(path), "each correction must be a mapping of keys to values", line)
    try:
        c = CorrectionItem.model_validate(item)
    except ValidationError as exc:
        keys = _keys_message(exc)
        if keys:
            raise InputError(str(path), keys, line, hint=f"keys: {', '.join(REQUIRED)}") from None
        raise InputError(str(path), message(exc)[0], line) from None
    if c.table not in CORRECTABLE_TABLES:
        hint = ", ".join(CORRECTABLE_TABLES)
        raise InputError(str(path), f"table {quote(c.table)} cannot be corrected", line, hint=hint)
    kinds = {f["name"]: f["type"] for f in fields(c.table)}
    if c.field not in kinds:
        raise InputError(str(path), f"{c.table} has no field {quote(c.field)}", line, hint=", ".join(kinds))
    if c.field in _protected(c.table):
        raise InputError(str(path), f"{c.table}.{c.field} is a key or a link and cannot be corrected", line)
    try:
        old, new = _typed(c.old, kinds[c.field]), _typed(c.new, kinds[c.field])
    except ValueError as exc:
        raise InputError(str(path), f"{c.table}.{c.field}: {exc}", line) from exc
    return Correction(path, line, c.readout_sha256, c.table, c.id, c.field, old, new, c.who, c.why)


def _not_allowed(c: Correction) -> InputError | None:
    """The new value breaks the field's constraints (allowed values, pattern, range, required)."""
    spec = next(f for f in fields(c.table) if f["name"] == c.field)
    rules, name, value = spec.get("constraints", {}), f"{c.table}.{c.field}", c.new
    if value is None:
        return c.error(f"{name} is required: new cannot be null") if rules.get("required") else None
    if "enum" in rules and value not in rules["enum"]:
        near = difflib.get_close_matches(str(value), rules["enum"], n=1)
        hint = f"one of {', '.join(rules['enum'])}" + (f"; did you mean {near[0]!r}?" if near else "")
        return c.error(f"new value {value!r} is not an allowed value of {name}", hint)
    if "pattern" in rules and not re.fullmatch(rules["pattern"].strip("^$"), str(value)):
        return c.error(f"new value {value!r} does not match the pattern of {name}", rules["pattern"])
    for key, word in (("minimum", "below"), ("maximum", "above")):
        if key in rules and (value < rules[key] if key == "minimum" else value > rules[key]):
            return c.error(f"new value {value!r} is {word} the {key} of {name} ({rules[key]})")
    return None


def load_file(path: Path, root: Path | None = None) -> list[Correction]:
    """The corrections of one file (a regular file; a link must stay inside root, by default its folder)."""
    doc = read_yaml(path, root or path.parent)
    if doc.data is None:
        return []
    if not isinstance(doc.data, list):
        raise InputError(str(path), "a corrections file is a list of corrections (each item starts with '- ')", 1)
    return [_parse_item(path, line, item) for line, item in zip(doc.item_lines(), doc.data)]


def load_corrections(folder: Path | None) -> list[Correction]:
    """Every correction under folder (none when it does not exist), checked for form, not yet for fit."""
    if folder is None or not folder.is_dir():
        return []
    out, errors = [], []
    for path in sorted([*folder.glob("*.yaml"), *folder.glob("*.yml")]):
        try:
            out.extend(load_file(path, folder))
        except InputError as exc:
            errors.append(exc)
    seen: dict[str, Correction] = {}
    for c in out:
        if problem := _not_allowed(c):
            errors.append(problem)
        if c.key in seen:
            other = seen[c.key]
            errors.append(c.error(f"corrects the same value as {other.file.name}:{other.line}", "keep one of them"))
        seen[c.key] = c
    if errors:
        raise InputErrors(errors)
    return out


def _unknown_id(c: Correction, rows: dict[str, dict], sha_of_meeting: dict[str, str]) -> InputError:
    """No row has the id: a typo, or the extractor cut the readout differently; name the nearest ids."""
    own = [k for k, r in rows.items() if sha_of_meeting.get(r["meeting_id"]) == c.readout_sha256]
    near = difflib.get_close_matches(c.id, own or list(rows), n=3, cutoff=0.5)
    hint = "if the id was right, the extractor now cuts this readout differently"
    return c.error(
        f"unknown id {c.id!r} in {c.table}", f"nearest: {', '.join(near)}; {hint}" if near else f"none is near; {hint}"
    )


def apply_corrections(rows: dict[str, list[dict]], corrections: list[Correction]) -> list[dict]:
    """Apply every correction to rows in place; the rows of the corrections table.

    Raises InputErrors listing every correction that no longer fits.
    """
    sha_of_meeting = {s["meeting_id"]: s["source_sha256"] for s in rows["sources"]}
    shas = set(sha_of_meeting.values())
    index: dict[str, dict[str, dict]] = {}
    out, errors = [], []
    for c in corrections:
        if c.readout_sha256 not in shas:
            errors.append(
                c.error(
                    f"its readout (SHA-256 {c.readout_sha256[:12]}…) is not among the readouts",
                    "the readout was changed or removed: review the correction against the current text",
                )
            )
            continue
        if c.table not in index:
            key = key_of(c.table)[0]
            index[c.table] = {r[key]: r for r in rows[c.table]}
        row = index[c.table].get(c.id)
        if row is None:
            errors.append(_unknown_id(c, index[c.table], sha_of_meeting))
            continue
        if sha_of_meeting.get(row["meeting_id"]) != c.readout_sha256:
            errors.append(c.error(f"the row belongs to another readout than {c.readout_sha256[:12]}…"))
            continue
        if row[c.field] != c.old:
            errors.append(
                c.error(
                    f"the extracted value is now {quote(csv_text(row[c.field]))}, not {quote(csv_text(c.old))}",
                    "the extractor changed: delete the correction if the new value is right, else update `old`",
                )
            )
            continue
        row[c.field] = c.new
        out.append(
            {
                "correction_id": c.key,
                "meeting_id": row["meeting_id"],
                "source_sha256": c.readout_sha256,
                "table_name": c.table,
                "row_id": c.id,
                "field_name": c.field,
                "extracted_value": csv_text(c.old),
                "corrected_value": csv_text(c.new),
                "reviewer": c.who,
                "reason": c.why,
                "correction_file": c.file.name,
            }
        )
    if errors:
        raise InputErrors(errors)
    return sorted(out, key=lambda r: r["correction_id"])
