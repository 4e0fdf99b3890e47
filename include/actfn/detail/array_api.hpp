#pragma once
// Declares the array forms of one activation (forward, backward, and with
// C++20 their std::span overloads) on top of its element kernels.  A macro,
// because the seven activations differ only in name and extra parameters.

#include "array.hpp"
#include "kernel_op.hpp"
#include "simd_ops.hpp"

#include <cstddef>
#include <type_traits>

#if defined(__cpp_lib_span) || (__cplusplus >= 202002L && __has_include(<span>))
#include <span>
#include <stdexcept>
#define ACTFN_HAS_SPAN 1
#else
#define ACTFN_HAS_SPAN 0
#endif

namespace actfn {
namespace detail {

template <class T>
using enable_array_t = std::enable_if_t<std::is_same<T, float>::value || std::is_same<T, double>::value, int>;

#if ACTFN_HAS_SPAN
// The span overloads' precondition is checked in every build: a size mismatch
// is reported, never silently truncated.
inline void check_span_sizes(std::size_t a, std::size_t b, const char* what)
{
    if (a != b)
        throw std::invalid_argument(what);
}
#endif

} // namespace detail
} // namespace actfn

// PARAMS(T) expands to the extra parameters with their defaults (", T alpha = T(1)")
// and ARGS() to the matching arguments (", alpha"); both empty for a plain activation.
#define ACTFN_NO_PARAMS(T)
#define ACTFN_NO_ARGS()

// The element kernels and both array forms use the operations
// detail::name##_forward<T> and detail::name##_derivative<T> (kernel_op.hpp).
#define ACTFN_DEFINE_KERNELS(name, PARAMS, ARGS)                                                       \
    template <class T>                                                                                 \
    inline ::actfn::detail::kernel_t<T> name(T x PARAMS(::actfn::detail::scalar_t<T>)) noexcept       \
    {                                                                                                  \
        return ::actfn::detail::evaluate(                                                              \
            ::actfn::detail::name##_forward<::actfn::detail::scalar_t<T>>(::actfn::detail::op_tag{} ARGS()), x); \
    }                                                                                                  \
    template <class T>                                                                                 \
    inline ::actfn::detail::kernel_t<T> name##_grad(T x PARAMS(::actfn::detail::scalar_t<T>)) noexcept \
    {                                                                                                  \
        return ::actfn::detail::evaluate(                                                              \
            ::actfn::detail::name##_derivative<::actfn::detail::scalar_t<T>>(::actfn::detail::op_tag{} ARGS()), x); \
    }

#define ACTFN_DEFINE_ARRAY_FORMS(name, PARAMS, ARGS)                                                    \
    template <class T, ::actfn::detail::enable_array_t<T> = 0>                                         \
    inline void name(const T* x, T* y, std::size_t n PARAMS(T)) noexcept                               \
    {                                                                                                  \
        ::actfn::detail::map_forward(x, y, n, ::actfn::detail::name##_forward<T>(::actfn::detail::op_tag{} ARGS())); \
    }                                                                                                  \
    template <class T, ::actfn::detail::enable_array_t<T> = 0>                                         \
    inline void name##_backward(const T* x, const T* dy, T* dx, std::size_t n PARAMS(T)) noexcept      \
    {                                                                                                  \
        ::actfn::detail::map_backward(x, dy, dx, n,                                                    \
                                      ::actfn::detail::name##_derivative<T>(::actfn::detail::op_tag{} ARGS())); \
    }                                                                                                  \
    ACTFN_DEFINE_SPAN_FORMS(name, float, PARAMS, ARGS)                                                 \
    ACTFN_DEFINE_SPAN_FORMS(name, double, PARAMS, ARGS)

#if ACTFN_HAS_SPAN
#define ACTFN_DEFINE_SPAN_FORMS(name, T, PARAMS, ARGS)                                                 \
    /** Throws std::invalid_argument when x and y differ in size. */                                   \
    inline void name(std::span<const T> x, std::span<T> y PARAMS(T))                                   \
    {                                                                                                  \
        ::actfn::detail::check_span_sizes(x.size(), y.size(), "actfn::" #name ": x and y differ in size"); \
        name(x.data(), y.data(), x.size() ARGS());                                                       \
    }                                                                                                  \
    /** Throws std::invalid_argument when x, dy and dx differ in size. */                              \
    inline void name##_backward(std::span<const T> x, std::span<const T> dy, std::span<T> dx PARAMS(T)) \
    {                                                                                                  \
        ::actfn::detail::check_span_sizes(x.size(), dy.size(),                                          \
                                          "actfn::" #name "_backward: x and dy differ in size");       \
        ::actfn::detail::check_span_sizes(x.size(), dx.size(),                                          \
                                          "actfn::" #name "_backward: x and dx differ in size");       \
        name##_backward(x.data(), dy.data(), dx.data(), x.size() ARGS());                                \
    }
#else
#define ACTFN_DEFINE_SPAN_FORMS(name, T, PARAMS, ARGS)
#endif
