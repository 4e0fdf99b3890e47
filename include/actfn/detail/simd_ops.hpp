#pragma once
// The handful of operations every kernel is written with, spelled the same way
// for a scalar (float, double) and for an xsimd batch of them, so that one
// template serves both and every SIMD lane performs exactly the operations the
// scalar path performs.
//
// The names differ from xsimd's and <cmath>'s (muladd, choose, absolute) so
// that unqualified calls inside actfn never become ambiguous through ADL.
//
// Rule for kernel code: a product that feeds an addition is always written as
// detail::muladd (fused when the target has an FMA).  A plain `a * b + c` may
// be contracted into an FMA by one compiler, instantiation or target and not
// by another (GCC contracts across statements by default, in scalar code and
// in vector code alike), which would break the bit-for-bit agreement between
// the scalar path and the SIMD lanes.  A rounded product may feed an addition
// only if it also has a use that is not an addition (GCC then leaves it
// alone); negation is written negate(), a sign flip, never unary minus.

#include "config.hpp"
#include "scalar_math.hpp"
#include "unrolled.hpp"
#include "xsimd_compat.hpp"

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
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

#if ACTFN_XSIMD_BATCH
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

inline float muladd(float a, float b, float c) noexcept
{
#if ACTFN_HAS_FMA
    return fma_of(a, b, c);
#else
    return a * b + c;
#endif
}

inline double muladd(double a, double b, double c) noexcept
{
#if ACTFN_HAS_FMA
    return fma_of(a, b, c);
#else
    return a * b + c;
#endif
}

// a * b - c, fused like muladd (negating c is exact).
inline float mulsub(float a, float b, float c) noexcept { return muladd(a, b, -c); }
inline double mulsub(double a, double b, double c) noexcept { return muladd(a, b, -c); }

template <class T>
inline T choose(bool m, T a, T b) noexcept
{
    return m ? a : b;
}

inline float absolute(float x) noexcept { return abs_of(x); }
inline double absolute(double x) noexcept { return abs_of(x); }

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

inline float bit_and(float a, float b) noexcept { return from_bits(to_bits(a) & to_bits(b)); }
inline double bit_and(double a, double b) noexcept { return from_bits(to_bits(a) & to_bits(b)); }
inline float bit_or(float a, float b) noexcept { return from_bits(to_bits(a) | to_bits(b)); }
inline double bit_or(double a, double b) noexcept { return from_bits(to_bits(a) | to_bits(b)); }
inline float bit_xor(float a, float b) noexcept { return from_bits(to_bits(a) ^ to_bits(b)); }
inline double bit_xor(double a, double b) noexcept { return from_bits(to_bits(a) ^ to_bits(b)); }


// Logical right shift of the integer lanes (xsimd has no 64-bit arithmetic
// shift on AVX2, and the kernels only shift non-negative values).
template <class I, std::enable_if_t<std::is_integral<I>::value, int> = 0>
inline I shift_right(I v, int k) noexcept
{
    return static_cast<I>(static_cast<std::make_unsigned_t<I>>(v) >> k);
}

template <class I, std::enable_if_t<std::is_integral<I>::value, int> = 0>
inline I shift_left(I v, int k) noexcept
{
    return static_cast<I>(static_cast<std::make_unsigned_t<I>>(v) << k);
}

inline bool any_lane(bool m) noexcept { return m; }

inline float round_down(float x) noexcept { return floor_of(x); }
inline double round_down(double x) noexcept { return floor_of(x); }

// ---- batch versions --------------------------------------------------------

