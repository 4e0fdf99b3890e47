#pragma once
// QuickGELU (the sigmoid approximation of GELU) and its derivative:
//
//   quick_gelu(x, alpha)      = x sigma(alpha x),  alpha = 1.702 by default
//   quick_gelu_grad(x, alpha) = sigma(z) (1 + z (1 - sigma(z))),  z = alpha x
//
// alpha is used as given in the working type (1.702f for float): the
// results are measured against the exact values for that alpha, never
// rounded alpha x (it is split exactly).  Domain: every x, and any finite
// alpha.  Error: <= 1 ulp forward, <= 2 ulp derivative with an FMA, <= 2 and
// <= 4 without one, for every finite alpha: extreme ones, and the
// derivative's root at -1.27846.../alpha included (README, "Parameters").
// At the default alpha every form uses tables on x (what SiLU costs); any
// other alpha takes the general kernel, about 1.5x slower.  Special values:
// quick_gelu(+inf) = +inf, (-inf) = -0, (+-0) = +-0 for alpha > 0 (the mirror
// for alpha < 0); the derivative 1, 0 and 1/2; a NaN x gives x quieted; an
// infinite or NaN alpha gives the limits or NaN the README's "Parameters"
// lists.  Algorithm: detail/sigmoid_impl.hpp.

#include "detail/array_api.hpp"
#include "detail/half_array.hpp"
#include "detail/sigmoid_impl.hpp"

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {

/// quick_gelu(x, alpha) = x sigma(alpha x) for T = float, double or xsimd::batch<float|double, A>;
/// alpha as given, in T's scalar type.
template <class T>
inline detail::kernel_t<T> quick_gelu(T x, detail::scalar_t<T> alpha) noexcept
{
    return detail::with_quick_gelu_op<detail::quick_gelu_default_forward, detail::quick_gelu_forward,
                                      detail::quick_gelu_nonfinite_forward>(
        alpha, [&](const auto& op) { return detail::evaluate(op, x); });
}

/// quick_gelu'(x, alpha) = sigma(z) (1 + z (1 - sigma(z))), z = alpha x.
template <class T>
inline detail::kernel_t<T> quick_gelu_grad(T x, detail::scalar_t<T> alpha) noexcept
{
    return detail::with_quick_gelu_op<detail::quick_gelu_default_derivative, detail::quick_gelu_derivative,
                                      detail::quick_gelu_nonfinite_derivative>(
        alpha, [&](const auto& op) { return detail::evaluate(op, x); });
}

/// quick_gelu(x, alpha) at the default alpha, bit for bit.
template <class T>
inline detail::kernel_t<T> quick_gelu(T x) noexcept
{
    return quick_gelu(x, detail::scalar_t<T>(1.702));
}

/// quick_gelu_grad(x, alpha) at the default alpha, bit for bit.
template <class T>
inline detail::kernel_t<T> quick_gelu_grad(T x) noexcept
{
    return quick_gelu_grad(x, detail::scalar_t<T>(1.702));
}

/// y[i] = quick_gelu(x[i], alpha) for i < n; y may be x (detail/array_api.hpp lists the contract).
inline void quick_gelu(const float* x, float* y, std::size_t n, float alpha = float(1.702)) noexcept
{
    detail::with_quick_gelu_op<detail::quick_gelu_default_forward, detail::quick_gelu_forward,
                                      detail::quick_gelu_nonfinite_forward>(
        alpha, [&](const auto& op) { detail::map_forward(x, y, n, op); });
}

/// y[i] = quick_gelu(x[i], alpha) for i < n; y may be x.
inline void quick_gelu(const double* x, double* y, std::size_t n, double alpha = double(1.702)) noexcept
{
    detail::with_quick_gelu_op<detail::quick_gelu_default_forward, detail::quick_gelu_forward,
                                      detail::quick_gelu_nonfinite_forward>(
        alpha, [&](const auto& op) { detail::map_forward(x, y, n, op); });
}

/// dx[i] = dy[i] quick_gelu'(x[i], alpha) for i < n; dx may be x or dy.
inline void quick_gelu_backward(const float* x, const float* dy, float* dx, std::size_t n, float alpha = float(1.702)) noexcept
{
    detail::with_quick_gelu_op<detail::quick_gelu_default_derivative, detail::quick_gelu_derivative,
                                      detail::quick_gelu_nonfinite_derivative>(
        alpha, [&](const auto& op) { detail::map_backward(x, dy, dx, n, op); });
}

/// dx[i] = dy[i] quick_gelu'(x[i], alpha) for i < n; dx may be x or dy.
inline void quick_gelu_backward(const double* x, const double* dy, double* dx, std::size_t n, double alpha = double(1.702)) noexcept
{
    detail::with_quick_gelu_op<detail::quick_gelu_default_derivative, detail::quick_gelu_derivative,
                                      detail::quick_gelu_nonfinite_derivative>(
        alpha, [&](const auto& op) { detail::map_backward(x, dy, dx, n, op); });
}

/// y[i] = quick_gelu(x[i], alpha) rounded once to bfloat16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void quick_gelu(const bfloat16* x, bfloat16* y, std::size_t n, float alpha = float(1.702)) noexcept
{
    detail::with_quick_gelu_op<detail::quick_gelu_default_forward, detail::quick_gelu_forward,
                                      detail::quick_gelu_nonfinite_forward>(
        alpha, [&](const auto& op) { detail::map_half_forward(x, y, n, op, [=](double v) noexcept { return detail::near_zero_half_x(v, 0.25 * double(alpha), [=](double t) noexcept { return quick_gelu(t, double(alpha)); }); }); });
}

/// dx[i] = dy[i] quick_gelu'(x[i], alpha) rounded once to bfloat16, i < n; dx may be x or dy.
inline void quick_gelu_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n, float alpha = float(1.702)) noexcept
{
    detail::with_quick_gelu_op<detail::quick_gelu_default_derivative, detail::quick_gelu_derivative,
                                      detail::quick_gelu_nonfinite_derivative>(
        alpha, [&](const auto& op) { detail::map_half_backward(x, dy, dx, n, op, [=](double v) noexcept { return detail::near_zero_half(v, 0.5 * double(alpha), [=](double t) noexcept { return quick_gelu_grad(t, double(alpha)); }); }); });
}

