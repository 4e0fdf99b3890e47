"""Generates the exact-GELU tables in include/actfn/detail/tables/:
gelu_f32.hpp, gelu_f64.hpp (with the tail table), gelu_grad_f32.hpp,
gelu_grad_f64.hpp.  Forms and fitting: symtables.py, tablegen.py.

Forward: R(x) = Phi(x), Rn(a) = Q(a) = Phi(-a).  Derivative: D(a) = Q(a) -
a phi(a), root at a = 0.7517915... (the GELU minimum).

Tail |x| >= 2.5 (double; also used by the float kernels for |x| beyond their
tables): Q(a) = exp(-a^2/2) M(a), M on 16 intervals [2.5, 3), [3, 3.5), [3.5,
4), [4, 5), ..., [32, 40) indexed by the exponent and two leading mantissa bits
of a; M(c + s) = m0 + s PM(s) with c chosen so that M(c) is within ~2^-63
relative of the double m0.

Float tail |x| >= 3.75 (evaluated in double, only ~2^-30 needed before the
rounding to float): F(a) = a exp(a^2/2) Q(a) on [3.75, 4), [4, 4.5), ...,
[7.5, 8), [8, 9), ..., [14, 15) indexed by the exponent and three leading
mantissa bits of a, degree 5 in s = a - midpoint, fitted relative to F; for
the derivative H(a) = a/sqrt(2 pi) - M(a) on the same intervals.

Run: /usr/bin/python3 tools/gen_gelu.py include/actfn/detail/tables
(needs python3-numpy, python3-scipy, python3-mpmath).
"""
import math, os, sys
import numpy as np
from scipy.special import erfc
import mpmath as mp
import tablegen as tg
import symtables as st

mp.mp.dps = 40
ROOT = mp.mpf("0.751791524693564457457904946779524")  # gelu'(-ROOT) = 0

FWD32 = dict(alpha=3.0, beta=1.4, deg=5)
FWD64 = dict(alpha=3.0, beta=1.25, deg=11)
GRAD32 = dict(alpha=4.0, beta=1.0, deg=6)
GRAD64 = dict(alpha=3.0, beta=1.25, deg=13)
TAIL_START, TAIL_DEG = 2.5, 15
TAIL32_DEG, TAIL32_CLAMP = 5, 14.99


def Qd(a):
    return 0.5 * erfc(np.asarray(a, dtype=float) / math.sqrt(2.0))


def dlogQd(a):
    a = np.asarray(a, dtype=float)
    return -np.exp(-a * a / 2) / math.sqrt(2 * math.pi) / Qd(a)


def Qm(a):
    return mp.erfc(a / mp.sqrt(2)) / 2


def Mm(a):
    return mp.exp(a * a / 2) * Qm(a)


def Dd(a):
    a = np.asarray(a, dtype=float)
    return Qd(a) - a * np.exp(-a * a / 2) / math.sqrt(2 * math.pi)


def Dm(a):
    return Qm(a) - a * mp.exp(-a * a / 2) / mp.sqrt(2 * mp.pi)


def tail_rows():
    rows, worst = [], 0.0
    for j in range(16):
        e, k = divmod(j + 5, 4)  # j = 0: [2.5, 3)
        lo = 2.0**e * (1 + k / 4)
        hi = 2.0**e * (1 + (k + 1) / 4)
        c, m0, acc = tg.accurate_point(Mm, (lo + hi) / 2)
        assert lo >= c / 2 and hi <= 2 * c
        coef, err = tg.fit_double_poly(lambda a, m0=m0: Mm(a) - mp.mpf(m0), lambda a: 1 / Mm(a),
                                       lo, hi, c, list(range(1, TAIL_DEG + 1)), npts=120, rounds=4)
        worst = max(worst, err)
        slot = (tg.bits_from_double(lo) >> 50) & 15
        rows.append((slot, c, m0, [coef[k] for k in range(1, TAIL_DEG + 1)]))
        print("tail j=%2d slot %2d [%g, %g) m0 err 2^%.1f fit=2^%.1f" %
              (j, slot, lo, hi, math.log2(acc), math.log2(err)), file=sys.stderr)
    rows.sort()
    return rows, worst


def Fm(a):
    return a * Mm(a)


def Hm(a):
    return a / mp.sqrt(2 * mp.pi) - Mm(a)


def tail32_rows():
    """Slot (bits(a) >> 49) & 15 of the float tail: slot 7 is [3.75, 4), 8..15
    split [4, 8) and 0..6 [8, 15).  Slot 7 of [8, 16) would be [15, 16): the
    kernel clamps a to TAIL32_CLAMP before indexing."""
    rows, worst = {}, 0.0
    for slot in range(16):
        if slot == 7:
            lo, hi = 3.75, 4.0
        elif slot >= 8:
            lo = 4.0 + (slot - 8) * 0.5
            hi = lo + 0.5
        else:
            lo = 8.0 + slot
            hi = lo + 1.0
        assert (tg.bits_from_double(lo) >> 49) & 15 == slot
        c = (lo + hi) / 2  # s = a - c is exact for a float a in [lo, hi]
        polys = []
        for name, func in (("F", Fm), ("H", Hm)):
            coef, err = tg.fit_double_poly(func, lambda a, func=func: 1 / func(a), lo, hi, c,
                                           list(range(TAIL32_DEG + 1)), npts=120, rounds=4)
            worst = max(worst, err)
            polys.append([coef[k] for k in range(TAIL32_DEG + 1)])
            print("tail32 %s slot %2d [%g, %g) fit=2^%.1f" % (name, slot, lo, hi, math.log2(err)), file=sys.stderr)
        rows[slot] = (c, polys[0], polys[1])
    assert 14.0 <= TAIL32_CLAMP < 15.0  # in slot 6
    return [rows[k] for k in range(16)], worst


