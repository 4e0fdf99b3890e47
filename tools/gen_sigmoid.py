"""Generates the sigmoid-family tables in include/actfn/detail/tables/:
silu_f32.hpp, silu_f64.hpp, quick_gelu_f32.hpp, quick_gelu_f64.hpp,
sigmoid_grad_f32.hpp, sigmoid_grad_f64.hpp, and quick_gelu_default_{f32,f64,
grad_f32,grad_f64}.hpp.  Forms: symtables.py.

SiLU x sigma(x): R = sigma, Rn(a) = sigma(-a), V form on a = |x|.
QuickGELU x sigma(alpha x): the table is on t = |alpha x| (alpha is a run-time
parameter), so the forward uses the W form W ~ sigma(-t) - c0 and multiplies by
|x| in the kernel.  Both derivatives are sigma(z) (1 + z (1 - sigma(z))) as a
function of z = x (SiLU) or z = alpha x (QuickGELU): one table on |z|,
D(t) = sigma(-t) (1 - t sigma(t)), root t = 1.2784645427610737951...

QuickGELU at its default alpha (1.702 rounded to the working type) also gets
tables on a = |x| itself, as SiLU's: R(x) = sigma(alpha x), V form, and the
derivative D(alpha a); the index map is SiLU's with t = alpha a, so the
intervals and bounds are SiLU's in t.  They spare the kernels the exact split
of alpha x: 21 and 24 operations per vector instead of 29 and 32.

Run: /usr/bin/python3 tools/gen_sigmoid.py include/actfn/detail/tables
"""
import math, os, sys
import numpy as np
import mpmath as mp
import tablegen as tg
import symtables as st

mp.mp.dps = 40
ROOT = mp.mpf("1.278464542761073795109358739022980")

SILU32 = dict(alpha=6.0, beta=-0.2, deg=5)
SILU64 = dict(alpha=4.5, beta=-0.2, deg=11)
QGELU32 = dict(alpha=4.6, beta=0.03, deg=5)
QGELU64 = dict(alpha=4.5, beta=-0.2, deg=11)
GRAD32 = dict(alpha=6.0, beta=-0.2, deg=6)
# Double derivative: degree 13 with w_1 split (p1_lo) is the smallest reaching
# 2^-56 relative in the root piece (two intervals wide: degree 12 gives 2^-52.7).
GRAD64 = dict(alpha=4.5, beta=-0.2, deg=13)


def Sd(a):
    return 1.0 / (1.0 + np.exp(np.asarray(a, dtype=float)))


def dlogSd(a):
    return -1.0 / (1.0 + np.exp(-np.asarray(a, dtype=float)))


def Sm(a):
    return 1 / (1 + mp.exp(a))


def Dd(a):
    a = np.asarray(a, dtype=float)
    return Sd(a) * (1.0 - a / (1.0 + np.exp(-a)))


def Dm(a):
    return Sm(a) * (1 - a / (1 + mp.exp(-a)))


def default_quick_gelu(d):
    """The tables of QuickGELU at the default alpha, on a = |x| (see above)."""
    for kind, alpha in (("float", float(np.float32(1.702))), ("double", 1.702)):
        am = mp.mpf(alpha)  # the working-type alpha, exactly
        suffix = "f32" if kind == "float" else "f64"
        fwd = SILU32 if kind == "float" else SILU64
        grad = GRAD32 if kind == "float" else GRAD64
        scaled = lambda par: dict(par, alpha=par["alpha"] * alpha, beta=par["beta"] * alpha * alpha)
        name = "quick_gelu_default"
        if kind == "float":
            rows, bound, worst = st.forward_f32(lambda a: Sd(alpha * np.asarray(a, dtype=float)),
                                                lambda a: alpha * dlogSd(alpha * np.asarray(a, dtype=float)),
                                                form="V", name=name, **scaled(fwd))
        else:
            rows, bound, worst = st.forward_f64(lambda a: Sm(am * a), name=name, **scaled(fwd))
        with open(os.path.join(d, "%s_%s.hpp" % (name, suffix)), "w") as f:
            st.header(f, "gen_sigmoid.py", ["x sigma(alpha x), alpha = %s (%s), |x| < bound: V form, degree %d," %
                                            (repr(alpha), kind, fwd["deg"]),
                                            "worst fit 2^%.1f relative to |y|." % math.log2(worst)])
            st.write_table(f, "%s_%s_table" % (name, suffix), kind, scaled(fwd)["alpha"], scaled(fwd)["beta"], bound, rows)
            st.footer(f)
        root = ROOT / am
        if kind == "float":
            rows, bound, worst = st.derivative_f32(lambda a: Dd(alpha * np.asarray(a, dtype=float)), lambda a: Dm(am * a),
                                                   root, name=name + "_grad", **scaled(grad))
        else:
            rows, bound, worst = st.derivative_f64(lambda a: Dm(am * a), root, name=name + "_grad", split_p1=True,
                                                   **scaled(grad))
        with open(os.path.join(d, "%s_grad_%s.hpp" % (name, suffix)), "w") as f:
            st.header(f, "gen_sigmoid.py", ["its derivative, alpha = %s (%s), |x| < bound: degree %d, root piece about %s," %
                                            (repr(alpha), kind, grad["deg"], mp.nstr(root, 8)),
                                            "%sworst fit 2^%.1f relative (x < 0 side)." %
                                            ("w_1 = p[1] + p1_lo (double-double), " if kind == "double" else "",
                                             math.log2(worst))])
            st.write_table(f, "%s_grad_%s_table" % (name, suffix), kind, scaled(grad)["alpha"], scaled(grad)["beta"],
                           bound, rows)
            st.footer(f)


