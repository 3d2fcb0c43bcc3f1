"""The release archive: dist/<name>-<version>.zip and its .sha256, the same bytes from the same files."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

from etl.package.codebook import CODEBOOK
from etl.package.publish import DESCRIPTOR, DIST
from etl.source.files import write_atomic

CHANGELOG = "CHANGELOG.md"
CITATION = "CITATION.cff"
ARCHIVE_EXTRAS = ("README.md", "LICENSE", CHANGELOG, CITATION, CODEBOOK, "docs/annotation.md")


def _source(root: Path, staged: Path | None, member: str) -> Path:
    """A member from the staged release when it is there, else from the published project."""
    return staged / member if staged is not None and (staged / member).is_file() else root / member


def archive_members(root: Path, staged: Path | None = None) -> list[str]:
    descriptor = json.loads(_source(root, staged, DESCRIPTOR).read_text(encoding="utf-8"))
    members = [DESCRIPTOR, *sorted(r["path"] for r in descriptor["resources"])]
    return members + [name for name in ARCHIVE_EXTRAS if _source(root, staged, name).exists()]


def make_archive(root: Path, name: str, version: str, staged: Path | None = None) -> tuple[Path, str]:
    """<root or staged>/dist/<name>-<version>.zip and its SHA-256 file; the same files give the same bytes.

    Members come from `staged` (a release being prepared) where it has them,
    else from root.  They are sorted, stamped with the package's `created`
    date instead of file times, and stored with fixed permissions and compression.
    """
    created = json.loads(_source(root, staged, DESCRIPTOR).read_text(encoding="utf-8"))["created"][:10]
    stamp = (*dt.date.fromisoformat(created).timetuple()[:3], 0, 0, 0)
    target = (staged or root) / DIST / f"{name}-{version}.zip"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for member in archive_members(root, staged):
            info = zipfile.ZipInfo(f"{name}-{version}/{member}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3  # unix, whatever machine makes it
            zf.writestr(info, _source(root, staged, member).read_bytes(), compresslevel=9)
    write_atomic(target, buf.getvalue())
    digest = hashlib.sha256(buf.getvalue()).hexdigest()
    write_atomic(Path(f"{target}.sha256"), f"{digest}  {target.name}\n".encode())
    return target, digest
