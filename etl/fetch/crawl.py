"""Fetching readouts by URL, and crawling listing pages for them, with every URL seen kept in coverage.

`fetch_url` asks for one page (conditionally, when the readout it gave is
already in readouts/) and hands it to `take`, which stores it or says why
not.  `crawl` reads listing pages (conditionally: a listing that has not
changed since the last crawl is not read again), records every link on
them, and fetches those whose title names a meeting and whose URL is not
known yet.  Both keep coverage rows as `etl.source.coverage` writes them.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass

from etl.errors import InputError
from etl.fetch.client import Client, FetchError, Page
from etl.fetch.listing import Link, links, names_meeting
from etl.source.charset import decode_page


@dataclass(frozen=True)
class Taken:
    """What `take` made of a fetched page: a coverage outcome, the reason, the readout file it is in."""

    outcome: str
    detail: str
    file_name: str | None = None
    sha256: str | None = None


@dataclass(frozen=True)
class Known:
    """A readout in readouts/ and what its sidecar says of the URL it came from."""

    file_name: str
    sha256: str
    etag: str | None = None
    last_modified: str | None = None


Take = Callable[[Page], Taken]
Say = Callable[[str], None]


@dataclass
class Session:
    """One run's state: the client, coverage rows (url -> row), known readouts (url -> Known), today."""

    client: Client
    coverage: dict[str, dict]
    known: dict[str, Known]
    take: Take
    today: dt.date
    say: Say = print
    failures: int = 0

    def take_is_known(self, page: Page, known: Known) -> bool:
        """The page's bytes are those of the readout already taken from its URL."""
        return hashlib.sha256(page.content).hexdigest() == known.sha256

    def record(self, url: str, outcome: str, detail: str, **values: object) -> None:
        old = self.coverage.get(url, {})
        row = {
            "url": url,
            "outcome": outcome,
            "detail": detail,
            "listing_url": old.get("listing_url"),
            "link_text": old.get("link_text"),
            "checked": self.today,
        }
        row.update(values)
        self.coverage[url] = row


def _keep_taken(s: Session, url: str, known: Known) -> None:
    """The readout this URL gave stays in readouts/: its coverage row says so (and is left alone if it does)."""
    if s.coverage.get(url, {}).get("outcome") != "taken":
        s.record(
            url, "taken", f"in readouts/ as {known.file_name}", file_name=known.file_name, source_sha256=known.sha256
        )


def fetch_url(s: Session, url: str, listing_url: str | None = None, link_text: str | None = None) -> bool:
    """Fetch one readout URL into readouts/ and record it; True unless it failed or is no readout.

    A URL whose readout was taken before is asked conditionally; whatever the
    answer, that readout stays (a raw readout is never replaced by a fetch).
    """
    where = {"listing_url": listing_url, "link_text": link_text} if listing_url else {}
    known = s.known.get(url)
    try:
        page = s.client.get(url, known.etag if known else None, known.last_modified if known else None)
    except FetchError as exc:
        s.failures += 1
        if known:
            _keep_taken(s, url, known)
            s.say(f"{exc} (the readout taken from it stays: {known.file_name})")
        else:
            s.record(url, exc.kind, exc.reason, **where)
            s.say(str(exc))
        return False
    if known and (page.status == 304 or s.take_is_known(page, known)):
        _keep_taken(s, url, known)
        s.say(f"{url}: unchanged since taken as {known.file_name}")
        return True
    taken = s.take(page)
    if known and taken.outcome == "already_present" and taken.file_name == known.file_name:
        _keep_taken(s, url, known)
        s.say(
            f"{url}: warning: the page has changed since it was taken as {known.file_name}, which stays; compare them"
        )
        return True
    extra = {"file_name": taken.file_name, "source_sha256": taken.sha256}
    s.record(url, taken.outcome, taken.detail, **extra, **where)
    if taken.outcome == "taken":
        s.say(f"{url}: {taken.detail}")
        return True
    s.say(f"{url}: {taken.outcome.replace('_', ' ')}: {taken.detail}")
    if taken.outcome != "already_present":
        s.failures += 1
        return False
    return True


def _read_listing(s: Session, url: str) -> list[Link] | None:
    """The links of a listing page, or None when it is unchanged since the last crawl or cannot be had."""
    old = s.coverage.get(url, {})
    conditional = old.get("outcome") == "listing"
    try:
        page = s.client.get(
            url, old.get("etag") if conditional else None, old.get("last_modified") if conditional else None
        )
    except FetchError as exc:
        s.record(url, exc.kind, exc.reason, listing_url=None, link_text=None)
        s.say(str(exc))
        s.failures += 1
        return None
    if page.status == 304:
        s.say(f"{url}: listing not modified since {old.get('checked')}")
        return None
    try:
        markup = decode_page(page.content, page.content_type, url).text
    except InputError as exc:
        s.record(url, "unreadable", exc.message)
        s.say(f"{url}: error: {exc.message}")
        s.failures += 1
        return None
    found = links(markup, page.final_url)
    s.record(
        url,
        "listing",
        f"{len(found)} links",
        listing_url=None,
        link_text=None,
        etag=page.etag,
        last_modified=page.last_modified,
    )
    s.say(f"{url}: listing with {len(found)} links")
    return found


def crawl(s: Session, index_urls: list[str]) -> None:
    """Read each listing page and take in the readouts it links to that are not known yet."""
    for index in index_urls:
        for link in _read_listing(s, index) or []:
            if link.url in s.coverage:
                continue
            where = {"listing_url": index, "link_text": link.text}
            if link.url in s.known:
                k = s.known[link.url]
                detail = f"in readouts/ as {k.file_name}"
                s.record(link.url, "already_present", detail, file_name=k.file_name, source_sha256=k.sha256, **where)
            elif not names_meeting(link.text):
                s.record(link.url, "not_a_readout", "the link's title names no meeting", **where)
            else:
                fetch_url(s, link.url, **where)
