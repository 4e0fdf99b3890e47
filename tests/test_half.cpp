// 16-bit storage (<actfn/half.hpp>, detail/half_array.hpp; README, "16-bit
// data"), for actfn::bfloat16 and actfn::float16:
//   - the conversions: round to nearest even against a search of the sorted
//     16-bit values (an independent method), exact widening, NaN quieted;
//   - every forward array form at its default parameter on all 65536 inputs:
//     the result is the exact value correctly rounded to the format (MPFR,
//     reference/actfn_reference.cpp: evaluator::round_in), 0 mismatches;
//   - every backward form on all 65536 x times fixed dy (+-1, powers of two,
//     subnormals, the largest finite) and random dy per x: dx is the exact
//     dy f'(x) correctly rounded (f' from MPFR as a double-double, the
//     rounding decided by the distance to the neighbouring 16-bit values),
//     and so within the 1 ulp;
//   - NaN, infinities, signed zeros; every length 0..257 and 2-byte offset
//     against one-element calls; in place; spans; the compiler's _Float16.
// This file is built into every ISA test executable: each target must give
// the correctly rounded result, so all give the same bits.

#include "support/kernels.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

namespace actfn_test_half {

using actfn::bfloat16;
using actfn::float16;
using actfn_test::default_param;
using actfn_test::kernel;
using actfn_test::level;
using actfn_ref::format;

template <class H>
constexpr format format_of()
{
    return std::is_same<H, bfloat16>::value ? format::bfloat16 : format::binary16;
}

template <class H>
const char* type_name()
{
    return std::is_same<H, bfloat16>::value ? "bfloat16" : "float16";
}

// ---- the 16-bit formats, written from their definitions ----------------------

// Exponent bits, fraction bits.
template <class H>
constexpr int exponent_bits()
{
    return std::is_same<H, bfloat16>::value ? 8 : 5;
}
template <class H>
constexpr int fraction_bits()
{
    return std::is_same<H, bfloat16>::value ? 7 : 10;
}

// The value of 16-bit pattern h (NaN for NaNs), from sign, exponent and fraction.
template <class H>
double value_of(std::uint16_t h)
{
    constexpr int eb = exponent_bits<H>(), fb = fraction_bits<H>();
    constexpr int bias = (1 << (eb - 1)) - 1;
    const int e = (h >> fb) & ((1 << eb) - 1);
    const int f = h & ((1 << fb) - 1);
    const double sign = (h & 0x8000) ? -1.0 : 1.0;
    if (e == (1 << eb) - 1)
        return f == 0 ? sign * std::numeric_limits<double>::infinity() : std::numeric_limits<double>::quiet_NaN();
    if (e == 0)
        return sign * std::ldexp(f, 1 - bias - fb);
    return sign * std::ldexp((1 << fb) + f, e - bias - fb);
}

template <class H>
bool is_nan_bits(std::uint16_t h)
{
    constexpr int fb = fraction_bits<H>();
    return ((h & 0x7FFF) >> fb) == (0x7FFF >> fb) && (h & ((1 << fb) - 1)) != 0;
}

template <class H>
std::uint16_t quiet_bit()
{
    return static_cast<std::uint16_t>(1u << (fraction_bits<H>() - 1));
}

// The 16-bit pattern nearest to v (finite or infinite, not NaN), ties to the
// even pattern: a binary search among the positive finite values, then the
// nearer neighbour.  Beyond the largest finite value M, +-inf from M + half
// the last gap on.
template <class H>
std::uint16_t nearest_by_search(double v)
{
    static const std::vector<double> values = [] {
        std::vector<double> t;
        for (std::uint32_t h = 0; h < 0x8000; ++h)
            if (!std::isnan(value_of<H>(static_cast<std::uint16_t>(h))))
                t.push_back(value_of<H>(static_cast<std::uint16_t>(h)));
        return t; // sorted: the positive patterns increase with their value
    }();
    const std::uint16_t sign = std::signbit(v) ? 0x8000 : 0;
    const double a = std::fabs(v);
    const std::size_t inf_index = values.size() - 1; // the last entry is +inf
    const double max = values[inf_index - 1];
    const double last_gap = max - values[inf_index - 2];
    if (a >= max + last_gap / 2)
        return static_cast<std::uint16_t>(sign | inf_index);
    const std::size_t hi = static_cast<std::size_t>(std::lower_bound(values.begin(), values.end(), a) - values.begin());
    if (values[hi] == a)
        return static_cast<std::uint16_t>(sign | hi);
    const std::size_t lo = hi - 1;
    const double dlo = a - values[lo], dhi = values[hi] - a;
    const std::size_t pick = dlo < dhi ? lo : dhi < dlo ? hi : (lo % 2 == 0 ? lo : hi);
    return static_cast<std::uint16_t>(sign | pick);
}

template <class H>
std::uint16_t bits_of(H h)
{
    return h.to_bits();
}

// ---- conversions ------------------------------------------------------------------

template <class H>
void check_conversion_from_float(std::uint32_t stride)
{
    std::uint64_t bad = 0;
    for (std::uint64_t b = 0; b < (std::uint64_t(1) << 32); b += stride)
    {
        // Every stride-th float, and its neighbours at the 16-bit rounding
        // points: the patterns just around a midpoint of the format.
        std::uint32_t u = static_cast<std::uint32_t>(b);
        float f;
        std::memcpy(&f, &u, sizeof f);
        const std::uint16_t got = bits_of(H(f));
        if (std::isnan(f))
        {
            std::uint16_t expected_sign = (u >> 31) ? 0x8000 : 0;
            if (!is_nan_bits<H>(got) || !(got & quiet_bit<H>()) || (got & 0x8000) != expected_sign)
                ++bad;
            continue;
        }
        const std::uint16_t expected = nearest_by_search<H>(static_cast<double>(f));
        if (got != expected)
        {
            if (bad < 5)
                ADD_FAILURE() << type_name<H>() << "(" << f << ") = 0x" << std::hex << got << ", nearest 0x" << expected;
            ++bad;
        }
    }
    EXPECT_EQ(bad, 0u);
}

TEST(HalfConversion, FromFloatRoundsToNearestEven)
{
    // 2^32 / 4093 floats, then every float within 3 of a midpoint of each
    // format over a range of exponents.
    check_conversion_from_float<bfloat16>(4093);
    check_conversion_from_float<float16>(4093);
    std::uint64_t bad = 0;
    for (std::uint32_t hi = 0; hi < 0x10000; hi += 3)
        for (int d = -3; d <= 3; ++d)
        {
            // bfloat16 midpoints: low half 0x8000; float16's (normal range):
            // low 13 bits 0x1000.
            const std::uint32_t ub = (hi << 16) + 0x8000u + static_cast<std::uint32_t>(d);
            const std::uint32_t uf = (hi << 13) + 0x1000u + static_cast<std::uint32_t>(d);
            for (int which = 0; which < 2; ++which)
            {
                const std::uint32_t u = which == 0 ? ub : uf;
                float f;
                std::memcpy(&f, &u, sizeof f);
                if (std::isnan(f))
                    continue;
                if (which == 0)
                    bad += bits_of(bfloat16(f)) != nearest_by_search<bfloat16>(f);
                else
                    bad += bits_of(float16(f)) != nearest_by_search<float16>(f);
            }
        }
    EXPECT_EQ(bad, 0u);
}

TEST(HalfConversion, ToFloatIsExactAndRoundTrips)
{
    for (std::uint32_t h = 0; h < 0x10000; ++h)
    {
        const std::uint16_t b = static_cast<std::uint16_t>(h);
        const float fb = static_cast<float>(bfloat16::from_bits(b));
        const float fh = static_cast<float>(float16::from_bits(b));
        if (is_nan_bits<bfloat16>(b))
        {
            ASSERT_TRUE(std::isnan(fb));
            ASSERT_EQ(bits_of(bfloat16(fb)), b | quiet_bit<bfloat16>()) << std::hex << h;
        }
        else
        {
            ASSERT_EQ(static_cast<double>(fb), value_of<bfloat16>(b)) << std::hex << h;
            ASSERT_EQ(bits_of(bfloat16(fb)), b) << std::hex << h;
        }
        if (is_nan_bits<float16>(b))
        {
            ASSERT_TRUE(std::isnan(fh));
            ASSERT_EQ(bits_of(float16(fh)), b | quiet_bit<float16>()) << std::hex << h;
        }
        else
        {
            ASSERT_EQ(static_cast<double>(fh), value_of<float16>(b)) << std::hex << h;
            ASSERT_EQ(bits_of(float16(fh)), b) << std::hex << h;
        }
    }
}

TEST(HalfConversion, Layout)
{
    static_assert(std::is_trivially_copyable<bfloat16>::value && std::is_standard_layout<bfloat16>::value, "");
    static_assert(std::is_trivially_copyable<float16>::value && std::is_standard_layout<float16>::value, "");
    EXPECT_EQ(bits_of(bfloat16(1.0f)), 0x3F80);
    EXPECT_EQ(bits_of(float16(1.0f)), 0x3C00);
    EXPECT_EQ(bits_of(float16(65519.996f)), 0x7BFF);
    EXPECT_EQ(bits_of(float16(65520.0f)), 0x7C00);
    EXPECT_EQ(bits_of(float16(-std::ldexp(1.0f, -25))), 0x8000); // a tie to the even 0
    EXPECT_EQ(bits_of(float16(std::nextafter(std::ldexp(1.0f, -25), 1.0f))), 0x0001);
    EXPECT_EQ(bits_of(bfloat16(std::numeric_limits<float>::max())), 0x7F80);
    EXPECT_EQ(bits_of(bfloat16(std::numeric_limits<float>::denorm_min())), 0x0000);
    EXPECT_EQ(bits_of(bfloat16(std::ldexp(1.0f, -133))), 0x0001);
}

// ---- the array forms ------------------------------------------------------------------

constexpr kernel forward_kernels[] = {kernel::gelu, kernel::gelu_tanh, kernel::quick_gelu, kernel::silu,
                                      kernel::elu,  kernel::relu,      kernel::leaky_relu};

template <class H>
void forward(kernel k, const H* x, H* y, std::size_t n)
{
    switch (k)
    {
    case kernel::gelu: actfn::gelu(x, y, n); return;
    case kernel::gelu_tanh: actfn::gelu_tanh(x, y, n); return;
    case kernel::quick_gelu: actfn::quick_gelu(x, y, n); return;
    case kernel::silu: actfn::silu(x, y, n); return;
    case kernel::elu: actfn::elu(x, y, n); return;
    case kernel::relu: actfn::relu(x, y, n); return;
    case kernel::leaky_relu: actfn::leaky_relu(x, y, n); return;
    default: FAIL() << "not a forward kernel";
    }
}

template <class H>
void backward(kernel k, const H* x, const H* dy, H* dx, std::size_t n)
{
    switch (k)
    {
    case kernel::gelu: actfn::gelu_backward(x, dy, dx, n); return;
    case kernel::gelu_tanh: actfn::gelu_tanh_backward(x, dy, dx, n); return;
    case kernel::quick_gelu: actfn::quick_gelu_backward(x, dy, dx, n); return;
    case kernel::silu: actfn::silu_backward(x, dy, dx, n); return;
    case kernel::elu: actfn::elu_backward(x, dy, dx, n); return;
    case kernel::relu: actfn::relu_backward(x, dy, dx, n); return;
    case kernel::leaky_relu: actfn::leaky_relu_backward(x, dy, dx, n); return;
    default: FAIL() << "not a forward kernel";
    }
}

template <class H>
std::vector<H> all_inputs()
{
    std::vector<H> x(0x10000);
    for (std::uint32_t h = 0; h < 0x10000; ++h)
        x[h] = H::from_bits(static_cast<std::uint16_t>(h));
    return x;
}

// Runs f(begin, end, evaluator&) over [0, n) on the test's threads.
template <class F>
void in_parallel(std::size_t n, F f)
{
    const unsigned threads = std::max(1u, actfn_test::thread_count());
    std::vector<std::thread> pool;
    for (unsigned t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            actfn_ref::evaluator ev;
            f(n * t / threads, n * (t + 1) / threads, ev);
        });
    for (auto& th : pool)
        th.join();
}

