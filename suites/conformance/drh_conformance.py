"""Conformance tests of `drh serve` with real AWS SDKs (boto3, aws-cli).

Every test file here is a unittest module run by ctest (label "conformance"):

    import drh_conformance as dc

    class Rds(dc.ConformanceCase):
        def test_global_cluster_round_trip(self):
            rds = dc.client("rds", "us-east-1")
            ...
            dc.advance(60)   # move the server's virtual clock (manual clock)

    if __name__ == "__main__":
        dc.main()

- The server: ctest's fixture starts one `drh serve --port 0 --clock manual` and writes its
  URL to $DRH_SERVE_STATE_DIR/url; run by hand, a module starts its own (the drh binary
  from $DRH_CLI or build/*/harness/cli/drh). `start_server(*args)` starts a private one
  for tests that need special flags.
- Every response boto3 receives through `client()` is checked against its operation's
  output shape in botocore's model (shape_check.py); ConformanceCase fails the test on any
  problem. `raw_request()` sends hand-built signed requests (CloudWatch Query protocol,
  S3 virtual-hosted addressing) and checks them the same way with `check_raw()`.
- The server is shared by all tests of a run: name resources with `unique()`.
"""

import glob
import itertools
import json
import os
import re
import subprocess
import sys
import time
import unittest
import urllib.request

import boto3
import botocore.session
from botocore.auth import S3SigV4Auth, SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

import shape_check

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
ACCESS_KEY = "AKIACONFORMANCE00001"
SECRET_KEY = "conformance-secret-not-real"
ACCOUNT = "123456789012"

_problems = []
_servers = []
_shared_url = None
_counter = itertools.count(1)


def drh_binary():
    path = os.environ.get("DRH_CLI")
    if path and os.path.exists(path):
        return path
    for candidate in sorted(glob.glob(os.path.join(ROOT, "build", "*", "harness", "cli", "drh"))):
        return candidate
    raise RuntimeError("drh binary not found: set DRH_CLI or build the project")


class Server:
    """A `drh serve` child process on a free loopback port."""

    def __init__(self, *args):
        self.proc = subprocess.Popen(
            [drh_binary(), "serve", "--port", "0", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 15
        line = ""
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            match = re.search(r"listening on (http://\S+)", line)
            if match:
                self.url = match.group(1)
                return
            if not line and self.proc.poll() is not None:
                break
        self.stop()
        raise RuntimeError(f"drh serve did not start: {line!r}")

    def stop(self, sig=None):
        if self.proc.poll() is None:
            if sig is None:
                self.proc.terminate()
            else:
                self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        return self.proc.returncode

    def output(self):
        return self.proc.stdout.read() if self.proc.stdout else ""


def start_server(*args):
    server = Server(*args)
    _servers.append(server)
    return server


def endpoint():
    """URL of the shared server (started on first use when ctest did not)."""
    global _shared_url
    if _shared_url:
        return _shared_url
    state = os.environ.get("DRH_SERVE_STATE_DIR")
    if state and os.path.exists(os.path.join(state, "url")):
        with open(os.path.join(state, "url")) as f:
            _shared_url = f.read().strip()
    else:
        _shared_url = start_server("--clock", "manual").url
    return _shared_url


def unique(prefix):
    return f"{prefix}-{os.getpid()}-{next(_counter)}"


def _record(operation_model, response_dict, **_):
    for problem in shape_check.check_response(operation_model, response_dict):
        _problems.append(f"{operation_model.service_model.service_name}: {problem}")


def client(service, region="us-east-1", url=None, **config):
    c = boto3.client(
        service,
        region_name=region,
        endpoint_url=url or endpoint(),
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
        config=Config(retries={"mode": "standard", "max_attempts": 2}, **config),
    )
    c.meta.events.register("before-parse.*.*", _record)
    return c


def admin(method, path, body=None, url=None):
    """Calls an admin endpoint (/_drh/...) and returns (status, parsed JSON or text)."""
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request((url or endpoint()) + path, data=data, method=method)
    req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            raw = r.read()
            status = r.status
    except urllib.error.HTTPError as e:
        raw = e.read()
        status = e.code
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")


def advance(seconds, url=None):
    """Moves the server's manual clock; scheduled transitions happen on the way."""
    status, body = admin("POST", "/_drh/clock/advance", {"seconds": seconds}, url)
    if status != 200:
        raise AssertionError(f"clock advance failed: {status} {body}")
    return body


def raw_request(service, region, method, path, body=b"", headers=None, host=None,
                signing_name=None, url=None, sign=True):
    """A hand-built SigV4-signed request; returns (status, headers, body bytes)."""
    base = url or endpoint()
    target = base + path
    req = AWSRequest(method=method, url=target, data=body, headers=dict(headers or {}))
    if host:
        req.headers["Host"] = host
    if sign:
        creds = Credentials(ACCESS_KEY, SECRET_KEY)
        name = signing_name or service
        signer = S3SigV4Auth(creds, name, region) if name == "s3" else SigV4Auth(creds, name, region)
        signer.add_auth(req)
    prepared = req.prepare()
    http_req = urllib.request.Request(prepared.url, data=prepared.body or None, method=method)
    for k, v in prepared.headers.items():
        http_req.add_header(k, v)
    try:
        with urllib.request.urlopen(http_req, timeout=30) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as e:
        return e.code, dict(e.headers), e.read()


_session = botocore.session.get_session()


def check_raw(service, operation, status, headers, body):
    """Shape-checks a response received by raw_request()."""
    model = _session.get_service_model(service).operation_model(operation)
    response = {"status_code": status, "headers": headers, "body": body}
    for problem in shape_check.check_response(model, response):
        _problems.append(f"{service}: {problem}")


class ConformanceCase(unittest.TestCase):
    """Fails a test when any response it received does not fit its model."""

    def setUp(self):
        _problems.clear()

    def tearDown(self):
        problems = list(_problems)
        _problems.clear()
        if problems:
            self.fail("responses do not match botocore's output shapes:\n  " +
                      "\n  ".join(problems[:40]))

    def assertAwsError(self, code, fn, *args, **kwargs):
        """Calls fn and asserts it raises a ClientError with this code; returns it."""
        from botocore.exceptions import ClientError

        with self.assertRaises(ClientError) as ctx:
            fn(*args, **kwargs)
        self.assertEqual(ctx.exception.response["Error"]["Code"], code, ctx.exception.response)
        return ctx.exception


def main():
    try:
        unittest.main(verbosity=2)
    finally:
        for server in _servers:
            server.stop()
