"""The contacts example's OpenAPI document, as utoipa generates it with
errcat's responses, against the OpenAPI 3.1 specification and its own
examples: openapi-spec-validator checks the document; jsonschema checks
every error example against the schema its response points to.
Run by scripts/test: CONTACTS_BIN=... python tests/sdk/utoipa_openapi_test.py
"""

import json
import os
import subprocess
import sys

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

BINARY = os.environ["CONTACTS_BIN"]
document = json.loads(subprocess.run([BINARY, "--openapi"], check=True, capture_output=True, text=True).stdout)

validate(document)
components = document["components"]
checked = 0
for path, item in document["paths"].items():
    for method, operation in item.items():
        for status, response in operation["responses"].items():
            for media_type, media in response.get("content", {}).items():
                if "examples" not in media:
                    continue
                validator = Draft202012Validator({"$ref": media["schema"]["$ref"], "components": components})
                for name, example in media["examples"].items():
                    problems = [error.message for error in validator.iter_errors(example["value"])]
                    assert not problems, f"{method} {path} {status} {name}: {problems[:3]}"
                    checked += 1
assert checked > 40, f"only {checked} examples"
print(f"ok   the contacts example's utoipa document: valid OpenAPI 3.1, {checked} error examples match their schema")
sys.exit(0)
