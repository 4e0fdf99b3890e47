#pragma once
// Gated activations, the feed-forward forms of current transformers:
//
//   geglu(a, b)       = gelu(a) b        (T5 v1.1, Gemma, Stable Diffusion)
//   geglu_tanh(a, b)  = gelu_tanh(a) b
//   geglu_quick(a, b) = quick_gelu(a, alpha) b,  alpha = 1.702 by default
//   swiglu(a, b)      = silu(a) b        (LLaMA, Mistral, Qwen)
//   reglu(a, b)       = relu(a) b
//
// and their backward passes da = dy b act'(a), db = dy act(a).  Two layouts:
//
//   split pointers  name(a, b, y, n), name_backward(a, b, dy, da, db, n)
//   rows            name_rows(x, y, rows, d, gate), name_rows_backward(x, dy, dx, rows, d, gate):
//                   each row of x holds 2 d values, `gate` (activated_half)
//                   says which half is a; y is rows x d, dx rows x 2 d.
//
// Contract (as detail/array_api.hpp's, with these overlaps): y may be a or b;
// da and db may each be a, b or dy (not each other); in the row forms y may
// be x (the results packed at its start) and dx may be x; any other overlap
// is asserted in debug builds.  n, rows or d may be 0; no alignment needed;
// no allocation; round-to-nearest mode.  Each element depends on its own
// a, b (and dy) only: the same bits whatever n, blocking or alignment.
//
// Accuracy (tests/test_gated.cpp against MPFR, 10^5 to 10^6 random triples
// per form and type; README, "Accuracy of the gated and bias forms").
// Float, gated_precision::accurate (the default): act(a) and act'(a) in
// double, each result rounded once to float: forward and backward within
// 1/2 ulp + 2^-25 (measured 0.5000), on every target and for every input.
// It costs the double kernels' time: about 11x the float array form
// (AVX2+FMA, n = 65536).  Float, gated_precision::fast: the float kernels,
// then the product rounded once more: measured up to 1.63 ulp forward and
// 2.41 backward with an FMA (2.18 and 2.46 without one), 1.03-1.25x the
// float array form's time.  Double: the same two roundings, measured up to
// 1.55 ulp forward and 2.31 backward with an FMA (2.31 and 2.74 without).
// ReGLU is exact but for the product's one rounding (0.5).
// The fast and double forms meet these where act(a) (act'(a) for da) is a
// normal number of T: where it is subnormal its absolute error is carried,
// times |b|, into the product.
// Special values follow IEEE's product of act(a) with b: 0 * inf is NaN
// where act(a) is 0 (a = +-0, a = -inf, ReLU's a <= 0, and where act(a)
// underflows in the evaluation type), +-inf * 0 is NaN, a NaN a or b gives
// NaN; otherwise an infinite b gives +-inf.  Algorithm: detail/gated_impl.hpp.

#include "detail/array_api.hpp"
#include "detail/gated_impl.hpp"

#include <cstddef>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {

// ---- geglu: gelu(a) b (exact GELU) -----------------------------------------

/// y[i] = gelu(a[i]) b[i] for i < n; y may be a or b (contract: gated.hpp).
inline void geglu(const float* a, const float* b, float* y, std::size_t n, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_forward_with(a, b, y, n, detail::gelu_arrays{}, precision);
}

/// da[i] = dy[i] b[i] gelu'(a[i]), db[i] = dy[i] gelu(a[i]) for i < n; da and db may each be a, b or dy.
inline void geglu_backward(const float* a, const float* b, const float* dy, float* da, float* db, std::size_t n, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_backward_with(a, b, dy, da, db, n, detail::gelu_arrays{}, precision);
}

/// y[r][j] = gelu(a[j]) b[j] for each of the rows of x (2 d values: a and b the halves `gate` names); y (rows x d) may be x.
inline void geglu_rows(const float* x, float* y, std::size_t rows, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_rows_forward(x, y, rows, d, gate, detail::gelu_arrays{}, precision);
}

/// The backward pass of geglu_rows: dx (rows x 2 d) gets da and db in the halves of a and b; dx may be x.
inline void geglu_rows_backward(const float* x, const float* dy, float* dx, std::size_t rows, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_rows_backward(x, dy, dx, rows, d, gate, detail::gelu_arrays{}, precision);
}

/// y[i] = gelu(a[i]) b[i] for i < n; y may be a or b (contract: gated.hpp).
inline void geglu(const double* a, const double* b, double* y, std::size_t n) noexcept
{
    detail::gated_forward_with(a, b, y, n, detail::gelu_arrays{}, gated_precision::accurate);
}

