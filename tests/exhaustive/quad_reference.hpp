#pragma once
// Fast references for the double kernels: the definitions of
// shared/notes/gelu-math.md evaluated in binary128 (__float128, libquadmath),
// for a double input.  Only built where the compiler and libquadmath offer it
// (ACTFN_EXH_HAVE_QUAD).
//
// Why: the MPFR reference costs ~100 us per erfc in the tail at 128 bits, so
// the test suite's accuracy-full level (10^7 doubles per family, every point
// in MPFR) takes many minutes; binary128's erfcq/expq take ~1-2 us.  binary128
// carries 60 more bits than double, so formulas with a bounded amplification
// of their roundings stay far below a double ulp; MPFR still decides the
// cases near a bound, the worst cases, and the derivatives' root windows.
//
// Claimed bound, for every finite double x outside the kernel's window
// (|x - root| > 2^-40 for the derivatives with a root):
//     |ref(x) - f(x)| <= 2^-64 |f(x)| + 2^-1200
// i.e. <= 2^-11 double ulp (the smallest double ulp is 2^-1074).  With
// q = 2^-113 (binary128 rounding) and libquadmath's erfcq, expq, expm1q within
// a few q (glibc's ldbl-128 code):
//  - x*x, alpha*x are exact (106 bits <= 113).
//  - gelu: erfc's argument -x/sqrt2 carries 2q, amplified by <= 2 t^2 = x^2
//    <= 1490 where the double result is above the subnormal range (x > -38.6):
//    <= 2^-101 relative.
//  - gelu': the terms within ~2^-109, cancelling at r = -0.7517915 as
//    1.05/|x - r|: outside |x - r| >= 2^-40 (the window) <= 2^-69.
//  - gelu_tanh (and '): z = 2u carries ~6q, amplified by |z| <= 745 (beyond it
//    sigma(z) < 2^-1075): <= 2^-100; the derivative's root as gelu''s: 2^-69.
//  - sigma forms: z exact, <= 2^-108; the derivative's cancellation
//    1 + z sigma(-z) ~ (z - z_r) keeps <= 2^-68 outside the window.
//  - elu, elu': one expm1q or expq and a product: <= 2^-110.

#if defined(ACTFN_EXH_HAVE_QUAD)

#include "actfn_reference.hpp"

#include <quadmath.h>

namespace actfn_exh {

using quad = __float128;

// |ref - f| <= quad_rel_bound |f| + 2^quad_abs_bound_exp (2^-1200 is below
// the double range: the bound is checked in MPFR).
constexpr double quad_rel_bound = 0x1p-64;
constexpr long quad_abs_bound_exp = -1200;
constexpr double quad_window_half_width = 0x1p-40;

namespace q {

// Constants from their decimal expansions (36 digits, more than binary128's
// 34), rounded once; no Q-suffixed literals (a GNU extension).
inline quad constant(const char* digits)
{
    return strtoflt128(digits, nullptr);
}
inline quad inv_sqrt2()
{
    static const quad v = constant("0.707106781186547524400844362104849039");
    return v;
}
inline quad inv_sqrt_2pi()
{
    static const quad v = constant("0.398942280401432677939946059934381868");
    return v;
}
inline quad sqrt_2_over_pi()
{
    static const quad v = constant("0.797884560802865355879892119868763737");
    return v;
}
// 0.044715 and 3 * 0.044715, the real numbers, rounded once.
inline quad tanh_k()
{
    static const quad v = constant("0.044715");
    return v;
}
inline quad tanh_3k()
{
    static const quad v = constant("0.134145");
    return v;
}
constexpr double half = 0.5;

inline quad sigmoid(quad z)
{
    return 1 / (1 + expq(-z));
}

inline quad gelu(quad x)
{
    return half * x * erfcq(-x * inv_sqrt2());
}

inline quad gelu_grad(quad x)
{
    return half * erfcq(-x * inv_sqrt2()) + x * expq(-half * (x * x)) * inv_sqrt_2pi();
}

inline quad tanh_z(quad x)
{
    return 2 * sqrt_2_over_pi() * (x * (1 + tanh_k() * (x * x)));
}

inline quad gelu_tanh(quad x)
{
    return x * sigmoid(tanh_z(x));
}

inline quad gelu_tanh_grad(quad x)
{
    const quad z = tanh_z(x);
    const quad sp = sigmoid(z), sm = sigmoid(-z);
    return sp + 2 * x * sp * sm * sqrt_2_over_pi() * (1 + tanh_3k() * (x * x));
}

inline quad quick_gelu(quad x, quad alpha)
{
    return x * sigmoid(alpha * x);
}

inline quad quick_gelu_grad(quad x, quad alpha)
{
    const quad z = alpha * x;
    return sigmoid(z) * (1 + z * sigmoid(-z));
}

} // namespace q

// The binary128 reference of k at a finite double x (outside k's window).
inline quad quad_ref(actfn_ref::kernel k, quad x, quad param)
{
    using actfn_ref::kernel;
    switch (k)
    {
    case kernel::gelu: return q::gelu(x);
    case kernel::gelu_grad: return q::gelu_grad(x);
    case kernel::gelu_tanh: return q::gelu_tanh(x);
    case kernel::gelu_tanh_grad: return q::gelu_tanh_grad(x);
    case kernel::quick_gelu: return q::quick_gelu(x, param);
    case kernel::quick_gelu_grad: return q::quick_gelu_grad(x, param);
    case kernel::silu: return q::quick_gelu(x, 1);
    case kernel::silu_grad: return q::quick_gelu_grad(x, 1);
    case kernel::elu: return x > 0 ? x : param * expm1q(x);
    case kernel::elu_grad: return x > 0 ? quad(1) : param * expq(x);
    case kernel::relu: return x > 0 ? x : quad(0);
    case kernel::relu_grad: return x > 0 ? quad(1) : quad(0);
    case kernel::leaky_relu: return x > 0 ? x : param * x;
    case kernel::leaky_relu_grad: return x > 0 ? quad(1) : param;
    }
    return 0;
}

} // namespace actfn_exh

#endif
