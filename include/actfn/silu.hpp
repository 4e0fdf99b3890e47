#pragma once
// SiLU (swish): x*sigma(x), and its derivative sigma(x)*(1 + x*(1 - sigma(x))).

#include "detail/array_api.hpp"
#include "detail/sigmoid_impl.hpp"
#include "detail/simd_ops.hpp"

namespace actfn {

/// SiLU, x * sigma(x), within 1 ulp for every float and double input.
template <class T>
inline detail::kernel_t<T> silu(T x) noexcept
{
    return detail::silu_kernel(x);
}

/// Derivative of SiLU, sigma(x) (1 + x (1 - sigma(x))), within 2 ulp, including
/// next to its root at x = -1.2784645...
template <class T>
inline detail::kernel_t<T> silu_grad(T x) noexcept
{
    return detail::sigmoid_grad_kernel<false>(x, T(detail::scalar_t<T>(0)));
}

ACTFN_DEFINE_ARRAY_FORMS(silu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)

} // namespace actfn