/// da[i] = dy[i] b[i] gelu'(a[i]), db[i] = dy[i] gelu(a[i]) for i < n; da and db may each be a, b or dy.
inline void geglu_backward(const double* a, const double* b, const double* dy, double* da, double* db, std::size_t n) noexcept
{
    detail::gated_backward_with(a, b, dy, da, db, n, detail::gelu_arrays{}, gated_precision::accurate);
}

/// y[r][j] = gelu(a[j]) b[j] for each of the rows of x (2 d values: a and b the halves `gate` names); y (rows x d) may be x.
inline void geglu_rows(const double* x, double* y, std::size_t rows, std::size_t d, activated_half gate) noexcept
{
    detail::gated_rows_forward(x, y, rows, d, gate, detail::gelu_arrays{}, gated_precision::accurate);
}

/// The backward pass of geglu_rows: dx (rows x 2 d) gets da and db in the halves of a and b; dx may be x.
inline void geglu_rows_backward(const double* x, const double* dy, double* dx, std::size_t rows, std::size_t d, activated_half gate) noexcept
{
    detail::gated_rows_backward(x, dy, dx, rows, d, gate, detail::gelu_arrays{}, gated_precision::accurate);
}

#if ACTFN_HAS_SPAN
/// geglu over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void geglu(std::span<const float> a, std::span<const float> b, std::span<float> y, gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("geglu", "a", a.size(), "b", b.size());
    detail::check_span_sizes("geglu", "a", a.size(), "y", y.size());
    geglu(a.data(), b.data(), y.data(), a.size(), precision);
}

/// geglu_backward over spans of equal size.
inline void geglu_backward(std::span<const float> a, std::span<const float> b, std::span<const float> dy, std::span<float> da, std::span<float> db, gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("geglu_backward", "a", a.size(), "b", b.size());
    detail::check_span_sizes("geglu_backward", "a", a.size(), "dy", dy.size());
    detail::check_span_sizes("geglu_backward", "a", a.size(), "da", da.size());
    detail::check_span_sizes("geglu_backward", "a", a.size(), "db", db.size());
    geglu_backward(a.data(), b.data(), dy.data(), da.data(), db.data(), a.size(), precision);
}

/// geglu_rows over spans: x holds rows x 2 d values, y rows x d (rows = y.size() / d; a shape mismatch is reported).
inline void geglu_rows(std::span<const float> x, std::span<float> y, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate)
{
    const std::size_t rows = detail::check_row_shape("geglu_rows", x.size(), "y", y.size(), d);
    geglu_rows(x.data(), y.data(), rows, d, gate, precision);
}

/// geglu_rows_backward over spans: x and dx hold rows x 2 d values, dy rows x d.
inline void geglu_rows_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("geglu_rows_backward", "x", x.size(), "dx", dx.size());
    const std::size_t rows = detail::check_row_shape("geglu_rows_backward", x.size(), "dy", dy.size(), d);
    geglu_rows_backward(x.data(), dy.data(), dx.data(), rows, d, gate, precision);
}

/// geglu over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void geglu(std::span<const double> a, std::span<const double> b, std::span<double> y)
{
    detail::check_span_sizes("geglu", "a", a.size(), "b", b.size());
    detail::check_span_sizes("geglu", "a", a.size(), "y", y.size());
    geglu(a.data(), b.data(), y.data(), a.size());
}

/// geglu_backward over spans of equal size.
inline void geglu_backward(std::span<const double> a, std::span<const double> b, std::span<const double> dy, std::span<double> da, std::span<double> db)
{
    detail::check_span_sizes("geglu_backward", "a", a.size(), "b", b.size());
    detail::check_span_sizes("geglu_backward", "a", a.size(), "dy", dy.size());
    detail::check_span_sizes("geglu_backward", "a", a.size(), "da", da.size());
    detail::check_span_sizes("geglu_backward", "a", a.size(), "db", db.size());
    geglu_backward(a.data(), b.data(), dy.data(), da.data(), db.data(), a.size());
}

/// geglu_rows over spans: x holds rows x 2 d values, y rows x d (rows = y.size() / d; a shape mismatch is reported).
inline void geglu_rows(std::span<const double> x, std::span<double> y, std::size_t d, activated_half gate)
{
    const std::size_t rows = detail::check_row_shape("geglu_rows", x.size(), "y", y.size(), d);
    geglu_rows(x.data(), y.data(), rows, d, gate);
}

/// geglu_rows_backward over spans: x and dx hold rows x 2 d values, dy rows x d.
inline void geglu_rows_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx, std::size_t d, activated_half gate)
{
    detail::check_span_sizes("geglu_rows_backward", "x", x.size(), "dx", dx.size());
    const std::size_t rows = detail::check_row_shape("geglu_rows_backward", x.size(), "dy", dy.size(), d);
    geglu_rows_backward(x.data(), dy.data(), dx.data(), rows, d, gate);
}

#endif

