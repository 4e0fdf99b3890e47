#pragma once
// Build-configuration switches shared by every header.
//
// ACTFN_SIMD is 1 when xsimd offers a SIMD architecture for this target and
// the user did not define ACTFN_DISABLE_SIMD; the array functions then run the
// kernels on xsimd::batch<T> (xsimd's default architecture, chosen at compile
// time from the -m flags) and fall back to the scalar kernels otherwise.
//
// ACTFN_HAS_FMA is 1 when the target has a hardware fused multiply-add that
// xsimd's default architecture uses for xsimd::fma.  The scalar kernels then
// use std::fma (one rounding) and otherwise a*b+c (two roundings), exactly what
// xsimd does per lane, so scalar and SIMD results agree bit for bit.

#include <xsimd/xsimd.hpp>

#include <cassert>

#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE) || defined(ACTFN_DISABLE_SIMD)
#define ACTFN_SIMD 0
#else
#define ACTFN_SIMD 1
#endif

#if defined(__FMA__) || defined(__AVX512F__) || defined(__ARM_FEATURE_FMA)
#define ACTFN_HAS_FMA 1
#else
#define ACTFN_HAS_FMA 0
#endif

// Preconditions of the array functions are checked with assert (debug builds).
#ifndef ACTFN_ASSERT
#define ACTFN_ASSERT(cond, msg) assert((cond) && msg)
#endif
