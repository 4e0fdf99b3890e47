"""Table builders for activations of the form y = x R(x) with R(x) + R(-x) = 1
(exact GELU: R = Phi; tanh-GELU, SiLU, QuickGELU: R = sigma(z(x)), z odd)
and for their derivatives g, which satisfy g(x) + g(-x) = 1.

Both are evaluated on a = |x| from one table per function:
  forward, V form:  y = fma(x, 0.5 + (d0 ^ sign), -V(s)),  V ~ a (Rn(a) - c0)
  forward, W form:  y = fma(x, 0.5 + (d0 ^ sign), -|x| W(s)),  W ~ Rn(a) - c0
  derivative:       g = (0.5 + (d0 ^ sign)) + (W(s) ^ flip),  W ~ D(a) - c0
where Rn(a) = R(-a), D(a) = g(-a), c0 = 0.5 - d0 is a multiple of 2^-24
(2^-53) so that both c0 and 1 - c0 are exact, and s = a - c is exact.  The
forward tables pick c with Rn(c) ~= c0 (to 2^-35 relative when possible), so
the polynomial needs no constant term.  A derivative's root r gets a piece
expanded about the working-precision number nearest r with c0 = 0.
"""
import math
import sys
import numpy as np
import mpmath as mp
import tablegen as tg


def sterbenz_center(lo, hi):
    """The point nearest the middle of [lo, hi] from which a - c is exact for
    every a in [lo, hi] (Sterbenz: c/2 <= a <= 2c), i.e. c in [hi/2, 2 lo]."""
    assert hi <= 4 * lo, (lo, hi)
    return min(max((lo + hi) / 2, hi / 2), 2 * lo)


def _inverse_decreasing(f, y, lo, hi, iters=80):
    """Vectorised bisection: a with f(a) = y for decreasing f on [lo, hi]."""
    a = np.full_like(y, lo)
    b = np.full_like(y, hi)
    for _ in range(iters):
        m = (a + b) / 2
        gt = f(m) > y
        a = np.where(gt, m, a)
        b = np.where(gt, b, m)
    return (a + b) / 2


def choose_center_f32(Rn, dlogRn, lo, hi):
    """Grid value c0 (multiple of 2^-24) and float c with Rn(c) ~= c0, c in the middle of [lo, hi]."""
    mid_lo = max(lo + 0.3 * (hi - lo), hi / 2)
    mid_hi = min(lo + 0.7 * (hi - lo), 2 * lo)
    assert mid_lo < mid_hi, (lo, hi)
    k_hi = math.floor(float(Rn(mid_lo)) * 2**24)
    k_lo = math.ceil(float(Rn(mid_hi)) * 2**24)
    ks = np.arange(k_lo, k_hi + 1, dtype=np.float64)
    if len(ks) > 200000:
        ks = ks[np.linspace(0, len(ks) - 1, 200000).astype(int)]
    cstar = _inverse_decreasing(Rn, ks / 2**24, mid_lo, mid_hi)
    cf = cstar.astype(np.float32).astype(np.float64)
    cost = np.abs(cf - cstar) * np.abs(dlogRn(cstar)) * 2**24  # relative error at s = 0, in 2^-24
    ok = (lo >= cf / 2) & (hi <= 2 * cf)
    cost[~ok] = np.inf
    j = int(np.argmin(cost))
    return ks[j] / 2**24, float(cf[j]), float(cost[j])


def interval_f32(b, i):
    """[lo, hi] of float interval i, padded by 4 ulps (the map is replayed with double rounding)."""
    lo, hi = b[i], tg.next_float32(b[i + 1], -1)
    lo_p = max(lo, 1e-30) if i == 0 else tg.next_float32(lo, -4)
    return lo, hi, lo_p, tg.next_float32(hi, 4)


def forward_f32(Rn, dlogRn, alpha, beta, deg, form, n=32, log=sys.stderr, name=""):
    """Rows (c, d0, [p_0..p_deg-1]) of a forward table; P has degree deg-1 and
    V = s P(s) (no constant term).  form 'V' fits a (Rn(a) - c0), 'W' fits Rn(a) - c0."""
    b = tg.quad_boundaries32(tg.round_f32(alpha), tg.round_f32(beta), n)
    rows, worst = [], 0.0
    for i in range(n):
        lo, hi, lo_p, hi_p = interval_f32(b, i)
        if i == 0:
            c0, c, cost = 0.5, 0.0, 0.0
        else:
            c0, c, cost = choose_center_f32(Rn, dlogRn, lo_p, hi_p)
        if form == "V":
            func = lambda a, c0=c0: a * (Rn(a) - c0)
            weight = lambda a: 1.0 / (a * Rn(a))
        else:
            func = lambda a, c0=c0: Rn(a) - c0
            weight = lambda a: 1.0 / Rn(a)
        # Interval 0 (c = 0, c0 = 1/2): V is even in s, so its s^1 term is 0;
        # fixing it at 0 also gives V(+0) = +0, hence f(-0) = -0.
        first = 2 if (i == 0 and form == "V") else 1
        coef, err = tg.fit_float_poly(func, weight, lo_p, hi_p, c, list(range(first, deg + 1)))
        a2 = np.linspace(lo_p, hi_p, 2000)
        var = float(np.max(np.abs(func(a2)) * weight(a2)))
        worst = max(worst, err)
        rows.append((c, 0.5 - c0, [coef.get(k, 0.0) for k in range(1, deg + 1)]))
        print("%s f32 i=%2d [%.5f, %.5f] c=%.6f fit=2^%.1f var=%.3f center=%.3f" %
              (name, i, lo, hi, c, math.log2(err), var, cost), file=log)
    return rows, b[n], worst