#if ACTFN_XSIMD_BATCH
// Fused exactly when the scalar muladd is (ACTFN_HAS_FMA).  Written with the
// intrinsics because xsimd::fma is not fused on every (version, arch) pair --
// xsimd 8.1 has no AVX-512 fma and falls back to x*y+z -- and because a
// separate multiply and add may or may not be contracted by the compiler.
template <class T, class A>
inline xsimd::batch<T, A> muladd(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b,
                                 const xsimd::batch<T, A>& c) noexcept
{
    constexpr bool is_f = std::is_same<T, float>::value;
    (void)is_f; // unused on targets without an FMA intrinsic
#if XSIMD_WITH_AVX512F
    if constexpr (sizeof(xsimd::batch<T, A>) == 64 && std::is_base_of<xsimd::avx512f, A>::value)
    {
        if constexpr (is_f)
            return _mm512_fmadd_ps(a, b, c);
        else
            return _mm512_fmadd_pd(a, b, c);
    }
    else
#endif
#if defined(__FMA__) && (XSIMD_WITH_AVX || XSIMD_WITH_SSE2)
        if constexpr (sizeof(xsimd::batch<T, A>) == 32 && std::is_base_of<xsimd::avx, A>::value)
    {
        if constexpr (is_f)
            return _mm256_fmadd_ps(a, b, c);
        else
            return _mm256_fmadd_pd(a, b, c);
    }
    else if constexpr (sizeof(xsimd::batch<T, A>) == 16 && std::is_base_of<xsimd::sse2, A>::value)
    {
        if constexpr (is_f)
            return _mm_fmadd_ps(a, b, c);
        else
            return _mm_fmadd_pd(a, b, c);
    }
    else
#endif
        if constexpr (ACTFN_HAS_FMA && (XSIMD_WITH_SSE2 || XSIMD_WITH_AVX))
    {
        // x86 target with a hardware FMA the compiler was not told about for
        // this register width (e.g. -mavx512f without -mfma): fuse per lane.
        constexpr std::size_t W = xsimd::batch<T, A>::size;
        alignas(64) T va[W], vb[W], vc[W];
        a.store_unaligned(va);
        b.store_unaligned(vb);
        c.store_unaligned(vc);
        unrolled<W>([&](auto k) ACTFN_LAMBDA_INLINE { va[k] = fma_of(va[k], vb[k], vc[k]); });
        return xsimd::batch<T, A>::load_unaligned(va);
    }
    else
    {
        return xsimd::fma(a, b, c);
    }
}

template <class T, class A>
inline xsimd::batch<T, A> choose(const xsimd::batch_bool<T, A>& m, const xsimd::batch<T, A>& a,
                                 const xsimd::batch<T, A>& b) noexcept
{
    return xsimd::select(m, a, b);
}

template <class T, class A>
inline xsimd::batch<T, A> absolute(const xsimd::batch<T, A>& x) noexcept
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
inline xsimd::batch<T, A> bit_and(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b) noexcept
{
    return a & b;
}
template <class T, class A>
inline xsimd::batch<T, A> bit_or(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b) noexcept
{
    return a | b;
}
template <class T, class A>
inline xsimd::batch<T, A> bit_xor(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b) noexcept
{
    return a ^ b;
}

// On AVX-512 the masked-zero forms are used: GCC 12 warns (-Wuninitialized,
// a false positive in its avx512fintrin.h) when the plain 64-bit shift
// intrinsics that xsimd uses are inlined.
template <class I, class A>
inline xsimd::batch<I, A> shift_right(const xsimd::batch<I, A>& v, int k) noexcept
{
#if XSIMD_WITH_AVX512F
    if constexpr (sizeof(xsimd::batch<I, A>) == 64 && std::is_base_of<xsimd::avx512f, A>::value)
    {
        if constexpr (sizeof(I) == 8)
            return _mm512_maskz_srli_epi64(__mmask8(0xFF), v, static_cast<unsigned>(k));
        else
            return _mm512_maskz_srli_epi32(__mmask16(0xFFFF), v, static_cast<unsigned>(k));
    }
    else
#endif
    {
        using U = std::make_unsigned_t<I>;
        return bit_cast_batch<I>(bit_cast_batch<U>(v) >> k);
    }
}

