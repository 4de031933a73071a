"""Output safety: a schema-valid knowledge base whose every text field is full of markup, script
and template syntax builds, and nothing from the data reaches the built HTML unescaped.

Checked on the built pages: inside each page's article there is no script, style, frame, form or
image element, no event-handler attribute, and no link or source whose scheme (decoded as a browser
decodes it) is anything but http(s), mailto or a relative path.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

import versus
from support import FIXTURES
from versus.schema import iter_leaves

PAYLOAD = (' &lt;script&gt;alert(1)&lt;/script&gt; `<script>alert(2)</script>` {{ 7*7 }} {% raw %} ${x} '
           '"quoted" \'single\' & | pipe *em* _u_ \\ [[tool:alpha-compile|x" onmouseover="alert(3)]] '
           '[ok](https://example.org/a?b=1&c=2 "t\\" onclick=\\"alert(4)") #hash ~~~ ``` end')
NAME_PAYLOAD = ' "> x" onmouseover=alert(5) ]( | *y* \\ &lt;/title&gt;&lt;script&gt;alert(6)&lt;/script&gt;'
# (Radio <input>s for content tabs and <svg> icons come from the templates and theme; data cannot
# add either, raw HTML being rejected.)
FORBIDDEN_TAGS = {"script", "style", "iframe", "frame", "object", "embed", "form", "img",
                  "link", "meta", "base"}
SAFE_SCHEMES = {"http", "https", "mailto"}


def _is_text(schema: dict) -> bool:
    return (schema.get("type") == "string" and not schema.get("pattern") and not schema.get("x-ref")
            and not schema.get("x-date") and "oneOf" not in schema)


def _poison(value, kind: str):
    data = yaml.safe_load(yaml.safe_dump(value))
    for path, leaf, schema, is_key in list(iter_leaves(data, kind)):
        if is_key or not isinstance(leaf, str) or not _is_text(schema):
            continue
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        limit = schema.get("maxLength")
        parent[path[-1]] = (leaf + NAME_PAYLOAD)[:limit] if limit else leaf + PAYLOAD
    return data


class _Article(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.problems: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        if tag in FORBIDDEN_TAGS:
            self.problems.append(f"<{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"{name}= attribute on <{tag}>")
            if name in ("href", "src", "action", "formaction", "xlink:href") and value:
                compact = re.sub(r"[\x00-\x20\x7f]+", "", html.unescape(value)).lower()
                scheme = re.match(r"^([a-z][a-z0-9+.\-]*):", compact)
                if scheme and scheme.group(1) not in SAFE_SCHEMES:
                    self.problems.append(f"{name}={value!r} on <{tag}>")

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory) -> Path:
    project = tmp_path_factory.mktemp("hostile-output") / "project"
    shutil.copytree(FIXTURES / "site", project)
    shutil.copytree(FIXTURES / "kb", project / "data")
    for path in (project / "data").rglob("*.yaml"):
        kind = versus.kinds.KIND_BY_FOLDER[path.parent.name]
        path.write_text(yaml.safe_dump(_poison(yaml.safe_load(path.read_text()), kind), allow_unicode=True))
    result = versus.load(project / "data")
    assert result.ok, "the hostile knowledge base must be schema-valid:\n" + "\n".join(d.format() for d in result.diagnostics)
    build = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                           capture_output=True, text=True, timeout=300)
    assert build.returncode == 0, build.stderr
    return project / "site"


def _scan(site: Path) -> list[str]:
    problems = []
    for page in sorted(site.rglob("*.html")):
        parser = _Article()
        parser.feed(page.read_text(encoding="utf-8"))
        problems += [f"{page.relative_to(site)}: {p}" for p in parser.problems]
    return problems


def test_no_markup_from_the_data_reaches_the_html(hostile_site: Path) -> None:
    assert _scan(hostile_site) == []


def test_template_syntax_in_data_is_shown_literally(hostile_site: Path) -> None:
    text = html.unescape((hostile_site / "tools" / "alpha-compile" / "index.html").read_text(encoding="utf-8"))
    assert "{{ 7*7 }}" in text and "{% raw %}" in text


def test_escaped_script_stays_text(hostile_site: Path) -> None:
    raw = (hostile_site / "tools" / "alpha-compile" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in raw
    assert "<script>alert" not in raw


def test_the_real_site_passes_the_same_check(real_site: Path) -> None:
    assert _scan(real_site) == []


# --- the hostile corpus, built with validation's text rules off (tests/hostile.py) -------

class _Page(HTMLParser):
    """Whole-page checks: script elements that carry a payload, and the <title>'s text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.scripts: list[str] = []
        self.title = ""
        self.tags_in_title: list[str] = []

    def handle_starttag(self, tag, attrs):
        if self.stack and self.stack[-1] == "title":
            self.tags_in_title.append(tag)
        self.stack.append(tag)

    def handle_endtag(self, tag):
        while self.stack and self.stack.pop() != tag:
            pass

    def handle_data(self, data):
        if self.stack and self.stack[-1] == "script":
            self.scripts.append(data)
        elif self.stack and self.stack[-1] == "title":
            self.title += data


def test_the_sanitiser_alone_keeps_every_payload_inert(hostile_corpus_site: Path) -> None:
    """Every route of the issue, with the validator's text rules switched off: nothing runs."""
    assert _scan(hostile_corpus_site) == []
    for page in sorted(hostile_corpus_site.rglob("*.html")):
        parsed = _Page()
        parsed.feed(page.read_text(encoding="utf-8"))
        assert [s for s in parsed.scripts if "alert(" in s] == [], page
        assert parsed.tags_in_title == [] and "</title" not in parsed.title, page


def test_names_with_entities_stay_text_in_the_title(hostile_corpus_site: Path) -> None:
    raw = (hostile_corpus_site / "subjects" / "beta" / "index.html").read_text(encoding="utf-8")
    parsed = _Page()
    parsed.feed(raw)
    assert parsed.title.startswith("&lt;/title&gt;&lt;script&gt;alert(4)&lt;/script&gt; **Beta**")


def test_names_in_admonition_titles_and_tab_labels_render_no_markdown(hostile_corpus_site: Path) -> None:
    scenario = (hostile_corpus_site / "scenarios" / "learning" / "index.html").read_text(encoding="utf-8")
    example = (hostile_corpus_site / "examples" / "hello" / "index.html").read_text(encoding="utf-8")
    assert "Recommended: Alpha" in scenario
    title = re.search(r'<p class="admonition-title">(.*?)</p>', scenario).group(1)
    assert "<" not in title.replace("&lt;", "")
    labels = re.findall(r"<label[^>]*>(.*?)</label>", example)
    assert any("**Beta**" in html.unescape(label) for label in labels), labels
    assert all("<strong>" not in label for label in labels)


def test_a_source_url_cannot_open_a_second_link(hostile_corpus_site: Path) -> None:
    page = (hostile_corpus_site / "tools" / "alpha-compile" / "index.html").read_text(encoding="utf-8")
    assert "https://a.example/~~~%29%5Bx%5D%28javascript:alert%289%29%29" in page


def test_first_sentence_never_cuts_a_code_span_open() -> None:
    from versus.render import first_sentence

    assert first_sentence("Uses ``a. B`` here. Then more.") == "Uses ``a. B`` here."
    assert first_sentence("Calls `x. Y` first! Then") == "Calls `x. Y` first!"
    assert first_sentence("One [link. With](https://e.org) dot. Two") == "One [link. With](https://e.org) dot."
