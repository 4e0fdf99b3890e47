"""Generates the tanh-GELU tables in include/actfn/detail/tables/:
gelu_tanh_f32.hpp, gelu_tanh_f64.hpp, gelu_tanh_grad_f32.hpp,
gelu_tanh_grad_f64.hpp.  Forms: symtables.py.

gelu_tanh(x) = x sigma(z(x)) with z(x) = 2 sqrt(2/pi) (x + 0.044715 x^3) (real
constants), so R(x) = sigma(z(x)) and Rn(a) = sigma(-z(a)).  Derivative
g(x) = sigma(z) + x sigma(z) sigma(-z) z'(x), D(a) = g(-a), root a =
0.7524614220710162584879...

Run: /usr/bin/python3 tools/gen_gelu_tanh.py include/actfn/detail/tables
"""
import math, os, sys
import numpy as np
import mpmath as mp
import tablegen as tg
import symtables as st

mp.mp.dps = 40
ROOT = mp.mpf("0.752461422071016258487954443288910")
K1M = 2 * mp.sqrt(2 / mp.pi)
K3M = K1M * mp.mpf("0.044715")
K1, K3 = float(K1M), float(K3M)

FWD32 = dict(alpha=3.0, beta=1.8, deg=5)
FWD64 = dict(alpha=3.0, beta=1.25, deg=11)
GRAD32 = dict(alpha=4.0, beta=1.0, deg=6)
# Double derivatives: degree 13 with w_1 split (p1_lo) is the smallest reaching
# 2^-56 relative in the root piece (two intervals wide: degree 12 gives 2^-53.8).
GRAD64 = dict(alpha=3.0, beta=1.25, deg=13)


def zd(a):
    a = np.asarray(a, dtype=float)
    return K1 * a + K3 * a**3


def Rnd(a):
    return 1.0 / (1.0 + np.exp(zd(a)))


def dlogRnd(a):
    a = np.asarray(a, dtype=float)
    return -(K1 + 3 * K3 * a * a) / (1.0 + np.exp(-zd(a)))


def zm(a):
    return K1M * a + K3M * a**3


def Rnm(a):
    return 1 / (1 + mp.exp(zm(a)))


def Dd(a):
    a = np.asarray(a, dtype=float)
    sn = Rnd(a)
    return sn - a * sn * (1 - sn) * (K1 + 3 * K3 * a * a)


def Dm(a):
    sn = Rnm(a)
    return sn - a * sn * (1 - sn) * (K1M + 3 * K3M * a * a)


def main(d):
    rows, bound, worst = st.forward_f32(Rnd, dlogRnd, form="V", name="gelu_tanh", **FWD32)
    with open(os.path.join(d, "gelu_tanh_f32.hpp"), "w") as f:
        st.header(f, "gen_gelu_tanh.py", ["tanh-GELU, float, |x| < bound: V form (symtables.py), degree %d," % FWD32["deg"],
                                           "worst fit 2^%.1f relative to |y|." % math.log2(worst)])
        st.write_table(f, "gelu_tanh_f32_table", "float", FWD32["alpha"], FWD32["beta"], bound, rows)
        st.footer(f)
    rows, bound, worst = st.forward_f64(Rnm, name="gelu_tanh", **FWD64)
    k = lambda v: (tg.repr_double(float(v)), tg.repr_double(float(v - mp.mpf(float(v)))))
    with open(os.path.join(d, "gelu_tanh_f64.hpp"), "w") as f:
        st.header(f, "gen_gelu_tanh.py", ["tanh-GELU, double, |x| < bound: V form with constant term, degree %d," % FWD64["deg"],
                                           "worst fit 2^%.1f relative to |y|.  k1, k3: 2 sqrt(2/pi) and" % math.log2(worst),
                                           "2 sqrt(2/pi) 0.044715 as double-double (z = k1 x + k3 x^3 = 2u)."])
        st.write_table(f, "gelu_tanh_f64_table", "double", FWD64["alpha"], FWD64["beta"], bound, rows,
                       extra=["static constexpr double k1_hi = %s, k1_lo = %s;" % k(K1M),
                              "static constexpr double k3_hi = %s, k3_lo = %s;" % k(K3M)])
        st.footer(f)
    rows, bound, worst = st.derivative_f32(Dd, Dm, ROOT, name="gelu_tanh_grad", **GRAD32)
    with open(os.path.join(d, "gelu_tanh_grad_f32.hpp"), "w") as f:
        st.header(f, "gen_gelu_tanh.py", ["tanh-GELU derivative, float, |x| < bound: degree %d, root piece about 0.7524614," % GRAD32["deg"],
                                           "worst fit 2^%.1f relative (x < 0 side)." % math.log2(worst)])
        st.write_table(f, "gelu_tanh_grad_f32_table", "float", GRAD32["alpha"], GRAD32["beta"], bound, rows)
        st.footer(f)
    rows, bound, worst = st.derivative_f64(Dm, ROOT, name="gelu_tanh_grad", split_p1=True, **GRAD64)
    with open(os.path.join(d, "gelu_tanh_grad_f64.hpp"), "w") as f:
        st.header(f, "gen_gelu_tanh.py", ["tanh-GELU derivative, double, |x| < bound: degree %d, root piece about 0.7524614," % GRAD64["deg"],
                                           "w_1 = p[1] + p1_lo (double-double), worst fit 2^%.1f relative (x < 0 side)." % math.log2(worst)])
        st.write_table(f, "gelu_tanh_grad_f64_table", "double", GRAD64["alpha"], GRAD64["beta"], bound, rows)
        st.footer(f)


if __name__ == "__main__":
    main(sys.argv[1])
