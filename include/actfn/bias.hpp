#pragma once
// Fused bias + activation, the forms of BERT-style blocks (a linear layer's
// bias followed by the activation), for the seven activations:
//
//   name_bias(x, bias, y, rows, cols)                      y[r][c] = act(x[r][c] + bias[c])
//   name_bias_backward(x, bias, dy, dx, dbias, rows, cols)  dx[r][c] = dy[r][c] act'(x[r][c] + bias[c]),
//                                                           dbias[c] = sum over r of dx[r][c]
//
// name = gelu, gelu_tanh, quick_gelu (alpha), silu, relu, leaky_relu (slope),
// elu (alpha); row-major rows x cols arrays, bias of cols values.
//
// Bits: x + bias is rounded once in T, and y and dx are then exactly the bits
// of the unfused add followed by the activation's array form (name(s, y, n),
// name_backward(s, dy, dx, n)), in one pass over memory; a NaN or infinite
// bias propagates as it does there.  dbias is the sum of the dx values as
// written, accumulated in double-double (detail/bias_impl.hpp): within 1 ulp
// of their exact sum (barring cancellation beyond about 2^50 / rows^2), the
// same bits on every target and alignment; +0 when rows = 0, the sum's
// infinity or NaN where a dx is infinite or NaN.
//
// Contract (as detail/array_api.hpp's): y may be x; dx may be x or dy; bias
// and dbias must overlap none of the others (asserted in debug builds); rows
// or cols may be 0 (cols = 0: nothing written); no alignment needed; no
// allocation; round-to-nearest mode.  The span overloads take rows from
// x.size() / bias.size() and report a size that does not fit.

#include "detail/array_api.hpp"
#include "detail/bias_impl.hpp"

#include <cstddef>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {

// ---- gelu_bias ------------------------------------------------------------------

/// y[r][c] = gelu(x[r][c] + bias[c]) for r < rows, c < cols (row-major); y may be x.
inline void gelu_bias(const float* x, const float* bias, float* y, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::gelu_arrays{});
}

/// dx[r][c] = dy[r][c] gelu'(x[r][c] + bias[c]), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void gelu_bias_backward(const float* x, const float* bias, const float* dy, float* dx, float* dbias, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::gelu_arrays{});
}

/// y[r][c] = gelu(x[r][c] + bias[c]) for r < rows, c < cols (row-major); y may be x.
inline void gelu_bias(const double* x, const double* bias, double* y, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::gelu_arrays{});
}

/// dx[r][c] = dy[r][c] gelu'(x[r][c] + bias[c]), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void gelu_bias_backward(const double* x, const double* bias, const double* dy, double* dx, double* dbias, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::gelu_arrays{});
}

#if ACTFN_HAS_SPAN
/// gelu_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void gelu_bias(std::span<const float> x, std::span<const float> bias, std::span<float> y)
{
    detail::check_span_sizes("gelu_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("gelu_bias", x.size(), bias.size());
    gelu_bias(x.data(), bias.data(), y.data(), rows, bias.size());
}

/// gelu_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void gelu_bias_backward(std::span<const float> x, std::span<const float> bias, std::span<const float> dy, std::span<float> dx, std::span<float> dbias)
{
    detail::check_span_sizes("gelu_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("gelu_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("gelu_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("gelu_bias_backward", x.size(), bias.size());
    gelu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size());
}

/// gelu_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void gelu_bias(std::span<const double> x, std::span<const double> bias, std::span<double> y)
{
    detail::check_span_sizes("gelu_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("gelu_bias", x.size(), bias.size());
    gelu_bias(x.data(), bias.data(), y.data(), rows, bias.size());
}

/// gelu_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void gelu_bias_backward(std::span<const double> x, std::span<const double> bias, std::span<const double> dy, std::span<double> dx, std::span<double> dbias)
{
    detail::check_span_sizes("gelu_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("gelu_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("gelu_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("gelu_bias_backward", x.size(), bias.size());
    gelu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size());
}

#endif

// ---- gelu_tanh_bias -------------------------------------------------------------

/// y[r][c] = gelu_tanh(x[r][c] + bias[c]) for r < rows, c < cols (row-major); y may be x.
inline void gelu_tanh_bias(const float* x, const float* bias, float* y, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::gelu_tanh_arrays{});
}

/// dx[r][c] = dy[r][c] gelu_tanh'(x[r][c] + bias[c]), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void gelu_tanh_bias_backward(const float* x, const float* bias, const float* dy, float* dx, float* dbias, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::gelu_tanh_arrays{});
}

/// y[r][c] = gelu_tanh(x[r][c] + bias[c]) for r < rows, c < cols (row-major); y may be x.
inline void gelu_tanh_bias(const double* x, const double* bias, double* y, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::gelu_tanh_arrays{});
}

/// dx[r][c] = dy[r][c] gelu_tanh'(x[r][c] + bias[c]), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void gelu_tanh_bias_backward(const double* x, const double* bias, const double* dy, double* dx, double* dbias, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::gelu_tanh_arrays{});
}

