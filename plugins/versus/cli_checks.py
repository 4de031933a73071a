"""The commands that check the data against the outside world: `versus verify` (package
registries) and `versus examples` (running the snippets). Output and exit codes follow
`versus validate`; 3 means the outside world could not be reached or used.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from . import load
from .terminal import echo, one_line


def print_diagnostics(diagnostics, args: argparse.Namespace) -> None:
    """Diagnostics as the validator prints them: one line each (or GitHub annotations), with fixes."""
    for diagnostic in diagnostics:
        if args.format == "github":
            echo(diagnostic.format_github(), command=True)
        else:
            echo(one_line(diagnostic.format()))
            if args.hints and diagnostic.hint:
                echo(f"    fix: {diagnostic.hint} (CONTRIBUTING.md#{diagnostic.rule})")


def _summary(text: str, args: argparse.Namespace) -> None:
    echo(f"versus: {text}" if args.format == "text" else f"::notice title=versus::{text}", command=True)


def _valid_data(args: argparse.Namespace):
    """The loaded data, or an exit code after printing why not (2: no folder, 1: invalid)."""
    data_dir = Path(args.data_dir)
    if not data_dir.is_dir():
        echo(f"versus: error: data folder '{data_dir}' does not exist", err=True)
        return 2
    result = load(data_dir)
    if not result.ok:
        print_diagnostics(result.errors, args)
        _summary(f"{len(result.errors)} error(s) in the data; run `versus validate` first", args)
        return 1
    return result


def _verify(args: argparse.Namespace) -> int:
    import datetime as dt

    from .registry import Registries, RegistryError, cache_dir
    from .verify import apply_fixes, verify

    loaded = _valid_data(args)
    if isinstance(loaded, int):
        return loaded
    today = dt.date.today()
    try:
        with Registries(cache=cache_dir(), max_age=args.max_age) as registries:
            results = verify(Path(args.data_dir), registries, today)
    except RegistryError as exc:
        echo(f"versus: error: {exc}; nothing checked, try again later", err=True)
        return 3
    problems = [d for r in results for d in r.problems]
    print_diagnostics(problems, args)
    packages = sum(len(r.raw.data["packages"]) for r in results)
    registries_used = sorted({("PyPI" if p["registry"] == "pypi" else "npm") for r in results for p in r.raw.data["packages"]})
    against = " and ".join(registries_used) or "the registries"
    if args.write:
        changed = apply_fixes(results)
        _summary(f"{len(problems)} stale value(s) fixed; {len(changed)} file(s) updated "
                 f"({packages} packages checked against {against} on {today.isoformat()})", args)
        return 0
    if problems:
        files = len({d.file for d in problems})
        _summary(f"{len(problems)} stale value(s) in {files} file(s) ({packages} packages checked against {against}); "
                 "run `versus verify --write` to update them", args)
        return 1
    _summary(f"{packages} packages checked against {against}; every recorded version agrees", args)
    return 0


def _examples(args: argparse.Namespace) -> int:
    import datetime as dt
    import time

    from .examples import diagnostics, run_all, write_results
    from .runner import Environments, RunnerError, cache_root, find_python, jobs_for

    loaded = _valid_data(args)
    if isinstance(loaded, int):
        return loaded
    kb = loaded.knowledge_base
    jobs = jobs_for(kb, args.subject or (), args.example or ())
    if not jobs:
        echo("versus: error: no snippet matches --subject/--example", err=True)
        return 2
    started = time.monotonic()
    try:
        python, version = find_python(args.python)
        echo(f"versus: running {len(jobs)} snippet run(s) with Python {version} ({python}), on CPU")
        environments = Environments(python, version, cache_root(), args.max_age * 86400)
        outcomes = run_all(kb, jobs, environments, args.timeout, pinned=args.pinned)
    except RunnerError as exc:
        echo(f"versus: error: {exc}", err=True)
        return 3
    problems = diagnostics(kb, outcomes)
    print_diagnostics(problems, args)
    passed = sum(o.result == "passed" for o in outcomes)
    not_run = sum(o.result == "not-run" for o in outcomes)
    if args.write:
        changed = write_results(kb, outcomes, dt.date.today())
        echo(f"versus: recorded the runs in {len(changed)} file(s)")
    _summary(f"{passed} of {len(outcomes) - not_run} runs passed"
             + (f", {not_run} not run (need a GPU)" if not_run else "")
             + f" in {time.monotonic() - started:.0f} s", args)
    if args.format == "text":  # the conventional closing line that CI logs are read for
        failed = len(outcomes) - passed - not_run
        echo(f"examples: {passed} passed, {failed} failed" + (f", {not_run} skipped" if not_run else ""))
    return 1 if problems else 0


def add_commands(commands) -> None:
    verify = commands.add_parser("verify", help="compare recorded versions with PyPI and npm; --write updates them")
    verify.add_argument("data_dir", nargs="?", default="data", metavar="DATA_DIR", help="default: data")
    verify.add_argument("--write", action="store_true", help="update stale values in place and record the check date")
    verify.add_argument("--format", choices=("text", "github"), default="text", help="text or GitHub annotations")
    verify.add_argument("--no-hints", dest="hints", action="store_false", help="omit the 'fix:' line under each problem")
    verify.add_argument("--max-age", type=float, default=3600, metavar="SECONDS",
                        help="reuse cached registry answers younger than this (default 3600; 0 asks again)")
    verify.set_defaults(run=_verify)

    examples = commands.add_parser("examples", help="run every example snippet on CPU in its own environment; --write records the runs")
    examples.add_argument("data_dir", nargs="?", default="data", metavar="DATA_DIR", help="default: data")
    examples.add_argument("--write", action="store_true", help="record each run (date, result, versions) in its snippet")
    examples.add_argument("--subject", action="append", metavar="ID", help="only this subject's snippets (repeatable)")
    examples.add_argument("--example", action="append", metavar="ID", help="only this example (repeatable)")
    examples.add_argument("--pinned", action="store_true",
                          help="install the versions the last recorded runs used (reproducible; for CI)")
    examples.add_argument("--python", metavar="PATH", help="the Python to build environments with (default: 3.12+ found "
                          "on PATH or under pyenv, or $VERSUS_PYTHON)")
    examples.add_argument("--timeout", type=float, default=900, metavar="SECONDS", help="per snippet run (default 900)")
    examples.add_argument("--max-age", type=float, default=1, metavar="DAYS",
                          help="reuse an installed environment younger than this (default 1; 0 reinstalls)")
    examples.add_argument("--format", choices=("text", "github"), default="text", help="text or GitHub annotations")
    examples.add_argument("--no-hints", dest="hints", action="store_false", help="omit the 'fix:' line under each problem")
    examples.set_defaults(run=_examples)
