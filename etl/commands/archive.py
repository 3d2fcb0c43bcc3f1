"""The release archive: dist/<name>-<version>.zip of the package, byte for byte reproducible."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

from etl.package.codebook import CODEBOOK
from etl.package.publish import DESCRIPTOR, DIST

ARCHIVE_EXTRAS = ("README.md", "LICENSE", "CHANGELOG.md", "CITATION.cff", CODEBOOK, "docs/annotation.md")


def archive_members(root: Path) -> list[str]:
    descriptor = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))
    members = [DESCRIPTOR, *sorted(r["path"] for r in descriptor["resources"])]
    return members + [name for name in ARCHIVE_EXTRAS if (root / name).exists()]


def make_archive(root: Path, name: str, version: str) -> tuple[Path, str]:
    """dist/<name>-<version>.zip and its SHA-256 file; the same files give the same bytes.

    Members are sorted, stamped with the package's `created` date instead of
    file times, and stored with fixed permissions and compression.
    """
    created = json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))["created"][:10]
    stamp = (*dt.date.fromisoformat(created).timetuple()[:3], 0, 0, 0)
    target = root / DIST / f"{name}-{version}.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for member in archive_members(root):
            info = zipfile.ZipInfo(f"{name}-{version}/{member}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever machine makes it
            zf.writestr(info, (root / member).read_bytes(), compresslevel=9)
    target.write_bytes(buf.getvalue())
    digest = hashlib.sha256(buf.getvalue()).hexdigest()
    Path(f"{target}.sha256").write_text(f"{digest}  {target.name}\n", encoding="utf-8")
    return target, digest
