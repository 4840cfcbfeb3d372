#!/usr/bin/env python3
"""The drill report as a person sees it: drill.svg drawn by a real browser, drill.md naming
the measured RTO and RPO.

Runs `drh drill --drill NAME --stack ID --report-dir DIR` on the in-process fake, then
 - renders drill.svg in headless Chromium (Debian's package, /usr/bin/chromium) to a PNG,
   decodes the PNG here (zlib only) and checks it has the SVG's size, is not blank, and
   shows each phase bar's colour over about the area the SVG gives the bars;
 - checks drill.md states the RTO and RPO that drill.json measured, as the report writes
   figures (one decimal), with the targets and whether they were met.

Exit 0 passed, 1 failed, 77 skipped (only when DRH_SKIP_BROWSER_TESTS=1 and no Chromium).
Usage: render_report.py --drh PATH --drill NAME --stack ID [--keep DIR]
"""

import argparse
import json
import os
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
import zlib

SKIP = 77
CHROMIUM_TIMEOUT_S = 30
SVG_NS = "{http://www.w3.org/2000/svg}"
# The phase bars' fills in harness/drill/report.cc: within the RTO budget, beyond it.
BAR_COLOURS = {"#5b9bd5": (0x5B, 0x9B, 0xD5), "#d9534f": (0xD9, 0x53, 0x4F)}


class Failure(Exception):
    pass


def check(cond, message):
    if not cond:
        raise Failure(message)


def find_chromium():
    explicit = os.environ.get("DRH_CHROMIUM")
    if explicit:
        return explicit if os.access(explicit, os.X_OK) else None
    for name in ("chromium", "chromium-browser"):
        path = shutil.which(name)
        if path:
            return path
    return None


def run_drill(drh, drill, stack, work):
    """Runs the drill on the fake in a clean environment; returns the report directory."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    home = os.path.join(work, "home")
    os.makedirs(home)
    env.update(HOME=home, DRH_HOME=home)
    report_dir = os.path.join(work, "report")
    cmd = [drh, "drill", "--drill", drill, "--stack", stack, "--report-dir", report_dir]
    r = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=60)
    check(r.returncode == 0,
          f"{' '.join(cmd)} exited {r.returncode}\nstdout:\n{r.stdout}\nstderr:\n{r.stderr}")
    for name in ("drill.json", "drill.md", "drill.svg"):
        check(os.path.isfile(os.path.join(report_dir, name)), f"drh wrote no {name} in {report_dir}")
    return report_dir


def fig(seconds):
    """A figure as report.cc writes it in drill.md and drill.svg ("%.1f")."""
    return f"{seconds:.1f}"


def check_markdown(report_dir):
    """drill.md names the RTO and RPO that drill.json measured, with targets and verdicts."""
    with open(os.path.join(report_dir, "drill.json"), encoding="utf-8") as f:
        doc = json.load(f)
    with open(os.path.join(report_dir, "drill.md"), encoding="utf-8") as f:
        md = f.read()
    rto = doc["targets"]["rto"]
    rpo = doc["targets"]["rpo"]
    check(isinstance(rto["measured_seconds"], (int, float)),
          f"drill.json has no measured RTO: {rto}")

    def met(x):
        return "met" if x["met"] else "missed"

    rto_text = f"{fig(rto['measured_seconds'])} s (target {rto['target_seconds']} s: {met(rto)})"
    if rpo["measured_seconds"] is None and rpo["lost_commits"] is None:
        # A drill that loses no data by design (dns-failover) measures no RPO: the report
        # says so rather than showing a figure.
        rpo_text = f"not measured (target {rpo['target_seconds']} s)"
    else:
        if rpo["measured_seconds"] is not None:
            rpo_text = f"{fig(rpo['measured_seconds'])} s"
        else:
            rpo_text = "unknown seconds"
        if rpo["lost_commits"] is not None:
            rpo_text += f", {rpo['lost_commits']:.0f} commit(s) lost"
        rpo_text += f" (target {rpo['target_seconds']} s: {met(rpo)})"

    verdict = "PASSED" if doc["verdict"] == "passed" else "FAILED"
    headline = f"**{verdict}**: RTO {rto_text}; RPO {rpo_text}."
    check(headline in md, f"drill.md lacks the headline {headline!r}:\n{md}")
    check(f"| **total (RTO)** | | **{fig(rto['measured_seconds'])}** |" in md,
          f"drill.md's phase table lacks the RTO total {fig(rto['measured_seconds'])}:\n{md}")
    check(f"## RPO\n\n{rpo_text}.\n" in md, f"drill.md's RPO section lacks {rpo_text!r}:\n{md}")
    # The RTO is the phases end to end: the table lists each of them.
    for p in doc["phases"]:
        check(f"| {p['name']} | {p['start']} | {fig(p['seconds'])} |" in md,
              f"drill.md's phase table lacks {p['name']} ({fig(p['seconds'])} s):\n{md}")
    return doc, rto_text, rpo_text


def svg_facts(svg_path):
    """The SVG's size and, per bar colour, the pixel area its phase bars cover."""
    root = ET.parse(svg_path).getroot()
    check(root.tag == SVG_NS + "svg", f"{svg_path}: root element is {root.tag}, not svg")
    width, height = int(root.get("width")), int(root.get("height"))
    areas = {}
    for rect in root.iter(SVG_NS + "rect"):
        fill = rect.get("fill", "").lower()
        if fill in BAR_COLOURS:
            areas[fill] = areas.get(fill, 0.0) + float(rect.get("width")) * float(rect.get("height"))
    return width, height, areas


