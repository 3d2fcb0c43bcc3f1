"""`etl fetch URL...` and `etl crawl INDEX_URL...`: readouts from where they are published, into readouts/.

Both print one line per URL (taken, skipped and why, or the error) and keep
readouts/coverage.csv, which is written even when the run is interrupted.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from etl.commands.store import Store
from etl.fetch.client import Client, Policy
from etl.fetch.crawl import Session, crawl, fetch_url
from etl.source.coverage import coverage_path, read_coverage, write_coverage


@dataclass
class Outcome:
    failures: int  # URLs that failed or held no readout
    requests: int  # HTTP requests sent
    coverage_changed: bool


def _run(
    readouts: Path,
    work: Callable[[Session], None],
    *,
    policy: Policy | None = None,
    publisher: str | None = None,
    license: str | None = None,
    today: dt.date | None = None,
    cache: Path | None = None,
    say: Callable[[str], None] = print,
    trust_env: bool = True,
) -> Outcome:
    """Run `work` in one session over readouts/, keeping readouts/coverage.csv.

    Options: policy (rate, retries, caps), publisher and license of what is
    taken in, today (the retrieval day), cache (the parse cache), say (where
    lines go), trust_env (proxy settings from the environment)."""
    today = today or dt.date.today()
    store = Store(readouts, publisher=publisher, license=license, retrieved=today, cache=cache, say=say)
    path = coverage_path(readouts)
    coverage = read_coverage(path)
    with Client(policy or Policy(), trust_env=trust_env) as client:
        session = Session(client, coverage, store.known(), store.take, today, say)
        try:
            work(session)
        finally:
            changed = write_coverage(path, coverage) if coverage else False
    return Outcome(session.failures, client.requests, changed)


def fetch(urls: list[str], readouts: Path, **options) -> Outcome:
    """Fetch each URL and take its readout into readouts/ (options: see _run)."""

    def work(s: Session) -> None:
        for url in urls:
            fetch_url(s, url)

    return _run(readouts, work, **options)


def crawl_listings(index_urls: list[str], readouts: Path, **options) -> Outcome:
    """Read the listing pages and take in the readouts they link to that are not known yet (options: see _run)."""
    return _run(readouts, lambda s: crawl(s, index_urls), **options)
