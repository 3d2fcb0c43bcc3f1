"""Is the committed package what a fresh build gives?  Rebuild into a temporary folder and diff."""

from __future__ import annotations

import difflib
import tempfile
from pathlib import Path

from .build import build
from .publish import DESCRIPTOR, DIST


def _files(root: Path) -> dict[str, Path]:
    out = {DESCRIPTOR: root / DESCRIPTOR} if (root / DESCRIPTOR).exists() else {}
    if (root / DIST).is_dir():
        out.update({f"{DIST}/{p.name}": p for p in sorted((root / DIST).iterdir()) if p.is_file()})
    return out


def stale_report(readouts: Path, published: Path, max_lines: int = 60) -> list[str]:
    """Lines describing every difference; empty when the package is up to date."""
    with tempfile.TemporaryDirectory() as tmp:
        build(readouts, Path(tmp))
        fresh, old = _files(Path(tmp)), _files(published)
        out: list[str] = []
        for name in sorted(set(fresh) | set(old)):
            if name not in old:
                out.append(f"missing from the committed package: {name}")
            elif name not in fresh:
                out.append(f"committed but no longer built: {name}")
            elif fresh[name].read_bytes() != old[name].read_bytes():
                out.append(f"differs: {name}")
                if name.endswith((".csv", ".json")):
                    diff = difflib.unified_diff(
                        old[name].read_text(encoding="utf-8").splitlines(),
                        fresh[name].read_text(encoding="utf-8").splitlines(),
                        f"committed/{name}",
                        f"rebuilt/{name}",
                        lineterm="",
                        n=1,
                    )
                    out.extend(list(diff)[:max_lines])
        return out