def decode_png(data):
    """(width, height, rows of RGB(A) tuples) for an 8-bit RGB or RGBA PNG, using zlib only."""
    check(data[:8] == b"\x89PNG\r\n\x1a\n", "the screenshot is not a PNG")
    pos, idat, ihdr = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            ihdr = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    check(ihdr is not None, "the PNG has no IHDR")
    width, height, depth, colour, _, _, interlace = ihdr
    check(depth == 8 and colour in (2, 6) and interlace == 0,
          f"unexpected PNG format: depth {depth}, colour type {colour}, interlace {interlace}")
    bpp = 4 if colour == 6 else 3
    raw = zlib.decompress(b"".join(idat))
    stride = width * bpp
    check(len(raw) == height * (stride + 1), "the PNG's image data has the wrong length")
    rows, prev = [], bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        ftype = raw[start]
        line = bytearray(raw[start + 1:start + 1 + stride])
        if ftype == 1:
            for i in range(bpp, stride):
                line[i] = (line[i] + line[i - bpp]) & 0xFF
        elif ftype == 2:
            for i in range(stride):
                line[i] = (line[i] + prev[i]) & 0xFF
        elif ftype == 3:
            for i in range(stride):
                left = line[i - bpp] if i >= bpp else 0
                line[i] = (line[i] + ((left + prev[i]) >> 1)) & 0xFF
        elif ftype == 4:
            for i in range(stride):
                a = line[i - bpp] if i >= bpp else 0
                b = prev[i]
                c = prev[i - bpp] if i >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pred = a if pa <= pb and pa <= pc else (b if pb <= pc else c)
                line[i] = (line[i] + pred) & 0xFF
        else:
            check(ftype == 0, f"unknown PNG filter {ftype}")
        rows.append(bytes(line))
        prev = line
    return width, height, bpp, rows


