"""Where things are on the site: the annotated pages under /pages/, the Datasette rows under /readouts/."""

from __future__ import annotations

from dataclasses import dataclass

DATABASE = "readouts"  # the SQLite file is readouts.db, and Datasette serves it as /readouts
PAGES = "pages"  # static folder of the annotated pages, served by Datasette at /pages/
ANCHOR_KEY = {  # the page element a row of each table links to (other tables: the page itself)
    "participants": "participant_id",
    "topics": "topic_id",
    "statements": "statement_id",
    "agreements": "agreement_id",
    "corrections": "row_id",
    "statement_alignments": "statement_id",
    "mentions": "statement_id",
}


def page_name(meeting_id: str) -> str:
    return f"{meeting_id}.html"


def page_url(table: str, row: dict) -> str | None:
    """The annotated page of the row's meeting, at the row's own element where it has one;
    None for a row of no meeting."""
    if not row.get("meeting_id"):
        return None
    url = f"/{PAGES}/{page_name(row['meeting_id'])}"
    key = ANCHOR_KEY.get(table)
    return f"{url}#{row[key]}" if key and row.get(key) else url


@dataclass(frozen=True)
class Links:
    """Links an annotated page makes: to Datasette rows when served, to nothing when opened as a file."""

    served: bool

    def row(self, table: str, key: str) -> str | None:
        return f"/{DATABASE}/{table}/{key}" if self.served else None

    @property
    def home(self) -> str | None:
        return "/" if self.served else None

    @property
    def index(self) -> str | None:
        return "index.html" if self.served else None

    @property
    def plots(self) -> str | None:
        return "plots.html" if self.served else None
