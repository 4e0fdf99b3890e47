#pragma once
// The tanh form of GELU and its derivative, with the real constants:
//
//   gelu_tanh(x)      = 0.5 x (1 + tanh(u)) = x sigma(2u),  u = sqrt(2/pi) (x + 0.044715 x^3)
//   gelu_tanh_grad(x) = sigma(2u) + 2 x sigma(2u) (1 - sigma(2u)) sqrt(2/pi) (1 + 3 * 0.044715 x^2)
//
// Measured against that formula (not against exact GELU: it is another
// function).  Domain: every float and double.  Error: gelu_tanh <= 1 ulp,
// gelu_tanh_grad <= 2 ulp (all 2^32 floats, 10^7 doubles) with an FMA, next
// to the derivative's root x = -0.7524614... included; <= 2 and <= 4 ulp
// without one.  Special values: gelu_tanh(+inf) = +inf, (-inf) = -0,
// (+-0) = +-0; gelu_tanh_grad(+inf) = 1, (-inf) = 0, (+-0) = 1/2; a NaN x gives
// x quieted.  Algorithm: detail/gelu_tanh_impl.hpp.

#include "detail/array_api.hpp"
#include "detail/half_array.hpp"
#include "detail/gelu_tanh_impl.hpp"

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {

/// gelu_tanh(x) = 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3))) for T = float, double or xsimd::batch<float|double, A>.
template <class T>
inline detail::kernel_t<T> gelu_tanh(T x) noexcept
{
    return detail::evaluate(detail::gelu_tanh_forward<detail::scalar_t<T>>(detail::op_tag{}), x);
}

/// gelu_tanh'(x) for T = float, double or an xsimd batch.
template <class T>
inline detail::kernel_t<T> gelu_tanh_grad(T x) noexcept
{
    return detail::evaluate(detail::gelu_tanh_derivative<detail::scalar_t<T>>(detail::op_tag{}), x);
}

/// y[i] = gelu_tanh(x[i]) for i < n; y may be x (detail/array_api.hpp lists the contract).
inline void gelu_tanh(const float* x, float* y, std::size_t n) noexcept
{
    detail::map_forward(x, y, n, detail::gelu_tanh_forward<float>(detail::op_tag{}));
}

/// y[i] = gelu_tanh(x[i]) for i < n; y may be x.
inline void gelu_tanh(const double* x, double* y, std::size_t n) noexcept
{
    detail::map_forward(x, y, n, detail::gelu_tanh_forward<double>(detail::op_tag{}));
}

/// dx[i] = dy[i] gelu_tanh'(x[i]) for i < n; dx may be x or dy.
inline void gelu_tanh_backward(const float* x, const float* dy, float* dx, std::size_t n) noexcept
{
    detail::map_backward(x, dy, dx, n, detail::gelu_tanh_derivative<float>(detail::op_tag{}));
}

/// dx[i] = dy[i] gelu_tanh'(x[i]) for i < n; dx may be x or dy.
inline void gelu_tanh_backward(const double* x, const double* dy, double* dx, std::size_t n) noexcept
{
    detail::map_backward(x, dy, dx, n, detail::gelu_tanh_derivative<double>(detail::op_tag{}));
}

/// y[i] = gelu_tanh(x[i]) rounded once to bfloat16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void gelu_tanh(const bfloat16* x, bfloat16* y, std::size_t n) noexcept
{
    detail::map_half_forward(x, y, n, detail::gelu_tanh_forward<float>(detail::op_tag{}), [=](double v) noexcept { return detail::near_zero_half_x(v, 0.3989422804014327, [](double t) noexcept { return gelu_tanh(t); }); });
}

/// dx[i] = dy[i] gelu_tanh'(x[i]) rounded once to bfloat16, i < n; dx may be x or dy.
inline void gelu_tanh_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n) noexcept
{
    detail::map_half_backward(x, dy, dx, n, detail::gelu_tanh_derivative<float>(detail::op_tag{}), [=](double v) noexcept { return detail::near_zero_half(v, 0.7978845608028654, [](double t) noexcept { return gelu_tanh_grad(t); }); });
}

