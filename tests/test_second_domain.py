"""A knowledge base from another domain (tests/fixtures/databases: three databases) builds
strictly, speaks its own words, and carries nothing of the machine-learning site it did not say."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import versus
from support import FIXTURES

DATA = FIXTURES / "databases" / "data"
#: Words of this repository's own domain. A generated page may use one only where the data does.
ML_WORDS = ("framework", "frameworks", "tensor", "tensors", "model", "models", "gpu", "tpu", "cuda", "hardware",
            "backend", "backends", "pytorch", "torch", "tensorflow", "keras", "jax", "training", "inference",
            "neural", "deep learning", "machine learning", "accelerator", "python")


class _Text(HTMLParser):
    """The text a reader sees, plus attribute values that show up as text (titles, alt, labels)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self._skip += 1
        self.parts.extend(value for name, value in attrs if name in ("title", "alt", "aria-label", "placeholder")
                          and value)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _text(path: Path) -> str:
    parser = _Text()
    parser.feed(path.read_text(encoding="utf-8"))
    return " ".join(parser.parts)


def _pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*.html") if "assets" not in p.parts)


def test_the_fixture_is_valid_and_uses_its_own_declarations() -> None:
    result = versus.load(DATA)
    assert result.diagnostics == ()
    kb = result.knowledge_base
    assert kb.domain.kinds["subject"].plural == "Databases"
    assert [f.id for f in kb.domain.facets] == ["deployment"]
    assert dict(kb.get("subject:duckdb").fields)["storage"] == "Columns, in a single file"
    assert {s.code_language for s in kb.get("example:count-per-group").snippets} == {"sql"}


def test_pages_carry_no_word_of_another_domain(databases_site: Path) -> None:
    data_text = " ".join(p.read_text(encoding="utf-8") for p in DATA.rglob("*.yaml")).lower()
    allowed = {word for word in ML_WORDS if re.search(rf"\b{word}\b", data_text)}
    pages = _pages(databases_site)
    assert len(pages) > 20
    found = {}
    for page in pages:
        text = _text(page).lower()
        for word in set(ML_WORDS) - allowed:
            if re.search(rf"\b{word}\b", text):
                found.setdefault(word, []).append(str(page.relative_to(databases_site)))
    assert found == {}


def test_the_domain_speaks_its_own_words(databases_site: Path) -> None:
    index = _text(databases_site / "subjects" / "index.html")
    assert "Databases" in index and "Subjects" not in index
    duckdb = _text(databases_site / "subjects" / "duckdb.html")
    assert "Ways to run it" in duckdb and "Mode" in duckdb and "Built in" in duckdb
    assert "Query language" in duckdb and "SQL with analytical additions" in duckdb
    reference = _text(databases_site / "reference.html")
    assert "Deployment support" in reference and "Not offered" in reference
    assert "Hardware" not in reference


def test_snippets_are_highlighted_in_their_own_language(databases_site: Path) -> None:
    html = (databases_site / "examples" / "count-per-group.html").read_text(encoding="utf-8")
    # The SQL lexer marks SELECT as a keyword ("k"); the Python lexer would see a name ("n").
    assert '<span class="k">SELECT</span>' in html and '<span class="n">SELECT</span>' not in html


def test_a_record_without_version_or_licence_still_builds(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    page = data / "subjects" / "postgresql.yaml"
    page.write_text(page.read_text(encoding="utf-8").replace("license: PostgreSQL\n", ""), encoding="utf-8")
    kb = versus.load(data).knowledge_base
    assert kb is not None and kb.get("subject:postgresql").license is None


def test_the_plugin_publishes_its_own_browser_files(databases_site: Path) -> None:
    matrix = (databases_site / "matrix.html").read_text(encoding="utf-8")
    for site_path in ("assets/stylesheets/versus.css", "assets/javascripts/versus.js",
                      "assets/javascripts/iframe-worker-shim.js"):
        assert (databases_site / site_path).is_file()
        assert site_path in matrix
    assert "unpkg.com" not in matrix


def test_missing_markdown_extensions_fail_with_one_error_listing_them(tmp_path: Path) -> None:
    import shutil
    import subprocess
    import sys

    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "databases", project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for line in ("  - attr_list\n", "  - def_list\n", "  - md_in_html\n"):
        text = text.replace(line, "")
    config.write_text(text.replace("      alternate_style: true\n", "      alternate_style: false\n"), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    assert result.stderr.count("Markdown extensions") == 1
    for needed in ("  - attr_list", "  - def_list", "  - md_in_html", "  - pymdownx.tabbed:\n      alternate_style: true"):
        assert needed in result.stderr
    assert "  - admonition" not in result.stderr  # present ones are not listed
    assert not (project / "site").exists()


def test_prefix_mounts_every_generated_page_under_a_folder(tmp_path: Path) -> None:
    import json
    import shutil
    import subprocess
    import sys

    from linkcheck import check_site

    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "databases", project)
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("      data_dir: data\n",
                                                                 "      data_dir: data\n      prefix: kb/dbs\n"),
                      encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    generated = {p.relative_to(site).parts[0] for p in site.rglob("index.html")} - {"index.html", "search", "api"}
    assert generated == {"kb"}  # nothing generated at the top level but the hand-written home page
    assert (site / "kb" / "dbs" / "matrix" / "index.html").is_file()
    assert (site / "kb" / "dbs" / "compare" / "duckdb-vs-sqlite" / "index.html").is_file()
    assert not (site / "matrix").exists()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'href="kb/dbs/subjects/duckdb/"' in home  # the matrix marker on the home page links into the folder
    assert check_site(site) == []
    nav = (site / "kb" / "dbs" / "matrix" / "index.html").read_text(encoding="utf-8")
    assert re.search(r"^\s*Databases\s*$", nav, re.M) and not re.search(r"^\s*Subjects\s*$", nav, re.M)
    export = json.loads((site / "api" / "v1" / "subjects.json").read_text(encoding="utf-8"))
    assert {r["url"] for r in export["records"]} == {f"kb/dbs/subjects/{i}/" for i in ("duckdb", "postgresql", "sqlite")}
