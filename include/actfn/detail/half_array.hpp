#pragma once
// The array forms on 16-bit data (actfn::bfloat16, actfn::float16): every
// result is the exact value rounded once to the 16-bit format, the same bits
// on every target.
//
// How.  A block of inputs is widened to float (exactly), the float array
// form runs on it (array.hpp), and each float result r is rounded to 16 bits.
// r lies within a few float ulps of the exact value v: <= 1 (forward) and
// <= 2 (derivative) with an FMA, <= 2 and <= 4 without, and one rounding more
// for dy times the derivative.  Rounding is monotonic, so when the floats k
// steps (of the bit pattern) below and above r round to the same 16-bit
// number, v rounds to it as well and so does r: that number is the correctly
// rounded result, whatever the target's own float error.  k = 8 (forward) and
// 16 (backward) is at least twice those bounds, also where the ulp halves
// across a power of two.  Otherwise (v may lie within k float ulps of a
// point halfway between two 16-bit numbers: about 2k of 2^16 bfloat16 results
// and 2k of 2^13 float16 results fall there) the lane is evaluated again by
// the double kernel, whose result lies within a few double ulps of v, and
// that is rounded to 16 bits directly (via a float rounded to odd, which has
// enough bits to make the second rounding exact).  The exhaustive test
// (tests/test_half.cpp) compares every one of the 65536 inputs of each type
// and each forward kernel with MPFR, and checks that no double result is
// itself within 16 double ulps of a midpoint (none is, for the default
// parameters; for other parameters such an input would be rounded from the
// double result, within 2^-40 relative of the exact value).
//
// Conversions on the hot path: on AVX2 targets (AVX-512 ones too, in 256-bit
// registers) bfloat16 is widened and rounded with integer lanes, float16 with
// F16C's vcvtph2ps / vcvtps2ph, which round to nearest even exactly as
// half_bits::float16_of (without F16C, and on other targets and the scalar
// build, half_bits' integer code runs element by element).  They are a small
// part of the time (the float kernel is the rest), and the 256-bit code is
// the one tested on the development machine.

#include "../half.hpp"
#include "array.hpp"
#include "config.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <type_traits>

#if ACTFN_SIMD && defined(__AVX2__)
#include <immintrin.h>
#endif

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

template <class H>
struct half_format;

template <>
struct half_format<bfloat16>
{
    static std::uint16_t round(std::uint32_t float_bits) noexcept { return half_bits::bfloat16_of(float_bits); }
    static std::uint32_t widen(std::uint16_t h) noexcept { return half_bits::float_of_bfloat16(h); }
};

template <>
struct half_format<float16>
{
    static std::uint16_t round(std::uint32_t float_bits) noexcept { return half_bits::float16_of(float_bits); }
    static std::uint32_t widen(std::uint16_t h) noexcept { return half_bits::float_of_float16(h); }
};

template <class H>
struct is_half_type : std::integral_constant<bool, std::is_same<H, bfloat16>::value || std::is_same<H, float16>::value>
{
};

// The actfn type of the same layout as a compiler's own 16-bit type, for
// the array forms' overloads on those (none where the compiler has none:
// g++ 12 has _Float16 on x86-64, clang 14 neither; __bf16 and the C++23
// std::bfloat16_t arrive with g++ 13).
template <class T>
struct half_storage
{
};
#if defined(__FLT16_MANT_DIG__) &&                                                                            \
    (defined(__clang__) || !defined(__GNUC__) || __GNUC__ >= 13 || defined(__x86_64__) || defined(__i386__))
// (g++ 12 defines __FLT16_MANT_DIG__ on AArch64 too, but has _Float16 in C only there.)
#define ACTFN_HAS_FLOAT16_TYPE 1
#else
#define ACTFN_HAS_FLOAT16_TYPE 0
#endif
#if ACTFN_HAS_FLOAT16_TYPE
template <>
struct half_storage<_Float16>
{
    using type = float16;
};
#endif
#if defined(__BFLT16_MANT_DIG__)
template <>
struct half_storage<__bf16>
{
    using type = bfloat16;
};
#endif
template <class T>
using half_storage_t = typename half_storage<T>::type;