def main(d):
    for name, par, form in (("silu", SILU32, "V"), ("quick_gelu", QGELU32, "W")):
        rows, bound, worst = st.forward_f32(Sd, dlogSd, form=form, name=name, **par)
        with open(os.path.join(d, name + "_f32.hpp"), "w") as f:
            st.header(f, "gen_sigmoid.py", ["%s, float, |%s| < bound: %s form (symtables.py), degree %d," %
                                            (name, "x" if form == "V" else "alpha x", form, par["deg"]),
                                            "worst fit 2^%.1f relative to |y|." % math.log2(worst)])
            st.write_table(f, name + "_f32_table", "float", par["alpha"], par["beta"], bound, rows)
            st.footer(f)
    rows, bound, worst = st.forward_f64(Sm, name="silu", **SILU64)
    with open(os.path.join(d, "silu_f64.hpp"), "w") as f:
        st.header(f, "gen_sigmoid.py", ["silu, double, |x| < bound: V form with constant term, degree %d," % SILU64["deg"],
                                        "worst fit 2^%.1f relative to |y|." % math.log2(worst)])
        st.write_table(f, "silu_f64_table", "double", SILU64["alpha"], SILU64["beta"], bound, rows)
        st.footer(f)
    rows, bound, worst = st.forward_f64_w(Sm, name="quick_gelu", **QGELU64)
    with open(os.path.join(d, "quick_gelu_f64.hpp"), "w") as f:
        st.header(f, "gen_sigmoid.py", ["quick_gelu, double, |alpha x| < bound: W form with constant term, degree %d," % QGELU64["deg"],
                                        "worst fit 2^%.1f relative to sigma(-t)." % math.log2(worst)])
        st.write_table(f, "quick_gelu_f64_table", "double", QGELU64["alpha"], QGELU64["beta"], bound, rows)
        st.footer(f)
    rows, bound, worst = st.derivative_f32(Dd, Dm, ROOT, name="sigmoid_grad", **GRAD32)
    with open(os.path.join(d, "sigmoid_grad_f32.hpp"), "w") as f:
        st.header(f, "gen_sigmoid.py", ["sigma(z)(1 + z(1 - sigma(z))), float, |z| < bound: degree %d, root piece about 1.2784645," % GRAD32["deg"],
                                        "worst fit 2^%.1f relative (z < 0 side)." % math.log2(worst)])
        st.write_table(f, "sigmoid_grad_f32_table", "float", GRAD32["alpha"], GRAD32["beta"], bound, rows)
        st.footer(f)
    rows, bound, worst = st.derivative_f64(Dm, ROOT, name="sigmoid_grad", split_p1=True, **GRAD64)
    with open(os.path.join(d, "sigmoid_grad_f64.hpp"), "w") as f:
        st.header(f, "gen_sigmoid.py", ["sigma(z)(1 + z(1 - sigma(z))), double, |z| < bound: degree %d, root piece about 1.2784645," % GRAD64["deg"],
                                        "w_1 = p[1] + p1_lo (double-double), worst fit 2^%.1f relative (z < 0 side)." % math.log2(worst)])
        st.write_table(f, "sigmoid_grad_f64_table", "double", GRAD64["alpha"], GRAD64["beta"], bound, rows)
        st.footer(f)


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[2] == "--default-quick-gelu-only":
        default_quick_gelu(sys.argv[1])
    else:
        main(sys.argv[1])
        default_quick_gelu(sys.argv[1])
