"""`versus examples`: the runner's own logic on a tiny environment (no downloads): isolation,
variants, GPU-only snippets, timeouts, reporting like the validator and recording with --write.
The full run over the real examples (torch, TensorFlow, Keras, JAX) is `make examples`."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

import versus
from versus import cli
from versus.checked import code_digest
from versus.examples import requirements
from versus.runner import MIN_PYTHON, RunnerError, find_python

SNIPPETS = '''name: Runner check
task: Exercise the runner.
snippets:
  alpha:
    code: |
      import os, sys
      assert os.environ["CUDA_VISIBLE_DEVICES"] == ""      # GPUs are hidden
      assert "site-packages" not in sys.path[0]
      print(os.environ["VARIANT"])
    requirements: [pip]
    gpu: false
    vary:
      env: VARIANT
      values: [one, two]
  beta:
    code: |
      raise SystemExit("this snippet is broken")
    requirements: [pip]
reviewed: 2026-10-01
sources: [alpha-docs]
'''


@pytest.fixture
def runner_kb(kb_copy: Path, tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    (kb_copy / "examples" / "hello.yaml").unlink()
    (kb_copy / "examples" / "runner-check.yaml").write_text(SNIPPETS, encoding="utf-8")
    return kb_copy


def _run(capsys, *args: str) -> tuple[int, str]:
    code = cli.main(["examples", *args, "--python", sys.executable, "--no-hints"])
    out, err = capsys.readouterr()
    return code, out + err


def test_failures_are_reported_like_the_validator_and_recorded(runner_kb: Path, capsys, monkeypatch) -> None:
    monkeypatch.chdir(runner_kb.parent)  # paths are printed relative to the current directory
    file = (runner_kb / "examples" / "runner-check.yaml").relative_to(runner_kb.parent)
    code, out = _run(capsys, str(runner_kb), "--write")
    assert code == 1
    code_line = SNIPPETS.splitlines().index("  beta:") + 2
    assert f"{file}:{code_line}:11: error: the beta snippet failed on CPU: this snippet is broken [example-failed]" in out
    assert "2 of 3 runs passed" in out
    assert out.splitlines()[-1] == "examples: 2 passed, 1 failed"

    kb = versus.load(runner_kb).knowledge_base
    alpha, beta = kb.get("example:runner-check").snippets
    assert [(r.variant, r.result, r.device) for r in alpha.ran] == [("one", "passed", "CPU"), ("two", "passed", "CPU")]
    assert alpha.ran[0].date == dt.date.today().isoformat()
    assert alpha.ran[0].versions["pip"]  # the version actually installed in the environment
    assert alpha.ran[0].code == code_digest(alpha.code)  # which code ran, so a later edit shows
    assert alpha.ran[0].python == ".".join(map(str, sys.version_info[:3]))
    assert (beta.ran[0].result, beta.ran[0].error) == ("failed", "this snippet is broken")
    # CI reinstalls exactly what the recorded run used; the weekly check takes the newest.
    assert requirements(kb, pinned=True)["alpha"] == {f"pip=={alpha.ran[0].versions['pip']}"}
    assert requirements(kb)["alpha"] == {"pip"}
    text = file.read_text(encoding="utf-8")
    assert text.startswith(SNIPPETS.split("reviewed:")[0].split("  beta:")[0])  # the rest is kept as written


def test_gpu_snippets_are_not_run_and_timeouts_fail(runner_kb: Path, capsys) -> None:
    file = runner_kb / "examples" / "runner-check.yaml"
    text = SNIPPETS.replace('raise SystemExit("this snippet is broken")', "import time; time.sleep(60)")
    file.write_text(text.replace("    gpu: false\n", "    gpu: true\n"), encoding="utf-8")
    code, out = _run(capsys, str(runner_kb), "--timeout", "3", "--write")
    assert code == 1 and "timed out after 3 s" in out and "2 not run (need a GPU)" in out
    kb = versus.load(runner_kb).knowledge_base
    alpha, beta = kb.get("example:runner-check").snippets
    assert [r.result for r in alpha.ran] == ["not-run", "not-run"] and alpha.ran[0].versions is None
    assert beta.ran[0].result == "failed"


def test_only_and_usage_errors(runner_kb: Path, capsys) -> None:
    code, out = _run(capsys, str(runner_kb), "--subject", "alpha")
    assert code == 0 and "2 of 2 runs passed" in out
    code, out = _run(capsys, str(runner_kb), "--example", "nothing-here")
    assert code == 2
    code, out = _run(capsys, str(runner_kb / "missing"))
    assert code == 2


def test_a_python_that_does_not_run_is_exit_3(runner_kb: Path, capsys) -> None:
    code = cli.main(["examples", str(runner_kb), "--python", str(runner_kb / "no-python")])
    assert code == 3 and "is not a Python interpreter" in capsys.readouterr().err
    with pytest.raises(RunnerError):
        find_python(str(runner_kb / "no-python"))


def test_automatic_python_is_new_enough_or_says_how_to_choose(monkeypatch) -> None:
    monkeypatch.delenv("VERSUS_PYTHON", raising=False)
    try:
        path, version = find_python()
    except RunnerError as exc:
        assert "--python" in str(exc)
    else:
        assert tuple(int(p) for p in version.split("."))[:2] >= MIN_PYTHON and Path(path).exists()
