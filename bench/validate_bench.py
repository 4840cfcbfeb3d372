#!/usr/bin/env python3
"""drh validate of seed stack 000: in process against moto_server, and concurrent against
sequential under injected latency, all measured in the same run.

Usage: bench/validate_bench.py [--build DIR] [--runs N] [--smoke]

  in-process   cold: `drh validate --outputs o.json --stack 000` on the world `drh up --stack
               000` saved (the in-process fake; Lambda and DynamoDB left out, as on the
               moto side, so both build the same stack), a fresh process each run, median
               of N runs: the whole command's wall time, process start included (target:
               < 100 ms), and the checks' own time, which the JSON report gives as
               checks_seconds. Warm: bench/validate_checks_bench (Google Benchmark), the
               same stack and checks in a running process, as the GoogleTest suites run
               them.
  moto         the same validation through moto_server on loopback (the stack built there
               with `drh up --target`): the checks' time from the same JSON report, median
               of N runs. Target: the in-process validation, warm, at least 100x faster.
               moto_server is warm by then too (a long-lived server); the cold ratio,
               where each in-process run also pays a fresh process's first touch of its
               code, is printed beside it.
  latency      the same validation through `drh serve` with 50 ms of latency injected on
               every call (a latency fault; drh serve's clock follows real time, so the
               wait is real), with --concurrency 1 and with the default. Target: the
               concurrent run at most a quarter of the sequential one.

Takes drh from --build (default build/release: figures from sanitizer builds mean
nothing). --smoke runs each part once and checks only that it ran (used by ctest).
Exit status: 0 targets met (or smoke ran), 1 a target missed, 2 setup errors.
"""

import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parent))
from compare_moto import SetupError, free_port, server  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parent.parent
STACK = "000"
TARGET_IN_PROCESS_MS = 100
TARGET_RATIO = 100
TARGET_CONCURRENCY = 4
LATENCY_MS = 50
TIME_SCALE = 60
# What moto_server cannot build; left out on both sides so both validate the same stack.
SKIPPED = ["--skip", "lambda", "--skip", "dynamodb"]


def progress(msg):
    print(f"[validate_bench] {msg}", file=sys.stderr, flush=True)


def run(drh, args, env, check=True):
    started = time.perf_counter()
    done = subprocess.run([str(drh)] + args, capture_output=True, text=True, env=env)
    elapsed = (time.perf_counter() - started) * 1000
    if check and done.returncode not in (0, 1):
        raise SetupError(f"drh {' '.join(args)} exited {done.returncode}: {done.stderr[-600:]}")
    return elapsed, done


def summary_line(done):
    lines = [l for l in done.stdout.splitlines() if " passed, " in l]
    return lines[-1] if lines else "(no summary)"


def timed_validations(drh, args, env, runs, report):
    """Median wall ms of the whole command and median ms of its checks (from --json)."""
    walls, checks = [], []
    last = None
    for _ in range(runs):
        ms, last = run(drh, args + ["--json", str(report)], env)
        walls.append(ms)
        checks.append(json.loads(report.read_text())["checks_seconds"] * 1000)
    return statistics.median(walls), statistics.median(checks), last