// ---- geglu_tanh: gelu_tanh(a) b (the tanh form of GELU) --------------------

/// y[i] = gelu_tanh(a[i]) b[i] for i < n; y may be a or b (contract: gated.hpp).
inline void geglu_tanh(const float* a, const float* b, float* y, std::size_t n, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_forward_with(a, b, y, n, detail::gelu_tanh_arrays{}, precision);
}

/// da[i] = dy[i] b[i] gelu_tanh'(a[i]), db[i] = dy[i] gelu_tanh(a[i]) for i < n; da and db may each be a, b or dy.
inline void geglu_tanh_backward(const float* a, const float* b, const float* dy, float* da, float* db, std::size_t n, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_backward_with(a, b, dy, da, db, n, detail::gelu_tanh_arrays{}, precision);
}

/// y[r][j] = gelu_tanh(a[j]) b[j] for each of the rows of x (2 d values: a and b the halves `gate` names); y (rows x d) may be x.
inline void geglu_tanh_rows(const float* x, float* y, std::size_t rows, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_rows_forward(x, y, rows, d, gate, detail::gelu_tanh_arrays{}, precision);
}

/// The backward pass of geglu_tanh_rows: dx (rows x 2 d) gets da and db in the halves of a and b; dx may be x.
inline void geglu_tanh_rows_backward(const float* x, const float* dy, float* dx, std::size_t rows, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_rows_backward(x, dy, dx, rows, d, gate, detail::gelu_tanh_arrays{}, precision);
}

/// y[i] = gelu_tanh(a[i]) b[i] for i < n; y may be a or b (contract: gated.hpp).
inline void geglu_tanh(const double* a, const double* b, double* y, std::size_t n) noexcept
{
    detail::gated_forward_with(a, b, y, n, detail::gelu_tanh_arrays{}, gated_precision::accurate);
}

/// da[i] = dy[i] b[i] gelu_tanh'(a[i]), db[i] = dy[i] gelu_tanh(a[i]) for i < n; da and db may each be a, b or dy.
inline void geglu_tanh_backward(const double* a, const double* b, const double* dy, double* da, double* db, std::size_t n) noexcept
{
    detail::gated_backward_with(a, b, dy, da, db, n, detail::gelu_tanh_arrays{}, gated_precision::accurate);
}

/// y[r][j] = gelu_tanh(a[j]) b[j] for each of the rows of x (2 d values: a and b the halves `gate` names); y (rows x d) may be x.
inline void geglu_tanh_rows(const double* x, double* y, std::size_t rows, std::size_t d, activated_half gate) noexcept
{
    detail::gated_rows_forward(x, y, rows, d, gate, detail::gelu_tanh_arrays{}, gated_precision::accurate);
}

/// The backward pass of geglu_tanh_rows: dx (rows x 2 d) gets da and db in the halves of a and b; dx may be x.
inline void geglu_tanh_rows_backward(const double* x, const double* dy, double* dx, std::size_t rows, std::size_t d, activated_half gate) noexcept
{
    detail::gated_rows_backward(x, dy, dx, rows, d, gate, detail::gelu_tanh_arrays{}, gated_precision::accurate);
}

#if ACTFN_HAS_SPAN
/// geglu_tanh over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void geglu_tanh(std::span<const float> a, std::span<const float> b, std::span<float> y, gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("geglu_tanh", "a", a.size(), "b", b.size());
    detail::check_span_sizes("geglu_tanh", "a", a.size(), "y", y.size());
    geglu_tanh(a.data(), b.data(), y.data(), a.size(), precision);
}

/// geglu_tanh_backward over spans of equal size.
inline void geglu_tanh_backward(std::span<const float> a, std::span<const float> b, std::span<const float> dy, std::span<float> da, std::span<float> db, gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("geglu_tanh_backward", "a", a.size(), "b", b.size());
    detail::check_span_sizes("geglu_tanh_backward", "a", a.size(), "dy", dy.size());
    detail::check_span_sizes("geglu_tanh_backward", "a", a.size(), "da", da.size());
    detail::check_span_sizes("geglu_tanh_backward", "a", a.size(), "db", db.size());
    geglu_tanh_backward(a.data(), b.data(), dy.data(), da.data(), db.data(), a.size(), precision);
}

/// geglu_tanh_rows over spans: x holds rows x 2 d values, y rows x d (rows = y.size() / d; a shape mismatch is reported).
inline void geglu_tanh_rows(std::span<const float> x, std::span<float> y, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate)
{
    const std::size_t rows = detail::check_row_shape("geglu_tanh_rows", x.size(), "y", y.size(), d);
    geglu_tanh_rows(x.data(), y.data(), rows, d, gate, precision);
}

