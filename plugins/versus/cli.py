"""The `versus` command line: validate data, write schemas.

    versus validate [DATA_DIR] [--format text|github] [--no-hints]
    versus schema [OUT_DIR]
    versus new KIND ID [--data-dir data]            a new record with every field to write marked
    versus diff BASE [HEAD] [--config mkdocs.yml]   knowledge-base changes as Markdown for a pull request
    versus export OUT_DIR [--config mkdocs.yml] [--force]   versioned JSON of the knowledge base
    versus emit OUT_DIR [--config mkdocs.yml] [--force]     the planned Markdown pages, for any generator
    versus verify [DATA_DIR] [--write]              recorded versions against PyPI and npm
    versus examples [DATA_DIR] [--write]            run every example snippet on CPU, record the result

export and emit write a fresh folder and swap it in when complete; they refuse a non-empty folder
they did not write (no `.versus-output` marker) unless --force, and never replace the project.
Everything printed is stripped of control characters and cannot start a CI workflow command.

Exit codes: 0 success, 1 the data has errors (verify: a version is stale; examples: a snippet
failed), 2 usage error (bad arguments, missing folder), 3 a registry or installer cannot be reached.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import load
from .cli_checks import add_commands, print_diagnostics
from .output import OutputError, write_folder
from .terminal import echo, one_line
from .schema import schema_texts

def _validate(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    if not data_dir.is_dir():
        echo(f"versus: error: data folder '{data_dir}' does not exist", err=True)
        return 2
    result = load(data_dir)
    print_diagnostics(result.diagnostics, args)
    errors = len(result.errors)
    warnings = len(result.diagnostics) - errors
    if result.diagnostics:
        summary = (f"versus: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
                   f"in {result.files_with_errors} file{'s' * (result.files_with_errors != 1)} "
                   f"({result.records_checked} records checked)")
    else:
        summary = f"versus: {result.records_checked} records checked, no problems found"
    echo(summary if args.format == "text" else f"::notice title=versus::{summary.removeprefix('versus: ')}", command=True)
    return 1 if errors else 0


def _schema(args: argparse.Namespace) -> int:
    out = Path(args.out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in sorted(schema_texts().items()):
            (out / name).write_text(text, encoding="utf-8")
    except OSError as exc:
        echo(f"versus: error: cannot write to '{out}': {exc.strerror or exc}", err=True)
        return 2
    echo(f"versus: wrote {len(schema_texts())} schemas to {out}")
    return 0


def _settings(args: argparse.Namespace):
    from .settings import settings_from_mkdocs_yml

    config = Path(args.config)
    if not config.is_file():
        echo(f"versus: error: no configuration file '{config}'", err=True)
        return None
    return settings_from_mkdocs_yml(config)


def _with_valid_data(write):
    """A command that needs settings and valid data: 2 without a config file, 1 on data errors
    (nothing written), else whatever `write(settings, kb, out_dir)` returns."""

    def run(args: argparse.Namespace) -> int:
        settings = _settings(args)
        if settings is None:
            return 2
        result = load(settings.data_dir)
        for diagnostic in result.diagnostics:
            echo(one_line(diagnostic.format()))
        if not result.ok:
            echo(f"versus: {len(result.errors)} error(s); nothing written (run `versus validate` for fixes)")
            return 1
        try:
            return write(settings, result.knowledge_base, Path(args.out_dir), args.force)
        except OutputError as exc:
            echo(f"versus: error: {exc}; nothing written", err=True)
            return 2
        except OSError as exc:
            echo(f"versus: error: cannot write to '{args.out_dir}': {exc.strerror or exc}; nothing written", err=True)
            return 2

    return run


def _protected(settings) -> tuple[Path, ...]:
    """Folders an output folder may never replace: the project, its data and its pages."""
    return (settings.project_root, settings.data_dir, settings.docs_dir)


@_with_valid_data
def _export(settings, kb, out: Path, force: bool) -> int:
    from .export import export_files

    files = export_files(kb, directory_urls=settings.directory_urls, project_root=settings.project_root)
    write_folder(out, files, force=force, protected=_protected(settings))
    echo(f"versus: wrote {len(files)} JSON files ({len(kb)} records) to {out}")
    return 0


@_with_valid_data
def _emit(settings, kb, out: Path, force: bool) -> int:
    from .plan import plan

    pages = plan(kb, settings.renderer(), settings.plan_options())
    write_folder(out, {page.uri: page.markdown for page in pages}, force=force, protected=_protected(settings))
    echo(f"versus: wrote {len(pages)} Markdown pages to {out}")
    return 0


def _new(args: argparse.Namespace) -> int:
    from .kinds import KIND_BY_NAME, closest
    from .load import ID_PATTERN
    from .scaffold import scaffold

    kind = KIND_BY_NAME.get(args.kind)
    if kind is None:
        guess = closest(args.kind, KIND_BY_NAME)
        echo(f"versus: error: unknown kind '{args.kind}'" + (f"; did you mean '{guess}'?" if guess else "")
             + f" (kinds: {', '.join(KIND_BY_NAME)})", err=True)
        return 2
    if not ID_PATTERN.match(args.id):
        echo(f"versus: error: '{args.id}' is not an id: use lowercase letters, digits and single hyphens", err=True)
        return 2
    data_dir = Path(args.data_dir)
    target = data_dir / kind.folder / f"{args.id}.yaml"
    if target.exists():
        echo(f"versus: error: {target} already exists; edit it instead", err=True)
        return 2
    subjects = sorted(p.stem for p in (data_dir / "subjects").glob("*.yaml"))
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(scaffold(kind.name, subjects), encoding="utf-8")
    echo(f"versus: wrote {target}; fill in every value marked FILL IN, then run `versus validate {data_dir}`")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from .diff import DiffError, diff_revisions

    settings = _settings(args)
    if settings is None:
        return 2
    try:
        echo(diff_revisions(settings.project_root, args.base, args.head, settings), end="")
    except DiffError as exc:
        echo(f"versus: error: {exc}", err=True)
        return 2
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="versus", description="Validate and publish a versus knowledge base.")
    commands = root.add_subparsers(dest="command", required=True, metavar="COMMAND")

    validate = commands.add_parser("validate", help="check every data file and report all problems")
    validate.add_argument("data_dir", nargs="?", default="data", metavar="DATA_DIR", help="default: data")
    validate.add_argument("--format", choices=("text", "github"), default="text",
                          help="text (FILE:LINE:COL: error: MESSAGE [RULE]) or GitHub annotations")
    validate.add_argument("--no-hints", dest="hints", action="store_false", help="omit the 'fix:' line under each problem")
    validate.set_defaults(run=_validate)

    schema = commands.add_parser("schema", help="write the JSON Schemas (one per kind) for editors")
    schema.add_argument("out_dir", nargs="?", default="schemas", metavar="OUT_DIR", help="default: schemas")
    schema.set_defaults(run=_schema)

    new = commands.add_parser("new", help="start a new record: every required field, the ones to write marked FILL IN")
    new.add_argument("kind", metavar="KIND", help="subject, factor, scenario, tool, caveat, decision, example, source, term, category")
    new.add_argument("id", metavar="ID", help="the new record's id, which becomes its file name")
    new.add_argument("--data-dir", default="data", help="default: data")
    new.set_defaults(run=_new)

    diff = commands.add_parser("diff", help="what changed in the knowledge base between two git revisions (Markdown)")
    diff.add_argument("base", metavar="BASE", help="a git revision: main, HEAD~1, a commit id")
    diff.add_argument("head", metavar="HEAD", nargs="?", help="default: the working tree")
    diff.add_argument("--config", default="mkdocs.yml", help="the site configuration to read settings from")
    diff.set_defaults(run=_diff)

    add_commands(commands)

    for name, run, text in (("export", _export, "write the knowledge base as versioned JSON (with its schemas)"),
                            ("emit", _emit, "write the generated Markdown pages, for any Markdown site generator")):
        command = commands.add_parser(name, help=text)
        command.add_argument("out_dir", metavar="OUT_DIR")
        command.add_argument("--config", default="mkdocs.yml", help="the site configuration to read settings from")
        command.add_argument("--force", action="store_true",
                             help="replace OUT_DIR even if it holds files versus did not write")
        command.set_defaults(run=run)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
