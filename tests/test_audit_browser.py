"""Judging an audit of 100 items in a real headless Chromium with the
keyboard alone: no click, no mouse move.

Needs Playwright (pip, extra ``browser``) and Debian's chromium at
/usr/bin/chromium; skips cleanly without them (the pattern of test_browser.py).
"""
from __future__ import annotations

import json
import os
from collections import Counter

import pytest

CHROMIUM = "/usr/bin/chromium"

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
if not os.path.exists(CHROMIUM):
    pytest.skip(f"{CHROMIUM} not installed", allow_module_level=True)

from dateline.audit_store import Audits  # noqa: E402
from dateline.store import Store  # noqa: E402
from test_audit import _judgements, build  # noqa: E402
from test_web import LiveServer  # noqa: E402


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


def test_judge_100_items_with_the_keyboard_in_chromium(browser, tmp_path):
    db = str(tmp_path / "audit.db")
    build(db, {"Outlet A": (20, 4), "Outlet B": (10, 4)})  # 120 counts
    with Store(db) as s:
        aid = Audits(s).start("counts", n=100, seed=11)
    ctx = browser.new_context(viewport={"width": 1366, "height": 800})
    page = ctx.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    with LiveServer(db, audit=True) as srv:
        page.goto(f"{srv.url}/audits/{aid}/judge")
        # the extracted value is highlighted inside its paragraph, its sentence marked
        assert page.locator(".au-par .au-s .au-v, .au-par .au-v.au-s").count() >= 1
        kb = page.keyboard
        for i in range(100):
            page.wait_for_selector(f"#au-item:text-is('item {i + 1} of 100')")
            if i % 10 == 3:  # wrong: the category, with the right one typed in
                kb.press("n")
                assert page.locator("#au-wrong").is_visible()
                kb.press("3")  # tick the third field (category)
                kb.press("Tab")  # -> its correction
                assert page.evaluate("document.activeElement.name") == "correction_category"
                kb.type("killed")
                with page.expect_navigation():
                    kb.press("Enter")
            elif i % 10 == 7:
                with page.expect_navigation():
                    kb.press("s")
            elif i == 50:  # look back one item with k, come back with j, then judge
                with page.expect_navigation():
                    kb.press("k")
                page.wait_for_selector("#au-item:text-is('item 50 of 100')")
                assert "Judged right" in page.locator(".au-prior").inner_text()
                with page.expect_navigation():
                    kb.press("j")
                page.wait_for_selector("#au-item:text-is('item 51 of 100')")
                with page.expect_navigation():
                    kb.press("y")
            else:
                with page.expect_navigation():
                    kb.press("y")
        # all judged: the report
        page.wait_for_url(f"**/audits/{aid}")
        assert page.locator("table.audit-report tr.overall").inner_text().split()[1:3] == ["80", "90"]
        assert page.locator(".audit-wrong li").count() == 10
        assert page.locator("img.audit-chart").is_visible()
    ctx.close()
    assert not errors, errors
    got = _judgements(db, aid)
    assert Counter(v for _, v, _, _ in got) == {"right": 80, "wrong": 10, "skip": 10}
    assert {(f, c) for _, v, f, c in got if v == "wrong"} == {('["category"]', json.dumps({"category": "killed"}))}


def test_read_only_server_shows_no_judging(browser, tmp_path):
    db = str(tmp_path / "ro.db")
    build(db, {"Outlet A": (2, 2)})
    with Store(db) as s:
        aid = Audits(s).start("quotes", n=3, seed=1)
    ctx = browser.new_context()
    page = ctx.new_page()
    with LiveServer(db) as srv:
        page.goto(f"{srv.url}/audits/{aid}/judge")
        assert page.locator("form#judge").count() == 0
        page.keyboard.press("y")  # nothing to submit: the page stays
        assert "Read-only" in page.locator("main").inner_text()
    ctx.close()
    assert _judgements(db, aid) == []
