"""The HTTP client against a site on 127.0.0.1: politeness, retries, redirects, size cap, robots.txt, failures."""

from __future__ import annotations

import itertools
import socket

import pytest

from etl.fetch.client import USER_AGENT, Client, FetchError, Policy

from .local_site import Reply, Site

FAST = Policy(timeout=2, tries=3, backoff=0.01, interval=0.01, max_redirects=3, max_bytes=100_000)
PAGE = Reply(body="<p>会談</p>".encode(), etag='"v1"', last_modified="Mon, 02 Nov 2026 00:00:00 GMT")


def _get(site: Site, path: str, policy: Policy = FAST, **conditional):
    with Client(policy, trust_env=False) as client:
        return client.get(site.url(path), **conditional)


def _fails(site: Site, path: str, policy: Policy = FAST) -> FetchError:
    with pytest.raises(FetchError) as info:
        _get(site, path, policy)
    assert "\n" not in str(info.value) and str(info.value).startswith(site.url(path) + ": error: ")
    return info.value


def test_a_page_is_fetched_after_robots_txt_with_our_user_agent():
    with Site({"/a": PAGE}) as site:
        page = _get(site, "/a")
    assert page.status == 200 and page.content == PAGE.body
    assert (page.etag, page.last_modified, page.final_url) == (PAGE.etag, PAGE.last_modified, site.url("/a"))
    assert site.paths() == ["/robots.txt", "/a"]
    assert {r.headers["user-agent"] for r in site.requests} == {USER_AGENT}
    assert USER_AGENT.startswith("mofa-readouts-etl/") and "robots.txt" in USER_AGENT


def test_a_conditional_request_for_an_unchanged_page_gives_304_and_no_body():
    with Site({"/a": PAGE}) as site:
        page = _get(site, "/a", etag='"v1"')
        changed = _get(site, "/a", etag='"v0"')
    assert (page.status, page.content) == (304, b"")
    assert site.requests[1].headers["if-none-match"] == '"v1"'
    assert changed.status == 200


def test_404_fails_at_once_naming_the_url_and_the_status():
    with Site() as site:
        err = _fails(site, "/gone")
    assert err.kind == "http_error" and err.status == 404
    assert str(err) == f"{site.url('/gone')}: error: HTTP 404 Not Found"
    assert site.paths() == ["/robots.txt", "/gone"]  # a 4xx is not tried again


def test_500_then_200_is_tried_again():
    with Site({"/flaky": [Reply(500), Reply(503), PAGE]}) as site:
        page = _get(site, "/flaky")
    assert page.content == PAGE.body
    assert site.paths() == ["/robots.txt", "/flaky", "/flaky", "/flaky"]


def test_a_server_error_that_persists_gives_up_after_the_tries():
    with Site({"/down": Reply(500)}) as site:
        err = _fails(site, "/down")
    assert err.kind == "http_error" and err.reason == "HTTP 500 Internal Server Error (3 tries)"
    assert site.paths().count("/down") == 3


def test_a_page_that_does_not_answer_in_time_fails_after_the_tries():
    slow = Policy(timeout=0.3, tries=2, backoff=0.01, interval=0.01)
    with Site({"/slow": Reply(body=b"late", delay=1.0)}) as site:
        err = _fails(site, "/slow", slow)
    assert err.kind == "fetch_failed" and err.reason == "no answer within 0.3 s, 2 tries"
    assert site.paths().count("/slow") == 2


def test_a_closed_port_is_a_connection_failure():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    url = f"http://127.0.0.1:{port}/a"
    with Client(FAST, trust_env=False) as client, pytest.raises(FetchError) as info:
        client.get(url)
    assert str(info.value).startswith(f"{url}: error: ")
    # robots.txt could not be read either, so the site is kept off: no request to the page is made
    assert info.value.kind == "robots_refused"


