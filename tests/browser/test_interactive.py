"""The weights panel and the pick page, from file:// with no network: rankings match the engine's
Python computation, presets apply, subsets show just their columns, and shared URLs restore the view."""

from __future__ import annotations

from pathlib import Path

import pytest

import versus
from support import ROOT
from versus.views import preset_weights, scenario_overrides, scenario_ranking, weighted_ranking

KB = versus.load(ROOT / "data").knowledge_base


def _url(site: Path, page: str, fragment: str = "") -> str:
    return (site / page).as_uri() + fragment


def _shown_ranking(page) -> list[tuple[str, float]]:
    items = page.locator("#versus-ranking > li")
    rows = []
    for index in range(items.count()):
        item = items.nth(index)
        score = float(item.inner_text().split(" score ")[1].split(" ")[0])
        rows.append((item.get_attribute("data-subject"), score))
    return rows


def _open_matrix(open_page, site: Path, fragment: str = ""):
    """The matrix page with its weights panel opened (it starts collapsed)."""
    page, recorder = open_page(_url(site, "matrix.html", fragment))
    panel = page.locator("details.versus-weights-panel")
    if not panel.evaluate("d => d.open"):
        panel.locator("> summary").click()
    return page, recorder


def _expected(weights: dict[str, int]) -> list[tuple[str, float]]:
    return [(subject, round(value, 2)) for subject, value in weighted_ranking(KB, weights)]


def test_weights_rerank_like_the_engine(site: Path, open_page, shots: Path) -> None:
    page, _ = _open_matrix(open_page, site)
    assert _shown_ranking(page) == _expected({})
    weights = {"performance": 3, "hardware-support": 0, "mobile-edge-web": 2, "ease-of-use": 0}
    for factor_id, weight in weights.items():
        page.select_option(f"#versus-weight-{factor_id}", str(weight))
    assert _shown_ranking(page) == _expected(weights)
    assert "weights=" in page.url and "performance:3" in page.url
    breakdown = page.locator("#versus-ranking > li").first.locator("details")
    breakdown.locator("summary").click()
    assert "Performance" in breakdown.inner_text()
    page.locator(".versus-weights").screenshot(path=str(shots / "weights.png"))


SCENARIOS = [s.id for s in KB.of("scenario")]


@pytest.mark.parametrize("scenario_id", SCENARIOS)
def test_every_scenario_preset_agrees_with_its_page(site: Path, open_page, scenario_id: str) -> None:
    """Choosing a scenario ranks its recommended subject first and its runner-up second, with the
    scores the engine computes for the scenario page (weights plus the scenario's own ratings)."""
    scenario = KB.get(scenario_id, "scenario")
    page, _ = _open_matrix(open_page, site)
    page.select_option("#versus-preset", scenario_id)
    shown = _shown_ranking(page)
    expected = scenario_ranking(KB, scenario)
    # The page shows two decimals (JavaScript rounds halves up, Python to even): compare within that.
    assert [subject for subject, _ in shown] == [subject for subject, _ in expected]
    assert all(abs(a - b) <= 0.0051 for (_, a), (_, b) in zip(shown, expected))
    assert shown[0][0] == scenario.recommended
    if scenario.runner_up:
        assert shown[1][0] == scenario.runner_up
    for factor_id, weight in preset_weights(KB, scenario).items():
        assert page.locator(f"#versus-weight-{factor_id}").input_value() == str(weight)
    # The address keeps the scenario, so a shared link shows the same ranking.
    other, _ = open_page(page.url)
    assert _shown_ranking(other) == shown


def test_scenario_ratings_stay_while_its_weights_change(site: Path, open_page) -> None:
    """After starting from a scenario, changing a weight keeps that scenario's own ratings; going back
    to equal weights drops them."""
    scenario = KB.get("tpu-training", "scenario")
    page, _ = _open_matrix(open_page, site)
    page.select_option("#versus-preset", scenario.id)
    page.select_option("#versus-weight-ease-of-use", "2")
    weights = {**preset_weights(KB, scenario), "ease-of-use": 2}
    expected = weighted_ranking(KB, weights, scenario_overrides(scenario), default=0)
    shown = _shown_ranking(page)
    assert [s for s, _ in shown] == [s for s, _ in expected]
    assert all(abs(a - b) <= 0.0051 for (_, a), (_, b) in zip(shown, expected))
    assert "scenario=tpu-training" in page.url and "ease-of-use:2" in page.url
    page.select_option("#versus-preset", "")
    assert _shown_ranking(page) == _expected({})