/// geglu_tanh_rows_backward over spans: x and dx hold rows x 2 d values, dy rows x d.
inline void geglu_tanh_rows_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("geglu_tanh_rows_backward", "x", x.size(), "dx", dx.size());
    const std::size_t rows = detail::check_row_shape("geglu_tanh_rows_backward", x.size(), "dy", dy.size(), d);
    geglu_tanh_rows_backward(x.data(), dy.data(), dx.data(), rows, d, gate, precision);
}

/// geglu_tanh over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void geglu_tanh(std::span<const double> a, std::span<const double> b, std::span<double> y)
{
    detail::check_span_sizes("geglu_tanh", "a", a.size(), "b", b.size());
    detail::check_span_sizes("geglu_tanh", "a", a.size(), "y", y.size());
    geglu_tanh(a.data(), b.data(), y.data(), a.size());
}

/// geglu_tanh_backward over spans of equal size.
inline void geglu_tanh_backward(std::span<const double> a, std::span<const double> b, std::span<const double> dy, std::span<double> da, std::span<double> db)
{
    detail::check_span_sizes("geglu_tanh_backward", "a", a.size(), "b", b.size());
    detail::check_span_sizes("geglu_tanh_backward", "a", a.size(), "dy", dy.size());
    detail::check_span_sizes("geglu_tanh_backward", "a", a.size(), "da", da.size());
    detail::check_span_sizes("geglu_tanh_backward", "a", a.size(), "db", db.size());
    geglu_tanh_backward(a.data(), b.data(), dy.data(), da.data(), db.data(), a.size());
}

/// geglu_tanh_rows over spans: x holds rows x 2 d values, y rows x d (rows = y.size() / d; a shape mismatch is reported).
inline void geglu_tanh_rows(std::span<const double> x, std::span<double> y, std::size_t d, activated_half gate)
{
    const std::size_t rows = detail::check_row_shape("geglu_tanh_rows", x.size(), "y", y.size(), d);
    geglu_tanh_rows(x.data(), y.data(), rows, d, gate);
}

/// geglu_tanh_rows_backward over spans: x and dx hold rows x 2 d values, dy rows x d.
inline void geglu_tanh_rows_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx, std::size_t d, activated_half gate)
{
    detail::check_span_sizes("geglu_tanh_rows_backward", "x", x.size(), "dx", dx.size());
    const std::size_t rows = detail::check_row_shape("geglu_tanh_rows_backward", x.size(), "dy", dy.size(), d);
    geglu_tanh_rows_backward(x.data(), dy.data(), dx.data(), rows, d, gate);
}

#endif

// ---- geglu_quick: quick_gelu(a) b (QuickGELU, x sigma(alpha x)) ------------

/// y[i] = quick_gelu(a[i], alpha) b[i] for i < n; y may be a or b (contract: gated.hpp).
inline void geglu_quick(const float* a, const float* b, float* y, std::size_t n, float alpha = float(1.702), gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_forward_with(a, b, y, n, detail::quick_gelu_arrays<float>{alpha}, precision);
}

/// da[i] = dy[i] b[i] quick_gelu'(a[i], alpha), db[i] = dy[i] quick_gelu(a[i], alpha) for i < n; da and db may each be a, b or dy.
inline void geglu_quick_backward(const float* a, const float* b, const float* dy, float* da, float* db, std::size_t n, float alpha = float(1.702), gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_backward_with(a, b, dy, da, db, n, detail::quick_gelu_arrays<float>{alpha}, precision);
}

/// y[r][j] = quick_gelu(a[j], alpha) b[j] for each of the rows of x (2 d values: a and b the halves `gate` names); y (rows x d) may be x.
inline void geglu_quick_rows(const float* x, float* y, std::size_t rows, std::size_t d, activated_half gate, float alpha = float(1.702), gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_rows_forward(x, y, rows, d, gate, detail::quick_gelu_arrays<float>{alpha}, precision);
}

/// The backward pass of geglu_quick_rows: dx (rows x 2 d) gets da and db in the halves of a and b; dx may be x.
inline void geglu_quick_rows_backward(const float* x, const float* dy, float* dx, std::size_t rows, std::size_t d, activated_half gate, float alpha = float(1.702), gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_rows_backward(x, dy, dx, rows, d, gate, detail::quick_gelu_arrays<float>{alpha}, precision);
}

/// y[i] = quick_gelu(a[i], alpha) b[i] for i < n; y may be a or b (contract: gated.hpp).
inline void geglu_quick(const double* a, const double* b, double* y, std::size_t n, double alpha = double(1.702)) noexcept
{
    detail::gated_forward_with(a, b, y, n, detail::quick_gelu_arrays<double>{alpha}, gated_precision::accurate);
}

