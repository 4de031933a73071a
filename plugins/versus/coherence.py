"""Coherence: what the pages derive agrees with what editors wrote.

A scenario's recommendation and runner-up are written by hand; its ranking is computed from its
weights and the ratings (`views.scenario_ranking`, the same function the scenario page and the
weights panel use). Decision-tree outcomes name scenarios; factor verdicts sit beside ratings.
These rules check that each pair tells one story, and point at the line to change when not.
They run on a built model, after validation has passed, so every reference resolves.
"""

from __future__ import annotations

from typing import Mapping

from .diagnostics import Report
from .load import RawRecord
from .model import Decision, Factor, KnowledgeBase, Scenario
from .views import RATING, score, scenario_ranking

Raws = Mapping[tuple[str, str], RawRecord]


def check(kb: KnowledgeBase, raws: Raws, report: Report) -> None:
    """Report every contradiction between hand-written conclusions and computed ones."""
    for scenario in kb.of("scenario"):
        _check_scenario(kb, scenario, raws[("scenario", scenario.id)], report)  # type: ignore[arg-type]
    for decision in kb.of("decision"):
        _check_outcomes(kb, decision, raws[("decision", decision.id)], report)  # type: ignore[arg-type]
    for factor in kb.of("factor"):
        _check_verdict(kb, factor, raws[("factor", factor.id)], report)  # type: ignore[arg-type]


def _at(report: Report, raw: RawRecord, path: tuple, rule: str, message: str, *, key: bool = False) -> None:
    pos = raw.where(path, key=key)
    report.add(raw.file, pos.line, pos.col, rule, message)


def ranking_text(kb: KnowledgeBase, ranking: list[tuple[str, float]]) -> str:
    """'PyTorch 3.68, Keras 3 3.00, ...' for messages."""
    return ", ".join(f"{kb.get(subject_id, 'subject').name} {value:.2f}" for subject_id, value in ranking)


def _check_scenario(kb: KnowledgeBase, scenario: Scenario, raw: RawRecord, report: Report) -> None:
    ranking = scenario_ranking(kb, scenario)
    scores = dict(ranking)
    name = lambda subject_id: kb.get(subject_id, "subject").name  # noqa: E731
    computed = f"its weights rank {ranking_text(kb, ranking)}"
    top = scores[scenario.recommended]
    rivals = [(s, v) for s, v in ranking if s != scenario.recommended and v >= top]
    if rivals:
        leader = rivals[0][0]
        _at(report, raw, ("recommended",), "scenario-ranking",
            f"recommends {name(scenario.recommended)}, but {computed}; "
            f"{name(scenario.recommended)} must score strictly highest. Raise the weight of a factor where "
            f"{name(scenario.recommended)} leads, add a rating for this scenario under 'ratings' (with its "
            f"note and sources), or recommend {name(leader)}")
        return  # the runner-up is judged against a settled first place
    if scenario.runner_up == scenario.recommended:
        _at(report, raw, ("runner_up",), "scenario-runner-up",
            f"names {name(scenario.runner_up)} as both recommended and runner-up; {computed}")
    elif scenario.runner_up:
        second = scores[scenario.runner_up]
        others = [(s, v) for s, v in ranking if s not in (scenario.recommended, scenario.runner_up) and v >= second]
        if others:
            _at(report, raw, ("runner_up",), "scenario-runner-up",
                f"names {name(scenario.runner_up)} as runner-up, but {computed}; the runner-up must score "
                f"strictly second. Adjust the weights, add a rating for this scenario under 'ratings', or name "
                f"{name(others[0][0])} as runner-up")


def _check_outcomes(kb: KnowledgeBase, decision: Decision, raw: RawRecord, report: Report) -> None:
    for outcome in decision.outcomes:
        first = outcome.recommends[0]
        for index, scenario_id in enumerate(outcome.scenarios):
            scenario: Scenario = kb.get(scenario_id, "scenario")  # type: ignore[assignment]
            if scenario.recommended != first:
                _at(report, raw, ("outcomes", outcome.id, "scenarios", index), "outcome-scenario",
                    f"outcome '{outcome.id}' recommends {kb.get(first, 'subject').name} first but links scenario "
                    f"'{scenario.name}', which recommends {kb.get(scenario.recommended, 'subject').name}. List "
                    f"{kb.get(scenario.recommended, 'subject').name} first in 'recommends', or link the scenario "
                    "from the outcome's text ([[scenario:id]]) instead of 'scenarios'")


def verdict_conflicts(factor: Factor) -> list[tuple[int, str]]:
    """(position in 'winners', why) for each winner the ratings do not support: a winner rated below
    another subject, or tie winners rated differently. Unknown ratings are left out."""
    known = {r.subject: score(r.rating) for r in factor.ratings if score(r.rating) is not None}
    if not known:
        return []
    best = max(known.values())
    best_subjects = [s for s, v in known.items() if v == best]
    conflicts = []
    for position, winner in enumerate(factor.verdict.winners):
        value = known.get(winner)
        if value is not None and value < best:
            rating = RATING[factor.rating_for(winner).rating]["title"].lower()
            higher = RATING[factor.rating_for(best_subjects[0]).rating]["title"].lower()
            conflicts.append((position, f"winner '{winner}' is rated {rating}, below "
                              f"{', '.join(repr(s) for s in best_subjects)} ({higher})"))
    return conflicts


def _check_verdict(kb: KnowledgeBase, factor: Factor, raw: RawRecord, report: Report) -> None:
    conflicts = verdict_conflicts(factor)
    if factor.verdict.despite_ratings:
        if not conflicts:
            _at(report, raw, ("verdict", "despite_ratings"), "verdict-rating",
                "'despite_ratings' explains a departure from the ratings, but the verdict agrees with them; "
                "remove it")
        return
    for position, why in conflicts:
        _at(report, raw, ("verdict", "winners", position), "verdict-rating",
            f"{why}. Change the ratings or the winners, or write 'despite_ratings' under 'verdict' to tell "
            "readers why the verdict differs")