template <class H>
void check_forward_correctly_rounded(kernel k)
{
    const std::vector<H> x = all_inputs<H>();
    std::vector<H> y(x.size());
    forward(k, x.data(), y.data(), x.size());
    const double param = static_cast<double>(default_param<float>(k));
    std::vector<std::uint32_t> wrong;
    std::mutex m;
    in_parallel(x.size(), [&](std::size_t begin, std::size_t end, actfn_ref::evaluator& ev) {
        for (std::size_t i = begin; i < end; ++i)
        {
            const std::uint16_t xb = bits_of(x[i]), yb = bits_of(y[i]);
            bool ok;
            if (is_nan_bits<H>(xb))
                ok = yb == (xb | quiet_bit<H>()); // x quieted
            else
            {
                const double exact_rounded = ev.round_in(k, value_of<H>(xb), param, format_of<H>());
                ok = yb == bits_of(H(static_cast<float>(exact_rounded))) && !is_nan_bits<H>(yb);
            }
            if (!ok)
            {
                std::lock_guard<std::mutex> lock(m);
                wrong.push_back(static_cast<std::uint32_t>(i));
            }
        }
    });
    std::sort(wrong.begin(), wrong.end());
    for (std::size_t j = 0; j < wrong.size() && j < 8; ++j)
    {
        const std::uint16_t xb = static_cast<std::uint16_t>(wrong[j]);
        actfn_ref::evaluator ev;
        ADD_FAILURE() << type_name<H>() << " " << actfn_ref::name(k) << "(" << value_of<H>(xb) << " = 0x" << std::hex
                      << xb << ") = 0x" << bits_of(y[wrong[j]]) << " (" << std::dec
                      << value_of<H>(bits_of(y[wrong[j]])) << "), correctly rounded "
                      << ev.round_in(k, value_of<H>(xb), param, format_of<H>());
    }
    EXPECT_EQ(wrong.size(), 0u) << type_name<H>() << " " << actfn_ref::name(k) << ": of 65536 inputs";
}

