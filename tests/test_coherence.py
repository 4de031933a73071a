"""Coherence and evidence rules on the fixture knowledge base: each contradiction is planted in a
copy and must come back as an error on the exact line, naming the computed numbers; the escapes
(scenario ratings, despite_ratings, judgement with a basis) make the same data valid."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import versus
from versus.views import interactive_data, scenario_ranking, weighted_ranking

TODAY = dt.date(2026, 11, 20)

GAMMA = """name: Gamma
summary: A third framework, for the runner-up rule.
origin: Written for the test suite.
license: MIT
version:
  line: 0.x
  latest: 0.1.0
strengths: [Small.]
weaknesses: [New.]
reviewed: 2026-10-01
sources: [alpha-docs]
"""

GAMMA_RATING = {
    "ease-of-use": "  gamma:\n    rating: {rating}\n    note: Plain.\n    confidence: confirmed\n    sources: [alpha-docs]\n",
    "speed": "  gamma:\n    rating: {rating}\n    note: Plain.\n    confidence: confirmed\n    sources: [alpha-docs]\n",
}


def _add_gamma(data: Path, ease: str, speed: str) -> None:
    (data / "subjects" / "gamma.yaml").write_text(GAMMA)
    for factor, rating in (("ease-of-use", ease), ("speed", speed)):
        path = data / "factors" / f"{factor}.yaml"
        text = path.read_text()
        text = text.replace("verdict:\n", GAMMA_RATING[factor].format(rating=rating) + "verdict:\n")
        path.write_text(text)


def _errors(data: Path) -> list:
    return [d for d in versus.load(data, today=TODAY).diagnostics if d.severity == "error"]


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def test_runner_up_that_ranks_third_is_an_error_on_its_line(kb_copy: Path) -> None:
    # Gamma matches Beta on ease of use and is rated on speed, where Beta is unknown: Alpha 3.00,
    # Gamma 2.25, Beta 2.00, so Beta, the written runner-up, ranks third.
    _add_gamma(kb_copy, ease="adequate", speed="strong")
    scenario = kb_copy / "scenarios" / "learning.yaml"
    errors = _errors(kb_copy)
    assert [(d.rule, d.line) for d in errors] == [("scenario-runner-up", _line_of(scenario, "runner_up:"))], errors
    message = errors[0].message
    # The computed ranking with scores, and the fix, are in the message.
    assert "its weights rank Alpha 3.00, Gamma 2.25, Beta 2.00" in message
    assert "name Gamma as runner-up" in message


def test_recommended_not_first_names_the_ranking_and_the_fix(kb_copy: Path) -> None:
    scenario = kb_copy / "scenarios" / "learning.yaml"
    scenario.write_text(scenario.read_text().replace("recommended: alpha", "recommended: beta")
                        .replace("runner_up: beta", "runner_up: alpha"))
    errors = [d for d in _errors(kb_copy) if d.file == str(scenario)]
    assert [(d.rule, d.line, d.col) for d in errors] == [("scenario-ranking", 3, 14)]
    assert "its weights rank Alpha 3.00, Beta 2.00" in errors[0].message
    assert "'ratings'" in errors[0].message and "recommend Alpha" in errors[0].message


def test_a_tie_for_first_is_not_a_recommendation(kb_copy: Path) -> None:
    scenario = kb_copy / "scenarios" / "learning.yaml"
    # Only speed counts, and here Beta gets a scenario rating equal to Alpha's: a tie at 3.00.
    scenario.write_text(scenario.read_text().replace("weights: {ease-of-use: 3, speed: 1}", (
        "weights: {speed: 2}\nratings:\n  speed:\n    beta:\n      rating: strong\n      note: Same speed here.\n"
        "      confidence: confirmed\n      sources: [alpha-docs]")))
    errors = _errors(kb_copy)
    assert [d.rule for d in errors] == ["scenario-ranking"]
    assert "strictly highest" in errors[0].message


def test_scenario_ratings_override_the_general_rating_in_that_scenario_only(kb_copy: Path) -> None:
    scenario = kb_copy / "scenarios" / "learning.yaml"
    scenario.write_text(scenario.read_text().replace("weights: {ease-of-use: 3, speed: 1}", (
        "weights: {ease-of-use: 3}\nratings:\n  ease-of-use:\n    beta:\n      rating: excellent\n"
        "      note: For this audience Beta reads best.\n      confidence: judgement\n"
        "      basis: The editors tried both with newcomers.")))
    errors = _errors(kb_copy)
    assert [(d.rule, d.line) for d in errors] == [("scenario-ranking", 3)]
    scenario.write_text(scenario.read_text().replace("recommended: alpha", "recommended: beta")
                        .replace("runner_up: beta", "runner_up: alpha"))
    # The decision tree's outcome links this scenario and recommends Alpha: now that contradicts.
    tree = kb_copy / "decisions" / "which-one.yaml"
    errors = _errors(kb_copy)
    assert [(d.rule, d.file, d.line) for d in errors] == [("outcome-scenario", str(tree), _line_of(tree, "scenarios: [learning]"))]
    tree.write_text(tree.read_text().replace("    scenarios: [learning]\n", ""))
    result = versus.load(kb_copy, today=TODAY)
    assert result.ok, [d.format() for d in result.diagnostics]
    kb = result.knowledge_base
    learning = kb.get("learning", "scenario")
    assert scenario_ranking(kb, learning) == [("beta", 4.0), ("alpha", 3.0)]
    # Elsewhere the general rating holds: the panel's equal weights still put Alpha first.
    assert weighted_ranking(kb, {})[0][0] == "alpha"
    data = interactive_data(kb)
    preset = next(p for p in data["presets"] if p["id"] == "learning")
    factor_ids, subject_ids = [f["id"] for f in data["factors"]], [s["id"] for s in data["subjects"]]
    assert {factor_ids[f]: w for f, w in preset["weights"]} == {"ease-of-use": 3}  # the others weigh 0
    own = {factor_ids[f]: {subject_ids[s]: data["ratings"][r]["score"]} for f, s, r in preset["own"]}
    assert own == {"ease-of-use": {"beta": 4}}


def test_verdict_against_the_ratings_and_its_escape(kb_copy: Path) -> None:
    factor = kb_copy / "factors" / "ease-of-use.yaml"
    factor.write_text(factor.read_text().replace("winners: [alpha]", "winners: [alpha, beta]"))
    errors = _errors(kb_copy)
    assert [(d.rule, d.line) for d in errors] == [("verdict-rating", _line_of(factor, "winners:"))]
    assert "winner 'beta' is rated adequate, below 'alpha' (strong)" in errors[0].message
    factor.write_text(factor.read_text().replace(
        "  reason: Alpha needs fewer new ideas to get started.\n",
        "  reason: Alpha needs fewer new ideas to get started.\n"
        "  despite_ratings: Beta's functional style pays off later, which a rating of first steps misses.\n"))
    assert _errors(kb_copy) == []
    # An escape that explains nothing is an error too, so it cannot outlive its reason.
    factor.write_text(factor.read_text().replace("winners: [alpha, beta]", "winners: [alpha]"))
    errors = _errors(kb_copy)
    assert [(d.rule, d.line) for d in errors] == [("verdict-rating", _line_of(factor, "despite_ratings:"))]


def test_confirmed_needs_an_official_source(kb_copy: Path) -> None:
    (kb_copy / "sources" / "a-blog.yaml").write_text(
        "name: A blog post about Alpha\npublisher: Someone's blog\nurl: https://example.org/blog\ntype: secondary\n")
    factor = kb_copy / "factors" / "speed.yaml"
    factor.write_text(factor.read_text().replace("    sources: [alpha-docs]\n", "    sources: [a-blog]\n", 1))
    errors = _errors(kb_copy)
    assert [(d.rule, d.line) for d in errors] == [("rating-confidence", _line_of(factor, "confidence: confirmed"))]
    assert "none of its sources is official (they are: secondary)" in errors[0].message
    factor.write_text(factor.read_text().replace("confidence: confirmed", "confidence: reported", 1))
    assert _errors(kb_copy) == []


def test_the_real_knowledge_base_tells_one_story() -> None:
    """Every scenario of the published site: computed first and second match the written ones."""
    from support import ROOT

    kb = versus.load(ROOT / "data").knowledge_base
    assert kb is not None
    for scenario in kb.of("scenario"):
        ranking = [subject for subject, _ in scenario_ranking(kb, scenario)]
        assert ranking[0] == scenario.recommended, scenario.id
        if scenario.runner_up:
            assert ranking[1] == scenario.runner_up, scenario.id
