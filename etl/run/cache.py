"""A cache of parsed readouts, so a rebuild only parses what changed.

An entry is keyed by everything its rows depend on: the SHA-256 of the raw
readout, of its sidecar and its file name, and a fingerprint of the extractor
(`EXTRACTOR_VERSION` plus the bytes of the `etl` package and its
vocabularies).  Editing extraction code or a vocabulary therefore empties the
cache by itself; nobody has to remember to bump a version for correctness.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from functools import cache
from pathlib import Path

from etl import EXTRACTOR_VERSION

PACKAGE = Path(__file__).resolve().parents[1]  # the etl package
DEFAULT_FOLDER = ".cache/parse"  # under the output folder


@cache
def extractor_fingerprint() -> str:
    digest = hashlib.sha256(EXTRACTOR_VERSION.encode())
    for path in sorted(p for p in PACKAGE.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(path.relative_to(PACKAGE).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def entry_key(raw: bytes, sidecar: bytes | None, file_name: str) -> str:
    digest = hashlib.sha256()
    for part in (extractor_fingerprint().encode(), hashlib.sha256(raw).digest(), file_name.encode()):
        digest.update(part)
        digest.update(b"\0")
    digest.update(hashlib.sha256(sidecar).digest() if sidecar is not None else b"-")
    return digest.hexdigest()


class ParseCache:
    """One pickle file per entry under `folder`; entries are written atomically."""

    def __init__(self, folder: Path):
        self.folder = folder

    def _path(self, key: str) -> Path:
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> object | None:
        try:
            with open(self._path(key), "rb") as fh:
                return pickle.load(fh)
        except (OSError, pickle.UnpicklingError, EOFError):
            return None

    def put(self, key: str, value: object) -> None:
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)

    def prune(self, keep: set[str]) -> int:
        """Delete entries not in keep (readouts removed or parsed by older code); how many went."""
        gone = 0
        for path in self.folder.glob("*/*.pickle"):
            if path.stem not in keep:
                path.unlink(missing_ok=True)
                gone += 1
        return gone
