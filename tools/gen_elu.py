"""Generates include/actfn/detail/tables/elu_f32.hpp and elu_f64.hpp.

ELU for x <= 0 is alpha (exp(x) - 1) = -alpha a F(a), a = -x, with
F(a) = (1 - exp(-a)) / a in (0, 1]: F varies slowly (|F'/F| <= 1/2), so
    y = fma(-p, f0, -(p W(s) + pe f0)),  p + pe = alpha a exactly,
    F(c + s) = f0 + W(s),  W = s P(s)
keeps the only large rounding for the end; f0 = F(c) is stored to ~2^-35
relative by choosing c (tablegen.accurate_point), so W has no constant term.
The map is the quadratic one with beta < 0 (denser near 0, where F curves).

Run: /usr/bin/python3 tools/gen_elu.py include/actfn/detail/tables
"""
import math, os, sys
import numpy as np
import mpmath as mp
import tablegen as tg
import symtables as st

mp.mp.dps = 40
F32 = dict(alpha=10.0, beta=-0.6, deg=5)
F64 = dict(alpha=5.0, beta=-0.3, deg=11)


def Fd(a):
    a = np.asarray(a, dtype=float)
    return np.where(a == 0, 1.0, -np.expm1(-a) / np.where(a == 0, 1.0, a))


def Fm(a):
    return mp.mpf(1) if a == 0 else -mp.expm1(-a) / a


def accurate_f32(lo, hi):
    """Float c in the middle of [lo, hi] (Sterbenz) with F(c) closest to a float."""
    mid = st.sterbenz_center(lo, hi)
    start = tg.bits_from_float(mid)
    best = None
    for k in range(-3000, 3000):
        c = tg.float_from_bits(start + k)
        if not (lo >= c / 2 and hi <= 2 * c):
            continue
        v = Fm(mp.mpf(c))
        r = tg.round_f32(float(v))
        e = abs((v - r) / v)
        if best is None or e < best[2]:
            best = (c, r, float(e))
    return best


def main(d):
    b = tg.quad_boundaries32(tg.round_f32(F32["alpha"]), tg.round_f32(F32["beta"]), 32)
    rows, worst = [], 0.0
    for i in range(32):
        lo, hi, lo_p, hi_p = st.interval_f32(b, i)
        if i == 0:
            c, f0, acc = 0.0, 1.0, 0.0
        else:
            c, f0, acc = accurate_f32(lo_p, hi_p)
        coef, err = tg.fit_float_poly(lambda a, f0=f0: Fd(a) - f0, lambda a: 1.0 / Fd(a), lo_p, hi_p, c,
                                      list(range(1, F32["deg"] + 1)))
        worst = max(worst, err)
        rows.append((c, f0, [coef[k] for k in range(1, F32["deg"] + 1)]))
        print("elu f32 i=%2d [%.5f, %.5f] c=%.6f f0 err 2^%.1f fit=2^%.1f" %
              (i, lo, hi, c, math.log2(acc) if acc else -99, math.log2(err)), file=sys.stderr)
    write(os.path.join(d, "elu_f32.hpp"), "elu_f32_table", "float", F32, b[32], rows, worst)

    b = tg.quad_boundaries64(F64["alpha"], F64["beta"], 16)
    rows, worst = [], 0.0
    for i in range(16):
        lo, hi = b[i], b[i + 1]
        if i == 0:
            c, f0 = 0.0, 1.0
        else:
            c, f0, acc = tg.accurate_point(Fm, st.sterbenz_center(lo, hi),
                                           valid=lambda c, lo=lo, hi=hi: lo >= c / 2 and hi <= 2 * c)
        coef, err = tg.fit_double_poly(lambda a, f0=f0: Fm(a) - mp.mpf(f0), lambda a: 1 / Fm(a), max(lo, 1e-30), hi, c,
                                       list(range(1, F64["deg"] + 1)), npts=120, rounds=4)
        worst = max(worst, err)
        rows.append((c, f0, [coef[k] for k in range(1, F64["deg"] + 1)]))
        print("elu f64 i=%2d [%.5f, %.5f] c=%.17g fit=2^%.1f" % (i, lo, hi, c, math.log2(err)), file=sys.stderr)
    write(os.path.join(d, "elu_f64.hpp"), "elu_f64_table", "double", F64, b[16], rows, worst)


def write(path, struct, kind, par, bound, rows, worst):
    with open(path, "w") as f:
        st.header(f, "gen_elu.py", ["ELU, %s, 0 <= -x < bound: F(a) = (1 - exp(-a))/a = f0 + s P(s), degree %d," % (kind, par["deg"]),
                                     "worst fit 2^%.1f relative to F." % math.log2(worst)])
        # reuse the symmetric-table layout: d0 holds f0 here
        st.write_table(f, struct, kind, par["alpha"], par["beta"], bound, rows)
        st.footer(f)


if __name__ == "__main__":
    main(sys.argv[1])
