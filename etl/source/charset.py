"""The character set of a web page: byte-order mark, HTTP header, <meta>, then a guess among the Japanese ones.

A fetched page's `Content-Type` header is kept in its sidecar, so the build
decodes the raw bytes the way the server declared them.  A declaration that
does not decode the page (a server saying UTF-8 about a Shift_JIS page) gives
way to the next one, and last to the one Japanese encoding the bytes fit;
the reader is told (`Decoded.note`).  When nothing fits, one error names
every declaration tried.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from etl.errors import InputError

# WHATWG labels as browsers read them: Shift_JIS is Windows-31J (cp932), EUC-JP has NEC's circled numbers
_LABELS: dict[str, tuple[str, ...]] = {
    **dict.fromkeys(
        ("shift_jis", "shift-jis", "sjis", "x-sjis", "ms_kanji", "csshiftjis", "windows-31j", "ms932", "cp932"),
        ("cp932", "shift_jis_2004"),
    ),
    **dict.fromkeys(("euc-jp", "euc_jp", "x-euc-jp", "cseucpkdfmtjapanese", "eucjp"), ("euc_jp", "euc_jis_2004")),
    **dict.fromkeys(("iso-2022-jp", "csiso2022jp"), ("iso2022_jp", "iso2022_jp_ext")),
    **dict.fromkeys(("utf-8", "utf8", "unicode-1-1-utf-8"), ("utf-8",)),
}
_GUESSES = ("utf-8", "cp932", "euc_jp")  # no declaration at all: the encodings MOFA has used
_HEADER = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_META = re.compile(rb"""<meta\b[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_XML = re.compile(rb"""^\s*<\?xml\b[^>]*?encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_JAPANESE = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff5e]")  # not half-width katakana: EUC read as cp932
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
SNIFF_BYTES = 4096  # <meta> is looked for this far into the page


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str  # the Python codec that decoded it (cp932, euc_jp, utf-8 …)
    note: str | None = None  # a declaration that was wrong and set aside


def header_charset(content_type: str | None) -> str | None:
    m = _HEADER.search((content_type or "").encode("latin-1", "replace"))
    return m.group(1).decode("ascii").lower() if m else None


def declared_charsets(data: bytes) -> list[tuple[str, str]]:
    """(where, label) of each declaration inside the page: the XML declaration, then <meta>."""
    head = data[:SNIFF_BYTES]
    found = [("the XML declaration", m.group(1)) for m in [_XML.match(head)] if m]
    found += [("<meta>", m.group(1)) for m in _META.finditer(head)]
    return [(where, label.decode("ascii").lower()) for where, label in found]


def _codecs(label: str) -> tuple[str, ...]:
    if label in _LABELS:
        return _LABELS[label]
    try:
        return (codecs.lookup(label).name,)
    except LookupError:
        return ()


def _attempt(data: bytes, label: str) -> tuple[str, str] | str:
    """(text, codec), or why the label does not fit: an unknown name, a byte it cannot decode, no Japanese."""
    names = _codecs(label)
    if not names:
        return f"{label!r} is not a known character set"
    failure = ""
    for name in names:
        try:
            text = data.decode(name)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            failure = failure or f"byte {exc.start + 1} (line {line}) is not {label}"
            continue
        if not _japanese(text):
            failure = failure or f"reading it as {label} gives no Japanese text"
            continue
        return text, name
    return failure


def _japanese(text: str) -> bool:
    """Most characters beyond ASCII are Japanese: what a right guess gives and a wrong one does not."""
    wide = [c for c in text if not c.isascii() and not c.isspace()]
    return bool(wide) and sum(bool(_JAPANESE.match(c)) for c in wide) >= 0.5 * len(wide)


def decode_page(data: bytes, content_type: str | None, file: str) -> Decoded:
    """Decode an HTML page: BOM first, then the HTTP header, the page's own declarations, then a guess."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                return Decoded(data.decode(name), name.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise InputError(file, f"a {name} byte-order mark, but byte {exc.start + 1} is not {name}") from exc
    declared = [("the HTTP header", label)] if (label := header_charset(content_type)) else []
    declared += declared_charsets(data)
    tried: list[str] = []
    for where, label in declared:
        result = _attempt(data, label)
        if isinstance(result, tuple):
            note = f"{'; '.join(tried)}: read as {label} ({where}) instead" if tried else None
            return Decoded(result[0], result[1], note)
        tried.append(f"{where} declares {label}, but {result}")
    fits = [r for r in (_attempt(data, name) for name in _GUESSES) if isinstance(r, tuple)]
    if len(fits) == 1 or (fits and fits[0][1] == "utf-8"):  # the bytes say it themselves
        note = f"{'; '.join(tried)}: read as {fits[0][1]} (the bytes fit it alone) instead" if tried else None
        return Decoded(*fits[0], note)
    guesses = ", ".join(_GUESSES)
    tried.append(f"{'more than one' if fits else 'none'} of {guesses} fits the bytes")
    raise InputError(file, "cannot decode the page: " + "; ".join(tried))
