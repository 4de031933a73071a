"""Derived facts the pages show: tallies, pair verdicts, tool alignment, the review queue.

Pure functions over the model, so each can be tested without rendering anything.
"""

from __future__ import annotations

import datetime as dt
from itertools import combinations

from msgspec import Struct

from .lookups import (caveats_for, caveats_of_tool, scenarios_deciding, scenarios_runner_up, scenarios_won_by,  # noqa: F401
                      snippet_for, tools_by_category, tools_for, tools_in_category)
from .model import Factor, KnowledgeBase, Rating, Record, Scenario, Subject, Tool
from .schema import enum_members
from .validate import parse_date

RATING = {m["const"]: m for m in enum_members("rating")}
STATUS = {m["const"]: m for m in enum_members("status")}
SEVERITY = {m["const"]: m for m in enum_members("severity")}
SOURCE_TYPE = {m["const"]: m for m in enum_members("source_type")}
CONFIDENCE = {m["const"]: m for m in enum_members("confidence")}


def score(rating: str) -> int | None:
    return RATING[rating].get("x-score")


def factors(kb: KnowledgeBase) -> tuple[Factor, ...]:
    return kb.of("factor")  # type: ignore[return-value]


class Tally(Struct, frozen=True):
    subject: Subject
    wins: int  # factors won outright
    shared: int  # factors tied with others


def tally(kb: KnowledgeBase, subjects: tuple[Subject, ...] | None = None) -> list[Tally]:
    """Wins per subject across all factors, most wins first."""
    subjects = subjects or kb.subjects
    rows = []
    for subject in subjects:
        wins = shared = 0
        for factor in factors(kb):
            if subject.id in factor.verdict.winners:
                if factor.verdict.is_tie:
                    shared += 1
                else:
                    wins += 1
        rows.append(Tally(subject, wins, shared))
    return sorted(rows, key=lambda row: (-row.wins, -row.shared, row.subject.name.lower()))


def pairs(kb: KnowledgeBase, limit: int) -> list[tuple[Subject, Subject]]:
    """Every pair of subjects among the first `limit` in display order, each pair in display order
    too (its page's address, `pair_slug`, does not depend on it): pair pages grow as n², so the
    count is capped by policy."""
    return list(combinations(kb.subjects[:limit], 2))


def pair_slug(a: Subject, b: Subject) -> str:
    first, second = sorted((a.id, b.id))
    return f"{first}-vs-{second}"


class PairVerdict(Struct, frozen=True):
    factor: Factor
    winner: Subject | None  # None: a tie, or no verdict possible
    tie: bool
    reason: str


def pair_verdict(kb: KnowledgeBase, factor: Factor, a: Subject, b: Subject) -> PairVerdict:
    """Who wins this factor between a and b: the factor's own verdict when it names either of
    them; otherwise the better rating; a tie on equal ratings; no verdict if either is unknown."""
    winners = set(factor.verdict.winners)
    if a.id in winners and b.id in winners:
        return PairVerdict(factor, None, True, factor.verdict.reason)
    for side in (a, b):
        if side.id in winners:
            others = [kb.get(w, "subject").name for w in factor.verdict.winners if w != side.id]
            prefix = f"Shares this factor's overall win with {' and '.join(others)}. " if others else ""
            return PairVerdict(factor, side, False, prefix + factor.verdict.reason)
    ra, rb = factor.rating_for(a.id), factor.rating_for(b.id)
    sa, sb = score(ra.rating), score(rb.rating)
    if sa is None or sb is None:
        return PairVerdict(factor, None, False, "No verdict: at least one rating is unknown.")
    if sa == sb:
        return PairVerdict(factor, None, True, f"Both are rated {RATING[ra.rating]['title'].lower()}.")
    better = a if sa > sb else b
    worse_rating = rb if sa > sb else ra
    best = RATING[(ra if sa > sb else rb).rating]["title"].lower()
    return PairVerdict(factor, better, False,
                       f"Rated {best} against {RATING[worse_rating.rating]['title'].lower()}; "
                       "neither is this factor's overall winner.")


class PairScore(Struct, frozen=True):
    a: Subject
    b: Subject
    verdicts: tuple[PairVerdict, ...]
    a_wins: int
    b_wins: int
    ties: int

    @property
    def undecided(self) -> int:
        return len(self.verdicts) - self.a_wins - self.b_wins - self.ties

    @property
    def headline(self) -> str:
        """"PyTorch wins 7, JAX wins 3, 3 tied": the score of the pair, in words."""
        extra = f", {self.undecided} without a verdict" if self.undecided else ""
        return f"{self.a.name} wins {self.a_wins}, {self.b.name} wins {self.b_wins}, {self.ties} tied{extra}"


