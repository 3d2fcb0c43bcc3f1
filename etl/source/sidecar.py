"""Optional provenance beside a readout: readouts/<name>.yaml."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, ValidationError

from etl.errors import InputError
from etl.source.files import lexists
from etl.source.models import STRICT, IsoDate, Text, Url, located
from etl.source.yamlfile import load_yaml, read_yaml


class Sidecar(BaseModel):
    """What a sidecar may say; every key optional, no other key allowed."""

    model_config = STRICT

    url: Url | None = None
    publisher: Text | None = None
    retrieved: IsoDate | None = None
    license: Text | None = None
    title: Text | None = None
    notes: Text | None = None
    # what `etl fetch` records of the HTTP response (issue 14); content_type carries the charset
    final_url: Url | None = None
    http_status: int | None = None
    content_type: Text | None = None
    etag: Text | None = None
    last_modified: Text | None = None


FIELDS = tuple(Sidecar.model_fields)
_HINT = f"allowed keys: {', '.join(FIELDS)}"


def sidecar_path(readout: Path) -> Path:
    return readout.with_suffix(".yaml")


def load_sidecar(readout: Path, root: Path | None = None) -> dict:
    """Provenance for a readout; empty when it has no sidecar.  A link must stay inside root
    (by default the readout's folder); only a regular file is read."""
    path = sidecar_path(readout)
    if not lexists(path):
        return {}
    doc = read_yaml(path, root or readout.parent)
    return _checked(path, doc.data, doc.line_of_key)


def parse_sidecar(path: Path, raw: bytes | None) -> dict:
    """The checked contents of a sidecar given as bytes (None: there is none)."""
    if raw is None:
        return {}
    doc = load_yaml(path, raw)
    return _checked(path, doc.data, doc.line_of_key)


def _checked(path: Path, data: object, line_of) -> dict:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise InputError(str(path), "the sidecar must be a mapping of keys to values", hint=_HINT)
    try:
        model = Sidecar.model_validate(data)
    except ValidationError as exc:
        text = located(path, exc, line_of)
        text.hint = _HINT if text.message.startswith("unknown key") else None
        raise text from None
    return model.model_dump(exclude_unset=True)