TEST(HalfArray, ForwardCorrectlyRoundedOnEveryBfloat16)
{
    for (kernel k : forward_kernels)
        check_forward_correctly_rounded<bfloat16>(k);
}

TEST(HalfArray, ForwardCorrectlyRoundedOnEveryFloat16)
{
    for (kernel k : forward_kernels)
        check_forward_correctly_rounded<float16>(k);
}

// The double kernels' results at every input are at least 16 double ulps
// from a 16-bit rounding boundary: the lanes the float kernels leave
// undecided are decided by the double kernels (detail/half_array.hpp).  Not
// checked: relu and leaky_relu, whose double results are exact (an 11-bit
// times a 24-bit significand), and |x| < 2^-40 for the forms whose value
// there is x/2 + c x^2, decided from that split (the tests above check every
// input's result).
template <class H>
void check_double_results_decided()
{
    std::size_t open = 0;
    for (kernel k : forward_kernels)
    {
        if (k == kernel::relu || k == kernel::leaky_relu)
            continue;
        const bool split = k != kernel::elu;
        for (std::uint32_t h = 0; h < 0x10000; ++h)
        {
            const double x = value_of<H>(static_cast<std::uint16_t>(h));
            if (std::isnan(x) || (split && std::fabs(x) < 0x1p-40))
                continue;
            const double v = actfn_test::scalar(k, x, actfn_test::with_param(static_cast<double>(default_param<float>(k))));
            bool decided;
            actfn::detail::round_checked_double<H>(v, decided);
            if (!decided)
            {
                ADD_FAILURE() << type_name<H>() << " " << actfn_ref::name(k) << "(" << x << "): double result " << v
                              << " within 16 ulps of a midpoint";
                ++open;
            }
        }
    }
    EXPECT_EQ(open, 0u);
}