/// da[i] = dy[i] b[i] quick_gelu'(a[i], alpha), db[i] = dy[i] quick_gelu(a[i], alpha) for i < n; da and db may each be a, b or dy.
inline void geglu_quick_backward(const double* a, const double* b, const double* dy, double* da, double* db, std::size_t n, double alpha = double(1.702)) noexcept
{
    detail::gated_backward_with(a, b, dy, da, db, n, detail::quick_gelu_arrays<double>{alpha}, gated_precision::accurate);
}

/// y[r][j] = quick_gelu(a[j], alpha) b[j] for each of the rows of x (2 d values: a and b the halves `gate` names); y (rows x d) may be x.
inline void geglu_quick_rows(const double* x, double* y, std::size_t rows, std::size_t d, activated_half gate, double alpha = double(1.702)) noexcept
{
    detail::gated_rows_forward(x, y, rows, d, gate, detail::quick_gelu_arrays<double>{alpha}, gated_precision::accurate);
}

/// The backward pass of geglu_quick_rows: dx (rows x 2 d) gets da and db in the halves of a and b; dx may be x.
inline void geglu_quick_rows_backward(const double* x, const double* dy, double* dx, std::size_t rows, std::size_t d, activated_half gate, double alpha = double(1.702)) noexcept
{
    detail::gated_rows_backward(x, dy, dx, rows, d, gate, detail::quick_gelu_arrays<double>{alpha}, gated_precision::accurate);
}

#if ACTFN_HAS_SPAN
/// geglu_quick over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void geglu_quick(std::span<const float> a, std::span<const float> b, std::span<float> y, float alpha = float(1.702), gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("geglu_quick", "a", a.size(), "b", b.size());
    detail::check_span_sizes("geglu_quick", "a", a.size(), "y", y.size());
    geglu_quick(a.data(), b.data(), y.data(), a.size(), alpha, precision);
}

/// geglu_quick_backward over spans of equal size.
inline void geglu_quick_backward(std::span<const float> a, std::span<const float> b, std::span<const float> dy, std::span<float> da, std::span<float> db, float alpha = float(1.702), gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("geglu_quick_backward", "a", a.size(), "b", b.size());
    detail::check_span_sizes("geglu_quick_backward", "a", a.size(), "dy", dy.size());
    detail::check_span_sizes("geglu_quick_backward", "a", a.size(), "da", da.size());
    detail::check_span_sizes("geglu_quick_backward", "a", a.size(), "db", db.size());
    geglu_quick_backward(a.data(), b.data(), dy.data(), da.data(), db.data(), a.size(), alpha, precision);
}

/// geglu_quick_rows over spans: x holds rows x 2 d values, y rows x d (rows = y.size() / d; a shape mismatch is reported).
inline void geglu_quick_rows(std::span<const float> x, std::span<float> y, std::size_t d, activated_half gate, float alpha = float(1.702), gated_precision precision = gated_precision::accurate)
{
    const std::size_t rows = detail::check_row_shape("geglu_quick_rows", x.size(), "y", y.size(), d);
    geglu_quick_rows(x.data(), y.data(), rows, d, gate, alpha, precision);
}

/// geglu_quick_rows_backward over spans: x and dx hold rows x 2 d values, dy rows x d.
inline void geglu_quick_rows_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx, std::size_t d, activated_half gate, float alpha = float(1.702), gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("geglu_quick_rows_backward", "x", x.size(), "dx", dx.size());
    const std::size_t rows = detail::check_row_shape("geglu_quick_rows_backward", x.size(), "dy", dy.size(), d);
    geglu_quick_rows_backward(x.data(), dy.data(), dx.data(), rows, d, gate, alpha, precision);
}

/// geglu_quick over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void geglu_quick(std::span<const double> a, std::span<const double> b, std::span<double> y, double alpha = double(1.702))
{
    detail::check_span_sizes("geglu_quick", "a", a.size(), "b", b.size());
    detail::check_span_sizes("geglu_quick", "a", a.size(), "y", y.size());
    geglu_quick(a.data(), b.data(), y.data(), a.size(), alpha);
}

/// geglu_quick_backward over spans of equal size.
inline void geglu_quick_backward(std::span<const double> a, std::span<const double> b, std::span<const double> dy, std::span<double> da, std::span<double> db, double alpha = double(1.702))
{
    detail::check_span_sizes("geglu_quick_backward", "a", a.size(), "b", b.size());
    detail::check_span_sizes("geglu_quick_backward", "a", a.size(), "dy", dy.size());
    detail::check_span_sizes("geglu_quick_backward", "a", a.size(), "da", da.size());
    detail::check_span_sizes("geglu_quick_backward", "a", a.size(), "db", db.size());
    geglu_quick_backward(a.data(), b.data(), dy.data(), da.data(), db.data(), a.size(), alpha);
}

