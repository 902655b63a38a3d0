#!/usr/bin/python3
"""Validates preflight reports against the published JSON Schemas (docs/schemas/).

Usage: validate_report.py REPORT.json...   Each file's "schema" field picks its schema.
Exit 0 when every report is valid, 1 with the first error of each invalid one.
"""
import json
import pathlib
import sys

import jsonschema
from jsonschema.validators import validator_for

SCHEMAS = pathlib.Path(__file__).resolve().parent.parent / "docs" / "schemas"


def load(name):
    return json.loads((SCHEMAS / name).read_text())


def main(paths):
    check, tests = load("preflight.check.v1.schema.json"), load("preflight.tests.v1.schema.json")
    store = {check["$id"]: check, tests["$id"]: tests}  # never fetched: the ids are .invalid
    resolver = jsonschema.RefResolver.from_schema(tests, store=store)
    failed = 0
    for path in paths:
        report = json.loads(pathlib.Path(path).read_text())
        schema = {"preflight.check/v1": check, "preflight.tests/v1": tests}.get(report.get("schema"))
        if schema is None:
            print(f"{path}: unknown schema {report.get('schema')!r}")
            failed += 1
            continue
        validator = validator_for(schema)(schema, resolver=resolver)
        errors = sorted(validator.iter_errors(report), key=lambda e: list(e.path))
        if errors:
            e = errors[0]
            print(f"{path}: {'/'.join(map(str, e.path)) or '(top)'}: {e.message}")
            failed += 1
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
