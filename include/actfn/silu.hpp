#pragma once
// SiLU (swish) and its derivative:
//
//   silu(x)      = x sigma(x),  sigma(x) = 1 / (1 + exp(-x))
//   silu_grad(x) = sigma(x) (1 + x (1 - sigma(x)))
//
// Domain: every float and double.  Error: silu <= 1 ulp, silu_grad <= 2 ulp
// (all 2^32 floats, 10^7 doubles) with an FMA, next to the derivative's root
// x = -1.2784645... included; <= 2 and <= 4 ulp without one.  Special values:
// silu(+inf) = +inf, silu(-inf) = -0, silu(+-0) = +-0; silu_grad(+inf) = 1,
// (-inf) = 0, (+-0) = 1/2; a NaN x gives x quieted.  Algorithm:
// detail/sigmoid_impl.hpp.

#include "detail/array_api.hpp"
#include "detail/half_array.hpp"
#include "detail/sigmoid_impl.hpp"

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {

/// silu(x) = x sigma(x) for T = float, double or xsimd::batch<float|double, A>.
template <class T>
inline detail::kernel_t<T> silu(T x) noexcept
{
    return detail::evaluate(detail::silu_forward<detail::scalar_t<T>>(detail::op_tag{}), x);
}

/// silu'(x) = sigma(x) (1 + x (1 - sigma(x))) for T = float, double or an xsimd batch.
template <class T>
inline detail::kernel_t<T> silu_grad(T x) noexcept
{
    return detail::evaluate(detail::silu_derivative<detail::scalar_t<T>>(detail::op_tag{}), x);
}

/// y[i] = silu(x[i]) for i < n; y may be x (detail/array_api.hpp lists the contract).
inline void silu(const float* x, float* y, std::size_t n) noexcept
{
    detail::map_forward(x, y, n, detail::silu_forward<float>(detail::op_tag{}));
}

/// y[i] = silu(x[i]) for i < n; y may be x.
inline void silu(const double* x, double* y, std::size_t n) noexcept
{
    detail::map_forward(x, y, n, detail::silu_forward<double>(detail::op_tag{}));
}

/// dx[i] = dy[i] silu'(x[i]) for i < n; dx may be x or dy.
inline void silu_backward(const float* x, const float* dy, float* dx, std::size_t n) noexcept
{
    detail::map_backward(x, dy, dx, n, detail::silu_derivative<float>(detail::op_tag{}));
}

/// dx[i] = dy[i] silu'(x[i]) for i < n; dx may be x or dy.
inline void silu_backward(const double* x, const double* dy, double* dx, std::size_t n) noexcept
{
    detail::map_backward(x, dy, dx, n, detail::silu_derivative<double>(detail::op_tag{}));
}

/// y[i] = silu(x[i]) rounded once to bfloat16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void silu(const bfloat16* x, bfloat16* y, std::size_t n) noexcept
{
    detail::map_half_forward(x, y, n, detail::silu_forward<float>(detail::op_tag{}), [=](double v) noexcept { return detail::near_zero_half_x(v, 0.25, [](double t) noexcept { return silu(t); }); });
}

/// dx[i] = dy[i] silu'(x[i]) rounded once to bfloat16, i < n; dx may be x or dy.
inline void silu_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n) noexcept
{
    detail::map_half_backward(x, dy, dx, n, detail::silu_derivative<float>(detail::op_tag{}), [=](double v) noexcept { return detail::near_zero_half(v, 0.5, [](double t) noexcept { return silu_grad(t); }); });
}

/// y[i] = silu(x[i]) rounded once to float16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void silu(const float16* x, float16* y, std::size_t n) noexcept
{
    detail::map_half_forward(x, y, n, detail::silu_forward<float>(detail::op_tag{}), [=](double v) noexcept { return detail::near_zero_half_x(v, 0.25, [](double t) noexcept { return silu(t); }); });
}

/// dx[i] = dy[i] silu'(x[i]) rounded once to float16, i < n; dx may be x or dy.
inline void silu_backward(const float16* x, const float16* dy, float16* dx, std::size_t n) noexcept
{
    detail::map_half_backward(x, dy, dx, n, detail::silu_derivative<float>(detail::op_tag{}), [=](double v) noexcept { return detail::near_zero_half(v, 0.5, [](double t) noexcept { return silu_grad(t); }); });
}

/// silu on the compilers' own 16-bit types (_Float16, __bf16, std::float16_t,
/// std::bfloat16_t where the compiler has them), as on float16 and bfloat16.
template <class T, class H = detail::half_storage_t<T>>
inline void silu(const T* x, T* y, std::size_t n) noexcept
{
    silu(reinterpret_cast<const H*>(x), reinterpret_cast<H*>(y), n);
}

/// silu_backward on the compilers' own 16-bit types.
template <class T, class H = detail::half_storage_t<T>>
inline void silu_backward(const T* x, const T* dy, T* dx, std::size_t n) noexcept
{
    silu_backward(reinterpret_cast<const H*>(x), reinterpret_cast<const H*>(dy), reinterpret_cast<H*>(dx), n);
}

#if ACTFN_HAS_SPAN
/// silu over bfloat16 spans of equal size.
inline void silu(std::span<const bfloat16> x, std::span<bfloat16> y)
{
    detail::check_span_sizes("silu", "x", x.size(), "y", y.size());
    silu(x.data(), y.data(), x.size());
}

/// silu_backward over bfloat16 spans of equal size.
inline void silu_backward(std::span<const bfloat16> x, std::span<const bfloat16> dy, std::span<bfloat16> dx)
{
    detail::check_span_sizes("silu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("silu_backward", "x", x.size(), "dx", dx.size());
    silu_backward(x.data(), dy.data(), dx.data(), x.size());
}

/// silu over float16 spans of equal size.
inline void silu(std::span<const float16> x, std::span<float16> y)
{
    detail::check_span_sizes("silu", "x", x.size(), "y", y.size());
    silu(x.data(), y.data(), x.size());
}

/// silu_backward over float16 spans of equal size.
inline void silu_backward(std::span<const float16> x, std::span<const float16> dy, std::span<float16> dx)
{
    detail::check_span_sizes("silu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("silu_backward", "x", x.size(), "dx", dx.size());
    silu_backward(x.data(), dy.data(), dx.data(), x.size());
}

#endif

#if ACTFN_HAS_SPAN
/// silu over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void silu(std::span<const float> x, std::span<float> y)
{
    detail::check_span_sizes("silu", "x", x.size(), "y", y.size());
    silu(x.data(), y.data(), x.size());
}

/// silu over spans of equal size.
inline void silu(std::span<const double> x, std::span<double> y)
{
    detail::check_span_sizes("silu", "x", x.size(), "y", y.size());
    silu(x.data(), y.data(), x.size());
}

/// silu_backward over spans of equal size.
inline void silu_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx)
{
    detail::check_span_sizes("silu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("silu_backward", "x", x.size(), "dx", dx.size());
    silu_backward(x.data(), dy.data(), dx.data(), x.size());
}

/// silu_backward over spans of equal size.
inline void silu_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx)
{
    detail::check_span_sizes("silu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("silu_backward", "x", x.size(), "dx", dx.size());
    silu_backward(x.data(), dy.data(), dx.data(), x.size());
}

#endif

} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
