"""The `versus` command line: validate data, write schemas.

    versus validate [DATA_DIR] [--format text|github] [--no-hints]
    versus schema [OUT_DIR]

Exit codes: 0 success, 1 the data has errors, 2 usage error (bad arguments, missing folder).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from . import load
from .schema import schema_texts


def _validate(args: argparse.Namespace) -> int:
    data_dir = Path(args.data_dir)
    if not data_dir.is_dir():
        print(f"versus: error: data folder '{data_dir}' does not exist", file=sys.stderr)
        return 2
    result = load(data_dir)
    for diagnostic in result.diagnostics:
        if args.format == "github":
            print(diagnostic.format_github())
        else:
            print(diagnostic.format())
            if args.hints and diagnostic.hint:
                print(f"    fix: {diagnostic.hint}")
    errors = len(result.errors)
    warnings = len(result.diagnostics) - errors
    if result.diagnostics:
        summary = (f"versus: {errors} error{'s' * (errors != 1)}, {warnings} warning{'s' * (warnings != 1)} "
                   f"in {result.files_with_errors} file{'s' * (result.files_with_errors != 1)} "
                   f"({result.records_checked} records checked)")
    else:
        summary = f"versus: {result.records_checked} records checked, no problems found"
    print(summary if args.format == "text" else f"::notice title=versus::{summary.removeprefix('versus: ')}")
    return 1 if errors else 0


def _schema(args: argparse.Namespace) -> int:
    out = Path(args.out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
        for name, text in sorted(schema_texts().items()):
            (out / name).write_text(text, encoding="utf-8")
    except OSError as exc:
        print(f"versus: error: cannot write to '{out}': {exc.strerror or exc}", file=sys.stderr)
        return 2
    print(f"versus: wrote {len(schema_texts())} schemas to {out}")
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
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    return args.run(args)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
