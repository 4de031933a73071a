"""Derived facts: pair verdicts, tallies, review queue, on the fixture and on hand-made factors."""

from __future__ import annotations

import datetime as dt
from msgspec.structs import replace

import versus
from support import GOOD_KB
from versus.model import Verdict
from versus.views import pair_verdict, pairs, review_queue, tally

KB = versus.load(GOOD_KB, today=dt.date(2026, 11, 20)).knowledge_base
ALPHA, BETA = KB.get("subject:alpha"), KB.get("subject:beta")
EASE = KB.get("factor:ease-of-use")


def test_pair_verdict_follows_the_factor_verdict() -> None:
    verdict = pair_verdict(KB, EASE, ALPHA, BETA)
    assert verdict.winner == ALPHA and not verdict.tie and verdict.reason == EASE.verdict.reason


def test_pair_verdict_from_ratings_when_neither_is_the_winner() -> None:
    factor = replace(EASE, verdict=Verdict(("gamma",), "Gamma wins."))
    verdict = pair_verdict(KB, factor, ALPHA, BETA)
    assert verdict.winner == ALPHA and "neither is this factor's overall winner" in verdict.reason


def test_pair_verdict_is_a_tie_when_both_share_the_win() -> None:
    factor = replace(EASE, verdict=Verdict(("alpha", "beta"), "Both."))
    assert pair_verdict(KB, factor, ALPHA, BETA).tie


def test_unknown_rating_gives_no_verdict() -> None:
    speed = replace(KB.get("factor:speed"), verdict=Verdict(("gamma",), "Gamma."))
    verdict = pair_verdict(KB, speed, ALPHA, BETA)
    assert verdict.winner is None and not verdict.tie


def test_tally_counts_outright_and_shared_wins() -> None:
    rows = {row.subject.id: (row.wins, row.shared) for row in tally(KB)}
    assert rows == {"alpha": (2, 0), "beta": (0, 0)}


def test_pairs_are_canonical_and_capped() -> None:
    assert [(a.id, b.id) for a, b in pairs(KB, 12)] == [("alpha", "beta")]
    assert pairs(KB, 1) == []


def test_review_queue_lists_old_reviews() -> None:
    stale, _ = review_queue(KB, dt.date(2027, 12, 1), 365)
    assert {item.record.id for item in stale} >= {"alpha", "alpha-compile", "speed"}
    assert review_queue(KB, dt.date(2026, 11, 20), 365)[0] == []


def test_pair_score_counts_the_pair_verdicts() -> None:
    from versus.views import factors, pair_score

    score = pair_score(KB, ALPHA, BETA)
    verdicts = [pair_verdict(KB, factor, ALPHA, BETA) for factor in factors(KB)]
    assert [v.factor.id for v in score.verdicts] == [f.id for f in factors(KB)]
    assert score.a_wins == sum(v.winner == ALPHA for v in verdicts) and score.a_wins > 0
    assert score.b_wins == sum(v.winner == BETA for v in verdicts)
    assert score.ties + score.undecided == len(verdicts) - score.a_wins - score.b_wins
    assert score.headline.startswith(f"Alpha wins {score.a_wins}, Beta wins {score.b_wins}, {score.ties} tied")


def test_subjects_follow_their_order_field_everywhere(tmp_path) -> None:
    import shutil

    from versus.views import grid_rows, pair_slug, tally_in_order

    data = tmp_path / "kb"
    shutil.copytree(GOOD_KB, data)
    for subject_id, order in (("alpha", 2), ("beta", 1)):
        path = data / "subjects" / f"{subject_id}.yaml"
        path.write_text(path.read_text() + f"order: {order}\n")
    kb = versus.load(data, today=dt.date(2026, 11, 20)).knowledge_base
    assert [s.id for s in kb.subjects] == ["beta", "alpha"]
    (a, b), = pairs(kb, 12)
    assert (a.id, b.id) == ("beta", "alpha") and pair_slug(a, b) == "alpha-vs-beta"  # the address stays put
    assert [row.subject.id for row in tally_in_order(kb)] == ["beta", "alpha"]
    assert [factor.id for factor, verdict in grid_rows(kb)] == [f.id for f in kb.of("factor")]
    from versus.plan import plan

    matrix = next(p for p in plan(kb) if p.uri == "matrix.md").markdown
    assert matrix.index(">Beta</a></th>") < matrix.index(">Alpha</a></th>")
