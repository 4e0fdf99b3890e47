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
#include "range2.hpp"
#include "sigmoid_tail.hpp"
#include "scalar_math.hpp"
#include "simd_ops.hpp"
#include "tables/quick_gelu_default_f32.hpp"
#include "tables/quick_gelu_default_f64.hpp"
#include "tables/quick_gelu_default_range2_f32.hpp"
#include "tables/quick_gelu_default_grad_f32.hpp"
#include "tables/quick_gelu_default_grad_f64.hpp"
#include "tables/quick_gelu_default_grad_range2_f32.hpp"
#include "tables/quick_gelu_f32.hpp"
#include "tables/quick_gelu_f64.hpp"
#include "tables/sigmoid_grad_f32.hpp"
#include "tables/sigmoid_grad_f64.hpp"
#include "tables/sigmoid_root.hpp"
#include "tables/silu_f32.hpp"
#include "tables/silu_f64.hpp"
#include "tables/silu_grad_range2_f32.hpp"
#include "tables/silu_range2_f32.hpp"
#include "widen.hpp"

#include <cmath>
#include <limits>
#include <type_traits>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
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
    // The second ranges (range2.hpp), from the first tables' bounds on.
    using silu_range2 = silu_range2_f32_table;
    using silu_grad_range2 = silu_grad_range2_f32_table;
    using quick_gelu_default_range2 = quick_gelu_default_range2_f32_table;
    using quick_gelu_default_grad_range2 = quick_gelu_default_grad_range2_f32_table;
    static_assert(continues<silu_range2, silu>() && continues<silu_grad_range2, grad>() &&
                      continues<quick_gelu_default_range2, quick_gelu_default>() &&
                      continues<quick_gelu_default_grad_range2, quick_gelu_default_grad>(),
                  "the second range starts at the first table's bound");
};

template <>
struct sigmoid_tables<double>
{
    using silu = silu_f64_table;
    using quick_gelu = quick_gelu_f64_table;
    using grad = sigmoid_grad_f64_table;
    using quick_gelu_default = quick_gelu_default_f64_table;
    using quick_gelu_default_grad = quick_gelu_default_grad_f64_table;
    using silu_range2 = void; // none: with_range2 leaves double to the tail
    using silu_grad_range2 = void;
    using quick_gelu_default_range2 = void;
    using quick_gelu_default_grad_range2 = void;
};

// z = alpha x = z_hi + z_lo exactly (unless alpha x overflows or its error
// underflows; the kernels take limits or need no z_lo there).
template <class T>
ACTFN_INLINE void split_product(const T& alpha, const T& x, T& z_hi, T& z_lo) noexcept
{
    z_hi = alpha * x;
    z_lo = product_error_any(alpha, x, z_hi);
}