def test_shared_weights_url_restores_the_view(site: Path, open_page) -> None:
    page, _ = _open_matrix(open_page, site)
    page.select_option("#versus-weight-debugging", "3")
    page.select_option("#versus-weight-learning-curve", "0")
    shared = page.url
    other, _ = open_page(shared)
    assert other.locator("details.versus-weights-panel").evaluate("d => d.open"), "a shared view opens the panel"
    assert other.locator("#versus-weight-debugging").input_value() == "3"
    assert _shown_ranking(other) == _expected({"debugging": 3, "learning-curve": 0})


def _visible_subjects(page) -> list[str]:
    headers = page.locator("table[data-versus-columns]").first.locator("thead th[data-subject]")
    return [headers.nth(i).get_attribute("data-subject") for i in range(headers.count()) if headers.nth(i).is_visible()]


def test_pick_subjects_shows_just_their_columns(site: Path, open_page, shots: Path) -> None:
    page, _ = open_page(_url(site, "compare/pick.html"))
    assert _visible_subjects(page) == [s.id for s in KB.subjects]
    page.uncheck("#versus-pick-tensorflow")
    page.uncheck("#versus-pick-keras")
    chosen = [s.id for s in KB.subjects if s.id in ("jax", "pytorch")]  # in the data's display order
    assert _visible_subjects(page) == chosen
    assert page.url.endswith("#subjects=" + ",".join(chosen))
    rows = page.locator("table[data-versus-columns]").first.locator("tbody tr")
    for index, factor in enumerate(KB.of("factor")):
        visible = [c.inner_text() for c in rows.nth(index).locator("td").all() if c.is_visible()]
        first = chosen[0]
        assert len(visible) == 2 and visible[0].startswith("●" if factor.rating_for(first).rating != "unknown" else "?")
    tools = page.locator("table[data-versus-columns]").nth(1).inner_text()
    assert "TorchServe" in tools and "TensorFlow Serving" not in tools
    page.screenshot(path=str(shots / "pick.png"), full_page=True)


def test_shared_pick_url_restores_the_view(site: Path, open_page) -> None:
    page, _ = open_page(_url(site, "compare/pick.html", "#subjects=keras,tensorflow"))
    assert _visible_subjects(page) == [s.id for s in KB.subjects if s.id in ("keras", "tensorflow")]
    assert page.is_checked("#versus-pick-keras") and not page.is_checked("#versus-pick-jax")


def test_without_javascript_the_static_pages_remain(site: Path, open_page) -> None:
    page, _ = open_page(_url(site, "compare/pick.html"), java_script_enabled=False)
    assert _visible_subjects(page) == [s.id for s in KB.subjects]
    assert page.locator(".versus-weights__nojs").is_visible()
    matrix, _ = open_page(_url(site, "matrix.html"), java_script_enabled=False)
    assert matrix.locator(".versus-grid").is_visible()


def test_keyboard_only(site: Path, open_page) -> None:
    page, _ = open_page(_url(site, "compare/pick.html"))
    page.focus("#versus-pick-jax")
    page.keyboard.press("Space")
    assert "jax" not in _visible_subjects(page)
    matrix, _ = _open_matrix(open_page, site)
    matrix.focus("#versus-weight-performance")
    matrix.keyboard.press("ArrowDown")  # 1 -> 2
    assert matrix.locator("#versus-weight-performance").input_value() == "2"


@pytest.mark.parametrize("path", ["matrix.html", "compare/pick.html"])
def test_interactive_pages_pass_axe(site: Path, open_page, axe_source: str, path: str) -> None:
    page, _ = open_page(_url(site, path))
    page.add_script_tag(content=axe_source)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']}: {[n['target'] for n in v['nodes'][:3]]}" for v in result["violations"]
               if v["impact"] in ("serious", "critical")]
    assert serious == [], "\n".join(serious)
