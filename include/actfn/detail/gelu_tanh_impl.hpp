#pragma once
// tanh-GELU: y = 0.5 x (1 + tanh(u)) = x sigma(z), z = 2u = k1 x + k3 x^3 with
// k1 = 2 sqrt(2/pi), k3 = 0.044715 k1 (the real constants), and its derivative
// g = sigma(z) + x sigma(z) sigma(-z) z'(x).
//
// Table paths (tools/gen_gelu_tanh.py) as for exact GELU: the V form for y,
// a root piece about the derivative's root -0.7524614... for g.  Tails in
// double: z is formed as a double-double (a^2 and the products split
// exactly), because in the far tail |z| reaches hundreds and a rounded z would
// cost that many ulps; then the sigmoid tails of sigmoid_tail.hpp.
//
// Op count per vector, float table paths: forward 2 (a, sign) + 4 (index, c,
// s) + 5 lookups + 4 FMA + 1 mul + 3 (base) + 1 FMA + 1 (tail test) = 21;
// derivative 2 + 4 + 6 lookups + 5 FMA + 1 mul + 3 (base) + 2 (flip, add)
// + 1 = 24.  On AVX-512 each lookup is one vpermi2ps: on Intel the FMA and
// permute ports (0 and 5) share the work about evenly, on Zen 4 FMAs and
// permutes take turns on one pipe pair (piecewise.hpp).

#include "kernel_op.hpp"
#include "piecewise.hpp"
#include "range2.hpp"
#include "sigmoid_tail.hpp"
#include "simd_ops.hpp"
#include "tables/gelu_tanh_f32.hpp"
#include "tables/gelu_tanh_f64.hpp"
#include "tables/gelu_tanh_grad_f32.hpp"
#include "tables/gelu_tanh_grad_f64.hpp"
#include "tables/gelu_tanh_grad_range2_f32.hpp"
#include "tables/gelu_tanh_range2_f32.hpp"
#include "widen.hpp"

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

template <class S>
struct gelu_tanh_tables;
template <>
struct gelu_tanh_tables<float>
{
    using forward = gelu_tanh_f32_table;
    using derivative = gelu_tanh_grad_f32_table;
    // The second ranges (range2.hpp), from the first tables' bounds on.
    using forward_range2 = gelu_tanh_range2_f32_table;
    using derivative_range2 = gelu_tanh_grad_range2_f32_table;
    static_assert(continues<forward_range2, forward>() && continues<derivative_range2, derivative>(),
                  "the second range starts at the first table's bound");
};
template <>
struct gelu_tanh_tables<double>
{
    using forward = gelu_tanh_f64_table;
    using derivative = gelu_tanh_grad_f64_table;
    using forward_range2 = void; // none: with_range2 leaves double to the tail
    using derivative_range2 = void;
};

// The exact products both expansions below start from: a^2 = h + l,
// a^3 = p + pe + a l, k3_hi p = q + qe, k1_hi a = m + me.
template <class T>
struct gelu_tanh_products
{
    T h, l, p, pe, q, qe, m, me;

    explicit gelu_tanh_products(const T& a) noexcept
    {
        using K = gelu_tanh_f64_table;
        h = a * a;
        l = product_error(a, a, h);
        p = a * h;
        pe = product_error(a, h, p);
        q = T(K::k3_hi) * p;
        qe = product_error(T(K::k3_hi), p, q);
        m = T(K::k1_hi) * a;
        me = product_error(T(K::k1_hi), a, m);
    }
};

// z(a) = k1 a + k3 a^3 = z_hi + z_lo to about 2^-100 relative, for a >= 0.
template <class T>
inline void gelu_tanh_z(const T& a, T& z_hi, T& z_lo) noexcept
{
    using K = gelu_tanh_f64_table;
    const gelu_tanh_products<T> e(a);
    const T sum = e.m + e.q;
    const T err = two_sum_error(e.m, e.q, sum);
    T rest = muladd(T(K::k1_lo), a, e.me + e.qe);
    rest = muladd(T(K::k3_hi), muladd(a, e.l, e.pe), rest);
    rest = muladd(T(K::k3_lo), e.p, rest);
    const T lo = err + rest;
    z_hi = sum + lo;
    z_lo = lo - (z_hi - sum);
}

// m(a) = a z'(a) = k1 a + 3 k3 a^3 = m_hi + m_lo (not normalised, |m_lo| <= a
// few ulps of m_hi) to about 2^-100 relative, for a >= 0: the double
// derivative tail (see gelu_tanh_grad_tail_f64).  The products are
// gelu_tanh_z's, which the compiler shares.
template <class T>
inline void gelu_tanh_m(const T& a, T& m_hi, T& m_lo) noexcept
{
    using K = gelu_tanh_f64_table;
    const gelu_tanh_products<T> e(a);
    // k3 a^3 = q + c_lo, c_lo to ~2^-104 of k3 a^3
    const T c_lo = muladd(T(K::k3_lo), e.p, muladd(T(K::k3_hi), muladd(a, e.l, e.pe), e.qe));
    const T q3 = T(3.0) * e.q;
    const T q3e = product_error(T(3.0), e.q, q3);
    const T sum = e.m + q3;
    const T err = two_sum_error(e.m, q3, sum);
    m_hi = sum;
    m_lo = err + (muladd(T(K::k1_lo), a, e.me) + muladd(T(3.0), c_lo, q3e));
}