TEST(HalfArray, DoubleResultsDecideEveryInput)
{
    check_double_results_decided<bfloat16>();
    check_double_results_decided<float16>();
}

// dx against the exact dy f'(x): f' from MPFR as hi + lo (106 bits), the
// product dy (hi + lo) formed exactly enough (dy hi with its error by an FMA).
// dx is correct when the exact value lies strictly closer to dx than to
// either neighbour of dx, or on the midpoint with dx even.
struct dd
{
    double hi, lo;
};

template <class H>
bool correctly_rounded(std::uint16_t got, double dy, dd d, double* error_ulps)
{
    const double ph = dy * d.hi;
    const double pe = std::fma(dy, d.hi, -ph) + dy * d.lo;
    *error_ulps = 0;
    if (is_nan_bits<H>(got))
        return false;
    const double g = value_of<H>(got);
    if (std::isinf(g))
    {
        // +-inf: the exact value is at least M + half the last gap.
        const std::uint16_t max = static_cast<std::uint16_t>((got & 0x7FFF) - 1);
        const double m = value_of<H>(max), gap = m - value_of<H>(static_cast<std::uint16_t>(max - 1));
        return (std::signbit(g) == std::signbit(ph)) && std::fabs(ph) + (std::signbit(ph) ? -pe : pe) >= m + gap / 2;
    }
    // exact - g = a + pe, a = ph - g exact (ph and g are close); the sum
    // is compared with half the gap without forming it (pe may lie far
    // below an ulp of a).
    const double a = ph - g;
    if (a == 0 && pe == 0)
        return true;
    const double total = a + pe;
    const bool upward = total != 0 ? total > 0 : pe > 0;
    // The neighbour of got on the exact value's side.
    std::uint16_t nb;
    if ((got & 0x7FFF) == 0)
        nb = static_cast<std::uint16_t>((upward ? 0x0000 : 0x8000) | 1);
    else
        nb = static_cast<std::uint16_t>(upward != std::signbit(g) ? got + 1 : got - 1);
    const double gap = std::fabs(value_of<H>(nb) - g);
    *error_ulps = std::fabs(total) / gap;
    const double sigma = upward ? 1.0 : -1.0;
    const double beyond_half = (sigma * a - gap / 2) + sigma * pe; // |exact - g| - gap/2
    if (std::isinf(value_of<H>(nb)))
        return beyond_half < 0 || (beyond_half == 0 && (got & 1) == 0);
    return beyond_half < 0 || (beyond_half == 0 && (got & 1) == 0);
}

