"""`errcat openapi` against the OpenAPI 3.1 specification and its own examples.

openapi-spec-validator checks each generated document against the OpenAPI
3.1 schema; jsonschema then checks every response's example body against the
schema the response points to. Covers the five built-in catalogs in their
own profiles, all of them again in each of the seven profiles, a catalog
in a house profile, and one in an XML house profile (its examples read against
the schema's `xml` keyword).
Run by scripts/test: python tests/sdk/openapi_test.py
"""

import json
import os
from xml.etree import ElementTree
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


def xml_problems(components, schema, element, top=True):
    """How an XML example departs from its schema, read as OpenAPI's `xml`
    keyword says: the root's name, attributes where `attribute` is set,
    required members present, arrays of repeated (`wrapped` or not) elements."""
    while "$ref" in schema:
        schema = components["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    problems = []
    if top and schema.get("xml", {}).get("name") != element.tag:
        problems.append(f"the root is <{element.tag}>, the schema names {schema.get('xml')}")
    if schema.get("type") != "object":
        return problems
    for name in schema.get("required", []):
        attribute = schema["properties"][name].get("xml", {}).get("attribute", False)
        if (name not in element.attrib) if attribute else (element.find(name) is None):
            problems.append(f"<{element.tag}> lacks {'@' if attribute else ''}{name}")
    for name, member in schema["properties"].items():
        if member.get("type") == "array":
            item_name = member["items"]["xml"]["name"]
            holder = element.find(name) if member.get("xml", {}).get("wrapped") else element
            for item in ([] if holder is None else holder.findall(item_name)):
                problems += xml_problems(components, member["items"], item, top=False)
        elif not member.get("xml", {}).get("attribute") and element.find(name) is not None:
            problems += xml_problems(components, member, element.find(name), top=False)
    return problems


def check(name, document, responses_expected=520 + 5 * FRAMEWORK):
    try:
        validate(document)
        components = document["components"]
        responses = components["responses"]
        # By default: 520 entries, and the framework errors for each of the five catalogs.
        assert responses_expected is None or len(responses) == responses_expected, f"{len(responses)} responses"
        for key, response in responses.items():
            for media_type, media in response["content"].items():
                if "xml" in media_type:
                    problems = xml_problems(components, media["schema"], ElementTree.fromstring(media["example"]))
                else:
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

document = openapi("--catalog", "examples/s3-errors.toml")
check("a catalog in an XML house profile, its examples checked against the xml schema",
      document, responses_expected=None)
if "xml" not in document:
    try:
        no_such_key = document["components"]["responses"]["no_such_key"]["content"]["application/xml"]
        assert no_such_key["example"].startswith("<?xml"), no_such_key
        assert document["components"]["schemas"]["ObjectStoreError"]["xml"] == {"name": "Error"}
    except Exception as error:
        failures.append("the XML example")
        print(f"FAIL the XML example: {error!s:.500}")

# The corpus vendors' catalogs, each in its own house profile (JSON or XML).
CORPUS = sorted(name for name in os.listdir(os.path.join(os.path.dirname(__file__), "../../catalogs/corpus")) if name.endswith(".toml"))
for name in CORPUS:
    check(f"catalogs/corpus/{name}", openapi("--catalog", f"catalogs/corpus/{name}"), responses_expected=None)

print(f"{3 + len(PROFILES) + len(CORPUS) - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
