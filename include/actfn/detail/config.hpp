#pragma once

// actfn is C++17 (if constexpr, inline variables, fold expressions).  An older
// standard would otherwise compile with a cascade of extension warnings and
// errors far from here.
#if (defined(_MSVC_LANG) ? _MSVC_LANG : __cplusplus) < 201703L
#error "actfn needs C++17 or later: compile with -std=c++17 (or -std=c++20), or /std:c++17 with MSVC"
#endif
// Build-configuration switches shared by every header.
//
// ACTFN_SIMD is 1 when xsimd offers a SIMD architecture for this target and
// the user did not define ACTFN_DISABLE_SIMD; the array functions then run the
// kernels on xsimd::batch<T> (xsimd's default architecture, chosen at compile
// time from the -m flags) and fall back to the scalar kernels otherwise.
//
// ACTFN_HAS_FMA is 1 when the target has a hardware fused multiply-add
// (FMA3, AVX-512F or ARM's FMA).  detail::muladd is then fused for scalars
// (std::fma) and batches (the FMA intrinsics) alike, and otherwise a*b+c for
// both, so scalar and SIMD results agree bit for bit.  Without an FMA the
// kernels keep their exact products (Dekker) but round more often: their
// results differ from FMA targets and their bounds are 2 ulp (forward) and
// 4 ulp (derivatives) instead of 1 and 2.

// The kernels' error bounds rest on IEEE arithmetic as written: exact
// products and sums (fma(a, b, -a*b), double-float corrections) and the order
// of every addition.  -ffast-math (and -Ofast, -funsafe-math-optimizations,
// -fassociative-math, MSVC's /fp:fast) lets the compiler reorder those sums:
// on a 4.2M-float sample, GCC 12 -ffast-math (AVX-512) left the forward
// kernels' bits unchanged but put the derivatives up to 34409 ulp off near
// their roots.  A translation unit compiled so is rejected unless it defines
// ACTFN_ALLOW_FAST_MATH (its results then carry no bound).  Not detected:
// Clang defines no macro for -fassociative-math or -funsafe-math-optimizations
// without -ffast-math (measured there: elu_backward's subnormal results up to
// 6 ulp off).  -ffinite-math-only is accepted: it changed no result on finite
// inputs, and NaN or infinite inputs are then undefined by the caller's own
// flag (Clang's -ffast-math -fno-associative-math turned elu_backward's NaN
// results into zeros).
#if !defined(ACTFN_ALLOW_FAST_MATH) && (defined(__FAST_MATH__) || defined(__ASSOCIATIVE_MATH__) || defined(_M_FP_FAST))
#error "actfn: this translation unit is compiled with -ffast-math, -Ofast, -funsafe-math-optimizations, -fassociative-math or /fp:fast. These let the compiler reorder the error-compensated arithmetic of actfn's kernels, whose accuracy bounds then no longer hold (measured: derivatives thousands of ulp off near their roots). Compile the files that include actfn without them (e.g. add -fno-fast-math after them), or define ACTFN_ALLOW_FAST_MATH to accept results without any accuracy bound."
#endif

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

// ACTFN_XSIMD_BATCH is 1 when xsimd provides batch types for this target:
// the kernels then accept xsimd::batch arguments (also with ACTFN_DISABLE_SIMD,
// which only makes the array functions use the scalar kernels).
#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
#define ACTFN_XSIMD_BATCH 0
#else
#define ACTFN_XSIMD_BATCH 1
#endif
#if ACTFN_XSIMD_BATCH && !defined(ACTFN_DISABLE_SIMD)
#define ACTFN_SIMD 1
#else
#define ACTFN_SIMD 0
#endif

#if defined(__FMA__) || defined(__AVX512F__) || defined(__ARM_FEATURE_FMA)
#define ACTFN_HAS_FMA 1
#else
#define ACTFN_HAS_FMA 0
#endif

