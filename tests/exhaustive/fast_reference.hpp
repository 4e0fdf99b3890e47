#pragma once
// Fast references for the float kernels: each definition of
// shared/notes/gelu-math.md evaluated in double, for a float input.
//
// Why double is enough.  A float result needs its reference to well below one
// float ulp; double carries 29 more bits.  Every formula below is a short
// chain of correctly rounded operations (2^-53 relative each), glibc's exp and
// expm1 (< 1 double ulp) and erfc (a few double ulps), on arguments that are
// exact or whose rounding is amplified by a bounded factor (worked out per
// kernel below).  The one place double is not enough is the cancellation next
// to a derivative's root; there the checker uses MPFR instead (window_of).
//
// Claimed bound, for every finite float x outside the kernel's MPFR window:
//     |ref(x) - f(x)| <= rel_bound * |f(x)| + abs_bound
// with rel_bound = 2^-40 and abs_bound = 2^-1000.  In float ulps of f(x)'s
// binade that is at most 2^-40 * 2^24 = 2^-16 ulp (+ nothing measurable: the
// smallest float ulp is 2^-149), four orders of magnitude below the 0.05 ulp
// band in which the checker has every case re-decided by MPFR.  The bound is
// not taken on faith: `actfn_exhaustive --self-test` compares every reference
// with MPFR on a stratified sample (every binade, both signs, dense just
// outside the windows, the thresholds of the note) and fails if it is broken,
// and every case the checker reports is re-evaluated in MPFR, a disagreement
// beyond the bound stopping the run.
//
// Per kernel (eps = 2^-53; "exact" means no rounding at all):
//  - x*x is exact for a float x (48 significant bits), so is alpha*x and
//    slope*x for float alpha, slope; 0.5 * (x*x) too.
//  - gelu = 0.5 x erfc(-x/sqrt2): t = -x * fl(1/sqrt2) carries <= 2 eps
//    relative error; erfc's relative condition number at t is |2 t^2| at most
//    (t > 0) and < 0.5 for t < 0, so t's rounding costs <= x^2 * 2 eps; glibc's
//    erfc adds a few eps (its x86_64 ulps table allows up to 5: counted as 5);
//    one rounding for x * erfc.  Total <= (2 x^2 + 7) eps: 2^-44.3 at |x| = 14.4, where float gelu
//    underflows to -0; below that only the absolute error counts and
//    x^2 * 2 eps * |f| < 2^-41 * 2^-150.  erfc is subnormal (or 0) in double only
//    for x < -37.5, where |f| < 2^-1000.
//  - gelu' = Phi + x phi: Phi as above (<= (2 x^2 + 7) eps relative), phi =
//    exp(-x^2/2) / sqrt(2 pi) with an exact argument (<= 3 eps), x phi one more
//    rounding.  Opposite signs for x < 0: the sum's relative error is the
//    terms' times (Phi + |x| phi) / |Phi + x phi|, which is <= 5 for x <= -1 and
//    x >= -0.6 (and -> 1 in the tail) but grows like 1.05 / |x - r| at the root
//    r = -0.7517915: |x - r| >= 2^-8 (outside the window) keeps it below
//    ~270 * 12 eps = 2^-41.7.
//  - gelu_tanh = x sigma(z), z = 2u = 2 sqrt(2/pi) x (1 + 0.044715 x^2): z carries
//    <= 6 eps (two constants, four roundings); sigma's relative condition is
//    |z| (1 - sigma(z)) <= |z|, so 6 |z| eps + 4 eps from sigma's own exp,
//    add, divide: <= 2^-44 at x = -10.77 (|z| = 106) where float gelu_tanh
//    underflows; beyond, absolute only (and exp(-z) overflowing gives
//    sigma = 0, |f| < 2^-1000).
//  - gelu_tanh' = sigma(z) + 2 x sigma(z) sigma(-z) sqrt(2/pi) (1 + 3 0.044715 x^2),
//    sigma(-z) formed directly (never 1 - sigma): terms within ~(6 |z| + 12) eps;
//    the same cancellation as gelu' at r = -0.7524614, same window.
//  - quick_gelu = x sigma(alpha x), silu = alpha 1: z exact, sigma <= 4 eps,
//    result <= 5 eps.
//  - quick_gelu' = sigma(z) (1 + z sigma(-z)): z sigma(-z) within 5 eps of itself
//    (|z sigma(-z)| ~ 1 near the root), so 1 + z sigma(-z) has absolute error
//    <= 6 eps while its value is ~ |z - z_r| (slope 1.0 at z_r = -1.2784645):
//    outside |x - x_r| >= 2^-8 (alpha >= 1) the relative error is <= 2^-44.
//  - elu = alpha expm1(x) (x <= 0): <= 2 eps; elu' = alpha exp(x): <= 2 eps.
//  - relu, leaky_relu and their derivatives: exact.

#include "actfn_reference.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>

