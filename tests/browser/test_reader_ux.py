"""The site as a reader meets it, at a laptop's width (1366 px) and a phone's (390 px): navigation on
every page, the matrix's sticky headers, pair pages as cards on phones, search ranking records first,
decision-tree outcomes highlighted, and a 404 page that works from disk and under a sub-path."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from pathlib import Path

import pytest

import versus
from support import ROOT
from versus.pagemeta import plain_text

KB = versus.load(ROOT / "data").knowledge_base
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
WIDTHS = {"desktop": DESKTOP, "phone": PHONE}


STYLED = "getComputedStyle(document.querySelector('.md-header')).position === 'sticky'"


def _url(site: Path, page: str) -> str:
    return (site / page.split("#")[0]).as_uri() + (("#" + page.split("#")[1]) if "#" in page else "")


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", ["index.html", "matrix.html", "compare/jax-vs-pytorch.html", "tools/onnx.html",
                                  "tools/index.html", "decisions/how-to-ship.html", "compare/pick.html"])
def test_navigation_is_visible_on_every_page(site: Path, open_page, path: str, width: str) -> None:
    page, _ = open_page(_url(site, path), **WIDTHS[width])
    tabs = page.locator(".md-tabs .md-tabs__link")
    assert tabs.count() >= 4
    for index in range(3):  # the first sections are on screen, without opening any menu
        box = tabs.nth(index).bounding_box()
        assert tabs.nth(index).is_visible() and box, (path, index)
        assert 0 <= box["x"] and box["x"] + box["width"] <= WIDTHS[width]["viewport"]["width"]
        assert 0 <= box["y"] < 120
    labels = [tabs.nth(i).inner_text().strip() for i in range(tabs.count())]
    assert {"Home", "Compare", "Browse"} <= set(labels)


def test_record_pages_show_their_section(site: Path, open_page) -> None:
    page, _ = open_page(_url(site, "tools/onnx.html"), **DESKTOP)
    assert page.locator(".md-tabs__item--active").inner_text().strip() == "Browse"
    sidebar = page.locator(".md-sidebar--primary .md-nav__link", has_text="Tools").first
    assert sidebar.is_visible()


def test_matrix_header_row_sticks_and_factor_column_is_pinned(site: Path, open_page, shots: Path) -> None:
    page, _ = open_page(_url(site, "matrix.html"), **DESKTOP)
    header = page.locator(".versus-grid thead th").nth(1)
    assert header.inner_text().strip() == KB.subjects[0].name  # columns in the data's display order
    table_top = page.locator(".versus-grid").bounding_box()["y"]
    page.mouse.wheel(0, table_top + 600)
    page.wait_for_timeout(300)
    bar = page.locator(".md-header").bounding_box()
    box = header.bounding_box()
    assert abs(box["y"] - (bar["y"] + bar["height"])) <= 2, (box, bar)  # right under the site header
    assert page.evaluate("window.scrollY") > 500
    row_head = page.locator(".versus-grid tbody th").first
    assert row_head.evaluate("cell => getComputedStyle(cell).position") == "sticky"
    page.screenshot(path=str(shots / "matrix-scrolled.png"))


def test_matrix_weights_panel_starts_collapsed_and_opens(site: Path, open_page) -> None:
    page, _ = open_page(_url(site, "matrix.html"), **DESKTOP)
    panel = page.locator("details.versus-weights-panel")
    assert panel.is_visible() and not panel.evaluate("d => d.open")
    assert page.locator(".versus-grid").bounding_box()["y"] < 900, "the ratings start on the first screen"
    panel.locator("> summary").click()
    assert page.locator("#versus-preset").is_visible()


def test_matrix_note_is_one_tap_away(site: Path, open_page) -> None:
    page, _ = open_page(_url(site, "matrix.html"), **PHONE)
    factor, subject = KB.of("factor")[0], KB.subjects[0]
    cell = page.locator(".versus-grid tbody tr").first.locator("td").first
    note = cell.locator("details")
    assert not note.evaluate("d => d.open")
    note.locator("summary").tap()
    assert note.evaluate("d => d.open")
    expected = plain_text(factor.rating_for(subject.id).note, KB)[:30]
    assert expected in " ".join(note.inner_text().split())


def test_pair_page_on_a_phone_is_cards(site: Path, open_page, shots: Path) -> None:
    page, _ = open_page(_url(site, "compare/jax-vs-pytorch.html"), **PHONE)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    verdict = page.locator(".versus-grid tbody tr").first.locator(".versus-grid__verdict")
    box = verdict.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390, "the verdict is on screen, not off to the side"
    page.screenshot(path=str(shots / "pair-phone.png"))


def test_pairs_index_shows_each_pairs_score(site: Path, open_page) -> None:
    from versus.views import pair_score, pair_slug, pairs

    page, _ = open_page(_url(site, "compare/index.html"))
    for a, b in pairs(KB, 12):
        score = pair_score(KB, a, b)
        item = page.locator(f"li:has(a[href='{pair_slug(a, b)}.html'])")
        text = item.inner_text()
        assert f"{a.name} wins {score.a_wins}, {b.name} wins {score.b_wins}, {score.ties} tied" in text, text


def _search(page, term: str) -> list[str]:
    page.click("input.md-search__input")
    page.keyboard.type(term)
    page.locator(".md-search-result__item").first.wait_for(timeout=15000)
    page.wait_for_timeout(300)
    links = page.locator(".md-search-result__item > .md-search-result__link")
    hrefs = [links.nth(i).get_attribute("href") for i in range(min(links.count(), 5))]
    return [h.split("#")[0].split("?")[0] for h in hrefs]  # the page, without the highlight query


def test_search_onnx_finds_the_onnx_record_first(site: Path, open_page, shots: Path) -> None:
    page, _ = open_page(_url(site, "index.html"), **DESKTOP)
    hrefs = _search(page, "onnx")
    assert hrefs[0].endswith("tools/onnx.html"), hrefs
    assert not any("/sources/" in h for h in hrefs[:3]), hrefs
    snippet = page.locator(".md-search-result__item").first.inner_text()
    assert "Fact Value" not in snippet and "Publisher" not in snippet
    page.screenshot(path=str(shots / "search-onnx.png"))


def test_search_tpu_finds_the_term_and_the_scenario(site: Path, open_page) -> None:
    page, _ = open_page(_url(site, "index.html"), **DESKTOP)
    hrefs = _search(page, "tpu")
    assert hrefs[0].endswith("glossary/tpu.html"), hrefs
    assert any(h.endswith("scenarios/tpu-training.html") for h in hrefs[:3]), hrefs
    assert not any("/sources/" in h or "/compare/" in h for h in hrefs[:3]), hrefs


def test_targeted_outcome_is_highlighted_and_chips_stay_whole(site: Path, open_page, shots: Path) -> None:
    tree = KB.get("decision:how-to-ship")
    outcome = tree.outcomes[-1]
    page, _ = open_page(_url(site, f"decisions/how-to-ship.html#o-{outcome.id}"), **PHONE)
    heading = page.locator(f"h2#o-{outcome.id}")
    plain = page.locator(f"h2#o-{tree.outcomes[0].id}")
    colour = heading.evaluate("h => getComputedStyle(h).backgroundColor")
    assert colour not in ("rgba(0, 0, 0, 0)", "transparent")
    assert plain.evaluate("h => getComputedStyle(h).backgroundColor") in ("rgba(0, 0, 0, 0)", "transparent")
    page.screenshot(path=str(shots / "tree-outcome-phone.png"))
    chips = page.locator(".versus-tree__outcome, .versus-tree__answer")
    for index in range(chips.count()):  # each chip is one box, never split over two lines or cut off
        chip = chips.nth(index)
        assert chip.evaluate("chip => chip.getClientRects().length") == 1
        assert chip.evaluate("chip => chip.getBoundingClientRect().right") <= 390
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_tools_index_tables_share_one_width(site: Path, open_page) -> None:
    page, _ = open_page(_url(site, "tools/index.html"), **DESKTOP)
    widths = {round(t.bounding_box()["width"]) for t in page.locator(".versus-list table").all()}
    assert len(widths) == 1, widths
    phone, _ = open_page(_url(site, "tools/index.html"), **PHONE)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    summary = phone.locator(".versus-list tbody tr").first.locator("td").last
    box = summary.bounding_box()
    assert box["x"] + box["width"] <= 390, "the description is not cut off"


def test_pick_page_tables_stay_in_the_text_column(site: Path, open_page) -> None:
    page, _ = open_page(_url(site, "compare/pick.html"), **DESKTOP)
    column = page.locator(".md-content__inner").bounding_box()
    for table in page.locator(".md-content__inner table").all():
        box = table.bounding_box()
        assert box["x"] >= column["x"] - 1 and box["x"] + box["width"] <= column["x"] + column["width"] + 1


def test_comparison_pages_link_to_report_and_edit(site: Path) -> None:
    pages = ["matrix.html", "compare/index.html", "compare/all.html", "compare/pick.html",
             *(f"compare/{p.name}" for p in (site / "compare").glob("*-vs-*.html"))]
    for path in pages:
        html = (site / path).read_text(encoding="utf-8")
        assert "issues/new?" in html and "Report a problem" in html, path
        assert "/tree/main/data/factors/" in html, path


def test_404_works_from_disk(site: Path, open_page) -> None:
    page, _ = open_page(_url(site, "404.html"))
    assert page.locator("h1").inner_text().strip() == "Page not found"
    assert page.evaluate(STYLED), "the theme's stylesheet loaded"
    home = page.locator("article a", has_text="Home").first
    assert home.evaluate("a => a.href") == (site / "index.html").as_uri()


@pytest.fixture
def served_under_a_sub_path(site: Path, tmp_path: Path):
    """The site under /versus/ on a local server, with 404.html copied to a deep missing address
    (as a host shows it there)."""
    root = tmp_path / "www"
    shutil.copytree(site, root / "versus")
    deep = root / "versus" / "no" / "such"
    deep.mkdir(parents=True)
    shutil.copy(site / "404.html", deep / "page.html")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(root))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_404_works_under_a_sub_path(served_under_a_sub_path: str, open_page) -> None:
    page, _ = open_page(f"{served_under_a_sub_path}/versus/no/such/page.html")
    assert page.evaluate(STYLED), "the theme's stylesheet loaded"
    home = page.locator("article a", has_text="Home").first
    assert home.evaluate("a => a.href") == f"{served_under_a_sub_path}/versus/index.html"


@pytest.fixture(scope="module")
def wide_site(tmp_path_factory) -> Path:
    """A synthetic knowledge base with nine subjects, too many for the text column, built like the site."""
    import subprocess
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    from synthetic import Shape, write_kb

    project = tmp_path_factory.mktemp("wide") / "project"
    project.mkdir()
    for name in ("mkdocs.yml", "content", "overrides"):
        source = ROOT / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, project / name)
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    write_kb(project / "data", Shape(subjects=9, factors=14, scenarios=6, tools=20, caveats=5, decisions=2,
                                     tree_depth=3, examples=2, sources=10, terms=5, categories=4))
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_a_wide_grid_scrolls_in_its_box_with_both_headers_pinned(wide_site: Path, open_page, shots: Path) -> None:
    page, _ = open_page(_url(wide_site, "matrix.html"), **DESKTOP)
    box = page.locator(".versus-grid-wrap--wide")
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366, "only the grid's box scrolls sideways"
    box.scroll_into_view_if_needed()
    box.evaluate("b => { b.scrollLeft = 600; b.scrollTop = 400; }")
    page.wait_for_timeout(200)
    frame = box.bounding_box()
    row_head = page.locator(".versus-grid tbody th").nth(8).bounding_box()
    col_head = page.locator(".versus-grid thead th").nth(3).bounding_box()
    assert abs(row_head["x"] - frame["x"]) <= 2, "the factor column stays at the left edge"
    assert abs(col_head["y"] - frame["y"]) <= 2, "the header row stays at the top edge"
    page.screenshot(path=str(shots / "matrix-wide.png"))
