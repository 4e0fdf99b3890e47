#pragma once
// ELU for x <= 0: alpha (exp(x) - 1) = -alpha a F(a), a = -x, F(a) =
// (1 - exp(-a))/a.  Table path (tools/gen_elu.py): F(c + s) = f0 + s P(s) and
//     y = fma(-p, f0, -(p s P(s) + pe f0)),  p + pe = alpha a exactly,
// so the one large product is exact inside the final FMA: within 1 ulp
// (alpha is any finite parameter; rounding alpha * a first would add up to
// half an ulp).  Beyond the table (a >= 4.2 float, 4.1 double), in double:
// y = fma(alpha, exp(-a), -alpha), where exp(-a) <= 0.016 makes its own
// rounding negligible (float lanes: exp_neg_coarse, 2^-34 relative).
//
// Derivative for x <= 0: alpha exp(x) = 2^-K fma(alpha, T_hi, alpha corr) from
// exp_tail.hpp's reductions (float: 32-entry table, double: 16-entry), one
// rounding before the (exact or single-rounding) scaling by 2^-K.
//
// Op count per vector, float: forward 1 (a) + 4 (index, c, s) + 5 lookups +
// 4 FMA + 2 mul (s P, alpha a) + 1 FMA (its error) + 1 mul + 2 FMA + 2 negate
// + 3 (tail test) + 2 (x >= 0 choice) = 27; derivative: exp_neg_parts_f32
// (about 12, one lookup) + 4 FMA/mul + the 2^-K scaling (about 6) + 4 = 26.

#include "exp_tail.hpp"
#include "kernel_op.hpp"
#include "piecewise.hpp"
#include "simd_ops.hpp"
#include "tables/elu_f32.hpp"
#include "tables/elu_f64.hpp"
#include "widen.hpp"

#include <type_traits>

namespace actfn {
namespace detail {

template <class S>
struct elu_tables;
template <>
struct elu_tables<float>
{
    using table = elu_f32_table;
};
template <>
struct elu_tables<double>
{
    using table = elu_f64_table;
};

// alpha (exp(-a) - 1) in double for a >= 0 (a clamped: exp(-800) underflows).
template <class T>
inline T elu_tail_f64(const T& a, const T& alpha) noexcept
{
    const T ac = choose(a < T(800.0), a, T(800.0));
    const exp_parts<T> e = exp_neg_parts(ac, T(0.0));
    const T ea = scale_pow2_neg(muladd(e.two_hi, e.p, muladd(e.two_lo, e.p, e.two_lo)) + e.two_hi, e.n);
    return muladd(alpha, ea, negate(alpha));
}

// The float kernel's tail, in double: exp(-a) <= 0.016 from exp_neg_coarse
// (2^-34 relative) costs < 2^-40 of alpha before the rounding to float.
template <class T>
inline T elu_tail_coarse(const T& a, const T& alpha) noexcept
{
    return muladd(alpha, exp_neg_coarse(choose(a < T(700.0), a, T(700.0))), negate(alpha));
}

template <class S>
struct elu_forward
{
    S alpha;

    elu_forward(op_tag, S a) noexcept : alpha(a) {}

    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        using Tab = typename elu_tables<S>::table;
        const T al(alpha);
        const T a = absolute(x);
        bits_t<T> idx;
        T s;
        piecewise_locate<Tab>(a, idx, s);
        const T w = s * piecewise_poly<Tab>(idx, s);
        const T f0 = T(table_lookup<T>(Tab::d0, idx)); // the table's d0 column holds f0
        const T p = al * a;
        const T pe = product_error(al, a, p);
        const T y = muladd(negate(p), f0, negate(muladd(p, w, pe * f0)));
        slow = not_less(T(-Tab::bound), x); // x <= -bound, or NaN
        return choose(x >= T(S(0)), x, y); // elu(+-0) = +-0
    }

    template <tail_lanes L = tail_lanes::all, class T>
    T slow(const T& x) const noexcept
    {
        const double al = alpha;
        return tail_in_double<L>(
            absolute(x),
            [al](const auto& d) {
                using D = std::decay_t<decltype(d)>;
                return elu_tail_coarse(d, D(al));
            },
            [al](const auto& d) {
                using D = std::decay_t<decltype(d)>;
                return elu_tail_f64(d, D(al));
            });
    }
};

template <class S>
struct elu_derivative : slow_path_for_nan_only
{
    S alpha;

    elu_derivative(op_tag, S a) noexcept : alpha(a) {}

    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        const T al(alpha);
        // a = -x clamped to [0, limit]; the comparisons keep NaN (x > 0 lanes
        // take 1 below, and must not feed huge arguments to the reduction).
        const T a = choose(x > T(S(0)), T(S(0)), negate(x));
        T y;
        if constexpr (std::is_same<S, float>::value)
        {
            const exp_parts<T> e = exp_neg_parts_f32(choose(a > T(150.0f), T(150.0f), a));
            const T corr = muladd(e.two_hi, e.p, muladd(e.two_lo, e.p, e.two_lo));
            y = scale_pow2_neg_f32(muladd(al, e.two_hi, al * corr), e.n);
        }
        else
        {
            const exp_parts<T> e = exp_neg_parts(choose(a > T(800.0), T(800.0), a), T(0.0));
            const T corr = muladd(e.two_hi, e.p, muladd(e.two_lo, e.p, e.two_lo));
            y = scale_pow2_neg(muladd(al, e.two_hi, al * corr), e.n);
        }
        return choose(x > T(S(0)), T(S(1)), y);
    }
};

} // namespace detail
} // namespace actfn
