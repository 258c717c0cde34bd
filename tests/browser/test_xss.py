"""No reflected or stored XSS, in the real browser: page text and queries that carry script are
shown as text, and no dialog ever opens. Checked twice: with the site's Content-Security-Policy, and
with it bypassed, so the escaping alone is proven (CSP would otherwise hide an escaping bug)."""
from __future__ import annotations

import shutil
import threading
from urllib.parse import quote

import pytest
from werkzeug.serving import make_server

from index import reindex
from searchapp import create_app

from ..conftest import RAW_PAGES
from .conftest import DESKTOP, Tab

PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(2)>", '"><svg onload=alert(3)>',
            "'><iframe src=javascript:alert(4)>", "</textarea><script>alert(5)</script>", "javascript:alert(6)",
            "<a href=javascript:alert(7)>klik</a>", "{{constructor.constructor('alert(8)')()}}"]
STORED = ("Skip til hoved indholdet\n    Hjem Nyheder Farlig side\n\nFarlig side\n\n"
          + "\n\n".join(f"Legepladser i Søborg nr. {n}: {payload}" for n, payload in enumerate(PAYLOADS)) + "\n")
# Elements an injection would add; the site itself has no inline script, no iframe, no svg.
INJECTED = "script:not([src]), img[src='x'], svg[onload], iframe, a[href^='javascript']"


@pytest.fixture(scope="module")
def xss_site(tmp_path_factory):
    """The app over the seed pages plus a page full of payloads, on a loopback port of its own."""
    root = tmp_path_factory.mktemp("xss")
    shutil.copytree(RAW_PAGES, root / "pages")
    (root / "pages" / "farlig.txt").write_text(STORED, encoding="utf-8")
    assert not reindex(root / "pages", root / "index").rejected
    server = make_server("127.0.0.1", 0, create_app({"INDEX_DIR": str(root / "index")}), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(params=["with CSP", "CSP bypassed"])
def watched(browser, request):
    """A tab that records every dialog (alert, confirm, prompt) any page opens."""
    tab = Tab(browser, viewport=DESKTOP, bypass_csp=request.param == "CSP bypassed")
    tab.dialogs = []

    def seen(dialog):
        tab.dialogs.append(dialog.message)
        dialog.dismiss()

    tab.page.on("dialog", seen)
    yield tab
    tab.close()


def _assert_inert(tab) -> None:
    tab.page.wait_for_timeout(200)  # onerror/onload handlers fire after load
    assert tab.dialogs == []
    assert tab.page.locator(INJECTED).count() == 0


def test_stored_payloads_in_page_text_are_shown_as_text(xss_site, watched):
    page = watched.page
    page.goto(f"{xss_site}/search?q=legepladser+søborg&per_page=50")
    body = page.inner_text("main")
    assert "<script>alert(1)</script>" in body and "<img src=x onerror=alert(2)>" in body
    _assert_inert(watched)
    page.click("text=Farlig side >> nth=0")
    page.wait_for_load_state()
    assert "<img src=x onerror=alert(2)>" in page.inner_text("main")
    _assert_inert(watched)


@pytest.mark.parametrize("path", ["/search", "/tidslinje"])
def test_reflected_payloads_in_the_query_are_shown_as_text(xss_site, watched, path):
    for payload in PAYLOADS:
        watched.page.goto(f"{xss_site}{path}?q={quote(payload)}")
        assert watched.page.input_value("#q") == payload  # echoed into the search box as typed
        _assert_inert(watched)


def test_payloads_typed_into_the_search_box_stay_text(xss_site, watched):
    page = watched.page
    page.goto(f"{xss_site}/")
    for payload in PAYLOADS:
        page.fill("#q", "")
        page.type("#q", payload, delay=5)  # autocomplete renders suggestions while typing
        page.wait_for_timeout(300)
        _assert_inert(watched)
    page.press("#q", "Enter")
    page.wait_for_load_state()
    _assert_inert(watched)
