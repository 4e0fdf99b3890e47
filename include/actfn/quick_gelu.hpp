#pragma once
// QuickGELU (the sigmoid approximation of GELU): x*sigma(alpha*x), alpha = 1.702 by default,
// and its derivative sigma(alpha*x)*(1 + alpha*x*(1 - sigma(alpha*x))).
//
// alpha is used as given in the working type (1.702f for float): the results are
// within 1 ulp (forward) and 2 ulp (derivative) of the exact values for that
// alpha, on targets with an FMA; alpha * x is split exactly, never rounded.
// quick_gelu(x) is quick_gelu(x, 1.702) bit for bit.  See detail/sigmoid_impl.hpp.

#include "detail/array_api.hpp"
#include "detail/sigmoid_impl.hpp"

namespace actfn {

#define ACTFN_ALPHA_PARAMS(T) , T alpha
#define ACTFN_ALPHA_ARGS() , alpha
ACTFN_DEFINE_KERNELS(quick_gelu, ACTFN_ALPHA_PARAMS, ACTFN_ALPHA_ARGS)
#undef ACTFN_ALPHA_PARAMS

template <class T>
inline detail::kernel_t<T> quick_gelu(T x) noexcept
{
    return quick_gelu(x, detail::scalar_t<T>(1.702));
}

template <class T>
inline detail::kernel_t<T> quick_gelu_grad(T x) noexcept
{
    return quick_gelu_grad(x, detail::scalar_t<T>(1.702));
}

#define ACTFN_ALPHA_PARAMS(T) , T alpha = T(1.702)
ACTFN_DEFINE_ARRAY_FORMS(quick_gelu, ACTFN_ALPHA_PARAMS, ACTFN_ALPHA_ARGS)
#undef ACTFN_ALPHA_PARAMS
#undef ACTFN_ALPHA_ARGS

} // namespace actfn
