#pragma once
// SiLU x sigma(x), QuickGELU x sigma(alpha x) and their derivative
// sigma(z) (1 + z (1 - sigma(z))), z = x or alpha x.
//
// Tables (tools/gen_sigmoid.py, forms in tools/symtables.py) are on t = |z|:
//   silu:        y = fma(x, 0.5 + (d0 ^ sign), -V(s)),   V ~ t (S(t) - c0)
//   quick_gelu:  y = fma(x, 0.5 + (d0 ^ sign z), (x W(s)) ^ flip),  W ~ S(t) - c0
//   derivative:  g = (0.5 + (d0 ^ sign z)) + (W(s) ^ flip),  W ~ D(t) - c0
// with S(t) = sigma(-t), D(t) = g(-t).  For QuickGELU z = alpha x is split
// exactly, z_hi + z_lo, and s = (t_hi - c) + t_lo: rounding alpha x would cost
// |z| ulps in the tail.  Beyond the tables the double tails of
// sigmoid_tail.hpp take over (float lanes widened to double).

#include "lookup.hpp"
#include "piecewise.hpp"
#include "sigmoid_tail.hpp"
#include "simd_ops.hpp"
#include "tables/quick_gelu_f32.hpp"
#include "tables/quick_gelu_f64.hpp"
#include "tables/sigmoid_grad_f32.hpp"
#include "tables/sigmoid_grad_f64.hpp"
#include "tables/silu_f32.hpp"
#include "tables/silu_f64.hpp"
#include "widen.hpp"

#include <type_traits>

namespace actfn {
namespace detail {

template <class S>
struct sigmoid_tables;

template <>
struct sigmoid_tables<float>
{
    using silu = silu_f32_table;
    using quick_gelu = quick_gelu_f32_table;
    using grad = sigmoid_grad_f32_table;
};

template <>
struct sigmoid_tables<double>
{
    using silu = silu_f64_table;
    using quick_gelu = quick_gelu_f64_table;
    using grad = sigmoid_grad_f64_table;
};

template <class T>
inline T silu_kernel(const T& x) noexcept
{
    using S = scalar_t<T>;
    using Tab = typename sigmoid_tables<S>::silu;
    const T a = absolute(x);
    const T sign = bit_xor(x, a);
    T y = forward_v<Tab>(x, a);
    const auto tail = a >= T(Tab::bound);
    if (any_lane(tail))
    {
        const T limit(S(800));
        const T xc = choose(a < limit, x, bit_xor(limit, sign));
        const T yt = in_double(xc, [](const auto& d) {
            using D = std::decay_t<decltype(d)>;
            return sigmoid_mul_tail_f64(d, d, D(0.0));
        });
        // x <= -800: x sigma(x) < 2^-1100 rounds to -0; x >= 800: x
        y = choose(tail, choose(a < limit, yt, choose(x < T(S(0)), T(S(-0.0)), x)), y);
    }
    return y;
}

// z = alpha x = z_hi + z_lo exactly.
template <class T>
inline void split_product(const T& alpha, const T& x, T& z_hi, T& z_lo) noexcept
{
    z_hi = alpha * x;
    z_lo = product_error(alpha, x, z_hi);
}

template <class T>
inline T quick_gelu_kernel(const T& x, scalar_t<T> alpha) noexcept
{
    using S = scalar_t<T>;
    using Tab = typename sigmoid_tables<S>::quick_gelu;
    T z_hi, z_lo;
    split_product(T(alpha), x, z_hi, z_lo);
    const T t = absolute(z_hi);
    const T zsign = bit_xor(z_hi, t);
    bits_t<T> idx;
    T s;
    piecewise_locate<Tab>(t, idx, s);
    s = s + bit_xor(z_lo, zsign);
    T w = piecewise_poly<Tab>(idx, s);
    if constexpr (std::is_same<S, float>::value)
        w = s * w;
    // z < 0: x (c0 + W); z > 0: x ((1 - c0) - W).  At x = -0 the addend
    // is +0, so the zero is passed through explicitly.
    T y = muladd(x, symmetric_base<Tab>(idx, zsign), flip_unless(x * w, zsign));
    y = choose(x == T(S(0)), x, y);
    const auto tail = t >= T(Tab::bound);
    if (any_lane(tail))
    {
        // The tail needs z and x finite: clamp |x| (alpha x beyond +-800 has
        // reached its limits, and so has x sigma(alpha x) for |x| that large).
        const T xa = absolute(x);
        const T lim(S(1e30));
        const T xc = choose(xa < lim, x, bit_xor(lim, bit_xor(x, xa)));
        const T yt = in_double(xc, [alpha](const auto& d) {
            using D = std::decay_t<decltype(d)>;
            D zh, zl;
            split_product(D(double(alpha)), d, zh, zl);
            return sigmoid_mul_tail_f64(d, zh, zl);
        });
        // |x| >= 1e30 (incl. infinities): the limit x (alpha x > 0) or a zero with x's sign
        const T y_lim = choose(z_hi > T(S(0)), x, bit_and(x, T(S(-0.0))));
        y = choose(tail, choose(xa < lim, yt, y_lim), y);
    }
    return y;
}

// With_lo: z = z_hi + z_lo (QuickGELU); otherwise z_lo is 0 (SiLU).  t_lo
// enters to first order, W(s + t_lo) = W(s) + W'(s) t_lo with W' ~ p1 + 2 p2 s
// (the next term changes W' by < 5%, i.e. W by < 0.1 ulp): adding t_lo to s
// instead would round s, and near the root r, W ~ D'(r) (s - (r - c)) turns
// that relative error of s into up to an ulp of W.
template <bool with_lo, class T>
inline T sigmoid_grad_kernel(const T& z_hi, const T& z_lo) noexcept
{
    using S = scalar_t<T>;
    using Tab = typename sigmoid_tables<S>::grad;
    const T t = absolute(z_hi);
    const T zsign = bit_xor(z_hi, t);
    bits_t<T> idx;
    T s;
    piecewise_locate<Tab>(t, idx, s);
    T w = piecewise_poly_split<Tab>(idx, s);
    if constexpr (with_lo)
    {
        const T p2 = T(table_lookup<T>(Tab::p[2], idx));
        const T dw = muladd(p2 + p2, s, T(table_lookup<T>(Tab::p[1], idx)));
        w = muladd(dw, bit_xor(z_lo, zsign), w);
    }
    T g = symmetric_base<Tab>(idx, zsign) + flip_unless(w, zsign);
    const auto tail = t >= T(Tab::bound);
    if (any_lane(tail))
    {
        const T lim(S(1e30));
        const T zh = choose(t < lim, z_hi, bit_xor(lim, zsign));
        const T zl = choose(t < lim, z_lo, T(S(0)));
        const T gt = in_double(zh, zl, [](const auto& h, const auto& l) { return sigmoid_grad_tail_z(h, l); });
        g = choose(tail, gt, g);
    }
    return g;
}

} // namespace detail
} // namespace actfn
