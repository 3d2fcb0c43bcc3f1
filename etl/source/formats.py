"""Raw readouts in every format the build reads: page or PDF text (.txt), HTML pages (.html) and PDFs (.pdf).

The file's suffix says its format.  Each is decoded into the text the
extractor reads; the raw bytes stay the source of truth, and their SHA-256
the readout's key.  An HTML page is decoded with the character set its
sidecar's `content_type` declares (as the server sent it), else its own.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from etl.errors import InputError
from etl.source.read import RawReadout, decode_readout

HTML_SUFFIXES = (".html", ".htm")
READOUT_SUFFIXES = (".txt", *HTML_SUFFIXES, ".pdf")
MAX_PAGE_BYTES = 5_000_000  # an HTML page with its scripts and styles inline
MAX_PDF_BYTES = 20_000_000  # a PDF with a scanned letterhead or photos
PDF_ENCODING = "pdf"  # `sources.encoding` of a PDF: its text comes from the fonts' own maps


def is_readout(path: Path) -> bool:
    return path.suffix.lower() in READOUT_SUFFIXES and not path.name.startswith(".")


def source_format(path: Path, wrapped: bool) -> str:
    """`sources.source_format`: html, pdf, or for a .txt file pdf_text / page_text."""
    suffix = path.suffix.lower()
    if suffix in HTML_SUFFIXES:
        return "html"
    if suffix == ".pdf":
        return "pdf"
    return "pdf_text" if wrapped else "page_text"


def _cap(data: bytes, limit: int, file: str) -> None:
    if len(data) > limit:
        raise InputError(file, f"too large for one readout ({len(data) / 1e6:.1f} MB > {limit / 1e6:.0f} MB)")


def read_raw(path: Path, data: bytes, sidecar: dict) -> RawReadout:
    """The decoded text of a raw readout of any format; InputError for anything that is not readout text."""
    suffix, file = path.suffix.lower(), str(path)
    if suffix in HTML_SUFFIXES:  # lxml and pypdf are imported only when needed: pypdf alone takes 0.3 s
        from etl.source.charset import decode_page
        from etl.source.html import page_text

        _cap(data, MAX_PAGE_BYTES, file)
        decoded = decode_page(data, sidecar.get("content_type"), file)
        text, encoding = page_text(decoded.text, file), decoded.encoding
    elif suffix == ".pdf":
        from etl.source.pdf import pdf_text

        _cap(data, MAX_PDF_BYTES, file)
        text, encoding = pdf_text(data, file), PDF_ENCODING
    else:
        return decode_readout(path, data)
    return RawReadout(path, data, hashlib.sha256(data).hexdigest(), text, encoding)