// The tails need finite, moderate |x|: from |x| = 30 on (z > 1900) the results
// are the limits x (x > 0) and -0 (x < 0) for float and double alike.
template <class T>
inline T gelu_tanh_tail_f64(const T& x) noexcept
{
    const T a = absolute(x);
    const T sign = bit_xor(x, a);
    const T lim(30.0);
    const T ac = choose(a < lim, a, lim);
    T z_hi, z_lo;
    gelu_tanh_z(ac, z_hi, z_lo);
    const T xc = bit_xor(ac, sign);
    const T y = sigmoid_mul_tail_f64(xc, bit_xor(z_hi, sign), bit_xor(z_lo, sign));
    return choose(a < lim, y, choose(x < T(0.0), T(-0.0), x));
}

// The double kernel's derivative tail: m = a z'(a) as a double-double.
// Rounded, m (four roundings and k1_lo, k3_lo left out: up to ~2 2^-53) costs
// that much relative in F = m (1 - S) - 1 and so in g; with F's own roundings
// the double tail reached 3.3-3.6 ulps (x = -6.57; all 768 of the checker's
// 10^6 inputs > 2 ulps were tail inputs).  Now <= 0.75 ulp (sigmoid_tail.hpp).
template <class T>
inline T gelu_tanh_grad_tail_f64(const T& x) noexcept
{
    const T a = absolute(x);
    const T sign = bit_xor(x, a);
    const T lim(30.0);
    const T ac = choose(a < lim, a, lim);
    T z_hi, z_lo;
    gelu_tanh_z(ac, z_hi, z_lo);
    T m_hi, m_lo;
    gelu_tanh_m(ac, m_hi, m_lo);
    const T g = sigmoid_grad_tail_f64(bit_xor(z_hi, sign), bit_xor(z_lo, sign), m_hi, m_lo);
    return choose(a < lim, g, choose(x < T(0.0), T(-0.0), T(1.0)));
}

// The float kernels' tails (float-grade, see sigmoid_tail.hpp), in double:
// z = a (k1 + k3 a^2) and m = a (k1 + 3 k3 a^2) rounded (a few 2^-53
// relative: < 2^-44 absolute in z <= 1900) are plenty for float results.
// From |x| = 30 on the results are the limits, as in the double tails.
template <bool derivative, class T>
inline T gelu_tanh_tail_coarse(const T& x) noexcept
{
    using K = gelu_tanh_f64_table;
    const T a = absolute(x);
    const T sign = bit_xor(x, a);
    const T lim(30.0);
    const T ac = choose(a < lim, a, lim);
    const T k3a = T(K::k3_hi) * ac;
    const T z = bit_xor(ac * muladd(k3a, ac, T(K::k1_hi)), sign);
    if constexpr (derivative)
    {
        const T m = ac * muladd(T(3.0) * k3a, ac, T(K::k1_hi));
        return choose(a < lim, sigmoid_grad_tail_coarse(z, m), choose(x < T(0.0), T(-0.0), T(1.0)));
    }
    else
        return choose(a < lim, sigmoid_mul_tail_coarse(bit_xor(ac, sign), z), choose(x < T(0.0), T(-0.0), x));
}

template <class S>
struct gelu_tanh_forward : table_fast_path<typename gelu_tanh_tables<S>::forward, table_form::v>
{
    explicit gelu_tanh_forward(op_tag) noexcept {}
    // Lanes from the first table's bound on: the second range (float; range2.hpp).
    using second_range_table = typename gelu_tanh_tables<S>::forward_range2;
    static constexpr bool second_range_derivative = false;

    template <tail_lanes L = tail_lanes::all, class T>
    T slow(const T& x) const noexcept
    {
        return tail_in_double<L>(
            x, [](const auto& d) { return gelu_tanh_tail_coarse<false>(d); },
            [](const auto& d) { return gelu_tanh_tail_f64(d); });
    }
};

template <class S>
struct gelu_tanh_derivative : table_fast_path<typename gelu_tanh_tables<S>::derivative, table_form::derivative>
{
    explicit gelu_tanh_derivative(op_tag) noexcept {}
    // Lanes from the first table's bound on: the second range (float; range2.hpp).
    using second_range_table = typename gelu_tanh_tables<S>::derivative_range2;
    static constexpr bool second_range_derivative = true;

    template <tail_lanes L = tail_lanes::all, class T>
    T slow(const T& x) const noexcept
    {
        // Double kernels take the precise tail (see gelu_tanh_grad_tail_f64).
        return tail_in_double<L>(
            x, [](const auto& d) { return gelu_tanh_tail_coarse<true>(d); },
            [](const auto& d) { return gelu_tanh_grad_tail_f64(d); });
    }
};

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