def forward_f64_w(Rn_m, alpha, beta, deg, n=16, log=sys.stderr, name=""):
    """forward_f64 for the W form (W ~ Rn(a) - c0)."""
    return forward_f64(Rn_m, alpha, beta, deg, n, log, name, form="W")


def forward_f64(Rn_m, alpha, beta, deg, n=16, log=sys.stderr, name="", form="V"):
    """Rows (c, d0, [p_0..p_deg]) of a double forward table with a constant term."""
    b = tg.quad_boundaries64(alpha, beta, n)
    rows, worst = [], 0.0
    for i in range(n):
        lo, hi = b[i], b[i + 1]
        if i == 0:
            c, c0 = 0.0, mp.mpf(0.5)
        else:
            c = sterbenz_center(lo, hi)
            c0 = mp.mpf(round(float(Rn_m(mp.mpf(c))) * 2**53)) / 2**53
        if form == "V":
            func = lambda a, c0=c0: a * (Rn_m(a) - c0)
            weight = lambda a: 1 / (a * Rn_m(a))
            powers = list(range(2 if i == 0 else 0, deg + 1))  # as for float: V(+0) = +0
        else:
            func = lambda a, c0=c0: Rn_m(a) - c0
            weight = lambda a: 1 / Rn_m(a)
            powers = list(range(1 if i == 0 else 0, deg + 1))
        coef, err = tg.fit_double_poly(func, weight, max(lo, 1e-30), hi, c, powers, npts=120, rounds=4)
        worst = max(worst, err)
        rows.append((c, float(mp.mpf(0.5) - c0), [coef.get(k, 0.0) for k in range(deg + 1)]))
        print("%s f64 i=%2d [%.5f, %.5f] c=%.6f fit=2^%.1f" % (name, i, lo, hi, c, math.log2(err)), file=log)
    return rows, b[n], worst


def root_piece(Dm, root, c, lo, hi, deg, to_type):
    """W(s) = D(c + s) on [lo, hi] about D's root, as (s - delta) R(s) with
    delta = root - c: R is smooth and nonzero, so fitting it relatively is well
    conditioned; W's coefficients follow as w0 = -delta R0, w_k = R_(k-1) -
    delta R_k, each rounded to the working type.  Returns (w, max rel error)."""
    delta = mp.mpf(root) - mp.mpf(c)
    Rm = lambda a: Dm(a) / (a - mp.mpf(c) - delta)
    coef, _ = tg.fit_double_poly(Rm, lambda a: 1 / abs(Rm(a)), lo, hi, c, list(range(0, deg)), npts=120, rounds=4)
    R = [mp.mpf(coef[k]) for k in range(deg)] + [mp.mpf(0)]
    w = [to_type(-delta * R[0])] + [to_type(R[k - 1] - delta * R[k]) for k in range(1, deg + 1)]
    worst = mp.mpf(0)
    for x in np.linspace(lo, hi, 400):
        ax = mp.mpf(float(x))
        sx = ax - mp.mpf(c)
        v = sum(mp.mpf(wk) * sx ** k for k, wk in enumerate(w))
        d = Dm(ax)
        if d != 0:
            worst = max(worst, abs(v - d) / abs(d))
    return w, float(worst)


