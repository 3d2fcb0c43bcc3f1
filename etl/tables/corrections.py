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

from etl.errors import InputError, InputErrors
from etl.source.yamlfile import load_yaml
from etl.tables.schema import csv_text, fields, key_of, table_schema

REQUIRED = ("readout_sha256", "table", "id", "field", "old", "new", "who", "why")
OPTIONAL = ("date",)
CORRECTABLE_TABLES = ("meetings", "participants", "topics", "statements", "agreements")


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
            raise ValueError(f"expected text, got {value!r}")
        return value
    if kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(f"expected an integer, got {value!r}")
        return value
    if kind == "boolean":
        if not isinstance(value, bool):
            raise ValueError(f"expected true or false, got {value!r}")
        return value
    if kind == "date":
        if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
            return value
        return dt.date.fromisoformat(str(value))
    raise ValueError(f"fields of type {kind} cannot be corrected")


def _parse_item(path: Path, line: int, item: object) -> Correction:
    if not isinstance(item, dict):
        raise InputError(str(path), "each correction must be a mapping of keys to values", line)
    missing = [k for k in REQUIRED if k not in item]
    unknown = [k for k in item if k not in REQUIRED + OPTIONAL]
    if missing or unknown:
        what = "; ".join(
            x for x in (f"missing {', '.join(missing)}" if missing else "", f"unknown {', '.join(unknown)}") if x
        )
        raise InputError(str(path), f"a correction with {what}", line, hint=f"keys: {', '.join(REQUIRED)}")
    table, field_name = item["table"], item["field"]
    if table not in CORRECTABLE_TABLES:
        raise InputError(str(path), f"table {table!r} cannot be corrected", line, hint=", ".join(CORRECTABLE_TABLES))
    kinds = {f["name"]: f["type"] for f in fields(table)}
    if field_name not in kinds:
        raise InputError(str(path), f"{table} has no field {field_name!r}", line, hint=", ".join(kinds))
    if field_name in _protected(table):
        raise InputError(str(path), f"{table}.{field_name} is a key or a link and cannot be corrected", line)
    for key in ("readout_sha256", "id", "who", "why"):
        if not isinstance(item[key], str) or not item[key].strip():
            raise InputError(str(path), f"{key} must be non-empty text", line)
    try:
        old, new = _typed(item["old"], kinds[field_name]), _typed(item["new"], kinds[field_name])
    except ValueError as exc:
        raise InputError(str(path), f"{table}.{field_name}: {exc}", line) from exc
    return Correction(
        path, line, item["readout_sha256"], table, item["id"], field_name, old, new, item["who"], item["why"]
    )


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


def load_file(path: Path) -> list[Correction]:
    doc = load_yaml(path, path.read_bytes())
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
            out.extend(load_file(path))
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
                    f"the extracted value is now {csv_text(row[c.field])!r}, not {csv_text(c.old)!r}",
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
