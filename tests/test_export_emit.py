"""`versus export` (versioned JSON, also published with the site) and `versus emit` (the planned
Markdown, equal to what the plugin serves)."""

from __future__ import annotations

import json
from pathlib import Path

import versus
from support import ROOT, run_versus


def test_export_writes_every_record_with_resolved_references(tmp_path: Path) -> None:
    result = run_versus("export", str(tmp_path / "api"), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    everything = json.loads((tmp_path / "api" / "knowledge-base.json").read_text())
    kb = versus.load(ROOT / "data").knowledge_base
    assert everything["version"] == 1
    assert sum(len(records) for records in everything["records"].values()) == len(kb)
    tools = json.loads((tmp_path / "api" / "tools.json").read_text())["records"]
    torchscript = next(r for r in tools if r["id"] == "torchscript")
    assert torchscript["data"]["replaced_by"] == ["torch-export"]
    assert {"ref": "tool:torch-export", "url": "tools/torch-export.html"} in torchscript["references"]
    assert (tmp_path / "api" / "schema" / "tool.schema.json").is_file()


def test_export_is_published_with_the_site_and_its_urls_resolve(real_site: Path) -> None:
    exported = json.loads((real_site / "api" / "v1" / "knowledge-base.json").read_text())
    urls = {r["url"] for records in exported["records"].values() for r in records}
    urls |= {ref["url"] for records in exported["records"].values() for r in records for ref in r["references"]}
    assert [url for url in urls if not (real_site / url).is_file()] == []


def test_emitted_pages_equal_what_the_plugin_serves(tmp_path: Path) -> None:
    from mkdocs.config import load_config

    result = run_versus("emit", str(tmp_path / "pages"), cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    config = load_config(str(ROOT / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    plugin = config.plugins["versus"]
    emitted = {str(p.relative_to(tmp_path / "pages")): p.read_text(encoding="utf-8")
               for p in (tmp_path / "pages").rglob("*.md")}
    served = {page.uri: page.markdown for page in plugin.pages}
    assert emitted.keys() == served.keys() and len(served) > 100
    assert [uri for uri in served if emitted[uri] != served[uri]] == []


def test_export_and_emit_refuse_invalid_data(tmp_path: Path, kb_copy: Path) -> None:
    (kb_copy / "tools" / "alpha-compile.yaml").write_text("name: [broken\n")
    config = kb_copy.parent / "mkdocs.yml"
    config.write_text("site_name: x\nplugins:\n  - versus:\n      data_dir: data\n")
    for command in ("export", "emit"):
        result = run_versus(command, str(tmp_path / command), "--config", str(config))
        assert result.returncode == 1 and "[yaml-syntax]" in result.stdout
        assert not (tmp_path / command).exists()


def test_the_whole_export_is_the_json_of_its_kinds_byte_for_byte() -> None:
    # Each kind is encoded once and its text reused in knowledge-base.json: that file must still be
    # exactly what json.dumps writes for the whole structure.
    from versus.export import API_VERSION, export_files

    kb = versus.load(ROOT / "data").knowledge_base
    files = export_files(kb)
    kinds = {name[: -len(".json")]: json.loads(text) for name, text in files.items()
             if name.endswith(".json") and "/" not in name and name != "knowledge-base.json"}
    assert all(part["kind"] == folder and part["version"] == API_VERSION for folder, part in kinds.items())
    whole = {"version": API_VERSION, "schema": "schema/", "records": {f: p["records"] for f, p in kinds.items()}}
    assert files["knowledge-base.json"] == json.dumps(whole, ensure_ascii=False, separators=(",", ":")) + "\n"
    for folder, part in kinds.items():
        assert files[f"{folder}.json"] == json.dumps(part, ensure_ascii=False, separators=(",", ":")) + "\n"