// x sigma(x).  Its slow path covers |x| >= the table bound; from |x| = 800
// on the results are the limits x and -0.
template <class S>
struct silu_forward : table_fast_path<typename sigmoid_tables<S>::silu, table_form::v>
{
    explicit silu_forward(op_tag) noexcept {}
    // Lanes from the first table's bound on: the second range (float; range2.hpp).
    using second_range_table = typename sigmoid_tables<S>::silu_range2;
    static constexpr bool second_range_derivative = false;

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
        slow = slow | tiny_nonzero(x);
        return bit_or(muladd(x, symmetric_base<Tab>(pt.idx, pt.sign), flip_unless(x * w, pt.sign)), xsign);
    }

    // |x| below 2^-100 (float) / 2^-1000 (double), not zero: y is near or
    // below the smallest normal, where x w and the final sum would round on
    // the subnormal grid twice (1.09 ulp measured with large alphas); the slow
    // path evaluates those lanes scaled (slow_tiny).  2 more operations per
    // vector on this path.
    template <class T>
    ACTFN_INLINE static mask_t<T> tiny_nonzero(const T& x) noexcept
    {
        const T a = absolute(x);
        return (a < T(std::is_same<S, float>::value ? S(0x1p-100f) : S(0x1p-1000))) & (a > T(S(0)));
    }

    // x sigma(alpha x) for tiny x.  Float: the double kernel, rounded once to
    // float.  Double: the double kernel on x 2^600 with alpha 2^-600 (the same
    // z), scaled back by 2^-600, which rounds once more on the subnormal grid
    // (within 1 ulp in all); where |alpha| < 2^-400, |alpha x| < 2^-1400 and
    // x sigma(alpha x) is x / 2 rounded.
    template <tail_lanes L, class T>
    T slow_tiny(const T& x) const noexcept
    {
        if constexpr (std::is_same<S, float>::value)
        {
            const double al = static_cast<double>(alpha);
            return via_double<L>(x, [al](const auto& d) { return evaluate(quick_gelu_forward<double>(op_tag{}, al), d); });
        }
        else
        {
            if (abs_of(alpha) < 0x1p-400)
                return x * T(0.5);
            return evaluate(quick_gelu_forward<double>(op_tag{}, alpha * 0x1p-600), x * T(0x1p600)) * T(0x1p-600);
        }
    }

    // The lanes with |alpha x| beyond the table, any finite x: tiny alphas put
    // them at huge x (alpha = 1e-31: x from 6.6e31 on), where x sigma(alpha x)
    // is nowhere near its limit yet, so x is not clamped (it was, at 1e30:
    // -0 for x = -0x1.b01658p+106, exact -0x1.ffecc3c374141p+86).  Infinite x
    // takes the limits: x where alpha x > 0, and where alpha = 0 (x / 2), a
    // zero of x's sign where alpha x < 0.
    template <tail_lanes L = tail_lanes::all, class T>
    T slow(const T& x) const noexcept
    {
        const double al = static_cast<double>(alpha);
        const T y = tail_in_double<L>(
            x,
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
        const T y_inf = choose(T(alpha) * x < T(S(0)), bit_and(x, T(S(-0.0))), x);
        T r = choose(absolute(x) > T(max_finite<S>), y_inf, y); // x = +-inf
        const mask_t<T> tiny = tiny_nonzero(x);
        if (any_lane(tiny))
            r = choose(tiny, slow_tiny<L>(x), r);
        return r;
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
    // Lanes from the first table's bound on: the second range (float; range2.hpp).
    using second_range_table = typename sigmoid_tables<S>::quick_gelu_default_range2;
    static constexpr bool second_range_derivative = false;
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

// Near the root R = -1.27846... of g(z) = sigma(z) (1 + z (1 - sigma(z))),
// for z = alpha x with any alpha (tables/sigmoid_root.hpp).  The table path
// rounds W(z_hi) before adding the first-order z_lo term, and z_hi + z_lo,
// an exact product, can lie arbitrarily close to R: there g is tiny and that
// rounding had no bound relative to it (float 6911 ulp at alpha =
// -0x1.3bd34cp-3, x = 0x1.094a5ap+3; double 41040 ulp).  Lanes with
// |z_hi - R| <= window take this expansion in d = z - R instead, d formed in
// extra precision.
template <class T>
ACTFN_INLINE mask_t<T> near_sigmoid_root(const T& z_hi) noexcept
{
    using R = sigmoid_root_table;
    using S = scalar_t<T>;
    const S window = std::is_same<S, float>::value ? S(R::window_f32) : S(R::window_f64);
    return absolute(z_hi - T(S(R::r1))) <= T(window);
}

// Float kernels, in double: z = alpha x is exact (a product of two floats),
// z - r1 too (Sterbenz), and d = (z - r1) - r2 rounds once, 2^-53 relative
// wherever |z - R| > 2^-100 (every float pair).  Degree 4 on |d| <= 2^-10:
// truncation below 2^-38 relative.
template <class D>
inline D sigmoid_grad_near_root_coarse(const D& z) noexcept
{
    using R = sigmoid_root_table;
    const D d = (z - D(R::r1)) - D(R::r2);
    D q = muladd(D(R::c[4]), d, D(R::c[3]));
    q = muladd(q, d, D(R::c[2]));
    q = muladd(q, d, D(R::c[1]));
    return d * q;
}

// Double kernels: d = z_hi + z_lo - (r1 + r2 + r3) = d_hi + d_lo with two
// TwoSums (z_hi - r1 is exact), about 2^-158 absolute: relative to d within
// 2^-53 wherever |alpha x - R| >= 2^-105, i.e. except products that agree
// with R to more than 105 bits.  g = c1 d + d^2 Q(d), c1 as two doubles,
// degree 6 on |d| <= 2^-14 (truncation below 2^-80): within one rounding of
// the final FMA and a few 2^-60 relative.
template <class D>
inline D sigmoid_grad_near_root_f64(const D& z_hi, const D& z_lo) noexcept
{
    using R = sigmoid_root_table;
    const D s1 = z_hi - D(R::r1);
    const D t_hi = z_lo - D(R::r2);
    const D t_lo = two_sum_error(z_lo, negate(D(R::r2)), t_hi);
    const D u_hi = s1 + t_hi;
    const D u_lo = two_sum_error(s1, t_hi, u_hi);
    const D d_lo = (u_lo + t_lo) - D(R::r3);
    D q = muladd(D(R::c[6]), u_hi, D(R::c[5]));
    q = muladd(q, u_hi, D(R::c[4]));
    q = muladd(q, u_hi, D(R::c[3]));
    q = muladd(q, u_hi, D(R::c[2]));
    return muladd(u_hi, D(R::c1_hi), muladd(d_lo, D(R::c1_hi), u_hi * muladd(u_hi, q, D(R::c1_lo))));
}

template <class S>
struct silu_derivative : table_fast_path<typename sigmoid_tables<S>::grad, table_form::derivative>
{
    explicit silu_derivative(op_tag) noexcept {}
    // Lanes from the first table's bound on: the second range (float; range2.hpp).
    using second_range_table = typename sigmoid_tables<S>::silu_grad_range2;
    static constexpr bool second_range_derivative = true;

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

    // The lanes near the root are slow too (near_sigmoid_root): 4 more
    // operations per vector on this path.
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        T z_hi, z_lo;
        split_product(T(alpha), x, z_hi, z_lo);
        const T g = sigmoid_derivative_fast(z_hi, z_lo, slow);
        slow = slow | near_sigmoid_root(z_hi);
        return g;
    }

    // Beyond the table, near the root, and alpha = 0 with x infinite (z is
    // NaN there; g = sigma(0) = 1/2).
    template <tail_lanes L = tail_lanes::all, class T>
    T slow(const T& x) const noexcept
    {
        T z_hi, z_lo;
        split_product(T(alpha), x, z_hi, z_lo);
        T g = sigmoid_derivative_slow<L>(z_hi, z_lo);
        const mask_t<T> near = near_sigmoid_root(z_hi);
        if (any_lane(near))
        {
            const double al = static_cast<double>(alpha);
            const T root = tail_in_double<L>(
                x,
                [al](const auto& d) {
                    using D = std::decay_t<decltype(d)>;
                    return sigmoid_grad_near_root_coarse(D(al) * d);
                },
                [&](const auto&) { return sigmoid_grad_near_root_f64(z_hi, z_lo); });
            g = choose(near, root, g);
        }
        return choose(is_nan(z_hi), T(S(0.5)), g);
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
    // Lanes from the first table's bound on: the second range (float; range2.hpp).
    using second_range_table = typename sigmoid_tables<S>::quick_gelu_default_grad_range2;
    static constexpr bool second_range_derivative = true;
};

// An infinite or NaN alpha (outside the parameter domain, README
// "Parameters"): no tables, only the limits.  For alpha = +-inf, z = alpha x
// is +-inf for x != 0: x sigma(z) is x (z > 0) or a zero of x's sign (z < 0),
// and at x = +-0 it is x; the derivative is 1 (z > 0), 0 (z < 0), 1/2 at
// x = 0.  A NaN alpha gives alpha quieted for every x that is not NaN.
template <class S>
struct quick_gelu_nonfinite_forward : slow_path_for_nan_only
{
    S alpha;

    quick_gelu_nonfinite_forward(op_tag, S a) noexcept : alpha(a) {}

    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        if (isnan_of(alpha))
            return T(quieted(alpha));
        return choose(T(alpha) * x < T(S(0)), bit_and(x, T(S(-0.0))), x);
    }
};

template <class S>
struct quick_gelu_nonfinite_derivative : slow_path_for_nan_only
{
    S alpha;

    quick_gelu_nonfinite_derivative(op_tag, S a) noexcept : alpha(a) {}

    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        if (isnan_of(alpha))
            return T(quieted(alpha));
        const T z = T(alpha) * x;
        return choose(z > T(S(0)), T(S(1)), choose(z < T(S(0)), T(S(0)), T(S(0.5))));
    }
};

// Calls f with QuickGELU's operation for alpha: Default (the tables on x) at
// the default alpha, General for any other finite alpha, Nonfinite for an
// infinite or NaN one.  Every form of quick_gelu and quick_gelu_grad decides
// here, so element, batch and array results agree bit for bit.
template <template <class> class Default, template <class> class General, template <class> class Nonfinite,
          class S, class F>
inline decltype(auto) with_quick_gelu_op(S alpha, F&& f) noexcept
{
    if (to_bits(alpha) == to_bits(quick_gelu_default_alpha<S>))
        return f(Default<S>(op_tag{}));
    if (!isfinite_of(alpha))
        return f(Nonfinite<S>(op_tag{}, alpha));
    return f(General<S>(op_tag{}, alpha));
}

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
