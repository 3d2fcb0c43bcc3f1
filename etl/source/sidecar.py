"""Optional provenance beside a readout: readouts/<name>.yaml."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

from etl.errors import InputError
from etl.source.yamlfile import load_yaml

FIELDS = {"url": str, "publisher": str, "retrieved": dt.date, "license": str, "title": str, "notes": str}
# fetch (issue 14): what `etl fetch` records of the HTTP response; content_type carries the charset
FIELDS |= {"final_url": str, "http_status": int, "content_type": str, "etag": str, "last_modified": str}
_KIND = {dt.date: "a date (YYYY-MM-DD)", int: "an integer", str: "text"}


def sidecar_path(readout: Path) -> Path:
    return readout.with_suffix(".yaml")


def load_sidecar(readout: Path) -> dict:
    """Provenance for a readout; empty when it has no sidecar.  Safe loading only."""
    path = sidecar_path(readout)
    return parse_sidecar(path, path.read_bytes() if path.exists() else None)


def parse_sidecar(path: Path, raw: bytes | None) -> dict:
    """The checked contents of a sidecar given as bytes (None: there is none)."""
    if raw is None:
        return {}
    doc = load_yaml(path, raw)
    data = doc.data
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(
            str(path), "the sidecar must be a mapping of keys to values", hint=f"allowed keys: {', '.join(FIELDS)}"
        )
    out = {}
    for key, value in data.items():
        if key not in FIELDS:
            raise InputError(
                str(path), f"unknown key {key!r}", doc.line_of_key(key), hint=f"allowed keys: {', '.join(FIELDS)}"
            )
        want = FIELDS[key]
        if want is dt.date and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = dt.date.fromisoformat(value)
        if not isinstance(value, want) or (want is dt.date and isinstance(value, dt.datetime)):
            raise InputError(
                str(path),
                f"{key} must be {_KIND[want]}, not {type(value).__name__}",
                doc.line_of_key(key),
            )
        out[key] = value
    return out