template <class H>
void check_backward(kernel fwd, std::size_t random_per_x)
{
    const kernel der = actfn_ref::derivative_of(fwd);
    const double param = static_cast<double>(default_param<float>(fwd));
    // Fixed dy: +-1, powers of two, subnormals of the format, its largest value.
    std::vector<std::uint16_t> fixed_dy;
    for (float v : {1.0f, -1.0f, 2.0f, -0.5f, 0.25f, 1024.0f, -0.0078125f, 3.0517578125e-05f, 65504.0f / 1024})
        fixed_dy.push_back(bits_of(H(v)));
    fixed_dy.push_back(0x0001);                                            // smallest subnormal
    fixed_dy.push_back(static_cast<std::uint16_t>((1u << fraction_bits<H>()) - 1)); // largest subnormal
    fixed_dy.push_back(0x8003);
    fixed_dy.push_back(static_cast<std::uint16_t>(0x7FFF >> fraction_bits<H>() << fraction_bits<H>()) - 1); // max
    const std::size_t per_x = fixed_dy.size() + random_per_x;

    const std::vector<H> xs = all_inputs<H>();
    std::vector<std::size_t> finite;
    for (std::size_t i = 0; i < xs.size(); ++i)
        if (std::isfinite(value_of<H>(bits_of(xs[i]))))
            finite.push_back(i);

    std::atomic<std::uint64_t> bad{0}, checked{0};
    std::atomic<double> worst{0};
    std::mutex m;
    in_parallel(finite.size(), [&](std::size_t begin, std::size_t end, actfn_ref::evaluator& ev) {
        std::mt19937 rng(static_cast<unsigned>(begin * 7919 + static_cast<unsigned>(fwd)));
        std::uniform_int_distribution<std::uint32_t> any_bits(0, 0xFFFF);
        std::vector<H> x(per_x), dy(per_x), dx(per_x);
        // 320 bits: near x = 0 the derivative is 1/2 + c x with x down to
        // 2^-133, and lo must hold c x.
        mpfr_t exact;
        mpfr_init2(exact, 320);
        double local_worst = 0;
        for (std::size_t i = begin; i < end; ++i)
        {
            const H xv = xs[finite[i]];
            const double xd = value_of<H>(bits_of(xv));
            ev.eval(der, exact, xd, param, 300);
            dd d;
            d.hi = mpfr_get_d(exact, MPFR_RNDN);
            mpfr_sub_d(exact, exact, d.hi, MPFR_RNDN);
            d.lo = mpfr_get_d(exact, MPFR_RNDN);
            std::size_t c = 0;
            for (std::uint16_t b : fixed_dy)
            {
                dy[c++] = H::from_bits(b);
            }
            while (c < per_x)
            {
                const std::uint16_t b = static_cast<std::uint16_t>(any_bits(rng));
                if (std::isfinite(value_of<H>(b)))
                    dy[c++] = H::from_bits(b);
            }
            std::fill(x.begin(), x.end(), xv);
            backward(fwd, x.data(), dy.data(), dx.data(), per_x);
            for (std::size_t j = 0; j < per_x; ++j)
            {
                double err;
                const double dyv = value_of<H>(bits_of(dy[j]));
                bool ok = correctly_rounded<H>(bits_of(dx[j]), dyv, d, &err);
                if (ok && (bits_of(dx[j]) & 0x7FFF) == 0)
                {
                    // A zero: the sign of the float form's dy f'(x) (the
                    // reference's sign is lost where f' underflows).
                    float fxv = static_cast<float>(xv), fdy = static_cast<float>(dy[j]), fdx;
                    actfn_test::array_backward(fwd, &fxv, &fdy, &fdx, 1);
                    ok = std::signbit(fdx) == ((bits_of(dx[j]) & 0x8000) != 0);
                }
                if (!ok)
                {
                    if (bad++ < 5)
                    {
                        std::lock_guard<std::mutex> lock(m);
                        ADD_FAILURE() << type_name<H>() << " " << actfn_ref::name(fwd) << "_backward(x = " << xd
                                      << ", dy = " << dyv << ") = " << value_of<H>(bits_of(dx[j])) << ", exact "
                                      << dyv * d.hi << " (" << err << " ulp)";
                    }
                }
                local_worst = std::max(local_worst, err);
            }
            checked += per_x;
        }
        mpfr_clear(exact);
        double w = worst.load();
        while (local_worst > w && !worst.compare_exchange_weak(w, local_worst))
        {
        }
    });
    EXPECT_EQ(bad.load(), 0u) << type_name<H>() << " " << actfn_ref::name(fwd) << "_backward: " << checked.load()
                              << " (x, dy) pairs, largest error " << worst.load() << " ulp";
}

