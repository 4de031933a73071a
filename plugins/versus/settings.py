"""Site settings shared by the MkDocs adapter and the command line, so `versus emit` plans
exactly the pages the plugin serves.

`settings_from_mkdocs_yml` reads mkdocs.yml as plain YAML (tags such as !!python/name are
ignored, never constructed): it never imports or runs MkDocs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from msgspec import Struct, field
import yaml

from .plan import PlanOptions
from .render import Renderer


class SiteSettings(Struct, frozen=True):
    project_root: Path
    data_dir: Path
    docs_dir: Path
    overrides_dir: Path
    repo_url: str | None = None
    edit_base: str | None = None
    directory_urls: bool = True
    max_pair_subjects: int = 12
    review_age_days: int = 365
    assets: dict[str, str] = field(default_factory=dict)
    prefix: str = ""

    @property
    def effective_edit_base(self) -> str | None:
        if self.edit_base:
            return self.edit_base
        return self.repo_url.rstrip("/") + "/edit/main/" if self.repo_url else None

    def renderer(self) -> Renderer:
        return Renderer(self.overrides_dir, edit_base=self.effective_edit_base, project_root=self.project_root,
                        directory_urls=self.directory_urls, repo_url=self.repo_url, prefix=self.prefix)

    def plan_options(self) -> PlanOptions:
        return PlanOptions(self.max_pair_subjects, self.review_age_days)


def resolve_settings(project_root: Path, options: dict[str, Any], *, docs_dir: str = "docs",
                     repo_url: str | None = None, directory_urls: bool = True) -> SiteSettings:
    """Settings from the plugin's options (as written under `- versus:` in mkdocs.yml)."""
    root = project_root.resolve()
    return SiteSettings(
        project_root=root,
        data_dir=(root / options.get("data_dir", "data")).resolve(),
        docs_dir=(root / docs_dir).resolve(),
        overrides_dir=(root / options.get("overrides_dir", "overrides/versus")).resolve(),
        repo_url=repo_url,
        edit_base=options.get("edit_base"),
        directory_urls=directory_urls,
        max_pair_subjects=int(options.get("max_pair_subjects", 12)),
        review_age_days=int(options.get("review_age_days", 365)),
        assets=dict(options.get("assets") or {}),
        prefix=str(options.get("prefix") or ""),
    )


class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without constructing tagged values (they become None)."""


_TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def settings_from_mkdocs_yml(config_file: Path) -> SiteSettings:
    """The plugin's settings as mkdocs.yml gives them, without MkDocs."""
    config = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    plugins = config.get("plugins") or []
    names, options = [], {}
    for item in plugins:
        name, value = (next(iter(item.items())) if isinstance(item, dict) else (item, None))
        names.append(name)
        if name == "versus":
            options = value or {}
    directory_urls = bool(config.get("use_directory_urls", True)) and "offline" not in names
    return resolve_settings(config_file.parent, options, docs_dir=config.get("docs_dir", "docs"),
                            repo_url=config.get("repo_url"), directory_urls=directory_urls)
