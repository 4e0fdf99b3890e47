// gelu.hpp: exact GELU x*Phi(x) and its derivative Phi(x) + x*phi(x).
// Accuracy against the MPFR reference (bounds in support/accuracy.hpp), limits
// and conventions, tiny and huge arguments.

#include "support/accuracy_gtest.hpp"
#include "support/specials.hpp"

namespace {

using namespace actfn_test;

// Accuracy sweeps (support/accuracy.hpp) against the MPFR reference
// (reference/actfn_reference.cpp, >= 128 bits) of
//   x Phi(x), Phi(x) = erfc(-x/sqrt 2)/2 (mpfr_erfc), and Phi(x) + x phi(x).
// Each prints the largest error and its argument, for the array API (the
// SIMD path) and for the scalar kernel.
// Default suite (issue 2): >= 2^20 floats over every exponent plus dense hard
// regions and the special points; float forward <= 2 ULP, derivative <= 4 ULP
// except within 1e-3 of its root where |error| <= 2^-24; double forward <= 2
// ULP on 2^16 points.  ACTFN_ACCURACY=full: >= 2^24 floats and 10^7 doubles,
// forward <= 1 ULP, derivative <= 2 ULP everywhere.
TEST(GeluAccuracy, Float) { check_family<float>(kernel::gelu); }
TEST(GeluAccuracy, Double) { check_family<double>(kernel::gelu); }

TEST(Gelu, SpecialValuesFloat) { check_specials<float>(kernel::gelu); }
TEST(Gelu, SpecialValuesDouble) { check_specials<double>(kernel::gelu); }
TEST(Gelu, TinyArgumentsFloat) { check_tiny<float>(kernel::gelu); }
TEST(Gelu, TinyArgumentsDouble) { check_tiny<double>(kernel::gelu); }
TEST(Gelu, LargeFiniteArgumentsFloat) { check_large_finite<float>(kernel::gelu); }
TEST(Gelu, LargeFiniteArgumentsDouble) { check_large_finite<double>(kernel::gelu); }

TEST(Gelu, TailUnderflowsToMinusZeroWhereTheExactValueDoes)
{
    // The note (checked in the reference's test): float gelu rounds to -0 below
    // x = -14.3560679..., double below -38.5801402...; just above, the
    // correctly rounded value is a negative subnormal, within 2 ULP of which
    // the result must lie (checked by the sweep); beyond, -0 is exact.
    for (float x : {-14.3561f, -15.0f, -20.0f, -1e4f, -3e38f})
        expect_exact(kernel::gelu, x, -0.0f);
    for (double x : {-38.5802, -40.0, -1e5, -1e300})
        expect_exact(kernel::gelu, x, -0.0);
}

} // namespace
