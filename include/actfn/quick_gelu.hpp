#pragma once
// QuickGELU (the sigmoid approximation of GELU): x*sigma(alpha*x), alpha = 1.702 by default,
// and its derivative sigma(alpha*x)*(1 + alpha*x*(1 - sigma(alpha*x))).
//
// alpha is used as given in the working type (1.702f for float): the results are
// within 1 ulp (forward) and 2 ulp (derivative) of the exact values for that
// alpha, on targets with an FMA; alpha * x is split exactly, never rounded.
// quick_gelu(x) is quick_gelu(x, 1.702) bit for bit.  At that default alpha
// every form (element, batch, array) uses tables on x itself, which are about
// 1.5x faster; any other alpha takes the general kernel.  Domain: any finite
// alpha (extreme ones and the derivative's moving root included); an
// infinite or NaN alpha gives the limits or NaN the README's "Parameters"
// lists.  See detail/sigmoid_impl.hpp.

#include "detail/array_api.hpp"
#include "detail/sigmoid_impl.hpp"

namespace actfn {

template <class T>
inline detail::kernel_t<T> quick_gelu(T x, detail::scalar_t<T> alpha) noexcept
{
    return detail::with_quick_gelu_op<detail::quick_gelu_default_forward, detail::quick_gelu_forward,
                                      detail::quick_gelu_nonfinite_forward>(
        alpha, [&](const auto& op) { return detail::evaluate(op, x); });
}

template <class T>
inline detail::kernel_t<T> quick_gelu_grad(T x, detail::scalar_t<T> alpha) noexcept
{
    return detail::with_quick_gelu_op<detail::quick_gelu_default_derivative, detail::quick_gelu_derivative,
                                      detail::quick_gelu_nonfinite_derivative>(
        alpha, [&](const auto& op) { return detail::evaluate(op, x); });
}

template <class T>
inline detail::kernel_t<T> quick_gelu(T x) noexcept
{
    return quick_gelu(x, detail::quick_gelu_default_alpha<detail::scalar_t<T>>);
}

template <class T>
inline detail::kernel_t<T> quick_gelu_grad(T x) noexcept
{
    return quick_gelu_grad(x, detail::quick_gelu_default_alpha<detail::scalar_t<T>>);
}

template <class T, detail::enable_array_t<T> = 0>
inline void quick_gelu(const T* x, T* y, std::size_t n, T alpha = T(1.702)) noexcept
{
    detail::with_quick_gelu_op<detail::quick_gelu_default_forward, detail::quick_gelu_forward,
                                      detail::quick_gelu_nonfinite_forward>(
        alpha, [&](const auto& op) { detail::map_forward(x, y, n, op); });
}

template <class T, detail::enable_array_t<T> = 0>
inline void quick_gelu_backward(const T* x, const T* dy, T* dx, std::size_t n, T alpha = T(1.702)) noexcept
{
    detail::with_quick_gelu_op<detail::quick_gelu_default_derivative, detail::quick_gelu_derivative,
                                      detail::quick_gelu_nonfinite_derivative>(
        alpha, [&](const auto& op) { detail::map_backward(x, dy, dx, n, op); });
}

#define ACTFN_ALPHA_PARAMS(T) , T alpha = T(1.702)
#define ACTFN_ALPHA_ARGS() , alpha
ACTFN_DEFINE_SPAN_FORMS(quick_gelu, float, ACTFN_ALPHA_PARAMS, ACTFN_ALPHA_ARGS)
ACTFN_DEFINE_SPAN_FORMS(quick_gelu, double, ACTFN_ALPHA_PARAMS, ACTFN_ALPHA_ARGS)
#undef ACTFN_ALPHA_PARAMS
#undef ACTFN_ALPHA_ARGS

} // namespace actfn
