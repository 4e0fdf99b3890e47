#pragma once
// ReLU and leaky ReLU, the baselines GELU is compared with.
//
// relu(x) = max(x, 0); relu(-0) = +0.  leaky_relu(x, s) = x > 0 ? x : s*x.
// Derivatives follow PyTorch at 0 (relu_grad(0) = 0, leaky_relu_grad(0) = s);
// a NaN input gives that NaN quieted, for the forward value and for the
// derivative.  Any finite slope (s x rounds once); an infinite or NaN slope
// gives the limits or NaN the README's "Parameters" lists.
// Op count per vector: relu 2 (compare, select), leaky_relu 3 (a mul more),
// the derivatives 4 (two compares, two selects), and a mul by dy in a
// backward pass; on AVX-512 relu and the derivatives are one vfixupimm each
// (simd_ops.hpp).  From L2 on these are limited by memory, not arithmetic.

#include "detail/array_api.hpp"
#include "detail/half_array.hpp"
#include "detail/kernel_op.hpp"
#include "detail/scalar_math.hpp"

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

template <class S>
struct relu_forward : slow_path_for_nan_only
{
    explicit relu_forward(op_tag) noexcept {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return positive_part(x);
    }
};

template <class S>
struct relu_derivative : slow_path_for_nan_only
{
    explicit relu_derivative(op_tag) noexcept {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return unit_step(x, T(S(0)));
    }
};

template <class S>
struct leaky_relu_forward : slow_path_for_nan_only
{
    S slope;
    leaky_relu_forward(op_tag, S s) noexcept : slope(s) {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return choose(x > T(S(0)), x, x * T(slope));
    }
};

template <class S>
struct leaky_relu_derivative : slow_path_for_nan_only
{
    S slope;
    leaky_relu_derivative(op_tag, S s) noexcept : slope(s) {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return unit_step(x, T(slope));
    }
};

// An infinite or NaN slope (outside the domain): x for x > 0; for x < 0,
// x slope (an infinity) or slope quieted; at x = +-0 the limit of x slope, a
// zero with the sign of x times slope (IEEE's 0 * inf would be NaN).  The
// derivative: 1 for x > 0, slope (quieted if NaN) for x <= 0.
template <class S>
struct leaky_relu_nonfinite_forward : slow_path_for_nan_only
{
    S slope;
    leaky_relu_nonfinite_forward(op_tag, S s) noexcept : slope(s) {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        if (isnan_of(slope))
            return choose(x > T(S(0)), x, T(quieted(slope)));
        const T zero = bit_xor(x, T(bit_and(slope, S(-0.0)))); // x is +-0 where used
        return choose(x > T(S(0)), x, choose((x <= T(S(0))) & (x >= T(S(0))), zero, x * T(slope))); // x = +-0
    }
};

template <class S>
struct leaky_relu_nonfinite_derivative : slow_path_for_nan_only
{
    S slope;
    leaky_relu_nonfinite_derivative(op_tag, S s) noexcept : slope(isnan_of(s) ? quieted(s) : s) {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return choose(x > T(S(0)), T(S(1)), T(slope));
    }
};

// Calls f with leaky ReLU's operation for slope: every finite slope takes the
// plain one (slope x rounds once, any slope), an infinite or NaN one the limits.
template <template <class> class Plain, template <class> class Nonfinite, class S, class F>
inline decltype(auto) with_leaky_relu_op(S slope, F&& f) noexcept
{
    if (!isfinite_of(slope))
        return f(Nonfinite<S>(op_tag{}, slope));
    return f(Plain<S>(op_tag{}, slope));
}

} // namespace detail

/// relu(x) = max(x, 0), relu(-0) = +0 for T = float, double or xsimd::batch<float|double, A>.
template <class T>
inline detail::kernel_t<T> relu(T x) noexcept
{
    return detail::evaluate(detail::relu_forward<detail::scalar_t<T>>(detail::op_tag{}), x);
}

/// relu'(x): 1 for x > 0, 0 for x <= 0 for T = float, double or an xsimd batch.
template <class T>
inline detail::kernel_t<T> relu_grad(T x) noexcept
{
    return detail::evaluate(detail::relu_derivative<detail::scalar_t<T>>(detail::op_tag{}), x);
}

/// y[i] = relu(x[i]) for i < n; y may be x (detail/array_api.hpp lists the contract).
inline void relu(const float* x, float* y, std::size_t n) noexcept
{
    detail::map_forward(x, y, n, detail::relu_forward<float>(detail::op_tag{}));
}

/// y[i] = relu(x[i]) for i < n; y may be x.
inline void relu(const double* x, double* y, std::size_t n) noexcept
{
    detail::map_forward(x, y, n, detail::relu_forward<double>(detail::op_tag{}));
}