def pair_score(kb: KnowledgeBase, a: Subject, b: Subject) -> PairScore:
    """Every factor's verdict for the pair, and how many each side wins."""
    verdicts = tuple(pair_verdict(kb, factor, a, b) for factor in factors(kb))
    return PairScore(a, b, verdicts, sum(v.winner == a for v in verdicts), sum(v.winner == b for v in verdicts),
                     sum(v.tie for v in verdicts))


def grid_rows(kb: KnowledgeBase, score: PairScore | None = None) -> list[tuple[Factor, PairVerdict | None]]:
    """Rows of a ratings grid: each factor with the pair's verdict (None: the factor's own)."""
    if score is not None:
        return [(verdict.factor, verdict) for verdict in score.verdicts]
    return [(factor, None) for factor in factors(kb)]


def tally_in_order(kb: KnowledgeBase) -> list[Tally]:
    """The tally in display order (one per subject, as the columns of the matrix run)."""
    by_subject = {row.subject.id: row for row in tally(kb)}
    return [by_subject[s.id] for s in kb.subjects]


def source_numbers(record: Record) -> dict[str, int]:
    """Source id -> its number in the record's footnotes: the record's own sources first, then
    sources cited only by a part of it (a rating, a status), in order of appearance."""
    numbers: dict[str, int] = {}
    extra: list[str] = []
    if isinstance(record, Factor):
        extra = [s for r in record.ratings for s in r.sources]
    elif isinstance(record, Scenario):
        extra = [s for _, r in record.ratings for s in r.sources]
    elif isinstance(record, Tool) and record.status:
        extra = list(record.status.sources)
    for source_id in (*record.sources, *extra):
        numbers.setdefault(source_id, len(numbers) + 1)
    return numbers


class ReviewItem(Struct, frozen=True):
    record: Record
    problem: str


def review_queue(kb: KnowledgeBase, today: dt.date, max_age_days: int) -> tuple[list[ReviewItem], list[ReviewItem]]:
    """(records whose review is older than `max_age_days`, claims that rest on no primary source)."""
    stale, weak = [], []
    for kind in ("subject", "factor", "scenario", "tool", "caveat", "decision", "example", "term"):
        for record in kb.of(kind):
            if record.reviewed:
                age = (today - parse_date(record.reviewed)).days
                if age > max_age_days:
                    stale.append(ReviewItem(record, f"reviewed {record.reviewed}, {age} days ago"))
            elif kind != "term":
                stale.append(ReviewItem(record, "never reviewed"))
            cited = [kb.get(s, "source") for s in record.sources]
            if record.sources and all(s.type == "secondary" for s in cited):
                weak.append(ReviewItem(record, "cites only secondary sources"))
            if isinstance(record, Factor):
                for rating in record.ratings:
                    if rating.rating == "unknown":
                        weak.append(ReviewItem(record, f"rating of '{rating.subject}' is unknown"))
    return (sorted(stale, key=lambda i: (i.record.reviewed or "", i.record.name)),
            sorted(weak, key=lambda i: (i.record.kind, i.record.name)))


# --- rankings: the weights panel, scenario presets and the coherence rules share one computation

WEIGHTS = (0, 1, 2, 3)
DEFAULT_WEIGHT = 1  # the panel's "equal weights"; a scenario's unlisted factors weigh 0 instead

Overrides = dict[str, dict[str, str]]  # factor id -> subject id -> rating, holding in one scenario


def weighted_ranking(kb: KnowledgeBase, weights: dict[str, int], overrides: Overrides | None = None,
                     default: int = DEFAULT_WEIGHT) -> list[tuple[str, float]]:
    """Subjects by weighted score, best first: the sum over factors of weight × rating score,
    divided by the total weight of the factors where the subject's rating is known (so an unknown
    rating neither helps nor hurts). `overrides` replace a factor's rating of a subject (a
    scenario's own ratings). Ties are broken by name. The browser computes the same."""
    overrides = overrides or {}
    # Only weighted factors count; each as (weight, subject -> rating), the scenario's own first.
    counted = []
    for factor in factors(kb):
        weight = weights.get(factor.id, default)
        if weight:
            counted.append((weight, {**{r.subject: r.rating for r in factor.ratings}, **overrides.get(factor.id, {})}))
    rows = []
    for subject in kb.subjects:
        total = weight_sum = 0
        for weight, ratings in counted:
            value = score(ratings[subject.id])
            if value is not None:
                total += weight * value
                weight_sum += weight
        rows.append((subject.id, round(total / weight_sum, 4) if weight_sum else 0.0, subject.name.lower()))
    return [(subject_id, value) for subject_id, value, _ in sorted(rows, key=lambda r: (-r[1], r[2]))]


