"""When the generated pages of a build pass through the sanitiser (`versus.sanitise`).

MkDocs converts every page's Markdown first (calling `on_page_content` after each), then calls
`on_env` once, then renders each page into the theme (`on_page_context`, the search index,
`on_post_page`, the file written). The sanitiser gives the same HTML whenever it runs, but run
between two Markdown conversions it works on cold caches: on the real site's 198 generated pages
it took 61 ms that way and 39 ms one page after another (medians of six builds each). The price
is memory: every page's HTML waits for the pass (at 100x the peak was 296 MB instead of 285 MB).

So, where no other plugin's `on_page_content` runs after versus's (nothing could read the HTML in
between), the pages wait in `pending` and are all sanitised at the start of `on_env` (priority
100, before any other handler), before any page is rendered, indexed or written. Where one does,
each page is sanitised at once, as before: that plugin sees only sanitised HTML. A page reaching
`on_post_page` while pages still wait (a site generator that skipped `on_env`) stops the build.
"""

from __future__ import annotations

from typing import Any, Callable

from .sanitise import sanitise


def runs_last(handlers: list[Callable[..., Any]], plugin: object) -> bool:
    """Whether `plugin`'s handler is the last of an event's handlers (MkDocs keeps them in the
    order they run, by priority, then by position in `plugins:`)."""
    return bool(handlers) and getattr(handlers[-1], "__self__", None) is plugin


class PageSanitiser:
    """The pages of one build: sanitised at once, or kept for one pass in `flush`."""

    def __init__(self, deferred: bool) -> None:
        self.deferred = deferred
        self.pending: list[tuple[Any, Any]] = []  # (page, serve cache entry or None)

    def take(self, page: Any, html: str, entry: Any = None) -> str:
        """The page's HTML as `on_page_content` returns it: sanitised now, or kept for `flush`."""
        if self.deferred:
            self.pending.append((page, entry))
            return html
        return _clean(html, entry)

    def flush(self) -> None:
        pending, self.pending = self.pending, []
        for page, entry in pending:
            page.content = _clean(page.content, entry)


def _clean(html: str, entry: Any) -> str:
    clean = sanitise(html)
    if entry is not None:
        entry.clean = clean  # the serve cache gives it back while the page's HTML is unchanged
    return clean
