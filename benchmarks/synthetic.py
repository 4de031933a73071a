"""A synthetic knowledge base of any size, valid by construction.

    write_kb(root, Shape(subjects=40, factors=150, tools=500, ...))

Records cross-link the way real ones do (ratings for every subject, [[kind:id]] links in text,
tools per category, scenarios citing factors, deep decision trees), so page sizes and link counts
grow as they would with real data.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

CITE = "reviewed: 2026-10-01\nsources: [{s0}, {s1}]\n"
LOREM = ("This sentence stands in for a reviewed note of typical length, with enough words to make the "
         "page as long as a real one.")


@dataclass(frozen=True)
class Shape:
    subjects: int
    factors: int
    scenarios: int
    tools: int
    caveats: int
    decisions: int
    tree_depth: int
    examples: int
    sources: int
    terms: int
    categories: int

    @property
    def records(self) -> int:
        return (self.subjects + self.factors + self.scenarios + self.tools + self.caveats + self.decisions
                + self.examples + self.sources + self.terms + self.categories)

    def scaled(self, factor: int, *, subjects: int | None = None) -> "Shape":
        """Every kind times `factor`, except subjects (pairs grow as n squared) unless given."""
        values = {name: getattr(self, name) * factor for name in self.__dataclass_fields__ if name != "tree_depth"}
        values["subjects"] = subjects if subjects is not None else self.subjects
        values["categories"] = self.categories
        return Shape(tree_depth=self.tree_depth, **values)


def write_kb(root: Path, shape: Shape) -> int:
    """Write the knowledge base under `root` (which must not exist); returns the record count."""
    subjects = [f"subject-{n}" for n in range(shape.subjects)]
    count = 0

    def write(folder: str, record_id: str, text: str) -> None:
        nonlocal count
        path = root / folder / f"{record_id}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        count += 1

    def cite(n: int) -> str:
        return CITE.format(s0=f"source-{n % shape.sources}", s1=f"source-{(n + 1) % shape.sources}")

    for n in range(shape.categories):
        write("categories", f"category-{n}", f"name: Category {n}\ndescription: Tools of kind {n}.\norder: {n}\n")
    for n in range(shape.sources):
        write("sources", f"source-{n}", f"name: Source {n}\npublisher: Publisher {n % 17}\n"
              f"url: https://example.org/source/{n}\ntype: official\npublished: 2025-06\naccessed: 2026-10-01\n")
    for n, s in enumerate(subjects):
        write("subjects", s, f"name: Subject {n}\nsummary: Framework number {n}. {LOREM}\norigin: Lab {n}.\n"
              f"first_release: '{2010 + n % 15}'\nlicense: MIT\n"
              "version: {line: 1.x, latest: 1.0.0, released: 2026-01}\n"
              f"strengths: [Fast. {LOREM}]\nweaknesses: [New. {LOREM}]\naliases: [s{n}]\n" + cite(n))
    # Factor n rates its winner excellent and everyone else strong, adequate or weak in turn, so each
    # factor has exactly one best-rated subject and verdicts agree with ratings.
    others = ["strong", "adequate", "weak"]

    def winner_of(factor: int) -> str:
        return subjects[(-factor) % shape.subjects]

    for n in range(shape.factors):
        rows = "".join(f"  {s}: {{rating: {'excellent' if s == winner_of(n) else others[(n + i) % 3]}, "
                       f"note: 'Rated for factor {n}. {LOREM}', confidence: confirmed, sources: [source-{n % shape.sources}]}}\n"
                       for i, s in enumerate(subjects))
        write("factors", f"factor-{n}", f"name: Factor {n}\nquestion: How good is it at {n}?\norder: {n}\n"
              f"ratings:\n{rows}verdict:\n  winners: [{winner_of(n)}]\n"
              f"  reason: See [[tool:tool-{n % shape.tools}]] and [[term:term-{n % shape.terms}]].\n" + cite(n))
    for n in range(shape.tools):
        replaced = f"replaced_by: [tool-{n + 1}]\n" if n % 9 == 0 and n + 1 < shape.tools else ""
        write("tools", f"tool-{n}", f"name: Tool {n}\nsummary: Does task {n}. {LOREM}\n"
              f"category: category-{n % shape.categories}\nsubjects: [{subjects[n % shape.subjects]}]\n"
              f"status: {{state: {['active', 'deprecated', 'archived', 'limited-maintenance'][n % 4]}, since: 2024-05}}\n"
              f"url: https://example.org/tool/{n}\n{replaced}" + cite(n))
    for n in range(shape.caveats):
        write("caveats", f"caveat-{n}", f"name: Caveat {n}\nseverity: {['critical', 'high', 'medium', 'low'][n % 4]}\n"
              f"summary: Watch out for {n}.\nsubjects: [{subjects[n % shape.subjects]}]\ntools: [tool-{n % shape.tools}]\n"
              f"details: {LOREM}\ninstead: Use [[tool:tool-{(n + 1) % shape.tools}]] instead.\n" + cite(n))
    # Scenario n weighs two factors whose winners are its recommendation and runner-up; two scenario
    # ratings (strong where each is not the factor's winner) keep that order strict, as the
    # coherence rules require: recommended 3.75, runner-up 3.25, everyone else at most 3.00.
    def scenario_pick(n: int) -> tuple[str, str, int, int]:
        a = n % shape.factors
        b = next((a + k) % shape.factors for k in range(1, shape.factors + 1)
                 if winner_of((a + k) % shape.factors) != winner_of(a))
        return winner_of(a), winner_of(b), a, b

    for n in range(shape.scenarios):
        recommended, runner_up, a, b = scenario_pick(n)
        own = "{rating: strong, note: Strong in this situation., confidence: confirmed, sources: [source-0]}"
        write("scenarios", f"scenario-{n}", f"name: Scenario {n}\nsummary: Situation {n}.\n"
              f"recommended: {recommended}\nrunner_up: {runner_up}\n"
              f"reason: It fits. {LOREM}\nweights: {{factor-{a}: 3, factor-{b}: 1}}\n"
              f"ratings:\n  factor-{a}: {{{runner_up}: {own}}}\n  factor-{b}: {{{recommended}: {own}}}\n"
              f"tools: [tool-{n % shape.tools}]\n" + cite(n))
    for n in range(shape.examples):
        snippets = "".join(f"  {s}:\n    code: |\n      import {s.replace('-', '_')}\n      model = {s.replace('-', '_')}.fit({n})\n"
                           for s in subjects)
        write("examples", f"example-{n}", f"name: Example {n}\ntask: Task {n}.\nlanguage: python\norder: {n}\nsnippets:\n{snippets}" + cite(n))
    for n in range(shape.terms):
        write("glossary", f"term-{n}", f"name: Term {n}\ndefinition: Meaning {n}. {LOREM} See [[term:term-{(n + 1) % shape.terms}]].\n")
    depth = shape.tree_depth
    for t in range(shape.decisions):
        questions = "".join(
            f"  q{d}:\n    question: Step {d} of tree {t}?\n    answers:\n"
            f"      - {{answer: 'Stop here', goto: o{d}}}\n"
            f"      - {{answer: 'Go on', goto: {'q' + str(d + 1) if d + 1 < depth else 'o' + str(depth)}}}\n"
            for d in range(depth))
        outcomes = "".join(f"  o{d}: {{title: Outcome {d}, text: Done., recommends: [{scenario_pick(d % shape.scenarios)[0]}], "
                           f"scenarios: [scenario-{d % shape.scenarios}]}}\n" for d in range(depth + 1))
        write("decisions", f"tree-{t}", f"name: Tree {t}\nsummary: Pick one.\nstart: q0\nquestions:\n{questions}"
              f"outcomes:\n{outcomes}" + cite(t))
    return count