def preset_weights(kb: KnowledgeBase, scenario: Scenario) -> dict[str, int]:
    """A scenario's weight for every factor, as the panel shows it: unlisted factors weigh 0."""
    weights = dict(scenario.weights)  # Scenario.weight, read once rather than once per factor
    return {f.id: weights.get(f.id, 0) for f in factors(kb)}


def scenario_overrides(scenario: Scenario) -> Overrides:
    overrides: Overrides = {}
    for factor_id, rating in scenario.ratings:
        overrides.setdefault(factor_id, {})[rating.subject] = rating.rating
    return overrides


def scenario_ranking(kb: KnowledgeBase, scenario: Scenario) -> list[tuple[str, float]]:
    """The scenario's own ranking: its weights over the ratings, its own ratings taking precedence.
    The scenario page, the panel's preset and the coherence rules all read this."""
    return weighted_ranking(kb, preset_weights(kb, scenario), scenario_overrides(scenario), default=0)


class ScenarioRow(Struct, frozen=True):
    """One deciding factor of a scenario: its weight and the rating each subject gets here."""
    factor: Factor
    weight: int
    ratings: tuple[tuple[Rating, bool], ...]  # (rating used, True if the scenario's own), in ranking order


class ScenarioTable(Struct, frozen=True):
    """The scenario page's working: subjects in computed order with their scores, and the rows."""
    ranking: tuple[tuple[Subject, float], ...]
    rows: tuple[ScenarioRow, ...]


def scenario_table(kb: KnowledgeBase, scenario: Scenario) -> ScenarioTable:
    ranking = tuple((kb.get(subject_id, "subject"), value) for subject_id, value in scenario_ranking(kb, scenario))
    rows = []
    for factor_id in scenario.factors:
        factor = kb.get(factor_id, "factor")
        cells = []
        for subject, _ in ranking:
            own = scenario.rating_for(factor_id, subject.id)
            cells.append((own or factor.rating_for(subject.id), own is not None))
        rows.append(ScenarioRow(factor, scenario.weight(factor_id), tuple(cells)))
    return ScenarioTable(ranking, tuple(rows))  # type: ignore[arg-type]


def interactive_data(kb: KnowledgeBase) -> dict:
    """What the weights script reads, embedded in the page at build time. Compact, as it grows with
    subjects x factors: each rating appears once, in the `ratings` legend, and is referred to by
    its position there; a factor's ratings are an array in subject order; a scenario lists only
    the factors it weighs, as [factor position, weight], and its own ratings as
    [factor position, subject position, rating position]."""
    subjects, factor_list = kb.subjects, factors(kb)
    legend = list(RATING)
    position = {key: n for n, key in enumerate(legend)}
    subject_at = {s.id: n for n, s in enumerate(subjects)}
    factor_at = {f.id: n for n, f in enumerate(factor_list)}
    presets = []
    for s in kb.of("scenario"):
        own = [[factor_at[f], subject_at[subject], position[r]]
               for f, by in scenario_overrides(s).items() for subject, r in by.items()]
        presets.append({"id": s.id, "name": s.name, "own": own,
                        "weights": [[factor_at[f], w] for f, w in s.weights if w and f in factor_at]})
    return {
        "subjects": [{"id": s.id, "name": s.name} for s in subjects],
        "ratings": [{"id": key, "title": RATING[key]["title"], "score": RATING[key].get("x-score")} for key in legend],
        "factors": [{"id": f.id, "name": f.name, "ratings": [_rating_position(f, subject.id, position) for subject in subjects]}
                    for f in factor_list],
        "presets": presets,
        "weights": list(WEIGHTS), "defaultWeight": DEFAULT_WEIGHT,
    }


def _rating_position(factor: Factor, subject_id: str, position: dict[str, int]) -> int | None:
    rating = factor.rating_for(subject_id)
    return position[rating.rating] if rating else None
