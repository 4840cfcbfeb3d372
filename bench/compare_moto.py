#!/usr/bin/env python3
"""The fake cloud against moto, both measured in the same run on the same call.

Usage: bench/compare_moto.py [--build DIR] [--seconds N] [--smoke]

Two comparisons, each on RDS DescribeDBClusters over the same world (a global database
"orders-global" with its primary cluster "orders-primary", plus a "reporting" cluster,
all Aurora PostgreSQL in us-east-1):

  in-process  drharness: a typed RdsClient call through InProcessTransport (sign, route,
              serialise, decode), from bench/fake_bench (Google Benchmark, CPU time).
              moto: the same call from boto3 under moto's in-process mock_aws.
              Target: >= 100,000 calls/s on one core.
  loopback    `drh serve` and `moto_server`, each on a free loopback port, loaded by
              bench/serve_load (C++, libcurl) with 2 keep-alive connections, replaying
              the signed request, for N seconds each, one server after the other.
              Target: drh serve >= 10,000 requests/s.

Builds: takes fake_bench, serve_load and drh from --build (default: build/release, the
release preset; figures from sanitizer builds mean nothing). --smoke runs everything
briefly and checks only that both sides answer (used by ctest so the script never rots).

Exit status: 0 when the targets are met (or, with --smoke, when everything ran), 1 when a
target is missed, 2 on setup errors (missing build, moto not installed, a server that
does not start).
"""

import argparse
import contextlib
import json
import os
import pathlib
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
TARGET_IN_PROCESS = 100_000
TARGET_LOOPBACK = 10_000
REGION = "us-east-1"
KEY, SECRET = "AKIABENCHLOAD0000001", "bench-load-secret"


class SetupError(Exception):
    pass


def progress(msg):
    print(f"[compare_moto] {msg}", file=sys.stderr, flush=True)


def find_tool(build, name):
    candidates = [build / "bench" / name, build / "harness" / "cli" / name]
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return c
    raise SetupError(f"{name} not found under {build} (build it: cmake --preset release && "
                     f"cmake --build build/release --target fake_bench serve_load drh)")


def seed_world(rds):
    """The world both sides serve; identical calls for the fake and for moto."""
    rds.create_global_cluster(GlobalClusterIdentifier="orders-global",
                              Engine="aurora-postgresql", EngineVersion="15.4")
    for cid in ("orders-primary", "reporting"):
        extra = {"GlobalClusterIdentifier": "orders-global"} if cid == "orders-primary" else {}
        rds.create_db_cluster(DBClusterIdentifier=cid, Engine="aurora-postgresql",
                              EngineVersion="15.4", MasterUsername="dbadmin",
                              MasterUserPassword="bench-password-1", StorageEncrypted=True,
                              **extra)
    clusters = rds.describe_db_clusters()["DBClusters"]
    if len(clusters) != 2:
        raise SetupError(f"expected 2 clusters after seeding, found {len(clusters)}")


def boto_client(endpoint=None):
    import boto3
    from botocore.config import Config
    return boto3.client("rds", region_name=REGION, endpoint_url=endpoint,
                        aws_access_key_id=KEY, aws_secret_access_key=SECRET,
                        config=Config(retries={"max_attempts": 1}))


def ours_in_process(fake_bench, seconds):
    out = subprocess.run(
        [str(fake_bench), "--benchmark_filter=^BM_DescribeDBClustersInProcess$",
         f"--benchmark_min_time={seconds}", "--benchmark_repetitions=3",
         "--benchmark_report_aggregates_only=true", "--benchmark_format=json"],
        check=True, capture_output=True, text=True).stdout
    for b in json.loads(out)["benchmarks"]:
        if b.get("aggregate_name") == "median":
            return 1e9 / b["cpu_time"] if b["time_unit"] == "ns" else None
    raise SetupError("fake_bench printed no median")


