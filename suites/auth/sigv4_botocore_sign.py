#!/usr/bin/env python3
"""Signs requests with botocore's SigV4 signers, for the differential test.

Usage: sigv4_botocore_sign.py REQUESTS.jsonl

Reads one JSON request per line (written by suites/auth/sigv4_botocore_diff_test.cc) and
prints one line per request, in the same order, with four tab-separated fields:
  ID  ok  HEX(Authorization header, or the presigned URL's signature)  HEX(canonical request)
  ID  error  HEX(message)  -
where HEX is the hex of the UTF-8 bytes (cheap to read back in C++, and no escaping).
Exit status 3 when botocore cannot be imported.

Each request is signed at its own fixed time: botocore.auth.get_current_datetime, which
add_auth() reads the clock through, is replaced by a function returning that time.

Input fields: id, mode ("header" | "presign"), method, scheme, host, path (wire form),
query (wire form), query_mode ("url": the query goes into the URL as is, and botocore
signs its pieces verbatim, so the generator only writes canonical encodings there;
"params": the pieces are percent-decoded here and given as request.params, which botocore
encodes itself), headers ([[name, value], ...], duplicates allowed), body_base64, service,
region, s3, unsigned_payload, access_key, secret_key, token, epoch, expires.
"""

import base64
import datetime
import json
import sys
from urllib.parse import unquote

try:
    import botocore.auth as boto_auth
    from botocore.awsrequest import AWSRequest
    from botocore.config import Config
    from botocore.credentials import Credentials
except ImportError as exc:  # the C++ test skips (or fails under CI) on exit status 3
    print(f"botocore not importable: {exc}", file=sys.stderr)
    sys.exit(3)

_now = [None]
boto_auth.get_current_datetime = lambda: _now[0]


def _capturing(cls):
    """A subclass that keeps the canonical request it computed."""

    class Capturing(cls):
        captured_canonical_request = None

        def string_to_sign(self, request, canonical_request):
            self.captured_canonical_request = canonical_request
            return super().string_to_sign(request, canonical_request)

    Capturing.__name__ = "Capturing" + cls.__name__
    return Capturing


HEADER_SIGNERS = {False: _capturing(boto_auth.SigV4Auth), True: _capturing(boto_auth.S3SigV4Auth)}
QUERY_SIGNERS = {
    False: _capturing(boto_auth.SigV4QueryAuth),
    True: _capturing(boto_auth.S3SigV4QueryAuth),
}


def _decoded_params(query):
    params = []
    for piece in query.split("&"):
        if not piece:
            continue
        key, _, value = piece.partition("=")
        params.append((unquote(key), unquote(value)))
    return params


def sign(r):
    _now[0] = datetime.datetime.fromtimestamp(r["epoch"], datetime.timezone.utc)
    creds = Credentials(r["access_key"], r["secret_key"], r["token"] or None)
    url = f"{r['scheme']}://{r['host']}{r['path']}"
    params = None
    if r["query"]:
        if r["query_mode"] == "url":
            url += "?" + r["query"]
        else:
            params = _decoded_params(r["query"])
    body = base64.b64decode(r["body_base64"])
    request = AWSRequest(method=r["method"], url=url, data=body, params=params)
    for name, value in r["headers"]:
        request.headers[name] = value  # appends: duplicates are kept, in order
    if r["s3"]:
        request.context["client_config"] = Config(
            s3={"payload_signing_enabled": not r["unsigned_payload"]}
        )
    elif r["unsigned_payload"]:
        request.context["payload_signing_enabled"] = False

    s3 = bool(r["s3"])
    if r["mode"] == "presign":
        signer = QUERY_SIGNERS[s3](creds, r["service"], r["region"], expires=r["expires"])
        signer.add_auth(request)
        value = request.url.rsplit("&X-Amz-Signature=", 1)[1]
    else:
        signer = HEADER_SIGNERS[s3](creds, r["service"], r["region"])
        signer.add_auth(request)
        value = request.headers["Authorization"]
    return value, signer.captured_canonical_request


def _hex(text):
    return text.encode("utf-8").hex()


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    out = sys.stdout
    with open(sys.argv[1], encoding="utf-8") as f:
        for line in f:
            if not line.strip():
                continue
            r = json.loads(line)
            try:
                value, canonical_request = sign(r)
                out.write(f"{r['id']}\tok\t{_hex(value)}\t{_hex(canonical_request)}\n")
            except Exception as exc:  # report per request, keep going
                message = f"{type(exc).__name__}: {exc}"
                out.write(f"{r.get('id', -1)}\terror\t{_hex(message)}\t-\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
