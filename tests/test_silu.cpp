// silu.hpp: x*sigma(x) and its derivative sigma(x)(1 + x(1 - sigma(x))).

#include "support/accuracy_gtest.hpp"
#include "support/specials.hpp"

namespace {

using namespace actfn_test;

// Accuracy sweeps (support/accuracy.hpp) against the MPFR reference
// (reference/actfn_reference.cpp, >= 128 bits) of
//   x sigma(x) and sigma(x)(1 + x sigma(-x)).
// Each prints the largest error and its argument, for the array API (the
// SIMD path) and for the scalar kernel.
// Default suite (issue 2): >= 2^20 floats over every exponent plus dense hard
// regions and the special points; float forward <= 2 ULP, derivative <= 4 ULP
// except within 1e-3 of its root where |error| <= 2^-24; double forward <= 2
// ULP on 2^16 points.  ACTFN_ACCURACY=full: >= 2^24 floats and 10^7 doubles,
// forward <= 1 ULP, derivative <= 2 ULP everywhere.
TEST(SiluAccuracy, Float) { check_family<float>(kernel::silu); }
TEST(SiluAccuracy, Double) { check_family<double>(kernel::silu); }

TEST(Silu, SpecialValuesFloat) { check_specials<float>(kernel::silu); }
TEST(Silu, SpecialValuesDouble) { check_specials<double>(kernel::silu); }
TEST(Silu, TinyArgumentsFloat) { check_tiny<float>(kernel::silu); }
TEST(Silu, TinyArgumentsDouble) { check_tiny<double>(kernel::silu); }
TEST(Silu, LargeFiniteArgumentsFloat) { check_large_finite<float>(kernel::silu); }
TEST(Silu, LargeFiniteArgumentsDouble) { check_large_finite<double>(kernel::silu); }

TEST(Silu, TailUnderflowsToMinusZeroWhereTheExactValueDoes)
{
    // |silu| < 2^-150 below -108.660304 (float), < 2^-1075 below -751.755630
    // (double), per 60-digit mpmath and the reference's test.  Where exp(-x)
    // overflows (x < -88.72 in float) the result must still be the tiny
    // negative value, and -0 only beyond these points.
    for (float x : {-108.661f, -120.0f, -1e4f, -3e38f})
        expect_exact(kernel::silu, x, -0.0f);
    for (double x : {-751.7557, -800.0, -1e5, -1e300})
        expect_exact(kernel::silu, x, -0.0);
}

} // namespace
