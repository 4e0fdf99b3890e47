#pragma once
// Tanh approximation of GELU: 0.5*x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3))), and its derivative.
// Both are computed against the formula with the real constants sqrt(2/pi) and
// 0.044715 (not against exact GELU): within 1 ulp (forward) and 2 ulp
// (derivative, including next to its root at x = -0.7524614...).

#include "detail/array_api.hpp"
#include "detail/gelu_tanh_impl.hpp"
#include "detail/simd_ops.hpp"

namespace actfn {

template <class T>
inline detail::kernel_t<T> gelu_tanh(T x) noexcept
{
    return detail::gelu_tanh_kernel(x);
}

template <class T>
inline detail::kernel_t<T> gelu_tanh_grad(T x) noexcept
{
    return detail::gelu_tanh_grad_kernel(x);
}

ACTFN_DEFINE_ARRAY_FORMS(gelu_tanh, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)

} // namespace actfn