/// geglu_quick_rows over spans: x holds rows x 2 d values, y rows x d (rows = y.size() / d; a shape mismatch is reported).
inline void geglu_quick_rows(std::span<const double> x, std::span<double> y, std::size_t d, activated_half gate, double alpha = double(1.702))
{
    const std::size_t rows = detail::check_row_shape("geglu_quick_rows", x.size(), "y", y.size(), d);
    geglu_quick_rows(x.data(), y.data(), rows, d, gate, alpha);
}

/// geglu_quick_rows_backward over spans: x and dx hold rows x 2 d values, dy rows x d.
inline void geglu_quick_rows_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx, std::size_t d, activated_half gate, double alpha = double(1.702))
{
    detail::check_span_sizes("geglu_quick_rows_backward", "x", x.size(), "dx", dx.size());
    const std::size_t rows = detail::check_row_shape("geglu_quick_rows_backward", x.size(), "dy", dy.size(), d);
    geglu_quick_rows_backward(x.data(), dy.data(), dx.data(), rows, d, gate, alpha);
}

#endif

// ---- swiglu: silu(a) b (SiLU) ----------------------------------------------

/// y[i] = silu(a[i]) b[i] for i < n; y may be a or b (contract: gated.hpp).
inline void swiglu(const float* a, const float* b, float* y, std::size_t n, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_forward_with(a, b, y, n, detail::silu_arrays{}, precision);
}

/// da[i] = dy[i] b[i] silu'(a[i]), db[i] = dy[i] silu(a[i]) for i < n; da and db may each be a, b or dy.
inline void swiglu_backward(const float* a, const float* b, const float* dy, float* da, float* db, std::size_t n, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_backward_with(a, b, dy, da, db, n, detail::silu_arrays{}, precision);
}

/// y[r][j] = silu(a[j]) b[j] for each of the rows of x (2 d values: a and b the halves `gate` names); y (rows x d) may be x.
inline void swiglu_rows(const float* x, float* y, std::size_t rows, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_rows_forward(x, y, rows, d, gate, detail::silu_arrays{}, precision);
}

/// The backward pass of swiglu_rows: dx (rows x 2 d) gets da and db in the halves of a and b; dx may be x.
inline void swiglu_rows_backward(const float* x, const float* dy, float* dx, std::size_t rows, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_rows_backward(x, dy, dx, rows, d, gate, detail::silu_arrays{}, precision);
}

/// y[i] = silu(a[i]) b[i] for i < n; y may be a or b (contract: gated.hpp).
inline void swiglu(const double* a, const double* b, double* y, std::size_t n) noexcept
{
    detail::gated_forward_with(a, b, y, n, detail::silu_arrays{}, gated_precision::accurate);
}

/// da[i] = dy[i] b[i] silu'(a[i]), db[i] = dy[i] silu(a[i]) for i < n; da and db may each be a, b or dy.
inline void swiglu_backward(const double* a, const double* b, const double* dy, double* da, double* db, std::size_t n) noexcept
{
    detail::gated_backward_with(a, b, dy, da, db, n, detail::silu_arrays{}, gated_precision::accurate);
}

/// y[r][j] = silu(a[j]) b[j] for each of the rows of x (2 d values: a and b the halves `gate` names); y (rows x d) may be x.
inline void swiglu_rows(const double* x, double* y, std::size_t rows, std::size_t d, activated_half gate) noexcept
{
    detail::gated_rows_forward(x, y, rows, d, gate, detail::silu_arrays{}, gated_precision::accurate);
}

/// The backward pass of swiglu_rows: dx (rows x 2 d) gets da and db in the halves of a and b; dx may be x.
inline void swiglu_rows_backward(const double* x, const double* dy, double* dx, std::size_t rows, std::size_t d, activated_half gate) noexcept
{
    detail::gated_rows_backward(x, dy, dx, rows, d, gate, detail::silu_arrays{}, gated_precision::accurate);
}

#if ACTFN_HAS_SPAN
/// swiglu over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void swiglu(std::span<const float> a, std::span<const float> b, std::span<float> y, gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("swiglu", "a", a.size(), "b", b.size());
    detail::check_span_sizes("swiglu", "a", a.size(), "y", y.size());
    swiglu(a.data(), b.data(), y.data(), a.size(), precision);
}

/// swiglu_backward over spans of equal size.
inline void swiglu_backward(std::span<const float> a, std::span<const float> b, std::span<const float> dy, std::span<float> da, std::span<float> db, gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("swiglu_backward", "a", a.size(), "b", b.size());
    detail::check_span_sizes("swiglu_backward", "a", a.size(), "dy", dy.size());
    detail::check_span_sizes("swiglu_backward", "a", a.size(), "da", da.size());
    detail::check_span_sizes("swiglu_backward", "a", a.size(), "db", db.size());
    swiglu_backward(a.data(), b.data(), dy.data(), da.data(), db.data(), a.size(), precision);
}

