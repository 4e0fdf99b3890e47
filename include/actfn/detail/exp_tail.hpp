#pragma once
// exp(-t) in double for the tails of the GELU family, with t given exactly as
// t_hi + t_lo (|t_lo| <= ulp(t_hi)), returned unrounded as
//     exp(-t) = 2^-K * (T_hi + T_lo) * (1 + p),  |p| <= 0.022,
// so that the caller can fold the result into its own final rounding.
// n = 16K + j = round(16 t / ln2); T = 2^(-j/16) from a 16-entry table;
// r = t - n ln2/16 (Cody-Waite, the high part exact) in [-ln2/32, ln2/32];
// p = exp(-r) - 1 by its Taylor polynomial of degree 8 (error < 2^-65).
// Valid for 0 <= t < 16383 ln2/16 (about 709): the callers clamp t.

#include "lookup.hpp"
#include "simd_ops.hpp"
#include "tables/exp_tables.hpp"

namespace actfn {
namespace detail {

template <class T>
struct exp_parts
{
    T two_hi, two_lo, p;
    bits_t<T> n; // 16K + j
};

template <class T>
inline exp_parts<T> exp_neg_parts(const T& t_hi, const T& t_lo) noexcept
{
    using E = exp_f64_table;
    const T shift(6755399441055744.0); // 1.5 * 2^52
    const T kk = muladd(t_hi, T(E::inv_ln2_16), shift);
    const T nf = kk - shift;
    const T r_hi = muladd(nf, T(-E::ln2_16_hi), t_hi);
    const T r_lo = muladd(nf, T(-E::ln2_16_lo), t_lo);
    // exp(-r) - 1 = -r (1 - r/2 (1 - r/3 (1 - ... (1 - r/8)))), Horner in r_hi.
    T q = muladd(r_hi, T(-1.0 / 40320), T(1.0 / 5040));
    q = muladd(q, r_hi, T(-1.0 / 720));
    q = muladd(q, r_hi, T(1.0 / 120));
    q = muladd(q, r_hi, T(-1.0 / 24));
    q = muladd(q, r_hi, T(1.0 / 6));
    q = muladd(q, r_hi, T(-0.5));
    q = muladd(q, r_hi, T(1.0));
    // exp(-r_lo) = 1 - r_lo up to r_lo^2/2 < 2^-59 (|r_lo| <= n ln2_16_lo < 2^-29);
    // (1 + p_hi)(1 - r_lo) - 1 = (p_hi - r_lo)(1 - r_lo) up to r_lo^2.
    const T p1 = muladd(negate(r_hi), q, negate(r_lo));
    const T p = muladd(negate(r_lo), p1, p1);
    exp_parts<T> out;
    out.n = to_bits(kk) - to_bits(shift);
    out.two_hi = T(lookup16(E::two_hi, out.n));
    out.two_lo = T(lookup16(E::two_lo, out.n));
    out.p = p;
    return out;
}

// v * 2^-K for K = n >> 4 in [0, 2044], with a single rounding even when the
// result is subnormal: the first factor 2^-(K/2) is exact on normal v.
template <class T>
inline void pow2_neg_factors(const bits_t<T>& n, T& f1, T& f2) noexcept
{
    using I = bits_t<T>;
    const I k = shift_right(n, 4);
    const I k1 = shift_right(k, 1);
    const I k2 = k - k1;
    f1 = from_bits(shift_left(I(1023) - k1, 52));
    f2 = from_bits(shift_left(I(1023) - k2, 52));
}

template <class T>
inline T scale_pow2_neg(const T& v, const bits_t<T>& n) noexcept
{
    T f1, f2;
    pow2_neg_factors(n, f1, f2);
    return (v * f1) * f2;
}

// addend + v * 2^-K with one rounding.
template <class T>
inline T scale_pow2_neg_add(const T& v, const bits_t<T>& n, const T& addend) noexcept
{
    T f1, f2;
    pow2_neg_factors(n, f1, f2);
    return muladd(v * f1, f2, addend);
}

// exp(-t) for 0 <= t <= 700 to 2^-34 relative: the float kernels' tails,
// computed in double and rounded once to float, need no more.  16K + j =
// round(16 t / ln2); r = t - n ln2/16 by one FMA with ln2/16 rounded (error
// < 16160 2^-58 < 2^-44); exp(-r) by Taylor of degree 4 on |r| <= ln2/32
// (< 2^-34.5); 2^-K subtracted from the exponent of 2^(-j/16) in (0.5, 1]
// (K <= 1010: the result stays normal).  The callers clamp t.
// Op count: 3 (n, r) + 5 (Estrin) + 1 lookup + 4 (2^-K) + 1 = 14.
template <class T>
inline T exp_neg_coarse(const T& t) noexcept
{
    using E = exp_f64_table;
    const T shift(6755399441055744.0); // 1.5 * 2^52: round to integer in the low bits
    const T kk = muladd(t, T(E::inv_ln2_16), shift);
    const T r = muladd(kk - shift, T(-(E::ln2_16_hi + E::ln2_16_lo)), t);
    // exp(-r) = (1 - r) + r^2 ((1/2 - r/6) + r^2/24), Estrin: the chain is two
    // FMAs after r^2 instead of Horner's four (the 64-element calls wait on it).
    const T r2 = r * r;
    const T er = muladd(r2, muladd(r2, T(1.0 / 24), muladd(r, T(-1.0 / 6), T(0.5))), T(1.0) - r);
    const bits_t<T> n = to_bits(kk) - to_bits(shift);
    const T two = from_bits(to_bits(T(lookup16(E::two_hi, n))) - shift_left(shift_right(n, 4), 52));
    return two * er;
}

// The float counterpart for the ELU derivative: exp(-a) = 2^-K (T_hi + T_lo)(1 + p)
// for 0 <= a <= 150, n = 32K + j = round(32 a / ln2), T = 2^(-j/32) (float hi +
// lo), r = a - n ln2/32 with n*ln2_hi exact, then rounded to one float (its
// error, < 2^-31, is far below a float ulp), p = exp(-r) - 1 by Taylor
// (degree 4, error < 2^-40 on |r| <= ln2/64).
template <class T>
inline exp_parts<T> exp_neg_parts_f32(const T& a) noexcept
{
    using E = exp_f32_table;
    const T shift(12582912.0f); // 1.5 * 2^23
    const T kk = muladd(a, T(E::inv_ln2_32), shift);
    const T nf = kk - shift;
    const T r_hi = muladd(nf, T(-E::ln2_32_hi), a);
    const T r = muladd(nf, T(-E::ln2_32_lo), r_hi);
    T q = muladd(r, T(1.0f / 24), T(-1.0f / 6));
    q = muladd(q, r, T(0.5f));
    q = muladd(q, r, T(-1.0f));
    exp_parts<T> out;
    out.p = r * q; // exp(-r) - 1 = -r + r^2/2 - r^3/6 + r^4/24
    out.n = to_bits(kk) - to_bits(shift);
    out.two_hi = T(lookup32(E::two_hi, out.n));
    out.two_lo = T(lookup32(E::two_lo, out.n));
    return out;
}

// v * 2^-K for float, K = n >> 5 in [0, 252], one rounding (two exact-first steps).
template <class T>
inline T scale_pow2_neg_f32(const T& v, const bits_t<T>& n) noexcept
{
    using I = bits_t<T>;
    const I k = shift_right(n, 5);
    const I k1 = shift_right(k, 1);
    const I k2 = k - k1;
    const T f1 = from_bits(shift_left(I(127) - k1, 23));
    const T f2 = from_bits(shift_left(I(127) - k2, 23));
    return (v * f1) * f2;
}

} // namespace detail
} // namespace actfn