std::size_t random_dy_per_x()
{
    // 1000 per x in the default build's standard sweep, 16 in the extra ISA
    // builds' light one; ACTFN_HALF_DY_PER_X overrides (the scalar-only CI
    // build takes 100: its kernels are 5-10x slower).
    if (const char* v = std::getenv("ACTFN_HALF_DY_PER_X"))
        return static_cast<std::size_t>(std::strtoul(v, nullptr, 10));
    return actfn_test::level_from_env() == level::light ? 16 : 1000;
}

TEST(HalfArray, BackwardCorrectlyRoundedBfloat16)
{
    for (kernel k : forward_kernels)
        check_backward<bfloat16>(k, random_dy_per_x());
}

TEST(HalfArray, BackwardCorrectlyRoundedFloat16)
{
    for (kernel k : forward_kernels)
        check_backward<float16>(k, random_dy_per_x());
}

// Special values of the backward forms, by the rule of test_nan.cpp: x
// quieted when x is NaN, else dy quieted when dy is NaN, else dy f'(x), whose
// only NaN is (+-inf) * 0 (x86's default NaN, negative, quiet).
template <class H>
void check_backward_specials(kernel fwd)
{
    const std::uint16_t inf = static_cast<std::uint16_t>(0x7FFF >> fraction_bits<H>() << fraction_bits<H>());
    const std::uint16_t qnan = static_cast<std::uint16_t>(inf | quiet_bit<H>() | 5);
    const std::uint16_t snan = static_cast<std::uint16_t>(inf | 3);
    const std::vector<std::uint16_t> vals = {0x0000, 0x8000, inf, static_cast<std::uint16_t>(inf | 0x8000), qnan,
                                             snan, static_cast<std::uint16_t>(snan | 0x8000), bits_of(H(1.5f)),
                                             bits_of(H(-2.0f)), bits_of(H(-30.0f)), 0x0001};
    std::vector<H> x, dy;
    for (std::uint16_t a : vals)
        for (std::uint16_t b : vals)
        {
            x.push_back(H::from_bits(a));
            dy.push_back(H::from_bits(b));
        }
    std::vector<H> dx(x.size());
    backward(fwd, x.data(), dy.data(), dx.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
    {
        const std::uint16_t xb = bits_of(x[i]), db = bits_of(dy[i]), r = bits_of(dx[i]);
        if (is_nan_bits<H>(xb))
        {
            EXPECT_EQ(r, xb | quiet_bit<H>()) << std::hex << xb << " " << db;
            continue;
        }
        if (is_nan_bits<H>(db))
        {
            EXPECT_EQ(r, db | quiet_bit<H>()) << std::hex << xb << " " << db;
            continue;
        }
        // Otherwise the float form's value (x and dy are floats exactly)
        // rounded: its NaN, infinities and zeros carry over.
        float fx = static_cast<float>(x[i]), fdy = static_cast<float>(dy[i]), fdx;
        actfn_test::array_backward(fwd, &fx, &fdy, &fdx, 1);
        if (std::isnan(fdx))
        {
            EXPECT_TRUE(is_nan_bits<H>(r) && (r & quiet_bit<H>())) << std::hex << xb << " " << db;
        }
        else if (std::isinf(fdx) || fdx == 0)
        {
            EXPECT_EQ(r, bits_of(H(fdx))) << std::hex << xb << " " << db;
        }
    }
}

TEST(HalfArray, BackwardSpecialValues)
{
    for (kernel k : forward_kernels)
    {
        check_backward_specials<bfloat16>(k);
        check_backward_specials<float16>(k);
    }
}

// Every length 0..257 at every 2-byte offset of x and y (within 64 bytes)
// gives the bits of one-element calls; n = 0 writes nothing.
template <class H>
void check_lengths_and_offsets(kernel k)
{
    std::mt19937 rng(12345);
    std::uniform_int_distribution<std::uint32_t> any_bits(0, 0xFFFF);
    std::vector<H> pool(257 + 64), dpool(257 + 64);
    for (auto& v : pool)
        v = H::from_bits(static_cast<std::uint16_t>(any_bits(rng)));
    for (auto& v : dpool)
        v = H::from_bits(static_cast<std::uint16_t>(any_bits(rng)));
    // Where the bits are: one-element calls.
    std::vector<H> single(pool.size()), dsingle(pool.size());
    for (std::size_t i = 0; i < pool.size(); ++i)
    {
        forward(k, &pool[i], &single[i], 1);
        backward(k, &pool[i], &dpool[i], &dsingle[i], 1);
    }
    std::vector<H> out(257 + 64 + 1);
    std::size_t bad = 0;
    for (std::size_t n = 0; n <= 257; n += (n < 70 ? 1 : 17))
        for (std::size_t xo = 0; xo < 32; xo += (n < 70 ? 7 : 1))
            for (std::size_t yo = 0; yo < 32; yo += 5)
            {
                const H canary = H::from_bits(0x1234);
                std::fill(out.begin(), out.end(), canary);
                forward(k, pool.data() + xo, out.data() + yo, n);
                for (std::size_t i = 0; i < n; ++i)
                    bad += bits_of(out[yo + i]) != bits_of(single[xo + i]);
                bad += bits_of(out[yo + n]) != 0x1234 || (yo > 0 && bits_of(out[yo - 1]) != 0x1234);
                std::fill(out.begin(), out.end(), canary);
                backward(k, pool.data() + xo, dpool.data() + xo, out.data() + yo, n);
                for (std::size_t i = 0; i < n; ++i)
                    bad += bits_of(out[yo + i]) != bits_of(dsingle[xo + i]);
                bad += bits_of(out[yo + n]) != 0x1234 || (yo > 0 && bits_of(out[yo - 1]) != 0x1234);
            }
    EXPECT_EQ(bad, 0u) << type_name<H>() << " " << actfn_ref::name(k);
    // In place: y = x, dx = dy, dx = x.
    std::vector<H> a(pool.begin(), pool.begin() + 257);
    forward(k, a.data(), a.data(), a.size());
    for (std::size_t i = 0; i < a.size(); ++i)
        ASSERT_EQ(bits_of(a[i]), bits_of(single[i])) << i;
    std::vector<H> xs(pool.begin(), pool.begin() + 257), d(dpool.begin(), dpool.begin() + 257);
    backward(k, xs.data(), d.data(), d.data(), d.size());
    for (std::size_t i = 0; i < d.size(); ++i)
        ASSERT_EQ(bits_of(d[i]), bits_of(dsingle[i])) << i;
    std::vector<H> d2(dpool.begin(), dpool.begin() + 257);
    backward(k, xs.data(), d2.data(), xs.data(), xs.size());
    for (std::size_t i = 0; i < xs.size(); ++i)
        ASSERT_EQ(bits_of(xs[i]), bits_of(dsingle[i])) << i;
}

TEST(HalfArray, EveryLengthOffsetAndInPlace)
{
    for (kernel k : forward_kernels)
    {
        check_lengths_and_offsets<bfloat16>(k);
        check_lengths_and_offsets<float16>(k);
    }
}

TEST(HalfArray, LongArraysMatchShortCalls)
{
    // Several blocks of the driver (512 elements each), odd end.
    std::mt19937 rng(99);
    std::normal_distribution<float> normal(0.0f, 3.0f);
    std::vector<bfloat16> x(5000), y(5000), one(1);
    std::vector<float16> hx(5000), hy(5000), hone(1);
    for (std::size_t i = 0; i < x.size(); ++i)
    {
        x[i] = bfloat16(normal(rng));
        hx[i] = float16(normal(rng));
    }
    actfn::gelu(x.data(), y.data(), x.size());
    actfn::gelu(hx.data(), hy.data(), hx.size());
    for (std::size_t i = 0; i < x.size(); ++i)
    {
        actfn::gelu(&x[i], one.data(), 1);
        ASSERT_EQ(bits_of(one[0]), bits_of(y[i])) << i;
        actfn::gelu(&hx[i], hone.data(), 1);
        ASSERT_EQ(bits_of(hone[0]), bits_of(hy[i])) << i;
    }
}

TEST(HalfArray, ParametersAreUsed)
{
    // quick_gelu, elu and leaky_relu with other parameters: the float form's
    // value rounded, where that is decided (far from a midpoint).
    const float xs[] = {-3.5f, -1.25f, -0.375f, 0.5f, 2.75f};
    for (float xv : xs)
    {
        const bfloat16 x(xv);
        bfloat16 y;
        actfn::quick_gelu(&x, &y, 1, 1.0f);
        EXPECT_NEAR(static_cast<float>(y), actfn::quick_gelu(static_cast<float>(x), 1.0f), 0.01f * std::fabs(xv));
        actfn::elu(&x, &y, 1, 0.5f);
        EXPECT_NEAR(static_cast<float>(y), actfn::elu(static_cast<float>(x), 0.5f), 0.01f * std::fabs(xv));
        actfn::leaky_relu(&x, &y, 1, 0.25f);
        EXPECT_EQ(static_cast<float>(y), actfn::leaky_relu(static_cast<float>(x), 0.25f)); // exact here
    }
}

#if ACTFN_HAS_SPAN
TEST(HalfArray, SpansCheckSizes)
{
    std::vector<bfloat16> x(10, bfloat16(1.0f)), y(10), dy(10, bfloat16(1.0f));
    actfn::gelu(std::span<const bfloat16>(x), std::span<bfloat16>(y));
    EXPECT_EQ(bits_of(y[3]), bits_of(bfloat16(0.8413447f)));
    std::vector<float16> hx(3), hy(4);
#if ACTFN_HAS_EXCEPTIONS
    EXPECT_THROW(actfn::silu(std::span<const float16>(hx), std::span<float16>(hy)), std::invalid_argument);
    EXPECT_THROW(actfn::gelu_backward(std::span<const bfloat16>(x), std::span<const bfloat16>(dy.data(), 9),
                                      std::span<bfloat16>(y)),
                 std::invalid_argument);
#endif
}
#endif

#if ACTFN_HAS_FLOAT16_TYPE
TEST(HalfArray, CompilerFloat16)
{
    // The compiler's _Float16 arrays go straight in, with float16's bits.
    std::vector<_Float16> x(100), y(100), dy(100, static_cast<_Float16>(1.0f)), dx(100);
    std::vector<float16> hx(100), hy(100), hdy(100, float16(1.0f)), hdx(100);
    for (int i = 0; i < 100; ++i)
    {
        x[static_cast<std::size_t>(i)] = static_cast<_Float16>(0.1f * static_cast<float>(i - 50));
        std::memcpy(&hx[static_cast<std::size_t>(i)], &x[static_cast<std::size_t>(i)], 2);
    }
    actfn::gelu(x.data(), y.data(), x.size());
    actfn::gelu(hx.data(), hy.data(), hx.size());
    actfn::silu_backward(x.data(), dy.data(), dx.data(), x.size());
    actfn::silu_backward(hx.data(), hdy.data(), hdx.data(), hx.size());
    for (std::size_t i = 0; i < x.size(); ++i)
    {
        std::uint16_t a, b;
        std::memcpy(&a, &y[i], 2);
        EXPECT_EQ(a, bits_of(hy[i]));
        std::memcpy(&b, &dx[i], 2);
        EXPECT_EQ(b, bits_of(hdx[i]));
        // The compiler's own conversion agrees with float16's.
        EXPECT_EQ(static_cast<float>(y[i]), static_cast<float>(hy[i]));
    }
}
#endif

} // namespace actfn_test_half