// The 16-bit word at p[i], read as raw memory (the element type of the
// caller's buffer may be any 16-bit type of the same layout).
inline std::uint16_t half_word(const void* p, std::size_t i) noexcept
{
    std::uint16_t h;
    std::memcpy(&h, static_cast<const unsigned char*>(p) + 2 * i, sizeof h);
    return h;
}

inline void set_half_word(void* p, std::size_t i, std::uint16_t h) noexcept
{
    std::memcpy(static_cast<unsigned char*>(p) + 2 * i, &h, sizeof h);
}

// Float steps between a kernel's float result and the bounds of the exact
// value's position (see above), forward and backward.
constexpr std::uint32_t forward_float_steps = 8;
constexpr std::uint32_t backward_float_steps = 16;
// The same for the double kernels' results (<= 2 and <= 4 ulp without an
// FMA, one rounding more for dy times the derivative).
constexpr std::uint64_t double_steps = 16;

// The 16-bit result for a float result with bits u, and whether it is
// decided: the floats `steps` below and above |r| round alike (a NaN is
// always decided).
template <class H>
inline std::uint16_t round_checked(std::uint32_t u, std::uint32_t steps, bool& decided) noexcept
{
    const std::uint32_t a = u & 0x7FFFFFFFu;
    if (a > 0x7F800000u)
    {
        decided = true;
        return half_format<H>::round(u);
    }
    const std::uint32_t lo = a > steps ? a - steps : 0u;
    const std::uint32_t hi = a + steps < 0x7F800000u ? a + steps : 0x7F800000u;
    const std::uint16_t rlo = half_format<H>::round(lo);
    decided = rlo == half_format<H>::round(hi);
    return static_cast<std::uint16_t>(((u >> 16) & 0x8000u) | half_format<H>::round(a));
}

// The float nearest to d in magnitude from below, with its last bit set when
// that is not d itself (rounding to odd): a 24-bit number from which the
// 8- and 11-bit formats round exactly as from d.  Also below float's normal
// range, where bfloat16's subnormals keep 16 bits fewer than float's.
inline std::uint32_t float_bits_rounded_to_odd(double d) noexcept
{
    const float f = static_cast<float>(d);
    std::uint32_t u = half_bits::of_float(f);
    if (!(static_cast<double>(f) < d) && !(static_cast<double>(f) > d)) // f == d (no -Wfloat-equal)
        return u;
    const double af = static_cast<double>(f) < 0 ? -static_cast<double>(f) : static_cast<double>(f);
    const double ad = d < 0 ? -d : d;
    if (af > ad)
        u -= 1; // one step toward zero (from +-inf: to +-FLT_MAX)
    return u | 1u;
}

// The 16-bit result for a double result d and whether it is decided (the
// doubles `double_steps` below and above |d| round alike).
template <class H>
inline std::uint16_t round_checked_double(double d, bool& decided) noexcept
{
    std::uint64_t u;
    std::memcpy(&u, &d, sizeof u);
    const std::uint64_t a = u & 0x7FFFFFFFFFFFFFFFull;
    const std::uint64_t inf = 0x7FF0000000000000ull;
    const std::uint16_t sign = static_cast<std::uint16_t>((u >> 48) & 0x8000u);
    auto round_magnitude = [](std::uint64_t bits) noexcept {
        double m;
        std::memcpy(&m, &bits, sizeof m);
        return half_format<H>::round(float_bits_rounded_to_odd(m));
    };
    if (a > inf)
    {
        decided = true;
        return half_format<H>::round(half_bits::of_float(static_cast<float>(d)));
    }
    const std::uint64_t lo = a > double_steps ? a - double_steps : 0u;
    const std::uint64_t hi = a + double_steps < inf ? a + double_steps : inf;
    decided = round_magnitude(lo) == round_magnitude(hi);
    return static_cast<std::uint16_t>(sign | round_magnitude(a));
}

