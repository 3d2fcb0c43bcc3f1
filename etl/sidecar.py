"""Optional provenance beside a readout: readouts/<name>.yaml."""

from __future__ import annotations

import contextlib
import datetime as dt
from pathlib import Path

import yaml

from .errors import InputError

# libyaml's safe loader when PyYAML was built with it: same rules, ten times faster
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FIELDS = {"url": str, "publisher": str, "retrieved": dt.date, "license": str, "title": str, "notes": str}


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
    try:
        data = yaml.load(raw.decode("utf-8"), Loader=_SAFE_LOADER)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        raise InputError(
            str(path),
            f"not valid YAML: {exc.problem}",
            mark.line + 1 if mark else None,
            mark.column + 1 if mark else None,
        ) from exc
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read sidecar: {exc}") from exc
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
                str(path), f"unknown key {key!r}", _line_of(path, key), hint=f"allowed keys: {', '.join(FIELDS)}"
            )
        want = FIELDS[key]
        if want is dt.date and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = dt.date.fromisoformat(value)
        if not isinstance(value, want) or (want is dt.date and isinstance(value, dt.datetime)):
            raise InputError(
                str(path),
                f"{key} must be {'a date (YYYY-MM-DD)' if want is dt.date else 'text'}, not {type(value).__name__}",
                _line_of(path, key),
            )
        out[key] = value
    return out


def _line_of(path: Path, key: object) -> int | None:
    for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.startswith(f"{key}:"):
            return i
    return None
