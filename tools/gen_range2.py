"""Generates the second-range tables of the float kernels,
include/actfn/detail/tables/<name>_range2_f32.hpp: 32 more intervals that
take over where a kernel's first table ends (|x| >= its bound, `start`) up to
a second bound, so that the lanes there are evaluated in float from a table
instead of by the tail in double (about four times the operations).

Form, for y = x R(x) with R(x) + R(-x) = 1 and for its derivative g, with
g(x) + g(-x) = 1; a = |x|, Rn(a) = R(-a), D(a) = g(-a):
    forward:    t = fma(a, c0, V(s)),  V ~ a (Rn(a) - c0);  y = -t (x < 0), x - t (x > 0)
    derivative: t = c0 + W(s),         W ~ D(a) - c0;       g = t (x < 0), 1 - t (x > 0)
s = a - c is exact (Sterbenz), V = s P(s) and W = s P(s) have no constant
term: c0 is a float within ~2^-40 relative of Rn(c) (D(c)), found by trying
every float c in the middle of the interval.  Unlike the first tables' c0
(a multiple of 2^-24, so that 1 - c0 is exact), c0 can be any float: the
positive side subtracts t from x (or 1) instead of using an exact base, and
there t < 2^-13 |y|, so its rounding is invisible.  On the negative side t is
the result: a c0 is exact inside the FMA, and V's rounding costs |V/t| ulp at
most.  Hence the interval widths: |V/t| ~ exp(L h) - 1 with L = |d log Rn /
da| (|d log |D| / da|) and h the half width, kept at L h <= kappa = 0.2
(|V/t| <= 0.26, fit error <= 2^-29.6; kappa 0.28 and 0.22 for tanh-GELU and
its derivative, |V/t| <= 0.36, so that they reach |x| = 6) by an index map
    index = round(a (alpha + beta a)) + gamma     (gamma an integer)
whose density alpha + 2 beta a follows L(a) / (2 kappa): the chord of L over
the range.  32 intervals then reach 6.2 (gelu), 6.0 (tanh-GELU), 11.4
(QuickGELU at 1.702), 19.4 (SiLU); the derivatives a little further.

saturate: from there on the positive side's result is x (forward) or 1
(derivative) for every float, checked here float by float (in double, with
mpmath where a value lies near a rounding boundary); the kernels give that
limit beyond the second bound, which must be >= saturate.

Run: /usr/bin/python3 tools/gen_range2.py include/actfn/detail/tables
(needs python3-numpy, python3-scipy, python3-mpmath).
"""
import math, os, re, sys
import numpy as np
import mpmath as mp
import tablegen as tg
import symtables as st
import gen_gelu
import gen_gelu_tanh
import gen_sigmoid

mp.mp.dps = 40
N = 32
KAPPA = 0.2
# Per kernel, where 0.2 leaves the second range short of |x| = 6 (the
# bench's U[-6, 6]): a wider map, a larger |V/t| (checked below).
KAPPA_OF = {"gelu_tanh": 0.28, "gelu_tanh_grad": 0.22}


def log_slope(F, a):
    """|d log |F| / da| by central differences (double)."""
    a = np.asarray(a, dtype=float)
    h = 1e-5 * a
    return np.abs(np.log(np.abs(F(a + h))) - np.log(np.abs(F(a - h)))) / (2 * h)


def choose_map(F, start, kappa=KAPPA):
    """alpha, beta, gamma and the planned end of a map whose density follows
    L(a) / (2 kappa) along the chord of L over [start, end]."""
    def plan(end):
        l0, l1 = log_slope(F, start) / (2 * kappa), log_slope(F, end) / (2 * kappa)
        v = (l1 - l0) / (end - start)  # density u + v a
        u = l0 - v * start
        return u, v / 2
    lo, hi = start, 4 * start
    for _ in range(60):  # the end where the map has advanced 31.5 intervals
        m = (lo + hi) / 2
        alpha, beta = plan(m)
        f = lambda a: a * (alpha + beta * a)
        if f(m) - f(start) < N - 0.5:
            lo = m
        else:
            hi = m
    alpha, beta = plan(lo)
    alpha, beta = tg.round_f32(alpha), tg.round_f32(beta)
    gamma = -int(round(start * (alpha + beta * start)))
    return alpha, beta, gamma


def index32(a, alpha, beta, shift):
    t = tg.fma32(a, tg.fma32(a, beta, alpha), shift)
    return tg.bits_from_float(t) - tg.bits_from_float(tg.SHIFT32)


