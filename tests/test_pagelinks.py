"""Relative links between site paths, computed on the strings: they agree with posixpath.relpath."""

from __future__ import annotations

import itertools
import posixpath

from versus.pagelinks import html_link, page_url, relative_link

FOLDERS = ["", "a", "a/b", "tools", "compare", "a/b/c"]
FILES = ["x.md", "a/x.md", "a/b/x.md", "tools/t.md", "b/x.md", "a/b/c/d.md", "index.md", "compare/all.md"]


def test_docs_links_agree_with_relpath() -> None:
    for folder, target in itertools.product(FOLDERS, FILES):
        page = f"{folder}/p.md" if folder else "p.md"
        assert relative_link(page, target) == posixpath.relpath(target, folder or "."), (folder, target)
        assert relative_link(page, target + "#part") == posixpath.relpath(target, folder or ".") + "#part"
    assert relative_link("a/p.md", "#only") == "#only"


def test_a_file_named_like_the_linking_folder_is_reached_as_a_file() -> None:
    assert relative_link("a/b/p.md", "a/b") == "../b"


def _html_link_by_relpath(source_uri: str, target_uri: str, directory_urls: bool) -> str:
    """html_link as it was written with posixpath.relpath."""
    source, target = page_url(source_uri, directory_urls), page_url(target_uri, directory_urls)
    base = posixpath.dirname(source) if not source.endswith("/") else source.rstrip("/")
    link = posixpath.relpath(target or ".", base or ".")
    if target.endswith("/") and not link.endswith("/"):
        link += "/"
    return "./" if link in (".", "./") else link


def test_html_links_agree_with_relpath() -> None:
    for source, target, directory_urls in itertools.product(FILES, FILES, (True, False)):
        assert html_link(source, target, directory_urls) == _html_link_by_relpath(source, target, directory_urls)
    assert html_link("tools/t.md", "tools/t.md") == "./"
