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

// GCC 12's AVX-512 intrinsic headers trigger false -Wuninitialized warnings
// (GCC bug 105593, fixed in 13) wherever xsimd's AVX-512 code is inlined.
// Including them under a suppression keeps users' -Werror builds working;
// it has no effect if <immintrin.h> was already included.
#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ < 13
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <xsimd/xsimd.hpp>
#pragma GCC diagnostic pop
#else
#include <xsimd/xsimd.hpp>
#endif

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
