#!/usr/bin/env python3
"""SigV4 throughput: drharness's signer against botocore's, on the same requests.

Usage: bench/compare_botocore.py [PATH/TO/sigv4_bench] [--seconds N]

Without a path, looks for sigv4_bench under build/release/bench (the release preset) and
then under any build/*/bench. For each request the benchmark signs (it prints them with
--dump-request=NAME), this runs our benchmark and times botocore on the very same request
in the same run, then prints both rates and the ratio. Both sides are measured in CPU time
of one thread, so other load on the machine skews them alike; each side signs the same
request over and over (a retry re-signs it the same way).

Targets: >= 300,000 header signatures/s for the typical request, and >= 30x botocore.
Exit status 0 when both targets are met, 1 when not, 2 on usage or setup errors.
"""

import argparse
import base64
import datetime
import json
import pathlib
import subprocess
import sys
import time

# (benchmark name, request name, kind) - see bench/sigv4_bench.cc
CASES = [
    ("BM_SignTypical", "typical", "header"),
    ("BM_SignTypicalS3", "typical_s3", "header"),
    ("BM_PresignS3", "presign_s3", "presign"),
]
TARGET_RATE = 300_000
TARGET_RATIO = 30.0


def find_bench(explicit):
    if explicit:
        path = pathlib.Path(explicit)
        return path if path.is_file() else None
    root = pathlib.Path(__file__).resolve().parent.parent
    candidates = [root / "build" / "release" / "bench" / "sigv4_bench"]
    candidates += sorted(root.glob("build/*/bench/sigv4_bench"))
    return next((c for c in candidates if c.is_file()), None)


def our_rates(bench, seconds):
    names = "|".join(name for name, _, _ in CASES)
    out = subprocess.run(
        [
            str(bench),
            f"--benchmark_filter=^({names})$",
            f"--benchmark_min_time={seconds}",
            "--benchmark_repetitions=3",
            "--benchmark_report_aggregates_only=true",
            "--benchmark_format=json",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rates = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            rates[b["run_name"]] = b["items_per_second"]
    return rates


def botocore_rate(bench, request_name, kind, seconds):
    from botocore.auth import S3SigV4Auth, S3SigV4QueryAuth, SigV4Auth, SigV4QueryAuth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    spec = json.loads(
        subprocess.run(
            [str(bench), f"--dump-request={request_name}"], check=True, capture_output=True,
            text=True
        ).stdout
    )
    s3 = spec["service"] == "s3"
    creds = Credentials(spec["access_key"], spec["secret_key"])
    if kind == "header":
        signer = (S3SigV4Auth if s3 else SigV4Auth)(creds, spec["service"], spec["region"])
    else:
        signer = (S3SigV4QueryAuth if s3 else SigV4QueryAuth)(
            creds, spec["service"], spec["region"], expires=3600
        )
    body = base64.b64decode(spec["body_base64"])

    def make_request():
        request = AWSRequest(method=spec["method"], url=spec["url"], data=body)
        for name, value in spec["headers"]:
            request.headers[name] = value
        return request

    request = make_request()
    count = 0
    spent = 0.0
    clock = time.process_time
    while spent < seconds:
        if kind == "presign":
            request = make_request()  # presigning rewrites the URL: start afresh, untimed
        start = clock()
        signer.add_auth(request)
        spent += clock() - start
        count += 1
    return count / spent


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bench", nargs="?", help="path to the sigv4_bench binary")
    parser.add_argument("--seconds", type=float, default=1.0, help="time per measurement")
    args = parser.parse_args()

    bench = find_bench(args.bench)
    if bench is None:
        print(
            "sigv4_bench not found; build it with:\n"
            "  cmake --preset release && cmake --build --preset release --target sigv4_bench",
            file=sys.stderr,
        )
        return 2
    try:
        import botocore
    except ImportError:
        print("botocore is not installed for this python3", file=sys.stderr)
        return 2

    print(f"sigv4_bench: {bench}")
    print(f"botocore {botocore.__version__}, python {sys.version.split()[0]}, "
          f"{datetime.date.today().isoformat()}")
    ours = our_rates(bench, args.seconds)
    ok = True
    print(f"\n{'request':<14} {'kind':<8} {'drharness sig/s':>16} {'botocore sig/s':>15} "
          f"{'ratio':>7}")
    for bench_name, request_name, kind in CASES:
        theirs = botocore_rate(bench, request_name, kind, args.seconds)
        mine = ours.get(bench_name)
        if mine is None:
            print(f"{request_name:<14} {kind:<8} {'(missing)':>16} {theirs:>15,.0f}")
            ok = False
            continue
        ratio = mine / theirs
        print(f"{request_name:<14} {kind:<8} {mine:>16,.0f} {theirs:>15,.0f} {ratio:>6.1f}x")
        if bench_name == "BM_SignTypical":
            ok = ok and mine >= TARGET_RATE and ratio >= TARGET_RATIO
    print(
        f"\ntargets for the typical request: >= {TARGET_RATE:,} sig/s and >= {TARGET_RATIO:.0f}x "
        f"botocore: {'met' if ok else 'NOT met'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
