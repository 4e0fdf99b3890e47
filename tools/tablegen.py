"""Shared machinery for actfn's coefficient generators.

The kernels evaluate an activation on |x| with a piecewise polynomial: the
interval index comes from a cheap monotone map of |x| computed in the working
precision, each interval has an expansion point c (chosen so that s = |x| - c
is exact by Sterbenz' lemma) and a polynomial in s whose coefficients are
fetched from small tables with permutes.  This module finds the intervals the
kernel really uses (replaying its float arithmetic), fits near-minimax
polynomials with float/double coefficients (Lawson's iteration on a weighted
least-squares problem, then greedy rounding with refits), and writes C++ tables.

Run with a Python that has numpy and mpmath (Debian: python3-numpy python3-mpmath).
"""
import math
import numpy as np
import mpmath as mp

f32 = np.float32
f64 = np.float64


def round_f32(v):
    return float(f32(v))


def fma32(a, b, c):
    # float32 fma replayed in double: the product of two floats is exact in
    # double; the sum rounds twice, which can differ from a true fma only on
    # near-ties; interval ends are padded below so this never matters.
    return float(f32(f64(a) * f64(b) + f64(c)))


def float_from_bits(i):
    return float(np.array([i], dtype=np.int32).view(np.float32)[0])


def bits_from_float(x):
    return int(np.array([x], dtype=np.float32).view(np.int32)[0])


SHIFT32 = 12582912.0  # 1.5 * 2^23: adding it leaves round(u) in the low mantissa bits


def quad_index32(a, alpha, beta):
    t = fma32(a, fma32(a, beta, alpha), SHIFT32)
    return bits_from_float(t) - bits_from_float(SHIFT32)


def quad_amax(alpha, beta):
    # the map a (alpha + beta a) is increasing up to -alpha/(2 beta) when beta < 0
    return 1e4 if beta >= 0 else -alpha / (2 * beta)


def quad_boundaries32(alpha, beta, n):
    """First float a >= 0 whose interval index is i, for i = 1..n (index n = beyond the table)."""
    res = [0.0]
    hi_bits = bits_from_float(quad_amax(alpha, beta))
    for i in range(1, n + 1):
        lo, hi = 0, hi_bits
        while lo < hi:
            m = (lo + hi) // 2
            if quad_index32(float_from_bits(m), alpha, beta) >= i:
                hi = m
            else:
                lo = m + 1
        res.append(float_from_bits(lo))
    return res


def next_float32(x, k=1):
    return float_from_bits(bits_from_float(x) + k)


def lawson_fit(basis, weight, target, iters=60):
    """Near-minimax weighted fit: Lawson's iteratively reweighted least squares."""
    n = len(target)
    lw = np.ones(n) / n
    coef = None
    for _ in range(iters):
        sw = np.sqrt(lw) * weight
        coef, *_ = np.linalg.lstsq(basis * sw[:, None], target * sw, rcond=None)
        err = np.abs(basis @ coef - target) * weight
        lw = lw * err + 1e-300
        lw /= lw.sum()
    return coef


def fit_float_poly(func, weight, lo, hi, c, powers, npts=400, unrounded=()):
    """Fit sum_k p_k s^k (k in powers) to func(c + s) over [lo, hi] with weight,
    rounding coefficients to float from the highest power down and refitting
    the remaining ones after each rounding; powers in `unrounded` keep their
    double value (the caller splits them).  Returns ({power: coef}, max weighted error)."""
    t = np.cos(np.linspace(0.0, math.pi, npts))
    a = lo + (hi - lo) * (t + 1) / 2
    s = a - c
    fv = func(a)
    w = weight(a)
    h = max(abs(hi - c), abs(lo - c))
    u = s / h  # solve in u in [-1, 1] for conditioning
    fixed = {}
    for k in sorted(powers, reverse=True):
        free = [j for j in powers if j not in fixed]
        known = np.zeros_like(s)
        for j, v in fixed.items():
            known += v * s ** j
        basis = np.stack([u ** j for j in free], 1)
        cf = lawson_fit(basis, w, fv - known)
        v = cf[free.index(k)] / h ** k
        fixed[k] = v if k in unrounded else round_f32(v)
    a2 = np.linspace(lo, hi, 20000)
    s2 = a2 - c
    p = np.zeros_like(s2)
    for j, v in fixed.items():
        p += v * s2 ** j
    err = float(np.max(np.abs(p - func(a2)) * weight(a2)))
    return fixed, err


def cpp_float(v):
    if v == 0.0:
        return "0.0f"
    return "%sf" % float.hex(float(v)) if False else repr_float32(v)


def repr_float32(v):
    # shortest decimal that round-trips through float32, with an f suffix
    v = float(f32(v))
    for digits in range(6, 12):
        s = "%.*e" % (digits, v)
        if float(f32(float(s))) == v:
            return s + "f"
    return "%.9ef" % v


def cpp_array(name, values, per_line=4, kind="float"):
    fmt = repr_float32 if kind == "float" else repr_double
    items = [fmt(v) for v in values]
    lines = []
    for i in range(0, len(items), per_line):
        lines.append("        " + ", ".join(items[i:i + per_line]) + ",")
    return "    static constexpr %s %s[%d] = {\n%s\n    };\n" % (kind, name, len(values), "\n".join(lines))


