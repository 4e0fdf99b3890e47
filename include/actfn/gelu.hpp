#pragma once
// Exact GELU: x*Phi(x) = 0.5*x*erfc(-x/sqrt(2)), and its derivative Phi(x) + x*phi(x).

#include "detail/array_api.hpp"
#include "detail/gelu_grad_impl.hpp"
#include "detail/gelu_impl.hpp"
#include "detail/simd_ops.hpp"


namespace actfn {

/// Exact GELU, x * Phi(x), within 1 ulp for every float and double input
/// (including the negative tail, down to where the result underflows to -0).
template <class T>
inline detail::kernel_t<T> gelu(T x) noexcept
{
    return detail::gelu_kernel(x);
}

/// Derivative of exact GELU, Phi(x) + x phi(x), within 2 ulp for every float
/// and double input, including next to its root at x = -0.7517915...
template <class T>
inline detail::kernel_t<T> gelu_grad(T x) noexcept
{
    return detail::gelu_grad_kernel(x);
}

ACTFN_DEFINE_ARRAY_FORMS(gelu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)

} // namespace actfn
