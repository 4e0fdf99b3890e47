// The floating-point environment the kernels run in (README, "Floating-point
// environment").  With FTZ and DAZ set in MXCSR -- as -ffast-math's start-up
// code, oneDNN and torch.set_flush_denormal(True) do -- every array function
// and scalar kernel must give the default mode's bits, except as the mode
// says: a subnormal x acts as a zero of its sign (the result is then the
// default mode's result at that zero), and where x, dy, the default result or
// (backward) the derivative g(x) is subnormal, the result may be a zero.
// The expected values are this build's own outputs in the default mode: the
// property is about the mode, the accuracy is checked elsewhere.  (The
// compile-time side, -ffast-math's rejection, is the fast_math.* tests.)

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
outputs<T> run(kernel fwd, const std::vector<T>& x, const std::vector<T>& dy)
{
    const kernel grad = actfn_ref::derivative_of(fwd);
    const std::size_t n = x.size();
    outputs<T> o{std::vector<T>(n), std::vector<T>(n), std::vector<T>(n), std::vector<T>(n)};
    array_forward(fwd, x.data(), o.forward.data(), n);
    array_backward(fwd, x.data(), dy.data(), o.backward.data(), n);
    for (std::size_t i = 0; i < n; ++i)
    {
        o.scalar_forward[i] = scalar(fwd, x[i]);
        o.scalar_grad[i] = scalar(grad, x[i]);
    }
    return o;
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

    std::size_t total_flushed = 0;
    for (kernel fwd : forward_kernels)
    {
        const outputs<T> want = run(fwd, x, dy), want_daz = run(fwd, x_daz, dy);
        outputs<T> got;
        {
            const flush_to_zero_mode mode;
            got = run(fwd, x, dy);
        }
        std::size_t failures = 0, flushed = 0;
        auto check = [&](const char* what, std::size_t i, T g, T w, T w_daz, bool involves_subnormal) {
            if (same_or_both_nan(g, w))
                return;
            const bool ok = same_or_both_nan(g, w_daz) || (involves_subnormal && g == T(0));
            flushed += ok;
            if (!ok && ++failures <= 8)
                ADD_FAILURE() << actfn_ref::name(fwd) << " " << what << " under FTZ/DAZ, x = " << hex(x[i])
                              << ", dy = " << hex(dy[i]) << ": " << hex(g) << ", default mode " << hex(w);
        };
        for (std::size_t i = 0; i < x.size(); ++i)
        {
            const T g = want.scalar_grad[i];
            check("array", i, got.forward[i], want.forward[i], want_daz.forward[i],
                  subnormal(x[i]) || subnormal(want.forward[i]));
            check("scalar", i, got.scalar_forward[i], want.scalar_forward[i], want_daz.scalar_forward[i],
                  subnormal(x[i]) || subnormal(want.scalar_forward[i]));
            check("scalar derivative", i, got.scalar_grad[i], g, want_daz.scalar_grad[i],
                  subnormal(x[i]) || subnormal(g));
            check("backward", i, got.backward[i], want.backward[i], want_daz.backward[i],
                  subnormal(x[i]) || subnormal(dy[i]) || subnormal(g) || subnormal(want.backward[i]));
        }
        EXPECT_EQ(failures, 0u) << actfn_ref::name(fwd) << ": " << failures << " results changed by FTZ/DAZ ("
                                << flushed << " subnormal cases flushed)";
        total_flushed += flushed;
    }
    // The mode took effect: subnormal inputs and results were flushed.
    EXPECT_GT(total_flushed, 0u);
#else
    GTEST_SKIP() << "no MXCSR on this target";
#endif
}

TEST(FpEnvironment, FlushToZeroChangesOnlySubnormalCasesFloat) { check_flush_to_zero<float>(); }
TEST(FpEnvironment, FlushToZeroChangesOnlySubnormalCasesDouble) { check_flush_to_zero<double>(); }

} // namespace actfn_test_fp_environment
