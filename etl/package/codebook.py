"""docs/codebook.md: every table and field of the package, generated from `schemas/` and the data.

The build writes it beside `datapackage.json`, so the staleness check covers it
like the tables: nobody edits it by hand.
"""

from __future__ import annotations

from collections.abc import Iterator

import pyarrow

from etl.extract.plover import rules as plover_rules
from etl.tables.schema import TABLES, csv_text, package_metadata, table_schema

CODEBOOK = "docs/codebook.md"
_EXAMPLE_WIDTH = 40


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", "⏎")


def _values(rows: list[dict] | pyarrow.Table, name: str) -> Iterator[object]:
    """The values of one field, in row order; an Arrow table is read a slice at a time."""
    if isinstance(rows, pyarrow.Table):
        column = rows.column(name)
        for start in range(0, len(column), 256):
            yield from column.slice(start, 256).to_pylist()
    else:
        yield from (row.get(name) for row in rows)


def _example(rows: list[dict] | pyarrow.Table, name: str) -> str:
    for value in _values(rows, name):
        text = csv_text(value)
        if text:
            short = text if len(text) <= _EXAMPLE_WIDTH else text[: _EXAMPLE_WIDTH - 1] + "…"
            return f"`{_cell(short)}`"
    return ""


def _constraints(field: dict) -> str:
    c = field.get("constraints", {})
    out = []
    if c.get("unique"):
        out.append("unique")
    if "enum" in c:
        out.append("one of " + ", ".join(f"`{v}`" for v in c["enum"]))
    if "pattern" in c:
        out.append(f"matches `{_cell(c['pattern'])}`")
    for key, word in (("minimum", "≥"), ("maximum", "≤"), ("minLength", "length ≥"), ("maxLength", "length ≤")):
        if key in c:
            out.append(f"{word} {c[key]}")
    return "; ".join(out)


def _table_section(table: str, rows: list[dict] | pyarrow.Table) -> list[str]:
    ts = table_schema(table)
    links = [
        f"`{', '.join(fk['fields'])}` → `{fk['reference']['resource']}.{', '.join(fk['reference']['fields'])}`"
        for fk in ts.get("foreignKeys", [])
    ]
    out = [
        f"## {table}",
        "",
        ts["description"],
        "",
        f"Files: `dist/{table}.csv`, `dist/{table}.parquet`. Rows in this release: {len(rows)}. "
        f"Primary key: `{', '.join(ts['primaryKey'])}`." + (f" Links: {'; '.join(links)}." if links else ""),
        "",
        "| field | type | required | meaning | constraints | example |",
        "|---|---|---|---|---|---|",
    ]
    for f in ts["fields"]:
        required = "yes" if f.get("constraints", {}).get("required") else ""
        out.append(
            f"| `{f['name']}` | {f['type']} | {required} | {_cell(f['description'])} | {_constraints(f)} "
            f"| {_example(rows, f['name'])} |"
        )
    return [*out, ""]


def codebook(rows: dict[str, list[dict]] | dict[str, pyarrow.Table], version: str | None = None) -> str:
    """The codebook of the tables, given as rows or as Arrow tables."""
    meta = package_metadata() | ({"version": version} if version else {})
    lines = [
        f"# Codebook: {meta['title']} ({meta['name']} {meta['version']})",
        "",
        "Generated from `schemas/*.schema.json` and the built tables by `python -m etl build`;",
        "do not edit it by hand. Examples are the first non-empty value of each field.",
        "What counts as a meeting, participant, topic, statement, act and agreement, and what",
        "an agreement's content is: [annotation.md](annotation.md).",
        "CSV and Parquet files carry the same rows; in CSV, a missing value is an empty cell",
        'and an empty text is `""`.',
        "",
        "Tables: " + ", ".join(f"[{t}](#{t})" for t in TABLES) + ".",
        "",
    ]
    for table in TABLES:
        lines += _table_section(table, rows.get(table, []))
    lines += _plover_section()
    return "\n".join(lines).rstrip("\n") + "\n"


def _plover_section() -> list[str]:
    """The PLOVER mapping, read from the rules file the extractor uses, and its limits."""
    out = [
        "## PLOVER event types",
        "",
        "`statements.plover` comes from the first row of `etl/extract/rules/plover.csv` whose act matches",
        "(`*`: any) and whose pattern, if any, occurs in the statement's text:",
        "",
        "| act | pattern | PLOVER |",
        "|---|---|---|",
    ]
    out += [f"| {r.act} | {_cell(r.pattern.pattern if r.pattern else '')} | {r.plover} |" for r in plover_rules()]
    return [
        *out,
        "",
        "Limits: PLOVER has no type for a plain statement, an explanation or a discussion, so those stay",
        "empty; a keyword counts wherever it stands in the statement, also in reported speech (旨述べた);",
        "a proposal is coded REQUEST. `meetings.plover_mode` is the mode of the CONSULT event the meeting",
        "itself is (phone, video, host, visit, third_party).",
        "",
    ]
