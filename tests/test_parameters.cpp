// The parameter domain (README, "Parameters"): quick_gelu's and elu's alpha
// and leaky_relu's slope may be any finite value; inside that domain every
// result meets the accuracy bounds (1 ulp forward, 2 ulp derivatives with an
// FMA; 2 and 4 without), on every target, including next to quick_gelu_grad's
// root (which moves with alpha) and for extreme parameters; an infinite or NaN
// parameter gives the documented limits.  Reference: the MPFR evaluator
// (reference/actfn_reference.cpp), never the code under test.  The element
// kernel and the array form must agree bit for bit as well.

#include "support/kernels.hpp"
#include "support/specials.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace actfn_test_parameters {

using namespace actfn_test;
using actfn_ref::evaluator;
using actfn_ref::mp_value;

template <class T>
constexpr format fmt()
{
    return sizeof(T) == 4 ? format::binary32 : format::binary64;
}

// The bound of a kernel in this build (README, "Accuracy").
inline double bound_of(kernel k)
{
    return (actfn_ref::is_derivative(k) ? 2.0 : 1.0) * (ACTFN_HAS_FMA ? 1.0 : 2.0);
}

// k(x) with the parameter, through the element kernel and through the array
// form (at a position inside a SIMD body, with other values around it).
template <class T>
std::pair<T, T> both_forms(kernel k, T x, T param)
{
    const T el = scalar(k, x, with_param(param));
    std::vector<T> in(23, T(0.75)), out(23), dy(23, T(1));
    in[9] = x;
    in[3] = T(-20);
    in[15] = T(1e30);
    const kernel fwd = actfn_ref::forward_of(k);
    if (actfn_ref::is_derivative(k))
        array_backward(fwd, in.data(), dy.data(), out.data(), in.size(), with_param(param));
    else
        array_forward(fwd, in.data(), out.data(), in.size(), with_param(param));
    return {el, out[9]};
}

struct outcome
{
    double worst = 0;
    double worst_x = 0, worst_param = 0;
    long checked = 0, over = 0, forms_differ = 0;
};

// Checks k at (x, param) against MPFR; an exact value beyond the format's
// range must come back as the infinity it rounds to.
template <class T>
void check_point(evaluator& ev, kernel k, T x, T param, outcome& o)
{
    mp_value e;
    const std::pair<T, T> r = both_forms(k, x, param);
    ++o.checked;
    if (!same_bits(r.first, r.second))
    {
        if (++o.forms_differ <= 4)
            ADD_FAILURE() << label_of(k, with_param(param)) << " at x = " << hex(x) << ": element " << hex(r.first)
                          << ", array " << hex(r.second);
    }
    ev.eval(k, e.v, static_cast<double>(x), static_cast<double>(param));
    const double rounded = actfn_ref::round_to(e.v, fmt<T>());
    double err;
    if (std::isinf(rounded))
        err = static_cast<double>(r.first) == rounded ? 0.0 : std::numeric_limits<double>::infinity();
    else
        err = actfn_ref::ulp_error(e.v, static_cast<double>(r.first), fmt<T>());
    if (err > o.worst)
    {
        o.worst = err;
        o.worst_x = static_cast<double>(x);
        o.worst_param = static_cast<double>(param);
    }
    if (err > bound_of(k) && ++o.over <= 4)
        ADD_FAILURE() << label_of(k, with_param(param)) << " at x = " << hex(x) << ": " << hex(r.first) << ", "
                      << err << " ulp (bound " << bound_of(k) << ")";
}

// Random (x, param) pairs of one kind:
//  ordinary  |param| in [2^-6, 2^6] of both signs, x in [-20, 20];
//  wide      |param| and |x| log-uniform over the whole finite range (a third
//            with x chosen so that param x is moderate), every binade;
//  root      quick_gelu_grad only: x at and within 4 ulps of the root R/alpha
//            of the derivative, |alpha| in [2^-20, 2^20].
template <class T>
outcome sweep(kernel k, const char* kind, long n, std::uint64_t seed)
{
    std::mt19937_64 g(seed);
    std::uniform_real_distribution<double> u(0.0, 1.0);
    constexpr int emin = sizeof(T) == 4 ? -149 : -1074, emax = sizeof(T) == 4 ? 127 : 1023;
    auto signed_log_uniform = [&](int lo, int hi) {
        const double m = std::ldexp(1.0 + u(g), lo + static_cast<int>((hi - lo) * u(g)));
        return u(g) < 0.5 ? -m : m;
    };
    evaluator ev;
    outcome o;
    const std::string what = kind;
    for (long i = 0; i < n; ++i)
    {
        T x, param;
        if (what == "root")
        {
            param = static_cast<T>(signed_log_uniform(-20, 20));
            x = static_cast<T>(actfn_ref::root_silu_grad() / static_cast<double>(param));
            const int steps = static_cast<int>(u(g) * 9) - 4;
            for (int s = 0; s < std::abs(steps); ++s)
                x = std::nextafter(x, steps > 0 ? std::numeric_limits<T>::max() : -std::numeric_limits<T>::max());
        }
        else if (what == "wide")
        {
            param = static_cast<T>(signed_log_uniform(emin + 1, emax));
            x = static_cast<T>(signed_log_uniform(emin + 1, emax));
            if (u(g) < 0.35)
                x = static_cast<T>(std::ldexp(2.0 * u(g) - 1.0, static_cast<int>(u(g) * 4)) * 8.0 /
                                   static_cast<double>(param));
            if (!std::isfinite(x))
                x = T(0);
        }
        else
        {
            param = static_cast<T>(signed_log_uniform(-6, 6));
            x = static_cast<T>((2.0 * u(g) - 1.0) * 20.0);
        }
        if (!std::isfinite(param))
            continue;
        check_point(ev, k, x, param, o);
    }
    return o;
}

