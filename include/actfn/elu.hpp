#pragma once
// ELU: x > 0 ? x : alpha*(exp(x) - 1); elu(-inf) = -alpha.
// elu_grad: x > 0 ? 1 : alpha*exp(x), so elu_grad(0) = alpha as in PyTorch.
//
// Both within 1 ulp of the exact values for the given alpha (as a value of the
// working type) on targets with an FMA, for any finite alpha; an infinite or
// NaN alpha gives the limits or NaN the README's "Parameters" lists.  See
// detail/elu_impl.hpp.

#include "detail/array_api.hpp"
#include "detail/elu_impl.hpp"

namespace actfn {

template <class T>
inline detail::kernel_t<T> elu(T x, detail::scalar_t<T> alpha) noexcept
{
    return detail::with_elu_op(alpha, [&](const auto& op) { return detail::evaluate(op, x); });
}

template <class T>
inline detail::kernel_t<T> elu_grad(T x, detail::scalar_t<T> alpha) noexcept
{
    return detail::with_elu_grad_op(alpha, [&](const auto& op) { return detail::evaluate(op, x); });
}

template <class T>
inline detail::kernel_t<T> elu(T x) noexcept
{
    return elu(x, detail::scalar_t<T>(1));
}

template <class T>
inline detail::kernel_t<T> elu_grad(T x) noexcept
{
    return elu_grad(x, detail::scalar_t<T>(1));
}

template <class T, detail::enable_array_t<T> = 0>
inline void elu(const T* x, T* y, std::size_t n, T alpha = T(1)) noexcept
{
    detail::with_elu_op(alpha, [&](const auto& op) { detail::map_forward(x, y, n, op); });
}

template <class T, detail::enable_array_t<T> = 0>
inline void elu_backward(const T* x, const T* dy, T* dx, std::size_t n, T alpha = T(1)) noexcept
{
    detail::with_elu_grad_op(alpha, [&](const auto& op) { detail::map_backward(x, dy, dx, n, op); });
}

#define ACTFN_ALPHA_PARAMS(T) , T alpha = T(1)
#define ACTFN_ALPHA_ARGS() , alpha
ACTFN_DEFINE_SPAN_FORMS(elu, float, ACTFN_ALPHA_PARAMS, ACTFN_ALPHA_ARGS)
ACTFN_DEFINE_SPAN_FORMS(elu, double, ACTFN_ALPHA_PARAMS, ACTFN_ALPHA_ARGS)
#undef ACTFN_ALPHA_PARAMS
#undef ACTFN_ALPHA_ARGS

} // namespace actfn
