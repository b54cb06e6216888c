"""End to end in a real headless Chromium: search, open an article, see its
highlighted quotes and their attribution on hover and on keyboard focus;
a reporter's path (search -> article -> person -> quotes CSV -> claims ->
story) on a laptop and on a 390 px phone.

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
    assert page.locator("svg.chart").count() == 0  # no chart joining the figures of unrelated events
    header = page.locator("table.side-by-side thead").inner_text()
    assert "Lena Park" in header and "Red Lantern" in header
    row = page.locator("table.side-by-side tbody tr", has_text="2026-03-05").inner_text()
    assert "5,000" in row and "8,000" in row
    shot(page, "claims", tmp_path)
    page.goto(server.url + "/quotes?speaker=Lena+Park")
    assert page.locator(".quote-row").count() == 4
    shot(page, "quotes", tmp_path)


def _fits(page) -> None:
    """Nothing wider than the screen: wide tables scroll inside their own box."""
    wide = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert wide[0] <= wide[1] + 1, (page.url, wide)


@pytest.mark.parametrize("width", [1366, 390], ids=["desktop", "phone"])
def test_reporter_path_search_article_person_quotes_csv_claims_story(server, browser, tmp_path, width):
    import csv
    import io

    ctx = browser.new_context(viewport={"width": width, "height": 800 if width > 600 else 844}, accept_downloads=True)
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    try:
        page.goto(server.url + "/")
        page.get_by_label("Who said what about…").fill("Marlow")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search?q=Marlow*")
        chart = page.locator("img.timebars")
        page.wait_for_function("() => document.querySelector('img.timebars').complete")
        assert chart.evaluate("e => e.naturalWidth") > 0  # the image loaded (the SVG chart)
        assert chart.is_visible() and chart.bounding_box()["width"] >= 300  # matching articles over time
        assert chart.bounding_box()["height"] >= 70  # not shrunk to nothing on a phone
        _fits(page)
        shot(page, f"path-{width}-search", tmp_path)

        page.get_by_role("link", name=FLOOD).click()
        page.wait_for_selector("#body .q")
        _fits(page)
        page.locator("#body a.pm").first.click()
        page.wait_for_url("**/people/Lena%20Park")
        assert page.locator("h1").inner_text() == "Lena Park"
        _fits(page)
        shot(page, f"path-{width}-person", tmp_path)

        page.goto(server.url + "/quotes?speaker=Lena+Park")
        with page.expect_download() as got:
            page.locator(".downloads").get_by_role("link", name="CSV").click()
        rows = list(csv.DictReader(io.StringIO(Path(got.value.path()).read_text(encoding="utf-8"))))
        assert len(rows) == 4 and {r["speaker"] for r in rows} == {"Lena Park"}
        assert got.value.suggested_filename == "quotes.csv"
        _fits(page)

        page.goto(server.url + "/claims")
        assert page.locator("select[name=category] option:checked").inner_text().startswith("displaced")
        table = page.locator("table.side-by-side")
        assert table.is_visible()
        _fits(page)  # the side-by-side table scrolls inside its wrapper
        shot(page, f"path-{width}-claims", tmp_path)

        page.goto(server.url + "/stories")
        page.locator("a.hit-title", has_text="Marlow").first.click()
        page.wait_for_selector(".timeline")
        assert page.locator(".story-quotes li").count() >= 1
        assert "Lena Park" in page.locator(".timeline").inner_text()
        _fits(page)
        shot(page, f"path-{width}-story", tmp_path)
    finally:
        ctx.close()
    assert not errors, errors
