#pragma once
// Exact GELU and its derivative.
//
//   gelu(x)      = x Phi(x) = 0.5 x erfc(-x/sqrt(2))
//   gelu_grad(x) = Phi(x) + x phi(x),   phi(x) = exp(-x^2/2) / sqrt(2 pi)
//
// Domain: every float and double.  Error against the exact values: gelu
// <= 1 ulp, gelu_grad <= 2 ulp (measured on all 2^32 floats and 10^7
// doubles), on targets with an FMA (x86-64-v3, AVX-512, ARMv8); <= 2 and <= 4
// ulp without one (x86-64's default SSE2).  That includes the negative tail,
// where 0.5 x (1 + erf(x/sqrt(2))) loses every digit, down to where gelu
// underflows to -0, and the neighbourhood of gelu_grad's root x = -0.75179...
// Special values: gelu(+inf) = +inf, gelu(-inf) = -0, gelu(+-0) = +-0;
// gelu_grad(+inf) = 1, gelu_grad(-inf) = 0, gelu_grad(+-0) = 1/2; a NaN x
// gives x quieted.  Algorithms: detail/gelu_impl.hpp, detail/gelu_grad_impl.hpp.

#include "detail/array_api.hpp"
#include "detail/half_array.hpp"
#include "detail/gelu_grad_impl.hpp"
#include "detail/gelu_impl.hpp"

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {

/// gelu(x) = x Phi(x) for T = float, double or xsimd::batch<float|double, A>.
template <class T>
inline detail::kernel_t<T> gelu(T x) noexcept
{
    return detail::evaluate(detail::gelu_forward<detail::scalar_t<T>>(detail::op_tag{}), x);
}

/// gelu'(x) = Phi(x) + x phi(x) for T = float, double or an xsimd batch.
template <class T>
inline detail::kernel_t<T> gelu_grad(T x) noexcept
{
    return detail::evaluate(detail::gelu_derivative<detail::scalar_t<T>>(detail::op_tag{}), x);
}

/// y[i] = gelu(x[i]) for i < n; y may be x (detail/array_api.hpp lists the contract).
inline void gelu(const float* x, float* y, std::size_t n) noexcept
{
    detail::map_forward(x, y, n, detail::gelu_forward<float>(detail::op_tag{}));
}

/// y[i] = gelu(x[i]) for i < n; y may be x.
inline void gelu(const double* x, double* y, std::size_t n) noexcept
{
    detail::map_forward(x, y, n, detail::gelu_forward<double>(detail::op_tag{}));
}

/// dx[i] = dy[i] gelu'(x[i]) for i < n; dx may be x or dy.
inline void gelu_backward(const float* x, const float* dy, float* dx, std::size_t n) noexcept
{
    detail::map_backward(x, dy, dx, n, detail::gelu_derivative<float>(detail::op_tag{}));
}

/// dx[i] = dy[i] gelu'(x[i]) for i < n; dx may be x or dy.
inline void gelu_backward(const double* x, const double* dy, double* dx, std::size_t n) noexcept
{
    detail::map_backward(x, dy, dx, n, detail::gelu_derivative<double>(detail::op_tag{}));
}

/// y[i] = gelu(x[i]) rounded once to bfloat16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void gelu(const bfloat16* x, bfloat16* y, std::size_t n) noexcept
{
    detail::map_half_forward(x, y, n, detail::gelu_forward<float>(detail::op_tag{}), [=](double v) noexcept { return detail::near_zero_half_x(v, 0.3989422804014327, [](double t) noexcept { return gelu(t); }); });
}

/// dx[i] = dy[i] gelu'(x[i]) rounded once to bfloat16, i < n; dx may be x or dy.
inline void gelu_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n) noexcept
{
    detail::map_half_backward(x, dy, dx, n, detail::gelu_derivative<float>(detail::op_tag{}), [=](double v) noexcept { return detail::near_zero_half(v, 0.7978845608028654, [](double t) noexcept { return gelu_grad(t); }); });
}