namespace actfn_exh {

using actfn_ref::kernel;

constexpr double rel_bound = 0x1p-40;
constexpr double abs_bound = 0x1p-1000;

// 1/sqrt(2), 1/sqrt(2 pi), sqrt(2/pi), 2 sqrt(2/pi), rounded to double.
constexpr double inv_sqrt2 = 0.70710678118654752440084436210484903928;
constexpr double inv_sqrt_2pi = 0.39894228040143267793994605993438186848;
constexpr double sqrt_2_over_pi = 0.79788456080286535587989211986876373695;
constexpr double two_sqrt_2_over_pi = 1.5957691216057307117597842397375274739;
constexpr double tanh_k = 0.044715;   // the real 0.044715, rounded to double
constexpr double tanh_3k = 0.134145;  // 3 * 0.044715, rounded to double

// sigma(z) = 1 / (1 + exp(-z)); exp(-z) = +inf (z < -709.78) gives +0.
inline double sigmoid(double z)
{
    return 1.0 / (1.0 + std::exp(-z));
}

inline double ref_gelu(double x)
{
    return 0.5 * x * std::erfc(-x * inv_sqrt2);
}

inline double ref_gelu_grad(double x)
{
    const double cdf = 0.5 * std::erfc(-x * inv_sqrt2);
    const double pdf = std::exp(-0.5 * (x * x)) * inv_sqrt_2pi;
    return cdf + x * pdf;
}

inline double tanh_z(double x)
{
    return two_sqrt_2_over_pi * (x * (1.0 + tanh_k * (x * x)));
}

inline double ref_gelu_tanh(double x)
{
    return x * sigmoid(tanh_z(x));
}

inline double ref_gelu_tanh_grad(double x)
{
    const double z = tanh_z(x);
    const double sp = sigmoid(z), sm = sigmoid(-z);
    const double dz = sqrt_2_over_pi * (1.0 + tanh_3k * (x * x));
    return sp + 2.0 * x * sp * sm * dz;
}

inline double ref_quick_gelu(double x, double alpha)
{
    return x * sigmoid(alpha * x);
}

inline double ref_quick_gelu_grad(double x, double alpha)
{
    const double z = alpha * x;
    return sigmoid(z) * (1.0 + z * sigmoid(-z));
}

inline double ref_elu(double x, double alpha)
{
    return x > 0 ? x : alpha * std::expm1(x);
}

inline double ref_elu_grad(double x, double alpha)
{
    return x > 0 ? 1.0 : alpha * std::exp(x);
}

inline double ref_relu(double x)
{
    return x > 0 ? x : 0.0;
}

inline double ref_relu_grad(double x)
{
    return x > 0 ? 1.0 : 0.0;
}

inline double ref_leaky_relu(double x, double slope)
{
    return x > 0 ? x : slope * x;
}

inline double ref_leaky_relu_grad(double x, double slope)
{
    return x > 0 ? 1.0 : slope;
}

// The fast reference of k at a finite float x (outside k's window).
inline double fast_ref(kernel k, double x, double param)
{
    switch (k)
    {
    case kernel::gelu: return ref_gelu(x);
    case kernel::gelu_grad: return ref_gelu_grad(x);
    case kernel::gelu_tanh: return ref_gelu_tanh(x);
    case kernel::gelu_tanh_grad: return ref_gelu_tanh_grad(x);
    case kernel::quick_gelu: return ref_quick_gelu(x, param);
    case kernel::quick_gelu_grad: return ref_quick_gelu_grad(x, param);
    case kernel::silu: return ref_quick_gelu(x, 1.0);
    case kernel::silu_grad: return ref_quick_gelu_grad(x, 1.0);
    case kernel::elu: return ref_elu(x, param);
    case kernel::elu_grad: return ref_elu_grad(x, param);
    case kernel::relu: return ref_relu(x);
    case kernel::relu_grad: return ref_relu_grad(x);
    case kernel::leaky_relu: return ref_leaky_relu(x, param);
    case kernel::leaky_relu_grad: return ref_leaky_relu_grad(x, param);
    }
    return 0;
}

// True when the fast reference of k is exact (no rounding anywhere).
inline bool exact_ref(kernel k)
{
    const kernel f = actfn_ref::forward_of(k);
    return f == kernel::relu || f == kernel::leaky_relu;
}

// Closed interval of x where k's fast reference is not trusted and MPFR is
// used instead (lo > hi: none).  Half-width 2^-8 about the derivative's root:
// see the cancellation analysis above.
struct window
{
    double lo = 1, hi = 0;
    bool contains(double x) const { return x >= lo && x <= hi; }
};
constexpr double window_half_width = 0x1p-8;
window window_of(kernel k, double param, double half_width = window_half_width);

// The parameter the checker gives k: the kernel's default in the working type
// (quick_gelu alpha = 1.702f or 1.702, leaky_relu slope = 0.01f or 0.01, elu
// alpha = 1), the value the array API uses when none is passed.
double default_param(kernel k, actfn_ref::format f = actfn_ref::format::binary32);

} // namespace actfn_exh