template <class I, class A>
inline xsimd::batch<I, A> shift_left(const xsimd::batch<I, A>& v, int k) noexcept
{
#if XSIMD_WITH_AVX512F
    if constexpr (sizeof(xsimd::batch<I, A>) == 64 && std::is_base_of<xsimd::avx512f, A>::value)
    {
        if constexpr (sizeof(I) == 8)
            return _mm512_maskz_slli_epi64(__mmask8(0xFF), v, static_cast<unsigned>(k));
        else
            return _mm512_maskz_slli_epi32(__mmask16(0xFFFF), v, static_cast<unsigned>(k));
    }
    else
#endif
    {
        return v << k;
    }
}

template <class T, class A>
inline bool any_lane(const xsimd::batch_bool<T, A>& m) noexcept
{
    return xsimd::any(m);
}

template <class T, class A>
inline xsimd::batch<T, A> round_down(const xsimd::batch<T, A>& x) noexcept
{
    return xsimd::floor(x);
}
#endif

// ---- NaN -------------------------------------------------------------------
// Every kernel gives a NaN x back quieted: its sign and payload kept, the
// quiet bit set (README, "Special values").  The kernels' fast paths mark NaN
// lanes as slow (not_less below), and whoever evaluates the slow lanes
// (kernel_op.hpp's slow_result, the array loops) puts quieted(x) there, so
// that no NaN result depends on how the arithmetic of a target, a compiler's
// choice of operand order or the path of a lane propagates NaNs.
// Never test for NaN with x != x: xsimd 8.1's AVX-512 != is an ordered
// compare, false for NaN.  Clamps are written choose(v > lim, lim, v), which
// keeps NaN.

inline bool is_nan(float x) noexcept { return isnan_of(x); }
inline bool is_nan(double x) noexcept { return isnan_of(x); }

#if ACTFN_XSIMD_BATCH
template <class T, class A>
inline xsimd::batch_bool<T, A> is_nan(const xsimd::batch<T, A>& x) noexcept
{
    return xsimd::isnan(x);
}
#endif

// x with the quiet-NaN bit set: for a NaN x, the NaN an IEEE operation would
// return for it (signalling NaNs become quiet; sign and payload are kept).
template <class T>
inline T quieted(const T& x) noexcept
{
    using S = scalar_t<T>;
    if constexpr (std::is_same<S, float>::value)
        return bit_or(x, T(from_bits(std::int32_t(0x00400000))));
    else
        return bit_or(x, T(from_bits(std::int64_t(0x0008000000000000))));
}

// The lanes where !(a < b): a >= b, or a or b is NaN.  One compare with the
// unordered-true predicate (NLT_UQ), so that the kernels' tail tests send NaN
// lanes to the slow path at no cost.
inline bool not_less(float a, float b) noexcept { return !(a < b); }
inline bool not_less(double a, double b) noexcept { return !(a < b); }

#if ACTFN_XSIMD_BATCH
template <class T, class A>
inline xsimd::batch_bool<T, A> not_less(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b) noexcept
{
    constexpr bool is_f = std::is_same<T, float>::value;
    (void)is_f;
#if XSIMD_WITH_AVX512F
    if constexpr (sizeof(xsimd::batch<T, A>) == 64 && std::is_base_of<xsimd::avx512f, A>::value)
    {
        if constexpr (is_f)
            return _mm512_cmp_ps_mask(a, b, _CMP_NLT_UQ);
        else
            return _mm512_cmp_pd_mask(a, b, _CMP_NLT_UQ);
    }
    else
#endif
#if XSIMD_WITH_AVX
        if constexpr (sizeof(xsimd::batch<T, A>) == 32 && std::is_base_of<xsimd::avx, A>::value)
    {
        if constexpr (is_f)
            return _mm256_cmp_ps(a, b, _CMP_NLT_UQ);
        else
            return _mm256_cmp_pd(a, b, _CMP_NLT_UQ);
    }
    else
#endif
#if XSIMD_WITH_SSE2
        if constexpr (sizeof(xsimd::batch<T, A>) == 16 && std::is_base_of<xsimd::sse2, A>::value)
    {
        if constexpr (is_f)
            return _mm_cmpnlt_ps(a, b);
        else
            return _mm_cmpnlt_pd(a, b);
    }
    else
#endif
    {
        return !(a < b);
    }
}
#endif

