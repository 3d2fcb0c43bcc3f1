"""`python -m etl add FILE`: take a new readout into readouts/ under a name derived from its content."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from urllib.parse import urlparse

import yaml

from etl.errors import InputError
from etl.run.cache import ParseCache
from etl.run.parse import Parsed, clash_index, first_clash, parse_all, parse_file, readout_files
from etl.source.sidecar import sidecar_path
from etl.tables.rows import readout_file_name

MOFA_HOSTS = ("mofa.go.jp", "www.mofa.go.jp")
MOFA_PUBLISHER = "外務省"
MOFA_LICENSE = "政府標準利用規約（第2.0版）"


def canonical_name(parsed: Parsed) -> str:
    """2013-02-22_jp-us_meeting.txt: the meeting's date, counterpart, format (and language); the raw file's suffix."""
    name = readout_file_name(parsed.rows["meetings"][0])
    return name.removesuffix(".txt") + (parsed.file.suffix.lower() or ".txt")


_DUPLICATE = {  # the readout already in readouts/ that a new one repeats, by clash key
    "source_sha256": ("already in {folder}/ as {name} (same SHA-256)", None),
    "meeting_id": (
        "{folder}/{name} already describes this meeting ({key})",
        "if this readout is better, replace that file's text instead of adding a second one",
    ),
}


def _duplicate(new: Parsed, existing: list[Parsed]) -> InputError | None:
    hit = first_clash(new, clash_index(existing))
    if hit is None:
        return None
    column, other = hit
    message, hint = _DUPLICATE[column]
    key = new.rows["sources"][0][column]
    return InputError(str(new.file), message.format(folder=other.parent.name, name=other.name, key=key), hint=hint)


def sidecar_for(url: str | None, retrieved: dt.date, publisher: str | None, license: str | None) -> dict:
    """Provenance: MOFA's publisher and licence are filled in for a mofa.go.jp address."""
    from_mofa = bool(url) and urlparse(url).hostname in MOFA_HOSTS
    out: dict = {}
    if url:
        out["url"] = url
    if publisher or from_mofa:
        out["publisher"] = publisher or MOFA_PUBLISHER
    out["retrieved"] = retrieved
    if license or from_mofa:
        out["license"] = license or MOFA_LICENSE
    return out


def missing_provenance(target: Path, url: str | None) -> str | None:
    """The warning for a readout taken in without its address, saying how to add it later."""
    if url:
        return None
    return (
        f"{target}: warning: no --url given, so nothing records where the readout was published; "
        f"when you know the address, add the line `url: https://www.mofa.go.jp/...` to {sidecar_path(target)} "
        "(publisher and license too, if it is not MOFA's), then run nox -s build"
    )


def add_readout(
    file: Path,
    readouts: Path,
    *,
    url: str | None = None,
    retrieved: dt.date | None = None,
    publisher: str | None = None,
    license: str | None = None,
    cache: Path | None = None,
) -> tuple[Path, Parsed]:
    """Copy file byte for byte into readouts/ with a sidecar; InputError when it cannot be taken."""
    if url is not None and urlparse(url).scheme not in ("http", "https"):
        raise InputError(str(file), f"--url {url!r} is not an http(s) address")
    parsed = parse_file(file)
    existing = parse_all(readout_files(readouts), ParseCache(cache) if cache else None) if readouts.is_dir() else []
    clash = _duplicate(parsed, existing)
    if clash:
        raise clash
    target = readouts / canonical_name(parsed)
    if target.exists() or sidecar_path(target).exists():
        raise InputError(str(file), f"{target} exists already", hint="choose which readout to keep")
    readouts.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(file, target)
    sidecar = sidecar_for(url, retrieved or dt.date.today(), publisher, license)
    text = yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False)
    sidecar_path(target).write_text(text, encoding="utf-8")
    return target, parse_file(target, readouts)
