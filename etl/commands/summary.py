"""A compact, readable summary of what was extracted from one readout."""

from __future__ import annotations

from etl.run.parse import Parsed


def summary(p: Parsed) -> str:
    r = p.rows
    m = r["meetings"][0]
    lines = [
        f"{p.file}: {m['meeting_id']}",
        f"  {m['date']} {m['counterpart'] or '?'} {m['format']}/{m['level']}"
        f" start={m['start_time'] or '-'} duration={m['duration_minutes'] or '-'}",
        "  participants:",
    ]
    lines += [f"    {x['side']} {x['role']:<9} {x['name']} {x['title'] or ''}" for x in r["participants"]]
    lines.append("  topics:" + ("" if r["topics"] else " (none)"))
    lines += [f"    {'  ' * (t['depth'] - 1)}{t['label'] or ''}{t['heading']}" for t in r["topics"]]
    lines.append("  statements (line, speaker side, * = speaker inferred, act):")
    for s in r["statements"]:
        flag = "*" if s["speaker_inferred"] else " "
        line = f"L{s['source_line']}"
        lines.append(f"    {line:<5}{s['speaker_side'] or '?':<5}{flag}{s['act']:<10} {s['text'][:50]}")
    lines.append(f"  agreements: {len(r['agreements'])}")
    lines += [f"    - {a['content'][:60]}" for a in r["agreements"]]
    return "\n".join(lines)
