#pragma once
// actfn::dispatch: the array forms, compiled once per target into the
// library actfn::dispatch (CMake target actfn::dispatch, libactfn_dispatch),
// the best target the CPU runs chosen at the first call.  For a program that
// must run on any x86-64 CPU at the speed of the one it runs on: a binary
// built for baseline x86-64 gets SSE2 from the header-only forms, 3-8x
// slower than AVX-512 (README, "Choosing the instruction set").
//
//   targets   x86-64: "sse2" (no FMA), "avx2_fma" (AVX2, FMA, F16C),
//             "avx512" (AVX-512 F, CD, BW, DQ, VL, FMA, F16C);
//             AArch64: "neon"; elsewhere: "generic" (the compiler's default)
//   choice    the widest target the CPU and the OS support, made at the first
//             call; ACTFN_TARGET=<target> in the environment or
//             set_target("<target>") choose a narrower one (to test it, or
//             to match results across machines); active_target() names it
//   results   each form gives exactly the bits of the header-only form
//             compiled for the chosen target; the FMA targets agree with each
//             other bit for bit, "sse2" differs in the last bit for some
//             inputs (its bounds are 2 and 4 ulp instead of 1 and 2)
//   cost      one atomic load and one indirect call per array call
//
// The contract of every form is the header-only one with the same name
// (<actfn/gelu.hpp> and its siblings; detail/array_api.hpp): any n and
// alignment, y may be x, dx may be x or dy, no allocation, any number of
// threads.  This header needs neither xsimd nor any target flag.

#include "half.hpp"

#include <cstddef>

#if defined(__cpp_lib_span) || (__cplusplus >= 202002L && __has_include(<span>))
#include <span>
#define ACTFN_DISPATCH_HAS_SPAN 1
#else
#define ACTFN_DISPATCH_HAS_SPAN 0
#endif