long samples()
{
    switch (level_from_env())
    {
    case level::light: return 3000;
    case level::standard: return 20000;
    default: return 200000;
    }
}

template <class T>
void check_random(kernel k, const char* kind, std::uint64_t seed)
{
    const outcome o = sweep<T>(k, kind, samples(), seed);
    std::printf("  %-18s %-6s %-8s %ld points: max %.4f ulp at x = %a, param = %a\n", actfn_ref::name(k),
                sizeof(T) == 4 ? "float" : "double", kind, o.checked, o.worst, o.worst_x, o.worst_param);
    EXPECT_EQ(o.over, 0) << actfn_ref::name(k) << " " << kind << ": " << o.over << " points over the bound";
    EXPECT_EQ(o.forms_differ, 0);
}

constexpr kernel param_kernels[] = {kernel::quick_gelu, kernel::quick_gelu_grad, kernel::elu,
                                    kernel::elu_grad,   kernel::leaky_relu,      kernel::leaky_relu_grad};

class ParameterSweep : public ::testing::TestWithParam<kernel>
{
};

TEST_P(ParameterSweep, OrdinaryFloat) { check_random<float>(GetParam(), "ordinary", 11); }
TEST_P(ParameterSweep, OrdinaryDouble) { check_random<double>(GetParam(), "ordinary", 12); }
TEST_P(ParameterSweep, WideFloat) { check_random<float>(GetParam(), "wide", 13); }
TEST_P(ParameterSweep, WideDouble) { check_random<double>(GetParam(), "wide", 14); }

INSTANTIATE_TEST_SUITE_P(Parameters, ParameterSweep, ::testing::ValuesIn(param_kernels),
                         [](const ::testing::TestParamInfo<kernel>& i) { return std::string(actfn_ref::name(i.param)); });

TEST(ParameterRoot, QuickGeluGradFloat) { check_random<float>(kernel::quick_gelu_grad, "root", 15); }
TEST(ParameterRoot, QuickGeluGradDouble) { check_random<double>(kernel::quick_gelu_grad, "root", 16); }

// The cases the independent checks reported, each over its bound before.
TEST(ParameterRegression, ReportedCases)
{
    evaluator ev;
    outcome o;
    const float fmax = std::numeric_limits<float>::max();
    const double dmax = std::numeric_limits<double>::max();
    // quick_gelu_grad next to its root with other alphas (6911, 3.3, 2.1 ulp; double 21 ulp).
    check_point(ev, kernel::quick_gelu_grad, 0x1.094a5ap+3f, -0x1.3bd34cp-3f, o);
    check_point(ev, kernel::quick_gelu_grad, -0x1.23aa7p-6f, 0x1.1f43eap+6f, o);
    check_point(ev, kernel::quick_gelu_grad, static_cast<float>(-1.2784645427610738 / 0x1.7f6e6p+8), 0x1.7f6e6p+8f, o);
    check_point(ev, kernel::quick_gelu_grad, -0x1.b461efb5ac2bap-2, 3.0, o);
    // quick_gelu with a tiny alpha: the tail clamped x at 1e30.
    check_point(ev, kernel::quick_gelu, -0x1.b01658p+106f, 1e-31f, o);
    check_point(ev, kernel::quick_gelu, 1e32f, 1e-31f, o);
    check_point(ev, kernel::quick_gelu, -0x1.b01658p+106, 1e-31, o);
    check_point(ev, kernel::quick_gelu, 0x1.6563d21082a1ep+1019, -0x1.00fb51ff81a1p-1009, o);
    // elu with a large alpha: alpha |x| overflowed.
    check_point(ev, kernel::elu, -2.0f, fmax, o);
    check_point(ev, kernel::elu, from_bits<float>(0xc062a65eu), 1e38f, o);
    check_point(ev, kernel::elu, -2.0, dmax, o);
    check_point(ev, kernel::elu_grad, from_bits<float>(0xbf30ef38u), fmax, o);
    // elu_grad's clamp of x with alpha = 1e30.
    check_point(ev, kernel::elu_grad, -200.0f, 1e30f, o);
    check_point(ev, kernel::elu_grad, -std::numeric_limits<float>::infinity(), 1e30f, o);
    check_point(ev, kernel::elu_grad, -900.0, 1e300, o);
    // Dekker's split overflowed on SSE2 (NaN): the FMA builds check them too.
    check_point(ev, kernel::quick_gelu, 0.0f, 1e35f, o);
    check_point(ev, kernel::elu, -1.0f, 1e35f, o);
    check_point(ev, kernel::quick_gelu, fmax, 0.0f, o);
    check_point(ev, kernel::quick_gelu_grad, 1e36f, 1e-36f, o);
    check_point(ev, kernel::quick_gelu, 0.0, 1e301, o);
    check_point(ev, kernel::elu, -1.0, 1e301, o);
    // Subnormal results with large alphas (two roundings on the subnormal grid).
    check_point(ev, kernel::quick_gelu, -0x1.48d38p-132f, -0x1.ca9daep+116f, o);
    EXPECT_EQ(o.over, 0);
    EXPECT_EQ(o.forms_differ, 0);
    std::printf("  reported cases: max %.4f ulp at x = %a, param = %a\n", o.worst, o.worst_x, o.worst_param);
}

