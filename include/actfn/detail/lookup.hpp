#pragma once
// Table lookup by a per-lane index: the piecewise-polynomial kernels fetch
// each coefficient of a lane's interval with one of these.
//
//   lookup32(table, idx): table of 32 floats, idx = the low 5 bits of each int32 lane.
//   lookup16(table, idx): table of 16 doubles, idx = the low 4 bits of each int64 lane.
//
// AVX-512 holds a whole table in two registers and selects with one
// vpermi2ps/vpermi2pd; AVX2 permutes each 8-float quarter of the table and
// blends; other targets read the table lane by lane.  All return exactly
// table[idx], so results do not depend on the target.

#include "simd_ops.hpp"
#include "unrolled.hpp"

#include <cstdint>
#include <type_traits>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

inline float lookup32(const float (&table)[32], std::int32_t idx) noexcept
{
    return table[idx & 31];
}

inline double lookup16(const double (&table)[16], std::int64_t idx) noexcept
{
    return table[idx & 15];
}

#if ACTFN_XSIMD_BATCH

// Any architecture: spill the indices, read the table per lane, reload.
template <class T, std::size_t N, class I, class A>
ACTFN_INLINE xsimd::batch<T, A> lookup_generic(const T (&table)[N], const xsimd::batch<I, A>& idx) noexcept
{
    constexpr std::size_t W = xsimd::batch<T, A>::size;
    alignas(64) I ix[W];
    alignas(64) T out[W];
    idx.store_unaligned(ix);
    unrolled<W>([&](auto k) ACTFN_LAMBDA_INLINE { out[k] = table[static_cast<std::size_t>(ix[k]) & (N - 1)]; });
    return xsimd::batch<T, A>::load_unaligned(out);
}

#if XSIMD_WITH_AVX2
// The 8-float quarter k of a 32-float table permuted by perm: the lookups
// below then blend the quarter each lane's index names.  Four vpermps and
// three blends per value: an AVX2 gather, one per value, was 20% faster than
// this on an Intel Xeon but is 2.6 times slower on Zen 4 (9 cycles per 8
// floats): gelu's table path with gathers took 2.5 ns/element there, with
// these 0.96.
ACTFN_INLINE __m256 avx2_permuted_quarter(const float* table, int k, __m256i perm) noexcept
{
    return _mm256_permutevar8x32_ps(_mm256_loadu_ps(table + 8 * k), perm);
}
#endif

template <class A>
ACTFN_INLINE xsimd::batch<float, A> lookup32(const float (&table)[32],
                                             const xsimd::batch<std::int32_t, A>& idx) noexcept
{
#if XSIMD_WITH_AVX512F
    if constexpr (std::is_base_of<xsimd::avx512f, A>::value)
    {
        return _mm512_permutex2var_ps(_mm512_loadu_ps(table), idx, _mm512_loadu_ps(table + 16));
    }
    else
#endif
#if XSIMD_WITH_AVX2
        if constexpr (std::is_base_of<xsimd::avx2, A>::value && sizeof(xsimd::batch<float, A>) == 32)
    {
        // Bits 3 and 4 of the index, as sign bits, pick the quarter.
        const __m256 q0 = avx2_permuted_quarter(table, 0, idx), q1 = avx2_permuted_quarter(table, 1, idx);
        const __m256 q2 = avx2_permuted_quarter(table, 2, idx), q3 = avx2_permuted_quarter(table, 3, idx);
        const __m256 b3 = _mm256_castsi256_ps(_mm256_slli_epi32(idx, 28));
        const __m256 b4 = _mm256_castsi256_ps(_mm256_slli_epi32(idx, 27));
        return _mm256_blendv_ps(_mm256_blendv_ps(q0, q1, b3), _mm256_blendv_ps(q2, q3, b3), b4);
    }
    else
#endif
    {
        return lookup_generic(table, idx);
    }
}

template <class A>
ACTFN_INLINE xsimd::batch<double, A> lookup16(const double (&table)[16],
                                              const xsimd::batch<std::int64_t, A>& idx) noexcept
{
#if XSIMD_WITH_AVX512F
    if constexpr (std::is_base_of<xsimd::avx512f, A>::value)
    {
        return _mm512_permutex2var_pd(_mm512_loadu_pd(table), idx, _mm512_loadu_pd(table + 8));
    }
    else
#endif
#if XSIMD_WITH_AVX2
        if constexpr (std::is_base_of<xsimd::avx2, A>::value && sizeof(xsimd::batch<double, A>) == 32)
    {
        // A lane's double is floats 2j and 2j + 1 of its quarter, j = idx & 3;
        // bits 2 and 3 of the index, as sign bits, pick the quarter.
        const __m256i twice = _mm256_slli_epi64(_mm256_and_si256(idx, _mm256_set1_epi64x(3)), 1);
        const __m256i pair =
            _mm256_or_si256(twice, _mm256_slli_epi64(_mm256_add_epi64(twice, _mm256_set1_epi64x(1)), 32));
        const float* t = reinterpret_cast<const float*>(table); // 32 floats
        const __m256d q0 = _mm256_castps_pd(avx2_permuted_quarter(t, 0, pair));
        const __m256d q1 = _mm256_castps_pd(avx2_permuted_quarter(t, 1, pair));
        const __m256d q2 = _mm256_castps_pd(avx2_permuted_quarter(t, 2, pair));
        const __m256d q3 = _mm256_castps_pd(avx2_permuted_quarter(t, 3, pair));
        const __m256d b2 = _mm256_castsi256_pd(_mm256_slli_epi64(idx, 61));
        const __m256d b3 = _mm256_castsi256_pd(_mm256_slli_epi64(idx, 60));
        return _mm256_blendv_pd(_mm256_blendv_pd(q0, q1, b2), _mm256_blendv_pd(q2, q3, b2), b3);
    }
    else
#endif
    {
        return lookup_generic(table, idx);
    }
}

#endif // ACTFN_XSIMD_BATCH

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
