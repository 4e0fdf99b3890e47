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
#include "scalar_math.hpp"
#include "simd_ops.hpp"
#include "tables/elu_f32.hpp"
#include "tables/elu_f64.hpp"
#include "widen.hpp"

#include <cmath>
#include <limits>
#include <type_traits>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
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

// How the table path meets ELU's alpha (every finite alpha is in the
// domain, README "Parameters").  alpha multiplies a = -x before anything is
// rounded (p + pe = alpha a exactly), so alpha a must neither overflow nor be
// subnormal: |alpha| in [1, 2^112] (float) or [1, 2^995] (double), and 0,
// take alpha as it is (plain); any other finite alpha is written m 2^E with
// |m| in [1, 2) (|alpha| < 1) or E = 16 / 32 (huge alpha), the table path runs
// on m and its result is multiplied by 2^E, which rounds only where the
// result is subnormal (then once more, within 1 ulp in all).  Before, alpha a
// overflowed (elu(-2, FLT_MAX) was NaN), and alpha = 1e-31 made the
// intermediates subnormal, so that with FTZ/DAZ normal results moved by up to
// 4039 ulp.  The tails (|x| beyond the table) use alpha itself.
template <class S>
struct elu_param
{
    static constexpr S plain_max = std::is_same<S, float>::value ? S(0x1p112f) : S(0x1p995);
    static constexpr int huge_exponent = std::is_same<S, float>::value ? 16 : 32;

    static bool plain(S alpha) noexcept
    {
        const S m = abs_of(alpha);
        return is_zero(alpha) || (m >= S(1) && m <= plain_max);
    }
    // E with alpha = m 2^E as described above (alpha finite, not plain).
    static int exponent(S alpha) noexcept
    {
        return abs_of(alpha) > plain_max ? huge_exponent : ilogb_of(alpha);
    }
};

template <class S, bool Scaled>
struct elu_forward
{
    S alpha; // the parameter
    S m;     // alpha 2^-E (Scaled), alpha itself otherwise
    S pow2;  // 2^E (Scaled), possibly subnormal

    elu_forward(op_tag, S a) noexcept : alpha(a), m(a), pow2(S(1))
    {
        if constexpr (Scaled)
        {
            const int e = elu_param<S>::exponent(a);
            m = ldexp_of(a, -e);
            pow2 = ldexp_of(S(1), e);
        }
    }

    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        using Tab = typename elu_tables<S>::table;
        const T al(m);
        const T a = absolute(x);
        bits_t<T> idx;
        T s;
        piecewise_locate<Tab>(a, idx, s);
        const T w = s * piecewise_poly<Tab>(idx, s);
        const T f0 = T(table_lookup<T>(Tab::d0, idx)); // the table's d0 column holds f0
        const T p = al * a;
        const T pe = product_error_any(al, a, p);
        T y = muladd(negate(p), f0, negate(muladd(p, w, pe * f0)));
        if constexpr (Scaled)
            y = y * T(pow2);
        // x <= -bound, or NaN; and tiny negative x (2 operations).
        slow = not_less(T(-Tab::bound), x) | ((x < T(S(0))) & (x > T(-tiny)));
        return choose(x >= T(S(0)), x, y); // elu(+-0) = +-0
    }

    // Below |x| = 2^-40 (float) / 2^-70 (double), elu(x) = alpha x (1 + x/2
    // + ...) is alpha x rounded once, within 2^-17 ulp of the rounding of the
    // exact value.  The slow path computes that: the table path's terms there
    // (p's rounding error pe, p w) are subnormal or nearly, and FTZ flushed
    // them (alpha = 0.3, x = -0x1.faaa74p-114: 2^-12 relative on SSE2).
    static constexpr S tiny = std::is_same<S, float>::value ? S(0x1p-40f) : S(0x1p-70);

    template <tail_lanes L = tail_lanes::all, class T>
    T slow(const T& x) const noexcept
    {
        const double al = static_cast<double>(alpha);
        const T tail = tail_in_double<L>(
            absolute(x),
            [al](const auto& d) {
                using D = std::decay_t<decltype(d)>;
                return elu_tail_coarse(d, D(al));
            },
            [al](const auto& d) {
                using D = std::decay_t<decltype(d)>;
                return elu_tail_f64(d, D(al));
            });
        // alpha x: exact in double for a float alpha and x, then rounded once.
        const T small = tail_in_double<L>(
            x,
            [al](const auto& d) {
                using D = std::decay_t<decltype(d)>;
                return D(al) * d;
            },
            [al](const auto& d) {
                using D = std::decay_t<decltype(d)>;
                return D(al) * d;
            });
        return choose(absolute(x) < T(tiny), small, tail);
    }
};

