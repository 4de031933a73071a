"""docs/start-your-own.md stays true: every plugin option with its real default, every marker,
every required Markdown extension, a mkdocs.yml and a CI workflow that parse and say what the
code needs."""

from __future__ import annotations

import re

import yaml

from support import ROOT
from versus.embed import BLOCKS
from versus.mkdocs_plugin import VersusConfig
from versus.siteneeds import REQUIRED_EXTENSIONS, missing_extensions

GUIDE = (ROOT / "docs" / "start-your-own.md").read_text(encoding="utf-8")
OPTION_ROW = re.compile(r"^\| `(?P<name>[a-z_]+)` \| `(?P<default>[^`]*)`", re.M)


def _yaml_blocks() -> list:
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", GUIDE, re.S)]


def _shown(default) -> str:
    """A default as the guide writes it: YAML's own spelling."""
    if default is None:
        return "null"
    if default == "":
        return "''"
    return yaml.safe_dump(default, default_flow_style=True).strip().removesuffix("\n...").removesuffix(" ...")


def test_every_plugin_option_is_documented_with_its_real_default() -> None:
    documented = {m["name"]: m["default"] for m in OPTION_ROW.finditer(GUIDE)}
    real = {name: _shown(option.default) for name, option in VersusConfig._schema}
    assert documented == real


def test_every_marker_is_documented() -> None:
    for name in BLOCKS:
        assert f"<!-- versus: {name}" in GUIDE, name


def test_the_sample_config_has_every_required_extension() -> None:
    config = next(block for block in _yaml_blocks() if isinstance(block, dict) and "markdown_extensions" in block)
    assert "versus" in config["plugins"]
    names, options = [], {}
    for item in config["markdown_extensions"]:
        name, value = next(iter(item.items())) if isinstance(item, dict) else (item, None)
        names.append(name)
        options[name] = value or {}
    assert missing_extensions(names, options) == []
    for name in REQUIRED_EXTENSIONS:
        assert f"`{name}`" in GUIDE.split("## 4.")[0], f"section 3 does not name {name}"


def test_the_domain_sample_is_valid_settings() -> None:
    from jsonschema import Draft202012Validator

    from versus.schema import inlined

    sample = next(block for block in _yaml_blocks() if isinstance(block, dict) and "facets" in block)
    assert list(Draft202012Validator(inlined("settings")).iter_errors(sample)) == []


def test_the_ci_workflow_validates_and_builds_strictly() -> None:
    workflow = next(block for block in _yaml_blocks() if isinstance(block, dict) and "jobs" in block)
    steps = [step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert "versus validate data" in steps and "mkdocs build --strict" in steps
