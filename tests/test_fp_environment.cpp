// The floating-point environment the kernels run in (README, "Floating-point
// environment").  With FTZ and DAZ set in MXCSR -- as -ffast-math's start-up
// code, oneDNN and torch.set_flush_denormal(True) do -- every array function
// and scalar kernel must give the default mode's bits, except exactly as the
// README states:
//  - a subnormal x acts as a zero of its sign: the result is the default
//    mode's result at that zero, bit for bit -- except elu's forward value,
//    which is x itself (elu returns x for x >= 0 without arithmetic, and DAZ
//    reads a subnormal x as a zero);
//  - otherwise, where the default result, dy, or (backward) the derivative is
//    subnormal, the result may instead be a zero of the default result's sign.
// Parameters are checked at their defaults and at others, extreme ones
// included (elu with alpha = 1e-31 moved normal results by up to 4039 ulp
// under FTZ/DAZ before its alpha was scaled).  The expected values are this
// build's own outputs in the default mode: the property is about the mode,
// the accuracy is checked elsewhere.  (The compile-time side, -ffast-math's
// rejection, is the fast_math.* tests.)

#include "support/kernels.hpp"
#include "support/specials.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#if defined(__SSE2__) || defined(_M_X64) || (defined(_M_IX86_FP) && _M_IX86_FP >= 2)
#include <xmmintrin.h>
#define ACTFN_TEST_HAS_MXCSR 1
#else
#define ACTFN_TEST_HAS_MXCSR 0
#endif