def test_redirects_are_followed_within_limits():
    hop = {"/r1": Reply(301, headers={"Location": "/r2"}), "/r2": Reply(302, headers={"Location": "/a"}), "/a": PAGE}
    with Site(hop) as site:
        page = _get(site, "/r1")
        short = Policy(timeout=2, tries=1, interval=0.01, max_redirects=1)
        err = _fails(site, "/r1", short)
    assert page.final_url == site.url("/a") and page.url == site.url("/r1")
    assert err.reason == "more than 1 redirects"


def test_a_redirect_loop_is_named():
    loop = {"/a": Reply(302, headers={"Location": "/b"}), "/b": Reply(302, headers={"Location": "/a"})}
    with Site(loop) as site:
        err = _fails(site, "/a")
    assert err.reason == f"redirect loop: {site.url('/a')} -> {site.url('/b')} -> {site.url('/a')}"
    assert site.paths() == ["/robots.txt", "/a", "/b"]


@pytest.mark.parametrize("endless", [False, True], ids=["declared length", "streamed without length"])
def test_a_huge_response_is_abandoned_at_the_cap(endless):
    huge = Reply(body=b"x" * 65536 if endless else b"x" * 200_000, endless=endless)
    with Site({"/huge": huge}) as site:
        err = _fails(site, "/huge")
    assert err.kind == "fetch_failed" and err.reason.startswith("too large: ")
    assert "100,000" in err.reason


ROBOTS = "User-agent: *\nDisallow: /private/\n"
OUR_ROBOTS = "User-agent: Googlebot\nDisallow: /\n\nUser-agent: mofa-readouts-etl\nDisallow: /no-etl/\n"


@pytest.mark.parametrize(("robots", "path"), [(ROBOTS, "/private/x.html"), (OUR_ROBOTS, "/no-etl/y.html")])
def test_robots_txt_is_respected_and_the_page_never_asked_for(robots, path):
    routes = {"/robots.txt": Reply(body=robots.encode(), content_type="text/plain"), path: PAGE, "/open.html": PAGE}
    with Site(routes) as site:
        err = _fails(site, path)
        _get(site, "/open.html")  # what robots.txt does not forbid is fetched
    assert err.kind == "robots_refused" and err.reason.startswith("refused by robots.txt of 127.0.0.1")
    assert path not in site.paths() and "/open.html" in site.paths()


def test_a_redirect_into_a_disallowed_path_is_refused():
    routes = {
        "/robots.txt": Reply(body=ROBOTS.encode(), content_type="text/plain"),
        "/open": Reply(302, headers={"Location": "/private/x.html"}),
        "/private/x.html": PAGE,
    }
    with Site(routes) as site:
        err = _fails(site, "/open")
    assert err.kind == "robots_refused" and "/private/x.html" not in site.paths()


def test_robots_txt_that_cannot_be_read_keeps_the_crawler_off_the_site():
    with Site({"/robots.txt": Reply(503), "/a": PAGE}) as site:
        err = _fails(site, "/a")
    assert err.kind == "robots_refused" and "/a" not in site.paths()


# The client paces the moments it sends; the server stamps the moments requests arrive, and a request
# may arrive a little late on a busy machine (one did, by 13 ms), which shortens the gap after it.
ARRIVAL_JITTER = 0.08


def test_requests_to_one_host_are_paced():
    paced = Policy(timeout=2, tries=1, interval=0.3)
    with Site({"/a": PAGE, "/b": PAGE}) as site, Client(paced, trust_env=False) as client:
        for path in ("/a", "/b", "/a"):
            client.get(site.url(path))
    times = [r.at for r in site.requests]
    assert len(times) == 4  # robots.txt counts too
    assert all(b - a >= 0.3 - ARRIVAL_JITTER for a, b in itertools.pairwise(times)), times


def test_a_crawl_delay_in_robots_txt_slows_us_further():
    robots = Reply(body=b"User-agent: *\nCrawl-delay: 1\n", content_type="text/plain")
    with Site({"/robots.txt": robots, "/a": PAGE}) as site, Client(FAST, trust_env=False) as client:
        client.get(site.url("/a"))
        client.get(site.url("/a"))
    times = [r.at for r in site.requests]
    assert times[2] - times[1] >= 1 - ARRIVAL_JITTER
