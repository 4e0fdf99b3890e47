#pragma once
// actfn::bfloat16 and actfn::float16: 16-bit storage types for the array
// forms (<actfn/gelu.hpp> and its siblings take `const bfloat16*` and
// `const float16*` as they take `const float*`).
//
//   bfloat16  1 sign, 8 exponent, 7 fraction bits: float's upper half
//             (Google's brain float; PyTorch c10::BFloat16, Eigen::bfloat16)
//   float16   IEEE 754 binary16, 1 sign, 5 exponent, 10 fraction bits
//             (c10::Half, Eigen::half, _Float16, std::float16_t)
//
// Each is exactly one std::uint16_t holding those bits: trivially copyable,
// standard layout, 2 bytes, alignment 2.  A framework's buffer of the same
// layout is passed without a copy (README, "16-bit data"):
//
//   const c10::BFloat16* p = tensor.data_ptr<c10::BFloat16>();
//   actfn::gelu(reinterpret_cast<const actfn::bfloat16*>(p), ...);
//
// (the array forms read and write the memory as raw 16-bit words, so the
// cast is safe with any of these element types).
//
// Conversions (explicit):
//   float -> 16 bits  round to nearest, ties to even, exactly once; subnormal
//                     results kept; beyond the largest finite value, +-inf
//                     (float16: |x| >= 65520); a NaN gives a quiet NaN with
//                     x's sign and the leading bits of its payload
//   16 bits -> float  exact (every bfloat16 and float16 is a float); a NaN
//                     gives a quiet NaN with the same sign and payload bits
//
// The conversions are integer bit operations, forced inline: they give the
// same bits in every build and emit no function that translation units
// compiled for different instruction sets could share.  This header needs
// neither xsimd nor any target flag.

#include <cstdint>
#include <cstring>

#if defined(__GNUC__) || defined(__clang__)
#define ACTFN_HALF_INLINE inline __attribute__((always_inline))
#elif defined(_MSC_VER)
#define ACTFN_HALF_INLINE __forceinline
#else
#define ACTFN_HALF_INLINE inline
#endif

