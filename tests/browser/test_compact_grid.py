"""The matrix of a large knowledge base (a synthetic one, past gridview.COMPACT_ABOVE rated cells),
as a reader meets it in Chromium: a light page whose cells read as words, the header row and the
factor column pinned while the grid scrolls, a cell that leads to its note, and the weights panel
re-ranking like the engine, at a laptop's width and a phone's."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import versus
from support import ROOT
from versus import gridview
from versus.views import RATING, weighted_ranking

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import Shape, write_kb  # noqa: E402

SHAPE = Shape(subjects=20, factors=60, scenarios=6, tools=12, caveats=4, decisions=1, tree_depth=2, examples=1,
              sources=6, terms=4, categories=3)
DESKTOP = {"viewport": {"width": 1366, "height": 900}}
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 2, "is_mobile": True, "has_touch": True}
WORDS = {member["title"] for member in RATING.values()}


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> tuple[Path, versus.KnowledgeBase]:
    """The site project with a synthetic knowledge base of 1,200 rated cells, built strictly (pair pages
    for four subjects only, to keep the build short)."""
    import shutil

    project = tmp_path_factory.mktemp("large") / "project"
    project.mkdir()
    for name in ("content", "overrides"):
        shutil.copytree(ROOT / name, project / name)
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "      data_dir: data\n" in config
    (project / "mkdocs.yml").write_text(config.replace("      data_dir: data\n", "      data_dir: data\n      max_pair_subjects: 4\n"),
                                       encoding="utf-8")
    (project / "node_modules").symlink_to(ROOT / "node_modules")
    write_kb(project / "data", SHAPE)
    kb = versus.load(project / "data").knowledge_base
    assert SHAPE.subjects * SHAPE.factors > gridview.COMPACT_ABOVE, "the base must be big enough for the compact grid"
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return project / "site", kb


def _matrix(large) -> str:
    return (large[0] / "matrix.html").as_uri()


def _pair(large) -> str:
    site, kb = large
    first, second = kb.subjects[0], kb.subjects[1]
    return (site / "compare" / f"{first.id}-vs-{second.id}.html").as_uri()


def test_the_matrix_stays_light(large) -> None:
    html = (large[0] / "matrix.html").read_text(encoding="utf-8")
    cells = SHAPE.subjects * SHAPE.factors
    start = html.index('<div class="versus-grid-wrap versus-grid-wrap--wide versus-grid-wrap--compact">')
    grid = html[start:html.index("\n</div>", html.rindex("</table></div>"))]
    assert "<details" not in grid
    markup = re.findall(r'<td class="\w">.*?</td>(?=<td|</tr>)', grid)
    assert len(markup) == cells
    assert sum(len(c.encode()) for c in markup) / cells < 35, "about 30 bytes a cell"
    assert len(grid.encode()) / cells < 45, "the whole grid, a header row per block and the tally included"
    assert len(html.encode()) < 400_000


def test_cells_read_as_words_and_stars(large, open_page) -> None:
    site, kb = large
    url = _matrix(large)
    page, _ = open_page(url, **DESKTOP)
    assert page.locator(".versus-grid--compact").count() == 3  # 60 factors in blocks of 20
    first = page.locator(".versus-grid--compact tbody tr").first
    texts = first.locator("td").all_inner_texts()
    factor = kb.of("factor")[0]
    for subject, text in zip(kb.subjects, texts[1:]):
        word = RATING[factor.rating_for(subject.id).rating]["title"]
        assert text.split()[0] == word, text  # the symbols come from the stylesheet, outside the text
        assert ("★" in text) == (subject.id in factor.verdict.winners)
    assert texts[0] == f"★ {kb.get(factor.verdict.winners[0], 'subject').name}"
    clipped = page.evaluate("""() => [...document.querySelectorAll('.versus-grid--compact tbody tr:first-child td')]
        .filter(td => td.scrollWidth > td.clientWidth).length""")
    assert clipped == 0, "every word fits its column"
    without, _ = open_page(url, java_script_enabled=False, **DESKTOP)
    words = without.locator(".versus-grid--compact tbody tr").first.locator("td").all_inner_texts()[1:]
    assert all(w.split()[0] in WORDS for w in words)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_headers_stay_pinned_while_the_grid_scrolls(large, open_page, shots: Path, width: str) -> None:
    options = DESKTOP if width == "desktop" else PHONE
    page, _ = open_page(_matrix(large), **options)
    page.screenshot(path=str(shots / f"matrix-compact-{width}.png"))
    assert page.evaluate("document.documentElement.scrollWidth") <= options["viewport"]["width"], "only the grid scrolls sideways"
    box = page.locator(".versus-grid-wrap--compact")
    box.scroll_into_view_if_needed()
    second = page.locator(".versus-grid-chunk").nth(1)
    box.evaluate("(b, top) => { b.scrollTop = top + 100; b.scrollLeft = 500; }", second.evaluate("c => c.offsetTop"))
    page.wait_for_timeout(300)
    assert box.evaluate("b => b.scrollTop") == second.evaluate("c => c.offsetTop") + 100, "into the second block"
    frame = box.bounding_box()
    heads = page.locator(".versus-grid--compact").nth(1).locator("thead th")
    assert abs(heads.nth(2).bounding_box()["y"] - frame["y"]) <= 2, "the header row stays at the top edge"
    row_head = page.locator(".versus-grid--compact").nth(1).locator("tbody th").nth(3).bounding_box()
    assert abs(row_head["x"] - frame["x"]) <= 2, "the factor column stays at the left edge"
    assert page.locator(".versus-grid--compact").nth(1).locator("tbody td.e, tbody td.s, tbody td.a, tbody td.w").first.is_visible()
    page.screenshot(path=str(shots / f"matrix-compact-{width}-scrolled.png"))


def test_a_cell_leads_to_its_note(large, open_page) -> None:
    site, kb = large
    page, _ = open_page(_matrix(large), **DESKTOP)
    factor, subject = kb.of("factor")[1], kb.subjects[2]
    page.locator(".versus-grid--compact tbody tr").nth(1).locator("td").nth(1 + 2).click()  # td 0 is the verdict
    page.wait_for_url(f"**/factors/{factor.id}.html#{gridview.note_anchor(subject.id)}")
    target = page.locator(f"#{gridview.note_anchor(subject.id)}")
    assert target.inner_text() == subject.name
    assert target.evaluate("a => a.matches(':target')")
    row = target.locator("xpath=ancestor::tr")
    assert factor.rating_for(subject.id).note.split(".")[0] in row.inner_text()


def test_the_weights_panel_reranks_a_large_base(large, open_page, shots: Path) -> None:
    site, kb = large
    page, _ = open_page(_matrix(large), **DESKTOP)
    page.locator("details.versus-weights-panel > summary").click()
    weights = {"factor-0": 3, "factor-1": 0, "factor-7": 2}
    for factor_id, weight in weights.items():
        page.select_option(f"#versus-weight-{factor_id}", str(weight))
    items = page.locator("#versus-ranking > li")
    shown = [(items.nth(i).get_attribute("data-subject"), float(items.nth(i).inner_text().split(" score ")[1].split(" ")[0]))
             for i in range(items.count())]
    assert shown == [(s, round(v, 2)) for s, v in weighted_ranking(kb, weights)]
    top = items.first.locator("details")
    assert top.locator("table").count() == 0, "a breakdown is made when it is opened, not before"
    top.locator("summary").click()
    rows = top.locator("tbody tr")
    assert rows.count() == len(kb.of("factor")) - 1  # every factor but the one weighed 0
    assert "Factor 0" in top.inner_text()
    page.locator(".versus-weights").screenshot(path=str(shots / "weights-large.png"))


@pytest.mark.parametrize("which", ["matrix", "pair"])
@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_no_serious_accessibility_violations(large, open_page, axe_source: str, width: str, which: str) -> None:
    """The compact matrix, and a pair page whose grid comes in parts."""
    url = _matrix(large) if which == "matrix" else _pair(large)
    page, _ = open_page(url, **(DESKTOP if width == "desktop" else PHONE))
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']} ({v['impact']}): {v['help']} -> {[n['target'] for n in v['nodes'][:3]]}"
               for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)


@pytest.mark.parametrize("width", ["desktop", "phone"])
def test_a_long_grid_with_notes_comes_in_parts_that_read_as_one(large, open_page, shots: Path, width: str) -> None:
    """A pair page's grid (two subjects, 60 factors: notes in place) comes in parts of
    gridview.CHUNK_ROWS factors: the columns line up from part to part, each factor once, in order,
    and on a laptop the header of the part in view is pinned under the site's header."""
    site, kb = large
    options = DESKTOP if width == "desktop" else PHONE
    page, _ = open_page(_pair(large), **options)
    parts = page.locator(".versus-grid-wrap--part")
    assert parts.count() == -(-SHAPE.factors // gridview.CHUNK_ROWS)
    names = page.locator(".versus-grid-wrap--part tbody th[scope='row']").all_inner_texts()
    assert names == [f.name for f in kb.of("factor")][: len(names)] and len(names) == SHAPE.factors
    layouts = page.evaluate("""() => [...document.querySelectorAll('.versus-grid-wrap--part table')].map(t =>
        [...t.querySelector('tbody tr').children].map(c => { const r = c.getBoundingClientRect(); return [Math.round(r.x), Math.round(r.width)]; }))""")
    assert all(layout == layouts[0] for layout in layouts), "the columns line up from part to part"
    second = parts.nth(1)
    top = second.evaluate("p => p.getBoundingClientRect().top + window.scrollY")
    page.evaluate(f"window.scrollTo(0, {top} + 300)")
    page.wait_for_timeout(300)
    page.screenshot(path=str(shots / f"pair-parts-{width}.png"))
    if width == "desktop":
        head = second.locator("thead th").nth(1).bounding_box()
        assert 40 <= head["y"] <= 60, "the header row of the part in view stays under the site's header"
    else:
        assert page.evaluate("document.documentElement.scrollWidth") <= options["viewport"]["width"]
        assert second.locator("tbody tr").first.locator(".versus-grid__who").first.is_visible()  # a card per factor
