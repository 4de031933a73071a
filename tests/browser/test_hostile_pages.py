"""Every page of the hostile corpus's site (tests/hostile.py: each route of the issue, built with
validation's text rules off) opens in Chromium, with the site's own scripts, and no dialog opens."""

from __future__ import annotations

from pathlib import Path


def test_no_page_of_the_hostile_site_opens_a_dialog(hostile_corpus_site: Path, browser) -> None:
    pages = sorted(hostile_corpus_site.rglob("*.html"))
    assert len(pages) > 20
    context = browser.new_context()
    context.set_default_timeout(10000)
    dialogs: list[str] = []
    errors: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(f"{page.url}: {dialog.message}"), dialog.dismiss()))
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    try:
        for path in pages:
            page.goto(path.as_uri(), wait_until="load")
            # give autofocus, onload and the site's scripts a moment, then hover and focus what is there
            page.wait_for_timeout(50)
            page.mouse.move(200, 300)
            page.keyboard.press("Tab")
        assert dialogs == []
        assert errors == []
    finally:
        context.close()