namespace actfn {
namespace dispatch {

/// The target in use: "sse2", "avx2_fma", "avx512", "neon" or "generic".
/// At the first call of any function here the library picks the widest
/// target the CPU and the OS support, or the one the environment variable
/// ACTFN_TARGET names (read once; a name that is no target or that the CPU
/// lacks is reported in one line on stderr, and the widest is kept).
const char* active_target() noexcept;

/// Makes `name` the target in use (to test a narrower target, or to get the
/// bits of one on any machine) and returns true; returns false, keeps the
/// target and writes one line to stderr with the supported names when
/// `name` is null, names no target of this library or one this CPU lacks.
/// Safe to call while other threads run the array forms: each call runs
/// wholly on the target it started with.
bool set_target(const char* name) noexcept;

/// y[i] = gelu(x[i]) = x Phi(x) (<actfn/gelu.hpp>).
void gelu(const float* x, float* y, std::size_t n) noexcept;
/// y[i] = gelu(x[i]).
void gelu(const double* x, double* y, std::size_t n) noexcept;
/// dx[i] = dy[i] gelu'(x[i]).
void gelu_backward(const float* x, const float* dy, float* dx, std::size_t n) noexcept;
/// dx[i] = dy[i] gelu'(x[i]).
void gelu_backward(const double* x, const double* dy, double* dx, std::size_t n) noexcept;

/// y[i] = gelu_tanh(x[i]) (<actfn/gelu_tanh.hpp>).
void gelu_tanh(const float* x, float* y, std::size_t n) noexcept;
/// y[i] = gelu_tanh(x[i]).
void gelu_tanh(const double* x, double* y, std::size_t n) noexcept;
/// dx[i] = dy[i] gelu_tanh'(x[i]).
void gelu_tanh_backward(const float* x, const float* dy, float* dx, std::size_t n) noexcept;
/// dx[i] = dy[i] gelu_tanh'(x[i]).
void gelu_tanh_backward(const double* x, const double* dy, double* dx, std::size_t n) noexcept;

/// y[i] = quick_gelu(x[i], alpha) = x sigma(alpha x) (<actfn/quick_gelu.hpp>).
void quick_gelu(const float* x, float* y, std::size_t n, float alpha = 1.702f) noexcept;
/// y[i] = quick_gelu(x[i], alpha).
void quick_gelu(const double* x, double* y, std::size_t n, double alpha = 1.702) noexcept;
/// dx[i] = dy[i] quick_gelu'(x[i], alpha).
void quick_gelu_backward(const float* x, const float* dy, float* dx, std::size_t n, float alpha = 1.702f) noexcept;
/// dx[i] = dy[i] quick_gelu'(x[i], alpha).
void quick_gelu_backward(const double* x, const double* dy, double* dx, std::size_t n, double alpha = 1.702) noexcept;

/// y[i] = silu(x[i]) = x sigma(x) (<actfn/silu.hpp>).
void silu(const float* x, float* y, std::size_t n) noexcept;
/// y[i] = silu(x[i]).
void silu(const double* x, double* y, std::size_t n) noexcept;
/// dx[i] = dy[i] silu'(x[i]).
void silu_backward(const float* x, const float* dy, float* dx, std::size_t n) noexcept;
/// dx[i] = dy[i] silu'(x[i]).
void silu_backward(const double* x, const double* dy, double* dx, std::size_t n) noexcept;

/// y[i] = elu(x[i], alpha) (<actfn/elu.hpp>).
void elu(const float* x, float* y, std::size_t n, float alpha = 1.0f) noexcept;
/// y[i] = elu(x[i], alpha).
void elu(const double* x, double* y, std::size_t n, double alpha = 1.0) noexcept;
/// dx[i] = dy[i] elu'(x[i], alpha).
void elu_backward(const float* x, const float* dy, float* dx, std::size_t n, float alpha = 1.0f) noexcept;
/// dx[i] = dy[i] elu'(x[i], alpha).
void elu_backward(const double* x, const double* dy, double* dx, std::size_t n, double alpha = 1.0) noexcept;

/// y[i] = relu(x[i]) (<actfn/relu.hpp>).
void relu(const float* x, float* y, std::size_t n) noexcept;
/// y[i] = relu(x[i]).
void relu(const double* x, double* y, std::size_t n) noexcept;
/// dx[i] = dy[i] relu'(x[i]).
void relu_backward(const float* x, const float* dy, float* dx, std::size_t n) noexcept;
/// dx[i] = dy[i] relu'(x[i]).
void relu_backward(const double* x, const double* dy, double* dx, std::size_t n) noexcept;

/// y[i] = leaky_relu(x[i], slope) (<actfn/relu.hpp>).
void leaky_relu(const float* x, float* y, std::size_t n, float slope = 0.01f) noexcept;
/// y[i] = leaky_relu(x[i], slope).
void leaky_relu(const double* x, double* y, std::size_t n, double slope = 0.01) noexcept;
/// dx[i] = dy[i] leaky_relu'(x[i], slope).
void leaky_relu_backward(const float* x, const float* dy, float* dx, std::size_t n, float slope = 0.01f) noexcept;
/// dx[i] = dy[i] leaky_relu'(x[i], slope).
void leaky_relu_backward(const double* x, const double* dy, double* dx, std::size_t n, double slope = 0.01) noexcept;

// The 16-bit forms (<actfn/half.hpp>): each result is the exact value rounded
// once to the format, the same bits on every target (detail/half_array.hpp).
/// y[i] = gelu(x[i]) correctly rounded to bfloat16.
void gelu(const bfloat16* x, bfloat16* y, std::size_t n) noexcept;
/// dx[i] = dy[i] gelu'(x[i]) correctly rounded to bfloat16.
void gelu_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n) noexcept;
/// y[i] = gelu(x[i]) correctly rounded to float16.
void gelu(const float16* x, float16* y, std::size_t n) noexcept;
/// dx[i] = dy[i] gelu'(x[i]) correctly rounded to float16.
void gelu_backward(const float16* x, const float16* dy, float16* dx, std::size_t n) noexcept;
/// y[i] = gelu_tanh(x[i]) correctly rounded to bfloat16.
void gelu_tanh(const bfloat16* x, bfloat16* y, std::size_t n) noexcept;
/// dx[i] = dy[i] gelu_tanh'(x[i]) correctly rounded to bfloat16.
void gelu_tanh_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n) noexcept;
/// y[i] = gelu_tanh(x[i]) correctly rounded to float16.
void gelu_tanh(const float16* x, float16* y, std::size_t n) noexcept;
/// dx[i] = dy[i] gelu_tanh'(x[i]) correctly rounded to float16.
void gelu_tanh_backward(const float16* x, const float16* dy, float16* dx, std::size_t n) noexcept;
/// y[i] = quick_gelu(x[i], alpha) correctly rounded to bfloat16.
void quick_gelu(const bfloat16* x, bfloat16* y, std::size_t n, float alpha = 1.702f) noexcept;
/// dx[i] = dy[i] quick_gelu'(x[i], alpha) correctly rounded to bfloat16.
void quick_gelu_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n, float alpha = 1.702f) noexcept;
/// y[i] = quick_gelu(x[i], alpha) correctly rounded to float16.
void quick_gelu(const float16* x, float16* y, std::size_t n, float alpha = 1.702f) noexcept;
/// dx[i] = dy[i] quick_gelu'(x[i], alpha) correctly rounded to float16.
void quick_gelu_backward(const float16* x, const float16* dy, float16* dx, std::size_t n, float alpha = 1.702f) noexcept;
/// y[i] = silu(x[i]) correctly rounded to bfloat16.
void silu(const bfloat16* x, bfloat16* y, std::size_t n) noexcept;
/// dx[i] = dy[i] silu'(x[i]) correctly rounded to bfloat16.
void silu_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n) noexcept;
/// y[i] = silu(x[i]) correctly rounded to float16.
void silu(const float16* x, float16* y, std::size_t n) noexcept;
/// dx[i] = dy[i] silu'(x[i]) correctly rounded to float16.
void silu_backward(const float16* x, const float16* dy, float16* dx, std::size_t n) noexcept;
/// y[i] = elu(x[i], alpha) correctly rounded to bfloat16.
void elu(const bfloat16* x, bfloat16* y, std::size_t n, float alpha = 1.0f) noexcept;
/// dx[i] = dy[i] elu'(x[i], alpha) correctly rounded to bfloat16.
void elu_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n, float alpha = 1.0f) noexcept;
/// y[i] = elu(x[i], alpha) correctly rounded to float16.
void elu(const float16* x, float16* y, std::size_t n, float alpha = 1.0f) noexcept;
/// dx[i] = dy[i] elu'(x[i], alpha) correctly rounded to float16.
void elu_backward(const float16* x, const float16* dy, float16* dx, std::size_t n, float alpha = 1.0f) noexcept;
/// y[i] = relu(x[i]) correctly rounded to bfloat16.
void relu(const bfloat16* x, bfloat16* y, std::size_t n) noexcept;
/// dx[i] = dy[i] relu'(x[i]) correctly rounded to bfloat16.
void relu_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n) noexcept;
/// y[i] = relu(x[i]) correctly rounded to float16.
void relu(const float16* x, float16* y, std::size_t n) noexcept;
/// dx[i] = dy[i] relu'(x[i]) correctly rounded to float16.
void relu_backward(const float16* x, const float16* dy, float16* dx, std::size_t n) noexcept;
/// y[i] = leaky_relu(x[i], slope) correctly rounded to bfloat16.
void leaky_relu(const bfloat16* x, bfloat16* y, std::size_t n, float slope = 0.01f) noexcept;
/// dx[i] = dy[i] leaky_relu'(x[i], slope) correctly rounded to bfloat16.
void leaky_relu_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n, float slope = 0.01f) noexcept;
/// y[i] = leaky_relu(x[i], slope) correctly rounded to float16.
void leaky_relu(const float16* x, float16* y, std::size_t n, float slope = 0.01f) noexcept;
/// dx[i] = dy[i] leaky_relu'(x[i], slope) correctly rounded to float16.
void leaky_relu_backward(const float16* x, const float16* dy, float16* dx, std::size_t n, float slope = 0.01f) noexcept;

