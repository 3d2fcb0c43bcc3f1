"""`python -m etl add FILE`: take a new readout into readouts/ under a name derived from its content."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path
from urllib.parse import urlparse

import yaml

from etl.errors import InputError, PathError, on_path, quote
from etl.run import snapshot as snapshots
from etl.run.cache import ParseCache
from etl.run.clashes import clash_index, first_clash
from etl.run.lock import checkout_lock
from etl.run.parse import Parsed, parse_all, parse_file, readout_files
from etl.source.files import create_exclusive, read_input
from etl.source.hygiene import url_problem, value_problem
from etl.source.read import MAX_BYTES
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
    key = new.identity[column]
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


def _check_arguments(file: Path, url: str | None, publisher: str | None, license: str | None) -> None:
    if url is not None and (problem := url_problem(url)):
        raise InputError(str(file), f"--url {quote(url)} is not an http(s) address: {problem}")
    for option, value in (("--publisher", publisher), ("--license", license)):
        if value is not None and (problem := value_problem(value) or ("is empty" if not value.strip() else None)):
            raise InputError(str(file), f"{option} {problem}")


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
    """Copy file byte for byte into readouts/ with a sidecar; InputError when it cannot be taken.

    Holds the checkout lock (the folder above readouts/) and creates both
    files exclusively: a readout or sidecar that is there already is never
    overwritten, even by a second `add` running at the same moment.
    """
    _check_arguments(file, url, publisher, license)
    parsed = parse_file(file)
    data = read_input(file, None, MAX_BYTES)
    if hashlib.sha256(data).hexdigest() != parsed.identity["source_sha256"]:
        raise InputError(str(file), "changed while it was being read", hint="run add again")
    sidecar = sidecar_for(url, retrieved or dt.date.today(), publisher, license)
    text = yaml.safe_dump(sidecar, allow_unicode=True, sort_keys=False).encode("utf-8")
    with checkout_lock(readouts.parent):
        existing = _existing(readouts, ParseCache(cache) if cache else None)
        clash = _duplicate(parsed, existing)
        if clash:
            raise clash
        target = readouts / canonical_name(parsed)
        with on_path(readouts):
            readouts.mkdir(parents=True, exist_ok=True)
        _create(file, target, sidecar_path(target), data, text)
    return target, parse_file(target, readouts)


def _existing(readouts: Path, store: ParseCache | None) -> list[Parsed]:
    """The readouts already taken in (only their identities are needed: the table snapshot has them)."""
    if not readouts.is_dir():
        return []
    return parse_all(readout_files(readouts), store, snapshot=snapshots.beside(store) if store else None)


def _create(file: Path, target: Path, side: Path, data: bytes, text: bytes) -> None:
    """Both files, each created exclusively; the readout is taken back when its sidecar cannot be made."""
    made = []
    try:
        for path, content in ((target, data), (side, text)):
            with on_path(path):
                create_exclusive(path, content)
            made.append(path)
    except BaseException as exc:
        for path in made:
            path.unlink(missing_ok=True)
        if isinstance(exc, PathError) and isinstance(exc.__cause__, FileExistsError):
            raise InputError(str(file), f"{exc.path} exists already", hint="choose which readout to keep") from None
        raise
