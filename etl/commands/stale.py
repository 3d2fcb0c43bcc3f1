"""Is the committed package what a fresh build gives?  Rebuild into a temporary folder and diff."""

from __future__ import annotations

import difflib
import tempfile
from pathlib import Path

from etl.commands.record import release_day
from etl.package.codebook import CODEBOOK
from etl.package.publish import DESCRIPTOR, DIST, release_archives
from etl.run.build import build


def _files(root: Path) -> dict[str, Path]:
    """Every file a build writes; release archives in dist/ are made by `etl release`, not compared."""
    out = {name: root / name for name in (DESCRIPTOR, CODEBOOK) if (root / name).exists()}
    if (root / DIST).is_dir():
        archives = set(release_archives(root / DIST))
        out.update(
            {f"{DIST}/{p.name}": p for p in sorted((root / DIST).iterdir()) if p.is_file() and p not in archives}
        )
    return out


def stale_report(readouts: Path, published: Path, corrections: Path | None = None, max_lines: int = 60) -> list[str]:
    """Lines describing every difference; empty when the package is up to date."""
    with tempfile.TemporaryDirectory() as tmp:
        build(readouts, Path(tmp), corrections=corrections, released=release_day(published))
        fresh, old = _files(Path(tmp)), _files(published)
        out: list[str] = []
        for name in sorted(set(fresh) | set(old)):
            if name not in old:
                out.append(f"missing from the committed package: {name}")
            elif name not in fresh:
                out.append(f"committed but no longer built: {name}")
            elif fresh[name].read_bytes() != old[name].read_bytes():
                out.append(f"differs: {name}")
                if name.endswith((".csv", ".json", ".md")):
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