#if ACTFN_HAS_SPAN
/// gelu_tanh_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void gelu_tanh_bias(std::span<const float> x, std::span<const float> bias, std::span<float> y)
{
    detail::check_span_sizes("gelu_tanh_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("gelu_tanh_bias", x.size(), bias.size());
    gelu_tanh_bias(x.data(), bias.data(), y.data(), rows, bias.size());
}

/// gelu_tanh_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void gelu_tanh_bias_backward(std::span<const float> x, std::span<const float> bias, std::span<const float> dy, std::span<float> dx, std::span<float> dbias)
{
    detail::check_span_sizes("gelu_tanh_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("gelu_tanh_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("gelu_tanh_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("gelu_tanh_bias_backward", x.size(), bias.size());
    gelu_tanh_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size());
}

/// gelu_tanh_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void gelu_tanh_bias(std::span<const double> x, std::span<const double> bias, std::span<double> y)
{
    detail::check_span_sizes("gelu_tanh_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("gelu_tanh_bias", x.size(), bias.size());
    gelu_tanh_bias(x.data(), bias.data(), y.data(), rows, bias.size());
}

/// gelu_tanh_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void gelu_tanh_bias_backward(std::span<const double> x, std::span<const double> bias, std::span<const double> dy, std::span<double> dx, std::span<double> dbias)
{
    detail::check_span_sizes("gelu_tanh_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("gelu_tanh_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("gelu_tanh_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("gelu_tanh_bias_backward", x.size(), bias.size());
    gelu_tanh_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size());
}

#endif

// ---- quick_gelu_bias ------------------------------------------------------------

/// y[r][c] = quick_gelu(x[r][c] + bias[c], alpha) for r < rows, c < cols (row-major); y may be x.
inline void quick_gelu_bias(const float* x, const float* bias, float* y, std::size_t rows, std::size_t cols, float alpha = float(1.702)) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::quick_gelu_arrays<float>{alpha});
}

/// dx[r][c] = dy[r][c] quick_gelu'(x[r][c] + bias[c], alpha), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void quick_gelu_bias_backward(const float* x, const float* bias, const float* dy, float* dx, float* dbias, std::size_t rows, std::size_t cols, float alpha = float(1.702)) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::quick_gelu_arrays<float>{alpha});
}

/// y[r][c] = quick_gelu(x[r][c] + bias[c], alpha) for r < rows, c < cols (row-major); y may be x.
inline void quick_gelu_bias(const double* x, const double* bias, double* y, std::size_t rows, std::size_t cols, double alpha = double(1.702)) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::quick_gelu_arrays<double>{alpha});
}

/// dx[r][c] = dy[r][c] quick_gelu'(x[r][c] + bias[c], alpha), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void quick_gelu_bias_backward(const double* x, const double* bias, const double* dy, double* dx, double* dbias, std::size_t rows, std::size_t cols, double alpha = double(1.702)) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::quick_gelu_arrays<double>{alpha});
}