def warm_validation_ms(build, smoke):
    """Mean ms of one validation from bench/validate_checks_bench (Google Benchmark)."""
    binary = build / "bench" / "validate_checks_bench"
    if not binary.is_file():
        raise SetupError(f"no {binary}: build the release preset (it builds the benchmarks)")
    done = subprocess.run([str(binary), "--benchmark_format=json",
                           f"--benchmark_min_time={0.001 if smoke else 1.0}"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise SetupError(f"{binary.name} exited {done.returncode}: {done.stderr[-600:]}")
    bench = json.loads(done.stdout)["benchmarks"][0]
    if bench.get("error_occurred"):
        raise SetupError(f"{binary.name}: {bench.get('error_message')}")
    scale = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[bench["time_unit"]]
    return bench["real_time"] * scale


def post(url, path, body):
    req = urllib.request.Request(url + path, data=json.dumps(body).encode(), method="POST",
                                 headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(req, timeout=10).read())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--build", default=str(ROOT / "build" / "release"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args()
    runs = 1 if args.smoke else args.runs
    drh = pathlib.Path(args.build) / "harness" / "cli" / "drh"
    if not drh.is_file():
        raise SetupError(f"no drh at {drh}: build the release preset first")
    moto = shutil.which("moto_server")
    if not moto:
        raise SetupError("moto_server is not on PATH")

    work = pathlib.Path(tempfile.mkdtemp(prefix="drh-validate-bench-"))
    env = dict(os.environ, DRH_HOME=str(work / "fake"), AWS_ACCESS_KEY_ID="AKIABENCHVALIDATE001",
               AWS_SECRET_ACCESS_KEY="bench-secret", AWS_REGION="us-east-1")
    for k in [k for k in env if k.startswith("AWS_ENDPOINT_URL")]:
        del env[k]
    try:
        # In process: the world drh up saved, validated by a fresh process each time.
        outputs = work / "fake-outputs.json"
        run(drh, ["up", "--stack", STACK] + SKIPPED +
            ["--write-outputs", str(outputs), "--quiet"], env)
        progress(f"in-process: {runs} runs of drh validate --outputs ... --stack {STACK}")
        in_ms, in_checks_ms, done = timed_validations(
            drh, ["validate", "--outputs", str(outputs), "--stack", STACK], env, runs,
            work / "in-process.json")
        progress(f"  {in_ms:.1f} ms median wall, checks {in_checks_ms:.2f} ms; "
                 f"{summary_line(done)}")
        warm_ms = warm_validation_ms(pathlib.Path(args.build), args.smoke)
        progress(f"  warm, in a running process: {warm_ms:.3f} ms per validation")

        # moto_server: the same stack and validation over loopback.
        port = free_port()
        with server([moto, "-H", "127.0.0.1", "-p", str(port)], "moto_server",
                    url=f"http://127.0.0.1:{port}") as url:
            menv = dict(env, DRH_HOME=str(work / "moto"))
            moto_outputs = work / "moto-outputs.json"
            run(drh, ["up", "--stack", STACK, "--target", url] + SKIPPED +
                ["--write-outputs", str(moto_outputs), "--quiet"], menv)
            progress(f"moto: {runs} runs through moto_server")
            moto_ms, moto_checks_ms, done = timed_validations(
                drh, ["validate", "--outputs", str(moto_outputs), "--target", url, "--stack",
                      STACK], menv, runs, work / "moto.json")
            progress(f"  {moto_ms:.1f} ms median wall, checks {moto_checks_ms:.2f} ms; "
                     f"{summary_line(done)}")

        # Latency: drh serve on a real-time clock, 50 ms added to every call.
        # Virtual time runs 60x faster than real time so drh up's waits stay short; a
        # latency fault then waits latency/60 of real time, so it is injected 60x larger.
        # The latency stands for the network, so the server must not queue calls behind it:
        # enough worker threads that each call waits alone, as AWS's endpoints do.
        with server([str(drh), "serve", "--port", "0", "--time-scale", str(TIME_SCALE),
                     "--threads", "32"], "drh serve",
                    url_from_log=r"listening on (http://[0-9.:]+)") as url:
            senv = dict(env, DRH_HOME=str(work / "serve"))
            serve_outputs = work / "serve-outputs.json"
            run(drh, ["up", "--stack", STACK, "--target", url, "--write-outputs",
                      str(serve_outputs), "--quiet"], senv)
            post(url, "/_drh/faults", {"kind": "latency", "latency_ms": LATENCY_MS * TIME_SCALE})
            common = ["validate", "--outputs", str(serve_outputs), "--target", url, "--stack", STACK]
            progress(f"latency {LATENCY_MS} ms/call: sequential (--concurrency 1)")
            seq_ms, done = run(drh, common + ["--concurrency", "1"], senv)
            progress(f"  {seq_ms:.0f} ms; {summary_line(done)}")
            progress("latency: concurrent (the default --concurrency)")
            conc_ms, done = run(drh, common, senv)
            progress(f"  {conc_ms:.0f} ms; {summary_line(done)}")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    ratio = moto_checks_ms / warm_ms if warm_ms > 0 else 0
    cold_ratio = moto_checks_ms / in_checks_ms if in_checks_ms > 0 else 0
    wall_ratio = moto_ms / in_ms if in_ms > 0 else 0
    speedup = seq_ms / conc_ms if conc_ms > 0 else 0
    checks = [
        ("in-process validation, wall incl. process start", f"{in_ms:.1f} ms", f"< {TARGET_IN_PROCESS_MS} ms",
         in_ms < TARGET_IN_PROCESS_MS),
        ("in-process validation, the checks, cold process", f"{in_checks_ms:.2f} ms", "", True),
        ("in-process validation, warm process", f"{warm_ms:.3f} ms", "", True),
        ("moto_server validation, wall incl. process start", f"{moto_ms:.1f} ms", "", True),
        ("moto_server validation, the checks", f"{moto_checks_ms:.2f} ms", "", True),
        ("in-process (warm) vs moto, the checks", f"{ratio:.1f}x", f">= {TARGET_RATIO}x",
         ratio >= TARGET_RATIO),
        ("in-process (cold) vs moto, the checks", f"{cold_ratio:.1f}x", "", True),
        ("in-process vs moto, wall of the command", f"{wall_ratio:.1f}x", "", True),
        (f"{LATENCY_MS} ms/call, sequential", f"{seq_ms:.0f} ms", "", True),
        (f"{LATENCY_MS} ms/call, concurrent", f"{conc_ms:.0f} ms", "", True),
        ("sequential / concurrent", f"{speedup:.1f}x", f">= {TARGET_CONCURRENCY}x", speedup >= TARGET_CONCURRENCY),
    ]
    for what, value, target, ok in checks:
        verdict = "" if not target else ("ok" if ok else "MISSED")
        print(f"{what:<50} {value:>12}  {target:<10} {verdict}")
    if args.smoke:
        return 0
    return 0 if all(ok for *_, ok in checks) else 1


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SetupError as e:
        print(f"validate_bench: {e}", file=sys.stderr)
        sys.exit(2)
