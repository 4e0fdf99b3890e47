#pragma once
// Exact GELU: x*Phi(x) = 0.5*x*erfc(-x/sqrt(2)), and its derivative Phi(x) + x*phi(x).

#include "detail/array_api.hpp"
#include "detail/placeholder_math.hpp"
#include "detail/simd_ops.hpp"

namespace actfn {

template <class T>
inline detail::kernel_t<T> gelu(T x) noexcept
{
    using S = detail::scalar_t<T>;
    return T(S(0.5)) * x * detail::placeholder::erfc(-x * T(S(0.70710678118654752440)));
}

template <class T>
inline detail::kernel_t<T> gelu_grad(T x) noexcept
{
    using S = detail::scalar_t<T>;
    T cdf = T(S(0.5)) * detail::placeholder::erfc(-x * T(S(0.70710678118654752440)));
    T pdf = T(S(0.39894228040143267794)) * detail::placeholder::exp(T(S(-0.5)) * x * x);
    return cdf + x * pdf;
}

ACTFN_DEFINE_ARRAY_FORMS(gelu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)

} // namespace actfn
