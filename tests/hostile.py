"""The hostile corpus: text an attacker opening a pull request would try, each case from the issue
"A pull request cannot put script on the site". Every payload calls `alert(N)`; a page where any
of them runs shows a dialog, which the browser test listens for.

`write_hostile_kb(data)` writes them into a copy of the fixture knowledge base. `build_without_text_rules`
builds a site from it with validation's string rules (dates, text) switched off, to show the sanitiser alone keeps
script off the pages (defence in depth: the validator is the friendly first line, not the safety).
"""

from __future__ import annotations

import shutil
from pathlib import Path
from unittest import mock

import yaml

from support import FIXTURES

#: (file, dotted field path, value): each is one route the issue found to run script.
PAYLOADS = [
    # text after ``` or ~~~ skipped the old raw-HTML, attribute-list and URL checks
    ("tools/alpha-compile.yaml", "summary", "Fast ~~~ <img src=x onerror=alert(1)//>"),
    ("tools/alpha-compile.yaml", "status.note", "Since ``` then <svg onload=alert(11)>"),
    # tag names outside [A-Za-z0-9-]
    ("subjects/alpha.yaml", "summary", "Focus <a_ tabindex=0 autofocus onfocus=alert(2)>here</a_> now."),
    ("subjects/alpha.yaml", "origin", "Hover <x.y onmouseover=alert(3)>me</x.y>."),
    # a name with entities: the theme's <title> decoded them; names also land in admonition
    # titles (scenario, factor verdict) and tab labels (examples, pair pages)
    ("subjects/beta.yaml", "name", "&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt; **Beta**"),
    ("scenarios/learning.yaml", "name", "Learn &lt;img src=x onerror=alert(5)&gt; *now*"),
    # reference definitions inside a block quote or a list
    ("factors/speed.yaml", "question", "How fast?\n\n> [x]: javascript:alert(6)\n\nSee [it][x]."),
    ("factors/ease-of-use.yaml", "question", "How easy?\n\n- [y]: javascript:alert(7)\n\nSee [that][y]."),
    # a rating note with a double-backtick code span, cut by first_sentence on the matrix page
    ("factors/speed.yaml", "ratings.alpha.note", "Uses ``a. B<img src=x onerror=alert(8)>`` here. Then more."),
    # a source URL that closes the Markdown link and opens another
    ("sources/alpha-docs.yaml", "url", "https://a.example/~~~)[x](javascript:alert(9))"),
    # attribute lists and entity-disguised schemes
    ("caveats/slow-first-step.yaml", "summary", "Slow {: onclick=alert(10) } [go](jav&#x61;script:alert(12))"),
]


def _set(data: dict, dotted: str, value: str) -> None:
    *parents, last = dotted.split(".")
    for part in parents:
        data = data[part]
    data[last] = value


def write_hostile_kb(data: Path) -> None:
    shutil.copytree(FIXTURES / "kb", data)
    for file, field, value in PAYLOADS:
        path = data / file
        record = yaml.safe_load(path.read_text(encoding="utf-8"))
        _set(record, field, value)
        path.write_text(yaml.safe_dump(record, allow_unicode=True, width=10**6), encoding="utf-8")


def build_without_text_rules(project: Path) -> Path:
    """Build `project` (fixture site + hostile data) in this process with `_check_strings` off."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from versus import validate

    with mock.patch.object(validate, "_check_strings", lambda *args: None):
        config = load_config(config_file=str(project / "mkdocs.yml"))
        config.plugins.on_startup(command="build", dirty=False)
        build(config)
        config.plugins.on_shutdown()
    return project / "site"
