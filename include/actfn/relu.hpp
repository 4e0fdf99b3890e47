#pragma once
// ReLU and leaky ReLU, the baselines GELU is compared with.
//
// relu(x) = max(x, 0); relu(-0) = +0.  leaky_relu(x, s) = x > 0 ? x : s*x.
// Derivatives follow PyTorch at 0 (relu_grad(0) = 0, leaky_relu_grad(0) = s);
// a NaN input gives NaN for the forward value and for the derivative.

#include "detail/array_api.hpp"
#include "detail/simd_ops.hpp"

namespace actfn {

template <class T>
inline detail::kernel_t<T> relu(T x) noexcept
{
    // x <= 0 is false for NaN, which therefore passes through.
    return detail::choose(x <= T(0), T(0), x);
}

template <class T>
inline detail::kernel_t<T> relu_grad(T x) noexcept
{
    return detail::choose(x > T(0), T(1), detail::choose(x <= T(0), T(0), x));
}

template <class T>
inline detail::kernel_t<T> leaky_relu(T x, detail::scalar_t<T> slope = detail::scalar_t<T>(0.01)) noexcept
{
    return detail::choose(x > T(0), x, x * T(slope));
}

template <class T>
inline detail::kernel_t<T> leaky_relu_grad(T x, detail::scalar_t<T> slope = detail::scalar_t<T>(0.01)) noexcept
{
    return detail::choose(x > T(0), T(1), detail::choose(x <= T(0), T(slope), x));
}

#define ACTFN_SLOPE_PARAMS(T) , T slope = T(0.01)
#define ACTFN_SLOPE_ARGS() , slope
ACTFN_DEFINE_ARRAY_FORMS(relu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)
ACTFN_DEFINE_ARRAY_FORMS(leaky_relu, ACTFN_SLOPE_PARAMS, ACTFN_SLOPE_ARGS)
#undef ACTFN_SLOPE_PARAMS
#undef ACTFN_SLOPE_ARGS

} // namespace actfn
