"""Datasette template overrides: the `page` column as a link to the annotated readout page.

Datasette links a value only when it is an http(s) URL, and the site's pages
live on the same server under /pages/.  Rather than keep copies of Datasette's
templates, the two that draw result cells (`_table.html` for table and row
pages, `query.html` for SQL and canned queries) are read from the installed
Datasette and changed in that one place; a Datasette whose templates no longer
have that line fails the site build loudly instead of losing the links.
`base.html` gains the page language, which Datasette 0.65 leaves out.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

LINK = '<a href="{url}">annotated page</a>'
CHANGES = {
    "base.html": ("<html>", '<html lang="en">'),  # axe: a page must name its language
    "_table.html": (
        '<td class="col-{{ cell.column|to_css_class }} type-{{ cell.value_type }}">{{ cell.value }}</td>',
        '<td class="col-{{ cell.column|to_css_class }} type-{{ cell.value_type }}">'
        '{% if cell.column == "page" and cell.raw %}' + LINK.format(url="{{ cell.raw }}") + "{% else %}"
        "{{ cell.value }}{% endif %}</td>",
    ),
    "query.html": (
        '<td class="col-{{ column|to_css_class }}">{{ td }}</td>',
        '<td class="col-{{ column|to_css_class }}">'
        '{% if column == "page" and td and td.startswith("/pages/") %}' + LINK.format(url="{{ td }}") + "{% else %}"
        "{{ td }}{% endif %}</td>",
    ),
}


class DatasetteChanged(Exception):
    """The installed Datasette's templates are not the ones the overrides were written for."""


def write_overrides(folder: Path) -> list[Path]:
    source = resources.files("datasette") / "templates"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, (old, new) in CHANGES.items():
        text = (source / name).read_text(encoding="utf-8")
        if text.count(old) != 1:
            raise DatasetteChanged(f"datasette/templates/{name} no longer has the cell line the site changes: {old}")
        (folder / name).write_text(text.replace(old, new), encoding="utf-8")
        written.append(folder / name)
    return written
