"""The allowlist every piece of record-derived HTML passes through, after Markdown rendering.

Validation rejects raw HTML, unsafe links and attribute lists with a friendly message; this is
the layer that safety rests on. `sanitise(html)` keeps only the tags, attributes and URL schemes
below (through nh3, the binding of the Rust allowlist sanitiser ammonia) and drops everything
else: unknown tags are unwrapped (their text stays), `<script>` and `<style>` lose their content,
`on*` attributes and `javascript:` links disappear.

To let a template produce a new element or attribute, add it here, in one place, and add a case
to `tests/test_output_safety.py` showing the real site still builds unchanged (see THREAT_MODEL.md).
"""

from __future__ import annotations

import html as _html

import nh3

#: Elements the templates, Markdown and its extensions (tables, admonitions, details, tabs, code
#: highlighting, footnotes, definition lists) produce, plus the form controls of the interactive
#: panels and the decision-tree overview.
TAGS = frozenset({
    "a", "abbr", "b", "blockquote", "br", "caption", "cite", "code", "col", "colgroup", "dd", "del",
    "details", "dfn", "div", "dl", "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "i", "ins", "kbd", "li", "mark", "nav", "ol", "p", "pre", "q", "s", "samp", "section",
    "small", "span", "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th",
    "thead", "time", "tr", "u", "ul", "var", "wbr",
    # form controls (the weights panel, content tabs' radio buttons)
    "button", "fieldset", "input", "label", "legend", "meter", "option", "output", "select",
})

#: Attributes allowed on every element; any `data-*` and `aria-*` attribute is allowed too.
GENERIC_ATTRIBUTES = frozenset({"class", "id", "title", "lang", "dir", "role", "hidden", "tabindex"})
GENERIC_PREFIXES = frozenset({"data-", "aria-"})

#: Attributes allowed on one element only.
ATTRIBUTES: dict[str, frozenset[str]] = {
    "a": frozenset({"href", "rel", "hreflang"}),
    "abbr": frozenset(),
    "col": frozenset({"span"}),
    "colgroup": frozenset({"span"}),
    "details": frozenset({"open", "name"}),
    "ol": frozenset({"start", "reversed", "type"}),
    "li": frozenset({"value"}),
    "td": frozenset({"colspan", "rowspan", "headers"}),
    "th": frozenset({"colspan", "rowspan", "headers", "scope", "abbr"}),
    "time": frozenset({"datetime"}),
    "button": frozenset({"type", "name", "value", "disabled"}),
    "fieldset": frozenset({"name", "disabled"}),
    "input": frozenset({"type", "name", "value", "checked", "disabled", "min", "max", "step", "readonly",
                        "placeholder", "autocomplete", "list"}),
    "label": frozenset({"for"}),
    "meter": frozenset({"value", "min", "max", "low", "high", "optimum"}),
    "option": frozenset({"value", "selected", "disabled", "label"}),
    "output": frozenset({"for", "name"}),
    "select": frozenset({"name", "multiple", "disabled", "size"}),
}

#: Link schemes; relative URLs (no scheme) are kept as written.
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def _attributes() -> dict[str, set[str]]:
    allowed = {tag: set(names) for tag, names in ATTRIBUTES.items()}
    allowed["*"] = set(GENERIC_ATTRIBUTES)
    return allowed


_CLEANER = nh3.Cleaner(
    tags=set(TAGS),
    clean_content_tags={"script", "style"},
    attributes=_attributes(),
    generic_attribute_prefixes=set(GENERIC_PREFIXES),
    url_schemes=set(URL_SCHEMES),
    link_rel=None,  # keep the rel the page has; do not add one
    strip_comments=True,
)


def sanitise(html: str) -> str:
    """HTML with everything outside the allowlist removed (see the module docstring)."""
    return _CLEANER.clean(html)


def title_text(title: str) -> str:
    """A page title as MkDocs extracts it (tags stripped, entities kept) made into HTML text
    escaped exactly once, for templates that print it as it is."""
    return _html.escape(_html.unescape(title), quote=False)


def set_page_title(page) -> None:
    """The theme prints `page.title | striptags`, which decodes entities: a name written as
    `&lt;/title&gt;` would close <title>. A page's title is handed to it as text escaped once
    instead (the adapter does this for every page before any is rendered, so the navigation shows
    the same titles whatever order pages are built in)."""
    if page.title and not page.meta.get("title") and not page.is_homepage:
        page.meta["title"] = title_text(page.title)
