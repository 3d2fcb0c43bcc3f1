"""What an annotated page shows, read with the standard library's HTML parser."""

from __future__ import annotations

from dataclasses import dataclass
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class Shown:
    tag: str
    attrs: dict
    text: str = ""  # of .st-text for a statement, else all text inside
    label: str = ""  # of .tag (statements)
    href: str | None = None  # of .tag (statements)
    parent_statement: str | None = None


class Page(HTMLParser):
    """Elements with an id, and statement elements with their text, label and link."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, Shown] = {}
        self.statements: dict[str, Shown] = {}
        self._stack: list[tuple[str, Shown | None, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        classes = a.get("class", "").split()
        owner = next((s for _, s, _ in reversed(self._stack) if s is not None and "data-statement-id" in s.attrs), None)
        shown = None
        if "id" in a:
            shown = Shown(tag, a, parent_statement=owner.attrs["data-statement-id"] if owner else None)
            self.ids[a["id"]] = shown
        if "data-statement-id" in a:
            self.statements[a["data-statement-id"]] = shown or Shown(tag, a)
        role = "text" if "st-text" in classes else "label" if "tag" in classes else None
        if role == "label" and owner:
            owner.href = a.get("href")
        if tag not in VOID:
            self._stack.append((tag, shown, role))

    def handle_endtag(self, tag: str) -> None:
        while self._stack:
            if self._stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        roles = [r for _, _, r in self._stack if r]
        for _, shown, _ in self._stack:
            if shown is None:
                continue
            if "data-statement-id" in shown.attrs:
                if roles and roles[-1] == "text":
                    shown.text += data
                elif roles and roles[-1] == "label":
                    shown.label += data
            else:
                shown.text += data


def read_page(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page
