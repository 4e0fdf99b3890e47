#!/usr/bin/env python3
"""Draws docs/accuracy.svg from the CSV actfn_exhaustive --csv writes.

    tools/accuracy_svg.py gelu.csv docs/accuracy.svg

The CSV has one row per x bin: x_lo, x_hi, points, and the largest ULP error
in the bin of each implementation (actfn's gelu through the array API, and the
naive float formulas).  The plot is a step line per implementation on a
logarithmic ULP axis.  Python 3 standard library only, SVG written by hand, so
that it runs on a fresh machine.
"""

import argparse
import csv
import math
import sys

SERIES = [
    # column, legend, colour, dash, width
    ("naive_erf", "0.5f*x*(1+erff(x/sqrtf(2)))", "#d62728", "", 1.6),
    ("naive_erfc", "0.5f*x*erfcf(-x/sqrtf(2))", "#ff9f1c", "6 3", 1.6),
    ("actfn", "actfn::gelu (array API)", "#1f5fbf", "", 2.4),
]


def read_csv(path):
    comment = ""
    rows = []
    with open(path, newline="") as f:
        lines = []
        for line in f:
            if line.startswith("#"):
                comment += line[1:].strip() + " "
            else:
                lines.append(line)
    for row in csv.DictReader(lines):
        rows.append({k: float(v) for k, v in row.items()})
    if not rows:
        sys.exit(f"{path}: no data rows")
    return comment.strip(), rows


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def fmt_pow10(p):
    if p == 0:
        return "1"
    if p == 1:
        return "10"
    return f"10<tspan dy='-6' font-size='9'>{p}</tspan>"


def draw(rows, note, title):
    width, height = 900, 470
    left, right, top, bottom = 74, 20, 46, 108
    pw, ph = width - left - right, height - top - bottom
    x0, x1 = rows[0]["x_lo"], rows[-1]["x_hi"]
    present = [s for s in SERIES if s[0] in rows[0]]
    vmax = max(r[s[0]] for r in rows for s in present)
    ymin_p = -2
    ymax_p = max(1, math.ceil(math.log10(vmax))) if vmax > 0 else 1

    def sx(x):
        return left + (x - x0) / (x1 - x0) * pw

    def sy(v):
        lv = math.log10(v) if v > 0 else ymin_p
        lv = min(max(lv, ymin_p), ymax_p)
        return top + (ymax_p - lv) / (ymax_p - ymin_p) * ph

    out = []
    add = out.append
    add(f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' "
        f"viewBox='0 0 {width} {height}' font-family='DejaVu Sans, Arial, sans-serif' font-size='12'>")
    add(f"<rect width='{width}' height='{height}' fill='white'/>")
    add(f"<text x='{width / 2}' y='24' text-anchor='middle' font-size='15' font-weight='bold'>{esc(title)}</text>")
    # grid and y labels: one line per decade
    for p in range(ymin_p, ymax_p + 1):
        y = sy(10.0 ** p)
        add(f"<line x1='{left}' y1='{y:.1f}' x2='{left + pw}' y2='{y:.1f}' stroke='#e4e4e4'/>")
        add(f"<text x='{left - 8}' y='{y + 4:.1f}' text-anchor='end'>{fmt_pow10(p)}</text>")
    # x ticks: every integer step that gives at most ~14 labels
    span = x1 - x0
    step = next(s for s in (0.5, 1, 2, 5, 10, 20, 50, 100) if span / s <= 14)
    t = math.ceil(x0 / step) * step
    while t <= x1 + 1e-9:
        x = sx(t)
        add(f"<line x1='{x:.1f}' y1='{top}' x2='{x:.1f}' y2='{top + ph}' stroke='#f0f0f0'/>")
        add(f"<line x1='{x:.1f}' y1='{top + ph}' x2='{x:.1f}' y2='{top + ph + 5}' stroke='black'/>")
        add(f"<text x='{x:.1f}' y='{top + ph + 18}' text-anchor='middle'>{t:g}</text>")
        t += step
    # the 1 ULP bound
    y1 = sy(1.0)
    add(f"<line x1='{left}' y1='{y1:.1f}' x2='{left + pw}' y2='{y1:.1f}' stroke='black' stroke-dasharray='4 4'/>")
    add(f"<text x='{left + pw - 4}' y='{y1 - 5:.1f}' text-anchor='end'>1 ULP (the bound)</text>")
    # series as step lines
    for col, label, colour, dash, w in present:
        pts = []
        for r in rows:
            y = sy(r[col])
            pts.append(f"{sx(r['x_lo']):.1f},{y:.1f}")
            pts.append(f"{sx(r['x_hi']):.1f},{y:.1f}")
        dash_attr = f" stroke-dasharray='{dash}'" if dash else ""
        add(f"<polyline fill='none' stroke='{colour}' stroke-width='{w}'{dash_attr} "
            f"stroke-linejoin='round' points='{' '.join(pts)}'/>")
    # frame and axis titles
    add(f"<rect x='{left}' y='{top}' width='{pw}' height='{ph}' fill='none' stroke='black'/>")
    add(f"<text x='{left + pw / 2}' y='{top + ph + 38}' text-anchor='middle'>x</text>")
    add(f"<text transform='translate(18 {top + ph / 2}) rotate(-90)' text-anchor='middle'>"
        f"max ULP error per bin (log scale; below 10<tspan dy='-6' font-size='9'>{ymin_p}</tspan>"
        f"<tspan dy='6'>, drawn at the axis)</tspan></text>")
    # legend
    lx, ly = left + pw - 300, top + 16
    add(f"<rect x='{lx - 8}' y='{ly - 13}' width='300' height='{18 * len(present) + 8}' fill='white' "
        f"fill-opacity='0.9' stroke='#bbbbbb'/>")
    for i, (col, label, colour, dash, w) in enumerate(reversed(present)):
        y = ly + 18 * i
        dash_attr = f" stroke-dasharray='{dash}'" if dash else ""
        add(f"<line x1='{lx}' y1='{y - 4}' x2='{lx + 28}' y2='{y - 4}' stroke='{colour}' stroke-width='{w}'{dash_attr}/>")
        add(f"<text x='{lx + 36}' y='{y}'>{esc(label)}</text>")
    # the run the data came from, wrapped
    words, line, lines = note.split(), "", []
    for wd in words:
        if len(line) + len(wd) + 1 > 140:
            lines.append(line)
            line = wd
        else:
            line = (line + " " + wd).strip()
    if line:
        lines.append(line)
    for i, ln in enumerate(lines[:3]):
        add(f"<text x='{left}' y='{top + ph + 60 + 14 * i}' font-size='10' fill='#555555'>{esc(ln)}</text>")
    add("</svg>")
    return "\n".join(out) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("csv", help="the CSV written by actfn_exhaustive --csv")
    ap.add_argument("svg", help="the SVG to write (docs/accuracy.svg)")
    ap.add_argument("--title", default="Float GELU: largest ULP error against x, exact GELU vs the naive formulas")
    args = ap.parse_args()
    comment, rows = read_csv(args.csv)
    note = "Data: " + comment if comment else ""
    with open(args.svg, "w") as f:
        f.write(draw(rows, note, args.title))


if __name__ == "__main__":
    main()