namespace actfn {
namespace half_bits {

/// The bits of f.
ACTFN_HALF_INLINE std::uint32_t of_float(float f) noexcept
{
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

/// The float with bits u.
ACTFN_HALF_INLINE float to_float(std::uint32_t u) noexcept
{
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

/// bfloat16 bits of the float with bits u, rounded to nearest even.  Adding
// 0x7FFF plus the kept part's lowest bit carries into bit 16 exactly when the
// dropped half-word is above one half, or equal to it with an odd kept part;
// the carry may run into the exponent (the next binade, or +-inf past the
// largest finite value).  NaN: the upper half with the quiet bit set.
ACTFN_HALF_INLINE std::uint16_t bfloat16_of(std::uint32_t u) noexcept
{
    if ((u & 0x7FFFFFFFu) > 0x7F800000u)
        return static_cast<std::uint16_t>((u >> 16) | 0x0040u);
    return static_cast<std::uint16_t>((u + 0x7FFFu + ((u >> 16) & 1u)) >> 16);
}

/// binary16 bits of the float with bits u, rounded to nearest even.
ACTFN_HALF_INLINE std::uint16_t float16_of(std::uint32_t u) noexcept
{
    const std::uint32_t sign = (u >> 16) & 0x8000u;
    const std::uint32_t a = u & 0x7FFFFFFFu;
    if (a > 0x7F800000u) // NaN: quiet, the leading 9 payload bits kept
        return static_cast<std::uint16_t>(sign | 0x7E00u | ((a >> 13) & 0x3FFu));
    if (a >= 0x477FF000u) // |x| >= 65520 = 65504 + half its ulp (a tie to the even 2^16): inf
        return static_cast<std::uint16_t>(sign | 0x7C00u);
    if (a >= 0x38800000u) // |x| >= 2^-14: a normal result, rebias 127 -> 15 and round as bfloat16_of
        return static_cast<std::uint16_t>(sign | ((a - 0x38000000u + 0xFFFu + ((a >> 13) & 1u)) >> 13));
    if (a <= 0x33000000u) // |x| <= 2^-25, half the smallest subnormal (a tie to the even 0)
        return static_cast<std::uint16_t>(sign);
    // Subnormal result: |x| = m 2^(e - 150) with the hidden bit in m, in
    // units of 2^-24 that is m >> (126 - e), 14 to 23 bits dropped, rounded
    // to nearest even (a carry into 0x400 is the smallest normal, as it
    // should be).
    const std::uint32_t e = a >> 23;
    const std::uint32_t m = (a & 0x7FFFFFu) | 0x800000u;
    const std::uint32_t shift = 126u - e;
    const std::uint32_t kept = m >> shift;
    const std::uint32_t rest = m & ((1u << shift) - 1u);
    const std::uint32_t half = 1u << (shift - 1u);
    const std::uint32_t up = (rest > half || (rest == half && (kept & 1u))) ? 1u : 0u;
    return static_cast<std::uint16_t>(sign | (kept + up));
}

/// The float bits of bfloat16 bits h (exact; a NaN is quieted).
ACTFN_HALF_INLINE std::uint32_t float_of_bfloat16(std::uint16_t h) noexcept
{
    std::uint32_t u = std::uint32_t(h) << 16;
    if ((u & 0x7FFFFFFFu) > 0x7F800000u)
        u |= 0x00400000u;
    return u;
}

/// The float bits of binary16 bits h (exact; a NaN is quieted).
ACTFN_HALF_INLINE std::uint32_t float_of_float16(std::uint16_t h) noexcept
{
    const std::uint32_t sign = std::uint32_t(h & 0x8000u) << 16;
    const std::uint32_t e = (h >> 10) & 0x1Fu;
    const std::uint32_t m = h & 0x3FFu;
    if (e == 0x1Fu) // inf, or NaN made quiet
        return sign | 0x7F800000u | (m << 13) | (m != 0 ? 0x00400000u : 0u);
    if (e != 0)
        return sign | ((e + 112u) << 23) | (m << 13);
    // Zero or subnormal: m 2^-24, exact in float (a product by a power of two).
    return sign | of_float(static_cast<float>(m) * 5.9604644775390625e-8f);
}

} // namespace half_bits

/// bfloat16: float's sign, exponent and leading 7 fraction bits.
struct bfloat16
{
    std::uint16_t bits; ///< the raw bits (public: the type is a plain 16-bit word)

    bfloat16() = default;
    /// x rounded to nearest even (a NaN stays NaN, made quiet).
    ACTFN_HALF_INLINE explicit bfloat16(float x) noexcept : bits(half_bits::bfloat16_of(half_bits::of_float(x))) {}
    /// The value as a float (exact).
    ACTFN_HALF_INLINE explicit operator float() const noexcept
    {
        return half_bits::to_float(half_bits::float_of_bfloat16(bits));
    }
    /// The bfloat16 with these bits.
    ACTFN_HALF_INLINE static constexpr bfloat16 from_bits(std::uint16_t b) noexcept { return bfloat16(b, raw{}); }
    /// Its bits.
    ACTFN_HALF_INLINE constexpr std::uint16_t to_bits() const noexcept { return bits; }

private:
    struct raw
    {
    };
    ACTFN_HALF_INLINE constexpr bfloat16(std::uint16_t b, raw) noexcept : bits(b) {}
};

/// float16: IEEE 754 binary16.
struct float16
{
    std::uint16_t bits; ///< the raw bits

    float16() = default;
    /// x rounded to nearest even (overflow to +-inf, subnormals kept, a NaN stays NaN, made quiet).
    ACTFN_HALF_INLINE explicit float16(float x) noexcept : bits(half_bits::float16_of(half_bits::of_float(x))) {}
    /// The value as a float (exact).
    ACTFN_HALF_INLINE explicit operator float() const noexcept
    {
        return half_bits::to_float(half_bits::float_of_float16(bits));
    }
    /// The float16 with these bits.
    ACTFN_HALF_INLINE static constexpr float16 from_bits(std::uint16_t b) noexcept { return float16(b, raw{}); }
    /// Its bits.
    ACTFN_HALF_INLINE constexpr std::uint16_t to_bits() const noexcept { return bits; }

private:
    struct raw
    {
    };
    ACTFN_HALF_INLINE constexpr float16(std::uint16_t b, raw) noexcept : bits(b) {}
};

static_assert(sizeof(bfloat16) == 2 && alignof(bfloat16) == 2, "bfloat16 is one 16-bit word");
static_assert(sizeof(float16) == 2 && alignof(float16) == 2, "float16 is one 16-bit word");

} // namespace actfn
