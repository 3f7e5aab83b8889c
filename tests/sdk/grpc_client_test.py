"""Python's grpcio client against examples/contacts-grpc: every errcat detail
decodes with Google's own `grpcio-status` and `googleapis-common-protos`.

Starts the example server on a free loopback port and stops it. Messages are
written as protobuf bytes by hand (the example's proto has 3 small messages),
so no code generation is needed. Run by scripts/test:
CONTACTS_GRPC_BIN=target/debug/contacts-grpc-example python tests/sdk/grpc_client_test.py
"""

import os
import subprocess

import grpc
from google.rpc import error_details_pb2
from grpc_status import rpc_status

from harness import check, finish

BINARY = os.environ.get(
    "CONTACTS_GRPC_BIN",
    os.path.join(os.path.dirname(__file__), "../../target/debug/contacts-grpc-example"),
)


def varint(value):
    out = bytearray()
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


def string_field(number, text):
    data = text.encode()
    return varint(number << 3 | 2) + varint(len(data)) + data


def get_contact(contact_id):
    return varint(1 << 3) + varint(contact_id)


def create_contact(name, email):
    return string_field(1, name) + string_field(2, email)


def details_of(error):
    """Every detail of a failed call, by message name."""
    status = rpc_status.from_call(error)
    assert status is not None, "no grpc-status-details-bin"
    assert status.code == error.code().value[0], (status.code, error.code())
    assert status.message == error.details(), (status.message, error.details())
    found = {}
    for any_detail in status.details:
        for name, kind in [
            ("ErrorInfo", error_details_pb2.ErrorInfo),
            ("BadRequest", error_details_pb2.BadRequest),
            ("RetryInfo", error_details_pb2.RetryInfo),
            ("Help", error_details_pb2.Help),
            ("RequestInfo", error_details_pb2.RequestInfo),
            ("LocalizedMessage", error_details_pb2.LocalizedMessage),
        ]:
            if any_detail.Is(kind.DESCRIPTOR):
                message = kind()
                any_detail.Unpack(message)
                found[name] = message
    return found


def fail(channel, path, payload, metadata=()):
    call = channel.unary_unary(path)
    try:
        call(payload, metadata=metadata, timeout=5)
    except grpc.RpcError as error:
        return error
    raise AssertionError(f"{path} succeeded")


def trailing(error, key):
    return dict(error.trailing_metadata() or ()).get(key) or dict(error.initial_metadata() or ()).get(key)


server = subprocess.Popen(
    [BINARY],
    env={**os.environ, "ADDR": "127.0.0.1:0"},
    stdout=subprocess.PIPE,
    text=True,
)
try:
    line = server.stdout.readline()
    address = line.strip().rsplit(" ", 1)[-1]
    channel = grpc.insecure_channel(address)
    grpc.channel_ready_future(channel).result(timeout=10)

    def not_found():
        error = fail(channel, "/contacts.v1.Contacts/GetContact", get_contact(7), [("x-request-id", "py-1")])
        assert error.code() == grpc.StatusCode.NOT_FOUND, error.code()
        assert error.details() == "No contact with id 7.", error.details()
        details = details_of(error)
        info = details["ErrorInfo"]
        assert info.reason == "CONTACT_NOT_FOUND", info
        assert info.domain == "contacts.example.com", info
        assert dict(info.metadata) == {"id": "7"}, info.metadata
        assert details["Help"].links[0].url == "https://docs.contacts.example.com/errors/contact_not_found"
        assert details["RequestInfo"].request_id == "py-1", details["RequestInfo"]
        assert (details["LocalizedMessage"].locale, details["LocalizedMessage"].message) == ("en", "No contact with id 7.")
        assert "BadRequest" not in details and "RetryInfo" not in details
        assert trailing(error, "x-request-id") == "py-1"

    def invalid():
        error = fail(channel, "/contacts.v1.Contacts/CreateContact", create_contact("", "nope"))
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, error.code()
        details = details_of(error)
        violations = [(v.field, v.description, v.reason) for v in details["BadRequest"].field_violations]
        assert violations == [
            ("name", "Give a name of 1 to 100 characters", "LENGTH"),
            ("email", "Not an email address", "INVALID_EMAIL"),
        ], violations
        assert details["RequestInfo"].request_id == trailing(error, "x-request-id")

    def unavailable():
        error = fail(channel, "/contacts.v1.Contacts/GetContact", get_contact(503))
        assert error.code() == grpc.StatusCode.UNAVAILABLE, error.code()
        details = details_of(error)
        assert details["RetryInfo"].retry_delay.seconds == 5, details["RetryInfo"]
        assert dict(details["ErrorInfo"].metadata) == {}, "a 5xx carries no argument"

    def unimplemented():
        error = fail(channel, "/contacts.v1.Contacts/Nope", b"")
        assert error.code() == grpc.StatusCode.UNIMPLEMENTED, error.code()
        assert details_of(error)["ErrorInfo"].reason == "METHOD_NOT_IMPLEMENTED"

    def malformed():
        error = fail(channel, "/contacts.v1.Contacts/GetContact", string_field(1, "seven"))
        assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, error.code()
        assert details_of(error)["ErrorInfo"].reason == "MALFORMED_MESSAGE"

    check("a handler error carries ErrorInfo, Help, RequestInfo and LocalizedMessage", not_found)
    check("a malformed request carries one BadRequest violation per field", invalid)
    check("a retryable 5xx carries RetryInfo and no argument", unavailable)
    check("an unknown method is the catalog's UNIMPLEMENTED error", unimplemented)
    check("an undecodable message is the catalog's INVALID_ARGUMENT error", malformed)
    channel.close()
finally:
    server.terminate()
    server.wait(timeout=10)

finish()
