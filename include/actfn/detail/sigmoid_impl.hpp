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
// |z| ulps in the tail.  Beyond the tables the tails of sigmoid_tail.hpp take
// over: the double-double ones for double, the float-grade ones (in double,
// on widened lanes) for float.
//
// Op count per vector, float table paths: silu 21 (as gelu_tanh_impl.hpp);
// quick_gelu 2 (z split) + 2 + 4 + 1 (s + t_lo) + 5 lookups + 4 FMA + 1 mul
// + 3 (base) + 1 mul + 2 (flip) + 1 FMA + 2 (x's sign) + 1 = 29; derivative
// 24 (silu) and 32 (quick_gelu: the split and the first-order t_lo term, 2
// more lookups and 2 FMAs).  No division anywhere on the table paths.
// QuickGELU at its default alpha (1.702 in the working type, what nearly
// every model uses) has its own tables on |x|, so it costs what SiLU costs:
// 21 and 24 (quick_gelu_default_forward/derivative, below).

#include "kernel_op.hpp"
#include "lookup.hpp"
#include "piecewise.hpp"
#include "sigmoid_tail.hpp"
#include "simd_ops.hpp"
#include "tables/quick_gelu_default_f32.hpp"
#include "tables/quick_gelu_default_f64.hpp"
#include "tables/quick_gelu_default_grad_f32.hpp"
#include "tables/quick_gelu_default_grad_f64.hpp"
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
    using quick_gelu_default = quick_gelu_default_f32_table;
    using quick_gelu_default_grad = quick_gelu_default_grad_f32_table;
};

template <>
struct sigmoid_tables<double>
{
    using silu = silu_f64_table;
    using quick_gelu = quick_gelu_f64_table;
    using grad = sigmoid_grad_f64_table;
    using quick_gelu_default = quick_gelu_default_f64_table;
    using quick_gelu_default_grad = quick_gelu_default_grad_f64_table;
};

// z = alpha x = z_hi + z_lo exactly.
template <class T>
ACTFN_INLINE void split_product(const T& alpha, const T& x, T& z_hi, T& z_lo) noexcept
{
    z_hi = alpha * x;
    z_lo = product_error(alpha, x, z_hi);
}

// x sigma(x).  Its slow path covers |x| >= the table bound; from |x| = 800
// on the results are the limits x and -0.
template <class S>
struct silu_forward : table_fast_path<typename sigmoid_tables<S>::silu, table_form::v>
{
    explicit silu_forward(op_tag) noexcept {}

    template <tail_lanes L = tail_lanes::all, class T>
    T slow(const T& x) const noexcept
    {
        const T a = absolute(x);
        const T limit(S(800));
        const T xc = choose(a > limit, bit_xor(limit, bit_xor(x, a)), x);
        const T y = tail_in_double<L>(
            xc, [](const auto& d) { return sigmoid_mul_tail_coarse(d, d); },
            [](const auto& d) { return sigmoid_mul_tail_f64(d, d, T(0.0)); });
        return choose(a > limit, choose(x < T(S(0)), T(S(-0.0)), x), y);
    }
};

// x sigma(alpha x) for the given alpha.
template <class S>
struct quick_gelu_forward
{
    S alpha;

    quick_gelu_forward(op_tag, S a) noexcept : alpha(a) {}

    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        using Tab = typename sigmoid_tables<S>::quick_gelu;
        T z_hi, z_lo;
        split_product(T(alpha), x, z_hi, z_lo);
        const symmetric_point<T> pt = locate_symmetric<Tab>(z_hi, slow);
        const T s = pt.s + bit_xor(z_lo, pt.sign);
        T w = piecewise_poly<Tab>(pt.idx, s);
        if constexpr (std::is_same<S, float>::value)
            w = s * w;
        // z < 0: x (c0 + W); z > 0: x ((1 - c0) - W).  y has x's sign; at x = -0
        // (or, without FMA, x = -tiny) the sum is +0, so x's sign bit is or-ed in.
        const T xsign = bit_and(x, T(S(-0.0)));
        return bit_or(muladd(x, symmetric_base<Tab>(pt.idx, pt.sign), flip_unless(x * w, pt.sign)), xsign);
    }

    // The tail needs x and z finite: from |x| = 1e30 on, x sigma(alpha x) has
    // reached its limits (x for alpha x > 0, a zero of x's sign otherwise).
    template <tail_lanes L = tail_lanes::all, class T>
    T slow(const T& x) const noexcept
    {
        const T xa = absolute(x);
        const T lim(S(1e30));
        const T xc = choose(xa > lim, bit_xor(lim, bit_xor(x, xa)), x);
        const double al = alpha;
        const T y = tail_in_double<L>(
            xc,
            [al](const auto& d) {
                // float alpha times float x is exact in double
                using D = std::decay_t<decltype(d)>;
                return sigmoid_mul_tail_coarse(d, D(al) * d);
            },
            [al](const auto& d) {
                using D = std::decay_t<decltype(d)>;
                D zh, zl;
                split_product(D(al), d, zh, zl);
                return sigmoid_mul_tail_f64(d, zh, zl);
            });
        const T y_lim = choose(T(alpha) * x > T(S(0)), x, bit_and(x, T(S(-0.0))));
        return choose(xa > lim, y_lim, y);
    }
};

