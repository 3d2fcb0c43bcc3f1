"""Reading a raw readout: bytes, SHA-256, decoding, and refusing what is not readout text."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from etl.errors import InputError
from etl.source.files import check_link as check_link  # re-exported: the readout link rule lives in files
from etl.source.hygiene import check_text

MAX_BYTES = 2_000_000  # a readout is a few kB; anything this large is not one readout
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")
_HTML = re.compile(r"<(?:!doctype|html|head|body|div|p|table|script)\b", re.IGNORECASE)
UTF8_HINT = "save the file as UTF-8"


@dataclass(frozen=True)
class RawReadout:
    path: Path
    data: bytes
    sha256: str
    text: str
    encoding: str


def _japanese_share(text: str) -> float:
    visible = [c for c in text if not c.isspace()]
    return sum(bool(_JAPANESE.match(c)) for c in visible) / max(len(visible), 1)


def _position(data: bytes, at: int) -> tuple[int, int]:
    """Line and column (in bytes) of a byte offset."""
    return data[:at].count(b"\n") + 1, at - (data.rfind(b"\n", 0, at) + 1) + 1


def _legacy(data: bytes, file: str, bad_utf8_at: int) -> tuple[str, str]:
    """Shift_JIS/CP932 or EUC-JP, only when exactly one decodes to Japanese text."""
    found = []
    for enc in ("cp932", "euc_jp"):
        try:
            text = data.decode(enc)
        except UnicodeDecodeError:
            continue
        if _japanese_share(text) >= 0.5:
            found.append((text, enc))
    if len(found) == 1:
        return found[0]
    line, column = _position(data, bad_utf8_at)
    raise InputError(
        file, "not UTF-8 (from here on), and its encoding cannot be told with certainty", line, column, hint=UTF8_HINT
    )


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def _mojibake(text: str) -> bool:
    """UTF-8 that was read as CP932 and saved again: undoing that gives valid UTF-8."""
    sample = "".join(_NON_ASCII.findall(text, 0, 4000))[:400]
    if len(sample) < 400:  # the first 4,000 characters had too few: take them from the whole text
        sample = "".join(_NON_ASCII.findall(text))[:400]
    if len(sample) < 8:
        return False
    try:
        sample.encode("cp932").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return False
    return True


def _strict(data: bytes, encoding: str, skip: int, file: str) -> str:
    """data after its byte-order mark, decoded; InputError at the first byte that does not decode."""
    try:
        return data[skip:].decode(encoding)
    except UnicodeDecodeError as exc:
        line, column = _position(data, skip + exc.start)
        name = "UTF-16" if encoding == "utf-16" else "UTF-8"
        raise InputError(
            file, f"starts with a {name} byte-order mark but is not {name} from here on", line, column, hint=UTF8_HINT
        ) from exc


def decode(data: bytes, file: str) -> tuple[str, str]:
    """Text and the encoding it was read from; InputError for anything that is not readout text."""
    if len(data) > MAX_BYTES:
        raise InputError(
            file,
            f"too large for one readout ({len(data) / 1e6:.1f} MB > {MAX_BYTES / 1e6:.0f} MB)",
            hint="put each readout in its own file",
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text, encoding = _strict(data, "utf-16", 0, file), "utf-16"
    elif data.startswith(b"\xef\xbb\xbf"):
        text, encoding = _strict(data, "utf-8", 3, file), "utf-8-sig"
    elif b"\x00" in data:
        raise InputError(
            file,
            "binary data (NUL bytes), not text",
            *_position(data, data.index(b"\x00")),
            hint="give the page text or the PDF text as a .txt file",
        )
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError as exc:
            text, encoding = _legacy(data, file, exc.start)
    if not text.strip():
        raise InputError(
            file, "the file is empty" if not data else "the file holds only white space", hint="add the readout's text"
        )
    html = _HTML.search(text)
    if html:
        line = text[: html.start()].count("\n") + 1
        raise InputError(
            file,
            "an HTML source page, not page text",
            line,
            html.start() - text.rfind("\n", 0, html.start()),
            hint="copy the text of the page (or save it as text) instead of its HTML",
        )
    check_text(text, file, page_breaks=True)
    if _mojibake(text):
        raise InputError(
            file,
            "mojibake: UTF-8 text that was read as Shift_JIS and saved again",
            1,
            1,
            hint="take the text again from the source and save it as UTF-8",
        )
    return text, encoding


def decode_readout(path: Path, data: bytes) -> RawReadout:
    text, encoding = decode(data, str(path))
    return RawReadout(path, data, hashlib.sha256(data).hexdigest(), text, encoding)