/// y[i] = gelu(x[i]) rounded once to float16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void gelu(const float16* x, float16* y, std::size_t n) noexcept
{
    detail::map_half_forward(x, y, n, detail::gelu_forward<float>(detail::op_tag{}), [=](double v) noexcept { return detail::near_zero_half_x(v, 0.3989422804014327, [](double t) noexcept { return gelu(t); }); });
}

/// dx[i] = dy[i] gelu'(x[i]) rounded once to float16, i < n; dx may be x or dy.
inline void gelu_backward(const float16* x, const float16* dy, float16* dx, std::size_t n) noexcept
{
    detail::map_half_backward(x, dy, dx, n, detail::gelu_derivative<float>(detail::op_tag{}), [=](double v) noexcept { return detail::near_zero_half(v, 0.7978845608028654, [](double t) noexcept { return gelu_grad(t); }); });
}

/// gelu on the compilers' own 16-bit types (_Float16, __bf16, std::float16_t,
/// std::bfloat16_t where the compiler has them), as on float16 and bfloat16.
template <class T, class H = detail::half_storage_t<T>>
inline void gelu(const T* x, T* y, std::size_t n) noexcept
{
    gelu(reinterpret_cast<const H*>(x), reinterpret_cast<H*>(y), n);
}

/// gelu_backward on the compilers' own 16-bit types.
template <class T, class H = detail::half_storage_t<T>>
inline void gelu_backward(const T* x, const T* dy, T* dx, std::size_t n) noexcept
{
    gelu_backward(reinterpret_cast<const H*>(x), reinterpret_cast<const H*>(dy), reinterpret_cast<H*>(dx), n);
}

#if ACTFN_HAS_SPAN
/// gelu over bfloat16 spans of equal size.
inline void gelu(std::span<const bfloat16> x, std::span<bfloat16> y)
{
    detail::check_span_sizes("gelu", "x", x.size(), "y", y.size());
    gelu(x.data(), y.data(), x.size());
}

/// gelu_backward over bfloat16 spans of equal size.
inline void gelu_backward(std::span<const bfloat16> x, std::span<const bfloat16> dy, std::span<bfloat16> dx)
{
    detail::check_span_sizes("gelu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("gelu_backward", "x", x.size(), "dx", dx.size());
    gelu_backward(x.data(), dy.data(), dx.data(), x.size());
}

/// gelu over float16 spans of equal size.
inline void gelu(std::span<const float16> x, std::span<float16> y)
{
    detail::check_span_sizes("gelu", "x", x.size(), "y", y.size());
    gelu(x.data(), y.data(), x.size());
}

/// gelu_backward over float16 spans of equal size.
inline void gelu_backward(std::span<const float16> x, std::span<const float16> dy, std::span<float16> dx)
{
    detail::check_span_sizes("gelu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("gelu_backward", "x", x.size(), "dx", dx.size());
    gelu_backward(x.data(), dy.data(), dx.data(), x.size());
}

#endif

#if ACTFN_HAS_SPAN
/// gelu over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void gelu(std::span<const float> x, std::span<float> y)
{
    detail::check_span_sizes("gelu", "x", x.size(), "y", y.size());
    gelu(x.data(), y.data(), x.size());
}

/// gelu over spans of equal size.
inline void gelu(std::span<const double> x, std::span<double> y)
{
    detail::check_span_sizes("gelu", "x", x.size(), "y", y.size());
    gelu(x.data(), y.data(), x.size());
}

/// gelu_backward over spans of equal size.
inline void gelu_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx)
{
    detail::check_span_sizes("gelu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("gelu_backward", "x", x.size(), "dx", dx.size());
    gelu_backward(x.data(), dy.data(), dx.data(), x.size());
}

/// gelu_backward over spans of equal size.
inline void gelu_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx)
{
    detail::check_span_sizes("gelu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("gelu_backward", "x", x.size(), "dx", dx.size());
    gelu_backward(x.data(), dy.data(), dx.data(), x.size());
}
#endif

} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
