#pragma once
// The second range of the float kernels: 32 more table intervals from the
// first table's bound (`start`) to a second bound, where the slow path would
// otherwise evaluate the tail in double.  Tables and their form:
// tools/gen_range2.py.  With a = |x|, s = a - c (exact) and the lane's
// interval constants c, c0, p1 + p1_lo, p2..p6:
//     w = s (p1 + p1_lo + s (p2 + ... + s p6))     ~ V = a (Rn(a) - c0), or W = D(a) - c0
//     forward:    t = fma(a, c0, w),  y = -t (x < 0), x - t (x > 0)
//     derivative: t = c0 + w,         g = t (x < 0), 1 - t (x > 0)
// On the negative side t is the result: a c0 is exact inside the FMA and w is
// at most 0.36 t (0.25 but for tanh-GELU), so w's rounding costs at most
// ~0.36 ulp; the fits are within 2^-29.3 relative of the result (the
// headers state each table's), p1 being split into two floats (rounded
// to one float it alone left 2^-26.5).  On the positive side t < 2^-13 |y|.
// Without an FMA (SSE2) a c0 rounds before the sum, up to half an ulp more:
// within that target's bounds (2 and 4 ulp).
// Beyond the second bound the positive side's result is its limit (x or 1;
// the generator checks every float from `saturate` on), the negative side
// goes on to the tail (the kernels' slow()).
//
// Op count per vector (AVX-512): 1 (a) + 2 (index) + 9 lookups + 1 (s) + 7
// FMA + 1 mul + 3 (result) = 24, plus 6 for the masks and the limit, against
// 77 for the double tail of 16 floats (two double vectors of 36, and
// widening) and the gathering of the slow lanes (array.hpp), which the second
// range does not need: it runs on whole batches, in registers.

#include "lookup.hpp"
#include "simd_ops.hpp"
#include "unrolled.hpp"

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

// Whether a second range starts where its first table ends (written without
// ==, which a user's -Wfloat-equal refuses even in a static_assert).
template <class Range2, class First>
constexpr bool continues() noexcept
{
    return !(Range2::start < First::bound) && !(First::bound < Range2::start);
}

// w = V(s) or W(s) of the lane's interval.
template <class Tab, class T>
ACTFN_INLINE T range2_poly(const T& s, const bits_t<T>& idx) noexcept
{
    static_assert(Tab::degree >= 3, "p1, p2 and more");
    T q = T(lookup32(Tab::p[Tab::degree - 1], idx));
    unrolled<Tab::degree - 2>(
        [&](auto j) ACTFN_LAMBDA_INLINE { q = muladd(q, s, T(lookup32(Tab::p[Tab::degree - 2 - int(j)], idx))); });
    const T r = muladd(s, q, T(lookup32(Tab::p1_lo, idx)));
    return muladd(s, T(lookup32(Tab::p[0], idx)), s * r);
}

// The result of the second range for x with start <= |x| < bound (other
// lanes get unused values).
template <class Tab, bool derivative, class T>
ACTFN_INLINE T range2_value(const T& x) noexcept
{
    using F = scalar_t<T>;
    static_assert(std::is_same<F, float>::value, "float tables");
    const T a = absolute(x);
    const bits_t<T> idx = to_bits(muladd(a, muladd(a, T(Tab::beta), T(Tab::alpha)), T(Tab::shift)));
    const T s = a - T(lookup32(Tab::c, idx));
    const T w = range2_poly<Tab>(s, idx);
    const T c0(lookup32(Tab::c0, idx));
    if constexpr (derivative)
    {
        const T t = c0 + w;
        return choose(x < T(0.0f), t, T(1.0f) - t);
    }
    else
    {
        const T t = muladd(a, c0, w);
        return choose(x < T(0.0f), negate(t), x - t);
    }
}

// The second range: on the lanes it covers -- start <= |x| < bound, and
// x >= bound, where the result is the limit (x, or 1 for a derivative) --
// second_range gives the result (its other lanes are unused),
// second_range_covers says which they are and second_range_leaves which
// they are not: x <= -bound, |x| < start and NaN.  The kernels' fast()
// marks every covered lane slow; evaluate() and the array loops (array.hpp)
// take them from here and leave the rest to slow().  second_range_leaves is
// written with compares, not as the negation of second_range_covers: xsimd
// 8.1 negates an AVX mask through two SSE halves, an xsimd function that an
// -O0 program mixing SSE2 and AVX2 objects shares between them (the SSE2 path
// then ran VEX code: tests/targets).
template <class Tab, class T>
ACTFN_INLINE auto second_range_covers(const T& x) noexcept
{
    const T a = absolute(x);
    return ((a >= T(Tab::start)) & (a < T(Tab::bound))) | (x >= T(Tab::bound));
}
template <class Tab, class T>
ACTFN_INLINE auto second_range_leaves(const T& x) noexcept
{
    // Named first: clang's -Wbitwise-instead-of-logical refuses a call as an
    // operand of | on scalar bools.
    const auto beyond_negative = not_less(negate(x), T(Tab::bound));
    const auto below = absolute(x) < T(Tab::start);
    return beyond_negative | below;
}
template <class Tab, bool derivative, class T>
ACTFN_INLINE T second_range(const T& x) noexcept
{
    static_assert(Tab::saturate < Tab::bound, "the limit holds from the second bound on");
    return choose(x >= T(Tab::bound), derivative ? T(1.0f) : x, range2_value<Tab, derivative>(x));
}

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
