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
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

template <class T>
struct exp_parts
{
    T two_hi, two_lo, p;
    bits_t<T> n; // 16K + j
};

// exp(-r) - 1 for r = r_hi + r_lo, |r| <= ln2/32 (a little more is fine),
// |r_lo| < 2^-29.
template <class T>
inline T exp_neg_reduced(const T& r_hi, const T& r_lo) noexcept
{
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
    return muladd(negate(r_lo), p1, p1);
}

template <class T>
inline exp_parts<T> exp_neg_parts(const T& t_hi, const T& t_lo) noexcept
{
    using E = exp_f64_table;
    const T shift(6755399441055744.0); // 1.5 * 2^52
    const T kk = muladd(t_hi, T(E::inv_ln2_16), shift);
    const T nf = kk - shift;
    const T r_hi = muladd(nf, T(-E::ln2_16_hi), t_hi);
    const T r_lo = muladd(nf, T(-E::ln2_16_lo), t_lo);
    exp_parts<T> out;
    out.n = to_bits(kk) - to_bits(shift);
    out.two_hi = T(lookup16(E::two_hi, out.n));
    out.two_lo = T(lookup16(E::two_lo, out.n));
    out.p = exp_neg_reduced(r_hi, r_lo);
    return out;
}

// exp_neg_parts for 0 <= t <= 1500, t = t_hi + t_lo (the rare lanes of
// QuickGELU and ELU's derivative whose extreme x or alpha puts them there):
// n ln2_16_hi is split exactly whatever n (exp_neg_parts relies on n < 2^15,
// t < 1419), and nf, the floating-point n, is returned for the caller's
// exponent arithmetic.
template <class T>
inline exp_parts<T> exp_neg_parts_wide(const T& t_hi, const T& t_lo, T& nf) noexcept
{
    using E = exp_f64_table;
    const T shift(6755399441055744.0); // 1.5 * 2^52
    const T kk = muladd(t_hi, T(E::inv_ln2_16), shift);
    nf = kk - shift;
    const T p_hi = nf * T(E::ln2_16_hi);
    const T p_err = product_error(nf, T(E::ln2_16_hi), p_hi);
    // t_hi and p_hi are within ln2/32 of each other: t_hi - p_hi is exact (Sterbenz).
    const T r_hi = t_hi - p_hi;
    const T r_lo = t_lo - muladd(nf, T(E::ln2_16_lo), p_err);
    const T r = r_hi + r_lo;
    exp_parts<T> out;
    out.n = to_bits(kk) - to_bits(shift);
    out.two_hi = T(lookup16(E::two_hi, out.n));
    out.two_lo = T(lookup16(E::two_lo, out.n));
    out.p = exp_neg_reduced(r, r_lo - (r - r_hi));
    return out;
}

// v 2^k with a single rounding, for v in [2^-4, 2^4] and an integer-valued
// double k (any value: below about -2100 the result is 0, above about 1030
// infinite).  The first factor 2^k1, k1 in [-1000, 1000], leaves v 2^k1 a
// normal number, so that product is exact; the second, 2^k2 with k2 in
// [-1100, 100], is formed as 2^(k2 + 500) 2^-500, exact down to 2^-1074,
// and only the last multiplication rounds.
template <class T>
inline T scale_by_pow2(const T& v, const T& k) noexcept
{
    const T shift(6755399441055744.0); // 1.5 * 2^52: the integer in the low bits
    const auto clamp = [](const T& a, double lo, double hi) {
        return choose(a < T(lo), T(lo), choose(a > T(hi), T(hi), a));
    };
    const T k1 = clamp(k, -1000.0, 1000.0);
    const T k2 = clamp(k - k1, -1100.0, 100.0);
    const auto pow2 = [&](const T& e) { // 2^e, e integer-valued in [-1022, 1023]
        return from_bits(shift_left(to_bits(e + T(1023.0) + shift) - to_bits(shift), 52));
    };
    return (v * pow2(k1)) * (pow2(k2 + T(500.0)) * T(0x1p-500));
}

// v 2^k with a single rounding for any finite double v and integer-valued k:
// v is first brought to [1, 2) exactly (subnormal v scaled up by 2^600
// first), then scale_by_pow2.
template <class T>
inline T ldexp_lanes(const T& v, const T& k) noexcept
{
    using I = bits_t<T>;
    const auto tiny = absolute(v) < T(0x1p-1000);
    const T v0 = choose(tiny, v * T(0x1p600), v);
    const T k0 = choose(tiny, k - T(600.0), k);
    // f = the exponent field of v0, in [23, 2046] (v0 >= 2^-1000), or 1023
    // for a zero v0; v0 = m 2^(f - 1023) with m in [1, 2), so v0 2^(1025 - f)
    // = 4 m, from a normal power of two.
    // (Integer lanes are only shifted, masked and added: xsimd 8.1 cannot
    // select int64 lanes on AVX-512BW.)
    const T shift(6755399441055744.0);
    const T field = from_bits((shift_right(to_bits(v0), 52) & I(0x7ff)) + to_bits(shift)) - shift;
    const T f = choose(field < T(0.5), T(1023.0), field);
    const T inv = from_bits(shift_left(to_bits(T(2048.0) - f + shift) - to_bits(shift), 52));
    return scale_by_pow2(v0 * inv, k0 + f - T(1025.0));
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
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
