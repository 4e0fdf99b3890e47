#pragma once
// The few xsimd calls whose spelling changed between the releases actfn
// supports (Debian's 8.1 up to 14.x).  Everything else in actfn uses only the
// API common to all of them: B::load_unaligned / store_unaligned, select,
// fma, comparisons with the batch on the left, and the bitwise operators.

#include "config.hpp"

#if ACTFN_XSIMD_BATCH
namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

// Reinterpret the bits of a batch as a batch of another element type.
// xsimd 8.x spells the target as a batch type, 11 and later as the scalar type.
template <class To, class From, class A>
inline xsimd::batch<To, A> bit_cast_batch(const xsimd::batch<From, A>& x) noexcept
{
#if XSIMD_VERSION_MAJOR < 11
    return xsimd::bitwise_cast<xsimd::batch<To, A>>(x);
#else
    return xsimd::bitwise_cast<To>(x);
#endif
}

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
#endif
