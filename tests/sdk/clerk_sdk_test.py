"""Clerk's own Python SDK against `errcat mock` in the clerk profile.

The proof that errcat runs Clerk's error system faithfully: the vendor's
client library parses what errcat serves into its typed ClerkErrors, field
by field, as if it came from Clerk. Starts the mock on a free loopback port
and stops it. Run by scripts/test: python tests/sdk/clerk_sdk_test.py
"""

import os
import subprocess

from clerk_backend_api import Clerk, models

from harness import check, finish

BINARY = os.environ.get("ERRCAT_BIN", os.path.join(os.path.dirname(__file__), "../../target/debug/errcat"))


def expect_clerk_errors(call):
    try:
        call()
    except models.ClerkErrors as error:
        return error
    raise AssertionError("the SDK did not raise ClerkErrors")


mock = subprocess.Popen(
    [BINARY, "mock", "--listen", "127.0.0.1:0",
     "--route", "GET /v1/users/{userID}=UserNotFound",
     "--route", "POST /v1/users=FormPwnedPassword",
     "--route", "DELETE /v1/organizations/{organization_id}=OrganizationNotFound"],
    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    base = next(word for word in mock.stdout.readline().split() if word.startswith("http://"))
    clerk = Clerk(bearer_auth="sk_test_errcat", server_url=f"{base}/v1")

    def user_not_found():
        error = expect_clerk_errors(lambda: clerk.users.get(user_id="user_2x"))
        first = error.data.errors[0]
        assert error.raw_response.status_code == 404, error.raw_response.status_code
        assert first.code == "resource_not_found", first.code
        assert first.message == "not found", first.message
        assert first.long_message == "No user was found with id user_2x", first.long_message

    def form_error():
        error = expect_clerk_errors(lambda: clerk.users.create(email_address=["a@example.com"], password="password1"))
        first = error.data.errors[0]
        assert error.raw_response.status_code == 422, error.raw_response.status_code
        assert first.code == "form_password_pwned", first.code

    def unknown_route_in_the_same_shape():
        error = expect_clerk_errors(lambda: clerk.clients.get(client_id="client_1"))
        assert error.raw_response.status_code == 404, error.raw_response.status_code
        assert error.data.errors[0].code == "route_not_found", error.data.errors[0].code

    def trace_id_is_the_request_id():
        error = expect_clerk_errors(lambda: clerk.organizations.delete(organization_id="org_1"))
        body = error.raw_response.json()
        assert body["clerk_trace_id"] == error.raw_response.headers["x-request-id"], body
        assert error.raw_response.headers["content-type"] == "application/json"

    check("users.get on a missing user raises ClerkErrors with Clerk's fields", user_not_found)
    check("users.create parses a 422 form error", form_error)
    check("a route the mock does not serve answers in Clerk's shape too", unknown_route_in_the_same_shape)
    check("clerk_trace_id carries the request ID", trace_id_is_the_request_id)
finally:
    mock.kill()
    mock.wait()

finish()
