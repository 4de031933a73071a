"""The shipped site in a real browser, from file:// with no network: search, trees, matrix, pairs,
dark mode, a phone, and accessibility. Every request to another host fails the test."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import versus
from support import ROOT


def file_url(site: Path, page: str) -> str:
    return (site / page).as_uri()

KB = versus.load(ROOT / "data").knowledge_base
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}


def test_search_from_file_url_finds_generated_content(site: Path, open_page, shots: Path) -> None:
    term = "tf2onnx"
    assert term not in " ".join(p.read_text() for p in (ROOT / "content").glob("*.md")), "must be generated-only"
    page, _ = open_page(file_url(site, "index.html"))
    page.click("input.md-search__input")
    page.keyboard.type(term)
    page.locator(".md-search-result__item a").first.wait_for(timeout=15000)
    page.screenshot(path=str(shots / "search-file-url.png"))
    result = page.locator(".md-search-result__item a[href*='tools/tf2onnx.html']").first
    result.click()
    page.wait_for_load_state()
    assert page.url.startswith("file://") and "/tools/tf2onnx.html" in page.url
    assert "tf2onnx" in page.locator("h1").inner_text()


@pytest.mark.parametrize("javascript", [True, False], ids=["js-on", "js-off"])
@pytest.mark.parametrize("tree_id", sorted(KB.records["decision"]))
def test_walk_each_tree_from_root_to_outcome(site: Path, open_page, shots: Path, tree_id: str, javascript: bool) -> None:
    tree = KB.get(tree_id, "decision")
    page, _ = open_page(file_url(site, f"decisions/{tree_id}.html"), java_script_enabled=javascript)
    page.locator(f"a[href='#q-{tree.start}']").first.click()
    current, steps = f"q-{tree.start}", 0
    while current.startswith("q-"):
        assert page.url.endswith(f"#{current}")
        answers = page.locator(f"h2#{current} ~ ul").first.locator("a")
        link = answers.nth(steps % answers.count())  # vary the path: a different answer at each depth
        current = link.get_attribute("href").lstrip("#")
        link.click()
        steps += 1
        assert steps < 20, "the walk does not end"
    assert page.url.endswith(f"#{current}") and page.locator(f"h2#{current}").is_visible()
    outcome = next(o for o in tree.outcomes if f"o-{o.id}" == current)
    section = page.locator(f"h2#{current} ~ ul").first.inner_text()
    for subject_id in outcome.recommends:
        assert KB.get(subject_id, "subject").name in section
    if tree_id == sorted(KB.records["decision"])[0] and javascript:
        page.screenshot(path=str(shots / "tree-walk.png"))


def test_matrix_shows_every_verdict(site: Path, open_page) -> None:
    page, _ = open_page(file_url(site, "matrix.html"))
    rows = page.locator(".versus-grid tbody tr")
    by_factor = {}
    for index in range(rows.count()):
        row = rows.nth(index)
        by_factor[row.locator("th").inner_text().strip()] = row.locator("td").last.inner_text().strip()
    for factor in KB.of("factor"):
        verdict = by_factor[factor.name]
        names = [KB.get(w, "subject").name for w in factor.verdict.winners]
        expected = ("Tie: " + " = ".join(names)) if factor.verdict.is_tie else f"★ {names[0]}"
        assert verdict.startswith(expected), (factor.name, verdict)


def test_pair_page_verdicts_match_the_engine(site: Path, open_page) -> None:
    from versus.views import pair_verdict

    a, b = KB.get("subject:pytorch"), KB.get("subject:tensorflow")
    page, _ = open_page(file_url(site, "compare/pytorch-vs-tensorflow.html"))
    rows = page.locator("table").first.locator("tbody tr")
    for index, factor in enumerate(KB.of("factor")):
        shown = rows.nth(index).locator("td").last.inner_text()
        verdict = pair_verdict(KB, factor, a, b)
        expected = f"★ {verdict.winner.name}" if verdict.winner else ("Tie" if verdict.tie else "No verdict")
        assert shown.startswith(expected), (factor.name, shown)


def test_dark_mode_toggle(site: Path, open_page, shots: Path) -> None:
    page, _ = open_page(file_url(site, "compare/jax-vs-pytorch.html"))
    assert page.get_attribute("body", "data-md-color-scheme") == "default"
    page.locator("label[for='__palette_1']").click()
    assert page.get_attribute("body", "data-md-color-scheme") == "slate"
    page.screenshot(path=str(shots / "pair-dark.png"))


def test_matrix_on_a_phone_is_one_card_per_factor(site: Path, open_page, shots: Path) -> None:
    page, _ = open_page(file_url(site, "matrix.html"), **PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390, "nothing may scroll sideways"
    cards = page.locator(".versus-grid tbody tr")
    assert cards.count() == len(KB.of("factor"))
    card = cards.first
    assert card.evaluate("row => getComputedStyle(row).display") == "grid"
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    text = card.inner_text()
    for subject in KB.subjects:  # each rating in the card is labelled with its subject
        assert subject.name in text
    page.screenshot(path=str(shots / "matrix-phone.png"))


# One page of every kind: hand-written, each generated section page, and a record and an index of
# every kind of record (taken from the data, so a new kind is covered without editing this list).
EVERY_KIND = ["index.html", "methodology.html", "404.html", "matrix.html", "compare/index.html",
              "compare/pytorch-vs-tensorflow.html", "compare/all.html", "compare/pick.html", "review.html",
              "reference.html"] + [f"{kind.folder}/{page}.html" for kind in versus.kinds.KINDS
                                   for page in ("index", KB.of(kind.name)[0].id) if KB.of(kind.name)]


@pytest.mark.parametrize("path", EVERY_KIND)
def test_no_serious_accessibility_violations(site: Path, open_page, axe_source: str, path: str) -> None:
    page, _ = open_page(file_url(site, path))
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    """Static check over every page: no script, stylesheet, image or font from another host."""
    loads = re.compile(r'<(?:script|img|iframe|source|audio|video)[^>]+src="(https?:)?//|<link[^>]+rel="(?:stylesheet|preconnect|preload|icon)"[^>]+href="(https?:)?//')
    offenders = [str(p.relative_to(site)) for p in site.rglob("*.html") if loads.search(p.read_text(encoding="utf-8"))]
    assert offenders == []
