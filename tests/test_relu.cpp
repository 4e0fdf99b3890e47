// relu.hpp: relu (max(x, 0), relu(-0) = +0) and leaky_relu (x > 0 ? x : slope x),
// derivatives with the PyTorch conventions at 0.

#include "support/accuracy_gtest.hpp"
#include "support/specials.hpp"

namespace {

using namespace actfn_test;

// Accuracy sweeps (support/accuracy.hpp) against the MPFR reference
// (reference/actfn_reference.cpp, >= 128 bits) of
//   max(x, 0), slope x, exactly.
// Each prints the largest error and its argument, for the array API (the
// SIMD path) and for the scalar kernel.
// Default suite (issue 2): >= 2^20 floats over every exponent plus dense hard
// regions and the special points; float forward <= 2 ULP, derivative <= 4 ULP
// except within 1e-3 of its root where |error| <= 2^-24; double forward <= 2
// ULP on 2^16 points.  ACTFN_ACCURACY=full: >= 2^24 floats and 10^7 doubles,
// forward <= 1 ULP, derivative <= 2 ULP everywhere.
TEST(ReluAccuracy, Float) { check_family<float>(kernel::relu); }
TEST(ReluAccuracy, Double) { check_family<double>(kernel::relu); }
TEST(ReluAccuracy, LeakyFloat) { check_family<float>(kernel::leaky_relu); }
TEST(ReluAccuracy, LeakyDouble) { check_family<double>(kernel::leaky_relu); }
TEST(ReluAccuracy, LeakyOtherSlopes)
{
    for (float s : {0.2f, 1e-30f})
        check_family<float>(kernel::leaky_relu, with_param(s), true);
    check_family<double>(kernel::leaky_relu, with_param(0.2), true);
}

TEST(Relu, SpecialValuesFloat) { check_specials<float>(kernel::relu); }
TEST(Relu, SpecialValuesDouble) { check_specials<double>(kernel::relu); }
TEST(Relu, LeakySpecialValuesFloat) { check_specials<float>(kernel::leaky_relu); }
TEST(Relu, LeakySpecialValuesDouble) { check_specials<double>(kernel::leaky_relu); }
TEST(Relu, LeakySpecialValuesOtherSlope) { check_specials<float>(kernel::leaky_relu, with_param(0.2f)); }
TEST(Relu, TinyArgumentsFloat) { check_tiny<float>(kernel::relu); }
TEST(Relu, TinyArgumentsDouble) { check_tiny<double>(kernel::relu); }
// slope x on subnormals is one correctly rounded product.
TEST(Relu, LeakyTinyArgumentsFloat) { check_tiny<float>(kernel::leaky_relu); }
TEST(Relu, LeakyTinyArgumentsDouble) { check_tiny<double>(kernel::leaky_relu); }
TEST(Relu, LeakyTinyArgumentsSlopeHalf) { check_tiny<float>(kernel::leaky_relu, with_param(0.5f)); }
TEST(Relu, LargeFiniteArguments)
{
    check_large_finite<float>(kernel::relu);
    check_large_finite<double>(kernel::relu);
    check_large_finite<float>(kernel::leaky_relu);
    check_large_finite<double>(kernel::leaky_relu);
}

TEST(Relu, DefaultSlopeIsTheNearestValueTo001)
{
    for (float x : {-3.0f, -1e-3f, -1e-40f, 2.0f})
    {
        EXPECT_EQ(bits_of(actfn::leaky_relu(x)), bits_of(actfn::leaky_relu(x, 0.01f)));
        EXPECT_EQ(bits_of(actfn::leaky_relu_grad(x)), bits_of(actfn::leaky_relu_grad(x, 0.01f)));
        expect_exact(kernel::leaky_relu, x, actfn::leaky_relu(x, 0.01f));
    }
    for (double x : {-3.0, -1e-3, -1e-310, 2.0})
    {
        EXPECT_EQ(bits_of(actfn::leaky_relu(x)), bits_of(actfn::leaky_relu(x, 0.01)));
        expect_exact(kernel::leaky_relu, x, actfn::leaky_relu(x, 0.01));
    }
}

#if ACTFN_SIMD
// relu and the derivatives on a batch (one vfixupimm each on AVX-512,
// compares and selects elsewhere) give the scalar kernels' bits in every
// lane: each class of input (zeros, subnormals, +-1, infinities, quiet and
// signaling NaNs with payloads) and a spread of normal values, with three
// slopes.
template <class T>
void expect_batch_kernels_match_scalar()
{
    using B = xsimd::batch<T>;
    using L = std::numeric_limits<T>;
    std::vector<T> x = {T(0), T(-0.0), L::denorm_min(), -L::denorm_min(), L::min(), -L::min(), T(1), T(-1),
                        L::infinity(), -L::infinity(), L::max(), -L::max(), T(0.5), T(-2.5), T(1e-3), T(-7)};
    for (T n : nan_inputs<T>())
        x.push_back(n);
    for (int e = -30; e <= 30; e += 3)
        for (T s : {T(1), T(-1)})
            x.push_back(s * std::ldexp(T(1.375), e));
    while (x.size() % B::size != 0)
        x.push_back(T(3));
    for (T slope : {T(0.01), T(0), T(-0.5)})
        for (std::size_t i = 0; i < x.size(); i += B::size)
        {
            alignas(64) T relu_out[B::size];
            alignas(64) T grad_out[B::size];
            alignas(64) T leaky_out[B::size];
            const B v = B::load_unaligned(x.data() + i);
            actfn::relu(v).store_aligned(relu_out);
            actfn::relu_grad(v).store_aligned(grad_out);
            actfn::leaky_relu_grad(v, slope).store_aligned(leaky_out);
            for (std::size_t k = 0; k < B::size; ++k)
            {
                EXPECT_EQ(bits_of(relu_out[k]), bits_of(actfn::relu(x[i + k]))) << "relu(" << hex(x[i + k]) << ")";
                EXPECT_EQ(bits_of(grad_out[k]), bits_of(actfn::relu_grad(x[i + k])))
                    << "relu_grad(" << hex(x[i + k]) << ")";
                EXPECT_EQ(bits_of(leaky_out[k]), bits_of(actfn::leaky_relu_grad(x[i + k], slope)))
                    << "leaky_relu_grad(" << hex(x[i + k]) << ", " << slope << ")";
            }
        }
}

TEST(Relu, BatchKernelsGiveTheScalarBits)
{
    expect_batch_kernels_match_scalar<float>();
    expect_batch_kernels_match_scalar<double>();
}
#endif

} // namespace