/// dx[i] = dy[i] relu'(x[i]) for i < n; dx may be x or dy.
inline void relu_backward(const float* x, const float* dy, float* dx, std::size_t n) noexcept
{
    detail::map_backward(x, dy, dx, n, detail::relu_derivative<float>(detail::op_tag{}));
}

/// dx[i] = dy[i] relu'(x[i]) for i < n; dx may be x or dy.
inline void relu_backward(const double* x, const double* dy, double* dx, std::size_t n) noexcept
{
    detail::map_backward(x, dy, dx, n, detail::relu_derivative<double>(detail::op_tag{}));
}

/// y[i] = relu(x[i]) rounded once to bfloat16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void relu(const bfloat16* x, bfloat16* y, std::size_t n) noexcept
{
    detail::map_half_forward(x, y, n, detail::relu_forward<float>(detail::op_tag{}), [=](double v) noexcept { return relu(v); });
}

/// dx[i] = dy[i] relu'(x[i]) rounded once to bfloat16, i < n; dx may be x or dy.
inline void relu_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n) noexcept
{
    detail::map_half_backward<true>(x, dy, dx, n, detail::relu_derivative<float>(detail::op_tag{}), [=](double v) noexcept { return relu_grad(v); });
}

/// y[i] = relu(x[i]) rounded once to float16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void relu(const float16* x, float16* y, std::size_t n) noexcept
{
    detail::map_half_forward(x, y, n, detail::relu_forward<float>(detail::op_tag{}), [=](double v) noexcept { return relu(v); });
}

/// dx[i] = dy[i] relu'(x[i]) rounded once to float16, i < n; dx may be x or dy.
inline void relu_backward(const float16* x, const float16* dy, float16* dx, std::size_t n) noexcept
{
    detail::map_half_backward<true>(x, dy, dx, n, detail::relu_derivative<float>(detail::op_tag{}), [=](double v) noexcept { return relu_grad(v); });
}

/// relu on the compilers' own 16-bit types (_Float16, __bf16, std::float16_t,
/// std::bfloat16_t where the compiler has them), as on float16 and bfloat16.
template <class T, class H = detail::half_storage_t<T>>
inline void relu(const T* x, T* y, std::size_t n) noexcept
{
    relu(reinterpret_cast<const H*>(x), reinterpret_cast<H*>(y), n);
}

/// relu_backward on the compilers' own 16-bit types.
template <class T, class H = detail::half_storage_t<T>>
inline void relu_backward(const T* x, const T* dy, T* dx, std::size_t n) noexcept
{
    relu_backward(reinterpret_cast<const H*>(x), reinterpret_cast<const H*>(dy), reinterpret_cast<H*>(dx), n);
}

#if ACTFN_HAS_SPAN
/// relu over bfloat16 spans of equal size.
inline void relu(std::span<const bfloat16> x, std::span<bfloat16> y)
{
    detail::check_span_sizes("relu", "x", x.size(), "y", y.size());
    relu(x.data(), y.data(), x.size());
}

