"""Taking a fetched page into readouts/: its raw bytes under the canonical name, with a sidecar of provenance.

A page is taken only when the build could read it: it is first written
under a hidden temporary name (which the build ignores), parsed like any
readout, and checked against readouts/ (same SHA-256, same meeting); only
then are the sidecar and the page renamed into place, the page last.  A
failure at any point leaves readouts/ as it was.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from pathlib import Path

import yaml

from etl.commands.add import canonical_name, sidecar_for
from etl.errors import InputError
from etl.fetch.client import Page
from etl.fetch.crawl import Known, Taken
from etl.run import snapshot as snapshots
from etl.run.cache import ParseCache
from etl.run.clashes import clash_index, first_clash
from etl.run.parse import Parsed, parse_file, parse_many, readout_files
from etl.source.charset import decode_page
from etl.source.formats import HTML_SUFFIXES, read_raw
from etl.source.sidecar import parse_sidecar, sidecar_path

TEMP_PREFIX = ".fetch-"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def suffix_for(page: Page) -> str | None:
    """.pdf, .html or .txt by what the bytes are and what the server says; None for anything else."""
    media = (page.content_type or "").split(";")[0].strip().lower()
    head = page.content[:512].lstrip().lower()
    if page.content.startswith(b"%PDF-") or media == "application/pdf":
        return ".pdf"
    if media in _HTML_TYPES or head.startswith((b"<!doctype html", b"<html", b"<?xml")):
        return ".html"
    if media == "text/plain":
        return ".txt"
    return None


def fetched_sidecar(page: Page, retrieved: dt.date, publisher: str | None, license: str | None) -> dict:
    side = sidecar_for(page.url, retrieved, publisher, license)
    side["final_url"] = page.final_url
    side["http_status"] = page.status
    for key in ("content_type", "etag", "last_modified"):
        if getattr(page, key):
            side[key] = getattr(page, key)
    return side


class Store:
    """readouts/ as `take` sees it: which bytes and meetings are there, and where a new readout goes."""

    def __init__(
        self,
        readouts: Path,
        *,
        publisher: str | None = None,
        license: str | None = None,
        retrieved: dt.date | None = None,
        cache: Path | None = None,
        say: Callable[[str], None] = print,
    ):
        self.readouts, self.publisher, self.license, self.say = readouts, publisher, license, say
        self.retrieved = retrieved or dt.date.today()
        self.cache = ParseCache(cache) if cache else None
        self._index: dict[str, dict[str, Path]] | None = None
        for left in readouts.glob(f"{TEMP_PREFIX}*") if readouts.is_dir() else []:
            left.unlink()  # a run killed half way: its files were never taken

    def index(self) -> dict[str, dict[str, Path]]:
        """source_sha256 and meeting_id -> file, of every readout that parses (broken ones are skipped)."""
        if self._index is None:
            files = readout_files(self.readouts) if self.readouts.is_dir() else []
            snapshot = snapshots.beside(self.cache) if self.cache else None  # identities without decoding entries
            parsed = parse_many(files, self.cache, snapshot=snapshot)
            self._index = clash_index([p for p in parsed if isinstance(p, Parsed)])
            for path in files:  # a readout that does not parse still has its bytes
                self._index["source_sha256"].setdefault(hashlib.sha256(path.read_bytes()).hexdigest(), path)
        return self._index

    def known(self) -> dict[str, Known]:
        """Readouts by the URLs (asked and final) their sidecars name."""
        out: dict[str, Known] = {}
        for sha, path in sorted(self.index()["source_sha256"].items(), key=lambda kv: kv[1].name):
            try:
                side = parse_sidecar(sidecar_path(path), _bytes(sidecar_path(path)))
            except InputError:
                continue
            k = Known(path.name, sha, side.get("etag"), side.get("last_modified"))
            for key in ("url", "final_url"):
                if side.get(key):
                    out.setdefault(side[key], k)
        return out

    def take(self, page: Page) -> Taken:
        suffix = suffix_for(page)
        if suffix is None:
            return Taken("not_a_readout", f"content type {page.content_type or 'unknown'} is neither HTML nor PDF")
        sha = hashlib.sha256(page.content).hexdigest()
        same = self.index()["source_sha256"].get(sha)
        if same is not None:
            return Taken("already_present", f"already in readouts/ as {same.name} (same SHA-256)", same.name, sha)
        self.readouts.mkdir(parents=True, exist_ok=True)
        tmp = self.readouts / f"{TEMP_PREFIX}{sha[:16]}{suffix}"
        side = fetched_sidecar(page, self.retrieved, self.publisher, self.license)
        try:
            tmp.write_bytes(page.content)
            sidecar_path(tmp).write_text(yaml.safe_dump(side, allow_unicode=True, sort_keys=False), encoding="utf-8")
            return self._check_and_move(page, tmp, side, sha)
        except OSError as exc:  # a full disk, a read-only folder: stop the run, readouts/ as it was
            raise InputError(str(self.readouts), f"cannot write {page.url}'s readout: {exc.strerror or exc}") from exc
        finally:
            tmp.unlink(missing_ok=True)
            sidecar_path(tmp).unlink(missing_ok=True)

    def _check_and_move(self, page: Page, tmp: Path, side: dict, sha: str) -> Taken:
        try:
            raw = read_raw(tmp, page.content, side)
        except InputError as exc:
            return Taken("unreadable", _reason(exc))
        if tmp.suffix in HTML_SUFFIXES and (note := decode_page(page.content, page.content_type, page.url).note):
            self.say(f"{page.url}: warning: {note}")
        try:
            parsed = parse_file(tmp)
        except InputError as exc:
            return Taken("not_a_readout", _reason(exc))
        hit = first_clash(parsed, self.index())
        if hit is not None:
            other = hit[1]
            other_sha = next(k for k, v in self.index()["source_sha256"].items() if v == other)
            mid = parsed.identity["meeting_id"]
            return Taken(
                "already_present",
                f"readouts/{other.name} already describes this meeting ({mid})",
                other.name,
                other_sha,
            )
        target = self.readouts / canonical_name(parsed)
        if target.exists():
            return Taken("already_present", f"readouts/{target.name} exists already", target.name)
        os.replace(sidecar_path(tmp), sidecar_path(target))  # an orphan sidecar left by a killed run is replaced
        try:
            os.replace(tmp, target)
        except OSError:
            sidecar_path(target).unlink(missing_ok=True)
            raise
        index = self.index()
        index["source_sha256"][sha] = target
        index["meeting_id"][parsed.identity["meeting_id"]] = target
        for w in parsed.warnings:
            self.say(w.located(str(target)))
        kind = {".pdf": "PDF", ".html": f"HTML ({raw.encoding})", ".txt": "text"}[tmp.suffix]
        return Taken("taken", f"taken as readouts/{target.name}, {kind}, {len(page.content):,} bytes", target.name, sha)


def _bytes(path: Path) -> bytes | None:
    return path.read_bytes() if path.exists() else None


def _reason(exc: InputError) -> str:
    where = f"line {exc.line}: " if exc.line is not None else ""
    return where + exc.message + (f" ({exc.hint})" if exc.hint else "")