def render(chromium, svg_path, width, height, work):
    """Screenshots the SVG in headless Chromium at its own size; returns the PNG's bytes."""
    png = os.path.join(work, "drill.png")
    profile = os.path.join(work, "chromium-profile")
    cmd = [
        chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        f"--user-data-dir={profile}", "--no-first-run", "--no-default-browser-check",
        "--disable-extensions", "--disable-sync", "--disable-background-networking",
        "--disable-component-update", "--disable-default-apps", "--mute-audio",
        "--metrics-recording-only", "--hide-scrollbars", "--force-device-scale-factor=1",
        # No network: every host name fails to resolve (the SVG is a local file).
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
        f"--window-size={width},{height}", f"--screenshot={png}",
        "file://" + os.path.abspath(svg_path),
    ]
    env = dict(os.environ, HOME=work, XDG_CONFIG_HOME=os.path.join(work, "xdg-config"),
               XDG_CACHE_HOME=os.path.join(work, "xdg-cache"))
    # Its own process group, so a hung browser is ended with every child it started.
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, start_new_session=True)
    try:
        out, _ = proc.communicate(timeout=CHROMIUM_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        out, _ = proc.communicate()
        raise Failure(f"chromium did not finish within {CHROMIUM_TIMEOUT_S} s:\n{out}")
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    check(proc.returncode == 0 and os.path.isfile(png),
          f"chromium exited {proc.returncode} without a screenshot at {png}:\n{out}")
    with open(png, "rb") as f:
        return f.read()


def check_render(data, width, height, areas):
    w, h, bpp, rows = decode_png(data)
    check((w, h) == (width, height), f"the screenshot is {w}x{h}, the SVG {width}x{height}")
    counts = {fill: 0 for fill in BAR_COLOURS}
    not_white = 0
    targets = {fill: bytes(rgb) for fill, rgb in BAR_COLOURS.items()}
    for row in rows:
        for x in range(0, w * bpp, bpp):
            px = row[x:x + 3]
            if px != b"\xff\xff\xff":
                not_white += 1
                for fill, rgb in targets.items():
                    if all(abs(px[i] - rgb[i]) <= 8 for i in range(3)):
                        counts[fill] += 1
    check(not_white > 0, "the screenshot is blank (all white)")
    check(not_white < w * h * 0.9, "the screenshot is nearly all one non-white colour")
    check(areas, "the SVG has no phase bar to look for")
    for fill, area in areas.items():
        # Anti-aliased edges blend into white: most of the bar, never more than it.
        check(area * 0.8 <= counts[fill] <= area + 2 * (w + h),
              f"phase bars {fill}: the SVG gives {area:.0f} px, the screenshot shows "
              f"{counts[fill]} px of that colour")
    return counts, not_white


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--drh", required=True)
    ap.add_argument("--drill", required=True)
    ap.add_argument("--stack", default="003")
    ap.add_argument("--keep", help="copy drill.svg, drill.md and the screenshot here")
    args = ap.parse_args()

    chromium = find_chromium()
    if chromium is None:
        if os.environ.get("DRH_SKIP_BROWSER_TESTS") == "1":
            print("SKIPPED: no chromium, and DRH_SKIP_BROWSER_TESTS=1")
            return SKIP
        print("FAILED: chromium (Debian's package, /usr/bin/chromium) is not installed, so the "
              "drill report cannot be rendered. Run ci/setup.sh to install it, or set "
              "DRH_SKIP_BROWSER_TESTS=1 to skip browser tests.", file=sys.stderr)
        return 1

    t0 = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="drh-render-") as work:
        try:
            report_dir = run_drill(args.drh, args.drill, args.stack, work)
            doc, rto_text, rpo_text = check_markdown(report_dir)
            svg = os.path.join(report_dir, "drill.svg")
            width, height, areas = svg_facts(svg)
            t1 = time.monotonic()
            data = render(chromium, svg, width, height, work)
            t2 = time.monotonic()
            counts, not_white = check_render(data, width, height, areas)
        finally:
            if args.keep:
                os.makedirs(args.keep, exist_ok=True)
                for name in ("report/drill.svg", "report/drill.md", "report/drill.json", "drill.png"):
                    if os.path.exists(os.path.join(work, name)):
                        shutil.copy(os.path.join(work, name), args.keep)
        print(f"drill {doc['drill']} ({doc['verdict']}): drill.md names RTO {rto_text} "
              f"and RPO {rpo_text}")
        print(f"rendered by {chromium} in {t2 - t1:.1f} s: {width}x{height}, "
              f"{not_white} non-white px, bars {counts} (SVG areas "
              f"{ {k: round(v) for k, v in areas.items()} })")
        print(f"render_report: passed in {time.monotonic() - t0:.1f} s")
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Failure as e:
        print(f"FAILED: {e}", file=sys.stderr)
        sys.exit(1)