def boundaries(alpha, beta, shift, start):
    """First float whose index is k, k = 0..N (N: past the table)."""
    res = []
    for k in range(N + 1):
        lo, hi = tg.bits_from_float(start), tg.bits_from_float(8 * start)
        while lo < hi:
            m = (lo + hi) // 2
            if index32(tg.float_from_bits(m), alpha, beta, shift) >= k:
                hi = m
            else:
                lo = m + 1
        res.append(tg.float_from_bits(lo))
    assert index32(start, alpha, beta, shift) == 0, "start must map to interval 0"
    return res


def floats_between(lo, hi):
    return np.arange(tg.bits_from_float(lo), tg.bits_from_float(hi) + 1, dtype=np.int32).view(np.float32).astype(float)


def choose_center(F, F_mp, lo, hi):
    """Float c in the middle of [lo, hi] (Sterbenz-safe) where F(c) is nearest
    a float c0, relatively; checked with mpmath."""
    w = hi - lo
    m_lo, m_hi = max(lo + 0.45 * w, hi / 2), min(lo + 0.55 * w, 2 * lo)
    cs = floats_between(tg.round_f32(m_lo), tg.round_f32(m_hi))
    vals = F(cs)
    c0s = vals.astype(np.float32).astype(float)
    cost = np.abs(vals - c0s) / np.abs(vals)
    best = np.argsort(cost)[:8]
    out = None
    for j in best:  # the best few by double, decided by mpmath
        c, c0 = float(cs[j]), float(c0s[j])
        exact = F_mp(mp.mpf(c))
        rel = float(abs(exact - c0) / abs(exact))
        if out is None or rel < out[2]:
            out = (c, c0, rel)
    return out


def fit_table(F, F_mp, derivative, start, deg, name):
    alpha, beta, gamma = choose_map(F, start, KAPPA_OF.get(name, KAPPA))
    shift = tg.SHIFT32 + gamma
    assert tg.round_f32(shift) == shift
    b = boundaries(alpha, beta, shift, start)
    rows, worst_fit, worst_ratio, worst_center = [], 0.0, 0.0, 0.0
    for k in range(N):
        lo, hi = b[k], tg.next_float32(b[k + 1], -1)
        lo_p, hi_p = tg.next_float32(lo, -4), tg.next_float32(hi, 4)
        c, c0, rel = choose_center(F, F_mp, lo_p, hi_p)
        assert lo_p >= c / 2 and hi_p <= 2 * c
        if derivative:
            func = lambda a, c0=c0: F(a) - c0
            weight = lambda a: 1.0 / np.abs(F(a))
        else:
            func = lambda a, c0=c0: a * (F(a) - c0)
            weight = lambda a: 1.0 / np.abs(a * F(a))
        coef, err = tg.fit_float_poly(func, weight, lo_p, hi_p, c, list(range(1, deg + 1)), unrounded=(1,))
        p1_hi = tg.round_f32(coef[1])
        coef[1], p1_lo = p1_hi, tg.round_f32(coef[1] - p1_hi)
        a2 = np.linspace(lo_p, hi_p, 4000)
        ratio = float(np.max(np.abs(func(a2)) * weight(a2)))
        worst_fit, worst_ratio, worst_center = max(worst_fit, err), max(worst_ratio, ratio), max(worst_center, rel)
        rows.append((c, c0, [coef[j] for j in range(1, deg + 1)], p1_lo))
        print("%s k=%2d [%.5f, %.5f] c=%.7f c0 rel 2^%.1f fit 2^%.1f |V/t| %.3f" %
              (name, k, lo, hi, c, math.log2(max(rel, 1e-300)), math.log2(err), ratio), file=sys.stderr)
    return dict(alpha=alpha, beta=beta, shift=shift, bound=b[N], rows=rows,
                fit=worst_fit, ratio=worst_ratio, center=worst_center)


def saturation(F, F_mp, derivative, start, end):
    """The smallest float s such that, for every float a in [s, end), the
    positive side's exact result (a - a F(a), or 1 - F(a)) rounds to its limit
    a (1).  Decided in double where the margin is clear, by mpmath otherwise."""
    a = floats_between(start, end)
    if derivative:
        excess = np.abs(F(a))              # g = 1 + |D|: rounds to 1 below 2^-24
        half = np.full_like(a, 2.0**-24)
    else:
        excess = a * F(a)                  # y = a - a Rn(a): rounds to a below half the gap under a
        below = np.nextafter(a.astype(np.float32), np.float32(0)).astype(float)
        half = (a - below) / 2
    ok = excess < half * (1 - 1e-6)
    unsure = np.abs(excess - half) <= half * 1e-6
    for j in np.nonzero(unsure)[0]:
        x = mp.mpf(float(a[j]))
        exact = 1 - F_mp(x) if derivative else x - x * F_mp(x)
        ok[j] = tg.round_f32(float(exact)) == (1.0 if derivative else float(a[j]))
    bad = np.nonzero(~ok)[0]
    return float(a[bad[-1] + 1]) if len(bad) else float(a[0])


