#pragma once
// The sigmoid family's tails in double: y = x sigma(z) and
// g = sigma(z) (1 + z (1 - sigma(z))) for |z| beyond the tables (>= 4.2 in
// double, >= 6.56 in float).  The double kernels use the double-double forms
// (z given as z_hi + z_lo); with t = |z|, E = exp(-t) from exp_tail.hpp and
// S = sigma(-t) = E / (1 + E) <= 0.015:
//   z < 0:  x sigma(z) = x E (1 - S), kept as 2^-K (T_hi + T_lo)(1 + eps) with
//           eps = p - S (1 + p) until one final rounding (then the scaling);
//   z > 0:  x sigma(z) = fma(-x, S, x), where S's relative error (a few 2^-53)
//           costs at most 0.015 of that.
// The float kernels widen their tail lanes to double and use the float-grade
// forms at the end of this file.

#include "exp_tail.hpp"
#include "simd_ops.hpp"

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

template <class T>
inline exp_parts<T> sigmoid_tail_exp(const T& t_hi, const T& t_lo, T& s) noexcept
{
    const exp_parts<T> e = exp_neg_parts(t_hi, t_lo);
    T f1, f2;
    pow2_neg_factors(e.n, f1, f2);
    const T big_e = (muladd(e.two_hi, e.p, e.two_hi) * f1) * f2; // E to ~2^-52
    s = big_e / (T(1.0) + big_e);
    return e;
}

// x sigma(z) for z <= -1400, which only an extreme alpha x reaches (|x| >
// 2^900 with |alpha| < 2^-890): x E with E = exp(z) from the wide reduction
// (z to -1500, where even DBL_MAX E underflows) and one rounding of the
// scaling (ldexp_lanes); S = sigma(-t) < 2^-2000 is dropped.  Before, the
// result there was taken as its limit, -0 for x = 0x1.6563d21082a1ep+1019,
// alpha = -0x1.00fb51ff81a1p-1009 (exact about 2^-1047.7).
template <class T>
inline T sigmoid_mul_far_tail_f64(const T& x, const T& t_hi, const T& t_lo) noexcept
{
    T nf;
    const exp_parts<T> e = exp_neg_parts_wide(choose(t_hi < T(1500.0), t_hi, T(1500.0)), t_lo, nf);
    const T corr = muladd(e.two_hi, e.p, muladd(e.two_lo, e.p, e.two_lo));
    return ldexp_lanes(muladd(x, e.two_hi, x * corr), negate(round_down(nf * T(0.0625))));
}

// x sigma(z), z = z_hi + z_lo (|z_lo| <= ulp(z_hi)/2), any finite x; x and z
// infinite or huge are handled by the callers' limits.  For z > 1400 the
// result is x, for z < -1400 sigmoid_mul_far_tail_f64's, beyond -1500 a
// zero of x's sign.
template <class T>
inline T sigmoid_mul_tail_f64(const T& x, const T& z_hi, const T& z_lo) noexcept
{
    const T z_sign = bit_and(z_hi, T(-0.0));
    const T t_big(1400.0);
    const T t_abs = absolute(z_hi);
    const T t_hi = choose(t_abs > t_big, t_big, t_abs);
    const T t_lo = choose(t_abs > t_big, T(0.0), bit_xor(z_lo, z_sign));
    T s;
    const exp_parts<T> e = sigmoid_tail_exp(t_hi, t_lo, s);
    // z < 0: x E (1 - S) = 2^-K (two_hi + two_lo)(1 + eps) x
    const T eps = muladd(negate(s), T(1.0) + e.p, e.p);
    const T corr = muladd(e.two_hi, eps, muladd(e.two_lo, eps, e.two_lo));
    const T y_neg = scale_pow2_neg(muladd(x, e.two_hi, x * corr), e.n);
    const T y_pos = muladd(negate(x), s, x);
    T y_far = bit_and(x, T(-0.0));
    const auto far = (t_abs > t_big) & (t_abs <= T(1500.0));
    if (any_lane(far))
        y_far = choose(far, sigmoid_mul_far_tail_f64(x, t_abs, bit_xor(z_lo, z_sign)), y_far);
    return choose(z_hi < T(0.0), choose(t_abs > t_big, y_far, y_neg), y_pos);
}

