#pragma once
// QuickGELU (the sigmoid approximation of GELU): x*sigma(alpha*x), alpha = 1.702 by default,
// and its derivative sigma(alpha*x)*(1 + alpha*x*(1 - sigma(alpha*x))).
// alpha is used as given in the working type (1.702f for float): the result is
// x * sigma(alpha * x) for that exact alpha, within 1 ulp.

#include "detail/array_api.hpp"
#include "detail/sigmoid_impl.hpp"
#include "detail/simd_ops.hpp"

namespace actfn {

template <class T>
inline detail::kernel_t<T> quick_gelu(T x, detail::scalar_t<T> alpha) noexcept
{
    return detail::quick_gelu_kernel(x, alpha);
}

template <class T>
inline detail::kernel_t<T> quick_gelu(T x) noexcept
{
    return quick_gelu(x, detail::scalar_t<T>(1.702));
}

template <class T>
inline detail::kernel_t<T> quick_gelu_grad(T x, detail::scalar_t<T> alpha) noexcept
{
    T z_hi, z_lo;
    detail::split_product(T(alpha), x, z_hi, z_lo);
    return detail::sigmoid_grad_kernel<true>(z_hi, z_lo);
}

template <class T>
inline detail::kernel_t<T> quick_gelu_grad(T x) noexcept
{
    return quick_gelu_grad(x, detail::scalar_t<T>(1.702));
}

#define ACTFN_ALPHA_PARAMS(T) , T alpha = T(1.702)
#define ACTFN_ALPHA_ARGS() , alpha
ACTFN_DEFINE_ARRAY_FORMS(quick_gelu, ACTFN_ALPHA_PARAMS, ACTFN_ALPHA_ARGS)
#undef ACTFN_ALPHA_PARAMS
#undef ACTFN_ALPHA_ARGS

} // namespace actfn