def first_bound(d, header):
    text = open(os.path.join(d, header)).read()
    return float(re.search(r"static constexpr float bound = ([0-9.e+-]+)f;", text).group(1))


def quick(alpha):
    al = tg.round_f32(alpha)
    am = mp.mpf(al)
    return (lambda a: gen_sigmoid.Sd(al * np.asarray(a, dtype=float)),
            lambda a: gen_sigmoid.Sm(am * a),
            lambda a: gen_sigmoid.Dd(al * np.asarray(a, dtype=float)),
            lambda a: gen_sigmoid.Dm(am * a))


QG = quick(1.702)
SILU = quick(1.0)

SPECS = [
    # file name, struct, first table's header, F, F_mp, derivative, degree
    ("gelu", "gelu_f32.hpp", gen_gelu.Qd, gen_gelu.Qm, False, 6),
    ("gelu_grad", "gelu_grad_f32.hpp", gen_gelu.Dd, gen_gelu.Dm, True, 6),
    ("gelu_tanh", "gelu_tanh_f32.hpp", gen_gelu_tanh.Rnd, gen_gelu_tanh.Rnm, False, 6),
    ("gelu_tanh_grad", "gelu_tanh_grad_f32.hpp", gen_gelu_tanh.Dd, gen_gelu_tanh.Dm, True, 6),
    ("quick_gelu_default", "quick_gelu_default_f32.hpp", QG[0], QG[1], False, 6),
    ("quick_gelu_default_grad", "quick_gelu_default_grad_f32.hpp", QG[2], QG[3], True, 6),
    ("silu", "silu_f32.hpp", SILU[0], SILU[1], False, 6),
    ("silu_grad", "sigmoid_grad_f32.hpp", SILU[2], SILU[3], True, 6),
]


def write(d, name, t, start, sat, deg, derivative):
    struct = name + "_range2_f32_table"
    with open(os.path.join(d, name + "_range2_f32.hpp"), "w") as f:
        st.header(f, "gen_range2.py", [
            "%s, float, second range [start, bound): %s form of tools/gen_range2.py," %
            (name, "derivative" if derivative else "forward"),
            "degree %d, worst fit 2^%.1f relative to the result, |%s/t| <= %.3f, c0 within 2^%.1f." %
            (deg, math.log2(t["fit"]), "W" if derivative else "V", t["ratio"], math.log2(max(t["center"], 1e-300)))])
        f.write("struct %s\n{\n" % struct)
        f.write("    // index = round(a (alpha + beta a)) + gamma, from adding shift = 1.5 * 2^23 + gamma\n")
        f.write("    static constexpr float alpha = %s;\n" % tg.repr_float32(t["alpha"]))
        f.write("    static constexpr float beta = %s;\n" % tg.repr_float32(t["beta"]))
        f.write("    static constexpr float shift = %s;\n" % tg.repr_float32(t["shift"]))
        f.write("    static constexpr float start = %s; // the first table's bound\n" % tg.repr_float32(start))
        f.write("    static constexpr float bound = %s;\n" % tg.repr_float32(t["bound"]))
        f.write("    // from here on (x > 0) the result is %s for every float\n" % ("1" if derivative else "x"))
        f.write("    static constexpr float saturate = %s;\n" % tg.repr_float32(sat))
        f.write("    static constexpr int degree = %d;\n" % deg)
        rows = t["rows"]
        f.write(tg.cpp_array("c", [r[0] for r in rows]))
        f.write(tg.cpp_array("c0", [r[1] for r in rows]))
        f.write(tg.cpp_array("p1_lo", [r[3] for r in rows]))
        f.write("    static constexpr float p[%d][%d] = {\n" % (deg, len(rows)))
        for j in range(deg):
            f.write("        {" + ", ".join(tg.repr_float32(r[2][j]) for r in rows) + "},\n")
        f.write("    };\n};\n\n")
        st.footer(f)


def main(d, only=None):
    for name, header, F, F_mp, derivative, deg in SPECS:
        if only and name not in only:
            continue
        start = first_bound(d, header)
        t = fit_table(F, F_mp, derivative, start, deg, name)
        sat = saturation(F, F_mp, derivative, start, t["bound"])
        print("%s: [%g, %g) degree %d, fit 2^%.1f, |V/t| %.3f, c0 2^%.1f, saturated from %g" %
              (name, start, t["bound"], deg, math.log2(t["fit"]), t["ratio"], math.log2(max(t["center"], 1e-300)), sat),
              file=sys.stderr)
        assert sat < t["bound"], "the positive side must reach its limit inside the second range"
        write(d, name, t, start, sat, deg, derivative)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2:])
