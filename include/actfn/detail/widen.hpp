#pragma once
// Converting a float batch to two double batches (lanes [0, W/2) and [W/2, W))
// and back, for the float kernels' rare tails, which are evaluated in double.
// The conversions are exact (widen) and correctly rounded (narrow), as the
// scalar casts are, so a float tail computed this way has the scalar bits.

#include "kernel_op.hpp"
#include "simd_ops.hpp"
#include "unrolled.hpp"

#include <type_traits>
#include <utility>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

#if ACTFN_XSIMD_BATCH
template <class A>
struct widened
{
    xsimd::batch<double, A> lo, hi;
};

template <class A>
inline widened<A> widen(const xsimd::batch<float, A>& x) noexcept
{
#if XSIMD_WITH_AVX512F
    if constexpr (std::is_base_of<xsimd::avx512f, A>::value)
    {
        const __m512 v = x;
        return { _mm512_cvtps_pd(_mm512_castps512_ps256(v)),
                 _mm512_cvtps_pd(_mm256_castpd_ps(_mm512_maskz_extractf64x4_pd(__mmask8(0xFF), _mm512_castps_pd(v), 1))) };
    }
    else
#endif
#if XSIMD_WITH_AVX
        if constexpr (sizeof(xsimd::batch<float, A>) == 32)
    {
        const __m256 v = x;
        return { _mm256_cvtps_pd(_mm256_castps256_ps128(v)), _mm256_cvtps_pd(_mm256_extractf128_ps(v, 1)) };
    }
    else
#endif
#if XSIMD_WITH_SSE2
        if constexpr (sizeof(xsimd::batch<float, A>) == 16 && std::is_base_of<xsimd::sse2, A>::value)
    {
        const __m128 v = x;
        return { _mm_cvtps_pd(v), _mm_cvtps_pd(_mm_movehl_ps(v, v)) };
    }
    else
#endif
    {
        constexpr std::size_t W = xsimd::batch<float, A>::size;
        alignas(64) float f[W];
        alignas(64) double d[W];
        x.store_unaligned(f);
        unrolled<W>([&](auto k) ACTFN_LAMBDA_INLINE { d[k] = f[k]; });
        return { xsimd::batch<double, A>::load_unaligned(d), xsimd::batch<double, A>::load_unaligned(d + W / 2) };
    }
}

template <class A>
inline xsimd::batch<float, A> narrow(const xsimd::batch<double, A>& lo, const xsimd::batch<double, A>& hi) noexcept
{
#if XSIMD_WITH_AVX512F
    if constexpr (std::is_base_of<xsimd::avx512f, A>::value)
    {
        const __m256 l = _mm512_cvtpd_ps(lo);
        const __m256 h = _mm512_cvtpd_ps(hi);
        return _mm512_castpd_ps(_mm512_insertf64x4(_mm512_castpd256_pd512(_mm256_castps_pd(l)), _mm256_castps_pd(h), 1));
    }
    else
#endif
#if XSIMD_WITH_AVX
        if constexpr (sizeof(xsimd::batch<float, A>) == 32)
    {
        return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm256_cvtpd_ps(lo)), _mm256_cvtpd_ps(hi), 1);
    }
    else
#endif
#if XSIMD_WITH_SSE2
        if constexpr (sizeof(xsimd::batch<float, A>) == 16 && std::is_base_of<xsimd::sse2, A>::value)
    {
        return _mm_movelh_ps(_mm_cvtpd_ps(lo), _mm_cvtpd_ps(hi));
    }
    else
#endif
    {
        constexpr std::size_t W = xsimd::batch<float, A>::size;
        alignas(64) float f[W];
        alignas(64) double d[W];
        lo.store_unaligned(d);
        hi.store_unaligned(d + W / 2);
        unrolled<W>([&](auto k) ACTFN_LAMBDA_INLINE { f[k] = static_cast<float>(d[k]); });
        return xsimd::batch<float, A>::load_unaligned(f);
    }
}

// f evaluated on the widened arguments' lower and upper halves (on the lower
// half only for low_half; the upper lanes then repeat them), rounded back to
// float.
template <tail_lanes L, class F, class... Wide>
inline auto narrow_results(F f, const Wide&... w) noexcept
{
    if constexpr (L == tail_lanes::low_half)
    {
        const auto r = f(w.lo...);
        return narrow(r, r);
    }
    else
        return narrow(f(w.lo...), f(w.hi...));
}

// f evaluated in double on every lane of x (or the lower half), rounded back
// to float.
template <tail_lanes L, class A, class F>
inline xsimd::batch<float, A> via_double(const xsimd::batch<float, A>& x, F f) noexcept
{
    return narrow_results<L>(f, widen(x));
}
#endif

template <tail_lanes L, class F>
inline float via_double(float x, F f) noexcept
{
    return static_cast<float>(f(static_cast<double>(x)));
}

#if ACTFN_XSIMD_BATCH
// f(x, y) evaluated in double on every lane (or the lower half), rounded
// back to float.
template <tail_lanes L, class A, class F>
inline xsimd::batch<float, A> via_double(const xsimd::batch<float, A>& x, const xsimd::batch<float, A>& y, F f) noexcept
{
    return narrow_results<L>(f, widen(x), widen(y));
}
#endif

template <tail_lanes L, class F>
inline float via_double(float x, float y, F f) noexcept
{
    return static_cast<float>(f(static_cast<double>(x), static_cast<double>(y)));
}

// A kernel's tail, evaluated in double: for float kernels float_grade (2^-30
// or so is enough) on the lanes widened to double, rounded once to float; for
// double kernels precise, directly.  L: as for via_double (float only).
template <tail_lanes L = tail_lanes::all, class T, class FloatGrade, class Precise>
inline T tail_in_double(const T& x, FloatGrade float_grade, Precise precise) noexcept
{
    if constexpr (std::is_same<scalar_t<T>, float>::value)
        return via_double<L>(x, float_grade);
    else
        return precise(x);
}

template <tail_lanes L = tail_lanes::all, class T, class FloatGrade, class Precise>
inline T tail_in_double(const T& x, const T& y, FloatGrade float_grade, Precise precise) noexcept
{
    if constexpr (std::is_same<scalar_t<T>, float>::value)
        return via_double<L>(x, y, float_grade);
    else
        return precise(x, y);
}

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
