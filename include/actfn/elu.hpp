#pragma once
// ELU: x > 0 ? x : alpha*(exp(x) - 1); elu(-inf) = -alpha.
// elu_grad: x > 0 ? 1 : alpha*exp(x), so elu_grad(0) = alpha as in PyTorch.
// Both within 1 ulp for the given alpha (as a value of the working type).

#include "detail/array_api.hpp"
#include "detail/elu_impl.hpp"
#include "detail/simd_ops.hpp"

namespace actfn {

template <class T>
inline detail::kernel_t<T> elu(T x, detail::scalar_t<T> alpha = detail::scalar_t<T>(1)) noexcept
{
    return detail::elu_kernel(x, alpha);
}

template <class T>
inline detail::kernel_t<T> elu_grad(T x, detail::scalar_t<T> alpha = detail::scalar_t<T>(1)) noexcept
{
    return detail::elu_grad_kernel(x, alpha);
}

#define ACTFN_ALPHA_PARAMS(T) , T alpha = T(1)
#define ACTFN_ALPHA_ARGS() , alpha
ACTFN_DEFINE_ARRAY_FORMS(elu, ACTFN_ALPHA_PARAMS, ACTFN_ALPHA_ARGS)
#undef ACTFN_ALPHA_PARAMS
#undef ACTFN_ALPHA_ARGS

} // namespace actfn
