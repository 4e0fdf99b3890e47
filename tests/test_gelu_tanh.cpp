// gelu_tanh.hpp: x*sigma(2u), u = sqrt(2/pi)(x + 0.044715 x^3) (real
// constants), and its derivative.  Accuracy against the MPFR reference,
// limits, tiny and huge arguments.

#include "support/accuracy_gtest.hpp"
#include "support/specials.hpp"

namespace {

using namespace actfn_test;

// Accuracy sweeps (support/accuracy.hpp) against the MPFR reference
// (reference/actfn_reference.cpp, >= 128 bits) of
//   x sigma(2u), u = sqrt(2/pi)(x + 0.044715 x^3) with the real constants, and its derivative.
// Each prints the largest error and its argument, for the array API (the
// SIMD path) and for the scalar kernel.
// Default suite (issue 2): >= 2^20 floats over every exponent plus dense hard
// regions and the special points; float forward <= 2 ULP, derivative <= 4 ULP
// except within 1e-3 of its root where |error| <= 2^-24; double forward <= 2
// ULP on 2^16 points.  ACTFN_ACCURACY=full: >= 2^24 floats and 10^7 doubles,
// forward <= 1 ULP, derivative <= 2 ULP everywhere.
TEST(GeluTanhAccuracy, Float) { check_family<float>(kernel::gelu_tanh); }
TEST(GeluTanhAccuracy, Double) { check_family<double>(kernel::gelu_tanh); }

TEST(GeluTanh, SpecialValuesFloat) { check_specials<float>(kernel::gelu_tanh); }
TEST(GeluTanh, SpecialValuesDouble) { check_specials<double>(kernel::gelu_tanh); }
TEST(GeluTanh, TinyArgumentsFloat) { check_tiny<float>(kernel::gelu_tanh); }
TEST(GeluTanh, TinyArgumentsDouble) { check_tiny<double>(kernel::gelu_tanh); }
TEST(GeluTanh, LargeFiniteArgumentsFloat) { check_large_finite<float>(kernel::gelu_tanh); }
TEST(GeluTanh, LargeFiniteArgumentsDouble) { check_large_finite<double>(kernel::gelu_tanh); }

TEST(GeluTanh, TailUnderflowsToMinusZeroWhereTheExactValueDoes)
{
    // |gelu_tanh| < 2^-150 below x = -10.7708683 (float), < 2^-1075 below
    // -21.5470754 (double): 60-digit mpmath, asserted in the reference's test.
    for (float x : {-10.771f, -12.0f, -1e4f, -3e38f})
        expect_exact(kernel::gelu_tanh, x, -0.0f);
    for (double x : {-21.5471, -30.0, -1e5, -1e300})
        expect_exact(kernel::gelu_tanh, x, -0.0);
}

} // namespace