// -x by flipping the sign bit: xsimd's unary minus is 0 - x on some targets,
// which turns +0 into +0 instead of -0.
template <class T>
inline T negate(const T& x) noexcept
{
    return bit_xor(x, T(scalar_t<T>(-0.0)));
}

#if ACTFN_XSIMD_BATCH
template <class T, class A>
inline xsimd::batch<T, A> mulsub(const xsimd::batch<T, A>& a, const xsimd::batch<T, A>& b,
                                 const xsimd::batch<T, A>& c) noexcept
{
#if XSIMD_WITH_AVX512F
    if constexpr (sizeof(xsimd::batch<T, A>) == 64 && std::is_base_of<xsimd::avx512f, A>::value)
    {
        if constexpr (std::is_same<T, float>::value)
            return _mm512_fmsub_ps(a, b, c);
        else
            return _mm512_fmsub_pd(a, b, c);
    }
    else
#endif
#if defined(__FMA__) && (XSIMD_WITH_AVX || XSIMD_WITH_SSE2)
        if constexpr (sizeof(xsimd::batch<T, A>) == 32 && std::is_base_of<xsimd::avx, A>::value)
    {
        if constexpr (std::is_same<T, float>::value)
            return _mm256_fmsub_ps(a, b, c);
        else
            return _mm256_fmsub_pd(a, b, c);
    }
    else if constexpr (sizeof(xsimd::batch<T, A>) == 16 && std::is_base_of<xsimd::sse2, A>::value)
    {
        if constexpr (std::is_same<T, float>::value)
            return _mm_fmsub_ps(a, b, c);
        else
            return _mm_fmsub_pd(a, b, c);
    }
    else
#endif
    {
        return muladd(a, b, negate(c));
    }
}

#endif

// ---- exact products -------------------------------------------------------

// The rounding error of p = a * b (so that a * b == p + result exactly, barring
// underflow): one FMA where the target has one, Dekker's product otherwise.
template <class T>
inline T product_error(const T& a, const T& b, const T& p) noexcept
{
#if ACTFN_HAS_FMA
    // negate (a sign flip) rather than unary minus, which is 0 - p for some
    // xsimd targets: a subtraction would let GCC contract p = a * b elsewhere.
    return muladd(a, b, negate(p));
#else
    using S = scalar_t<T>;
    // Veltkamp split into halves of at most 12 (float) / 26 (double) bits.
    const T split(std::is_same<S, float>::value ? S(4097) : S(134217729));
    const T ta = split * a;
    const T a_hi = ta - (ta - a);
    const T a_lo = a - a_hi;
    const T tb = split * b;
    const T b_hi = tb - (tb - b);
    const T b_lo = b - b_hi;
    return ((a_hi * b_hi - p) + a_hi * b_lo + a_lo * b_hi) + a_lo * b_lo;
#endif
}

// The rounding error of sum = u + v (TwoSum, any order of magnitude).
template <class T>
inline T two_sum_error(const T& u, const T& v, const T& sum) noexcept
{
    const T bv = sum - u;
    return (u - (sum - bv)) + (v - bv);
}


// product_error for operands of any size: the products of a run-time
// parameter with x (QuickGELU's alpha x, ELU's alpha |x|), where either may be
// huge or tiny.  With an FMA it is product_error.  Dekker's split overflows
// from |a| = MAX / 4097 (float, about 2^116) or MAX / 134217729 (double) on
// (on SSE2, quick_gelu(0.0f, 1e35f) was NaN through it), and below 2^-102
// (float) / 2^-995 (double) the low half of an operand is subnormal, which
// FTZ flushes (quick_gelu_grad with alpha = 1e30 moved by an ulp under
// FTZ/DAZ).  So an operand beyond 2^+-100 (2^+-900) is scaled by 2^-+64
// (2^-+512) and the other by the inverse: the exact product, and so its
// error, stay the same.  Where a * b itself overflows, or its error
// underflows, the result is not exact (the callers take limits there).
template <class T>
inline T product_error_any(const T& a, const T& b, const T& p) noexcept
{
#if ACTFN_HAS_FMA
    return product_error(a, b, p);
#else
    using S = scalar_t<T>;
    constexpr bool is_f = std::is_same<S, float>::value;
    const T big(is_f ? S(0x1p100f) : S(0x1p900)), small(is_f ? S(0x1p-100f) : S(0x1p-900));
    const T down(is_f ? S(0x1p-64f) : S(0x1p-512)), up(is_f ? S(0x1p64f) : S(0x1p512)), one(S(1));
    const T ma = absolute(a), mb = absolute(b);
    // a's factor: down where a is huge or b tiny, up where a is tiny or b huge.
    const T fa = choose((ma > big) | (mb < small), down, choose((ma < small) | (mb > big), up, one));
    const T fb = choose(fa < one, up, choose(fa > one, down, one));
    return product_error(a * fa, b * fb, p);
#endif
}

