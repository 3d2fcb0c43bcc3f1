"""Reading a raw readout: bytes, SHA-256, decoding."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import InputError


@dataclass(frozen=True)
class RawReadout:
    path: Path
    data: bytes
    sha256: str
    text: str
    encoding: str


def decode(data: bytes, file: str) -> tuple[str, str]:
    if not data.strip():
        raise InputError(file, "the file is empty", hint="add the readout's text")
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(file, f"not valid UTF-8 (byte {exc.start})", line, hint="save the file as UTF-8") from exc


def read_readout(path: Path) -> RawReadout:
    data = path.read_bytes()
    text, encoding = decode(data, str(path))
    return RawReadout(path, data, hashlib.sha256(data).hexdigest(), text, encoding)