// A value as hi + lo, |lo| far below an ulp of hi: what the double
// fallback of a form returns where one double cannot decide the rounding
// (near_zero_* below); lo = 0 otherwise.
struct two_doubles
{
    double hi;
    double lo;
};

inline two_doubles as_two_doubles(double v) noexcept { return {v, 0.0}; }
inline two_doubles as_two_doubles(two_doubles v) noexcept { return v; }

// f(x) = x/2 + c x^2 + O(x^4) for |x| < 2^-40 (gelu, gelu_tanh: c =
// 1/sqrt(2 pi); silu: 1/4; quick_gelu: alpha/4), else f(x) from the double
// kernel.  At a bfloat16 x below 2^-125 with an odd last bit, x/2 is a
// midpoint of the format, and c x^2 (2^-250 and less) decides the rounding:
// the kernels return x/2 itself in float and in double.
template <class F>
inline two_doubles near_zero_half_x(double x, double c, const F& f) noexcept
{
    if (x > -0x1p-40 && x < 0x1p-40 && std::isfinite(c)) // (not for an infinite alpha)
        return {0.5 * x, c * x * x};
    return {f(x), 0.0};
}

// f'(x) = 1/2 + c x + O(x^2..3) for |x| < 2^-40, the derivatives of the
// same (c = 2/sqrt(2 pi), 1/2, alpha/2): dy/2 is a midpoint for an odd dy
// near float's smallest normal, and dy c x decides.
template <class F>
inline two_doubles near_zero_half(double x, double c, const F& f) noexcept
{
    if (x > -0x1p-40 && x < 0x1p-40 && std::isfinite(c))
        return {0.5, c * x};
    return {f(x), 0.0};
}

// The 16-bit pattern next to h in value, upward or downward (from +-0: the
// smallest subnormal of that direction's sign).
inline std::uint16_t next_in_value(std::uint16_t h, bool up) noexcept
{
    if ((h & 0x7FFFu) == 0)
        return up ? std::uint16_t(0x0001u) : std::uint16_t(0x8001u);
    const bool negative = (h & 0x8000u) != 0;
    return static_cast<std::uint16_t>(up != negative ? h + 1 : h - 1);
}

// hi + lo correctly rounded to H, for a hi + lo accurate to far more bits
// than the format (near_zero_*); for lo = 0, hi rounded (round_checked_double
// tells whether that is decided; tests/test_half.cpp checks every input).
template <class H>
inline std::uint16_t round_two_doubles(double hi, double lo) noexcept
{
    bool decided;
    const std::uint16_t c = round_checked_double<H>(hi, decided);
    if (decided || !(lo < 0.0 || lo > 0.0)) // lo == 0
        return c;
    // hi lies between c and the midpoint next to it: compare hi + lo with
    // that midpoint (hi - mid is exact: the two are close).
    const double v = static_cast<double>(half_bits::to_float(half_format<H>::widen(c)));
    if (!std::isfinite(v)) // NaN or infinite: nothing to decide
        return c;
    const bool up = hi > v;
    const std::uint16_t other = next_in_value(c, up);
    double w = static_cast<double>(half_bits::to_float(half_format<H>::widen(other)));
    if (!std::isfinite(w)) // other is +-inf: the midpoint lies half the last gap beyond v
        w = v + (v - static_cast<double>(half_bits::to_float(half_format<H>::widen(next_in_value(c, !up)))));
    const double mid = 0.5 * (v + w);
    const double s = (hi - mid) + lo;
    if (!(s < 0.0 || s > 0.0)) // s == 0: a tie, to the even pattern
        return (c & 1u) == 0 ? c : other;
    return (s > 0.0) == (w > v) ? other : c;
}