// ---- the target namespace ----------------------------------------------------
// Everything actfn defines lives in the inline namespace
// actfn::ACTFN_TARGET_NAMESPACE, whose name spells the code configuration of
// the translation unit: xsimd's instruction sets, the FMA, and the options
// that change actfn's code (ACTFN_DISABLE_SIMD, the prefetch choice, an
// allowed fast-math mode).  Users write actfn::gelu as before; the linker sees
// actfn::v0_avx512bw_vl_fma::gelu in one translation unit and
// actfn::v0_sse2::gelu in another.  Without it, a program whose translation
// units were compiled for different targets (the usual run-time dispatch:
// one file with -msse2, one with -mavx512f) linked ONE instantiation of each
// function for all of them, and the SSE2 path could run AVX-512 code (SIGILL)
// or the AVX-512 path the SSE2 code.  Highway does the same with
// HWY_NAMESPACE.  "v0": the ABI of the 0.x releases.
#define ACTFN_PP_IF(cond, token) ACTFN_PP_IF_(cond, token)
#define ACTFN_PP_IF_(cond, token) ACTFN_PP_IF_##cond(token)
#define ACTFN_PP_IF_1(token) token
#define ACTFN_PP_IF_0(token)
#define ACTFN_PP_CAT16_(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p) a##b##c##d##e##f##g##h##i##j##k##l##m##n##o##p
#define ACTFN_PP_CAT16(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p)                                           \
    ACTFN_PP_CAT16_(a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p)

// The widest instruction-set chain xsimd builds for.
#if !ACTFN_SIMD
#define ACTFN_NS_ISA scalar
#elif defined(XSIMD_WITH_AVX512BW) && XSIMD_WITH_AVX512BW
#define ACTFN_NS_ISA avx512bw
#elif defined(XSIMD_WITH_AVX512DQ) && XSIMD_WITH_AVX512DQ
#define ACTFN_NS_ISA avx512dq
#elif defined(XSIMD_WITH_AVX512CD) && XSIMD_WITH_AVX512CD
#define ACTFN_NS_ISA avx512cd
#elif defined(XSIMD_WITH_AVX512F) && XSIMD_WITH_AVX512F
#define ACTFN_NS_ISA avx512f
#elif defined(XSIMD_WITH_AVX2) && XSIMD_WITH_AVX2
#define ACTFN_NS_ISA avx2
#elif defined(XSIMD_WITH_AVX) && XSIMD_WITH_AVX
#define ACTFN_NS_ISA avx
#elif defined(XSIMD_WITH_SSE4_2) && XSIMD_WITH_SSE4_2
#define ACTFN_NS_ISA sse42
#elif defined(XSIMD_WITH_SSE4_1) && XSIMD_WITH_SSE4_1
#define ACTFN_NS_ISA sse41
#elif defined(XSIMD_WITH_SSSE3) && XSIMD_WITH_SSSE3
#define ACTFN_NS_ISA ssse3
#elif defined(XSIMD_WITH_SSE3) && XSIMD_WITH_SSE3
#define ACTFN_NS_ISA sse3
#elif defined(XSIMD_WITH_SSE2) && XSIMD_WITH_SSE2
#define ACTFN_NS_ISA sse2
#elif defined(XSIMD_WITH_SVE) && XSIMD_WITH_SVE
#define ACTFN_NS_ISA sve
#elif defined(XSIMD_WITH_NEON64) && XSIMD_WITH_NEON64
#define ACTFN_NS_ISA neon64
#elif defined(XSIMD_WITH_NEON) && XSIMD_WITH_NEON
#define ACTFN_NS_ISA neon
#elif defined(XSIMD_WITH_RVV) && XSIMD_WITH_RVV
#define ACTFN_NS_ISA rvv
#elif defined(XSIMD_WITH_VSX) && XSIMD_WITH_VSX
#define ACTFN_NS_ISA vsx
#elif defined(XSIMD_WITH_WASM) && XSIMD_WITH_WASM
#define ACTFN_NS_ISA wasm
#else
#define ACTFN_NS_ISA simd
#endif

