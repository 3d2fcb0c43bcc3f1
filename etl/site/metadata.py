"""Datasette's metadata.json: title, licence, source and its terms, every table and column described.

Everything is taken from the package descriptor, whose descriptions come from
`schemas/`, so the site never says something the codebook does not.  Canned
queries answer the common questions without SQL.
"""

from __future__ import annotations

from etl.site.database import PAGE_COLUMN, PAGE_DESCRIPTION
from etl.site.links import DATABASE, PAGES
from etl.site.package import Package

SORT = {"meetings": "date", "statements": "statement_id", "agreements": "agreement_id"}
# shown first on each table page: the columns people filter by
FACETS = {"meetings": ["counterpart", "format", "level"], "statements": ["speaker_side", "act"]}

QUERIES = {
    "meetings_by_counterpart_and_year": {
        "title": "Meetings by counterpart and year",
        "description": "Meetings with one counterpart (a code: US, CN, EU …) in one year; leave either empty for all.",
        "sql": (
            "select meeting_id, date, counterpart, counterpart_name_ja, format, level, title, page\n"
            "from meetings\n"
            "where (:counterpart = '' or counterpart = upper(:counterpart))\n"
            "  and (:year = '' or substr(date, 1, 4) = :year)\n"
            "order by date, meeting_id"
        ),
    },
    "meeting_counts_by_counterpart_and_year": {
        "title": "Number of meetings per counterpart and year",
        "sql": (
            "select counterpart, counterpart_name_ja, substr(date, 1, 4) as year, count(*) as meetings\n"
            "from meetings group by counterpart, year order by year, counterpart"
        ),
    },
    "agreements_by_counterpart": {
        "title": "Agreements by counterpart",
        "description": "What was agreed with one counterpart (a code such as US), newest first; empty for all.",
        "sql": (
            "select m.date, m.counterpart, a.agreement_id, a.content, a.text, a.page\n"
            "from agreements a join meetings m on m.meeting_id = a.meeting_id\n"
            "where :counterpart = '' or m.counterpart = upper(:counterpart)\n"
            "order by m.date desc, a.agreement_id"
        ),
    },
    "statements_of_a_person": {
        "title": "A person's statements",
        "description": (
            "Statements whose speaker_name is the name given, or part of it (安倍 finds 安倍 and 安倍晋三 "
            "finds 安倍): readouts name speakers by surname and title, so people are matched by name as written."
        ),
        "sql": (
            "select m.date, m.counterpart, s.statement_id, s.speaker_side, s.speaker_name, s.act, s.text, s.page\n"
            "from statements s join meetings m on m.meeting_id = s.meeting_id\n"
            "where :name != '' and s.speaker_name is not null\n"
            "  and (instr(s.speaker_name, :name) > 0 or instr(:name, s.speaker_name) > 0)\n"
            "order by m.date, s.statement_id"
        ),
    },
}


def _description_html() -> str:
    return (
        "<p>Meetings, participants, topics, statements and agreements extracted from the readouts (概要) "
        "of Japan's Ministry of Foreign Affairs. Every row links to its <strong>annotated readout page</strong> "
        "(the <code>page</code> column), where the extraction is drawn on the text.</p>"
        f'<p><a href="/{PAGES}/index.html">Annotated readouts</a> · '
        f'<a href="/{PAGES}/plots.html">Plots</a> · '
        f'<a href="/{DATABASE}">Tables and canned queries</a></p>'
        "<p>Full-text search on statements and agreements matches runs of three characters or more "
        "(日米同盟, not 日米); for shorter text filter a column with <em>contains</em>.</p>"
    )


def _table(res: dict) -> dict:
    schema = res["schema"]
    columns = {f["name"]: f.get("description", "") for f in schema["fields"]}
    columns[PAGE_COLUMN] = PAGE_DESCRIPTION
    out: dict = {"description": schema.get("description") or res.get("description", ""), "columns": columns}
    name = res["name"]
    if name in SORT:
        out["sort"] = SORT[name]
    if name in FACETS:
        out["facets"] = FACETS[name]
    return out


def datasette_metadata(package: Package) -> dict:
    d = package.descriptor
    licence = d["licenses"][0]
    source = d["sources"][0]
    return {
        "title": d["title"],
        "description_html": _description_html(),
        "license": licence.get("title") or licence["name"],
        "license_url": licence.get("path"),
        "source": source["title"],
        "source_url": source.get("path"),
        "about": f"{d['name']} {d['version']}: the data package this site is built from",
        "databases": {
            DATABASE: {
                "description": d.get("description", ""),
                "tables": {res["name"]: _table(res) for res in package.tables},
                "queries": QUERIES,
            }
        },
    }