/// swiglu_rows over spans: x holds rows x 2 d values, y rows x d (rows = y.size() / d; a shape mismatch is reported).
inline void swiglu_rows(std::span<const float> x, std::span<float> y, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate)
{
    const std::size_t rows = detail::check_row_shape("swiglu_rows", x.size(), "y", y.size(), d);
    swiglu_rows(x.data(), y.data(), rows, d, gate, precision);
}

/// swiglu_rows_backward over spans: x and dx hold rows x 2 d values, dy rows x d.
inline void swiglu_rows_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("swiglu_rows_backward", "x", x.size(), "dx", dx.size());
    const std::size_t rows = detail::check_row_shape("swiglu_rows_backward", x.size(), "dy", dy.size(), d);
    swiglu_rows_backward(x.data(), dy.data(), dx.data(), rows, d, gate, precision);
}

/// swiglu over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void swiglu(std::span<const double> a, std::span<const double> b, std::span<double> y)
{
    detail::check_span_sizes("swiglu", "a", a.size(), "b", b.size());
    detail::check_span_sizes("swiglu", "a", a.size(), "y", y.size());
    swiglu(a.data(), b.data(), y.data(), a.size());
}

/// swiglu_backward over spans of equal size.
inline void swiglu_backward(std::span<const double> a, std::span<const double> b, std::span<const double> dy, std::span<double> da, std::span<double> db)
{
    detail::check_span_sizes("swiglu_backward", "a", a.size(), "b", b.size());
    detail::check_span_sizes("swiglu_backward", "a", a.size(), "dy", dy.size());
    detail::check_span_sizes("swiglu_backward", "a", a.size(), "da", da.size());
    detail::check_span_sizes("swiglu_backward", "a", a.size(), "db", db.size());
    swiglu_backward(a.data(), b.data(), dy.data(), da.data(), db.data(), a.size());
}

/// swiglu_rows over spans: x holds rows x 2 d values, y rows x d (rows = y.size() / d; a shape mismatch is reported).
inline void swiglu_rows(std::span<const double> x, std::span<double> y, std::size_t d, activated_half gate)
{
    const std::size_t rows = detail::check_row_shape("swiglu_rows", x.size(), "y", y.size(), d);
    swiglu_rows(x.data(), y.data(), rows, d, gate);
}

/// swiglu_rows_backward over spans: x and dx hold rows x 2 d values, dy rows x d.
inline void swiglu_rows_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx, std::size_t d, activated_half gate)
{
    detail::check_span_sizes("swiglu_rows_backward", "x", x.size(), "dx", dx.size());
    const std::size_t rows = detail::check_row_shape("swiglu_rows_backward", x.size(), "dy", dy.size(), d);
    swiglu_rows_backward(x.data(), dy.data(), dx.data(), rows, d, gate);
}

#endif

// ---- reglu: relu(a) b (ReLU) -----------------------------------------------

/// y[i] = relu(a[i]) b[i] for i < n; y may be a or b (contract: gated.hpp).
inline void reglu(const float* a, const float* b, float* y, std::size_t n, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_forward_with(a, b, y, n, detail::relu_arrays{}, precision);
}

/// da[i] = dy[i] b[i] relu'(a[i]), db[i] = dy[i] relu(a[i]) for i < n; da and db may each be a, b or dy.
inline void reglu_backward(const float* a, const float* b, const float* dy, float* da, float* db, std::size_t n, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_backward_with(a, b, dy, da, db, n, detail::relu_arrays{}, precision);
}

/// y[r][j] = relu(a[j]) b[j] for each of the rows of x (2 d values: a and b the halves `gate` names); y (rows x d) may be x.
inline void reglu_rows(const float* x, float* y, std::size_t rows, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_rows_forward(x, y, rows, d, gate, detail::relu_arrays{}, precision);
}

/// The backward pass of reglu_rows: dx (rows x 2 d) gets da and db in the halves of a and b; dx may be x.
inline void reglu_rows_backward(const float* x, const float* dy, float* dx, std::size_t rows, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate) noexcept
{
    detail::gated_rows_backward(x, dy, dx, rows, d, gate, detail::relu_arrays{}, precision);
}

/// y[i] = relu(a[i]) b[i] for i < n; y may be a or b (contract: gated.hpp).
inline void reglu(const double* a, const double* b, double* y, std::size_t n) noexcept
{
    detail::gated_forward_with(a, b, y, n, detail::relu_arrays{}, gated_precision::accurate);
}

/// da[i] = dy[i] b[i] relu'(a[i]), db[i] = dy[i] relu(a[i]) for i < n; da and db may each be a, b or dy.
inline void reglu_backward(const double* a, const double* b, const double* dy, double* da, double* db, std::size_t n) noexcept
{
    detail::gated_backward_with(a, b, dy, da, db, n, detail::relu_arrays{}, gated_precision::accurate);
}

