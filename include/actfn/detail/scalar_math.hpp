#pragma once
// The few <cmath> functions the kernels need on scalars, spelled with the
// compilers' builtins.  Why not std::fabs and the like: those are inline
// functions of the standard library, compiled into every translation unit
// that calls them with that unit's target flags.  Unoptimised (-O0), they
// stay out of line as weak symbols, and a program whose units were compiled
// for different targets links ONE of them for all: an SSE2 unit then called
// the AVX-512 unit's std::fabs(float) (a VEX vmovss) and died with SIGILL on
// an older CPU (tests/targets/).  The builtins expand in place, or call libm,
// which is compiled for the baseline.  actfn's own functions are safe by their
// target namespace (config.hpp).

#include "config.hpp"

#include <cmath>
#include <limits>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

#if defined(__GNUC__) || defined(__clang__)
inline float abs_of(float x) noexcept { return __builtin_fabsf(x); }
inline double abs_of(double x) noexcept { return __builtin_fabs(x); }
inline bool isnan_of(float x) noexcept { return __builtin_isnan(x); }
inline bool isnan_of(double x) noexcept { return __builtin_isnan(x); }
inline bool isfinite_of(float x) noexcept { return __builtin_isfinite(x); }
inline bool isfinite_of(double x) noexcept { return __builtin_isfinite(x); }
inline float fma_of(float a, float b, float c) noexcept { return __builtin_fmaf(a, b, c); }
inline double fma_of(double a, double b, double c) noexcept { return __builtin_fma(a, b, c); }
inline float floor_of(float x) noexcept { return __builtin_floorf(x); }
inline double floor_of(double x) noexcept { return __builtin_floor(x); }
inline float ldexp_of(float x, int e) noexcept { return __builtin_ldexpf(x, e); }
inline double ldexp_of(double x, int e) noexcept { return __builtin_ldexp(x, e); }
inline int ilogb_of(float x) noexcept { return __builtin_ilogbf(x); }
inline int ilogb_of(double x) noexcept { return __builtin_ilogb(x); }
inline float copysign_of(float x, float s) noexcept { return __builtin_copysignf(x, s); }
inline double copysign_of(double x, double s) noexcept { return __builtin_copysign(x, s); }
#else
inline float abs_of(float x) noexcept { return std::fabs(x); }
inline double abs_of(double x) noexcept { return std::fabs(x); }
inline bool isnan_of(float x) noexcept { return std::isnan(x); }
inline bool isnan_of(double x) noexcept { return std::isnan(x); }
inline bool isfinite_of(float x) noexcept { return std::isfinite(x); }
inline bool isfinite_of(double x) noexcept { return std::isfinite(x); }
inline float fma_of(float a, float b, float c) noexcept { return std::fma(a, b, c); }
inline double fma_of(double a, double b, double c) noexcept { return std::fma(a, b, c); }
inline float floor_of(float x) noexcept { return std::floor(x); }
inline double floor_of(double x) noexcept { return std::floor(x); }
inline float ldexp_of(float x, int e) noexcept { return std::ldexp(x, e); }
inline double ldexp_of(double x, int e) noexcept { return std::ldexp(x, e); }
inline int ilogb_of(float x) noexcept { return std::ilogb(x); }
inline int ilogb_of(double x) noexcept { return std::ilogb(x); }
inline float copysign_of(float x, float s) noexcept { return std::copysign(x, s); }
inline double copysign_of(double x, double s) noexcept { return std::copysign(x, s); }
#endif

// +-0, without comparing floating-point values for equality (a user's
// -Wfloat-equal would point here).
template <class S>
inline bool is_zero(S x) noexcept
{
    return !(x < S(0)) && !(x > S(0)) && !isnan_of(x);
}

// The largest finite value, as a constant (std::numeric_limits<S>::max() is
// a function call in unoptimised code, with the hazard described above).
template <class S>
inline constexpr S max_finite = std::numeric_limits<S>::max();

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
