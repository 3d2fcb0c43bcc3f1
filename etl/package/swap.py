"""Swap a staged package into the output folder: readers and crashes see the old package or the new one.

A build (or a release) writes everything into `<out>/.staging/` first, made
fresh by `new_staging` and stamped with `.etl-staging`.  `publish` checks
that every path it will replace can be replaced, writes the marker
`<out>/.publish-pending` atomically (temporary file, fsync, rename), then
moves the staged files into place.  A process killed after the marker was
written leaves it behind, and `recover` (run by every build and release,
under the checkout lock) finishes the moves.

The marker is checked before it is used: it must name the staging folder
of this output folder, which must be a real folder made by a build.
Anything else (an empty marker, as a full disk used to leave, a path, a
link) is refused with a message, and nothing is moved or removed.  Only the
build's own paths are ever moved or removed: the stamped staging folder,
`.dist-old`, `dist/` as a whole and the files named in `FILES`; a staging
folder holding anything else is refused.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

from etl.errors import PathError, on_path, quote
from etl.package.codebook import CODEBOOK
from etl.source.files import lexists, sync_folder, write_atomic

DIST = "dist"
DESCRIPTOR = "datapackage.json"
STAGING = ".staging"
MARKER = ".publish-pending"
OLD = ".dist-old"
STAMP = ".etl-staging"  # inside a staging folder: a build made it
RELEASE_FILES = ("CHANGELOG.md", "CITATION.cff", "schemas/package.json", "releases/released.json")
RELEASE_FILES += ("releases/released-rows.csv",)
FILES = (DESCRIPTOR, CODEBOOK, *RELEASE_FILES)  # published one by one, beside dist/ (published as a whole)
_DIST_FILE = re.compile(r"[a-z_]+\.(csv|parquet)|[A-Za-z0-9._-]+\.zip(\.sha256)?")
_UNLOCKED = "no build is running (the checkout lock is free)"


def release_archives(folder: Path) -> list[Path]:
    """Release zips and their checksums in dist/: made by `etl release`, not by the build."""
    return sorted(p for p in folder.glob("*.zip*") if p.suffix in (".zip", ".sha256"))


def _ours(folder: Path) -> bool:
    """A real folder (not a link) that a build made: stamped, or still empty."""
    if folder.is_symlink() or not folder.is_dir():
        return False
    return (folder / STAMP).is_file() or not any(folder.iterdir())


def _remove(folder: Path, what: str, stamped: bool = True) -> None:
    """Remove a folder of the build's own: a real folder (never a link), stamped unless `stamped` is False."""
    if not lexists(folder):
        return
    if folder.is_symlink() or not folder.is_dir() or (stamped and not _ours(folder)):
        raise PathError(str(folder), f"{what}, but not one a build made", hint="move it away, then run again")
    with on_path(folder):
        shutil.rmtree(folder)


def remove_staging(out: Path) -> None:
    _remove(out / STAGING, "a staging folder")


@contextlib.contextmanager
def discard_staging_on_error(out: Path) -> Iterator[None]:
    """Remove the staging folder when the block fails: before `publish` writes the marker, nothing is published."""
    try:
        yield
    except BaseException:
        with contextlib.suppress(PathError):
            remove_staging(out)
        raise


def new_staging(out: Path) -> Path:
    """A fresh, stamped staging folder with an empty dist/ (an older one of a failed build is removed)."""
    staging = out / STAGING
    remove_staging(out)
    with on_path(staging):
        staging.mkdir()
        (staging / STAMP).write_bytes(b"made by `python -m etl`: the next build removes it\n")
        (staging / DIST).mkdir()
    return staging


_FOLDERS = {DIST, *(str(Path(f).parent) for f in FILES if "/" in f)}


def _check_staged(staging: Path) -> None:
    """Refuse a staging folder holding anything a build does not make (and would then move into the checkout)."""
    for path in sorted(staging.rglob("*")):
        rel = path.relative_to(staging).as_posix()
        if path.parent == staging / DIST:
            ok = _DIST_FILE.fullmatch(path.name) is not None and path.is_file()
        elif rel in _FOLDERS:
            ok = path.is_dir()
        else:
            ok = rel in (STAMP, *FILES) and path.is_file()
        if not ok or path.is_symlink():
            raise PathError(
                str(path), "found in the staging folder but not made by a build", hint=f"{_UNLOCKED}: remove {staging}"
            )


