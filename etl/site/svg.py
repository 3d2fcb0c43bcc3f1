"""Stacked bar charts as small hand-made SVG: no plotting library, no script, byte-identical every time.

Every bar segment has a <title> (its category, series and value), the chart a
<title> and <desc>, and the legend names every series in text, so the chart
reads without colour and with a screen reader.
"""

from __future__ import annotations

import math
from xml.sax.saxutils import escape

# Tableau 10 and two more: distinguishable, and dark enough for white-on-colour nowhere to matter
PALETTE = [
    "#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
    "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f3b5c", "#6b6b00",
]  # fmt: skip
WIDTH, HEIGHT = 720, 360
LEFT, RIGHT, TOP, BOTTOM = 56, 170, 40, 56


def _num(x: float) -> str:
    return f"{x:.1f}".rstrip("0").rstrip(".")


def _ticks(top: float, normalize: bool) -> list[float]:
    if normalize:
        return [0, 0.25, 0.5, 0.75, 1.0]
    if top <= 0:
        return [0, 1]
    step = 10 ** math.floor(math.log10(top))
    for mult in (1, 2, 5, 10):
        if top / (step * mult) <= 6:
            step *= mult
            break
    n = math.ceil(top / step)
    return [i * step for i in range(n + 1)]


def _label(v: float, normalize: bool) -> str:
    return f"{round(v * 100)}%" if normalize else _num(v)


def stacked_bars(
    title: str,
    description: str,
    categories: list[str],
    series: list[str],
    values: dict[tuple[str, str], float],
    y_title: str,
    normalize: bool = False,
) -> str:
    """A vertical stacked bar per category; with normalize, each bar is the shares of its total."""
    totals = {c: sum(values.get((c, s), 0) for s in series) for c in categories}
    ticks = _ticks(max(totals.values(), default=0), normalize)
    top = ticks[-1] or 1
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / max(1, len(categories))
    bar = min(48.0, slot * 0.7)
    colour = {s: PALETTE[i % len(PALETTE)] for i, s in enumerate(series)}

    def y(v: float) -> float:
        return TOP + plot_h - v / top * plot_h

    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" height="{HEIGHT}" '
        'role="img" aria-labelledby="chart-title chart-desc" font-family="sans-serif" font-size="12">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(description)}</desc>',
        f'<rect width="{WIDTH}" height="{HEIGHT}" fill="#ffffff"/>',
        f'<text x="{LEFT}" y="22" font-size="15" font-weight="bold" fill="#1a1a1a">{escape(title)}</text>',
    ]
    for t in ticks:
        ty = _num(y(t))
        out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{ty}" y2="{ty}" stroke="#d0d0d0"/>')
        tick = _label(t, normalize)
        out.append(f'<text x="{LEFT - 6}" y="{ty}" dy="4" text-anchor="end" fill="#1a1a1a">{tick}</text>')
    out.append(
        f'<text transform="translate(14 {_num(TOP + plot_h / 2)}) rotate(-90)" text-anchor="middle" '
        f'fill="#1a1a1a">{escape(y_title)}</text>'
    )
    every = max(1, math.ceil(len(categories) / 16))  # at most 16 labels under the bars
    for i, c in enumerate(categories):
        x = LEFT + slot * i + (slot - bar) / 2
        base = 0.0
        for s in series:
            v = values.get((c, s), 0)
            if not v:
                continue
            share = v / totals[c] if normalize else v
            shown = f"{_num(v)} ({round(share * 100)}%)" if normalize else _num(v)
            out.append(
                f'<rect x="{_num(x)}" y="{_num(y(base + share))}" width="{_num(bar)}" '
                f'height="{_num(y(base) - y(base + share))}" fill="{colour[s]}" stroke="#ffffff" '
                f'data-category="{escape(c)}" data-series="{escape(s)}" data-value="{_num(v)}">'
                f"<title>{escape(c)}, {escape(s)}: {shown}</title></rect>"
            )
            base += share
        if i % every == 0:
            out.append(
                f'<text x="{_num(x + bar / 2)}" y="{TOP + plot_h + 18}" text-anchor="middle" '
                f'fill="#1a1a1a">{escape(c)}</text>'
            )
    out.append(f'<line x1="{LEFT}" x2="{LEFT + plot_w}" y1="{TOP + plot_h}" y2="{TOP + plot_h}" stroke="#1a1a1a"/>')
    lx = WIDTH - RIGHT + 16
    for i, s in enumerate(series):
        ly = TOP + 18 * i
        out.append(f'<rect x="{lx}" y="{ly}" width="12" height="12" fill="{colour[s]}"/>')
        out.append(f'<text x="{lx + 18}" y="{ly + 10}" fill="#1a1a1a">{escape(s)}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"
