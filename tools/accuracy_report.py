#!/usr/bin/env python3
"""Regenerates the README's accuracy table and docs/accuracy.svg in one go.

    python3 tools/accuracy_report.py                       # build/ , all 2^32 inputs (~30 min)
    python3 tools/accuracy_report.py --checker PATH --extra=--sampled   # quick look

Runs actfn_exhaustive (every float kernel on all 2^32 inputs unless --extra
says otherwise), puts its Markdown table between the README markers

    <!-- accuracy-table:begin -->
    <!-- accuracy-table:end -->

and draws docs/accuracy.svg from the checker's gelu CSV with
tools/accuracy_svg.py.  Python 3 standard library only.  Exit status: the
checker's (1 when a bound is broken: the table is still written, with the
failing rows marked).
"""

import argparse
import os
import re
import subprocess
import sys

BEGIN = "<!-- accuracy-table:begin -->"
END = "<!-- accuracy-table:end -->"
HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--checker", default=os.path.join(ROOT, "build", "tests", "exhaustive", "actfn_exhaustive"))
    ap.add_argument("--readme", default=os.path.join(ROOT, "README.md"))
    ap.add_argument("--svg", default=os.path.join(ROOT, "docs", "accuracy.svg"))
    ap.add_argument("--work", default=None, help="directory for the checker's files (default: beside the checker)")
    ap.add_argument("--threads", default="2")
    ap.add_argument("--extra", action="append", default=[], help="more checker arguments (e.g. --extra=--sampled)")
    args = ap.parse_args()

    if not os.path.exists(args.checker):
        sys.exit(f"{args.checker} not found: build it first (cmake --build build --target actfn_exhaustive)")
    work = args.work or os.path.join(os.path.dirname(os.path.abspath(args.checker)), "report")
    os.makedirs(work, exist_ok=True)
    table = os.path.join(work, "table.md")
    gelu_csv = os.path.join(work, "gelu.csv")
    sums = os.path.join(work, "checksums.txt")
    cmd = [args.checker, "--threads", args.threads, "--markdown", table, "--csv", gelu_csv,
           "--checksums-out", sums] + args.extra
    print("running:", " ".join(cmd), flush=True)
    proc = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
    sys.stdout.write(proc.stdout)
    if proc.returncode not in (0, 1):
        sys.exit(f"actfn_exhaustive failed with status {proc.returncode}: README and SVG left alone")

    with open(table) as f:
        text = f.read().rstrip() + "\n"
    m = re.search(r"^time: ([0-9.]+) s .*?, (\d+) threads", proc.stdout, re.M)
    if m:
        minutes = float(m.group(1)) / 60
        text += (f"\nRun time: {minutes:.1f} min with {m.group(2)} threads "
                 f"(`python3 tools/accuracy_report.py` regenerates this table and docs/accuracy.svg).\n")

    try:
        with open(args.readme) as f:
            readme = f.read()
    except OSError:
        readme = ""
    if BEGIN in readme and END in readme and readme.index(BEGIN) < readme.index(END):
        head, rest = readme.split(BEGIN, 1)
        _, tail = rest.split(END, 1)
        with open(args.readme, "w") as f:
            f.write(head + BEGIN + "\n" + text + END + tail)
        print(f"updated the table in {args.readme}")
    else:
        print(f"{args.readme} has no '{BEGIN}' ... '{END}' markers: the table is in {table}")

    os.makedirs(os.path.dirname(os.path.abspath(args.svg)), exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "accuracy_svg.py"), gelu_csv, args.svg], check=True)
    print(f"wrote {args.svg}")
    return proc.returncode


if __name__ == "__main__":
    sys.exit(main())
