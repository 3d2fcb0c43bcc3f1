"""A polite HTTP client: one request per second per host, robots.txt, retries, redirects and size within limits.

Every request names the project in its User-Agent.  Server errors (5xx,
429) and broken connections are tried again after a growing pause; a
redirect is followed hop by hop, each hop paced and checked against
robots.txt; a body is streamed and abandoned beyond the size cap.  Every
failure is a `FetchError`: one line naming the URL and the reason.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

import httpx

from etl import __version__
from etl.fetch.robots import ROBOTS_AGENT, Robots

USER_AGENT = (
    f"{ROBOTS_AGENT}/{__version__} (research data package of MOFA meeting readouts; "
    "at most 1 request per second per host; honours robots.txt)"
)
RETRY_STATUS = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUS = frozenset({301, 302, 303, 307, 308})
CHUNK = 65536


@dataclass(frozen=True)
class Policy:
    timeout: float = 20.0  # seconds to connect, and between two bytes of an answer
    tries: int = 3  # attempts of one request, on 5xx, 429, timeouts and broken connections
    backoff: float = 2.0  # seconds before the second attempt; doubled before each further one
    max_wait: float = 60.0  # the longest pause, whatever Retry-After asks
    interval: float = 1.0  # seconds between two requests to one host (robots.txt may ask more)
    max_redirects: int = 5
    max_bytes: int = 20_000_000  # a larger answer is abandoned


class FetchError(Exception):
    """A URL that could not be fetched.  kind: http_error, fetch_failed or robots_refused (coverage outcomes)."""

    def __init__(self, url: str, reason: str, kind: str = "fetch_failed", status: int | None = None):
        super().__init__(f"{url}: error: {reason}")
        self.url, self.reason, self.kind, self.status = url, reason, kind, status


@dataclass(frozen=True)
class Page:
    url: str  # as asked
    final_url: str  # after redirects
    status: int  # 200 (or another 2xx), or 304 for a conditional request whose page is unchanged
    content: bytes
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None


@dataclass
class _Answer:
    status: int
    reason: str
    headers: httpx.Headers
    content: bytes = b""


@dataclass
class Client:
    """Use as a context manager; `get` is the only way out to the network."""

    policy: Policy = field(default_factory=Policy)
    trust_env: bool = True  # proxies from the environment
    requests: int = 0  # requests sent, for the report
    _last: dict[str, float] = field(default_factory=dict)
    _robots: Robots = field(init=False)
    _http: httpx.Client = field(init=False)

    def __post_init__(self) -> None:
        p = self.policy
        self._http = httpx.Client(
            headers={"User-Agent": USER_AGENT},
            timeout=httpx.Timeout(p.timeout),
            follow_redirects=False,
            trust_env=self.trust_env,
        )
        self._robots = Robots(self._fetch_robots)

    def __enter__(self) -> Client:
        return self

    def __exit__(self, *exc: object) -> None:
        self._http.close()

    def get(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Page:
        """The page at url (status 304 and no content when etag/last_modified still hold); FetchError otherwise."""
        headers = {k: v for k, v in (("If-None-Match", etag), ("If-Modified-Since", last_modified)) if v}
        final, answer = self._follow(url, headers, check_robots=True)
        if answer.status == 304 and headers:
            return Page(url, final, 304, b"", etag=etag, last_modified=last_modified)
        if not 200 <= answer.status < 300:
            kind = "http_error" if answer.status >= 400 else "fetch_failed"
            tries = f" ({self.policy.tries} tries)" if answer.status in RETRY_STATUS else ""
            raise FetchError(url, f"HTTP {answer.status} {answer.reason}".rstrip() + tries, kind, answer.status)
        h = answer.headers
        return Page(
            url, final, answer.status, answer.content, h.get("content-type"), h.get("etag"), h.get("last-modified")
        )

    def _follow(self, url: str, headers: dict[str, str], check_robots: bool) -> tuple[str, _Answer]:
        seen, current = [url], url
        for _ in range(self.policy.max_redirects + 1):
            parts = urlsplit(current)
            if parts.scheme not in ("http", "https") or not parts.hostname:
                raise FetchError(url, f"{current} is not an http(s) address")
            if check_robots and not self._robots.allowed(current):
                raise FetchError(
                    url, f"refused by robots.txt of {parts.hostname} ({parts.path or '/'})", "robots_refused"
                )
            answer = self._send(url, current, headers)
            if answer.status not in REDIRECT_STATUS:
                return current, answer
            location = answer.headers.get("location")
            if not location:
                raise FetchError(url, f"HTTP {answer.status} redirect without a Location", status=answer.status)
            current = urljoin(current, location.strip())
            if current in seen:
                raise FetchError(url, "redirect loop: " + " -> ".join([*seen[seen.index(current) :], current]))
            seen.append(current)
        raise FetchError(url, f"more than {self.policy.max_redirects} redirects")

    def _pace(self, host: str) -> None:
        gap = max(self.policy.interval, self._robots.delay(host))
        wait = self._last.get(host, -gap) + gap - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self._last[host] = time.monotonic()

    def _send(self, url: str, current: str, headers: dict[str, str]) -> _Answer:
        """One request, tried again on 5xx, 429 and broken connections."""
        p, problem = self.policy, ""
        host = urlsplit(current).netloc
        for attempt in range(p.tries):
            if attempt:
                time.sleep(min(p.backoff * 2 ** (attempt - 1), p.max_wait))
            self._pace(host)
            self.requests += 1
            try:
                with self._http.stream("GET", current, headers=headers) as r:
                    answer = _Answer(r.status_code, r.reason_phrase, r.headers)
                    if r.status_code in RETRY_STATUS and attempt + 1 < p.tries:
                        self._retry_after(r.headers)
                        continue
                    if 200 <= r.status_code < 300:
                        answer.content = self._read(url, r)
                    return answer
            except httpx.TimeoutException:
                problem = f"no answer within {p.timeout:g} s"
            except httpx.TransportError as exc:
                problem = f"connection failed ({type(exc).__name__}: {exc})".replace(" ()", "")
        raise FetchError(url, f"{problem}, {p.tries} tries")

    def _retry_after(self, headers: httpx.Headers) -> None:
        value = headers.get("retry-after", "")
        if value.isdigit():
            time.sleep(min(int(value), self.policy.max_wait))

    def _read(self, url: str, r: httpx.Response) -> bytes:
        cap = self.policy.max_bytes
        declared = r.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > cap:
            raise FetchError(url, f"too large: {int(declared):,} bytes declared, the cap is {cap:,}")
        body = bytearray()
        for chunk in r.iter_bytes(CHUNK):
            body += chunk
            if len(body) > cap:
                raise FetchError(url, f"too large: more than the cap of {cap:,} bytes")
        return bytes(body)

    def _fetch_robots(self, robots_url: str) -> tuple[int, bytes]:
        """Status and body of a robots.txt (redirects followed, no robots check); FetchError when unreachable."""
        _, answer = self._follow(robots_url, {}, check_robots=False)
        return answer.status, answer.content
