#pragma once
// ELU and its derivative:
//
//   elu(x, alpha)      = x for x > 0, alpha (exp(x) - 1) otherwise;  alpha = 1 by default
//   elu_grad(x, alpha) = 1 for x > 0, alpha exp(x) otherwise (alpha at x = 0, as PyTorch)
//
// Domain: every x, and any finite alpha (README, "Parameters").  Error:
// <= 1 ulp forward and derivative (measured: 0.56 and 0.77 on all 2^32 floats
// at alpha = 1) with an FMA, <= 2 and <= 4 without one, for every finite
// alpha.  Special values: elu(+inf) = +inf, elu(-inf) = -alpha, elu(+-0) =
// +-0; elu_grad(-inf) = 0; a NaN x gives x quieted; an infinite or NaN alpha
// gives the limits or NaN the README's "Parameters" lists.  Algorithm:
// detail/elu_impl.hpp.

#include "detail/array_api.hpp"
#include "detail/half_array.hpp"
#include "detail/elu_impl.hpp"

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {

/// elu(x, alpha) = x for x > 0, alpha (exp(x) - 1) otherwise for T = float, double or xsimd::batch<float|double, A>;
/// alpha as given, in T's scalar type.
template <class T>
inline detail::kernel_t<T> elu(T x, detail::scalar_t<T> alpha) noexcept
{
    return detail::with_elu_op(
        alpha, [&](const auto& op) { return detail::evaluate(op, x); });
}

/// elu'(x, alpha) = 1 for x > 0, alpha exp(x) otherwise (alpha at 0).
template <class T>
inline detail::kernel_t<T> elu_grad(T x, detail::scalar_t<T> alpha) noexcept
{
    return detail::with_elu_grad_op(
        alpha, [&](const auto& op) { return detail::evaluate(op, x); });
}

/// elu(x, alpha) at the default alpha, bit for bit.
template <class T>
inline detail::kernel_t<T> elu(T x) noexcept
{
    return elu(x, detail::scalar_t<T>(1));
}

/// elu_grad(x, alpha) at the default alpha, bit for bit.
template <class T>
inline detail::kernel_t<T> elu_grad(T x) noexcept
{
    return elu_grad(x, detail::scalar_t<T>(1));
}

/// y[i] = elu(x[i], alpha) for i < n; y may be x (detail/array_api.hpp lists the contract).
inline void elu(const float* x, float* y, std::size_t n, float alpha = float(1)) noexcept
{
    detail::with_elu_op(
        alpha, [&](const auto& op) { detail::map_forward(x, y, n, op); });
}

/// y[i] = elu(x[i], alpha) for i < n; y may be x.
inline void elu(const double* x, double* y, std::size_t n, double alpha = double(1)) noexcept
{
    detail::with_elu_op(
        alpha, [&](const auto& op) { detail::map_forward(x, y, n, op); });
}

/// dx[i] = dy[i] elu'(x[i], alpha) for i < n; dx may be x or dy.
inline void elu_backward(const float* x, const float* dy, float* dx, std::size_t n, float alpha = float(1)) noexcept
{
    detail::with_elu_grad_op(
        alpha, [&](const auto& op) { detail::map_backward(x, dy, dx, n, op); });
}

/// dx[i] = dy[i] elu'(x[i], alpha) for i < n; dx may be x or dy.
inline void elu_backward(const double* x, const double* dy, double* dx, std::size_t n, double alpha = double(1)) noexcept
{
    detail::with_elu_grad_op(
        alpha, [&](const auto& op) { detail::map_backward(x, dy, dx, n, op); });
}

/// y[i] = elu(x[i], alpha) rounded once to bfloat16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void elu(const bfloat16* x, bfloat16* y, std::size_t n, float alpha = float(1)) noexcept
{
    detail::with_elu_op(
        alpha, [&](const auto& op) { detail::map_half_forward(x, y, n, op, [=](double v) noexcept { return elu(v, double(alpha)); }); });
}

/// dx[i] = dy[i] elu'(x[i], alpha) rounded once to bfloat16, i < n; dx may be x or dy.
inline void elu_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n, float alpha = float(1)) noexcept
{
    detail::with_elu_grad_op(
        alpha, [&](const auto& op) { detail::map_half_backward(x, dy, dx, n, op, [=](double v) noexcept { return elu_grad(v, double(alpha)); }); });
}