#if ACTFN_HAS_SPAN
/// quick_gelu_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void quick_gelu_bias(std::span<const float> x, std::span<const float> bias, std::span<float> y, float alpha = float(1.702))
{
    detail::check_span_sizes("quick_gelu_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("quick_gelu_bias", x.size(), bias.size());
    quick_gelu_bias(x.data(), bias.data(), y.data(), rows, bias.size(), alpha);
}

/// quick_gelu_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void quick_gelu_bias_backward(std::span<const float> x, std::span<const float> bias, std::span<const float> dy, std::span<float> dx, std::span<float> dbias, float alpha = float(1.702))
{
    detail::check_span_sizes("quick_gelu_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("quick_gelu_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("quick_gelu_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("quick_gelu_bias_backward", x.size(), bias.size());
    quick_gelu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size(), alpha);
}

/// quick_gelu_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void quick_gelu_bias(std::span<const double> x, std::span<const double> bias, std::span<double> y, double alpha = double(1.702))
{
    detail::check_span_sizes("quick_gelu_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("quick_gelu_bias", x.size(), bias.size());
    quick_gelu_bias(x.data(), bias.data(), y.data(), rows, bias.size(), alpha);
}

/// quick_gelu_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void quick_gelu_bias_backward(std::span<const double> x, std::span<const double> bias, std::span<const double> dy, std::span<double> dx, std::span<double> dbias, double alpha = double(1.702))
{
    detail::check_span_sizes("quick_gelu_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("quick_gelu_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("quick_gelu_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("quick_gelu_bias_backward", x.size(), bias.size());
    quick_gelu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size(), alpha);
}

#endif

// ---- silu_bias ------------------------------------------------------------------

/// y[r][c] = silu(x[r][c] + bias[c]) for r < rows, c < cols (row-major); y may be x.
inline void silu_bias(const float* x, const float* bias, float* y, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::silu_arrays{});
}

/// dx[r][c] = dy[r][c] silu'(x[r][c] + bias[c]), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void silu_bias_backward(const float* x, const float* bias, const float* dy, float* dx, float* dbias, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::silu_arrays{});
}

/// y[r][c] = silu(x[r][c] + bias[c]) for r < rows, c < cols (row-major); y may be x.
inline void silu_bias(const double* x, const double* bias, double* y, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::silu_arrays{});
}

/// dx[r][c] = dy[r][c] silu'(x[r][c] + bias[c]), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void silu_bias_backward(const double* x, const double* bias, const double* dy, double* dx, double* dbias, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::silu_arrays{});
}

#if ACTFN_HAS_SPAN
/// silu_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void silu_bias(std::span<const float> x, std::span<const float> bias, std::span<float> y)
{
    detail::check_span_sizes("silu_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("silu_bias", x.size(), bias.size());
    silu_bias(x.data(), bias.data(), y.data(), rows, bias.size());
}

/// silu_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void silu_bias_backward(std::span<const float> x, std::span<const float> bias, std::span<const float> dy, std::span<float> dx, std::span<float> dbias)
{
    detail::check_span_sizes("silu_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("silu_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("silu_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("silu_bias_backward", x.size(), bias.size());
    silu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size());
}

/// silu_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void silu_bias(std::span<const double> x, std::span<const double> bias, std::span<double> y)
{
    detail::check_span_sizes("silu_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("silu_bias", x.size(), bias.size());
    silu_bias(x.data(), bias.data(), y.data(), rows, bias.size());
}

/// silu_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void silu_bias_backward(std::span<const double> x, std::span<const double> bias, std::span<const double> dy, std::span<double> dx, std::span<double> dbias)
{
    detail::check_span_sizes("silu_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("silu_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("silu_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("silu_bias_backward", x.size(), bias.size());
    silu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size());
}

#endif

// ---- relu_bias ------------------------------------------------------------------

/// y[r][c] = relu(x[r][c] + bias[c]) for r < rows, c < cols (row-major); y may be x.
inline void relu_bias(const float* x, const float* bias, float* y, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::relu_arrays{});
}

/// dx[r][c] = dy[r][c] relu'(x[r][c] + bias[c]), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void relu_bias_backward(const float* x, const float* bias, const float* dy, float* dx, float* dbias, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::relu_arrays{});
}

/// y[r][c] = relu(x[r][c] + bias[c]) for r < rows, c < cols (row-major); y may be x.
inline void relu_bias(const double* x, const double* bias, double* y, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::relu_arrays{});
}

/// dx[r][c] = dy[r][c] relu'(x[r][c] + bias[c]), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void relu_bias_backward(const double* x, const double* bias, const double* dy, double* dx, double* dbias, std::size_t rows, std::size_t cols) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::relu_arrays{});
}

