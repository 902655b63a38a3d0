#!/usr/bin/python3
"""Validates preflight reports against the published JSON Schemas (docs/schemas/).

Usage: validate_report.py [--schemas DIR] REPORT.json...   Each file's "schema" field picks its
schema, from DIR (default: the source tree's docs/schemas; e.g. an installed
share/preflight/schemas). The schemas have no absolute $id: the tests schema's $ref to the check
schema is resolved as a file beside it, never fetched.
Exit 0 when every report is valid, 1 with the first error of each invalid one.
"""
import json
import pathlib
import sys

import jsonschema
from jsonschema.validators import validator_for

SCHEMAS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "schemas"


def main(paths):
    folder = SCHEMAS
    if paths[:1] == ["--schemas"]:
        folder, paths = pathlib.Path(paths[1]).resolve(), paths[2:]
    check_path = folder / "preflight.check.v1.schema.json"
    tests_path = folder / "preflight.tests.v1.schema.json"
    check, tests = json.loads(check_path.read_text()), json.loads(tests_path.read_text())
    resolvers = {id(check): jsonschema.RefResolver(check_path.as_uri(), check),
                 id(tests): jsonschema.RefResolver(tests_path.as_uri(), tests)}
    failed = 0
    for path in paths:
        report = json.loads(pathlib.Path(path).read_text())
        schema = {"preflight.check/v1": check, "preflight.tests/v1": tests}.get(report.get("schema"))
        if schema is None:
            print(f"{path}: unknown schema {report.get('schema')!r}")
            failed += 1
            continue
        validator = validator_for(schema)(schema, resolver=resolvers[id(schema)])
        errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
        if errors:
            e = errors[0]
            print(f"{path}: {'/'.join(map(str, e.path)) or '(top)'}: {e.message}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
