"""Validation time for 1,000 synthetic records (target: under 1 s on a 2-core machine).

    .venv/bin/python benchmarks/validate_1000.py [--records N] [--runs 5]

Writes a valid knowledge base of about N records to a temporary folder, then loads, validates
and models it several times and prints the median and the best time.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import versus


def write_synthetic(root: Path, records: int) -> int:
    """A valid knowledge base of about `records` records: 10 subjects, and the rest split over kinds."""
    subjects = [f"subject-{n}" for n in range(10)]
    per_kind = max(1, (records - len(subjects) - 12) // 5)
    folders = ["subjects", "factors", "tools", "caveats", "scenarios", "sources", "categories", "decisions"]
    for folder in folders:
        (root / folder).mkdir(parents=True)
    count = 0

    def write(folder: str, record_id: str, text: str) -> None:
        nonlocal count
        (root / folder / f"{record_id}.yaml").write_text(text, encoding="utf-8")
        count += 1

    for n in range(10):
        write("categories", f"category-{n}", f"name: Category {n}\ndescription: Tools of kind {n}.\norder: {n}\n")
    for n in range(per_kind):
        write("sources", f"source-{n}", f"name: Source {n}\npublisher: Publisher {n}\nurl: https://example.org/{n}\n"
              "type: official\npublished: 2025-01\naccessed: 2026-10-01\n")
    cite = "reviewed: 2026-10-01\nsources: [source-0, source-1]\n"
    for s in subjects:
        write("subjects", s, f"name: {s.title()}\nsummary: A framework.\norigin: A lab.\nfirst_release: '2018'\n"
              "license: MIT\nversion: {line: 1.x, latest: 1.0.0, released: 2026-01}\n"
              "backends:\n  - {name: CPU, support: supported}\nstrengths: [Fast.]\nweaknesses: [New.]\n" + cite)
    for n in range(per_kind):
        ratings = "".join(f"  {s}: {{rating: strong, note: Good at factor {n}., confidence: confirmed, sources: [source-0]}}\n"
                          for s in subjects)
        write("factors", f"factor-{n}", f"name: Factor {n}\nquestion: How good is it at {n}?\norder: {n}\n"
              f"ratings:\n{ratings}verdict:\n  winners: [{subjects[n % 10]}]\n  reason: See [[tool:tool-{n}]].\n" + cite)
    for n in range(per_kind):
        write("tools", f"tool-{n}", f"name: Tool {n}\nsummary: Does {n}.\ncategory: category-{n % 10}\n"
              f"subjects: [{subjects[n % 10]}]\nstatus: {{state: active, since: 2024-05}}\n"
              f"url: https://example.org/tool/{n}\n" + cite)
    for n in range(per_kind):
        write("caveats", f"caveat-{n}", f"name: Caveat {n}\nseverity: medium\nsummary: Watch out for {n}.\n"
              f"subjects: [{subjects[n % 10]}]\ntools: [tool-{n}]\ninstead: Do the other thing.\n" + cite)
    for n in range(max(0, records - count - 1)):
        write("scenarios", f"scenario-{n}", f"name: Scenario {n}\nsummary: Situation {n}.\n"
              f"recommended: {subjects[n % 10]}\nreason: It fits.\nweights: {{factor-{n % per_kind}: 3}}\n"
              f"ratings:\n  factor-{n % per_kind}:\n    {subjects[n % 10]}: {{rating: excellent, note: Best here., "
              "confidence: confirmed, sources: [source-0]}\n" + cite)
    write("decisions", "tree", "name: Tree\nsummary: Pick one.\nstart: q0\nquestions:\n"
          + "".join(f"  q{n}:\n    question: Step {n}?\n    answers:\n      - {{answer: 'yes', goto: o{n}}}\n"
                    f"      - {{answer: 'no', goto: {'q' + str(n + 1) if n < 9 else 'o9'}}}\n" for n in range(10))
          + "outcomes:\n" + "".join(f"  o{n}: {{title: Outcome {n}, text: Done., recommends: [{subjects[n]}]}}\n"
                                    for n in range(10)) + cite)
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "data"
        written = write_synthetic(root, args.records)
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            result = versus.load(root)
            times.append(time.perf_counter() - started)
        if not result.ok:
            for diagnostic in result.diagnostics[:10]:
                print(diagnostic.format(), file=sys.stderr)
            print("synthetic data did not validate", file=sys.stderr)
            return 1
    median = statistics.median(times)
    print(f"records: {written}  runs: {args.runs}")
    print(f"load + validate + model: median {median:.3f} s, best {min(times):.3f} s, "
          f"{median / written * 1e3:.2f} ms per record  (target: < 1 s for 1,000)")
    return 0 if median < 1.0 or args.records != 1000 else 1


if __name__ == "__main__":
    sys.exit(main())