/// y[i] = quick_gelu(x[i], alpha) rounded once to float16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void quick_gelu(const float16* x, float16* y, std::size_t n, float alpha = float(1.702)) noexcept
{
    detail::with_quick_gelu_op<detail::quick_gelu_default_forward, detail::quick_gelu_forward,
                                      detail::quick_gelu_nonfinite_forward>(
        alpha, [&](const auto& op) { detail::map_half_forward(x, y, n, op, [=](double v) noexcept { return detail::near_zero_half_x(v, 0.25 * double(alpha), [=](double t) noexcept { return quick_gelu(t, double(alpha)); }); }); });
}

/// dx[i] = dy[i] quick_gelu'(x[i], alpha) rounded once to float16, i < n; dx may be x or dy.
inline void quick_gelu_backward(const float16* x, const float16* dy, float16* dx, std::size_t n, float alpha = float(1.702)) noexcept
{
    detail::with_quick_gelu_op<detail::quick_gelu_default_derivative, detail::quick_gelu_derivative,
                                      detail::quick_gelu_nonfinite_derivative>(
        alpha, [&](const auto& op) { detail::map_half_backward(x, dy, dx, n, op, [=](double v) noexcept { return detail::near_zero_half(v, 0.5 * double(alpha), [=](double t) noexcept { return quick_gelu_grad(t, double(alpha)); }); }); });
}

/// quick_gelu on the compilers' own 16-bit types (_Float16, __bf16, std::float16_t,
/// std::bfloat16_t where the compiler has them), as on float16 and bfloat16.
template <class T, class H = detail::half_storage_t<T>>
inline void quick_gelu(const T* x, T* y, std::size_t n, float alpha = float(1.702)) noexcept
{
    quick_gelu(reinterpret_cast<const H*>(x), reinterpret_cast<H*>(y), n, alpha);
}

/// quick_gelu_backward on the compilers' own 16-bit types.
template <class T, class H = detail::half_storage_t<T>>
inline void quick_gelu_backward(const T* x, const T* dy, T* dx, std::size_t n, float alpha = float(1.702)) noexcept
{
    quick_gelu_backward(reinterpret_cast<const H*>(x), reinterpret_cast<const H*>(dy), reinterpret_cast<H*>(dx), n, alpha);
}

#if ACTFN_HAS_SPAN
/// quick_gelu over bfloat16 spans of equal size.
inline void quick_gelu(std::span<const bfloat16> x, std::span<bfloat16> y, float alpha = float(1.702))
{
    detail::check_span_sizes("quick_gelu", "x", x.size(), "y", y.size());
    quick_gelu(x.data(), y.data(), x.size(), alpha);
}

/// quick_gelu_backward over bfloat16 spans of equal size.
inline void quick_gelu_backward(std::span<const bfloat16> x, std::span<const bfloat16> dy, std::span<bfloat16> dx, float alpha = float(1.702))
{
    detail::check_span_sizes("quick_gelu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("quick_gelu_backward", "x", x.size(), "dx", dx.size());
    quick_gelu_backward(x.data(), dy.data(), dx.data(), x.size(), alpha);
}

/// quick_gelu over float16 spans of equal size.
inline void quick_gelu(std::span<const float16> x, std::span<float16> y, float alpha = float(1.702))
{
    detail::check_span_sizes("quick_gelu", "x", x.size(), "y", y.size());
    quick_gelu(x.data(), y.data(), x.size(), alpha);
}

/// quick_gelu_backward over float16 spans of equal size.
inline void quick_gelu_backward(std::span<const float16> x, std::span<const float16> dy, std::span<float16> dx, float alpha = float(1.702))
{
    detail::check_span_sizes("quick_gelu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("quick_gelu_backward", "x", x.size(), "dx", dx.size());
    quick_gelu_backward(x.data(), dy.data(), dx.data(), x.size(), alpha);
}

#endif

#if ACTFN_HAS_SPAN
/// quick_gelu over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void quick_gelu(std::span<const float> x, std::span<float> y, float alpha = float(1.702))
{
    detail::check_span_sizes("quick_gelu", "x", x.size(), "y", y.size());
    quick_gelu(x.data(), y.data(), x.size(), alpha);
}

/// quick_gelu over spans of equal size.
inline void quick_gelu(std::span<const double> x, std::span<double> y, double alpha = double(1.702))
{
    detail::check_span_sizes("quick_gelu", "x", x.size(), "y", y.size());
    quick_gelu(x.data(), y.data(), x.size(), alpha);
}

/// quick_gelu_backward over spans of equal size.
inline void quick_gelu_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx, float alpha = float(1.702))
{
    detail::check_span_sizes("quick_gelu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("quick_gelu_backward", "x", x.size(), "dx", dx.size());
    quick_gelu_backward(x.data(), dy.data(), dx.data(), x.size(), alpha);
}

/// quick_gelu_backward over spans of equal size.
inline void quick_gelu_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx, double alpha = double(1.702))
{
    detail::check_span_sizes("quick_gelu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("quick_gelu_backward", "x", x.size(), "dx", dx.size());
    quick_gelu_backward(x.data(), dy.data(), dx.data(), x.size(), alpha);
}

#endif

} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
