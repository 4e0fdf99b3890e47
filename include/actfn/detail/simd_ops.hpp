#pragma once
// The handful of operations every kernel is written with, spelled the same way
// for a scalar (float, double) and for an xsimd batch of them, so that one
// template serves both and every SIMD lane performs exactly the operations the
// scalar path performs.
//
// Rule for kernel code: a product that feeds an addition is always written as
// detail::fma.  A plain `a * b + c` may be contracted into an FMA by one
// compiler, instantiation or target and not by another, which would break the
// bit-for-bit agreement between the scalar path and the SIMD lanes.

#include "config.hpp"
#include "xsimd_compat.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace actfn {
namespace detail {

// kernel_traits<T> exists for the types a kernel accepts: float, double and
// xsimd::batch<float|double, Arch>.  Its absence removes a kernel template
// from overload resolution for any other T.
template <class T>
struct kernel_traits
{
};

template <>
struct kernel_traits<float>
{
    using type = float;
    using scalar = float;
    using bits = std::int32_t;
};

template <>
struct kernel_traits<double>
{
    using type = double;
    using scalar = double;
    using bits = std::int64_t;
};

#if ACTFN_SIMD
template <class A>
struct kernel_traits<xsimd::batch<float, A>>
{
    using type = xsimd::batch<float, A>;
    using scalar = float;
    using bits = xsimd::batch<std::int32_t, A>;
};

template <class A>
struct kernel_traits<xsimd::batch<double, A>>
{
    using type = xsimd::batch<double, A>;
    using scalar = double;
    using bits = xsimd::batch<std::int64_t, A>;
};
#endif

// kernel_t<T> is T for an accepted kernel type and a substitution failure otherwise.
template <class T>
using kernel_t = typename kernel_traits<T>::type;
template <class T>
using scalar_t = typename kernel_traits<T>::scalar;
template <class T>
using bits_t = typename kernel_traits<T>::bits;

// ---- scalar versions -------------------------------------------------------

inline float fma(float a, float b, float c) noexcept
{
#if ACTFN_HAS_FMA
    return std::fma(a, b, c);
#else
    return a * b + c;
#endif
}

inline double fma(double a, double b, double c) noexcept
{
#if ACTFN_HAS_FMA
    return std::fma(a, b, c);
#else
    return a * b + c;
#endif
}

template <class T>
inline T select(bool m, T a, T b) noexcept
{
    return m ? a : b;
}

inline float abs(float x) noexcept { return std::fabs(x); }
inline double abs(double x) noexcept { return std::fabs(x); }

inline std::int32_t to_bits(float x) noexcept
{
    std::int32_t i;
    std::memcpy(&i, &x, sizeof i);
    return i;
}
inline std::int64_t to_bits(double x) noexcept
{
    std::int64_t i;
    std::memcpy(&i, &x, sizeof i);
    return i;
}
inline float from_bits(std::int32_t i) noexcept
{
    float x;
    std::memcpy(&x, &i, sizeof x);
    return x;
}
inline double from_bits(std::int64_t i) noexcept
{
    double x;
    std::memcpy(&x, &i, sizeof x);
    return x;
}

inline bool any(bool m) noexcept { return m; }
inline bool is_nan(float x) noexcept { return x != x; }
inline bool is_nan(double x) noexcept { return x != x; }

// ---- batch versions --------------------------------------------------------

#if ACTFN_SIMD
template <class T, class A>
inline xsimd::batch<T, A> fma(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b,
                              const xsimd::batch<T, A>& c) noexcept
{
    return xsimd::fma(a, b, c);
}

template <class T, class A>
inline xsimd::batch<T, A> select(const xsimd::batch_bool<T, A>& m, const xsimd::batch<T, A>& a,
                                 const xsimd::batch<T, A>& b) noexcept
{
    return xsimd::select(m, a, b);
}

template <class T, class A>
inline xsimd::batch<T, A> abs(const xsimd::batch<T, A>& x) noexcept
{
    return xsimd::abs(x);
}

template <class A>
inline xsimd::batch<std::int32_t, A> to_bits(const xsimd::batch<float, A>& x) noexcept
{
    return bit_cast_batch<std::int32_t>(x);
}
template <class A>
inline xsimd::batch<std::int64_t, A> to_bits(const xsimd::batch<double, A>& x) noexcept
{
    return bit_cast_batch<std::int64_t>(x);
}
template <class A>
inline xsimd::batch<float, A> from_bits(const xsimd::batch<std::int32_t, A>& i) noexcept
{
    return bit_cast_batch<float>(i);
}
template <class A>
inline xsimd::batch<double, A> from_bits(const xsimd::batch<std::int64_t, A>& i) noexcept
{
    return bit_cast_batch<double>(i);
}

template <class T, class A>
inline bool any(const xsimd::batch_bool<T, A>& m) noexcept
{
    return xsimd::any(m);
}
template <class T, class A>
inline xsimd::batch_bool<T, A> is_nan(const xsimd::batch<T, A>& x) noexcept
{
    return x != x;
}
#endif

} // namespace detail
} // namespace actfn