// out[i] = the float of the 16-bit word p[i], i < n.
template <class H>
inline void widen_block(const H* p, float* out, std::size_t n) noexcept
{
    std::size_t i = 0;
#if ACTFN_SIMD && defined(__AVX2__)
    constexpr bool vector = std::is_same<H, bfloat16>::value || ACTFN_NS_F16C;
    if constexpr (vector)
    {
        for (; i + 8 <= n; i += 8)
        {
            const __m128i h = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
            if constexpr (std::is_same<H, bfloat16>::value)
                _mm256_storeu_si256(reinterpret_cast<__m256i*>(out + i),
                                    _mm256_slli_epi32(_mm256_cvtepu16_epi32(h), 16));
#if ACTFN_NS_F16C
            else
                _mm256_storeu_ps(out + i, _mm256_cvtph_ps(h));
#endif
        }
    }
#endif
    // Elsewhere, and the last elements: the integer code (an sNaN is quieted
    // here; the vector paths leave it to the kernels, which quiet it).
    for (; i < n; ++i)
    {
        const std::uint32_t u = half_format<H>::widen(half_word(p, i));
        std::memcpy(out + i, &u, sizeof u);
    }
}

// A backward result dy f'(x) in float carries the bound above only where
// f'(x) was a normal float: below 2^-126 the float derivative keeps fewer
// bits, and dy (up to 2^128 in bfloat16) scales that error up.  Such lanes,
// |dx| < |dy| 2^-125, are undecided too where the exact product can reach
// bfloat16's subnormals: |dy| >= 2^-9 (for a smaller dy it is below 2^-134
// and rounds to 0).  Not for float16: |dy| <= 65504 puts the product below
// 2^-109, and it rounds to 0; not for relu and leaky_relu, whose derivatives
// are 0, 1 or the slope exactly.
constexpr float small_derivative_dy = 0x1p-9f;

template <class H>
inline bool small_derivative_lane(float dx, float dy) noexcept
{
    // As |dx| 2^64 < |dy| 2^-61: no subnormal product (narrow_block).
    const float adx = dx < 0 ? -dx : dx, ady = dy < 0 ? -dy : dy;
    return ady >= small_derivative_dy && adx * 0x1p64f < ady * 0x1p-61f;
}