/// y[i] = elu(x[i], alpha) rounded once to float16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void elu(const float16* x, float16* y, std::size_t n, float alpha = float(1)) noexcept
{
    detail::with_elu_op(
        alpha, [&](const auto& op) { detail::map_half_forward(x, y, n, op, [=](double v) noexcept { return elu(v, double(alpha)); }); });
}

/// dx[i] = dy[i] elu'(x[i], alpha) rounded once to float16, i < n; dx may be x or dy.
inline void elu_backward(const float16* x, const float16* dy, float16* dx, std::size_t n, float alpha = float(1)) noexcept
{
    detail::with_elu_grad_op(
        alpha, [&](const auto& op) { detail::map_half_backward(x, dy, dx, n, op, [=](double v) noexcept { return elu_grad(v, double(alpha)); }); });
}

/// elu on the compilers' own 16-bit types (_Float16, __bf16, std::float16_t,
/// std::bfloat16_t where the compiler has them), as on float16 and bfloat16.
template <class T, class H = detail::half_storage_t<T>>
inline void elu(const T* x, T* y, std::size_t n, float alpha = float(1)) noexcept
{
    elu(reinterpret_cast<const H*>(x), reinterpret_cast<H*>(y), n, alpha);
}

/// elu_backward on the compilers' own 16-bit types.
template <class T, class H = detail::half_storage_t<T>>
inline void elu_backward(const T* x, const T* dy, T* dx, std::size_t n, float alpha = float(1)) noexcept
{
    elu_backward(reinterpret_cast<const H*>(x), reinterpret_cast<const H*>(dy), reinterpret_cast<H*>(dx), n, alpha);
}

#if ACTFN_HAS_SPAN
/// elu over bfloat16 spans of equal size.
inline void elu(std::span<const bfloat16> x, std::span<bfloat16> y, float alpha = float(1))
{
    detail::check_span_sizes("elu", "x", x.size(), "y", y.size());
    elu(x.data(), y.data(), x.size(), alpha);
}

/// elu_backward over bfloat16 spans of equal size.
inline void elu_backward(std::span<const bfloat16> x, std::span<const bfloat16> dy, std::span<bfloat16> dx, float alpha = float(1))
{
    detail::check_span_sizes("elu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("elu_backward", "x", x.size(), "dx", dx.size());
    elu_backward(x.data(), dy.data(), dx.data(), x.size(), alpha);
}

/// elu over float16 spans of equal size.
inline void elu(std::span<const float16> x, std::span<float16> y, float alpha = float(1))
{
    detail::check_span_sizes("elu", "x", x.size(), "y", y.size());
    elu(x.data(), y.data(), x.size(), alpha);
}

/// elu_backward over float16 spans of equal size.
inline void elu_backward(std::span<const float16> x, std::span<const float16> dy, std::span<float16> dx, float alpha = float(1))
{
    detail::check_span_sizes("elu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("elu_backward", "x", x.size(), "dx", dx.size());
    elu_backward(x.data(), dy.data(), dx.data(), x.size(), alpha);
}

#endif

#if ACTFN_HAS_SPAN
/// elu over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void elu(std::span<const float> x, std::span<float> y, float alpha = float(1))
{
    detail::check_span_sizes("elu", "x", x.size(), "y", y.size());
    elu(x.data(), y.data(), x.size(), alpha);
}

/// elu over spans of equal size.
inline void elu(std::span<const double> x, std::span<double> y, double alpha = double(1))
{
    detail::check_span_sizes("elu", "x", x.size(), "y", y.size());
    elu(x.data(), y.data(), x.size(), alpha);
}

/// elu_backward over spans of equal size.
inline void elu_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx, float alpha = float(1))
{
    detail::check_span_sizes("elu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("elu_backward", "x", x.size(), "dx", dx.size());
    elu_backward(x.data(), dy.data(), dx.data(), x.size(), alpha);
}

/// elu_backward over spans of equal size.
inline void elu_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx, double alpha = double(1))
{
    detail::check_span_sizes("elu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("elu_backward", "x", x.size(), "dx", dx.size());
    elu_backward(x.data(), dy.data(), dx.data(), x.size(), alpha);
}

#endif

} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
