"""The plugin's options in mkdocs.yml (`plugins: - versus: ...`), as MkDocs reads and checks them."""

from __future__ import annotations

import re

from mkdocs.config import config_options as opt
from mkdocs.config.base import Config

#: What `prefix` may be: a relative folder of lowercase letters, digits, '-' and '_'.
PREFIX = re.compile(r"^[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*$")


class VersusConfig(Config):
    enabled = opt.Type(bool, default=True)
    """Turn the plugin off without removing it from `plugins:`."""
    data_dir = opt.Type(str, default="data")
    """The knowledge base folder, relative to mkdocs.yml."""
    overrides_dir = opt.Type(str, default="overrides/versus")
    """Templates here replace the packaged ones with the same name (relative to mkdocs.yml)."""
    max_pair_subjects = opt.Type(int, default=12)
    """Pair pages ("A vs B") are made among the first N subjects only: N*(N-1)/2 pages."""
    review_age_days = opt.Type(int, default=365)
    """Records reviewed longer ago than this many days are listed in the review queue."""
    assets = opt.Type(dict, default={})
    """Files to publish with the site, as `site path: source path` (relative to mkdocs.yml); used
    for browser files installed from a package registry rather than committed."""
    export_dir = opt.Type(str, default="api/v1")
    """Where in the site the JSON export is published (`versus export`); empty to turn it off."""
    prefix = opt.Type(str, default="")
    """A folder, relative to the docs folder, that every generated page is published under (for
    example `compare-kb` puts the matrix at `compare-kb/matrix/`); empty: the site's root."""
    edit_base = opt.Optional(opt.Type(str))
    """URL that a data file's path (relative to mkdocs.yml) is appended to for "edit this page".
    Default: `<repo_url>/edit/main/` when `repo_url` is set."""
