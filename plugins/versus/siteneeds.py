"""What a site needs for the generated pages to render: Markdown extensions and browser files.

The plugin checks the extensions instead of configuring them: adding extensions silently would
change how a user's own pages render. A missing one fails the build with one error that lists
every extension to add, as YAML to paste under `markdown_extensions:`.

The browser files (the widgets' CSS and JavaScript, and the offline search shim) ship inside the
package (`versus/assets/`), and the plugin publishes them with the site itself.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any, Mapping

#: extension -> options it must have (None: any). The generated Markdown uses each of them:
#: admonition (summaries), attr_list (anchors such as `{ #q-where }`), def_list (glossary),
#: md_in_html (the matrix), tables, toc (anchors), highlight + superfences + tabbed (examples).
REQUIRED_EXTENSIONS: dict[str, dict[str, Any] | None] = {
    "admonition": None,
    "attr_list": None,
    "def_list": None,
    "md_in_html": None,
    "tables": None,
    "toc": None,
    "pymdownx.highlight": None,
    "pymdownx.superfences": None,
    "pymdownx.tabbed": {"alternate_style": True},
}

#: site path -> file inside the package's assets folder. Paths are those this project always used.
STYLESHEET = "assets/stylesheets/versus.css"
SCRIPT = "assets/javascripts/versus.js"
SEARCH_SHIM = "assets/javascripts/iframe-worker-shim.js"
SHIPPED = {STYLESHEET: "stylesheets/versus.css", SCRIPT: "javascripts/versus.js",
           SEARCH_SHIM: "vendor/iframe-worker-shim.js"}


def missing_extensions(extensions: list[str], configs: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """The YAML lines to add under `markdown_extensions:` (empty when nothing is missing)."""
    missing = []
    for name, options in REQUIRED_EXTENSIONS.items():
        present = name in extensions or f"markdown.extensions.{name}" in extensions
        have = dict(configs.get(name) or {})
        if present and all(have.get(key) == value for key, value in (options or {}).items()):
            continue
        if options:
            missing.append(f"  - {name}:\n" + "".join(f"      {key}: {str(value).lower()}\n" for key, value in options.items()))
        else:
            missing.append(f"  - {name}\n")
    return missing


def extension_error(missing: list[str]) -> str:
    return ("versus: the generated pages need these Markdown extensions; add them to mkdocs.yml "
            "(docs/start-your-own.md in the versus repository lists them):\nmarkdown_extensions:\n" + "".join(missing).rstrip("\n"))


def shipped_file(site_path: str) -> Path | None:
    """The packaged file published at `site_path`, or None when this installation lacks it (the
    search shim is copied in when the package is built; a source checkout has it after `npm ci`)."""
    relative = SHIPPED[site_path]
    path = Path(str(resources.files("versus") / "assets" / relative))
    if path.is_file():
        return path
    if site_path == SEARCH_SHIM:  # a source checkout: the npm package installed by `npm ci`
        checkout = Path(__file__).resolve().parents[2] / "node_modules" / "iframe-worker" / "shim" / "index.js"
        return checkout if checkout.is_file() else None
    return None