# ---- double precision ------------------------------------------------------

def fit_double_poly(func_mp, weight_mp, lo, hi, c, powers, npts=240, rounds=3, split=()):
    """Like fit_float_poly for double coefficients.  Function values come from
    mpmath (func_mp(a) -> mpf, weight_mp(a) -> mpf); each solve is done in
    float64 on the current residual (iterative refinement), so the result is
    accurate far beyond double.  Powers in `split` are kept as double-doubles
    (hi, lo).  Returns ({power: float or (hi, lo)}, max weighted error)."""
    t = np.cos(np.linspace(0.0, math.pi, npts))
    a = [mp.mpf(lo) + (mp.mpf(hi) - mp.mpf(lo)) * (mp.mpf(float(x)) + 1) / 2 for x in t]
    s = [x - mp.mpf(c) for x in a]
    fv = [func_mp(x) for x in a]
    w = [weight_mp(x) for x in a]
    wf = np.array([float(x) for x in w])
    # Solve in u = s/h, u in [-1, 1]: monomials in s are too badly scaled for
    # the float64 solves to resolve the last bits of the corrections.
    h = max(abs(float(hi) - c), abs(float(lo) - c))
    uf = np.array([float(x) for x in s]) / h

    def refine(fixed, free):
        coef = {j: mp.mpf(0) for j in free}
        lw = None
        for _ in range(rounds):
            resid = []
            for i in range(npts):
                v = fv[i]
                for j, cj in fixed.items():
                    v -= cj * s[i] ** j
                for j, cj in coef.items():
                    v -= cj * s[i] ** j
                resid.append(float(v))
            resid = np.array(resid)
            basis = np.stack([uf ** j for j in free], 1)
            delta = lawson_fit(basis, wf, resid, iters=40)
            for k, j in enumerate(free):
                coef[j] += mp.mpf(float(delta[k])) / mp.mpf(h) ** j
        return coef

    fixed = {}
    for k in sorted(powers, reverse=True):
        free = [j for j in powers if j not in fixed]
        coef = refine(fixed, free)
        if k in split:  # round to double-double
            hi_k = float(coef[k])
            fixed[k] = mp.mpf(hi_k) + mp.mpf(float(coef[k] - mp.mpf(hi_k)))
        else:
            fixed[k] = mp.mpf(float(coef[k]))  # round to double
    err = mp.mpf(0)
    for i in range(0, npts):
        v = fv[i] - sum(cj * s[i] ** j for j, cj in fixed.items())
        err = max(err, abs(v) * w[i])
    # also between nodes
    for x in np.linspace(lo, hi, 300):
        ax = mp.mpf(float(x))
        sx = ax - mp.mpf(c)
        v = func_mp(ax) - sum(cj * sx ** j for j, cj in fixed.items())
        err = max(err, abs(v) * weight_mp(ax))
    return {j: ((float(v), float(v - mp.mpf(float(v)))) if j in split else float(v))
            for j, v in fixed.items()}, float(err)


def repr_double(v):
    v = float(v)
    if v == 0.0:
        return "0.0"
    return repr(v)


SHIFT64 = 6755399441055744.0  # 1.5 * 2^52


def fma64(a, b, c):
    """Correctly rounded double fma (exact product and sum in mpmath, one rounding)."""
    with mp.workprec(300):
        v = mp.mpf(a) * mp.mpf(b) + mp.mpf(c)
    return float(v)


def quad_index64(a, alpha, beta):
    t = fma64(a, fma64(a, beta, alpha), SHIFT64)
    return int(t - SHIFT64)


def quad_boundaries64(alpha, beta, n):
    """First double a >= 0 whose interval index is i, for i = 1..n."""
    res = [0.0]
    for i in range(1, n + 1):
        lo, hi = 0.0, min(1e3, quad_amax(alpha, beta))
        while True:
            m = (lo + hi) / 2
            if m == lo or m == hi:
                break
            if quad_index64(m, alpha, beta) >= i:
                hi = m
            else:
                lo = m
        res.append(hi)
    return res


def double_from_bits(i):
    return float(np.array([i], dtype=np.int64).view(np.float64)[0])


def bits_from_double(x):
    return int(np.array([x], dtype=np.float64).view(np.int64)[0])


def accurate_point(func_mp, start, count=1 << 14, tol_bits=10, valid=lambda c: True):
    """The double c near `start` (searching start, start + ulp, start - ulp, ...
    over `count` doubles, keeping only c with valid(c)) whose func(c) is closest
    (relative) to a double: the table then stores func(c) with an error of about
    2^-(53+tol_bits) instead of half an ulp."""
    b0 = bits_from_double(start)
    best = None
    for k in range(count):
        off = (k + 1) // 2 if k % 2 else -(k // 2)
        c = double_from_bits(b0 + off)
        if not valid(c):
            continue
        v = func_mp(mp.mpf(c))
        r = float(v)
        err = abs((v - mp.mpf(r)) / v)
        if best is None or err < best[2]:
            best = (c, r, err)
        if err < mp.mpf(2) ** -(53 + tol_bits):
            break
    return best
