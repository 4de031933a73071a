"""Diagnostics: what went wrong, where, and how to fix it.

Every check in versus reports a `Diagnostic` instead of raising. Each rule has a short id and a
one-line fix hint, kept together in `RULES` so the CLI, the docs and CONTRIBUTING.md agree.
"""

from __future__ import annotations

import os
from pathlib import Path

from msgspec import Struct

ERROR = "error"
WARNING = "warning"

#: rule id -> one-line fix hint. The single list of every rule versus checks.
RULES: dict[str, str] = {
    # loading
    "encoding": "Save the file as UTF-8 without a byte-order mark.",
    "file-too-large": "Split the record or shorten it; data files are small by design.",
    "yaml-syntax": "Fix the YAML at this position; indent with spaces, never tabs.",
    "yaml-empty": "Write the record's fields, or delete the file.",
    "yaml-alias": "Anchors (&) and aliases (*) are not allowed; repeat the value instead.",
    "yaml-tag": "Remove the tag; only plain strings, numbers, booleans, null, dates, lists and mappings are allowed.",
    "yaml-depth": "Flatten the structure; records never need deep nesting.",
    "duplicate-key": "Keep one of the two keys; YAML would silently drop the first.",
    "not-a-mapping": "Start the file with 'key: value' lines; a record is a mapping.",
    "bad-id": "Rename the file: lowercase letters, digits and single hyphens, ending in .yaml.",
    "unknown-kind": "Move the file into one of the known folders under data/.",
    "path-escape": "Keep data files inside the data folder; do not link to files outside it.",
    # schema
    "unknown-key": "Remove the key or fix its spelling; the schema lists every allowed field.",
    "missing-field": "Add the required field.",
    "wrong-type": "Change the value to the expected type.",
    "bad-enum": "Use one of the allowed values.",
    "bad-format": "Write the value in the expected format.",
    "bad-value": "Change the value so it meets the schema.",
    # semantics
    "broken-ref": "Point the reference at an existing record id, or add that record.",
    "duplicate-id": "Rename one of the files; ids are unique within a kind.",
    "bad-date": "Use a real calendar date.",
    "future-date": "Dates record what already happened; use today's date or an earlier one.",
    "missing-rating": "Rate every subject; write 'rating: unknown' with a note when there is no evidence.",
    "bad-verdict": "Name winners among the rated subjects, none rated 'unknown'.",
    "tree-start": "Point 'start' at a question of this tree.",
    "tree-ref": "Point 'goto' at a question or outcome of this tree.",
    "tree-unreachable": "Link the node from an answer, or delete it.",
    "tree-cycle": "Break the loop; every path must end in an outcome.",
    "tree-id-clash": "Give questions and outcomes different ids.",
    "unfilled": "Replace the FILL IN text with the real value.",
    "missing-source": "Cite at least one record from data/sources/ under 'sources'.",
    "raw-html": "Use Markdown instead of HTML; put literal tags in backticks.",
    "unsafe-url": "Link only to https:// addresses or to records with [[kind:id]].",
    "text-complexity": "Close every '[' you open (or escape it as '\\['); avoid deeply nested brackets.",
    "tree-depth": "Split the tree: no path may ask more than 32 questions in a row.",
    "page-clash": "Rename one of the two records: their pages would be published at the same address.",
    # the knowledge base's own declarations (data/versus.yaml)
    "unknown-facet": "Declare the facet and its support values under 'facets' in versus.yaml, or use one declared there.",
    "unknown-field": "Declare the field for this kind under 'fields' in versus.yaml, with the value's type, or fix the value.",
    "missing-language": "Add 'language: python' (or sql, bash, ...) to the snippet, or once to the example for all its snippets.",
    # coherence and evidence (run on the built model)
    "scenario-ranking": "Make the recommended subject score highest under the scenario's weights: adjust 'weights', add a scenario rating, or change 'recommended'.",
    "scenario-runner-up": "Make the runner-up score second under the scenario's weights, or name the subject that does.",
    "outcome-scenario": "An outcome that lists a scenario recommends that scenario's subject first; otherwise link the scenario from its text.",
    "verdict-rating": "Name as winners the subjects rated highest, or explain the difference in 'verdict.despite_ratings'.",
    "rating-source": "Cite the rating's own sources, or mark it 'confidence: judgement' with a 'basis'.",
    "rating-confidence": "'confirmed' needs an official source; 'judgement' needs a 'basis'; other ratings have no 'basis'.",
    # verification against the outside world (versus verify, versus examples)
    "stale-version": "Run `versus verify --write` to record the registry's answer, then review the diff.",
    "unknown-package": "Spell the package as the registry publishes it (npm scopes included), or remove it.",
    "example-failed": "Make the snippet run as shown on CPU, or mark it `gpu: true` if it truly needs a GPU.",
}


class Diagnostic(Struct, frozen=True):
    """One problem, pointing at a file, a 1-based line and a 1-based column."""

    file: str
    line: int
    col: int
    rule: str
    message: str
    severity: str = ERROR

    @property
    def place(self) -> tuple[str, int, int, str, str]:
        """What orders diagnostics and tells them apart (the severity does neither)."""
        return (self.file, self.line, self.col, self.rule, self.message)

    @property
    def hint(self) -> str:
        return RULES.get(self.rule, "")

    def display_path(self, cwd: Path | None = None) -> str:
        """The file relative to `cwd` (default: the current directory) where that is shorter."""
        try:
            rel = os.path.relpath(self.file, cwd or Path.cwd())
        except ValueError:  # a different drive on Windows
            return self.file
        return self.file if rel.startswith(".." + os.sep + "..") else rel

    def format(self, cwd: Path | None = None) -> str:
        return f"{self.display_path(cwd)}:{self.line}:{self.col}: {self.severity}: {self.message} [{self.rule}]"

    def format_github(self, cwd: Path | None = None) -> str:
        level = "error" if self.severity == ERROR else "warning"
        hint = f"\n{self.hint} See CONTRIBUTING.md#{self.rule}" if self.hint else ""
        message = _escape_github(f"{self.message} [{self.rule}]{hint}")
        path = _escape_github_property(self.display_path(cwd))
        return f"::{level} file={path},line={self.line},col={self.col},title=versus {self.rule}::{message}"


def _escape_github(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_github_property(text: str) -> str:
    return _escape_github(text).replace(":", "%3A").replace(",", "%2C")


class Report:
    """Collects diagnostics from every stage; never stops at the first."""

    def __init__(self) -> None:
        self.items: list[Diagnostic] = []

    def add(self, file: str | Path, line: int, col: int, rule: str, message: str, severity: str = ERROR) -> None:
        if rule not in RULES:
            raise KeyError(f"unknown rule id {rule!r}")
        self.items.append(Diagnostic(str(file), line, col, rule, message, severity))

    def sorted(self) -> list[Diagnostic]:
        """By file, line, column, rule and message; one of each (the first reported)."""
        unique: dict[tuple, Diagnostic] = {}
        for item in self.items:
            unique.setdefault(item.place, item)
        return [unique[place] for place in sorted(unique)]