// A named namespace: the kernel tests are one unity translation unit.
namespace actfn_test_fp_environment {

using namespace actfn_test;

#if ACTFN_TEST_HAS_MXCSR
// Sets FTZ (bit 15) and DAZ (bit 6) for its lifetime.
struct flush_to_zero_mode
{
    unsigned saved = _mm_getcsr();
    flush_to_zero_mode() { _mm_setcsr(saved | 0x8040u); }
    ~flush_to_zero_mode() { _mm_setcsr(saved); }
    flush_to_zero_mode(const flush_to_zero_mode&) = delete;
    flush_to_zero_mode& operator=(const flush_to_zero_mode&) = delete;
};
#endif

template <class T>
bool subnormal(T v)
{
    return v != T(0) && std::fabs(v) < std::numeric_limits<T>::min();
}

// The special points (every threshold and root with neighbours, zeros,
// subnormals, infinities, NaNs), the range where results and derivatives
// underflow through the subnormals, and random bit patterns.
template <class T>
std::vector<T> inputs()
{
    std::vector<T> x = special_points_of<T>();
    const double reach = sizeof(T) == 4 ? 120.0 : 760.0;
    for (double v = -reach; v <= reach; v += reach / 8192.0)
        x.push_back(static_cast<T>(v));
    std::uint64_t s = 0xf7a2ull;
    for (int i = 0; i < 16384; ++i)
    {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        x.push_back(from_bits<T>(sizeof(T) == 4 ? s >> 32 : s));
    }
    return x;
}

template <class T>
struct outputs
{
    std::vector<T> forward, backward, scalar_forward, scalar_grad;
};

template <class T>
outputs<T> run(kernel fwd, param_t<T> p, const std::vector<T>& x, const std::vector<T>& dy)
{
    const kernel grad = actfn_ref::derivative_of(fwd);
    const std::size_t n = x.size();
    outputs<T> o{std::vector<T>(n), std::vector<T>(n), std::vector<T>(n), std::vector<T>(n)};
    array_forward(fwd, x.data(), o.forward.data(), n, p);
    array_backward(fwd, x.data(), dy.data(), o.backward.data(), n, p);
    for (std::size_t i = 0; i < n; ++i)
    {
        o.scalar_forward[i] = scalar(fwd, x[i], p);
        o.scalar_grad[i] = scalar(grad, x[i], p);
    }
    return o;
}

// The parameters each family is checked with.
template <class T>
std::vector<param_t<T>> fp_env_params(kernel fwd)
{
    const bool f = sizeof(T) == 4;
    switch (fwd)
    {
    case kernel::quick_gelu: return {{}, with_param(T(-3.25)), with_param(T(1e-31)), with_param(T(1e30))};
    case kernel::elu:
        return {{}, with_param(T(0.3)), with_param(T(1e-31)), with_param(T(f ? 3e38 : 1e300)), with_param(T(-2.5))};
    case kernel::leaky_relu: return {{}, with_param(T(0.2))};
    default: return {{}};
    }
}

template <class T>
void check_flush_to_zero()
{
#if ACTFN_TEST_HAS_MXCSR
    const std::vector<T> x = inputs<T>();
    const std::vector<T> dy_values = {T(1),     T(-2.5), std::numeric_limits<T>::denorm_min(), T(0.75),
                                      T(-1e-3), T(6.5),  std::numeric_limits<T>::min() * T(3)};
    std::vector<T> dy(x.size());
    for (std::size_t i = 0; i < dy.size(); ++i)
        dy[i] = dy_values[i % dy_values.size()];

    // x with its subnormals replaced by zeros of their sign, as DAZ reads them.
    std::vector<T> x_daz = x;
    for (T& v : x_daz)
        if (subnormal(v))
            v = std::copysign(T(0), v);

    std::size_t total_flushed = 0, total_daz = 0;
    for (kernel fwd : forward_kernels)
        for (param_t<T> p : fp_env_params<T>(fwd))
        {
            const outputs<T> want = run(fwd, p, x, dy), want_daz = run(fwd, p, x_daz, dy);
            outputs<T> got;
            {
                const flush_to_zero_mode mode;
                got = run(fwd, p, x, dy);
            }
            std::size_t failures = 0;
            // elu_forward: elu's forward value, whose subnormal x comes back as x.
            auto check = [&](const char* what, std::size_t i, T g, T w, T w_daz, bool elu_forward,
                             bool other_subnormal) {
                bool ok;
                if (subnormal(x[i]))
                {
                    ok = same_bits(g, elu_forward ? x[i] : w_daz) || (other_subnormal && g == T(0));
                    total_daz += ok;
                }
                else if (same_bits(g, w))
                    ok = true;
                else
                {
                    ok = other_subnormal && same_bits(g, std::copysign(T(0), w));
                    total_flushed += ok;
                }
                if (!ok && ++failures <= 8)
                    ADD_FAILURE() << label_of(fwd, p) << " " << what << " under FTZ/DAZ, x = " << hex(x[i])
                                  << ", dy = " << hex(dy[i]) << ": " << hex(g) << ", default mode " << hex(w)
                                  << ", at x's zero " << hex(w_daz);
            };
            const bool is_elu = fwd == kernel::elu;
            for (std::size_t i = 0; i < x.size(); ++i)
            {
                const T g = want.scalar_grad[i];
                check("array", i, got.forward[i], want.forward[i], want_daz.forward[i], is_elu,
                      subnormal(want.forward[i]));
                check("scalar", i, got.scalar_forward[i], want.scalar_forward[i], want_daz.scalar_forward[i], is_elu,
                      subnormal(want.scalar_forward[i]));
                check("scalar derivative", i, got.scalar_grad[i], g, want_daz.scalar_grad[i], false, subnormal(g));
                check("backward", i, got.backward[i], want.backward[i], want_daz.backward[i], false,
                      subnormal(dy[i]) || subnormal(g) || subnormal(want.backward[i]) ||
                          subnormal(want_daz.backward[i]));
            }
            EXPECT_EQ(failures, 0u) << label_of(fwd, p) << ": " << failures << " results changed by FTZ/DAZ";
        }
    // The mode took effect: subnormal inputs were read as zeros and subnormal
    // results flushed.
    EXPECT_GT(total_daz, 0u);
    EXPECT_GT(total_flushed, 0u);
#else
    GTEST_SKIP() << "no MXCSR on this target";
#endif
}

TEST(FpEnvironment, FlushToZeroChangesOnlySubnormalCasesFloat) { check_flush_to_zero<float>(); }
TEST(FpEnvironment, FlushToZeroChangesOnlySubnormalCasesDouble) { check_flush_to_zero<double>(); }

} // namespace actfn_test_fp_environment
