"""botocore, the AWS SDK for Python's core, against `errcat mock` serving an
S3-style catalog (examples/s3-errors.toml, an XML house profile) and Yandex
Object Storage's catalog imported from its reference: the SDK's own S3 client
must read each error's code, message and request ID as it would from S3.

Run by scripts/test: ERRCAT_BIN=target/debug/errcat python tests/sdk/s3_botocore_test.py
"""

import os
import subprocess
import sys

import botocore.session
from botocore.config import Config
from botocore.exceptions import ClientError

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BINARY = os.environ.get("ERRCAT_BIN", os.path.join(ROOT, "target", "debug", "errcat"))
CATALOG = "examples/s3-errors.toml"

failures = []


def check(name, body):
    try:
        body()
        print(f"ok   {name}")
    except Exception as error:  # noqa: BLE001 - report and carry on
        failures.append(name)
        print(f"FAIL {name}: {error!r}")


def s3_client(base, region):
    """botocore's own S3 client for `base`: path-style, no retries, dummy credentials."""
    return botocore.session.get_session().create_client(
        "s3", endpoint_url=base, region_name=region,
        aws_access_key_id="test", aws_secret_access_key="test",
        config=Config(s3={"addressing_style": "path"}, retries={"total_max_attempts": 1}))


def client_error(call):
    try:
        call()
    except ClientError as error:
        return error.response
    raise AssertionError("the call succeeded")


mock = subprocess.Popen(
    [BINARY, "mock", "--listen", "127.0.0.1:0", "--catalog", CATALOG,
     "--route", "GET /{bucket}/{key}=no_such_key",
     "--route", "HEAD /{bucket}=no_such_bucket",
     "--route", "PUT /{bucket}=bucket_already_exists",
     "--route", "DELETE /{bucket}=access_denied",
     "--route", "GET /{bucket}=slow_down"],
    cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    base = next(word for word in mock.stdout.readline().split() if word.startswith("http://"))
    s3 = s3_client(base, "us-east-1")

    def no_such_key():
        response = client_error(lambda: s3.get_object(Bucket="photos", Key="cat.jpg"))
        error, metadata = response["Error"], response["ResponseMetadata"]
        assert error["Code"] == "NoSuchKey", error
        assert error["Message"] == 'No object "cat.jpg" in bucket "photos".', error
        assert error["Resource"] == "/photos/cat.jpg", error
        assert metadata["HTTPStatusCode"] == 404, metadata
        assert metadata["RequestId"] and metadata["RequestId"] == metadata["HTTPHeaders"]["x-amz-request-id"], metadata

    def bucket_taken():
        response = client_error(lambda: s3.create_bucket(Bucket="photos"))
        assert response["Error"]["Code"] == "BucketAlreadyExists", response
        assert "photos" in response["Error"]["Message"], response
        # The SDK's modeled exception class is chosen by the code it read.
        try:
            s3.create_bucket(Bucket="photos")
        except s3.exceptions.BucketAlreadyExists:
            pass

    def access_denied():
        response = client_error(lambda: s3.delete_bucket(Bucket="photos"))
        assert (response["Error"]["Code"], response["ResponseMetadata"]["HTTPStatusCode"]) == ("AccessDenied", 403), response

    def slow_down():
        response = client_error(lambda: s3.list_objects_v2(Bucket="photos"))
        assert response["Error"]["Code"] == "SlowDown", response
        assert response["ResponseMetadata"]["HTTPStatusCode"] == 503, response

    def head_has_no_body():
        # A HEAD answer has no body: the SDK falls back on the status, as with S3.
        response = client_error(lambda: s3.head_bucket(Bucket="photos"))
        assert response["Error"]["Code"] == "404", response

    check("NoSuchKey: code, message, resource and request ID as botocore reads them", no_such_key)
    check("BucketAlreadyExists: botocore raises its modeled exception", bucket_taken)
    check("AccessDenied: code and status", access_denied)
    check("SlowDown: a 5xx read as S3's", slow_down)
    check("HEAD: no body, the status is the code", head_has_no_body)
finally:
    mock.kill()
    mock.wait()

# Yandex Object Storage's catalog, imported from its reference (catalogs/corpus/).
yandex = subprocess.Popen(
    [BINARY, "mock", "--listen", "127.0.0.1:0", "--catalog", "catalogs/corpus/yandex-object-storage.toml",
     "--route", "GET /{bucket}/{key}=NoSuchKey", "--route", "PUT /{bucket}=BucketAlreadyExists"],
    cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
try:
    base = next(word for word in yandex.stdout.readline().split() if word.startswith("http://"))
    s3 = s3_client(base, "ru-central1")

    def yandex_errors():
        response = client_error(lambda: s3.get_object(Bucket="mybucket", Key="myfoto.jpg"))
        assert response["Error"] == {
            "Code": "NoSuchKey",
            "Message": "The specified key does not exist.",
            "Resource": "/mybucket/myfoto.jpg",
        }, response["Error"]
        assert response["ResponseMetadata"]["RequestId"], response
        try:
            s3.create_bucket(Bucket="mybucket")
            raise AssertionError("the call succeeded")
        except s3.exceptions.BucketAlreadyExists:
            pass

    check("Yandex Object Storage, as imported: botocore reads its errors as S3's", yandex_errors)
finally:
    yandex.kill()
    yandex.wait()

print(f"{6 - len(failures)} passed, {len(failures)} failed")
sys.exit(1 if failures else 0)