def root_piece_refit(Dm, root, c, lo, hi, deg, npts=160, rounds=4, check=1500, split_w1=False):
    """root_piece with greedy rounding, for double tables: w_deg, w_deg-1, ...
    are rounded to double one at a time from the highest power down, and after
    each rounding the lower coefficients are refitted to absorb its error, in
    the factored form G(delta) + (s - delta) R(s) (G = D minus the rounded
    terms, R fitted relative to D(a) / (s - delta), so that the zero stays at
    the root).  split_w1: w_1 as a double-double (hi, lo); rounded to double,
    its error |dw_1 / w_1| (up to 2^-53) is the relative error of W next to
    the root, which nothing else can absorb.  Returns (w, max rel error over a
    dense grid), w[1] a pair (hi, lo) with split_w1."""
    delta = mp.mpf(root) - mp.mpf(c)
    t = np.cos(np.linspace(0.0, math.pi, npts))
    a = [mp.mpf(lo) + (mp.mpf(hi) - mp.mpf(lo)) * (mp.mpf(float(x)) + 1) / 2 for x in t]
    s = [x - mp.mpf(c) for x in a]
    dv = [Dm(x) for x in a]
    wf = np.array([float(abs((si - delta) / di)) for si, di in zip(s, dv)])
    h = max(abs(float(hi) - c), abs(float(lo) - c))
    uf = np.array([float(x) for x in s]) / h
    fixed = {}
    for k in range(deg, 0, -1):
        g_delta = -sum(wj * delta ** j for j, wj in fixed.items())
        target = [(dv[i] - sum(wj * s[i] ** j for j, wj in fixed.items()) - g_delta) / (s[i] - delta)
                  for i in range(npts)]
        coef = [mp.mpf(0)] * k
        basis = np.stack([uf ** j for j in range(k)], 1)
        for _ in range(rounds):  # iterative refinement: float64 solves on the mp residual
            resid = np.array([float(target[i] - sum(coef[j] * s[i] ** j for j in range(k))) for i in range(npts)])
            d = tg.lawson_fit(basis, wf, resid, iters=40)
            for j in range(k):
                coef[j] += mp.mpf(float(d[j])) / mp.mpf(h) ** j
        wk = coef[k - 1]  # w_k = R_(k-1)
        if k == 1 and split_w1:
            fixed[k] = mp.mpf(float(wk)) + mp.mpf(float(wk - mp.mpf(float(wk))))
        else:
            fixed[k] = mp.mpf(float(wk))
        if k == 1:
            fixed[0] = mp.mpf(float(g_delta - delta * coef[0]))
    worst = mp.mpf(0)
    for x in list(np.linspace(lo, hi, check)):
        ax = mp.mpf(float(x))
        sx = ax - mp.mpf(c)
        v = sum(wk * sx ** k for k, wk in fixed.items())
        d = Dm(ax)
        if d != 0:
            worst = max(worst, abs(v - d) / abs(d))
    w = [float(fixed[k]) for k in range(deg + 1)]
    if split_w1:
        w[1] = (w[1], float(fixed[1] - mp.mpf(w[1])))
    return w, float(worst)


def _root_set(b, r):
    i = [k for k in range(len(b) - 1) if b[k] <= r < b[k + 1]][0]
    return [i - 1, i] if r - b[i] < b[i + 1] - r else [i, i + 1]


def derivative_f32(Dd, Dm, root, alpha, beta, deg, n=32, log=sys.stderr, name=""):
    """Rows (c, d0, [w_0..w_deg]) of a float derivative table; Dd(a) float64, Dm(a) mpmath."""
    b = tg.quad_boundaries32(tg.round_f32(alpha), tg.round_f32(beta), n)
    r32 = tg.round_f32(float(root))
    rs = _root_set(b, float(root))
    root_lo, root_hi = tg.next_float32(b[rs[0]], -4), tg.next_float32(b[rs[1] + 1], 4)
    assert root_lo >= r32 / 2 and root_hi <= 2 * r32
    root_w, root_err = root_piece(Dm, root, r32, root_lo, root_hi, deg, tg.round_f32)
    rows, worst = [], 0.0
    for i in range(n):
        lo, hi, lo_p, hi_p = interval_f32(b, i)
        if i in rs:
            rows.append((r32, 0.5, root_w))
            worst = max(worst, root_err)
            print("%s f32 i=%2d [%.5f, %.5f] root piece, rel err 2^%.1f" % (name, i, lo, hi, math.log2(root_err)), file=log)
            continue
        if i == 0:
            c, c0 = 0.0, 0.5
        else:
            c = tg.round_f32(sterbenz_center(lo_p, hi_p))
            c0 = round(float(Dd(c)) * 2**24) / 2**24
            assert lo_p >= c / 2 and hi_p <= 2 * c
        func = lambda a, c0=c0: Dd(a) - c0
        weight = lambda a: 1.0 / np.maximum(np.abs(Dd(a)), 1e-300)
        coef, err = tg.fit_float_poly(func, weight, lo_p, hi_p, c, list(range(0, deg + 1)))
        a2 = np.linspace(lo_p, hi_p, 2000)
        var = float(np.max(np.abs(func(a2)) * weight(a2)))
        worst = max(worst, err)
        rows.append((c, 0.5 - c0, [coef[k] for k in range(deg + 1)]))
        print("%s f32 i=%2d [%.5f, %.5f] c=%.7f fit=2^%.1f var=%.3f" % (name, i, lo, hi, c, math.log2(err), var), file=log)
    return rows, b[n], worst


