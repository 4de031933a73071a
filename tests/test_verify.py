"""`versus verify`: recorded versions against recorded registry answers (tests/fixtures/registry/,
real PyPI and npm responses trimmed to a few releases), plus one live check of the real data.

Staleness is a warning and exit 1 of `versus verify` only; it never fails validation or the build.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from pathlib import Path

import httpx
import pytest

import versus
from support import FIXTURES, ROOT
from versus import cli, registry
from versus.registry import Registries, parse_npm, parse_pypi
from versus.verify import apply_fixes, verify

RECORDED = FIXTURES / "registry"
TODAY = dt.date(2026, 11, 21)


def recorded_transport(calls: list[str] | None = None) -> httpx.MockTransport:
    """Answers like PyPI and npm did when the fixtures were recorded; 404 for anything else."""

    def answer(request: httpx.Request) -> httpx.Response:
        if calls is not None:
            calls.append(str(request.url))
        path = request.url.path
        if request.url.host == "pypi.org" and path.startswith("/pypi/"):
            file = RECORDED / "pypi" / (path.split("/")[2] + ".json")
        else:
            file = RECORDED / "npm" / (httpx.URL(str(request.url)).raw_path.decode().lstrip("/")
                                       .replace("%2F", "/").replace("%2f", "/").replace("/", "__") + ".json")
        if not file.is_file():
            return httpx.Response(404, json={"message": "Not Found"})
        return httpx.Response(200, content=file.read_bytes(), headers={"Content-Type": "application/json"})

    return httpx.MockTransport(answer)


def _registries(**kw) -> Registries:
    return Registries(cache=None, transport=recorded_transport(kw.pop("calls", None)), **kw)


def _plant(kb: Path, latest: str = "2.14.1", released: str | None = None, name: str = "torch") -> Path:
    """Give the fixture subject a package and a version claim; returns its file."""
    file = kb / "subjects" / "alpha.yaml"
    text = file.read_text(encoding="utf-8")
    lines = [f"  latest: {latest}"] + ([f"  released: {released}"] if released else [])
    text = text.replace("license: MIT\n", f"license: MIT\npackages:\n  - registry: pypi\n    name: {name}\n")
    text = text.replace("  latest: 1.2.0\n  released: 2026-05\n", "\n".join(lines) + "\n")
    file.write_text(text, encoding="utf-8")
    return file


def test_pypi_newest_final_release_ignores_prereleases_and_yanked() -> None:
    tf = parse_pypi("tensorflow", json.loads((RECORDED / "pypi" / "tensorflow.json").read_text()))
    assert tf.version == "2.21.0" and tf.newest_any == "2.22.0rc0"
    assert tf.date == "2026-03-06"
    jax = parse_pypi("jax", json.loads((RECORDED / "pypi" / "jax.json").read_text()))
    # 0.12.0.1 needs Python 3.12 or later; it is still the newest release, whatever runs the check.
    assert jax.version == "0.12.0.1"
    yanked = parse_pypi("jax", {"releases": {"9.0.0": [{"upload_time": "2026-01-01T00:00:00", "yanked": True}],
                                             "0.1.0": [{"upload_time": "2020-01-01T00:00:00", "yanked": False}]}})
    assert yanked.version == "0.1.0"


def test_npm_latest_is_the_dist_tag() -> None:
    core = parse_npm("@litertjs/core", json.loads((RECORDED / "npm" / "@litertjs__core.json").read_text()))
    payload = json.loads((RECORDED / "npm" / "@litertjs__core.json").read_text())
    assert core.version == payload["dist-tags"]["latest"]
    assert core.date == payload["time"][core.version][:10]


def test_stale_version_is_reported_on_its_exact_line(kb_copy: Path) -> None:
    file = _plant(kb_copy)
    line = file.read_text().splitlines().index("  latest: 2.14.1") + 1
    [result] = verify(kb_copy, _registries(), TODAY)
    [problem] = result.problems
    assert (problem.file, problem.line, problem.col, problem.rule) == (str(file), line, 11, "stale-version")
    assert "'2.14.1'" in problem.message and "2.15.0 (2026-10-28)" in problem.message
    assert problem.severity == "warning"


def test_write_fixes_a_stale_version_with_a_one_line_diff(kb_copy: Path) -> None:
    file = _plant(kb_copy, latest="2.15.0", released="2026-10-28")
    [result] = verify(kb_copy, _registries(), TODAY)
    assert result.problems == ()
    apply_fixes([result])  # records the check date
    before = file.read_text(encoding="utf-8")
    file.write_text(before.replace("latest: 2.15.0", "latest: 2.14.1"), encoding="utf-8")

    [stale] = verify(kb_copy, _registries(), TODAY)
    assert [p.rule for p in stale.problems] == ["stale-version"]
    assert apply_fixes([stale]) == [file]
    assert file.read_text(encoding="utf-8") == before  # exactly one line changed back, nothing else
    assert verify(kb_copy, _registries(), TODAY)[0].problems == ()


def test_write_keeps_comments_order_and_quoting(kb_copy: Path) -> None:
    file = _plant(kb_copy, latest="2.14.1")
    text = file.read_text(encoding="utf-8")
    text = text.replace("license: MIT", "license: MIT  # kept\n# a comment line").replace('"2018"', "'2018'")
    file.write_text(text, encoding="utf-8")
    apply_fixes(verify(kb_copy, _registries(), TODAY))
    after = file.read_text(encoding="utf-8")
    old, new = text.splitlines(), after.splitlines()
    assert "  latest: 2.15.0" in new and "  released: 2026-10-28" in new and "  checked: 2026-11-21" in new
    assert [line for line in new if line not in old] == ["  latest: 2.15.0", "  released: 2026-10-28",
                                                         "  checked: 2026-11-21"]
    assert [line for line in old if line not in new] == ["  latest: 2.14.1"]
    assert versus.load(kb_copy, today=TODAY).ok


def test_a_recorded_prerelease_is_compared_with_prereleases(kb_copy: Path) -> None:
    _plant(kb_copy, latest="2.22.0rc0", released="2026", name="tensorflow")
    assert verify(kb_copy, _registries(), TODAY)[0].problems == ()


def test_unknown_package_and_partial_dates(kb_copy: Path) -> None:
    _plant(kb_copy, latest="2.21.0", released="2026-03", name="tensorflow")
    assert verify(kb_copy, _registries(), TODAY)[0].problems == ()  # 2026-03 agrees with 2026-03-06
    _plant_missing = kb_copy / "subjects" / "alpha.yaml"
    _plant_missing.write_text(_plant_missing.read_text().replace("name: tensorflow", "name: no-such-package-x"))
    [result] = verify(kb_copy, _registries(), TODAY)
    assert [p.rule for p in result.problems] == ["unknown-package"]


def test_lookups_are_concurrent_and_cached(tmp_path: Path) -> None:
    calls: list[str] = []
    with Registries(cache=tmp_path, transport=recorded_transport(calls)) as registries:
        first = registries.releases([("pypi", "torch"), ("pypi", "jax"), ("npm", "@litertjs/core"), ("pypi", "torch")])
        again = registries.releases([("pypi", "torch")])
    assert len(calls) == 3  # one request per package; the second lookup came from the disk cache
    assert first[("pypi", "torch")] == again[("pypi", "torch")]
    assert "registry.npmjs.org/@litertjs%2Fcore" in " ".join(calls)


def _cli(monkeypatch, capsys, *args: str, transport=None) -> tuple[int, str, str]:
    monkeypatch.setattr(registry, "cache_dir", lambda: None)
    original = Registries.__init__

    def init(self, **kw):
        original(self, **{**kw, "transport": transport or recorded_transport()})

    monkeypatch.setattr(Registries, "__init__", init)
    code = cli.main(["verify", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_exit_codes_and_formats(kb_copy: Path, monkeypatch, capsys) -> None:
    code, out, _ = _cli(monkeypatch, capsys, str(kb_copy))
    assert code == 0 and "0 packages checked" in out
    file = _plant(kb_copy)
    monkeypatch.chdir(kb_copy.parent)  # paths are printed relative to the current directory
    code, out, _ = _cli(monkeypatch, capsys, str(kb_copy), "--no-hints")
    assert code == 1
    assert out.splitlines()[0].startswith(f"{file.relative_to(kb_copy.parent)}:") and out.splitlines()[0].endswith("[stale-version]")
    code, out, _ = _cli(monkeypatch, capsys, str(kb_copy), "--format", "github")
    assert code == 1 and out.startswith("::warning file=") and "title=versus stale-version" in out
    code, out, _ = _cli(monkeypatch, capsys, str(kb_copy), "--write")
    assert code == 0 and "1 file(s) updated" in out
    code, out, _ = _cli(monkeypatch, capsys, str(kb_copy))
    assert code == 0 and "every recorded version agrees" in out
    with pytest.raises(SystemExit) as usage:
        cli.main(["verify", "--no-such-option"])
    assert usage.value.code == 2


def test_unreachable_registry_is_one_line_and_exit_3(kb_copy: Path, monkeypatch, capsys) -> None:
    _plant(kb_copy)

    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    code, out, err = _cli(monkeypatch, capsys, str(kb_copy), transport=httpx.MockTransport(refuse))
    assert code == 3 and out == ""
    assert err.count("\n") == 1 and err.startswith("versus: error: cannot reach pypi.org")
    assert "Traceback" not in err


def test_a_registry_answer_of_the_wrong_shape_is_exit_3(kb_copy: Path, monkeypatch, capsys) -> None:
    _plant(kb_copy)
    for body in (b"[1, 2]", b'{"releases": [1, 2]}', b'{"releases": {"1.0": 5}}', b"not json"):
        weird = httpx.MockTransport(lambda request, body=body: httpx.Response(200, content=body))
        code, out, err = _cli(monkeypatch, capsys, str(kb_copy), transport=weird)
        assert code == 3 and err.startswith("versus: error: ") and "Traceback" not in err, (body, err)


def test_unreachable_registry_over_a_real_socket(kb_copy: Path) -> None:
    _plant(kb_copy)
    env_url = "http://127.0.0.1:9/pypi/{name}/json"  # the discard port: nothing listens
    script = ("import sys, versus.registry as r; r.ENDPOINTS['pypi'] = %r; r.cache_dir = lambda: None; "
              "from versus.cli import main; sys.exit(main(['verify', %r]))" % (env_url, str(kb_copy)))
    done = subprocess.run([__import__("sys").executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode == 3, done.stderr
    assert done.stderr.startswith("versus: error: cannot reach 127.0.0.1") and "Traceback" not in done.stderr


def test_every_data_file_round_trips_unchanged() -> None:
    from versus.yamledit import round_trip

    for file in sorted((ROOT / "data").rglob("*.yaml")):
        text = file.read_text(encoding="utf-8")
        assert round_trip(text) == text, file


@pytest.mark.live
def test_live_registries_agree_with_the_data() -> None:
    """Needs the network; deselect with `-m "not live"`. A new release makes this report, not fail:
    staleness is for the weekly pull request, so only unreachable registries or unknown names fail."""
    try:
        with Registries(cache=None) as registries:
            results = verify(ROOT / "data", registries, dt.date.today())
    except registry.RegistryError as exc:  # offline machine: say so rather than fail the suite
        pytest.skip(f"registries unreachable: {exc}")
    assert results, "the data names packages"
    assert not [p for r in results for p in r.problems if p.rule == "unknown-package"]
