"""Three plots of the package, each as a Vega-Lite spec with its data inline and as static SVG.

The SVG is drawn here (svg.py) from the same numbers as the spec, so the site
needs no script and no network; the spec opens in any Vega-Lite viewer.  A
meeting read in two languages counts once, by its Japanese readout.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from etl.site.page import side_class
from etl.site.svg import stacked_bars

VEGA_LITE = "https://vega.github.io/schema/vega-lite/v5.json"
MAX_SERIES = 11  # counterparts beyond the most frequent ones are drawn together as "other"
SIDES = {"jp": "JP", "other": "counterpart", "joint": "joint", "unknown": "unknown"}


@dataclass
class Chart:
    name: str
    title: str
    description: str
    spec: dict
    svg: str
    columns: list[str]  # of the data table shown beside the chart
    data: list[dict]


def _years(meetings: list[dict]) -> list[str]:
    years = sorted({m["date"].year for m in meetings})
    return [str(y) for y in range(years[0], years[-1] + 1)] if years else []


def _chart(name, title, description, columns, data, encoding, y_title, order=None, normalize=False) -> Chart:
    """columns: category, series (None for one series) and value; order: of the series, in the legend."""
    cat, ser, val = columns
    categories = list(dict.fromkeys(d[cat] for d in data))
    series = [s for s in order if any(d[ser] == s for d in data)] if ser else [val]
    values = {(d[cat], d[ser] if ser else val): d[val] for d in data}
    spec = {
        "$schema": VEGA_LITE,
        "title": title,
        "description": description,
        "width": 480,
        "height": 280,
        "data": {"values": data},
        "mark": {"type": "bar", "tooltip": True},
        "encoding": encoding,
    }
    svg = stacked_bars(title, description, categories, series, values, y_title, normalize)
    return Chart(name, title, description, spec, svg, [c for c in columns if c], data)


def meetings_per_year(meetings: list[dict]) -> Chart:
    by_party = Counter(m["counterpart"] or "unknown" for m in meetings)
    kept = {c for c, _ in sorted(by_party.items(), key=lambda x: (-x[1], x[0]))[:MAX_SERIES]}
    counts = Counter((str(m["date"].year), m["counterpart"] if m["counterpart"] in kept else "other") for m in meetings)
    order = sorted({c for _, c in counts}, key=lambda c: (c == "other", -by_party.get(c, 0), c))
    data = [
        {"year": y, "counterpart": c, "meetings": counts[(y, c)]}
        for y in _years(meetings)
        for c in order
        if counts[(y, c)] or c == order[0]
    ]
    return _chart(
        "meetings-per-year",
        "Meetings per year by counterpart",
        "Number of meetings in the package in each year, stacked by counterpart.",
        ["year", "counterpart", "meetings"],
        data,
        {
            "x": {"field": "year", "type": "ordinal", "title": "year"},
            "y": {"field": "meetings", "type": "quantitative", "stack": "zero", "title": "meetings"},
            "color": {"field": "counterpart", "type": "nominal", "sort": order},
        },
        "meetings",
        order,
    )


def agreements_per_year(meetings: list[dict], agreements: list[dict]) -> Chart:
    year = {m["meeting_id"]: str(m["date"].year) for m in meetings}
    counts = Counter(year[a["meeting_id"]] for a in agreements)
    data = [{"year": y, "agreements": counts[y]} for y in _years(meetings)]
    return _chart(
        "agreements-per-year",
        "Agreements per year",
        "Number of agreements (statements recording a shared outcome) in the meetings of each year.",
        ["year", None, "agreements"],
        data,
        {
            "x": {"field": "year", "type": "ordinal", "title": "year"},
            "y": {"field": "agreements", "type": "quantitative", "title": "agreements"},
        },
        "agreements",
    )


def acts_by_side(statements: list[dict], acts: list[str]) -> Chart:
    counts = Counter((SIDES[side_class(s["speaker_side"])], s["act"]) for s in statements)
    sides = [s for s in SIDES.values() if any(k[0] == s for k in counts)]
    data = [{"side": s, "act": a, "statements": counts[(s, a)]} for s in sides for a in acts if counts[(s, a)]]
    return _chart(
        "acts-by-side",
        "Share of each speech act by side",
        "For each side (Japan, the counterpart, both together, unknown), the share of its statements per speech act.",
        ["side", "act", "statements"],
        data,
        {
            "x": {"field": "side", "type": "nominal", "sort": sides, "title": "speaker side"},
            "y": {"field": "statements", "type": "quantitative", "stack": "normalize", "title": "share of statements"},
            "color": {"field": "act", "type": "nominal", "sort": acts},
        },
        "share of statements",
        acts,
        normalize=True,
    )


def once_per_meeting(meetings: list[dict]) -> set[str]:
    """meeting_ids counting each meeting once: of a meeting read in two languages (same date, counterpart
    and format), the Japanese readout."""
    chosen: dict[tuple, dict] = {}
    for m in sorted(meetings, key=lambda m: (m.get("language") != "ja", m["meeting_id"])):
        chosen.setdefault((m["date"], m["counterpart"], m["format"]), m)
    return {m["meeting_id"] for m in chosen.values()}


def charts(rows: dict[str, list[dict]], acts: list[str]) -> list[Chart]:
    keep = once_per_meeting(rows["meetings"])
    meetings = [m for m in rows["meetings"] if m["meeting_id"] in keep]
    return [
        meetings_per_year(meetings),
        agreements_per_year(meetings, [a for a in rows["agreements"] if a["meeting_id"] in keep]),
        acts_by_side([s for s in rows["statements"] if s["meeting_id"] in keep], acts),
    ]
