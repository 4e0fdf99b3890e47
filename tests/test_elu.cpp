// elu.hpp: x > 0 ? x : alpha (e^x - 1); derivative x > 0 ? 1 : alpha e^x
// (alpha at 0, as PyTorch).

#include "support/accuracy_gtest.hpp"
#include "support/specials.hpp"

namespace {

using namespace actfn_test;

// Accuracy sweeps (support/accuracy.hpp) against the MPFR reference
// (reference/actfn_reference.cpp, >= 128 bits) of
//   alpha expm1(x) (x <= 0) and alpha exp(x).
// Each prints the largest error and its argument, for the array API (the
// SIMD path) and for the scalar kernel.
// Default suite (issue 2): >= 2^20 floats over every exponent plus dense hard
// regions and the special points; float forward <= 2 ULP, derivative <= 4 ULP
// except within 1e-3 of its root where |error| <= 2^-24; double forward <= 2
// ULP on 2^16 points.  ACTFN_ACCURACY=full: >= 2^24 floats and 10^7 doubles,
// forward <= 1 ULP, derivative <= 2 ULP everywhere.
TEST(EluAccuracy, Float) { check_family<float>(kernel::elu); }
TEST(EluAccuracy, Double) { check_family<double>(kernel::elu); }
TEST(EluAccuracy, FloatOtherAlphas)
{
    for (float a : {0.5f, 1.5f, 2.0f})
        check_family<float>(kernel::elu, with_param(a), true);
}
TEST(EluAccuracy, DoubleOtherAlphas)
{
    for (double a : {0.5, 1.5, 2.0})
        check_family<double>(kernel::elu, with_param(a), true);
}

TEST(Elu, SpecialValuesFloat) { check_specials<float>(kernel::elu); }
TEST(Elu, SpecialValuesDouble) { check_specials<double>(kernel::elu); }
TEST(Elu, SpecialValuesOtherAlphas)
{
    for (float a : {0.5f, 1.5f, 2.0f})
        check_specials<float>(kernel::elu, with_param(a));
    for (double a : {0.5, 1.5, 2.0})
        check_specials<double>(kernel::elu, with_param(a));
}
TEST(Elu, TinyArgumentsFloat) { check_tiny<float>(kernel::elu); }
TEST(Elu, TinyArgumentsDouble) { check_tiny<double>(kernel::elu); }
TEST(Elu, TinyArgumentsOtherAlpha) { check_tiny<float>(kernel::elu, with_param(1.5f)); }
TEST(Elu, LargeFiniteArgumentsFloat) { check_large_finite<float>(kernel::elu); }
TEST(Elu, LargeFiniteArgumentsDouble) { check_large_finite<double>(kernel::elu); }

TEST(Elu, PositiveArgumentsPassThroughExactly)
{
    // elu(x) = x for x > 0: exact, including subnormals and the largest float.
    for (float x : {std::numeric_limits<float>::denorm_min(), 1e-30f, 0.75f, 3.0f, 1e30f,
                    std::numeric_limits<float>::max()})
    {
        expect_exact(kernel::elu, x, x);
        expect_exact(kernel::elu_grad, x, 1.0f);
    }
}

} // namespace