/// y[r][j] = relu(a[j]) b[j] for each of the rows of x (2 d values: a and b the halves `gate` names); y (rows x d) may be x.
inline void reglu_rows(const double* x, double* y, std::size_t rows, std::size_t d, activated_half gate) noexcept
{
    detail::gated_rows_forward(x, y, rows, d, gate, detail::relu_arrays{}, gated_precision::accurate);
}

/// The backward pass of reglu_rows: dx (rows x 2 d) gets da and db in the halves of a and b; dx may be x.
inline void reglu_rows_backward(const double* x, const double* dy, double* dx, std::size_t rows, std::size_t d, activated_half gate) noexcept
{
    detail::gated_rows_backward(x, dy, dx, rows, d, gate, detail::relu_arrays{}, gated_precision::accurate);
}

#if ACTFN_HAS_SPAN
/// reglu over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void reglu(std::span<const float> a, std::span<const float> b, std::span<float> y, gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("reglu", "a", a.size(), "b", b.size());
    detail::check_span_sizes("reglu", "a", a.size(), "y", y.size());
    reglu(a.data(), b.data(), y.data(), a.size(), precision);
}

/// reglu_backward over spans of equal size.
inline void reglu_backward(std::span<const float> a, std::span<const float> b, std::span<const float> dy, std::span<float> da, std::span<float> db, gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("reglu_backward", "a", a.size(), "b", b.size());
    detail::check_span_sizes("reglu_backward", "a", a.size(), "dy", dy.size());
    detail::check_span_sizes("reglu_backward", "a", a.size(), "da", da.size());
    detail::check_span_sizes("reglu_backward", "a", a.size(), "db", db.size());
    reglu_backward(a.data(), b.data(), dy.data(), da.data(), db.data(), a.size(), precision);
}

/// reglu_rows over spans: x holds rows x 2 d values, y rows x d (rows = y.size() / d; a shape mismatch is reported).
inline void reglu_rows(std::span<const float> x, std::span<float> y, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate)
{
    const std::size_t rows = detail::check_row_shape("reglu_rows", x.size(), "y", y.size(), d);
    reglu_rows(x.data(), y.data(), rows, d, gate, precision);
}

/// reglu_rows_backward over spans: x and dx hold rows x 2 d values, dy rows x d.
inline void reglu_rows_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx, std::size_t d, activated_half gate, gated_precision precision = gated_precision::accurate)
{
    detail::check_span_sizes("reglu_rows_backward", "x", x.size(), "dx", dx.size());
    const std::size_t rows = detail::check_row_shape("reglu_rows_backward", x.size(), "dy", dy.size(), d);
    reglu_rows_backward(x.data(), dy.data(), dx.data(), rows, d, gate, precision);
}

/// reglu over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void reglu(std::span<const double> a, std::span<const double> b, std::span<double> y)
{
    detail::check_span_sizes("reglu", "a", a.size(), "b", b.size());
    detail::check_span_sizes("reglu", "a", a.size(), "y", y.size());
    reglu(a.data(), b.data(), y.data(), a.size());
}

/// reglu_backward over spans of equal size.
inline void reglu_backward(std::span<const double> a, std::span<const double> b, std::span<const double> dy, std::span<double> da, std::span<double> db)
{
    detail::check_span_sizes("reglu_backward", "a", a.size(), "b", b.size());
    detail::check_span_sizes("reglu_backward", "a", a.size(), "dy", dy.size());
    detail::check_span_sizes("reglu_backward", "a", a.size(), "da", da.size());
    detail::check_span_sizes("reglu_backward", "a", a.size(), "db", db.size());
    reglu_backward(a.data(), b.data(), dy.data(), da.data(), db.data(), a.size());
}

/// reglu_rows over spans: x holds rows x 2 d values, y rows x d (rows = y.size() / d; a shape mismatch is reported).
inline void reglu_rows(std::span<const double> x, std::span<double> y, std::size_t d, activated_half gate)
{
    const std::size_t rows = detail::check_row_shape("reglu_rows", x.size(), "y", y.size(), d);
    reglu_rows(x.data(), y.data(), rows, d, gate);
}

/// reglu_rows_backward over spans: x and dx hold rows x 2 d values, dy rows x d.
inline void reglu_rows_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx, std::size_t d, activated_half gate)
{
    detail::check_span_sizes("reglu_rows_backward", "x", x.size(), "dx", dx.size());
    const std::size_t rows = detail::check_row_shape("reglu_rows_backward", x.size(), "dy", dy.size(), d);
    reglu_rows_backward(x.data(), dy.data(), dx.data(), rows, d, gate);
}

#endif

} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