// alpha e^x for x <= 0, 1 for x > 0 (float, plain alpha: see with_elu_op).
template <class S, class T>
ACTFN_INLINE T elu_derivative_plain(S alpha, const T& x) noexcept
{
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

// The derivative's range of alpha that elu_derivative_plain serves: the
// clamp of a (150 float, 800 double) must underflow alpha e^-a, and the
// scaling's first step, alpha 2^-(K/2), must stay normal (and alpha's
// products with FTZ/DAZ on): |alpha| in [2^-16, 2^64] (float), [2^-440,
// 2^78] (double), and 0.  Before, alpha = 1e30 gave elu_grad(-200) = 1.2e-35
// (float; exact 1e30 e^-200 underflows) and elu_grad(-inf) = 7.2e-36.
template <class S>
inline bool elu_derivative_plain_alpha(S alpha) noexcept
{
    const S m = abs_of(alpha);
    if (std::is_same<S, float>::value)
        return is_zero(alpha) || (m >= S(0x1p-16) && m <= S(0x1p64));
    return is_zero(alpha) || (m >= S(0x1p-440) && m <= S(0x1p78));
}

// alpha e^x for any finite alpha.  Float: in double, alpha e^-a from
// exp_neg_coarse (2^-34 relative, a clamped to 700, where alpha e^-a is far
// below float's range) rounded once to float.  Double: alpha = m 2^E with
// m in [1, 2), m 2^(-j/16) (1 + p) scaled by 2^(E - K) with one rounding
// (scale_by_pow2); a up to 1500, where even DBL_MAX e^-a underflows.
template <tail_lanes L, class S, class T>
inline T elu_derivative_wide(S alpha, const T& x) noexcept
{
    const T a = choose(x > T(S(0)), T(S(0)), negate(x));
    T y;
    if constexpr (std::is_same<S, float>::value)
    {
        const double al = static_cast<double>(alpha);
        y = via_double<L>(a, [al](const auto& d) {
            using D = std::decay_t<decltype(d)>;
            return D(al) * exp_neg_coarse(choose(d < D(700.0), d, D(700.0)));
        });
    }
    else
    {
        const int e_alpha = ilogb_of(alpha);
        const T m(ldexp_of(alpha, -e_alpha));
        T nf;
        const exp_parts<T> e = exp_neg_parts_wide(choose(a > T(1500.0), T(1500.0), a), T(0.0), nf);
        const T corr = muladd(e.two_hi, e.p, muladd(e.two_lo, e.p, e.two_lo));
        const T v = muladd(m, e.two_hi, m * corr);
        // K = floor(n / 16): n / 16 is exact, and floor of it exact too.
        const T k = T(double(e_alpha)) - round_down(nf * T(0.0625));
        y = scale_by_pow2(v, k);
    }
    return choose(x > T(S(0)), T(S(1)), y);
}

template <class S, bool Wide>
struct elu_derivative : slow_path_for_nan_only
{
    S alpha;

    elu_derivative(op_tag, S a) noexcept : alpha(a) {}

    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        if constexpr (Wide)
            return elu_derivative_wide<tail_lanes::all>(alpha, x);
        else
            return elu_derivative_plain(alpha, x);
    }
};

// An infinite or NaN alpha (outside the domain): x for x >= 0 (elu(-0) =
// -0); for x < 0, -alpha (alpha (e^x - 1) with alpha infinite is -alpha for
// every x < 0) or alpha quieted.  The derivative: 1 for x > 0; for x <= 0,
// alpha, a zero of alpha's sign at x = -inf (alpha e^x -> 0 for every alpha),
// or alpha quieted.
template <class S>
struct elu_nonfinite_forward : slow_path_for_nan_only
{
    S below;

    elu_nonfinite_forward(op_tag, S a) noexcept : below(isnan_of(a) ? quieted(a) : negate(a)) {}

    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return choose(x >= T(S(0)), x, T(below));
    }
};

template <class S>
struct elu_nonfinite_derivative : slow_path_for_nan_only
{
    S alpha;

    elu_nonfinite_derivative(op_tag, S a) noexcept : alpha(isnan_of(a) ? quieted(a) : a) {}

    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        const T at_minus_inf = isnan_of(alpha) ? T(alpha) : T(copysign_of(S(0), alpha));
        const T below = choose(x < T(-max_finite<S>), at_minus_inf, T(alpha)); // x = -inf
        return choose(x > T(S(0)), T(S(1)), below);
    }
};

// Calls f with ELU's operation for alpha (elu_param): every form of elu
// decides here, so element, batch and array results agree bit for bit.
template <class S, class F>
inline decltype(auto) with_elu_op(S alpha, F&& f) noexcept
{
    if (!isfinite_of(alpha))
        return f(elu_nonfinite_forward<S>(op_tag{}, alpha));
    if (elu_param<S>::plain(alpha))
        return f(elu_forward<S, false>(op_tag{}, alpha));
    return f(elu_forward<S, true>(op_tag{}, alpha));
}

template <class S, class F>
inline decltype(auto) with_elu_grad_op(S alpha, F&& f) noexcept
{
    if (!isfinite_of(alpha))
        return f(elu_nonfinite_derivative<S>(op_tag{}, alpha));
    if (elu_derivative_plain_alpha(alpha))
        return f(elu_derivative<S, false>(op_tag{}, alpha));
    return f(elu_derivative<S, true>(op_tag{}, alpha));
}

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
