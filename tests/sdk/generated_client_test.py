"""`errcat gen python` output against `errcat mock`, in every profile.

The generated module is imported as written; its parse_error must read each
error back (code, message, request ID, field errors) from what errcat serves.
The modules (seven profiles and a house profile) must also pass `mypy --strict`.
Run by scripts/test: python tests/sdk/generated_client_test.py
"""

import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import urllib.error
import urllib.request

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
BINARY = os.environ.get("ERRCAT_BIN", os.path.join(ROOT, "target/debug/errcat"))
# Every built-in profile, as the binary lists them: a new profile gets a client test at once.
BUILT_IN = [profile["name"] for profile in json.loads(subprocess.run(
    [BINARY, "profiles", "--json"], cwd=ROOT, check=True, capture_output=True, text=True).stdout)]
CASES = [("catalogs/plunk.toml", profile) for profile in BUILT_IN]
CASES.append(("tests/sdk/house-profile.toml", "acme"))  # a house profile
CASES.append(("tests/sdk/house-profile.toml", "acme-map"))  # with a field map
CASES.append(("tests/sdk/house-profile.toml", "acme-xml"))  # as XML
failures = []


def generated(catalog, profile, directory):
    source = subprocess.run(
        [BINARY, "gen", "python", "--catalog", catalog, "--profile", profile],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout
    module = "errors_" + profile.replace("-", "_")
    path = os.path.join(directory, f"{module}.py")
    with open(path, "w") as file:
        file.write(source)
    spec = importlib.util.spec_from_file_location(module, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def fetch(url, method="GET"):
    """Status, headers and body: parsed JSON, or an XML body's text."""
    request = urllib.request.Request(url, method=method, data=b"" if method == "POST" else None)
    try:
        with urllib.request.urlopen(request) as response:
            status, headers, raw = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        status, headers, raw = error.code, dict(error.headers), error.read()
    xml = "xml" in next(value for key, value in headers.items() if key.lower() == "content-type")
    return status, headers, raw.decode() if xml else json.loads(raw)


def run(catalog, profile, directory):
    errors = generated(catalog, profile, directory)
    mock = subprocess.Popen(
        [BINARY, "mock", "--listen", "127.0.0.1:0", "--catalog", catalog, "--profile", profile,
         "--route", "POST /v1/track=VALIDATION_ERROR", "--route", "GET /v1/templates/{id}=TEMPLATE_NOT_FOUND"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = next(word for word in mock.stdout.readline().split() if word.startswith("http://"))
        id_header = "apigw-requestid" if profile == "plain" else "x-request-id"

        def read(path, method="GET"):
            status, headers, body = fetch(base + path, method)
            error = errors.parse_error(status, headers, body)
            assert error is not None, f"parse_error gave None for {path}: {body}"
            sent = next(value for key, value in headers.items() if key.lower() == id_header)
            assert error.request_id == sent, (error.request_id, sent)
            return error

        invalid = read("/v1/track", "POST")
        assert invalid.code == "VALIDATION_ERROR", invalid
        if profile != "planfix":  # Planfix's shape has no field errors
            assert [(f.field, f.message) for f in invalid.fields] == [("email", "Invalid email")], invalid.fields
        assert [entry.id for entry in invalid.entries] == ["VALIDATION_ERROR"]
        assert invalid.retry_after is None, invalid.retry_after
        # `Retry-After` in seconds is read from the headers; a date is not seconds.
        _, _, limited_body = fetch(base + "/v1/track", "POST")
        delays = [errors.parse_error(429, {"Retry-After": value}, limited_body).retry_after
                  for value in ["30", " 7 ", "Wed, 21 Oct 2015 07:28:00 GMT", "1e3", "²"]]
        assert delays == [30, 7, None, None, None], delays

        missing = read("/v1/templates/tpl_1")
        assert missing.code == "TEMPLATE_NOT_FOUND" and "tpl_1" in missing.message, missing
        assert errors.ERRORS["TEMPLATE_NOT_FOUND"].status == 404

        unknown = read("/nowhere")
        assert unknown.code == "route_not_found" and len(unknown.entries) == 1, unknown
        assert isinstance(unknown, Exception)
        assert errors.parse_error(200, {}, {"success": True, "data": {}}) is None
        if profile != "acme-xml":
            # The body as text or bytes (`response.text`, `response.content`) reads the same;
            # text that is not JSON (a proxy's page) is no error of this API.
            _, _, body = fetch(base + "/v1/templates/tpl_1")
            for raw in [json.dumps(body), json.dumps(body).encode()]:
                assert errors.parse_error(404, {}, raw).code == "TEMPLATE_NOT_FOUND", raw
            for hostile in ["<html>Bad gateway</html>", b"\xff\xfe", "[" * 100_000]:
                assert errors.parse_error(502, {}, hostile) is None, hostile[:20]
        if profile == "acme-xml":
            assert invalid.fields[0].code == "invalid_string", invalid.fields
            # What is not this API's XML is no error of it.
            for body in ["<Error>", "<!DOCTYPE x [<!ENTITY a 'b'>]><Error><Code>&a;</Code></Error>", "not xml", "<a>" * 10000]:
                assert errors.parse_error(500, {}, body) is None, body

        if profile == "acme-map":
            # Nested fields and an error of the whole request, as `errcat render` writes them.
            input_path = os.path.join(directory, "nested-input.json")
            with open(input_path, "w") as file:
                json.dump({"fields": [
                    {"field": "profile.name", "message": "Required", "code": "required"},
                    {"field": "", "message": "Too many fields", "code": "too_large"},
                    {"field": "profile", "message": "Not an object", "code": "type"},
                ]}, file)
            body = json.loads(subprocess.run(
                [BINARY, "render", "VALIDATION_ERROR", "--catalog", catalog, "--profile", profile, "--input", input_path],
                cwd=ROOT, check=True, capture_output=True, text=True).stdout)
            nested = errors.parse_error(422, {}, body)
            assert [(f.field, f.message, f.code) for f in nested.fields] == [
                ("", "Too many fields", "too_large"),
                ("profile", "Not an object", "type"),
                ("profile.name", "Required", "required"),
            ], nested.fields
    finally:
        mock.kill()
        mock.wait()


with tempfile.TemporaryDirectory() as directory:
    for catalog, profile in CASES:
        try:
            run(catalog, profile, directory)
            print(f"ok   {profile}: the generated module reads what errcat serves")
        except Exception as error:  # report every profile, then fail
            failures.append(profile)
            print(f"FAIL {profile}: {error!r:.500}")

    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.9", "--no-incremental", directory],
        capture_output=True, text=True)
    if typed.returncode == 0:
        print("ok   the generated modules pass mypy --strict")
    else:
        failures.append("mypy")
        print(f"FAIL mypy --strict: {typed.stdout[-800:]}")


def deprecated_entry_is_reported(directory):
    """A deprecated entry: mypy reports its use (PEP 702), with the advice,
    and only its use; at run time the entry still reads, advice included."""
    contacts = generated("tests/sdk/deprecated-entry.toml", "problem", directory)
    advice = 'use `contact_not_found` instead; 410 and 404 are one error now */ "quoted"'
    assert contacts.entry("contact_gone").deprecated == advice, contacts.entry("contact_gone")
    assert contacts.entry("contact_not_found").deprecated is None
    with open(os.path.join(directory, "use.py"), "w") as file:
        file.write("from errors_problem import entry\n\n"
                   "now = entry(\"contact_not_found\").status\n"
                   "old = entry(\"contact_gone\").status\n")
    typed = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--python-version", "3.9", "--no-incremental",
         "--enable-error-code", "deprecated", directory],
        capture_output=True, text=True)
    errors = [line for line in typed.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1, typed.stdout
    assert errors[0].startswith("use.py:4: error:") or "/use.py:4: error:" in errors[0], errors
    assert errors[0].endswith(f"is deprecated: {advice}  [deprecated]"), errors


def numeric_code_sent_as_text_is_read_as_the_number(directory):
    """JSON:API sends every code as a string: a catalog's integer code is read back as the integer."""
    planfix = generated("catalogs/planfix.toml", "jsonapi", directory)
    body = json.loads(subprocess.run(
        [BINARY, "render", "1", "--catalog", "catalogs/planfix.toml", "--profile", "jsonapi"],
        cwd=ROOT, check=True, capture_output=True, text=True).stdout)
    assert body["errors"][0]["code"] == "1", body
    error = planfix.parse_error(400, {}, body)
    assert error is not None and error.code == 1, error
    assert [entry.id for entry in error.entries] == ["1"], error.entries
    # Text that only looks like a number is a code as written, never a crash.
    for code in ["²", "--1", "-", "1" * 40]:
        hostile = dict(body, errors=[dict(body["errors"][0], code=code)])
        assert planfix.parse_error(400, {}, hostile).code == code, code


def catalog_text_never_runs_when_the_module_is_imported(directory):
    """A catalog name that declares an encoding (PEP 263) would turn escaped
    quotes back into quotes: the title below would run as code on import."""
    marker = os.path.join(directory, "ran.txt")
    catalog = os.path.join(directory, "hostile.toml")
    title = f'x" + str(open({marker!r}, "w").write("ran")) + "'
    with open(catalog, "w") as file:
        file.write('[catalog]\nname = "Acme (coding:unicode_escape)"\n\n'
                   f"[[errors]]\nid = \"e0\"\nstatus = 404\ntitle = {json.dumps(title)}\n")
    hostile = generated(catalog, "problem", directory)
    assert not os.path.exists(marker), "catalog text ran as code"
    assert hostile.entry("e0").title == title, hostile.entry("e0").title


with tempfile.TemporaryDirectory() as directory:
    try:
        catalog_text_never_runs_when_the_module_is_imported(directory)
        print("ok   catalog text never runs when the generated module is imported")
    except Exception as error:
        failures.append("hostile")
        print(f"FAIL catalog text as code: {error!r:.800}")
    try:
        numeric_code_sent_as_text_is_read_as_the_number(directory)
        print("ok   an integer code sent as text is read as the integer")
    except Exception as error:
        failures.append("numeric-code")
        print(f"FAIL numeric code as text: {error!r:.800}")
    try:
        deprecated_entry_is_reported(directory)
        print("ok   a deprecated entry is reported by mypy where it is used")
    except Exception as error:
        failures.append("deprecated")
        print(f"FAIL deprecated entry: {error!r:.800}")

print(f"{len(CASES) + 4 - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