namespace detail {
/// Reports spans of different sizes: throws std::invalid_argument ("actfn::dispatch::gelu: y has 9
/// elements, x has 10"), or without exceptions prints that and calls std::abort().
[[noreturn]] void span_size_mismatch(const char* function, const char* name, std::size_t size, const char* first,
                                     std::size_t first_size);
} // namespace detail

#if ACTFN_DISPATCH_HAS_SPAN
/// Calls the pointer form fn with the spans' data, after checking that their sizes agree.
template <class T, class... P>
void call_forward(void (*fn)(const T*, T*, std::size_t, P...) noexcept, const char* name, std::span<const T> x,
                  std::span<T> y, P... p)
{
    if (y.size() != x.size())
        detail::span_size_mismatch(name, "y", y.size(), "x", x.size());
    fn(x.data(), y.data(), x.size(), p...);
}

/// Calls the pointer form fn of a backward pass with the spans' data, after checking their sizes.
template <class T, class... P>
void call_backward(void (*fn)(const T*, const T*, T*, std::size_t, P...) noexcept, const char* name,
                   std::span<const T> x, std::span<const T> dy, std::span<T> dx, P... p)
{
    if (dy.size() != x.size())
        detail::span_size_mismatch(name, "dy", dy.size(), "x", x.size());
    if (dx.size() != x.size())
        detail::span_size_mismatch(name, "dx", dx.size(), "x", x.size());
    fn(x.data(), dy.data(), dx.data(), x.size(), p...);
}

/// gelu over spans of equal size.
inline void gelu(std::span<const float> x, std::span<float> y) { call_forward<float>(&gelu, "gelu", x, y); }
/// gelu over spans of equal size.
inline void gelu(std::span<const double> x, std::span<double> y) { call_forward<double>(&gelu, "gelu", x, y); }
/// gelu_backward over spans of equal size.
inline void gelu_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx)
{
    call_backward<float>(&gelu_backward, "gelu_backward", x, dy, dx);
}
/// gelu_backward over spans of equal size.
inline void gelu_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx)
{
    call_backward<double>(&gelu_backward, "gelu_backward", x, dy, dx);
}
#endif

} // namespace dispatch
} // namespace actfn
