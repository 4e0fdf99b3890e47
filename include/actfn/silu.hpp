#pragma once
// SiLU (swish): x*sigma(x), and its derivative sigma(x)*(1 + x*(1 - sigma(x))).

#include "detail/array_api.hpp"
#include "detail/placeholder_math.hpp"
#include "detail/simd_ops.hpp"

namespace actfn {

template <class T>
inline detail::kernel_t<T> silu(T x) noexcept
{
    return x / (T(1) + detail::placeholder::exp(-x));
}

template <class T>
inline detail::kernel_t<T> silu_grad(T x) noexcept
{
    T s = T(1) / (T(1) + detail::placeholder::exp(-x));
    return s * (T(1) + x * (T(1) - s));
}

ACTFN_DEFINE_ARRAY_FORMS(silu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)

} // namespace actfn
