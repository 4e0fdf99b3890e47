#pragma once
// Exact GELU: x*Phi(x) = 0.5*x*erfc(-x/sqrt(2)), and its derivative Phi(x) + x*phi(x).

#include "detail/array_api.hpp"
#include "detail/gelu_impl.hpp"
#include "detail/placeholder_math.hpp"
#include "detail/simd_ops.hpp"

#include <type_traits>

namespace actfn {

/// Exact GELU, x * Phi(x), within 1 ulp for every float and double input
/// (including the negative tail, down to where the result underflows to -0).
template <class T>
inline detail::kernel_t<T> gelu(T x) noexcept
{
    if constexpr (std::is_same<detail::scalar_t<T>, float>::value)
        return detail::gelu_f32(x);
    else
        return detail::gelu_f64(x);
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