#if ACTFN_HAS_SPAN
/// relu_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void relu_bias(std::span<const float> x, std::span<const float> bias, std::span<float> y)
{
    detail::check_span_sizes("relu_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("relu_bias", x.size(), bias.size());
    relu_bias(x.data(), bias.data(), y.data(), rows, bias.size());
}

/// relu_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void relu_bias_backward(std::span<const float> x, std::span<const float> bias, std::span<const float> dy, std::span<float> dx, std::span<float> dbias)
{
    detail::check_span_sizes("relu_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("relu_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("relu_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("relu_bias_backward", x.size(), bias.size());
    relu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size());
}

/// relu_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void relu_bias(std::span<const double> x, std::span<const double> bias, std::span<double> y)
{
    detail::check_span_sizes("relu_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("relu_bias", x.size(), bias.size());
    relu_bias(x.data(), bias.data(), y.data(), rows, bias.size());
}

/// relu_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void relu_bias_backward(std::span<const double> x, std::span<const double> bias, std::span<const double> dy, std::span<double> dx, std::span<double> dbias)
{
    detail::check_span_sizes("relu_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("relu_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("relu_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("relu_bias_backward", x.size(), bias.size());
    relu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size());
}

#endif

// ---- leaky_relu_bias ------------------------------------------------------------

/// y[r][c] = leaky_relu(x[r][c] + bias[c], slope) for r < rows, c < cols (row-major); y may be x.
inline void leaky_relu_bias(const float* x, const float* bias, float* y, std::size_t rows, std::size_t cols, float slope = float(0.01)) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::leaky_relu_arrays<float>{slope});
}

/// dx[r][c] = dy[r][c] leaky_relu'(x[r][c] + bias[c], slope), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void leaky_relu_bias_backward(const float* x, const float* bias, const float* dy, float* dx, float* dbias, std::size_t rows, std::size_t cols, float slope = float(0.01)) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::leaky_relu_arrays<float>{slope});
}

/// y[r][c] = leaky_relu(x[r][c] + bias[c], slope) for r < rows, c < cols (row-major); y may be x.
inline void leaky_relu_bias(const double* x, const double* bias, double* y, std::size_t rows, std::size_t cols, double slope = double(0.01)) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::leaky_relu_arrays<double>{slope});
}

/// dx[r][c] = dy[r][c] leaky_relu'(x[r][c] + bias[c], slope), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void leaky_relu_bias_backward(const double* x, const double* bias, const double* dy, double* dx, double* dbias, std::size_t rows, std::size_t cols, double slope = double(0.01)) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::leaky_relu_arrays<double>{slope});
}

