#pragma once
// Tanh approximation of GELU: 0.5*x*(1 + tanh(sqrt(2/pi)*(x + 0.044715*x^3))), and its derivative.

#include "detail/array_api.hpp"
#include "detail/placeholder_math.hpp"
#include "detail/simd_ops.hpp"

namespace actfn {

template <class T>
inline detail::kernel_t<T> gelu_tanh(T x) noexcept
{
    using S = detail::scalar_t<T>;
    T u = T(S(0.79788456080286535588)) * (x + T(S(0.044715)) * x * x * x);
    return T(S(0.5)) * x * (T(1) + detail::placeholder::tanh(u));
}

template <class T>
inline detail::kernel_t<T> gelu_tanh_grad(T x) noexcept
{
    using S = detail::scalar_t<T>;
    T u = T(S(0.79788456080286535588)) * (x + T(S(0.044715)) * x * x * x);
    T t = detail::placeholder::tanh(u);
    T du = T(S(0.79788456080286535588)) * (T(1) + T(S(3 * 0.044715)) * x * x);
    return T(S(0.5)) * (T(1) + t) + T(S(0.5)) * x * (T(1) - t * t) * du;
}

ACTFN_DEFINE_ARRAY_FORMS(gelu_tanh, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)

} // namespace actfn
