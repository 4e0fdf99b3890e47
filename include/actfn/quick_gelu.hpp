#pragma once
// QuickGELU (the sigmoid approximation of GELU): x*sigma(alpha*x), alpha = 1.702 by default,
// and its derivative sigma(alpha*x)*(1 + alpha*x*(1 - sigma(alpha*x))).

#include "detail/array_api.hpp"
#include "detail/placeholder_math.hpp"
#include "detail/simd_ops.hpp"

namespace actfn {

template <class T>
inline detail::kernel_t<T> quick_gelu(T x, detail::scalar_t<T> alpha) noexcept
{
    return x / (T(1) + detail::placeholder::exp(-(T(alpha) * x)));
}

template <class T>
inline detail::kernel_t<T> quick_gelu(T x) noexcept
{
    return quick_gelu(x, detail::scalar_t<T>(1.702));
}

template <class T>
inline detail::kernel_t<T> quick_gelu_grad(T x, detail::scalar_t<T> alpha) noexcept
{
    T z = T(alpha) * x;
    T s = T(1) / (T(1) + detail::placeholder::exp(-z));
    return s * (T(1) + z * (T(1) - s));
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