def moto_in_process(seconds):
    try:
        from moto import mock_aws
    except ImportError as e:
        raise SetupError(f"moto is not installed for {sys.executable}: {e}")
    with mock_aws():
        rds = boto_client()
        seed_world(rds)
        rds.describe_db_clusters()  # warm caches on both sides of the mock
        calls, start_cpu = 0, time.process_time()
        deadline = time.perf_counter() + seconds
        while time.perf_counter() < deadline:
            rds.describe_db_clusters()
            calls += 1
        return calls / (time.process_time() - start_cpu)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_http(url, proc, what, timeout=20.0):
    import urllib.request
    import urllib.error
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise SetupError(f"{what} exited with status {proc.returncode} before answering")
        try:
            urllib.request.urlopen(url, timeout=1).read()
            return
        except urllib.error.HTTPError:
            return  # it answers; the status does not matter here
        except OSError:
            time.sleep(0.1)
    raise SetupError(f"{what} did not answer at {url} within {timeout:.0f} s")


@contextlib.contextmanager
def server(cmd, what, url_from_log=None, url=None):
    log = tempfile.TemporaryFile(mode="w+")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT,
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        if url_from_log:
            deadline = time.time() + 20
            while url is None and time.time() < deadline:
                if proc.poll() is not None:
                    break
                log.seek(0)
                m = re.search(url_from_log, log.read())
                url = m.group(1) if m else None
                time.sleep(0.05)
            if url is None:
                log.seek(0)
                raise SetupError(f"{what} did not start: {log.read()[-400:]}")
        wait_http(url, proc, what)
        yield url
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


def load(serve_load, url, seconds, connections=2):
    done = subprocess.run([str(serve_load), "--endpoint", url, "--connections", str(connections),
                           "--seconds", str(seconds), "--mode", "raw", "--region", REGION],
                          capture_output=True, text=True)
    try:
        result = json.loads(done.stdout)
    except json.JSONDecodeError:
        raise SetupError(f"serve_load against {url} printed no result: {done.stderr.strip()}")
    if result["errors"]:
        raise SetupError(f"{result['errors']} of {result['requests']} calls to {url} failed; "
                         f"first: {result['first_error']}")
    return result["rate"]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=str(ROOT / "build" / "release"))
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    seconds = 0.2 if args.smoke else args.seconds
    build = pathlib.Path(args.build)

    try:
        fake_bench = find_tool(build, "fake_bench")
        serve_load = find_tool(build, "serve_load")
        drh = find_tool(build, "drh")
        moto_server = shutil.which("moto_server")
        if not moto_server:
            raise SetupError("moto_server is not on PATH")

        progress(f"in-process: fake_bench for {seconds} s x 3 ...")
        ours_ip = ours_in_process(fake_bench, seconds)
        progress(f"in-process: moto mock_aws for {seconds} s ...")
        moto_ip = moto_in_process(seconds)

        progress("loopback: starting drh serve and moto_server ...")
        port = free_port()
        with server([str(drh), "serve", "--port", "0"], "drh serve",
                    url_from_log=r"listening on (http://\S+)") as drh_url, \
             server([moto_server, "-H", "127.0.0.1", "-p", str(port)], "moto_server",
                    url=f"http://127.0.0.1:{port}") as moto_url:
            for url in (drh_url, moto_url):
                seed_world(boto_client(url))
            progress(f"loopback: drh serve, 2 connections, {seconds} s ...")
            ours_lb = load(serve_load, drh_url, seconds)
            progress(f"loopback: moto_server, 2 connections, {seconds} s ...")
            moto_lb = load(serve_load, moto_url, seconds)
    except (SetupError, subprocess.CalledProcessError) as e:
        print(f"compare_moto: {e}", file=sys.stderr)
        return 2

    rows = [
        ("in-process DescribeDBClusters (calls/s, 1 core)", ours_ip, moto_ip, TARGET_IN_PROCESS),
        ("loopback DescribeDBClusters (req/s, 2 keep-alive conns)", ours_lb, moto_lb,
         TARGET_LOOPBACK),
    ]
    print(f"{'':58} {'drharness':>12} {'moto':>10} {'ratio':>8} {'target':>10}")
    met = True
    for name, ours, theirs, target in rows:
        ok = ours >= target
        met &= ok
        print(f"{name:58} {ours:12,.0f} {theirs:10,.0f} {ours / theirs:7.1f}x "
              f"{target:>10,} {'ok' if ok else 'MISSED'}")
    if args.smoke:
        return 0
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
