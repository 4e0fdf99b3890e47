// quick_gelu.hpp: x*sigma(alpha x), alpha = 1.702 by default, and its
// derivative sigma(alpha x)(1 + alpha x (1 - sigma(alpha x))).

#include "support/accuracy_gtest.hpp"
#include "support/specials.hpp"

namespace {

using namespace actfn_test;

// Accuracy sweeps (support/accuracy.hpp) against the MPFR reference
// (reference/actfn_reference.cpp, >= 128 bits) of
//   x sigma(alpha x) with alpha the T value passed (1.702f for float), and sigma(z)(1 + z sigma(-z)).
// Each prints the largest error and its argument, for the array API (the
// SIMD path) and for the scalar kernel.
// Default suite (issue 2): >= 2^20 floats over every exponent plus dense hard
// regions and the special points; float forward <= 2 ULP, derivative <= 4 ULP
// except within 1e-3 of its root where |error| <= 2^-24; double forward <= 2
// ULP on 2^16 points.  ACTFN_ACCURACY=full: >= 2^24 floats and 10^7 doubles,
// forward <= 1 ULP, derivative <= 2 ULP everywhere.
TEST(QuickGeluAccuracy, Float) { check_family<float>(kernel::quick_gelu); }
TEST(QuickGeluAccuracy, Double) { check_family<double>(kernel::quick_gelu); }
// Other alphas move the root and the tail; the sweep follows them (one level
// lighter than the default-alpha sweep).
TEST(QuickGeluAccuracy, FloatOtherAlphas)
{
    for (float a : {1.0f, 0.5f, 3.0f})
        check_family<float>(kernel::quick_gelu, with_param(a), true);
}
TEST(QuickGeluAccuracy, DoubleOtherAlphas)
{
    for (double a : {1.0, 0.5, 3.0})
        check_family<double>(kernel::quick_gelu, with_param(a), true);
}

TEST(QuickGelu, SpecialValuesFloat) { check_specials<float>(kernel::quick_gelu); }
TEST(QuickGelu, SpecialValuesDouble) { check_specials<double>(kernel::quick_gelu); }
TEST(QuickGelu, SpecialValuesOtherAlpha) { check_specials<float>(kernel::quick_gelu, with_param(0.5f)); }
TEST(QuickGelu, TinyArgumentsFloat) { check_tiny<float>(kernel::quick_gelu); }
TEST(QuickGelu, TinyArgumentsDouble) { check_tiny<double>(kernel::quick_gelu); }
TEST(QuickGelu, LargeFiniteArgumentsFloat) { check_large_finite<float>(kernel::quick_gelu); }
TEST(QuickGelu, LargeFiniteArgumentsDouble) { check_large_finite<double>(kernel::quick_gelu); }

template <class T>
void expect_default_alpha(T alpha)
{
    // The default alpha is the working type's value nearest 1.702: calls
    // without it must give the bits of calls with it, scalar and array.
    std::vector<T> xs;
    for (int i = -400; i <= 400; ++i)
        xs.push_back(T(i) / T(16));
    std::vector<T> a(xs.size()), b(xs.size()), ones(xs.size(), T(1));
    for (bool grad : {false, true})
    {
        if (grad)
        {
            actfn::quick_gelu_backward(xs.data(), ones.data(), a.data(), xs.size());
            actfn::quick_gelu_backward(xs.data(), ones.data(), b.data(), xs.size(), alpha);
        }
        else
        {
            actfn::quick_gelu(xs.data(), a.data(), xs.size());
            actfn::quick_gelu(xs.data(), b.data(), xs.size(), alpha);
        }
        for (std::size_t i = 0; i < xs.size(); ++i)
        {
            EXPECT_EQ(bits_of(a[i]), bits_of(b[i])) << "array, grad " << grad << ", x = " << xs[i];
            const T s0 = grad ? actfn::quick_gelu_grad(xs[i]) : actfn::quick_gelu(xs[i]);
            const T s1 = grad ? actfn::quick_gelu_grad(xs[i], alpha) : actfn::quick_gelu(xs[i], alpha);
            EXPECT_EQ(bits_of(s0), bits_of(s1)) << "scalar, grad " << grad << ", x = " << xs[i];
        }
    }
}

TEST(QuickGelu, DefaultAlphaIsTheNearestValueTo1702)
{
    expect_default_alpha<float>(1.702f);
    expect_default_alpha<double>(1.702);
}

} // namespace