// The 16-bit results of the float results r[i], i < n, into out; the indices
// of the lanes not decided (round_checked; with dy, also small_derivative_lane)
// go to undecided; returns their number.
template <class H>
inline std::size_t narrow_block(const float* r, const float* dy, H* out, std::size_t n, std::uint32_t steps,
                                std::uint16_t* undecided) noexcept
{
    std::size_t i = 0, count = 0;
#if ACTFN_SIMD && defined(__AVX2__)
    if constexpr (std::is_same<H, bfloat16>::value || ACTFN_NS_F16C)
    {
        const __m256i magnitude = _mm256_set1_epi32(0x7FFFFFFF);
        const __m256i inf = _mm256_set1_epi32(0x7F800000);
        for (; i + 8 <= n; i += 8)
        {
            const __m256i u = _mm256_castps_si256(_mm256_loadu_ps(r + i));
            const __m256i a = _mm256_and_si256(u, magnitude);
            // |dx| < |dy| 2^-125 as |dx| 2^64 < |dy| 2^-61: both sides
            // normal floats for every lane that matters.  |dy| 2^-125 itself
            // is subnormal for |dy| < 2, and producing it cost a microcode
            // assist per batch (bfloat16 gelu_backward took 2.0x the float
            // form's time at n = 65536 that way).
            std::uint32_t small_bits = 0;
            if (dy != nullptr)
            {
                const __m256 ady = _mm256_and_ps(_mm256_loadu_ps(dy + i), _mm256_castsi256_ps(magnitude));
                const __m256 small = _mm256_and_ps(
                    _mm256_cmp_ps(ady, _mm256_set1_ps(small_derivative_dy), _CMP_GE_OQ),
                    _mm256_cmp_ps(_mm256_mul_ps(_mm256_castsi256_ps(a), _mm256_set1_ps(0x1p64f)),
                                  _mm256_mul_ps(ady, _mm256_set1_ps(0x1p-61f)), _CMP_LT_OQ));
                small_bits = static_cast<std::uint32_t>(_mm256_movemask_ps(small));
            }
            const __m256i nan = _mm256_cmpgt_epi32(a, inf); // a < 2^31: signed compare is fine
            __m256i open_lanes;
            if constexpr (std::is_same<H, bfloat16>::value)
            {
                // Where bfloat16's rounding changes between two neighbouring
                // float patterns, the upper one has 0x8000 in its low half
                // (the midpoint; ties go to even on one side of it or the
                // other): the floats within `steps` of r cross such a point
                // only if r's low half lies within `steps` of 0x8000, i.e.
                // low - (0x8000 - steps) <= 2 steps unsigned.  A superset of
                // round_checked's test, in a few operations.
                const __m256i shifted = _mm256_sub_epi32(_mm256_and_si256(a, _mm256_set1_epi32(0xFFFF)),
                                                         _mm256_set1_epi32(static_cast<int>(0x8000u - steps)));
                const __m256i limit = _mm256_set1_epi32(static_cast<int>(2 * steps));
                open_lanes = _mm256_andnot_si256(
                    nan, _mm256_cmpeq_epi32(_mm256_min_epu32(shifted, limit), shifted)); // shifted <= 2 steps
                // (u + 0x7FFF + bit 16 of u) >> 16, as half_bits::bfloat16_of,
                // sign included (a carry into the exponent is the next binade
                // or +-inf); NaN lanes: the upper half, quiet.
                const __m256i rounded = _mm256_srli_epi32(
                    _mm256_add_epi32(_mm256_add_epi32(u, _mm256_set1_epi32(0x7FFF)),
                                     _mm256_and_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(1))),
                    16);
                const __m256i quiet = _mm256_or_si256(_mm256_srli_epi32(u, 16), _mm256_set1_epi32(0x0040));
                const __m256i res = _mm256_blendv_epi8(rounded, quiet, nan);
                // Pack the 32-bit lanes (all < 2^16) to 16 bits, in order.
                const __m256i packed = _mm256_permute4x64_epi64(_mm256_packus_epi32(res, res), 0x08);
                _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm256_castsi256_si128(packed));
            }
#if ACTFN_NS_F16C
            else
            {
                // Both ends rounded by vcvtps2ph, compared as 16-bit words.
                constexpr int rne = _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC;
                const __m256i step = _mm256_set1_epi32(static_cast<int>(steps));
                const __m256i lo = _mm256_max_epi32(_mm256_sub_epi32(a, step), _mm256_setzero_si256());
                const __m256i hi = _mm256_min_epu32(_mm256_add_epi32(a, step), inf);
                const __m128i rlo = _mm256_cvtps_ph(_mm256_castsi256_ps(lo), rne);
                const __m128i rhi = _mm256_cvtps_ph(_mm256_castsi256_ps(hi), rne);
                open_lanes = _mm256_andnot_si256(
                    nan, _mm256_xor_si256(_mm256_cvtepi16_epi32(_mm_cmpeq_epi16(rlo, rhi)), _mm256_set1_epi32(-1)));
                _mm_storeu_si128(reinterpret_cast<__m128i*>(out + i), _mm256_cvtps_ph(_mm256_castsi256_ps(u), rne));
            }
#endif
            std::uint32_t bits = static_cast<std::uint32_t>(_mm256_movemask_ps(_mm256_castsi256_ps(open_lanes)));
            bits |= small_bits;
            while (bits)
            {
                undecided[count++] = static_cast<std::uint16_t>(i + lowest_bit(bits));
                bits &= bits - 1;
            }
        }
    }
