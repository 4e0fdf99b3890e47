#pragma once
// ReLU and leaky ReLU, the baselines GELU is compared with.
//
// relu(x) = max(x, 0); relu(-0) = +0.  leaky_relu(x, s) = x > 0 ? x : s*x.
// Derivatives follow PyTorch at 0 (relu_grad(0) = 0, leaky_relu_grad(0) = s);
// a NaN input gives that NaN quieted, for the forward value and for the
// derivative.  Any finite slope (s x rounds once); an infinite or NaN slope
// gives the limits or NaN the README's "Parameters" lists.
// Op count per vector: relu 2 (compare, select), leaky_relu 3 (a mul more),
// the derivatives 4 (two compares, two selects), and a mul by dy in a
// backward pass; on AVX-512 relu and the derivatives are one vfixupimm each
// (simd_ops.hpp).  From L2 on these are limited by memory, not arithmetic.

#include "detail/array_api.hpp"
#include "detail/kernel_op.hpp"

#include <cmath>

namespace actfn {
namespace detail {

template <class S>
struct relu_forward : slow_path_for_nan_only
{
    explicit relu_forward(op_tag) noexcept {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return positive_part(x);
    }
};

template <class S>
struct relu_derivative : slow_path_for_nan_only
{
    explicit relu_derivative(op_tag) noexcept {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return unit_step(x, T(S(0)));
    }
};

template <class S>
struct leaky_relu_forward : slow_path_for_nan_only
{
    S slope;
    leaky_relu_forward(op_tag, S s) noexcept : slope(s) {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return choose(x > T(S(0)), x, x * T(slope));
    }
};

template <class S>
struct leaky_relu_derivative : slow_path_for_nan_only
{
    S slope;
    leaky_relu_derivative(op_tag, S s) noexcept : slope(s) {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return unit_step(x, T(slope));
    }
};

// An infinite or NaN slope (outside the domain): x for x > 0; for x < 0,
// x slope (an infinity) or slope quieted; at x = +-0 the limit of x slope, a
// zero with the sign of x times slope (IEEE's 0 * inf would be NaN).  The
// derivative: 1 for x > 0, slope (quieted if NaN) for x <= 0.
template <class S>
struct leaky_relu_nonfinite_forward : slow_path_for_nan_only
{
    S slope;
    leaky_relu_nonfinite_forward(op_tag, S s) noexcept : slope(s) {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        if (std::isnan(slope))
            return choose(x > T(S(0)), x, T(quieted(slope)));
        const T zero = bit_xor(x, T(bit_and(slope, S(-0.0)))); // x is +-0 where used
        return choose(x > T(S(0)), x, choose(x == T(S(0)), zero, x * T(slope)));
    }
};

template <class S>
struct leaky_relu_nonfinite_derivative : slow_path_for_nan_only
{
    S slope;
    leaky_relu_nonfinite_derivative(op_tag, S s) noexcept : slope(std::isnan(s) ? quieted(s) : s) {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return choose(x > T(S(0)), T(S(1)), T(slope));
    }
};

// Calls f with leaky ReLU's operation for slope: every finite slope takes the
// plain one (slope x rounds once, any slope), an infinite or NaN one the limits.
template <template <class> class Plain, template <class> class Nonfinite, class S, class F>
inline decltype(auto) with_leaky_relu_op(S slope, F&& f) noexcept
{
    if (!std::isfinite(slope))
        return f(Nonfinite<S>(op_tag{}, slope));
    return f(Plain<S>(op_tag{}, slope));
}

} // namespace detail

ACTFN_DEFINE_KERNELS(relu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)
ACTFN_DEFINE_ARRAY_FORMS(relu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)

template <class T>
inline detail::kernel_t<T> leaky_relu(T x, detail::scalar_t<T> slope) noexcept
{
    return detail::with_leaky_relu_op<detail::leaky_relu_forward, detail::leaky_relu_nonfinite_forward>(
        slope, [&](const auto& op) { return detail::evaluate(op, x); });
}

template <class T>
inline detail::kernel_t<T> leaky_relu_grad(T x, detail::scalar_t<T> slope) noexcept
{
    return detail::with_leaky_relu_op<detail::leaky_relu_derivative, detail::leaky_relu_nonfinite_derivative>(
        slope, [&](const auto& op) { return detail::evaluate(op, x); });
}

template <class T>
inline detail::kernel_t<T> leaky_relu(T x) noexcept
{
    return leaky_relu(x, detail::scalar_t<T>(0.01));
}

template <class T>
inline detail::kernel_t<T> leaky_relu_grad(T x) noexcept
{
    return leaky_relu_grad(x, detail::scalar_t<T>(0.01));
}

template <class T, detail::enable_array_t<T> = 0>
inline void leaky_relu(const T* x, T* y, std::size_t n, T slope = T(0.01)) noexcept
{
    detail::with_leaky_relu_op<detail::leaky_relu_forward, detail::leaky_relu_nonfinite_forward>(
        slope, [&](const auto& op) { detail::map_forward(x, y, n, op); });
}

template <class T, detail::enable_array_t<T> = 0>
inline void leaky_relu_backward(const T* x, const T* dy, T* dx, std::size_t n, T slope = T(0.01)) noexcept
{
    detail::with_leaky_relu_op<detail::leaky_relu_derivative, detail::leaky_relu_nonfinite_derivative>(
        slope, [&](const auto& op) { detail::map_backward(x, dy, dx, n, op); });
}

#define ACTFN_SLOPE_PARAMS(T) , T slope = T(0.01)
#define ACTFN_SLOPE_ARGS() , slope
ACTFN_DEFINE_SPAN_FORMS(leaky_relu, float, ACTFN_SLOPE_PARAMS, ACTFN_SLOPE_ARGS)
ACTFN_DEFINE_SPAN_FORMS(leaky_relu, double, ACTFN_SLOPE_PARAMS, ACTFN_SLOPE_ARGS)
#undef ACTFN_SLOPE_PARAMS
#undef ACTFN_SLOPE_ARGS

} // namespace actfn
