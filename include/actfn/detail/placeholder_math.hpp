#pragma once
// TEMPORARY: libm/xsimd transcendental functions used by the first kernels
// until actfn's own accurate kernels land.  Not bit-identical between scalar
// and SIMD, not accurate in the tails.
#include "simd_ops.hpp"

namespace actfn {
namespace detail {
namespace placeholder {
inline float exp(float x) noexcept { return std::exp(x); }
inline double exp(double x) noexcept { return std::exp(x); }
inline float expm1(float x) noexcept { return std::expm1(x); }
inline double expm1(double x) noexcept { return std::expm1(x); }
inline float erfc(float x) noexcept { return std::erfc(x); }
inline double erfc(double x) noexcept { return std::erfc(x); }
inline float tanh(float x) noexcept { return std::tanh(x); }
inline double tanh(double x) noexcept { return std::tanh(x); }
#if ACTFN_SIMD
template <class T, class A>
inline xsimd::batch<T, A> exp(const xsimd::batch<T, A>& x) noexcept { return xsimd::exp(x); }
template <class T, class A>
inline xsimd::batch<T, A> expm1(const xsimd::batch<T, A>& x) noexcept { return xsimd::expm1(x); }
template <class T, class A>
inline xsimd::batch<T, A> erfc(const xsimd::batch<T, A>& x) noexcept { return xsimd::erfc(x); }
template <class T, class A>
inline xsimd::batch<T, A> tanh(const xsimd::batch<T, A>& x) noexcept { return xsimd::tanh(x); }
#endif
} // namespace placeholder
} // namespace detail
} // namespace actfn