#endif
    for (; i < n; ++i)
    {
        std::uint32_t u;
        std::memcpy(&u, r + i, sizeof u);
        bool decided;
        set_half_word(out, i, round_checked<H>(u, steps, decided));
        if (!decided || (dy != nullptr && small_derivative_lane<H>(r[i], dy[i])))
            undecided[count++] = static_cast<std::uint16_t>(i);
    }
    return count;
}

// Elements per block of the 16-bit array forms: the float inputs, results
// (and dy) of a block stay in L1 (10 KiB with dy).
constexpr std::size_t half_block = 512;

// out[i] = the 16-bit rounding of op(x[i]) (times dy[i] when with_dy), i < n;
// op is the float kernel's operation, in_double(x) the same function (or
// derivative) by the double scalar kernel (a double or two_doubles), for the
// undecided lanes.  exact_derivative: the derivative's values are exact
// (relu, leaky_relu), so no lane needs small_derivative_lane.
template <bool with_dy, bool exact_derivative, class H, class Op, class InDouble>
ACTFN_NOINLINE void map_half(const H* x, const H* dy, H* out, std::size_t n, const Op& op,
                             const InDouble& in_double) noexcept
{
    static_assert(is_half_type<H>::value, "16-bit storage: actfn::bfloat16 or actfn::float16");
    alignas(64) float fx[half_block];
    alignas(64) float fdy[with_dy ? half_block : 1];
    alignas(64) float fr[half_block];
    std::uint16_t undecided[half_block];
    constexpr std::uint32_t steps = with_dy ? backward_float_steps : forward_float_steps;
    constexpr bool check_small = with_dy && !exact_derivative && std::is_same<H, bfloat16>::value;
    for (std::size_t i = 0; i < n; i += half_block)
    {
        const std::size_t m = n - i < half_block ? n - i : half_block;
        // Every input of the block is read before any result is written: out
        // may be x or dy.
        widen_block(x + i, fx, m);
        if constexpr (with_dy)
            widen_block(dy + i, fdy, m);
        map_array<with_dy>(fx, with_dy ? fdy : static_cast<const float*>(nullptr), fr, m, op);
        const std::size_t open =
            narrow_block(fr, check_small ? fdy : static_cast<const float*>(nullptr), out + i, m, steps, undecided);
        // The undecided lanes again in double.  Their results are finite
        // and not NaN (round_checked decides those), so the plain product by
        // dy is the array form's, here with its rounding error kept (lo).
        for (std::size_t j = 0; j < open; ++j)
        {
            const std::size_t k = undecided[j];
            two_doubles v = as_two_doubles(in_double(static_cast<double>(fx[k])));
            if constexpr (with_dy)
            {
                const double d = static_cast<double>(fdy[k]);
                const double hi = v.hi * d;
                v.lo = std::fma(v.hi, d, -hi) + v.lo * d;
                v.hi = hi;
            }
            set_half_word(out + i, k, round_two_doubles<H>(v.hi, v.lo));
        }
    }
}

// y[i] = op(x[i]) rounded to H, i < n.
template <class H, class Op, class InDouble>
inline void map_half_forward(const H* x, H* y, std::size_t n, const Op& op, const InDouble& in_double) noexcept
{
    ACTFN_ASSERT(same_or_disjoint(x, y, n), "actfn: y must be x itself or must not overlap x");
    map_half<false, false>(x, static_cast<const H*>(nullptr), y, n, op, in_double);
}

// dx[i] = dy[i] op(x[i]) rounded to H, i < n, op being a derivative.
template <bool exact_derivative = false, class H, class Op, class InDouble>
inline void map_half_backward(const H* x, const H* dy, H* dx, std::size_t n, const Op& op,
                              const InDouble& in_double) noexcept
{
    ACTFN_ASSERT(same_or_disjoint(x, dx, n) && same_or_disjoint(dy, dx, n),
                 "actfn: dx must be x or dy itself or must overlap neither");
    map_half<true, exact_derivative>(x, dy, dx, n, op, in_double);
}

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
