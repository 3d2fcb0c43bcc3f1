"""The text layer of a PDF readout, page after page, as a PDF viewer copies it.

pypdf reads the text with the fonts' own maps (MOFA's PDFs use Japanese CID
fonts); the hard line breaks stay, and the normaliser joins them again as
it does for PDF text saved by hand.  A bare page number at the foot of a
page is dropped.  Nothing in the PDF is run: pypdf only reads it.
"""

from __future__ import annotations

import io
import logging
import re

import pypdf

from etl.errors import InputError

MAX_PAGES = 50  # a readout is a few pages; more is a report or a treaty text
_PAGE_NUMBER = re.compile(r"^[\s\-－‐―ー−]*[0-9０-９]+(?:\s*/\s*[0-9０-９]+)?[\s\-－‐―ー−]*$")

logging.getLogger("pypdf").setLevel(logging.ERROR)  # its notes about sloppy PDFs are not the reader's business


def _page_lines(text: str) -> list[str]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    while lines and not lines[-1].strip():
        lines.pop()
    if lines and _PAGE_NUMBER.match(lines[-1]):
        lines.pop()
    return lines


def pdf_text(data: bytes, file: str) -> str:
    """The text of every page, one text line per line; InputError for what is not a readable PDF with text."""
    if not data.lstrip()[:5] == b"%PDF-":
        raise InputError(file, "not a PDF (it does not start with %PDF-)", hint="give a .pdf file or the page's URL")
    try:
        reader = pypdf.PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted and not reader.decrypt(""):
            raise InputError(file, "the PDF is encrypted with a password")
        if len(reader.pages) > MAX_PAGES:
            raise InputError(file, f"{len(reader.pages)} pages: too long for one readout (at most {MAX_PAGES})")
        pages = [page.extract_text() or "" for page in reader.pages]
    except InputError:
        raise
    except Exception as exc:  # a damaged PDF can break pypdf in many ways: each is one line for the user
        raise InputError(file, f"cannot read the PDF: {type(exc).__name__}: {exc}") from exc
    lines = [line for page in pages for line in _page_lines(page)]
    if not any(line.strip() for line in lines):
        raise InputError(file, "the PDF has no text layer (a scanned image?)", hint="give the text as a .txt file")
    return "\n".join(lines) + "\n"