/// y[i] = gelu_tanh(x[i]) rounded once to float16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void gelu_tanh(const float16* x, float16* y, std::size_t n) noexcept
{
    detail::map_half_forward(x, y, n, detail::gelu_tanh_forward<float>(detail::op_tag{}), [=](double v) noexcept { return detail::near_zero_half_x(v, 0.3989422804014327, [](double t) noexcept { return gelu_tanh(t); }); });
}

/// dx[i] = dy[i] gelu_tanh'(x[i]) rounded once to float16, i < n; dx may be x or dy.
inline void gelu_tanh_backward(const float16* x, const float16* dy, float16* dx, std::size_t n) noexcept
{
    detail::map_half_backward(x, dy, dx, n, detail::gelu_tanh_derivative<float>(detail::op_tag{}), [=](double v) noexcept { return detail::near_zero_half(v, 0.7978845608028654, [](double t) noexcept { return gelu_tanh_grad(t); }); });
}

/// gelu_tanh on the compilers' own 16-bit types (_Float16, __bf16, std::float16_t,
/// std::bfloat16_t where the compiler has them), as on float16 and bfloat16.
template <class T, class H = detail::half_storage_t<T>>
inline void gelu_tanh(const T* x, T* y, std::size_t n) noexcept
{
    gelu_tanh(reinterpret_cast<const H*>(x), reinterpret_cast<H*>(y), n);
}

/// gelu_tanh_backward on the compilers' own 16-bit types.
template <class T, class H = detail::half_storage_t<T>>
inline void gelu_tanh_backward(const T* x, const T* dy, T* dx, std::size_t n) noexcept
{
    gelu_tanh_backward(reinterpret_cast<const H*>(x), reinterpret_cast<const H*>(dy), reinterpret_cast<H*>(dx), n);
}

#if ACTFN_HAS_SPAN
/// gelu_tanh over bfloat16 spans of equal size.
inline void gelu_tanh(std::span<const bfloat16> x, std::span<bfloat16> y)
{
    detail::check_span_sizes("gelu_tanh", "x", x.size(), "y", y.size());
    gelu_tanh(x.data(), y.data(), x.size());
}

/// gelu_tanh_backward over bfloat16 spans of equal size.
inline void gelu_tanh_backward(std::span<const bfloat16> x, std::span<const bfloat16> dy, std::span<bfloat16> dx)
{
    detail::check_span_sizes("gelu_tanh_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("gelu_tanh_backward", "x", x.size(), "dx", dx.size());
    gelu_tanh_backward(x.data(), dy.data(), dx.data(), x.size());
}

/// gelu_tanh over float16 spans of equal size.
inline void gelu_tanh(std::span<const float16> x, std::span<float16> y)
{
    detail::check_span_sizes("gelu_tanh", "x", x.size(), "y", y.size());
    gelu_tanh(x.data(), y.data(), x.size());
}

/// gelu_tanh_backward over float16 spans of equal size.
inline void gelu_tanh_backward(std::span<const float16> x, std::span<const float16> dy, std::span<float16> dx)
{
    detail::check_span_sizes("gelu_tanh_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("gelu_tanh_backward", "x", x.size(), "dx", dx.size());
    gelu_tanh_backward(x.data(), dy.data(), dx.data(), x.size());
}

#endif

#if ACTFN_HAS_SPAN
/// gelu_tanh over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void gelu_tanh(std::span<const float> x, std::span<float> y)
{
    detail::check_span_sizes("gelu_tanh", "x", x.size(), "y", y.size());
    gelu_tanh(x.data(), y.data(), x.size());
}

/// gelu_tanh over spans of equal size.
inline void gelu_tanh(std::span<const double> x, std::span<double> y)
{
    detail::check_span_sizes("gelu_tanh", "x", x.size(), "y", y.size());
    gelu_tanh(x.data(), y.data(), x.size());
}

/// gelu_tanh_backward over spans of equal size.
inline void gelu_tanh_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx)
{
    detail::check_span_sizes("gelu_tanh_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("gelu_tanh_backward", "x", x.size(), "dx", dx.size());
    gelu_tanh_backward(x.data(), dy.data(), dx.data(), x.size());
}

/// gelu_tanh_backward over spans of equal size.
inline void gelu_tanh_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx)
{
    detail::check_span_sizes("gelu_tanh_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("gelu_tanh_backward", "x", x.size(), "dx", dx.size());
    gelu_tanh_backward(x.data(), dy.data(), dx.data(), x.size());
}

#endif

} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