// The instruction sets beside that chain that change xsimd's choice of
// architecture or its code (each 0 or 1), and actfn's own switches.
#if defined(XSIMD_WITH_AVX512VL) && XSIMD_WITH_AVX512VL && ACTFN_SIMD
#define ACTFN_NS_VL 1
#else
#define ACTFN_NS_VL 0
#endif
#if defined(XSIMD_WITH_AVX512IFMA) && XSIMD_WITH_AVX512IFMA && ACTFN_SIMD
#define ACTFN_NS_IFMA 1
#else
#define ACTFN_NS_IFMA 0
#endif
#if defined(XSIMD_WITH_AVX512VBMI) && XSIMD_WITH_AVX512VBMI && ACTFN_SIMD
#define ACTFN_NS_VBMI 1
#else
#define ACTFN_NS_VBMI 0
#endif
#if defined(XSIMD_WITH_AVX512VBMI2) && XSIMD_WITH_AVX512VBMI2 && ACTFN_SIMD
#define ACTFN_NS_VBMI2 1
#else
#define ACTFN_NS_VBMI2 0
#endif
#if ((defined(XSIMD_WITH_AVX512VNNI_AVX512BW) && XSIMD_WITH_AVX512VNNI_AVX512BW) ||                            \
     (defined(XSIMD_WITH_AVXVNNI) && XSIMD_WITH_AVXVNNI)) &&                                                     \
    ACTFN_SIMD
#define ACTFN_NS_VNNI 1
#else
#define ACTFN_NS_VNNI 0
#endif
#if defined(XSIMD_WITH_FMA4) && XSIMD_WITH_FMA4 && ACTFN_SIMD
#define ACTFN_NS_FMA4 1
#else
#define ACTFN_NS_FMA4 0
#endif
#if defined(XSIMD_WITH_I8MM_NEON64) && XSIMD_WITH_I8MM_NEON64 && ACTFN_SIMD
#define ACTFN_NS_I8MM 1
#else
#define ACTFN_NS_I8MM 0
#endif
#if defined(__F16C__)
#define ACTFN_NS_F16C 1
#else
#define ACTFN_NS_F16C 0
#endif
#if defined(__AVX512BF16__)
#define ACTFN_NS_BF16 1
#else
#define ACTFN_NS_BF16 0
#endif
#if defined(__AVX512FP16__)
#define ACTFN_NS_FP16 1
#else
#define ACTFN_NS_FP16 0
#endif
#if defined(__FAST_MATH__) || defined(__ASSOCIATIVE_MATH__) || defined(_M_FP_FAST)
#define ACTFN_NS_FASTMATH 1
#else
#define ACTFN_NS_FASTMATH 0
#endif

// The array functions' rare paths (collecting and evaluating the lanes that
// need a kernel's slow path) stay out of line, so that the hot loop keeps its
// coefficient tables in registers.
#if defined(__GNUC__) || defined(__clang__)
#define ACTFN_NOINLINE __attribute__((noinline))
#elif defined(_MSC_VER)
#define ACTFN_NOINLINE __declspec(noinline)
#else
#define ACTFN_NOINLINE
#endif

// The fast paths' building blocks (table location, lookups, polynomials and
// each operation's fast()) are forced inline.  Left to GCC 12's unit growth
// limits, a translation unit that instantiates many of the array functions
// (the bench: 14 kernels, float and double) got an out-of-line call to
// derivative_table in each derivative's one-block path: gelu_backward at
// n = 64 took 24-28 ns there and 18 ns in a unit with two array functions.
#if defined(__GNUC__) || defined(__clang__)
#define ACTFN_INLINE inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define ACTFN_INLINE __forceinline
#else
#define ACTFN_INLINE inline
#endif

// The same for a lambda, written after its parameter list: the lambdas that
// unrolled() (unrolled.hpp) expands stand for loop bodies and must disappear
// into their caller, even at -O0 and under -fno-inline.
#if defined(__GNUC__) || defined(__clang__)
#define ACTFN_LAMBDA_INLINE __attribute__((always_inline))
#elif defined(_MSC_VER)
#define ACTFN_LAMBDA_INLINE [[msvc::forceinline]]
#else
#define ACTFN_LAMBDA_INLINE
#endif

