#!/usr/bin/env python3
"""Recomputes one entry of the accuracy table by hand, with mpmath.

    python3 tools/ulp_check.py gelu -0x1.1f3abcp-3 -0x1.fe62bcp-5
    python3 tools/ulp_check.py quick_gelu_grad -0x1.b059e4p-1 -0x1.fb6552p-6
    python3 tools/ulp_check.py --double silu_grad -0x1.0ef6aad6da7eap+0 <y>

kernel, x and actfn's y (hex floats, as the table prints them) in; the exact
value of the definition (shared/notes/gelu-math.md) at 300 bits and the ULP
error of y out.  Independent of actfn and of the checker: mpmath only
(pip install mpmath).  The parameters are the float (double) values the
kernels use by default: alpha = 1.702f (1.702) for quick_gelu, slope = 0.01f
(0.01) for leaky_relu, alpha = 1 for elu; --param overrides.
"""

import argparse
import struct
import sys

try:
    from mpmath import mp, mpf, erfc, exp, expm1, sqrt, pi, floor, log
except ImportError:
    sys.exit("needs mpmath: pip install mpmath")


def as_float32(v):
    return struct.unpack("f", struct.pack("f", v))[0]


def main():
    # Hand-parsed: argparse would take "-0x1.8p-1" for an option.
    argv = sys.argv[1:]
    opts = argparse.Namespace(double=False, param=None)
    pos = []
    i = 0
    while i < len(argv):
        if argv[i] == "--double":
            opts.double = True
        elif argv[i] == "--param" and i + 1 < len(argv):
            opts.param = float(argv[i + 1])
            i += 1
        elif argv[i] in ("-h", "--help"):
            print(__doc__)
            return
        else:
            pos.append(argv[i])
        i += 1
    if len(pos) != 3:
        sys.exit(__doc__)
    a = opts
    a.kernel, a.x, a.y = pos

    mp.prec = 300
    single = not a.double
    rnd = as_float32 if single else (lambda v: v)
    x = mpf(float.fromhex(a.x))
    y = mpf(float.fromhex(a.y))
    defaults = {"quick_gelu": 1.702, "leaky_relu": 0.01, "elu": 1.0}
    fam = a.kernel[:-5] if a.kernel.endswith("_grad") else a.kernel
    p = mpf(rnd(a.param if a.param is not None else defaults.get(fam, 0.0)))

    def sig(z):
        return 1 / (1 + exp(-z))

    c, k = sqrt(2 / pi), mpf("0.044715")
    z = 2 * c * (x + k * x ** 3)
    f = {
        "gelu": lambda: x * erfc(-x / sqrt(2)) / 2,
        "gelu_grad": lambda: erfc(-x / sqrt(2)) / 2 + x * exp(-x * x / 2) / sqrt(2 * pi),
        "gelu_tanh": lambda: x * sig(z),
        "gelu_tanh_grad": lambda: sig(z) + 2 * x * sig(z) * sig(-z) * c * (1 + 3 * k * x * x),
        "quick_gelu": lambda: x * sig(p * x),
        "quick_gelu_grad": lambda: sig(p * x) * (1 + p * x * sig(-p * x)),
        "silu": lambda: x * sig(x),
        "silu_grad": lambda: sig(x) * (1 + x * sig(-x)),
        "elu": lambda: x if x > 0 else p * expm1(x),
        "elu_grad": lambda: mpf(1) if x > 0 else p * exp(x),
        "relu": lambda: x if x > 0 else mpf(0),
        "relu_grad": lambda: mpf(1) if x > 0 else mpf(0),
        "leaky_relu": lambda: x if x > 0 else p * x,
        "leaky_relu_grad": lambda: mpf(1) if x > 0 else p,
    }.get(a.kernel)
    if f is None:
        sys.exit(f"unknown kernel {a.kernel}")
    exact = f()
    prec, emin = (24, -126) if single else (53, -1022)
    e = emin if exact == 0 else max(int(floor(log(abs(exact), 2))), emin)
    ulp = mpf(2) ** (e - prec + 1)
    err = abs(y - exact) / ulp
    print(f"{a.kernel}({a.x}) = {mp.nstr(exact, 25)}")
    print(f"actfn y = {a.y} = {mp.nstr(y, 25)}")
    print(f"error = {mp.nstr(err, 6)} ULP (ulp = 2^{e - prec + 1})")


if __name__ == "__main__":
    main()
