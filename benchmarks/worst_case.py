"""Time the validator on adversarial text: the worst inputs found for the old regex rules.

    python benchmarks/worst_case.py [--kib 256] [--cases NAME,...]

Each case writes one tool record whose `body` is the adversarial text (up to the file limit),
into a copy of the test fixture knowledge base, and times `versus.load` (load + validate).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "plugins"))

import versus  # noqa: E402

CASES = {
    "brackets": "[",
    "link-openers": "](",
    "backticks": "`a",
    "double-backticks": "``a`",
    "fences": "~~~a\n",
    "angle": "<a",
    "braces": "{a",
    "reference-lines": "[a]:\n",
    "double-brackets": "[[a",
    "entities": "&#",
    "unclosed-links": "[a](",
    "tick-bracket": "`[",
    "images": "![",
}


def body_of(unit: str, size: int) -> str:
    return (unit * (size // len(unit) + 1))[:size]


def run(name: str, size: int) -> float:
    import yaml

    with tempfile.TemporaryDirectory() as folder:
        data = Path(folder) / "data"
        shutil.copytree(ROOT / "tests" / "fixtures" / "kb", data)
        record = yaml.safe_load((data / "tools" / "alpha-compile.yaml").read_text())
        record["body"] = body_of(CASES[name], size - 1024)
        (data / "tools" / "alpha-compile.yaml").write_text(yaml.safe_dump(record, width=10**9))
        started = time.perf_counter()
        versus.load(data)
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--kib", type=int, default=256)
    parser.add_argument("--cases", default=",".join(CASES))
    args = parser.parse_args()
    for name in args.cases.split(","):
        seconds = run(name, args.kib * 1024)
        print(f"{name:18} {args.kib:4} KiB  {seconds:9.3f} s", flush=True)


if __name__ == "__main__":
    main()