// Whether the array loops on large arrays prefetch their streams in software
// (array.hpp).  On by default; off when the code is tuned for AMD Zen
// (-march=native or -mtune=native on a Zen core, -march=znverN), whose
// hardware prefetchers do better alone: on a Zen 4 (EPYC, AVX-512 build,
// n = 2^24 floats, 5% tails, median of 4 interleaved runs, ns/element) relu
// 0.425 -> 0.342, gelu 0.617 -> 0.510, gelu_backward 1.00 -> 0.72 without
// the hints, and no prefetch distance from 1 to 16 KiB helped.  On the Intel
// Xeon the hints were written for, gelu took 0.77-0.85 without them and
// 0.51-0.65 with them.  Define ACTFN_ARRAY_PREFETCH to 0 or 1 to choose.
#ifndef ACTFN_ARRAY_PREFETCH
#if defined(__tune_znver1__) || defined(__tune_znver2__) || defined(__tune_znver3__) ||                    \
    defined(__tune_znver4__) || defined(__tune_znver5__) || defined(__znver1__) || defined(__znver2__) ||   \
    defined(__znver3__) || defined(__znver4__) || defined(__znver5__)
#define ACTFN_ARRAY_PREFETCH 0
#else
#define ACTFN_ARRAY_PREFETCH 1
#endif
#endif

#if ACTFN_ARRAY_PREFETCH
#define ACTFN_NS_NOPF 0
#else
#define ACTFN_NS_NOPF 1
#endif

// actfn's inline namespace for this translation unit (see "the target
// namespace" above), e.g. v0_sse2, v0_avx2_fma, v0_avx512bw_vl_fma, or with
// -march=native on a Zen 4 and xsimd 14, v0_avx512bw_vl_ifma_vbmi_vbmi2_vnni_f16c_bf16_fma_nopf.
// Define it yourself only to give a configuration a shorter name of your own.
#ifndef ACTFN_TARGET_NAMESPACE
#define ACTFN_TARGET_NAMESPACE                                                                                       \
    ACTFN_PP_CAT16(v0_, ACTFN_NS_ISA, ACTFN_PP_IF(ACTFN_NS_VL, _vl), ACTFN_PP_IF(ACTFN_NS_IFMA, _ifma),              \
                   ACTFN_PP_IF(ACTFN_NS_VBMI, _vbmi), ACTFN_PP_IF(ACTFN_NS_VBMI2, _vbmi2),                          \
                   ACTFN_PP_IF(ACTFN_NS_VNNI, _vnni), ACTFN_PP_IF(ACTFN_NS_FMA4, _fma4),                            \
                   ACTFN_PP_IF(ACTFN_NS_I8MM, _i8mm), ACTFN_PP_IF(ACTFN_NS_F16C, _f16c),                            \
                   ACTFN_PP_IF(ACTFN_NS_BF16, _bf16), ACTFN_PP_IF(ACTFN_NS_FP16, _fp16),                            \
                   ACTFN_PP_IF(ACTFN_HAS_FMA, _fma), ACTFN_PP_IF(ACTFN_NS_NOPF, _nopf),                             \
                   ACTFN_PP_IF(ACTFN_NS_FASTMATH, _fastmath), )
#endif

// A hint that the cache line at p will be written (read when for_write is
// false) soon: prefetchw where the target has it, else a plain prefetch.
#if defined(__GNUC__) || defined(__clang__)
#define ACTFN_PREFETCH(p, for_write) __builtin_prefetch((p), (for_write) ? 1 : 0, 3)
#elif defined(_MSC_VER) && (defined(_M_X64) || defined(_M_IX86))
#include <xmmintrin.h>
#define ACTFN_PREFETCH(p, for_write) _mm_prefetch(reinterpret_cast<const char*>(p), _MM_HINT_T0)
#else
#define ACTFN_PREFETCH(p, for_write) ((void)(p))
#endif

// Preconditions of the array functions are checked with assert (debug builds).
#ifndef ACTFN_ASSERT
#define ACTFN_ASSERT(cond, msg) assert((cond) && msg)
#endif
