"""`errcat openapi` against the OpenAPI 3.1 specification and its own examples.

openapi-spec-validator checks each generated document against the OpenAPI
3.1 schema; jsonschema then checks every response's example body against the
schema the response points to. Covers the five built-in catalogs in their
own profiles, all of them again in each of the seven profiles, and a catalog
in a house profile.
Run by scripts/test: python tests/sdk/openapi_test.py
"""

import json
import os
import subprocess
import sys

from jsonschema import Draft202012Validator
from openapi_spec_validator import validate

BINARY = os.environ.get("ERRCAT_BIN", os.path.join(os.path.dirname(__file__), "../../target/debug/errcat"))
# Every built-in profile, as the binary lists them.
PROFILES = [profile["name"] for profile in json.loads(subprocess.run(
    [BINARY, "profiles", "--json"], check=True, capture_output=True, text=True).stdout)]
failures = []


def openapi(*args):
    return json.loads(subprocess.run([BINARY, "openapi", *args], check=True, capture_output=True, text=True).stdout)


# The framework errors every service may send, counted from a catalog of two
# entries, so a new framework error needs no edit here.
FRAMEWORK = len(openapi("--catalog", "tests/sdk/house-profile.toml")["components"]["responses"]) - 2


def check(name, document, responses_expected=520 + 5 * FRAMEWORK):
    try:
        validate(document)
        components = document["components"]
        responses = components["responses"]
        # By default: 520 entries, and the framework errors for each of the five catalogs.
        assert len(responses) == responses_expected, f"{len(responses)} responses"
        for key, response in responses.items():
            for media in response["content"].values():
                validator = Draft202012Validator({"$ref": media["schema"]["$ref"], "components": components})
                problems = [error.message for error in validator.iter_errors(media["example"])]
                assert not problems, f"{key}: {problems[:3]}"
        print(f"ok   {name}")
    except Exception as error:  # report every document, then fail
        failures.append(name)
        print(f"FAIL {name}: {error!s:.500}")


check("the built-in catalogs in their own profiles", openapi())
for profile in PROFILES:
    check(f"the built-in catalogs in the {profile} profile", openapi("--profile", profile))

check("a catalog in a house profile, with the schema read off its body",
      openapi("--catalog", "tests/sdk/house-profile.toml"), responses_expected=2 + FRAMEWORK)

print(f"{2 + len(PROFILES) - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
