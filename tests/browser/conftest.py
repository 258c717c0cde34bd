"""Browser fixtures: the real server (``kommunesog serve``) on a temp index, and Debian's Chromium
driven by Playwright. A missing tool skips these tests locally and fails them under CI=true."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from bench.serve import servers
from tests.conftest import FIXTURES, RAW_PAGES, ROOT, require

CHROMIUM = Path(os.environ.get("KOMMUNESOG_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = ROOT / "test-artifacts"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

# Page-load figures per page, written to test-artifacts/browser-timings.json and shown at the end.
TIMINGS: dict[str, dict] = {}
AXE_SUMMARY: dict[str, dict] = {}


def _cli(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "searchapp", *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, **kwargs)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> str:
    """``kommunesog serve`` on a free loopback port, over an index built by ``kommunesog reindex``
    from a temp copy of raw_pages/ plus HTML pages that carry source URLs. Yields the base URL."""
    root = tmp_path_factory.mktemp("live")
    pages, index = root / "pages", root / "index"
    shutil.copytree(RAW_PAGES, pages)
    for page in (FIXTURES / "havby_html").iterdir():
        shutil.copy(page, pages / page.name)
    built = _cli("reindex", "--pages", str(pages), "--index", str(index), "--json", "--quiet")
    assert built.returncode == 0, built.stderr
    with servers(index, threads=4, log_paths=[root / "server.log"]) as [(port, _)]:
        yield f"http://127.0.0.1:{port}"


def api(base: str, path: str) -> dict:
    """GET a JSON endpoint of the live server."""
    with urllib.request.urlopen(base + path, timeout=10) as response:
        return json.load(response)


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium under Playwright; never a downloaded browser."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        sync_playwright = None
    require(sync_playwright is not None, "playwright is not installed (pip install -e '.[test]')")
    require(CHROMIUM.exists(), f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


class Tab:
    """A page in a fresh browser context, with every console error and uncaught exception it saw."""

    def __init__(self, browser, **context_options):
        self.context = browser.new_context(locale="da-DK", **context_options)
        self.context.set_default_timeout(10_000)
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.page.on("console", lambda msg: self.errors.append(f"console: {msg.text}")
                     if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(f"exception: {exc}"))

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def tab(browser):
    """A desktop-sized page with the site's real Content-Security-Policy in force."""
    opened = Tab(browser, viewport=DESKTOP)
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    missing = ("npm is not installed (apt-get install npm)" if shutil.which("npm") is None
               else "run `make test` or npm ci")
    require(AXE.exists(), f"axe-core ({AXE.relative_to(ROOT)}) is missing: {missing}")
    return AXE


def record_timing(name: str, page) -> None:
    """Keep the Navigation Timing figures of the page just loaded."""
    figures = page.evaluate("""() => {
        const [nav] = performance.getEntriesByType('navigation');
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        return {ttfb_ms: nav.responseStart - nav.requestStart,
                dom_content_loaded_ms: nav.domContentLoadedEventEnd - nav.startTime,
                load_ms: nav.loadEventEnd - nav.startTime,
                first_contentful_paint_ms: paint ? paint.startTime : null,
                html_bytes: nav.transferSize,
                resources_bytes: performance.getEntriesByType('resource')
                    .reduce((sum, r) => sum + r.transferSize, 0)};
    }""")
    TIMINGS[name] = {k: round(v, 1) if isinstance(v, float) else v for k, v in figures.items()}


def pytest_sessionfinish(session):
    if not (TIMINGS or AXE_SUMMARY):
        return
    ARTIFACTS.mkdir(exist_ok=True)
    if TIMINGS:
        (ARTIFACTS / "browser-timings.json").write_text(json.dumps(TIMINGS, indent=2))
    if AXE_SUMMARY:
        (ARTIFACTS / "axe-summary.json").write_text(json.dumps(AXE_SUMMARY, indent=2))


def pytest_terminal_summary(terminalreporter):
    if AXE_SUMMARY:
        terminalreporter.section("axe-core (WCAG 2.1 A/AA)")
        for name, summary in sorted(AXE_SUMMARY.items()):
            terminalreporter.write_line(f"{name:<28} violations {summary['violations']:>2}  "
                                        f"passes {summary['passes']:>3}  incomplete {summary['incomplete']:>2}")
    if TIMINGS:
        terminalreporter.section("page timings (ms, Chromium, loopback)")
        for name, figures in sorted(TIMINGS.items()):
            terminalreporter.write_line(
                f"{name:<28} ttfb {figures['ttfb_ms']:>6}  fcp {figures['first_contentful_paint_ms']}  "
                f"dcl {figures['dom_content_loaded_ms']:>6}  load {figures['load_ms']:>6}  "
                f"html {figures['html_bytes']} B")
    if TIMINGS or AXE_SUMMARY:
        terminalreporter.write_line(f"screenshots and reports: {ARTIFACTS}")