// The derivative tail: g = S F (z < 0) or 1 + S F (z > 0) with the sign
// conventions above, F = m (1 - S) - 1 for m = m_hi + m_lo >= 4:
//   sigma(z) (1 + z (1 - sigma(z)))            (SiLU, QuickGELU): m = |z|
//   sigma(z) + x sigma(z) sigma(-z) z'(x)      (tanh-GELU):       m = |x| z'(|x|)
// For the double kernels F is kept as f_hi + f_lo until the final rounding.
// Rounding F (twice: the m_hi S and the m_lo terms) costs up to 2^-52
// relative, which with the final rounding reached 2.3 ulps (QuickGELU at
// z = -17.4, -9.1, -33); with F unrounded the other errors (S to ~3 2^-53
// relative, scaled by S <= 0.015; eps and corr) are below 0.1 ulp: measured
// on 4e6 random tail inputs each, silu_grad 1.46 -> 0.56 ulp, quick_gelu_grad
// 2.32 -> 0.59, gelu_tanh_grad (with m as a double-double) 3.56 -> 0.75 (that
// one in the subnormal range).  The float kernels use sigmoid_grad_tail_coarse.
template <class T>
inline T sigmoid_grad_tail_f64(const T& z_hi, const T& z_lo, const T& m_hi, const T& m_lo) noexcept
{
    const T z_sign = bit_and(z_hi, T(-0.0));
    // Beyond t = 800, S F < exp(-800) 10^6 underflows: clamp t and m together.
    const T t_big(800.0);
    const T t_abs = absolute(z_hi);
    const T t_hi = choose(t_abs > t_big, t_big, t_abs);
    const T t_lo = choose(t_abs > t_big, T(0.0), bit_xor(z_lo, z_sign));
    const T m_c = choose(m_hi > T(1e6), T(1e6), m_hi);
    T s;
    const exp_parts<T> e = sigmoid_tail_exp(t_hi, t_lo, s);
    // z < 0: g = -E (1 - S) F = -2^-K (two_hi + two_lo)(1 + eps) F
    const T eps = muladd(negate(s), T(1.0) + e.p, e.p);
    const T corr = muladd(e.two_hi, eps, muladd(e.two_lo, eps, e.two_lo));
    // F = (m_hi - 1) - m_hi S + m_lo (1 - S); m_hi - 1 is exact (m_hi >= 4).
    const T m1 = m_c - T(1.0);
    // f_hi = round((m_hi - 1) - m_hi S) lies within a factor 2 of m_hi - 1
    // (m_hi S <= 0.015 m_hi), so m1 - f_hi is exact and the FMA below
    // leaves only a rounding relative to f_lo itself.  The dropped
    // corr * f_lo is below 2^-57 relative.
    const T f_hi = muladd(negate(m_c), s, m1);
    const T f_lo = muladd(m_lo, T(1.0) - s, muladd(negate(m_c), s, m1 - f_hi));
    const T g_neg = negate(scale_pow2_neg(muladd(e.two_hi, f_hi, muladd(e.two_hi, f_lo, corr * f_hi)), e.n));
    const T g_pos = muladd(s, f_hi, T(1.0));
    return choose(z_hi < T(0.0), g_neg, g_pos);
}

// Float-grade tails: the float kernels compute their tails in double and round
// once to float, so 2^-34 relative is enough (within 0.51 ulp of float) and
// the double-double forms above are not needed.  For |z| >= 6.5 (the float
// tables end at |z| >= 6.56, tanh-GELU's at z >= 8.3) S = sigma(-t) =
// E/(1 + E) = E (1 - E + E^2 - E^3) = (E - E^2)(1 + E^2) up to E^4 < 2^-37,
// E = exp(-t) from exp_neg_coarse: no division.  t is clamped to 200, where
// |x| S < 2^128 2^-288 already rounds to a zero of float (or x - x S to x).
template <class T>
inline T sigmoid_neg_coarse(const T& z) noexcept
{
    const T t = absolute(z);
    const T e = exp_neg_coarse(choose(t < T(200.0), t, T(200.0)));
    // (e - e^2)(1 + e^2): two dependent steps where Horner took four, which
    // shortens 64-element calls (silu_backward with 5% tails 42.7 -> 41.7 ns).
    const T a = muladd(negate(e), e, e);
    return muladd(e * e, a, a);
}

// x sigma(z), float-grade: x S (z < 0) or x - x S (z > 0).
// Op count per double vector: 4 (t) + 14 (E) + 3 (S) + 3 = 24.
template <class T>
inline T sigmoid_mul_tail_coarse(const T& x, const T& z) noexcept
{
    const T s = sigmoid_neg_coarse(z);
    const auto neg = z < T(0.0);
    return muladd(x, choose(neg, s, negate(s)), choose(neg, T(0.0), x));
}

// The derivative, float-grade: g = -S F (z < 0) or 1 + S F (z > 0) with
// F = m (1 - S) - 1, m as in sigmoid_grad_tail_f64 (rounded to double: its
// 2^-53 is far below float's needs).  Op count per double vector: 21 (S) + 2
// (m clamp) + 2 (F) + 4 = 29.
template <class T>
inline T sigmoid_grad_tail_coarse(const T& z, const T& m) noexcept
{
    const T s = sigmoid_neg_coarse(z);
    const T m_c = choose(m > T(1e6), T(1e6), m);
    const T f = muladd(negate(m_c), s, m_c - T(1.0));
    const auto neg = z < T(0.0);
    return muladd(choose(neg, negate(s), s), f, choose(neg, T(0.0), T(1.0)));
}

// The derivative tail for SiLU and QuickGELU: m = |z|.
template <class T>
inline T sigmoid_grad_tail_z(const T& z_hi, const T& z_lo) noexcept
{
    return sigmoid_grad_tail_f64(z_hi, z_lo, absolute(z_hi), bit_xor(z_lo, bit_and(z_hi, T(-0.0))));
}

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
