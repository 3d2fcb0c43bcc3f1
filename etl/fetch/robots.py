"""robots.txt, read once per site and run (RFC 9309, with urllib.robotparser).

A robots.txt that does not exist (any 4xx) allows everything; one that
cannot be reached (5xx after retries, no connection) forbids everything,
since the site may be down for a reason.  A `Crawl-delay` for our agent
slows our requests to that site further.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit
from urllib.robotparser import RobotFileParser

ROBOTS_AGENT = "mofa-readouts-etl"  # the product token robots.txt rules name


class Robots:
    def __init__(self, fetch: Callable[[str], tuple[int, bytes]]):
        """fetch(robots_url) -> (status, body); raises when the site cannot be reached."""
        self._fetch = fetch
        self._sites: dict[str, RobotFileParser] = {}

    def _site(self, url: str) -> RobotFileParser:
        parts = urlsplit(url)
        site = f"{parts.scheme}://{parts.netloc}"
        if site not in self._sites:
            rules = RobotFileParser(f"{site}/robots.txt")
            self._sites[site] = rules  # before fetching: robots.txt is not asked about itself
            try:
                status, body = self._fetch(f"{site}/robots.txt")
            except Exception:  # a FetchError, or worse: the rules cannot be read, so keep off the site
                status, body = 503, b""
            if 200 <= status < 300:
                rules.parse(body.decode("utf-8", errors="replace").splitlines())
            elif 400 <= status < 500:
                rules.allow_all = True
            else:
                rules.disallow_all = True
        return self._sites[site]

    def allowed(self, url: str) -> bool:
        return self._site(url).can_fetch(ROBOTS_AGENT, url)

    def delay(self, netloc: str) -> float:
        """The Crawl-delay robots.txt asks of us on this host (0 when none, or not read yet)."""
        for site, rules in self._sites.items():
            if urlsplit(site).netloc == netloc:
                return float(rules.crawl_delay(ROBOTS_AGENT) or 0)
        return 0.0