// QuickGELU's default alpha, 1.702 in the working type.
template <class S>
constexpr S quick_gelu_default_alpha = S(1.702);

// x sigma(alpha x) at the default alpha: a V-form table on |x| itself
// (gen_sigmoid.py), as SiLU's, spares the split of alpha x (21 operations
// per vector instead of 29); the tails are quick_gelu_forward's.
template <class S>
struct quick_gelu_default_forward : quick_gelu_forward<S>,
                                    table_fast_path<typename sigmoid_tables<S>::quick_gelu_default, table_form::v>
{
    using fast_path = table_fast_path<typename sigmoid_tables<S>::quick_gelu_default, table_form::v>;
    using fast_path::fast;

    explicit quick_gelu_default_forward(op_tag t) noexcept : quick_gelu_forward<S>(t, quick_gelu_default_alpha<S>) {}
};

// sigma(z) (1 + z (1 - sigma(z))) at z = z_hi + z_lo (QuickGELU, any alpha;
// SiLU is derivative_table on the same table).  t_lo enters to first order,
// W(s + t_lo) = W(s) + W'(s) t_lo with W' ~ p1 + 2 p2 s (the next term
// changes W' by < 5%, i.e. W by < 0.1 ulp): adding t_lo to s instead would
// round s, and near the root r, W ~ D'(r) (s - (r - c)) turns that relative
// error of s into up to an ulp of W.
template <class T>
ACTFN_INLINE T sigmoid_derivative_fast(const T& z_hi, const T& z_lo, mask_t<T>& slow) noexcept
{
    using Tab = typename sigmoid_tables<scalar_t<T>>::grad;
    const symmetric_point<T> pt = locate_symmetric<Tab>(z_hi, slow);
    T w = piecewise_poly_split<Tab>(pt.idx, pt.s);
    const T p2 = T(table_lookup<T>(Tab::p[2], pt.idx));
    const T dw = muladd(p2 + p2, pt.s, T(table_lookup<T>(Tab::p[1], pt.idx)));
    w = muladd(dw, bit_xor(z_lo, pt.sign), w);
    return symmetric_base<Tab>(pt.idx, pt.sign) + flip_unless(w, pt.sign);
}

// The slow path at z (finite lanes; |z| >= 1e30 is clamped, the result is
// then the limit already).
template <tail_lanes L, class T>
inline T sigmoid_derivative_slow(const T& z_hi, const T& z_lo) noexcept
{
    using S = scalar_t<T>;
    const T t = absolute(z_hi);
    const T lim(S(1e30));
    const T zh = choose(t > lim, bit_xor(lim, bit_xor(z_hi, t)), z_hi);
    const T zl = choose(t > lim, T(S(0)), z_lo);
    // Double kernels take the precise tail (see sigmoid_grad_tail_f64), float
    // kernels the float-grade one, where z_hi + z_lo (alpha x) is exact in double.
    return tail_in_double<L>(
        zh, zl,
        [](const auto& h, const auto& l) {
            const auto z = h + l;
            return sigmoid_grad_tail_coarse(z, absolute(z));
        },
        [](const auto& h, const auto& l) { return sigmoid_grad_tail_z(h, l); });
}

template <class S>
struct silu_derivative : table_fast_path<typename sigmoid_tables<S>::grad, table_form::derivative>
{
    explicit silu_derivative(op_tag) noexcept {}

    template <tail_lanes L = tail_lanes::all, class T>
    T slow(const T& x) const noexcept
    {
        return sigmoid_derivative_slow<L>(x, T(S(0)));
    }
};

template <class S>
struct quick_gelu_derivative
{
    S alpha;

    quick_gelu_derivative(op_tag, S a) noexcept : alpha(a) {}

    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        T z_hi, z_lo;
        split_product(T(alpha), x, z_hi, z_lo);
        return sigmoid_derivative_fast(z_hi, z_lo, slow);
    }

    template <tail_lanes L = tail_lanes::all, class T>
    T slow(const T& x) const noexcept
    {
        T z_hi, z_lo;
        split_product(T(alpha), x, z_hi, z_lo);
        return sigmoid_derivative_slow<L>(z_hi, z_lo);
    }
};

// The derivative at the default alpha: a table on |x| (24 operations per
// vector instead of 32); the tails are quick_gelu_derivative's.
template <class S>
struct quick_gelu_default_derivative
    : quick_gelu_derivative<S>,
      table_fast_path<typename sigmoid_tables<S>::quick_gelu_default_grad, table_form::derivative>
{
    using fast_path = table_fast_path<typename sigmoid_tables<S>::quick_gelu_default_grad, table_form::derivative>;
    using fast_path::fast;

    explicit quick_gelu_default_derivative(op_tag t) noexcept
        : quick_gelu_derivative<S>(t, quick_gelu_default_alpha<S>)
    {
    }
};

// Calls f with QuickGELU's operation for alpha: Default (the tables on x) at
// the default alpha, General otherwise.  Every form of quick_gelu and
// quick_gelu_grad decides here, so element, batch and array results agree bit
// for bit.
template <template <class> class Default, template <class> class General, class S, class F>
inline decltype(auto) with_quick_gelu_op(S alpha, F&& f) noexcept
{
    if (alpha == quick_gelu_default_alpha<S>)
        return f(Default<S>(op_tag{}));
    return f(General<S>(op_tag{}, alpha));
}

} // namespace detail
} // namespace actfn