def read_marker(out: Path) -> Path:
    """The staging folder the marker names, once it is checked; PathError for anything else."""
    marker = out / MARKER
    hint = f"{_UNLOCKED}: delete {marker} (and {out / STAGING} if it is there), then build again"
    if marker.is_symlink() or not marker.is_file():
        raise PathError(str(marker), "not a regular file", hint=hint)
    with on_path(marker):
        raw = marker.read_bytes()[:200]
    name = raw.decode("utf-8", errors="replace").strip()
    if name != STAGING:
        what = "is empty" if not name else f"names {quote(name)}"
        raise PathError(str(marker), f"{what}, not this folder's staging folder {STAGING}", hint=hint)
    staging = out / STAGING
    if lexists(staging) and not _ours(staging):
        raise PathError(str(staging), "named by the marker but not a staging folder made by a build", hint=hint)
    return staging


def _writable(folder: Path) -> None:
    if lexists(folder) and (folder.is_symlink() or not folder.is_dir()):
        raise PathError(str(folder), "not a folder", hint="the build replaces it as a folder: move it away")
    if folder.is_dir() and not os.access(folder, os.W_OK):
        raise PathError(str(folder), "not writable", hint="make it writable (chmod u+w), then run again")


def _preflight(out: Path, staging: Path) -> None:
    """Before the marker: every folder the swap writes must be writable, and no old dist/ may be left over."""
    _writable(out)
    if (staging / DIST).is_dir():
        _writable(out / DIST)
    for rel in FILES:
        if (staging / rel).is_file():
            _writable((out / rel).parent)
            if (out / rel).is_dir() or (out / rel).is_symlink():
                raise PathError(str(out / rel), "not a regular file", hint="the build replaces it: move it away")
    _remove(out / OLD, "the previous dist/ of a build", stamped=False)


def publish(staging: Path, out: Path) -> None:
    """Swap everything staged into out, behind the marker."""
    with discard_staging_on_error(out):  # until the marker is there, nothing is published
        _check_staged(staging)
        _preflight(out, staging)
        write_atomic(out / MARKER, f"{staging.name}\n".encode())
    _finish(out)


def _drop_marker_drafts(out: Path) -> None:
    """Temporary files of a marker write that a kill interrupted (see `write_atomic`)."""
    for draft in out.glob(f".{MARKER}.*.tmp"):
        ours = re.fullmatch(rf"\.{re.escape(MARKER)}\.[0-9]+\.tmp", draft.name) is not None
        if ours and draft.is_file() and not draft.is_symlink():
            with on_path(draft):
                draft.unlink()


def recover(out: Path) -> bool:
    """Finish a publish that a killed process left half done. True when there was one."""
    _drop_marker_drafts(out)
    if not lexists(out / MARKER):
        remove_staging(out)  # an unfinished build never started publishing: drop it
        return False
    _finish(out)
    return True


def _finish(out: Path) -> None:
    """Idempotent: each step is skipped once done, so it can be re-run after a kill."""
    staging = read_marker(out)
    if lexists(staging):
        _check_staged(staging)
    old, dist = out / OLD, out / DIST
    if (staging / DIST).is_dir():
        if dist.is_dir():
            for archive in release_archives(dist):  # releases are not rebuilt: keep them
                if not lexists(staging / DIST / archive.name):
                    with on_path(archive):
                        os.replace(archive, staging / DIST / archive.name)
            _remove(old, "the previous dist/ of a build", stamped=False)
            with on_path(dist):
                os.replace(dist, old)
        with on_path(dist):
            os.replace(staging / DIST, dist)
    for rel in FILES:
        if (staging / rel).is_file():
            with on_path(out / rel):
                (out / rel).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / rel, out / rel)
    with on_path(out / MARKER):
        (out / MARKER).unlink()
    sync_folder(out)
    with contextlib.suppress(PathError):  # published all the same; the next build removes them, or says why not
        _remove(old, "the previous dist/ of a build", stamped=False)
        _remove(staging, "a staging folder")
