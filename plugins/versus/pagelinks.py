"""Where generated pages are published and how they link to each other and to data files.

Pure functions of paths (cached: every page of a folder links the same targets alike), shared
by the renderer (Markdown and HTML links), the export (record URLs) and the edit links.
"""

from __future__ import annotations

import os
import posixpath
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import quote


def link_url(url: Any) -> str:
    """An absolute URL for a Markdown link destination or autolink: characters that could end
    either (parentheses, brackets, angle brackets, quotes, backticks, blanks) are percent-encoded."""
    return quote(str(url), safe=_URL_SAFE)


_URL_SAFE = "/:?#&=%+@!$,;~*-._"


@lru_cache(maxsize=4096)
def _real_folder(folder: str) -> str:
    return os.path.realpath(folder)


@lru_cache(maxsize=65536)
def project_path(file: Path, project_root: Path) -> str | None:
    """A data file's (or folder's) path relative to the (resolved) project root, as POSIX, or None
    if outside.
    Each folder is resolved once (a knowledge base has a dozen), not each file; the rest is done
    on strings (pathlib's `relative_to` took most of the time)."""
    name = str(file)
    if os.path.islink(name):
        real = os.path.realpath(name)
    else:
        folder, base = os.path.split(name)
        real = os.path.join(_real_folder(folder or "."), base)
    root = str(project_root)
    inside = root if root.endswith(os.sep) else root + os.sep
    if not real.startswith(inside):
        return None
    return real[len(inside):].replace(os.sep, "/")



def relative_link(from_uri: str, to_uri: str) -> str:
    """A relative link between two docs-folder paths (both POSIX, both files). Cached by the
    linking page's folder, not the page: every page of a folder links the same targets alike."""
    return _relative_from(posixpath.dirname(from_uri), to_uri)


@lru_cache(maxsize=65536)
def _relative_from(folder: str, to_uri: str) -> str:
    target, _, anchor = to_uri.partition("#")
    link = ""
    if target:  # the way to the target's folder, then its file name
        parent, _, name = target.rpartition("/")
        up = _relative_path(parent, folder)
        link = name if up == "." else f"{up}/{name}"
    return link + (f"#{anchor}" if anchor else "")


def page_url(uri: str, directory_urls: bool) -> str:
    """The URL path a docs-folder file is published at, as MkDocs does it."""
    stem = uri[: -len(".md")] if uri.endswith(".md") else uri
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/" if directory_urls else stem + ".html"


@lru_cache(maxsize=65536)
def html_link(from_uri: str, to_uri: str, directory_urls: bool = True) -> str:
    """A relative link for raw HTML (which no generator rewrites) from one page to another."""
    source, target = page_url(from_uri, directory_urls), page_url(to_uri, directory_urls)
    base = posixpath.dirname(source) if not source.endswith("/") else source.rstrip("/")
    link = _relative_path(target, base)
    if target.endswith("/") and not link.endswith("/"):
        link += "/"
    return "./" if link in (".", "./") else link


def _relative_path(target: str, base: str) -> str:
    """`posixpath.relpath(target or ".", base or ".")` for two site paths, which are already normal:
    without its two calls to `abspath` (each asks the system for the working folder)."""
    there = [part for part in target.split("/") if part and part != "."]
    here = [part for part in base.split("/") if part and part != "."]
    common = 0
    while common < len(there) and common < len(here) and there[common] == here[common]:
        common += 1
    return "/".join([".."] * (len(here) - common) + there[common:]) or "."