#if ACTFN_HAS_SPAN
/// leaky_relu_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void leaky_relu_bias(std::span<const float> x, std::span<const float> bias, std::span<float> y, float slope = float(0.01))
{
    detail::check_span_sizes("leaky_relu_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("leaky_relu_bias", x.size(), bias.size());
    leaky_relu_bias(x.data(), bias.data(), y.data(), rows, bias.size(), slope);
}

/// leaky_relu_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void leaky_relu_bias_backward(std::span<const float> x, std::span<const float> bias, std::span<const float> dy, std::span<float> dx, std::span<float> dbias, float slope = float(0.01))
{
    detail::check_span_sizes("leaky_relu_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("leaky_relu_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("leaky_relu_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("leaky_relu_bias_backward", x.size(), bias.size());
    leaky_relu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size(), slope);
}

/// leaky_relu_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void leaky_relu_bias(std::span<const double> x, std::span<const double> bias, std::span<double> y, double slope = double(0.01))
{
    detail::check_span_sizes("leaky_relu_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("leaky_relu_bias", x.size(), bias.size());
    leaky_relu_bias(x.data(), bias.data(), y.data(), rows, bias.size(), slope);
}

/// leaky_relu_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void leaky_relu_bias_backward(std::span<const double> x, std::span<const double> bias, std::span<const double> dy, std::span<double> dx, std::span<double> dbias, double slope = double(0.01))
{
    detail::check_span_sizes("leaky_relu_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("leaky_relu_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("leaky_relu_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("leaky_relu_bias_backward", x.size(), bias.size());
    leaky_relu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size(), slope);
}

#endif

// ---- elu_bias -------------------------------------------------------------------

/// y[r][c] = elu(x[r][c] + bias[c], alpha) for r < rows, c < cols (row-major); y may be x.
inline void elu_bias(const float* x, const float* bias, float* y, std::size_t rows, std::size_t cols, float alpha = float(1)) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::elu_arrays<float>{alpha});
}

/// dx[r][c] = dy[r][c] elu'(x[r][c] + bias[c], alpha), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void elu_bias_backward(const float* x, const float* bias, const float* dy, float* dx, float* dbias, std::size_t rows, std::size_t cols, float alpha = float(1)) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::elu_arrays<float>{alpha});
}

/// y[r][c] = elu(x[r][c] + bias[c], alpha) for r < rows, c < cols (row-major); y may be x.
inline void elu_bias(const double* x, const double* bias, double* y, std::size_t rows, std::size_t cols, double alpha = double(1)) noexcept
{
    detail::bias_forward(x, bias, y, rows, cols, detail::elu_arrays<double>{alpha});
}

/// dx[r][c] = dy[r][c] elu'(x[r][c] + bias[c], alpha), dbias[c] = sum over r of dx[r][c]; dx may be x or dy.
inline void elu_bias_backward(const double* x, const double* bias, const double* dy, double* dx, double* dbias, std::size_t rows, std::size_t cols, double alpha = double(1)) noexcept
{
    detail::bias_backward(x, bias, dy, dx, dbias, rows, cols, detail::elu_arrays<double>{alpha});
}

#if ACTFN_HAS_SPAN
/// elu_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void elu_bias(std::span<const float> x, std::span<const float> bias, std::span<float> y, float alpha = float(1))
{
    detail::check_span_sizes("elu_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("elu_bias", x.size(), bias.size());
    elu_bias(x.data(), bias.data(), y.data(), rows, bias.size(), alpha);
}

/// elu_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void elu_bias_backward(std::span<const float> x, std::span<const float> bias, std::span<const float> dy, std::span<float> dx, std::span<float> dbias, float alpha = float(1))
{
    detail::check_span_sizes("elu_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("elu_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("elu_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("elu_bias_backward", x.size(), bias.size());
    elu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size(), alpha);
}

/// elu_bias over spans: x and y hold rows x cols values, bias cols (rows = x.size() / bias.size()).
inline void elu_bias(std::span<const double> x, std::span<const double> bias, std::span<double> y, double alpha = double(1))
{
    detail::check_span_sizes("elu_bias", "x", x.size(), "y", y.size());
    const std::size_t rows = detail::check_bias_shape("elu_bias", x.size(), bias.size());
    elu_bias(x.data(), bias.data(), y.data(), rows, bias.size(), alpha);
}

/// elu_bias_backward over spans: x, dy and dx hold rows x cols values, bias and dbias cols.
inline void elu_bias_backward(std::span<const double> x, std::span<const double> bias, std::span<const double> dy, std::span<double> dx, std::span<double> dbias, double alpha = double(1))
{
    detail::check_span_sizes("elu_bias_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("elu_bias_backward", "x", x.size(), "dx", dx.size());
    detail::check_span_sizes("elu_bias_backward", "bias", bias.size(), "dbias", dbias.size());
    const std::size_t rows = detail::check_bias_shape("elu_bias_backward", x.size(), bias.size());
    elu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, bias.size(), alpha);
}

#endif

} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
