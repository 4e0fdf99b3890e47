// Tests of the MPFR reference itself, against values that do not come from it:
// shared/notes/gelu-math.md, 50-digit mpmath evaluations of the definitions
// (an independent implementation), closed forms, identities between different
// formulas of the same function, and central differences of the forward
// reference for the derivatives.

#include "actfn_reference.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>

namespace {

using actfn_ref::evaluator;
using actfn_ref::format;
using actfn_ref::kernel;

struct mpv
{
    mpfr_t v;
    explicit mpv(long prec = 256) { mpfr_init2(v, prec); }
    ~mpv() { mpfr_clear(v); }
    mpv(const mpv&) = delete;
    mpv& operator=(const mpv&) = delete;
    operator mpfr_ptr() { return v; }
    double d() const { return mpfr_get_d(v, MPFR_RNDN); }
};

double ref(kernel k, double x, double param = 0.0)
{
    evaluator ev;
    mpv out;
    ev.eval(k, out, x, param);
    return out.d();
}

// Relative difference, for comparing against decimal strings of 25 digits.
double rel(double a, double b)
{
    return std::fabs(a - b) / std::fabs(b);
}

bool signbit_set(double v) { return std::signbit(v); }

std::uint32_t bits(float v)
{
    std::uint32_t u;
    std::memcpy(&u, &v, sizeof u);
    return u;
}

// 50-digit mpmath values of the definitions (computed independently of MPFR):
// x, gelu, gelu', gelu_tanh, gelu_tanh', silu, silu'.
struct known_row
{
    double x;
    double gelu, gelu_grad, gelu_tanh, gelu_tanh_grad, silu, silu_grad;
};
const known_row known[] = {
    {1.0, 0.8413447460685429485852325, 1.083315470587686298383063, 0.8411919906082767047819958,
     1.082964083845782555139642, 0.7310585786300048792511592, 0.927670511871486731788584},
    {-3.0, -0.004049694094890283579955444, -0.01194564720418392700015524, -0.003637392081773018837816466,
     -0.01158416663096972620354646, -0.1422776195327003426365445, -0.08810410601516961706923193},
    {-10.5, -4.534956633699691863875208e-25, -4.760954306868753224912063e-24, -7.424900556079039823027364e-43,
     -1.863734424204015307049741e-41, -0.0002891247567031264438914306, -0.000261581104338548816658004},
    {0.25, 0.1496765814207309310602134, 0.6953733548836360259761602, 0.1496753507016850002254287,
     0.695354095151060429485875, 0.1405441252214495260068309, 0.6237100215701976909236366},
};

TEST(Reference, KnownValuesFromIndependentEvaluation)
{
    // The reference is accurate to 2^-100; the decimal strings to 25 digits, and
    // their conversion to double to 2^-53: 1e-15 relative is a double-level check.
    for (const known_row& r : known)
    {
        SCOPED_TRACE(r.x);
        EXPECT_LT(rel(ref(kernel::gelu, r.x), r.gelu), 1e-15);
        EXPECT_LT(rel(ref(kernel::gelu_grad, r.x), r.gelu_grad), 1e-15);
        EXPECT_LT(rel(ref(kernel::gelu_tanh, r.x), r.gelu_tanh), 1e-15);
        EXPECT_LT(rel(ref(kernel::gelu_tanh_grad, r.x), r.gelu_tanh_grad), 1e-15);
        EXPECT_LT(rel(ref(kernel::silu, r.x), r.silu), 1e-15);
        EXPECT_LT(rel(ref(kernel::silu_grad, r.x), r.silu_grad), 1e-15);
    }
    // quick_gelu with the float nearest 1.702 (0x1.b3b646p+0), and elu(-1) = e^-1 - 1.
    EXPECT_LT(rel(ref(kernel::quick_gelu, 1.0, static_cast<double>(1.702f)), 0.8457957687936359694117737), 1e-15);
    EXPECT_LT(rel(ref(kernel::elu, -1.0, 1.0), -0.6321205588285576784044762), 1e-15);
    EXPECT_LT(rel(ref(kernel::elu, -1.0, 2.5), 2.5 * -0.6321205588285576784044762), 1e-15);
    EXPECT_LT(rel(ref(kernel::elu_grad, -1.0, 2.5), 2.5 * 0.3678794411714423215955238), 1e-15);
}

TEST(Reference, ValuesFromTheNote)
{
    // gelu-math.md: gelu'(-0.751791524693564457...) = 0, gelu there = -0.169971207479903661...
    const double r = -0.751791524693564457;
    EXPECT_LT(std::fabs(ref(kernel::gelu_grad, r)), 1e-16);
    EXPECT_LT(rel(ref(kernel::gelu, r), -0.169971207479903661), 1e-16);

    EXPECT_LT(std::fabs(actfn_ref::root_gelu_grad() - -0.751791524693564457457904946779524), 1e-16);
    EXPECT_LT(std::fabs(actfn_ref::root_gelu_tanh_grad() - -0.752461422071016258487954443288910), 1e-16);
    EXPECT_LT(std::fabs(actfn_ref::root_silu_grad() - -1.278464542761073795109358739022980), 1e-16);
    // quick_gelu' vanishes where alpha*x is silu's root (mpmath: -0.751154245760795548 for 1.702f).
    EXPECT_LT(std::fabs(actfn_ref::root_quick_gelu_grad(static_cast<double>(1.702f)) - -0.751154245760795548),
              1e-16);
}

TEST(Reference, DerivativesChangeSignAtTheirRoots)
{
    const double rg = actfn_ref::root_gelu_grad();
    EXPECT_LT(ref(kernel::gelu_grad, std::nextafter(rg, -1.0)), 0.0);
    EXPECT_GT(ref(kernel::gelu_grad, std::nextafter(rg, 0.0)), 0.0);
    const double rs = actfn_ref::root_silu_grad();
    EXPECT_LT(ref(kernel::silu_grad, std::nextafter(rs, -2.0)), 0.0);
    EXPECT_GT(ref(kernel::silu_grad, std::nextafter(rs, 0.0)), 0.0);
    const double rt = actfn_ref::root_gelu_tanh_grad();
    EXPECT_LT(ref(kernel::gelu_tanh_grad, std::nextafter(rt, -1.0)), 0.0);
    EXPECT_GT(ref(kernel::gelu_tanh_grad, std::nextafter(rt, 0.0)), 0.0);
}

TEST(Reference, CancellationNearARootRaisesThePrecision)
{
    // At the double nearest gelu's minimum, Phi and x*phi cancel to ~2^-54 of
    // their size: 128 bits cannot keep 100 bits of the sum.
    evaluator ev;
    mpv out;
    ev.eval(kernel::gelu_grad, out, actfn_ref::root_gelu_grad(), 0.0, 100);
    EXPECT_GT(ev.last_precision(), 128 + 50);
    // The value agrees with a 1000-bit evaluation to 2^-100.
    mpv big(1100);
    ev.eval(kernel::gelu_grad, big, actfn_ref::root_gelu_grad(), 0.0, 1000);
    mpfr_sub(out, out, big, MPFR_RNDN);
    mpfr_div(out, out, big, MPFR_RNDN);
    EXPECT_LT(std::fabs(out.d()), std::ldexp(1.0, -100));
}

TEST(Reference, ThresholdsFromTheNote)
{
    evaluator ev;
    // float gelu rounds to -0 below x ~ -14.35607, double below -38.58014.
    EXPECT_NE(ev.round_float(kernel::gelu, -14.3560f, 0.0f), 0.0f);
    EXPECT_EQ(ev.round_float(kernel::gelu, -14.3562f, 0.0f), 0.0f);
    EXPECT_TRUE(std::signbit(ev.round_float(kernel::gelu, -14.3562f, 0.0f)));
    EXPECT_NE(ev.round_double(kernel::gelu, -38.5801, 0.0), 0.0);
    EXPECT_EQ(ev.round_double(kernel::gelu, -38.5802, 0.0), 0.0);
    // gelu_tanh: the note's row (-10.76462 float, -14.43886 double) is off;
    // 60-digit mpmath puts |gelu_tanh| = 2^-150 at -10.7708682537 and
    // 2^-1075 at -21.5470754104 (at -14.43886 it is still -7.4e-103).
    EXPECT_NE(ev.round_float(kernel::gelu_tanh, -10.7708f, 0.0f), 0.0f);
    EXPECT_EQ(ev.round_float(kernel::gelu_tanh, -10.7709f, 0.0f), 0.0f);
    EXPECT_NE(ev.round_double(kernel::gelu_tanh, -21.5470, 0.0), 0.0);
    EXPECT_EQ(ev.round_double(kernel::gelu_tanh, -21.5471, 0.0), 0.0);
    // silu (mpmath): 2^-150 at -108.6603036193, 2^-1075 at -751.7556304135.
    EXPECT_NE(ev.round_float(kernel::silu, -108.660f, 0.0f), 0.0f);
    EXPECT_EQ(ev.round_float(kernel::silu, -108.661f, 0.0f), 0.0f);
    EXPECT_NE(ev.round_double(kernel::silu, -751.7556, 0.0), 0.0);
    EXPECT_EQ(ev.round_double(kernel::silu, -751.7557, 0.0), 0.0);
    // Phi = gelu/x rounds to 1 above 5.41998 (float) and 8.29236 (double).
    auto cdf = [](double x, format f) {
        evaluator e;
        mpv g(300), xv(300);
        e.eval(kernel::gelu, g, x, 0.0, 250);
        mpfr_set_d(xv, x, MPFR_RNDN);
        mpfr_div(g, g, xv, MPFR_RNDN);
        return actfn_ref::round_to(g, f);
    };
    EXPECT_LT(cdf(5.4199, format::binary32), 1.0);
    EXPECT_EQ(cdf(5.4201, format::binary32), 1.0);
    EXPECT_LT(cdf(8.2923, format::binary64), 1.0);
    EXPECT_EQ(cdf(8.2924, format::binary64), 1.0);
}

TEST(Reference, IdentitiesBetweenFormulas)
{
    // gelu = x (1 + erf(x/sqrt 2)) / 2 and gelu_tanh = x (1 + tanh u) / 2 are
    // other formulas than the ones the reference uses (erfc, sigmoid); where
    // they do not cancel (x > 0) they must agree to 2^-100.
    for (double x : {0.125, 0.7, 1.5, 3.25, 6.0})
    {
        SCOPED_TRACE(x);
        mpv r(300), t(300), xv(300), u(300), k(300);
        evaluator ev;
        ev.eval(kernel::gelu, r, x, 0.0, 200);
        mpfr_set_d(xv, x, MPFR_RNDN);
        mpfr_sqrt_ui(t, 2, MPFR_RNDN);
        mpfr_div(t, xv, t, MPFR_RNDN);
        mpfr_erf(t, t, MPFR_RNDN);
        mpfr_add_ui(t, t, 1, MPFR_RNDN);
        mpfr_mul(t, t, xv, MPFR_RNDN);
        mpfr_div_2ui(t, t, 1, MPFR_RNDN);
        mpfr_sub(t, t, r, MPFR_RNDN);
        mpfr_div(t, t, r, MPFR_RNDN);
        EXPECT_LT(std::fabs(t.d()), std::ldexp(1.0, -100));

        ev.eval(kernel::gelu_tanh, r, x, 0.0, 200);
        mpfr_set_str(k, "0.044715", 10, MPFR_RNDN);
        mpfr_pow_ui(u, xv, 3, MPFR_RNDN);
        mpfr_mul(u, u, k, MPFR_RNDN);
        mpfr_add(u, u, xv, MPFR_RNDN);
        mpfr_const_pi(t, MPFR_RNDN);
        mpfr_ui_div(t, 2, t, MPFR_RNDN);
        mpfr_sqrt(t, t, MPFR_RNDN);
        mpfr_mul(u, u, t, MPFR_RNDN);
        mpfr_tanh(u, u, MPFR_RNDN);
        mpfr_add_ui(u, u, 1, MPFR_RNDN);
        mpfr_mul(u, u, xv, MPFR_RNDN);
        mpfr_div_2ui(u, u, 1, MPFR_RNDN);
        mpfr_sub(u, u, r, MPFR_RNDN);
        mpfr_div(u, u, r, MPFR_RNDN);
        EXPECT_LT(std::fabs(u.d()), std::ldexp(1.0, -100));
    }
    // quick_gelu with alpha = 1 is silu.
    for (double x : {-20.0, -1.25, 0.5, 7.0})
    {
        EXPECT_EQ(ref(kernel::quick_gelu, x, 1.0), ref(kernel::silu, x));
        EXPECT_EQ(ref(kernel::quick_gelu_grad, x, 1.0), ref(kernel::silu_grad, x));
    }
}

TEST(Reference, DerivativesMatchCentralDifferences)
{
    // (f(x+h) - f(x-h)) / 2h = f'(x) + h^2 f'''(x)/6 + ...: with h = 2^-50 the
    // truncation is ~2^-100 |f'''|, and 400-bit evaluations keep the rounding
    // below that.  Agreement to 2^-80 (relative to max(|f'|, 1)) checks each
    // derivative formula against its forward function.
    const kernel grads[] = {kernel::gelu_grad, kernel::gelu_tanh_grad, kernel::quick_gelu_grad,
                            kernel::silu_grad, kernel::elu_grad};
    const double xs[] = {-9.0, -3.5, -1.0, -0.25, 0.375, 2.0, 5.5};
    evaluator ev;
    for (kernel g : grads)
    {
        const kernel f = actfn_ref::forward_of(g);
        const double param = f == kernel::quick_gelu ? 1.702 : f == kernel::elu ? 1.5 : 0.0;
        for (double x : xs)
        {
            if (f == kernel::elu && x > 0)
                continue;
            SCOPED_TRACE(std::string(actfn_ref::name(g)) + " at " + std::to_string(x));
            mpv xp(400), xm(400), fp(400), fm(400), d(400);
            mpfr_set_d(xp, x, MPFR_RNDN);
            mpfr_set_d(xm, x, MPFR_RNDN);
            mpfr_add_d(xp, xp, std::ldexp(1.0, -50), MPFR_RNDN);
            mpfr_sub_d(xm, xm, std::ldexp(1.0, -50), MPFR_RNDN);
            ev.eval_mp(f, fp, xp, param, 350);
            ev.eval_mp(f, fm, xm, param, 350);
            mpfr_sub(fp, fp, fm, MPFR_RNDN);
            mpfr_mul_2si(fp, fp, 49, MPFR_RNDN);
            ev.eval(g, d, x, param, 350);
            const double scale = std::max(1.0, std::fabs(d.d()));
            mpfr_sub(fp, fp, d, MPFR_RNDN);
            EXPECT_LT(std::fabs(fp.d()) / scale, std::ldexp(1.0, -80));
        }
    }
}

TEST(Reference, SpecialValuesAreTheLimits)
{
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    for (kernel k : {kernel::gelu, kernel::gelu_tanh, kernel::silu})
    {
        SCOPED_TRACE(actfn_ref::name(k));
        EXPECT_EQ(ref(k, inf), inf);
        EXPECT_EQ(ref(k, -inf), 0.0);
        EXPECT_TRUE(signbit_set(ref(k, -inf)));
        EXPECT_EQ(ref(actfn_ref::derivative_of(k), inf), 1.0);
        EXPECT_EQ(ref(actfn_ref::derivative_of(k), -inf), 0.0);
        EXPECT_TRUE(std::isnan(ref(k, nan)));
        EXPECT_TRUE(std::isnan(ref(actfn_ref::derivative_of(k), nan)));
        EXPECT_TRUE(signbit_set(ref(k, -0.0)));
        EXPECT_FALSE(signbit_set(ref(k, 0.0)));
        EXPECT_EQ(ref(actfn_ref::derivative_of(k), 0.0), 0.5);
    }
    EXPECT_EQ(ref(kernel::quick_gelu, -inf, 1.702), 0.0);
    EXPECT_EQ(ref(kernel::elu, -inf, 1.5), -1.5);
    EXPECT_EQ(ref(kernel::elu_grad, 0.0, 1.5), 1.5);
    EXPECT_EQ(ref(kernel::relu_grad, 0.0), 0.0);
    EXPECT_EQ(ref(kernel::leaky_relu_grad, 0.0, 0.25), 0.25);
    EXPECT_EQ(ref(kernel::leaky_relu, -inf, 0.25), -inf);
    EXPECT_EQ(ref(kernel::leaky_relu, -8.0, 0.25), -2.0);
    // Beyond MPFR's exponent range the tail is a signed zero, not NaN.
    EXPECT_EQ(ref(kernel::gelu, -1e300), 0.0);
    EXPECT_TRUE(signbit_set(ref(kernel::gelu, -1e300)));
    EXPECT_EQ(ref(kernel::gelu_grad, -1e300), 0.0);
    EXPECT_EQ(ref(kernel::gelu_tanh, -1e300), 0.0);
    EXPECT_EQ(ref(kernel::gelu_tanh_grad, 1e300), 1.0);
    EXPECT_EQ(ref(kernel::silu_grad, -1e300), 0.0);
    EXPECT_EQ(ref(kernel::gelu, 1e300), 1e300);
}

TEST(Reference, RoundingToFloatHandlesSubnormalsAndTies)
{
    const float tiny = std::numeric_limits<float>::denorm_min();
    mpv v(300);
    // Exactly half the smallest subnormal is a tie: to even, 0.
    mpfr_set_d(v, std::ldexp(1.0, -150), MPFR_RNDN);
    EXPECT_EQ(bits(static_cast<float>(actfn_ref::round_to(v, format::binary32))), 0u);
    // Just above the tie: the smallest subnormal.
    mpfr_set_d(v, std::ldexp(1.0, -150), MPFR_RNDN);
    mpfr_add_d(v, v, std::ldexp(1.0, -210), MPFR_RNDN);
    EXPECT_EQ(static_cast<float>(actfn_ref::round_to(v, format::binary32)), tiny);
    // 3 * 2^-150 is a tie between 2^-149 and 2^-148: to even, 2^-148.
    mpfr_set_d(v, 3 * std::ldexp(1.0, -150), MPFR_RNDN);
    EXPECT_EQ(static_cast<float>(actfn_ref::round_to(v, format::binary32)), 2 * tiny);

    // gelu(x) = x/2 + x^2/sqrt(2 pi) + ...: at x = 2^-149 the exact value sits
    // 2^-299/sqrt(2 pi) above the tie 2^-150, so it rounds up; at -2^-149 it
    // sits below the tie in magnitude and rounds to -0.  Deciding that needs
    // ~300 bits: the Ziv loop must get there.
    evaluator ev;
    EXPECT_EQ(ev.round_float(kernel::gelu, tiny, 0.0f), tiny);
    const float neg = ev.round_float(kernel::gelu, -tiny, 0.0f);
    EXPECT_EQ(bits(neg), 0x80000000u);
    EXPECT_EQ(ev.round_float(kernel::gelu, 2 * tiny, 0.0f), tiny);
    EXPECT_EQ(ev.round_float(kernel::gelu_grad, tiny, 0.0f), 0.5f);
    const double dtiny = std::numeric_limits<double>::denorm_min();
    EXPECT_EQ(ev.round_double(kernel::silu, dtiny, 0.0), dtiny);
    EXPECT_EQ(ev.round_double(kernel::silu, 2 * dtiny, 0.0), dtiny);
    EXPECT_EQ(ev.round_double(kernel::elu, -dtiny, 1.0), -dtiny);
    EXPECT_EQ(ev.round_float(kernel::leaky_relu, -3 * tiny, 0.5f), -2 * tiny);
}

TEST(Reference, BracketFindsBothNeighboursAndMidpoints)
{
    mpv v(300);
    mpfr_set_d(v, 1.0, MPFR_RNDN);
    actfn_ref::neighbours nb = actfn_ref::bracket(v, format::binary32, 60);
    EXPECT_EQ(nb.nearest, 1.0);
    EXPECT_EQ(nb.other, 1.0);
    EXPECT_FALSE(nb.near_midpoint);
    // 1 + 2^-24 + 2^-100 is 2^-100 above the float midpoint 1 + 2^-24.
    mpfr_set_d(v, 1.0 + std::ldexp(1.0, -24), MPFR_RNDN);
    mpfr_add_d(v, v, std::ldexp(1.0, -100), MPFR_RNDN);
    nb = actfn_ref::bracket(v, format::binary32, 60);
    EXPECT_EQ(nb.nearest, 1.0 + std::ldexp(1.0, -23));
    EXPECT_EQ(nb.other, 1.0);
    EXPECT_TRUE(nb.near_midpoint);
    EXPECT_FALSE(actfn_ref::bracket(v, format::binary32, 110).near_midpoint);
    // A quarter of the way between two floats is not near the midpoint.
    mpfr_set_d(v, 1.0 + std::ldexp(1.0, -25), MPFR_RNDN);
    nb = actfn_ref::bracket(v, format::binary32, 60);
    EXPECT_EQ(nb.nearest, 1.0);
    EXPECT_EQ(nb.other, 1.0 + std::ldexp(1.0, -23));
    EXPECT_FALSE(nb.near_midpoint);
    // Below the smallest subnormal, negative: -0 and -2^-149.
    mpfr_set_d(v, -std::ldexp(1.0, -150), MPFR_RNDN);
    mpfr_add_d(v, v, std::ldexp(1.0, -300), MPFR_RNDN);
    nb = actfn_ref::bracket(v, format::binary32, 60);
    EXPECT_EQ(nb.nearest, 0.0);
    EXPECT_TRUE(std::signbit(nb.nearest));
    EXPECT_EQ(nb.other, -std::ldexp(1.0, -149));
    EXPECT_TRUE(nb.near_midpoint);
}

TEST(Reference, UlpErrorOnHandMadeCases)
{
    using actfn_ref::ulp_error;
    const format f32 = format::binary32, f64 = format::binary64;
    const double inf = std::numeric_limits<double>::infinity();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    mpv e(200);

    mpfr_set_d(e, 1.0, MPFR_RNDN);
    EXPECT_EQ(ulp_error(e, 1.0, f32), 0.0);
    EXPECT_EQ(ulp_error(e, 1.0 + std::ldexp(1.0, -23), f32), 1.0);
    EXPECT_EQ(ulp_error(e, 1.0 + std::ldexp(1.0, -52), f64), 1.0);
    // Below 1 the binade is [1/2, 1): ulp = 2^-24 (float); 1 - 2^-25 to 1 is half of it.
    mpfr_set_d(e, 1.0 - std::ldexp(1.0, -25), MPFR_RNDN);
    EXPECT_EQ(ulp_error(e, 1.0, f32), 0.5);
    EXPECT_EQ(ulp_error(e, 1.0 - std::ldexp(1.0, -24), f32), 0.5);
    // The ulp is the exact value's, not y's: exact 1, y = 1 - 2^-24 is 2^-24/2^-23.
    mpfr_set_d(e, 1.0, MPFR_RNDN);
    EXPECT_EQ(ulp_error(e, 1.0 - std::ldexp(1.0, -24), f32), 0.5);
    // Not a power of two: ulp(3) = 2^-22.
    mpfr_set_d(e, 3.0, MPFR_RNDN);
    EXPECT_EQ(ulp_error(e, 3.0 + std::ldexp(1.0, -22), f32), 1.0);
    EXPECT_EQ(ulp_error(e, -3.0, f32), 6.0 * std::ldexp(1.0, 22));
    // An irrational exact value: pi to float is 0x1.921fb6p+1 with error
    // |pi - that| = 8.742278e-8 = 0.3667 ulp (ulp(pi) = 2^-22).
    mpfr_const_pi(e, MPFR_RNDN);
    EXPECT_NEAR(ulp_error(e, static_cast<double>(3.14159274f), f32), 0.36668, 1e-4);

    // The ulp never goes below the smallest subnormal spacing.
    mpfr_set_d(e, 0.25 * std::ldexp(1.0, -149), MPFR_RNDN);
    EXPECT_EQ(ulp_error(e, 0.0, f32), 0.25);
    mpfr_set_d(e, std::ldexp(1.0, -140), MPFR_RNDN); // subnormal float: spacing 2^-149
    EXPECT_EQ(ulp_error(e, std::ldexp(1.0, -140) + std::ldexp(1.0, -148), f32), 2.0);
    mpfr_set_ui(e, 3, MPFR_RNDN);
    mpfr_mul_2si(e, e, -1076, MPFR_RNDN); // 0.75 * 2^-1074, below double's range
    EXPECT_EQ(ulp_error(e, std::ldexp(1.0, -1074), f64), 0.25);
    // Exact zeros.
    mpfr_set_zero(e, 1);
    EXPECT_EQ(ulp_error(e, 0.0, f32), 0.0);
    EXPECT_EQ(ulp_error(e, -0.0, f32), 0.0);
    EXPECT_EQ(ulp_error(e, std::ldexp(1.0, -149), f32), 1.0);
    EXPECT_EQ(ulp_error(e, -std::ldexp(1.0, -1073), f64), 2.0);
    // Infinities and NaN.
    mpfr_set_inf(e, 1);
    EXPECT_EQ(ulp_error(e, inf, f32), 0.0);
    EXPECT_EQ(ulp_error(e, -inf, f32), inf);
    EXPECT_EQ(ulp_error(e, FLT_MAX, f32), inf);
    mpfr_set_nan(e);
    EXPECT_EQ(ulp_error(e, nan, f64), 0.0);
    EXPECT_EQ(ulp_error(e, 1.0, f64), inf);
    mpfr_set_d(e, 2.0, MPFR_RNDN);
    EXPECT_EQ(ulp_error(e, nan, f64), inf);
    EXPECT_EQ(ulp_error(e, inf, f64), inf);

    EXPECT_EQ(actfn_ref::abs_error(e, 2.5), 0.5);
}

} // namespace
