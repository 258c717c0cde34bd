"""Pytest fixtures for the crawler's tests (imported by the ``tests/test_crawl*.py`` modules)."""
from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest

from crawl import CrawlOptions

from .server import FixtureSite

# Short enough that the misbehaving URLs cost a test a few seconds at most.
TEST_TIMEOUT = 0.5
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy")


@pytest.fixture
def site():
    """The fixture site, served on a free loopback port for one test."""
    with FixtureSite() as served:
        yield served


def options_for(site: FixtureSite, pages_dir: Path, **overrides) -> CrawlOptions:
    """Crawl options for the fixture site: no delay, short timeouts, fast retries, no proxies."""
    settings = dict(site=site.url, pages_dir=pages_dir, delay=0.0, timeout=TEST_TIMEOUT, total_timeout=2.0,
                    retries=1, backoff=0.01, max_bytes=256 * 1024, grace_days=0.0, trust_env=False)
    settings.update(overrides)
    return CrawlOptions(**settings)


@pytest.fixture
def quick_site():
    """The fixture site without the URLs that hang, drip or stream for ever (for tests about other things)."""
    with FixtureSite(slow_traps=False) as served:
        yield served


@pytest.fixture
def no_proxies(monkeypatch):
    """The CLI honours proxy variables (as it should on a server); a proxy set on the machine running
    the tests must not be asked for 127.0.0.1."""
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)


def stored_pages(pages_dir: Path) -> dict[str, Path]:
    """URL path → the crawled page file holding it, read from each file's ``URL:`` header line."""
    found = {}
    for path in sorted(pages_dir.glob("*.html")):
        first = path.read_bytes().split(b"\n", 1)[0].decode("utf-8")
        assert first.startswith("URL: "), f"{path.name} has no URL header"
        found[urlsplit(first[5:]).path] = path
    return found
