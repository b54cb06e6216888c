"""End to end in a real headless Chromium: search, open an article, see its
highlighted quotes and their attribution on hover and on keyboard focus.

Needs Playwright (pip) and Debian's chromium at /usr/bin/chromium; skips
cleanly without them.  Set DATELINE_SCREENSHOTS=DIR to keep screenshots.
"""
from __future__ import annotations

import os
from pathlib import Path

import pytest

CHROMIUM = "/usr/bin/chromium"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} not installed", allow_module_level=True)

from test_web import FLOOD, LiveServer, build_archive  # noqa: E402


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    db = str(tmp_path_factory.mktemp("browser") / "web.db")
    build_archive(db)
    with LiveServer(db) as srv:
        yield srv


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as p:
        try:
            b = p.chromium.launch(executable_path=CHROMIUM, headless=True,
                                  args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"])
        except Exception as e:  # pragma: no cover - a broken local chromium
            pytest.skip(f"chromium does not start: {e}")
        yield b
        b.close()


@pytest.fixture
def page(browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 800})  # a laptop screen
    pg = ctx.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield pg
    ctx.close()
    assert not errors, errors  # no script errors, no CSP violations


def shot(page, name: str, tmp_path: Path) -> None:
    out = Path(os.environ.get("DATELINE_SCREENSHOTS") or tmp_path)
    out.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(out / f"{name}.png"), full_page=True)


def test_search_open_article_see_highlighted_quotes(server, page, tmp_path):
    page.goto(server.url + "/")
    page.get_by_label("Who said what about…").fill("displaced shelters")
    page.keyboard.press("Enter")
    page.wait_for_url("**/search?q=displaced+shelters*")
    hits = page.locator(".hit")
    assert hits.count() >= 1
    assert page.locator(".hit mark").first.inner_text().lower() in ("displaced", "shelters")
    shot(page, "search", tmp_path)

    page.get_by_role("link", name=FLOOD).click()
    page.wait_for_selector("#body .q")
    quotes = page.locator("#body .q")
    assert quotes.count() == 3
    # the governor's two quotes share a colour; the unnamed source looks different
    colour = lambda i: quotes.nth(i).evaluate("e => getComputedStyle(e).backgroundColor")  # noqa: E731
    assert colour(0) == colour(1) != colour(2)
    assert colour(0) not in ("rgba(0, 0, 0, 0)", "transparent")
    # the legend names the speakers
    legend = page.locator(".legend .speakers")
    assert "Lena Park" in legend.inner_text() and "Unnamed source" in legend.inner_text()
    # hover shows the attribution
    quotes.nth(0).hover()
    tip = page.locator("#tip")
    tip.wait_for(state="visible")
    assert tip.inner_text() == "Lena Park (Governor) — said"
    shot(page, "article-hover", tmp_path)
    # ...and so does keyboard focus
    page.mouse.move(0, 0)
    quotes.nth(2).focus()
    tip.wait_for(state="visible")
    assert tip.inner_text().startswith("Unnamed source (a volunteer from the Red Lantern relief group)")
    # news text with markup characters is shown as text
    assert "the roads <still> closed." in quotes.nth(2).inner_text()
    # a count explains itself on focus
    page.locator("#body .n").first.focus()
    assert "claimed by regional emergency office" in tip.inner_text()
    shot(page, "article-focus", tmp_path)
    # the people mention leads to the person page
    page.locator("#body a.pm").first.click()
    page.wait_for_url("**/people/Lena%20Park")
    assert page.locator("h1").inner_text() == "Lena Park"
    assert "Tove Rask" in page.locator(".side").inner_text()
    shot(page, "person", tmp_path)


def test_claims_page_compares_numbers(server, page, tmp_path):
    page.goto(server.url + "/claims?category=displaced")
    assert page.locator("svg.chart").is_visible()
    header = page.locator("table.side-by-side thead").inner_text()
    assert "Lena Park" in header and "Red Lantern" in header
    row = page.locator("table.side-by-side tbody tr", has_text="2026-03-05").inner_text()
    assert "5,000" in row and "8,000" in row
    shot(page, "claims", tmp_path)
    page.goto(server.url + "/quotes?speaker=Lena+Park")
    assert page.locator(".quote-row").count() == 4
    shot(page, "quotes", tmp_path)
