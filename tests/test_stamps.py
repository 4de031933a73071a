"""The words the pages use for machine checks, and the review queue's order (fixture data)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import versus
from versus import stamps
from versus.checked import code_digest

TODAY = dt.date(2026, 11, 21)


def _kb(kb_copy: Path):
    result = versus.load(kb_copy, today=TODAY)
    assert result.ok, [d.format() for d in result.diagnostics]
    return result.knowledge_base


def test_release_stamp_says_what_was_checked_and_when(kb_copy: Path) -> None:
    subject = kb_copy / "subjects" / "alpha.yaml"
    assert stamps.release(_kb(kb_copy).get("subject:alpha")) == "1.2.0 (2026-05); not tied to a package, so no registry checks it"
    subject.write_text(subject.read_text().replace("license: MIT\n", "license: MIT\npackages:\n  - registry: npm\n    name: '@alpha/core'\n"))
    assert stamps.release(_kb(kb_copy).get("subject:alpha")).endswith("not yet checked against npm (@alpha/core)")
    subject.write_text(subject.read_text().replace("  released: 2026-05\n", "  released: 2026-05\n  checked: 2026-11-20\n"))
    assert stamps.release(_kb(kb_copy).get("subject:alpha")) == "1.2.0 (2026-05), checked against npm (@alpha/core) on 2026-11-20"


def test_run_stamps(kb_copy: Path) -> None:
    example = kb_copy / "examples" / "hello.yaml"
    text = example.read_text()
    text = text.replace("      print(alpha.add(1, 2))\n", "      print(alpha.add(1, 2))\n    gpu: true\n")
    digest = code_digest("import beta\nprint(beta.add(1, 2))\n")
    text = text.replace("      print(beta.add(1, 2))\n", "      print(beta.add(1, 2))\n    ran:\n      - date: 2026-11-01\n"
                        f"        result: failed\n        code: {digest}\n        versions: {{beta: 1.0.0}}\n"
                        "        error: 'ModuleNotFoundError: no beta'\n")
    example.write_text(text)
    alpha, beta = _kb(kb_copy).get("example:hello").snippets
    assert stamps.ran(alpha) == "Not run here: this snippet needs a GPU."
    assert stamps.ran(beta) == "Failed when run as shown on CPU on 2026-11-01 with beta 1.0.0: ModuleNotFoundError: no beta"
    example.write_text(text.replace("print(beta.add(1, 2))", "print(beta.add(2, 2))"))  # edited after the run
    _, edited = _kb(kb_copy).get("example:hello").snippets
    assert stamps.ran(edited) == "Edited since its last run (2026-11-01); not yet run as shown."


def test_machine_queue_lists_failing_then_stale_then_unverified(kb_copy: Path) -> None:
    example = kb_copy / "examples" / "hello.yaml"
    example.write_text(example.read_text().replace("      print(beta.add(1, 2))\n", "      print(beta.add(1, 2))\n    ran:\n"
                                                   "      - date: 2026-11-01\n        result: failed\n        error: boom\n"))
    tool = kb_copy / "tools" / "alpha-compile.yaml"
    tool.write_text(tool.read_text().replace("url:", "packages:\n  - registry: pypi\n    name: torch\nversion:\n"
                                             "  latest: 2.15.0\n  checked: 2026-09-01\nurl:"))
    queue = stamps.machine_queue(_kb(kb_copy), TODAY)
    assert [(item.record.id, item.order) for item in queue] == [("hello", 0), ("alpha-compile", 1), ("hello", 2),
                                                                  ("alpha", 2), ("beta", 2)]
    assert "fails on CPU (boom)" in queue[0].problem and "81 days ago" in queue[1].problem