/// relu_backward over bfloat16 spans of equal size.
inline void relu_backward(std::span<const bfloat16> x, std::span<const bfloat16> dy, std::span<bfloat16> dx)
{
    detail::check_span_sizes("relu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("relu_backward", "x", x.size(), "dx", dx.size());
    relu_backward(x.data(), dy.data(), dx.data(), x.size());
}

/// relu over float16 spans of equal size.
inline void relu(std::span<const float16> x, std::span<float16> y)
{
    detail::check_span_sizes("relu", "x", x.size(), "y", y.size());
    relu(x.data(), y.data(), x.size());
}

/// relu_backward over float16 spans of equal size.
inline void relu_backward(std::span<const float16> x, std::span<const float16> dy, std::span<float16> dx)
{
    detail::check_span_sizes("relu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("relu_backward", "x", x.size(), "dx", dx.size());
    relu_backward(x.data(), dy.data(), dx.data(), x.size());
}

#endif

#if ACTFN_HAS_SPAN
/// relu over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void relu(std::span<const float> x, std::span<float> y)
{
    detail::check_span_sizes("relu", "x", x.size(), "y", y.size());
    relu(x.data(), y.data(), x.size());
}

/// relu over spans of equal size.
inline void relu(std::span<const double> x, std::span<double> y)
{
    detail::check_span_sizes("relu", "x", x.size(), "y", y.size());
    relu(x.data(), y.data(), x.size());
}

/// relu_backward over spans of equal size.
inline void relu_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx)
{
    detail::check_span_sizes("relu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("relu_backward", "x", x.size(), "dx", dx.size());
    relu_backward(x.data(), dy.data(), dx.data(), x.size());
}

/// relu_backward over spans of equal size.
inline void relu_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx)
{
    detail::check_span_sizes("relu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("relu_backward", "x", x.size(), "dx", dx.size());
    relu_backward(x.data(), dy.data(), dx.data(), x.size());
}

#endif

/// leaky_relu(x, slope) = x for x > 0, slope x otherwise for T = float, double or xsimd::batch<float|double, A>;
/// slope as given, in T's scalar type.
template <class T>
inline detail::kernel_t<T> leaky_relu(T x, detail::scalar_t<T> slope) noexcept
{
    return detail::with_leaky_relu_op<detail::leaky_relu_forward, detail::leaky_relu_nonfinite_forward>(
        slope, [&](const auto& op) { return detail::evaluate(op, x); });
}

/// leaky_relu'(x, slope) = 1 for x > 0, slope otherwise (slope at 0).
template <class T>
inline detail::kernel_t<T> leaky_relu_grad(T x, detail::scalar_t<T> slope) noexcept
{
    return detail::with_leaky_relu_op<detail::leaky_relu_derivative, detail::leaky_relu_nonfinite_derivative>(
        slope, [&](const auto& op) { return detail::evaluate(op, x); });
}

/// leaky_relu(x, slope) at the default slope, bit for bit.
template <class T>
inline detail::kernel_t<T> leaky_relu(T x) noexcept
{
    return leaky_relu(x, detail::scalar_t<T>(0.01));
}

/// leaky_relu_grad(x, slope) at the default slope, bit for bit.
template <class T>
inline detail::kernel_t<T> leaky_relu_grad(T x) noexcept
{
    return leaky_relu_grad(x, detail::scalar_t<T>(0.01));
}

/// y[i] = leaky_relu(x[i], slope) for i < n; y may be x (detail/array_api.hpp lists the contract).
inline void leaky_relu(const float* x, float* y, std::size_t n, float slope = float(0.01)) noexcept
{
    detail::with_leaky_relu_op<detail::leaky_relu_forward, detail::leaky_relu_nonfinite_forward>(
        slope, [&](const auto& op) { detail::map_forward(x, y, n, op); });
}

/// y[i] = leaky_relu(x[i], slope) for i < n; y may be x.
inline void leaky_relu(const double* x, double* y, std::size_t n, double slope = double(0.01)) noexcept
{
    detail::with_leaky_relu_op<detail::leaky_relu_forward, detail::leaky_relu_nonfinite_forward>(
        slope, [&](const auto& op) { detail::map_forward(x, y, n, op); });
}

/// dx[i] = dy[i] leaky_relu'(x[i], slope) for i < n; dx may be x or dy.
inline void leaky_relu_backward(const float* x, const float* dy, float* dx, std::size_t n, float slope = float(0.01)) noexcept
{
    detail::with_leaky_relu_op<detail::leaky_relu_derivative, detail::leaky_relu_nonfinite_derivative>(
        slope, [&](const auto& op) { detail::map_backward(x, dy, dx, n, op); });
}

/// dx[i] = dy[i] leaky_relu'(x[i], slope) for i < n; dx may be x or dy.
inline void leaky_relu_backward(const double* x, const double* dy, double* dx, std::size_t n, double slope = double(0.01)) noexcept
{
    detail::with_leaky_relu_op<detail::leaky_relu_derivative, detail::leaky_relu_nonfinite_derivative>(
        slope, [&](const auto& op) { detail::map_backward(x, dy, dx, n, op); });
}

/// y[i] = leaky_relu(x[i], slope) rounded once to bfloat16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void leaky_relu(const bfloat16* x, bfloat16* y, std::size_t n, float slope = float(0.01)) noexcept
{
    detail::with_leaky_relu_op<detail::leaky_relu_forward, detail::leaky_relu_nonfinite_forward>(
        slope, [&](const auto& op) { detail::map_half_forward(x, y, n, op, [=](double v) noexcept { return leaky_relu(v, double(slope)); }); });
}

/// dx[i] = dy[i] leaky_relu'(x[i], slope) rounded once to bfloat16, i < n; dx may be x or dy.
inline void leaky_relu_backward(const bfloat16* x, const bfloat16* dy, bfloat16* dx, std::size_t n, float slope = float(0.01)) noexcept
{
    detail::with_leaky_relu_op<detail::leaky_relu_derivative, detail::leaky_relu_nonfinite_derivative>(
        slope, [&](const auto& op) { detail::map_half_backward<true>(x, dy, dx, n, op, [=](double v) noexcept { return leaky_relu_grad(v, double(slope)); }); });
}

/// y[i] = leaky_relu(x[i], slope) rounded once to float16 (correctly rounded), i < n; y may be x
/// (detail/half_array.hpp).
inline void leaky_relu(const float16* x, float16* y, std::size_t n, float slope = float(0.01)) noexcept
{
    detail::with_leaky_relu_op<detail::leaky_relu_forward, detail::leaky_relu_nonfinite_forward>(
        slope, [&](const auto& op) { detail::map_half_forward(x, y, n, op, [=](double v) noexcept { return leaky_relu(v, double(slope)); }); });
}

/// dx[i] = dy[i] leaky_relu'(x[i], slope) rounded once to float16, i < n; dx may be x or dy.
inline void leaky_relu_backward(const float16* x, const float16* dy, float16* dx, std::size_t n, float slope = float(0.01)) noexcept
{
    detail::with_leaky_relu_op<detail::leaky_relu_derivative, detail::leaky_relu_nonfinite_derivative>(
        slope, [&](const auto& op) { detail::map_half_backward<true>(x, dy, dx, n, op, [=](double v) noexcept { return leaky_relu_grad(v, double(slope)); }); });
}

/// leaky_relu on the compilers' own 16-bit types (_Float16, __bf16, std::float16_t,
/// std::bfloat16_t where the compiler has them), as on float16 and bfloat16.
template <class T, class H = detail::half_storage_t<T>>
inline void leaky_relu(const T* x, T* y, std::size_t n, float slope = float(0.01)) noexcept
{
    leaky_relu(reinterpret_cast<const H*>(x), reinterpret_cast<H*>(y), n, slope);
}

/// leaky_relu_backward on the compilers' own 16-bit types.
template <class T, class H = detail::half_storage_t<T>>
inline void leaky_relu_backward(const T* x, const T* dy, T* dx, std::size_t n, float slope = float(0.01)) noexcept
{
    leaky_relu_backward(reinterpret_cast<const H*>(x), reinterpret_cast<const H*>(dy), reinterpret_cast<H*>(dx), n, slope);
}

#if ACTFN_HAS_SPAN
/// leaky_relu over bfloat16 spans of equal size.
inline void leaky_relu(std::span<const bfloat16> x, std::span<bfloat16> y, float slope = float(0.01))
{
    detail::check_span_sizes("leaky_relu", "x", x.size(), "y", y.size());
    leaky_relu(x.data(), y.data(), x.size(), slope);
}

/// leaky_relu_backward over bfloat16 spans of equal size.
inline void leaky_relu_backward(std::span<const bfloat16> x, std::span<const bfloat16> dy, std::span<bfloat16> dx, float slope = float(0.01))
{
    detail::check_span_sizes("leaky_relu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("leaky_relu_backward", "x", x.size(), "dx", dx.size());
    leaky_relu_backward(x.data(), dy.data(), dx.data(), x.size(), slope);
}

/// leaky_relu over float16 spans of equal size.
inline void leaky_relu(std::span<const float16> x, std::span<float16> y, float slope = float(0.01))
{
    detail::check_span_sizes("leaky_relu", "x", x.size(), "y", y.size());
    leaky_relu(x.data(), y.data(), x.size(), slope);
}

/// leaky_relu_backward over float16 spans of equal size.
inline void leaky_relu_backward(std::span<const float16> x, std::span<const float16> dy, std::span<float16> dx, float slope = float(0.01))
{
    detail::check_span_sizes("leaky_relu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("leaky_relu_backward", "x", x.size(), "dx", dx.size());
    leaky_relu_backward(x.data(), dy.data(), dx.data(), x.size(), slope);
}

#endif

#if ACTFN_HAS_SPAN
/// leaky_relu over spans of equal size (a mismatch is reported: detail/array_api.hpp).
inline void leaky_relu(std::span<const float> x, std::span<float> y, float slope = float(0.01))
{
    detail::check_span_sizes("leaky_relu", "x", x.size(), "y", y.size());
    leaky_relu(x.data(), y.data(), x.size(), slope);
}

/// leaky_relu over spans of equal size.
inline void leaky_relu(std::span<const double> x, std::span<double> y, double slope = double(0.01))
{
    detail::check_span_sizes("leaky_relu", "x", x.size(), "y", y.size());
    leaky_relu(x.data(), y.data(), x.size(), slope);
}

/// leaky_relu_backward over spans of equal size.
inline void leaky_relu_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx, float slope = float(0.01))
{
    detail::check_span_sizes("leaky_relu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("leaky_relu_backward", "x", x.size(), "dx", dx.size());
    leaky_relu_backward(x.data(), dy.data(), dx.data(), x.size(), slope);
}

/// leaky_relu_backward over spans of equal size.
inline void leaky_relu_backward(std::span<const double> x, std::span<const double> dy, std::span<double> dx, double slope = double(0.01))
{
    detail::check_span_sizes("leaky_relu_backward", "x", x.size(), "dy", dy.size());
    detail::check_span_sizes("leaky_relu_backward", "x", x.size(), "dx", dx.size());
    leaky_relu_backward(x.data(), dy.data(), dx.data(), x.size(), slope);
}

#endif

} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