// Selections by the class of x (zero, negative, positive, infinite, NaN):
// ReLU and the derivatives of ReLU and leaky ReLU.  On AVX-512 one vfixupimm
// classifies x and picks each class's value from a table of tokens (a
// nibble per class: 1 = x itself, 8 = +0, 0xA = +1, 0 = the first operand),
// where compares and selects took two ops (ReLU) or four (the derivatives).
// In a harness (n = 4096, L1): relu 0.030 -> 0.024 ns/element,
// relu_backward 0.065 -> 0.045.  They give the bits of the compares and
// selects: checked over all 2^32 floats (signaling NaNs and subnormals
// included) in a harness, and class by class in tests/test_relu.cpp.
#if ACTFN_XSIMD_BATCH && XSIMD_WITH_AVX512F
template <class T, class A>
ACTFN_INLINE xsimd::batch<T, A> select_by_class(const xsimd::batch<T, A>& first, const xsimd::batch<T, A>& x,
                                                std::uint32_t tokens) noexcept
{
    // Unoptimised, GCC's headers define these intrinsics as macros that
    // convert their all-ones mask to a signed type: -Wsign-conversion in a
    // user's -O0 build would point here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wsign-conversion"
#pragma GCC diagnostic ignored "-Wconversion"
#endif
    if constexpr (std::is_same<T, float>::value)
        return _mm512_fixupimm_ps(first, x, _mm512_set1_epi32(static_cast<int>(tokens)), 0);
    else
        return _mm512_fixupimm_pd(first, x, _mm512_set1_epi64(static_cast<long long>(tokens)), 0);
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
}
#endif

// True for 512-bit AVX-512 batches, which have vfixupimm.
template <class T>
struct class_select : std::false_type
{
};
#if ACTFN_XSIMD_BATCH && XSIMD_WITH_AVX512F
template <class S, class A>
struct class_select<xsimd::batch<S, A>>
    : std::integral_constant<bool, sizeof(xsimd::batch<S, A>) == 64 && std::is_base_of<xsimd::avx512f, A>::value>
{
};
#endif

// max(x, +0) with NaN passed through: x for x > 0 and NaN, +0 otherwise.
template <class T>
ACTFN_INLINE T positive_part(const T& x) noexcept
{
    using S = scalar_t<T>;
#if ACTFN_XSIMD_BATCH && XSIMD_WITH_AVX512F
    if constexpr (class_select<T>::value)
        return select_by_class(x, x, 0x18181811u); // NaN, +1, +inf, positive: x; the rest +0
    else
#endif
        return choose(x <= T(S(0)), T(S(0)), x); // x <= 0 is false for NaN
}

// 1 for x > 0, below for x <= 0 and x itself for NaN.
template <class T>
ACTFN_INLINE T unit_step(const T& x, const T& below) noexcept
{
    using S = scalar_t<T>;
#if ACTFN_XSIMD_BATCH && XSIMD_WITH_AVX512F
    if constexpr (class_select<T>::value)
        return select_by_class(below, x, 0xA0A0A011u); // NaN: x; +1, +inf, positive: +1; the rest below
    else
#endif
        return choose(x > T(S(0)), T(S(1)), choose(x <= T(S(0)), below, x));
}

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