def derivative_f64(Dm, root, alpha, beta, deg, n=16, log=sys.stderr, name="", split_p1=False):
    """Rows (c, d0, [w_0..w_deg]) of a double derivative table.  split_p1: rows
    (c, d0, [w_0..w_deg], w_1 lo) with w_1 as a double-double (the kernel adds
    its low part inside the FMA chain, piecewise_poly_split), the root piece
    by root_piece_refit.  Rounded to double, w_1 alone costs up to 2^-54
    relative wherever W ~ w_1 s (next to the root, and the c0-shifted pieces'
    small-|s| ends): the fits then stall near 2^-55 whatever the degree."""
    b = tg.quad_boundaries64(alpha, beta, n)
    rc = float(root)
    rs = _root_set(b, rc)
    root_lo, root_hi = b[rs[0]], b[rs[1] + 1]
    assert root_lo >= rc / 2 and root_hi <= 2 * rc
    if split_p1:
        root_w, root_err = root_piece_refit(Dm, root, rc, root_lo, root_hi, deg, split_w1=True)
    else:
        root_w, root_err = root_piece(Dm, root, rc, root_lo, root_hi, deg, float)
    rows, worst = [], 0.0

    def row(c, d0, w):
        if not split_p1:
            return (c, d0, w)
        return (c, d0, [w[0], w[1][0]] + w[2:], w[1][1])

    for i in range(n):
        lo, hi = b[i], b[i + 1]
        if i in rs:
            rows.append(row(rc, 0.5, root_w))
            worst = max(worst, root_err)
            print("%s f64 i=%2d [%.5f, %.5f] root piece, rel err 2^%.1f" % (name, i, lo, hi, math.log2(root_err)), file=log)
            continue
        if i == 0:
            c, c0 = 0.0, mp.mpf(0.5)
        else:
            c = sterbenz_center(lo, hi)
            c0 = mp.mpf(round(float(Dm(mp.mpf(c))) * 2**53)) / 2**53
        func = lambda a, c0=c0: Dm(a) - c0
        weight = lambda a: 1 / max(abs(Dm(a)), mp.mpf(10) ** -300)
        coef, err = tg.fit_double_poly(func, weight, max(lo, 1e-30), hi, c, list(range(0, deg + 1)), npts=120, rounds=4,
                                       split=(1,) if split_p1 else ())
        worst = max(worst, err)
        rows.append(row(c, float(mp.mpf(0.5) - c0), [coef[k] for k in range(deg + 1)]))
        print("%s f64 i=%2d [%.5f, %.5f] c=%.17g fit=2^%.1f" % (name, i, lo, hi, c, math.log2(err)), file=log)
    return rows, b[n], worst


def write_table(f, struct, kind, alpha, beta, bound, rows, extra=()):
    """Writes `struct <struct> { alpha, beta, bound, degree, c[], d0[], [p1_lo[],] p[][] }`."""
    n = len(rows)
    deg = len(rows[0][2])
    per = 4 if kind == "float" else 2
    lit = tg.repr_float32 if kind == "float" else tg.repr_double
    f.write("struct %s\n{\n" % struct)
    f.write("    static constexpr %s alpha = %s;\n" % (kind, lit(alpha)))
    f.write("    static constexpr %s beta = %s;\n" % (kind, lit(beta)))
    f.write("    static constexpr %s bound = %s;\n" % (kind, lit(bound)))
    f.write("    static constexpr int degree = %d;\n" % deg)
    for line in extra:
        f.write("    " + line + "\n")
    f.write(tg.cpp_array("c", [r[0] for r in rows], per_line=per, kind=kind))
    f.write(tg.cpp_array("d0", [r[1] for r in rows], per_line=per, kind=kind))
    if len(rows[0]) > 3:  # derivative_f64(split_p1=True): p[1] + p1_lo is w_1
        f.write(tg.cpp_array("p1_lo", [r[3] for r in rows], per_line=per, kind=kind))
    f.write("    static constexpr %s p[%d][%d] = {\n" % (kind, deg, n))
    for k in range(deg):
        f.write("        {" + ", ".join(lit(r[2][k]) for r in rows) + "},\n")
    f.write("    };\n};\n\n")


def header(f, generator, comment_lines):
    f.write("#pragma once\n#include \"../config.hpp\"\n// Generated by tools/%s: do not edit.\n" % generator)
    for line in comment_lines:
        f.write("// " + line + "\n")
    f.write("\nnamespace actfn {\ninline namespace ACTFN_TARGET_NAMESPACE {\nnamespace detail {\n\n")


def footer(f):
    f.write("} // namespace detail\n} // namespace ACTFN_TARGET_NAMESPACE\n} // namespace actfn\n")
