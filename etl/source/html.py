"""The text of an HTML readout page, as a reader sees it: one line per paragraph, heading or table cell.

The page is parsed with lxml.  Scripts, styles, forms and the site's
navigation, header and footer are dropped; the readout is the page's main
region (`<main>`, `role="main"`, `<article>`) or, on older pages without
one, the smallest element that holds most of the page's sentences together
with its title (`<h1>`).  Block elements, `<br>` and table cells end lines;
inside a line, white space collapses as a browser shows it, and a line
break of the source between two Japanese characters disappears.
"""

from __future__ import annotations

import re

import lxml.html
from lxml import etree

from etl.errors import InputError

_DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "form",
    "button",
    "select",
    "textarea",
    "input",
    "nav",
    "aside",
)
_SITE_TAGS = ("header", "footer")  # dropped unless they hold the page's title
_SITE_ROLES = {"navigation", "banner", "contentinfo", "search", "complementary"}
_SITE_NAMES = re.compile(
    r"^(?:g?l?nav|navi|.*-?nav(?:i|igation)?|breadcrumbs?|topicpath|pankuzu|sidebar|side|menu|skip\w*|"
    r"share|sns|social|page-?top|footer|header)$"
)
_BLOCK_TAGS = """address article aside blockquote body caption center dd details dialog div dl dt fieldset
figcaption figure footer h1 h2 h3 h4 h5 h6 header hgroup hr li main nav ol p pre section summary table tbody td
tfoot th thead tr ul"""
_BLOCK = frozenset(_BLOCK_TAGS.split())
_BREAK = "\x00"  # marks a line end while text is gathered (lxml never returns NUL)
_SPACE = re.compile(r"[ \t\n\r\f]+")
_WIDE = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef]")
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_SENTENCE_END = "。"
_MOST = 0.8  # share of the page's sentences the main element must hold


def _site_furniture(el: etree._Element) -> bool:
    if el.tag in _SITE_TAGS and not el.xpath(".//h1"):
        return True
    if (el.get("role") or "").lower() in _SITE_ROLES:
        return True
    names = f"{el.get('id') or ''} {el.get('class') or ''}".lower().split()
    return any(_SITE_NAMES.match(n) for n in names) and not el.xpath(".//h1")


def _strip(body: etree._Element) -> None:
    for el in list(body.iter(*_DROP_TAGS, etree.Comment, etree.ProcessingInstruction)):
        el.drop_tree()
    for el in list(body.iter()):
        if isinstance(el.tag, str) and el.getparent() is not None and _site_furniture(el):
            el.drop_tree()


def _ancestors(el: etree._Element) -> list[etree._Element]:
    out = [el]
    while (parent := out[-1].getparent()) is not None:
        out.append(parent)
    return out


def _common(a: etree._Element, b: etree._Element) -> etree._Element:
    above_b = set(_ancestors(b))
    return next(x for x in _ancestors(a) if x in above_b)


def main_element(body: etree._Element) -> etree._Element:
    """The element that holds the readout (see the module's docstring)."""
    for path in ("//main", "//*[@role='main']", "//article"):
        found = [el for el in body.xpath(path) if _SENTENCE_END in el.text_content()]
        if found:
            return found[0]
    total = body.text_content().count(_SENTENCE_END)
    if not total:
        return body
    best = body
    for el in body.iter():
        if isinstance(el.tag, str) and el.text_content().count(_SENTENCE_END) >= _MOST * total:
            best = el  # iteration is in document order, so the last one found is the deepest
    title = body.xpath(".//h1")
    return _common(best, title[0]) if title else best


def _gather(el: etree._Element, out: list[str]) -> None:
    block = el.tag in _BLOCK
    if block:
        out.append(_BREAK)
    if el.tag == "br":
        out.append(_BREAK)
    elif el.tag == "pre":
        out.append((el.text_content() or "").replace("\n", _BREAK))
    else:
        out.append(el.text or "")
        for child in el:
            if isinstance(child.tag, str):
                _gather(child, out)
            out.append(child.tail or "")
    if block:
        out.append(_BREAK)


def collapse(text: str) -> str:
    """A run of white space becomes one space, or nothing where the source broke a line between wide characters."""

    def one(m: re.Match[str]) -> str:
        before, after = text[m.start() - 1 : m.start()], text[m.end() : m.end() + 1]
        if "\n" in m.group() and _WIDE.match(before or " ") and _WIDE.match(after or " "):
            return ""
        return " "

    return _SPACE.sub(one, text)


def page_text(markup: str, file: str) -> str:
    """The readout's lines from a decoded HTML page; InputError when it holds no text."""
    markup = _XML_DECLARATION.sub("", markup, count=1)
    try:
        doc = lxml.html.document_fromstring(markup)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(file, f"cannot parse the HTML: {exc}") from exc
    body = doc.find("body")
    if body is None:
        body = doc
    _strip(body)
    parts: list[str] = []
    _gather(main_element(body), parts)
    lines = (line.strip(" ") for line in collapse("".join(parts)).split(_BREAK))
    text = "\n".join(line for line in lines if line)
    if not text:
        raise InputError(file, "the page holds no text", hint="is it a readout page?")
    return text + "\n"