def main(d):
    rows, bound, worst = st.forward_f32(Qd, dlogQd, form="V", name="gelu", **FWD32)
    assert bound > 3.75
    tail32, t32worst = tail32_rows()
    with open(os.path.join(d, "gelu_f32.hpp"), "w") as f:
        st.header(f, "gen_gelu.py", ["Exact GELU, float, |x| < bound: V form (symtables.py), degree %d," % FWD32["deg"],
                                      "worst fit 2^%.1f relative to |gelu(x)|.  Tail (in double): F(a) = a exp(a^2/2) Q(a)" % math.log2(worst),
                                      "and H(a) = a/sqrt(2 pi) - M(a) on 16 intervals of [3.75, 15), degree %d, worst fit 2^%.1f relative." % (TAIL32_DEG, math.log2(t32worst))])
        st.write_table(f, "gelu_f32_table", "float", FWD32["alpha"], FWD32["beta"], bound, rows)
        f.write("struct gelu_tail_f32_table\n{\n")
        f.write("    static constexpr double clamp = %s;\n" % tg.repr_double(TAIL32_CLAMP))
        f.write("    static constexpr int degree = %d;\n" % TAIL32_DEG)
        f.write(tg.cpp_array("c", [t[0] for t in tail32], per_line=4, kind="double"))
        for name, col in (("f", 1), ("h", 2)):
            f.write("    static constexpr double %s[%d][16] = {\n" % (name, TAIL32_DEG + 1))
            for k in range(TAIL32_DEG + 1):
                f.write("        {" + ", ".join(tg.repr_double(t[col][k]) for t in tail32) + "},\n")
            f.write("    };\n")
        f.write("};\n\n")
        st.footer(f)

    rows, bound, worst = st.forward_f64(Qm, name="gelu", **FWD64)
    assert bound > TAIL_START
    tail, tworst = tail_rows()
    with open(os.path.join(d, "gelu_f64.hpp"), "w") as f:
        st.header(f, "gen_gelu.py", ["Exact GELU, double.  |x| < bound: V form with constant term, degree %d," % FWD64["deg"],
                                      "worst fit 2^%.1f relative to |gelu(x)|.  Tail: M(a) = exp(a^2/2) Q(a) on 16" % math.log2(worst),
                                      "intervals of [2.5, 40), degree %d, worst fit 2^%.1f relative." % (TAIL_DEG, math.log2(tworst))])
        st.write_table(f, "gelu_f64_table", "double", FWD64["alpha"], FWD64["beta"], bound, rows)
        f.write("struct gelu_tail_f64_table\n{\n")
        f.write("    static constexpr int degree = %d;\n" % TAIL_DEG)
        f.write(tg.cpp_array("c", [t[1] for t in tail], per_line=2, kind="double"))
        f.write(tg.cpp_array("m0", [t[2] for t in tail], per_line=2, kind="double"))
        f.write("    static constexpr double p[%d][16] = {\n" % TAIL_DEG)
        for k in range(TAIL_DEG):
            f.write("        {" + ", ".join(tg.repr_double(t[3][k]) for t in tail) + "},\n")
        f.write("    };\n};\n\n")
        st.footer(f)

    rows, bound, worst = st.derivative_f32(Dd, Dm, ROOT, name="gelu_grad", **GRAD32)
    with open(os.path.join(d, "gelu_grad_f32.hpp"), "w") as f:
        st.header(f, "gen_gelu.py", ["GELU derivative, float, |x| < bound: degree %d, root piece about 0.7517915," % GRAD32["deg"],
                                      "worst fit 2^%.1f relative to |gelu'(x)| (x < 0 side)." % math.log2(worst)])
        st.write_table(f, "gelu_grad_f32_table", "float", GRAD32["alpha"], GRAD32["beta"], bound, rows)
        st.footer(f)

    rows, bound, worst = st.derivative_f64(Dm, ROOT, name="gelu_grad", split_p1=True, **GRAD64)
    k = 1 / mp.sqrt(2 * mp.pi)
    with open(os.path.join(d, "gelu_grad_f64.hpp"), "w") as f:
        st.header(f, "gen_gelu.py", ["GELU derivative, double, |x| < bound: degree %d, root piece about 0.7517915," % GRAD64["deg"],
                                      "worst fit 2^%.1f relative to |gelu'(x)| (x < 0 side)." % math.log2(worst)])
        st.write_table(f, "gelu_grad_f64_table", "double", GRAD64["alpha"], GRAD64["beta"], bound, rows,
                       extra=["static constexpr double inv_sqrt_2pi_hi = %s;" % tg.repr_double(float(k)),
                              "static constexpr double inv_sqrt_2pi_lo = %s;" % tg.repr_double(float(k - mp.mpf(float(k))))])
        st.footer(f)


if __name__ == "__main__":
    main(sys.argv[1])
