"""Google's own error parser against `errcat mock --profile google`.

google-api-core's `from_http_response` is how Google's Python clients read an
AIP-193 error. For every built-in catalog, an error errcat serves in the
google profile must parse into the exception its HTTP status names, with the
ErrorInfo reason, a domain (AIP-193 requires one) and the message. Starts one
mock per catalog on a free loopback port and stops it.
Run by scripts/test: python tests/sdk/google_api_core_test.py
"""

import os
import subprocess
import tomllib

import requests
from google.api_core import exceptions

from harness import check, finish

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
BINARY = os.environ.get("ERRCAT_BIN", os.path.join(ROOT, "target/debug/errcat"))


def first_client_error(catalog):
    """The first entry a client is meant to handle: a declared 4xx, not internal."""
    with open(os.path.join(ROOT, catalog), "rb") as file:
        entries = tomllib.load(file)["errors"]
    for entry in entries:
        if 400 <= entry.get("status", 500) < 500 and not entry.get("internal", False):
            return entry
    return entries[0]


def parses_with_a_domain(catalog, domain=None):
    entry = first_client_error(catalog)
    mock = subprocess.Popen(
        [BINARY, "mock", "--listen", "127.0.0.1:0", "--catalog", catalog,
         "--profile", "google", "--route", f"GET /things/{{id}}={entry['id']}"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        base = next(word for word in mock.stdout.readline().split() if word.startswith("http://"))
        response = requests.get(f"{base}/things/t_1", timeout=10)
        error = exceptions.from_http_response(response)
        assert isinstance(error, exceptions.GoogleAPICallError), type(error)
        assert error.code == response.status_code, (error.code, response.status_code)
        assert error.reason, f"no ErrorInfo reason: {response.text}"
        assert error.domain, f"no ErrorInfo domain: {response.text}"
        if domain is not None:
            assert error.domain == domain, (error.domain, domain)
        assert error.message, f"no message: {response.text}"
    finally:
        mock.terminate()
        mock.wait(timeout=10)


# Quapp's seed names no web address: its catalog's name stands in as the
# domain (`quapp`), and `errcat check` warns `missing-error-domain` when the
# catalog itself promises AIP-193 errors.
for slug in ["clerk", "plain", "planfix", "plunk", "quapp"]:
    check(f"{slug}: google-api-core reads the error with its reason and domain",
          lambda slug=slug: parses_with_a_domain(
              f"catalogs/{slug}.toml", "quapp" if slug == "quapp" else None))

finish()