// An infinite or NaN parameter: the limits and NaNs the README documents.
template <class T>
void check_nonfinite()
{
    using L = std::numeric_limits<T>;
    const T inf = L::infinity(), nan = from_bits<T>(sizeof(T) == 4 ? 0x7f812345ull : 0x7ff0000000012345ull);
    const T qnan = quieted_nan(nan);
    struct expectation
    {
        kernel k;
        T x, param, want;
    };
    const std::vector<expectation> cases = {
        // quick_gelu: x sigma(alpha x) -> x (alpha x > 0), a zero of x's sign (< 0); x at +-0.
        {kernel::quick_gelu, T(2), inf, T(2)},
        {kernel::quick_gelu, T(-2), inf, T(-0.0)},
        {kernel::quick_gelu, T(2), -inf, T(0)},
        {kernel::quick_gelu, T(-2), -inf, T(-2)},
        {kernel::quick_gelu, T(-0.0), inf, T(-0.0)},
        {kernel::quick_gelu, T(0), -inf, T(0)},
        {kernel::quick_gelu, -inf, inf, T(-0.0)},
        {kernel::quick_gelu, T(3), nan, qnan},
        {kernel::quick_gelu_grad, T(2), inf, T(1)},
        {kernel::quick_gelu_grad, T(-2), inf, T(0)},
        {kernel::quick_gelu_grad, T(2), -inf, T(0)},
        {kernel::quick_gelu_grad, T(0), inf, T(0.5)},
        {kernel::quick_gelu_grad, T(1), nan, qnan},
        // elu: x for x >= 0, -alpha for x < 0.
        {kernel::elu, T(2), inf, T(2)},
        {kernel::elu, T(-0.0), inf, T(-0.0)},
        {kernel::elu, T(-2), inf, -inf},
        {kernel::elu, T(-2), -inf, inf},
        {kernel::elu, -inf, inf, -inf},
        {kernel::elu, T(-2), nan, qnan},
        {kernel::elu, T(2), nan, T(2)},
        {kernel::elu_grad, T(2), inf, T(1)},
        {kernel::elu_grad, T(-2), inf, inf},
        {kernel::elu_grad, T(0), -inf, -inf},
        {kernel::elu_grad, -inf, inf, T(0)},
        {kernel::elu_grad, -inf, -inf, T(-0.0)},
        {kernel::elu_grad, T(-1), nan, qnan},
        // leaky_relu: x for x > 0, x slope for x < 0, zeros keep the limit's sign.
        {kernel::leaky_relu, T(2), inf, T(2)},
        {kernel::leaky_relu, T(-2), inf, -inf},
        {kernel::leaky_relu, T(-2), -inf, inf},
        {kernel::leaky_relu, T(0), inf, T(0)},
        {kernel::leaky_relu, T(-0.0), inf, T(-0.0)},
        {kernel::leaky_relu, T(0), -inf, T(-0.0)},
        {kernel::leaky_relu, T(-1), nan, qnan},
        {kernel::leaky_relu_grad, T(-1), inf, inf},
        {kernel::leaky_relu_grad, T(-1), nan, qnan},
        {kernel::leaky_relu_grad, T(1), nan, T(1)},
    };
    for (const expectation& c : cases)
    {
        const std::pair<T, T> r = both_forms(c.k, c.x, c.param);
        EXPECT_TRUE(same_bits(r.first, c.want) && same_bits(r.second, c.want))
            << label_of(c.k, with_param(c.param)) << " at x = " << hex(c.x) << ": element " << hex(r.first)
            << ", array " << hex(r.second) << ", expected " << hex(c.want);
    }
}

TEST(ParameterNonfinite, Float) { check_nonfinite<float>(); }
TEST(ParameterNonfinite, Double) { check_nonfinite<double>(); }

} // namespace actfn_test_parameters
