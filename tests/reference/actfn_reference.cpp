// MPFR evaluation of the definitions in shared/notes/gelu-math.md.
//
// Error budget.  Every operation below is one correctly rounded MPFR call at
// the working precision P, except where an argument must be formed exactly
// (x^2, alpha*x: products of two doubles fit in 106 bits, so the temporaries
// get enough bits to hold them exactly).  A forward value is a product of a
// few such results: relative error below 8 * 2^-P.  The arguments whose
// rounding would be amplified (-x/sqrt(2) inside erfc, u inside exp(-2u), whose
// relative conditioning grows like x^2 and |u|) are formed with
// 3 * max(0, exponent(x)) extra bits, which covers that growth.  A sum whose
// terms cancel (a derivative near its root) loses exactly
// exponent(largest term) - exponent(sum) bits: those are measured and the
// evaluation is repeated with that many more bits, so the result keeps
// goal_bits of relative accuracy.

#include "actfn_reference.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace actfn_ref {

const char* name(kernel k) noexcept
{
    switch (k)
    {
    case kernel::gelu: return "gelu";
    case kernel::gelu_grad: return "gelu_grad";
    case kernel::gelu_tanh: return "gelu_tanh";
    case kernel::gelu_tanh_grad: return "gelu_tanh_grad";
    case kernel::quick_gelu: return "quick_gelu";
    case kernel::quick_gelu_grad: return "quick_gelu_grad";
    case kernel::silu: return "silu";
    case kernel::silu_grad: return "silu_grad";
    case kernel::elu: return "elu";
    case kernel::elu_grad: return "elu_grad";
    case kernel::relu: return "relu";
    case kernel::relu_grad: return "relu_grad";
    case kernel::leaky_relu: return "leaky_relu";
    case kernel::leaky_relu_grad: return "leaky_relu_grad";
    }
    return "?";
}

bool is_derivative(kernel k) noexcept
{
    return (static_cast<int>(k) & 1) != 0;
}

kernel forward_of(kernel k) noexcept
{
    return static_cast<kernel>(static_cast<int>(k) & ~1);
}

kernel derivative_of(kernel k) noexcept
{
    return static_cast<kernel>(static_cast<int>(k) | 1);
}

bool has_param(kernel k) noexcept
{
    const kernel f = forward_of(k);
    return f == kernel::quick_gelu || f == kernel::elu || f == kernel::leaky_relu;
}

format_info info(format f) noexcept
{
    if (f == format::binary32)
        return {24, -126, 127, std::ldexp(1.0, -149)};
    if (f == format::bfloat16)
        return {8, -126, 127, std::ldexp(1.0, -133)};
    if (f == format::binary16)
        return {11, -14, 15, std::ldexp(1.0, -24)};
    return {53, -1022, 1023, std::ldexp(1.0, -1074)};
}

namespace {

constexpr long min_working_prec = 128;
constexpr long max_working_prec = 1 << 15;

// An mpfr_t that frees itself.
struct mp
{
    mpfr_t v;
    explicit mp(long prec = min_working_prec) { mpfr_init2(v, prec); }
    ~mp() { mpfr_clear(v); }
    mp(const mp&) = delete;
    mp& operator=(const mp&) = delete;
    operator mpfr_ptr() { return v; }
    operator mpfr_srcptr() const { return v; }
};

constexpr long no_exponent = std::numeric_limits<int>::min() / 2;

long exp_of(mpfr_srcptr v)
{
    return mpfr_regular_p(v) ? static_cast<long>(mpfr_get_exp(v)) : no_exponent;
}

// Bits lost when a sum of terms of magnitude up to 2^big_exp came out as s.
// A zero sum of nonzero terms is a cancellation we cannot size (infinite
// loss); a zero sum of zero terms (both below MPFR's exponent range, far in a
// tail) loses nothing.
long cancellation_loss(mpfr_srcptr s, long big_exp)
{
    if (mpfr_zero_p(s))
        return big_exp == no_exponent ? 0 : max_working_prec;
    return std::max(0L, big_exp - static_cast<long>(mpfr_get_exp(s)));
}

// Extra bits for arguments whose rounding is amplified by |x|^2 or |x|^3.
long extra_bits_for(mpfr_srcptr x)
{
    if (!mpfr_regular_p(x))
        return 0;
    const long e = static_cast<long>(mpfr_get_exp(x));
    return e > 0 ? 3 * e + 8 : 8;
}

} // namespace

struct evaluator::impl
{
    // Scratch registers; their precision is set per evaluation.
    mp a, b, c, d, e, f, t;
    mp xx; // exact copy of the input
    // Phi at the last gelu point and precision: gelu and gelu' evaluated one
    // after the other at a point share the (slow) erfc.
    mp memo_x, memo_phi;
    long memo_prec = 0;
};

evaluator::evaluator() : p_(new impl) {}
evaluator::~evaluator() { delete p_; }

namespace {

// Phi(x) = erfc(-x/sqrt(2)) / 2 at precision prec(out).  mpfr_erfc evaluates
// the tail directly, so no cancellation for x < 0.  t holds -x/sqrt(2) with
// extra bits: erfc's relative conditioning at t is about 2 t^2.
void normal_cdf(mpfr_ptr out, mpfr_srcptr x, mpfr_ptr t, mpfr_ptr scratch)
{
    const long p = static_cast<long>(mpfr_get_prec(out));
    mpfr_set_prec(t, p + extra_bits_for(x));
    mpfr_set_prec(scratch, mpfr_get_prec(t));
    mpfr_sqrt_ui(scratch, 2, MPFR_RNDN);
    mpfr_div(t, x, scratch, MPFR_RNDN);
    mpfr_neg(t, t, MPFR_RNDN);
    mpfr_erfc(out, t, MPFR_RNDN);
    mpfr_div_2ui(out, out, 1, MPFR_RNDN);
}

// phi(x) = exp(-x^2/2) / sqrt(2 pi); x^2/2 is formed exactly.
void normal_pdf(mpfr_ptr out, mpfr_srcptr x, mpfr_ptr sq, mpfr_ptr scratch)
{
    const long p = static_cast<long>(mpfr_get_prec(out));
    mpfr_set_prec(sq, 2 * static_cast<long>(mpfr_get_prec(x)) + 2);
    mpfr_sqr(sq, x, MPFR_RNDN); // exact
    mpfr_div_2ui(sq, sq, 1, MPFR_RNDN);
    mpfr_neg(sq, sq, MPFR_RNDN);
    mpfr_exp(out, sq, MPFR_RNDN);
    mpfr_set_prec(scratch, p + 8);
    mpfr_const_pi(scratch, MPFR_RNDN);
    mpfr_mul_2ui(scratch, scratch, 1, MPFR_RNDN);
    mpfr_sqrt(scratch, scratch, MPFR_RNDN);
    mpfr_div(out, out, scratch, MPFR_RNDN);
}

// sigma(z) = 1 / (1 + exp(-z)), z held exactly in a register we own (it is
// negated in place and restored, so its extra bits reach exp).  exp(-z)
// overflowing to +inf (z hugely negative) gives 0, far below every binade that
// matters here.
void sigmoid(mpfr_ptr out, mpfr_ptr z, mpfr_ptr scratch)
{
    mpfr_set_prec(scratch, mpfr_get_prec(out) + 8);
    mpfr_neg(z, z, MPFR_RNDN); // exact
    mpfr_exp(scratch, z, MPFR_RNDN);
    mpfr_neg(z, z, MPFR_RNDN);
    mpfr_add_ui(scratch, scratch, 1, MPFR_RNDN);
    mpfr_ui_div(out, 1, scratch, MPFR_RNDN);
}

} // namespace

void evaluator::eval(kernel k, mpfr_ptr out, double x, double param, int goal_bits)
{
    impl& s = *p_;
    mpfr_set_prec(s.xx, 53);
    mpfr_set_d(s.xx, x, MPFR_RNDN); // exact
    eval_mp(k, out, s.xx, param, goal_bits);
}

void evaluator::eval_mp(kernel k, mpfr_ptr out, mpfr_srcptr x_in, double param, int goal_bits)
{
    impl& s = *p_;
    const kernel fwd = forward_of(k);
    const bool grad = is_derivative(k);
    last_prec_ = 0;

    // Copy x first: out may alias nothing here, but x_in may be one of ours.
    mp x(std::max<long>(2, static_cast<long>(mpfr_get_prec(x_in))));
    mpfr_set(x, x_in, MPFR_RNDN);

    if (mpfr_nan_p(x))
    {
        mpfr_set_nan(out);
        return;
    }
    const int sign = mpfr_signbit(x) ? -1 : 1;
    if (mpfr_inf_p(x))
    {
        // Limits at +-inf.
        switch (fwd)
        {
        case kernel::gelu:
        case kernel::gelu_tanh:
        case kernel::quick_gelu:
        case kernel::silu:
            if (grad)
                mpfr_set_si(out, sign > 0 ? 1 : 0, MPFR_RNDN);
            else if (sign > 0)
                mpfr_set_inf(out, 1);
            else
                mpfr_set_zero(out, -1); // x * sigma(...) -> 0 from below
            return;
        case kernel::elu:
            if (grad)
                mpfr_set_si(out, sign > 0 ? 1 : 0, MPFR_RNDN);
            else if (sign > 0)
                mpfr_set_inf(out, 1);
            else
                mpfr_set_d(out, -param, MPFR_RNDN);
            return;
        case kernel::relu:
            if (grad)
                mpfr_set_si(out, sign > 0 ? 1 : 0, MPFR_RNDN);
            else if (sign > 0)
                mpfr_set_inf(out, 1);
            else
                mpfr_set_zero(out, 1);
            return;
        case kernel::leaky_relu:
            if (grad)
                mpfr_set_d(out, sign > 0 ? 1.0 : param, MPFR_RNDN);
            else if (param == 0)
                mpfr_set_zero(out, 1);
            else
                mpfr_set_inf(out, param > 0 ? sign : -sign);
            return;
        default:
            break;
        }
    }

    if (mpfr_zero_p(x))
    {
        // f(+-0) = +-0 (relu: +0); f'(0) from the definitions (Phi(0) = sigma(0) = 1/2)
        // and the PyTorch conventions for the piecewise kernels.
        switch (fwd)
        {
        case kernel::gelu:
        case kernel::gelu_tanh:
        case kernel::quick_gelu:
        case kernel::silu:
            if (grad)
                mpfr_set_d(out, 0.5, MPFR_RNDN);
            else
                mpfr_set_zero(out, sign);
            return;
        case kernel::elu:
            if (grad)
                mpfr_set_d(out, param, MPFR_RNDN);
            else
                mpfr_set_zero(out, param >= 0 ? sign : -sign);
            return;
        case kernel::relu:
            mpfr_set_zero(out, 1);
            return;
        case kernel::leaky_relu:
            if (grad)
                mpfr_set_d(out, param, MPFR_RNDN);
            else
                mpfr_set_zero(out, param >= 0 ? sign : -sign);
            return;
        default:
            break;
        }
    }

    // Piecewise-linear kernels and the positive branch of elu: exact.
    if (fwd == kernel::relu)
    {
        if (grad)
            mpfr_set_si(out, sign > 0 ? 1 : 0, MPFR_RNDN);
        else if (sign > 0)
            mpfr_set(out, x, MPFR_RNDN);
        else
            mpfr_set_zero(out, 1);
        return;
    }
    if (fwd == kernel::leaky_relu)
    {
        if (grad)
            mpfr_set_d(out, sign > 0 ? 1.0 : param, MPFR_RNDN);
        else if (sign > 0)
            mpfr_set(out, x, MPFR_RNDN);
        else
            mpfr_mul_d(out, x, param, MPFR_RNDN);
        return;
    }
    if (fwd == kernel::elu && sign > 0)
    {
        if (grad)
            mpfr_set_ui(out, 1, MPFR_RNDN);
        else
            mpfr_set(out, x, MPFR_RNDN);
        return;
    }

    long prec = std::max<long>(min_working_prec, goal_bits + 16);
    for (;;)
    {
        last_prec_ = prec;
        long loss = 0;
        mpfr_set_prec(s.a, prec);
        mpfr_set_prec(s.b, prec);
        mpfr_set_prec(s.c, prec);
        switch (fwd)
        {
        case kernel::gelu:
            if (s.memo_prec == prec && mpfr_equal_p(s.memo_x, x))
                mpfr_set(s.a, s.memo_phi, MPFR_RNDN); // exact: same precision
            else
            {
                normal_cdf(s.a, x, s.t, s.d); // a = Phi(x)
                mpfr_set_prec(s.memo_x, mpfr_get_prec(x));
                mpfr_set(s.memo_x, x, MPFR_RNDN);
                mpfr_set_prec(s.memo_phi, prec);
                mpfr_set(s.memo_phi, s.a, MPFR_RNDN);
                s.memo_prec = prec;
            }
            if (!grad)
            {
                mpfr_mul(s.c, x, s.a, MPFR_RNDN);
                break;
            }
            normal_pdf(s.b, x, s.t, s.d); // b = phi(x)
            mpfr_mul(s.b, s.b, x, MPFR_RNDN);
            mpfr_add(s.c, s.a, s.b, MPFR_RNDN); // Phi + x phi
            loss = cancellation_loss(s.c, std::max(exp_of(s.a), exp_of(s.b)));
            break;

        case kernel::gelu_tanh:
        {
            // 2u = 2 sqrt(2/pi) (x + 0.044715 x^3) with the real constants, formed
            // with extra bits: sigma(2u)'s relative conditioning is about |2u|.
            const long pu = prec + extra_bits_for(x);
            mpfr_set_prec(s.d, pu);
            mpfr_set_prec(s.e, pu);
            mpfr_set_prec(s.f, pu);
            mpfr_set_prec(s.t, pu);
            mpfr_set_str(s.e, "0.044715", 10, MPFR_RNDN); // e = k
            mpfr_const_pi(s.f, MPFR_RNDN);
            mpfr_ui_div(s.f, 2, s.f, MPFR_RNDN);
            mpfr_sqrt(s.f, s.f, MPFR_RNDN); // f = sqrt(2/pi)
            mpfr_sqr(s.d, x, MPFR_RNDN);    // d = x^2
            mpfr_mul(s.t, s.d, s.e, MPFR_RNDN);
            mpfr_add_ui(s.t, s.t, 1, MPFR_RNDN);
            mpfr_mul(s.t, s.t, x, MPFR_RNDN); // t = x + k x^3 (no cancellation: same signs)
            mpfr_mul(s.t, s.t, s.f, MPFR_RNDN);
            mpfr_mul_2ui(s.t, s.t, 1, MPFR_RNDN); // t = 2u
            sigmoid(s.a, s.t, s.b);               // a = sigma(2u)
            if (!grad)
            {
                mpfr_mul(s.c, x, s.a, MPFR_RNDN);
                break;
            }
            mpfr_neg(s.t, s.t, MPFR_RNDN);
            sigmoid(s.b, s.t, s.c); // b = sigma(-2u) = 1 - sigma(2u), without cancellation
            mpfr_set_prec(s.c, prec);
            // c = 2 x sigma(2u) sigma(-2u) sqrt(2/pi) (1 + 3 k x^2)
            mpfr_mul_ui(s.e, s.e, 3, MPFR_RNDN);
            mpfr_mul(s.e, s.e, s.d, MPFR_RNDN);
            mpfr_add_ui(s.e, s.e, 1, MPFR_RNDN);
            mpfr_mul(s.c, s.e, s.f, MPFR_RNDN);
            mpfr_mul(s.c, s.c, s.a, MPFR_RNDN);
            mpfr_mul(s.c, s.c, s.b, MPFR_RNDN);
            mpfr_mul(s.c, s.c, x, MPFR_RNDN);
            mpfr_mul_2ui(s.c, s.c, 1, MPFR_RNDN);
            mpfr_set_prec(s.b, prec);
            mpfr_add(s.b, s.a, s.c, MPFR_RNDN);
            loss = cancellation_loss(s.b, std::max(exp_of(s.a), exp_of(s.c)));
            mpfr_swap(s.b, s.c);
            break;
        }

        case kernel::quick_gelu:
        case kernel::silu:
        {
            const double alpha = fwd == kernel::silu ? 1.0 : param;
            // z = alpha x, exact.
            mpfr_set_prec(s.t, static_cast<long>(mpfr_get_prec(x)) + 53);
            mpfr_mul_d(s.t, x, alpha, MPFR_RNDN);
            sigmoid(s.a, s.t, s.d); // a = sigma(z)
            if (!grad)
            {
                mpfr_mul(s.c, x, s.a, MPFR_RNDN);
                break;
            }
            mpfr_neg(s.t, s.t, MPFR_RNDN);
            sigmoid(s.b, s.t, s.d); // b = sigma(-z) = 1 - sigma(z)
            mpfr_neg(s.t, s.t, MPFR_RNDN);
            mpfr_mul(s.b, s.b, s.t, MPFR_RNDN); // b = z sigma(-z)
            mpfr_add_ui(s.c, s.b, 1, MPFR_RNDN);
            loss = cancellation_loss(s.c, std::max(1L, exp_of(s.b)));
            mpfr_mul(s.c, s.c, s.a, MPFR_RNDN); // sigma(z) (1 + z sigma(-z))
            break;
        }

        case kernel::elu:
            // x < 0 here.
            if (grad)
                mpfr_exp(s.c, x, MPFR_RNDN);
            else
                mpfr_expm1(s.c, x, MPFR_RNDN);
            mpfr_mul_d(s.c, s.c, param, MPFR_RNDN);
            break;

        default:
            mpfr_set_nan(s.c);
            break;
        }

        if (prec - loss >= goal_bits + 16 || prec >= max_working_prec)
        {
            mpfr_set(out, s.c, MPFR_RNDN);
            return;
        }
        prec = std::min(max_working_prec, std::max(prec * 2, goal_bits + 16 + loss + 16));
    }
}

namespace {

// Sign bit and value of a double, compared as bits (so -0 differs from +0).
bool same_bits(double a, double b)
{
    std::uint64_t ia, ib;
    std::memcpy(&ia, &a, sizeof ia);
    std::memcpy(&ib, &b, sizeof ib);
    return ia == ib || (std::isnan(a) && std::isnan(b));
}

} // namespace

double round_to(mpfr_srcptr exact, format f)
{
    // mpfr_get_flt goes through double for subnormal floats (2^-150 (1 + 2^-60)
    // comes back as 0): round once, to the bits the format has at this
    // exponent, instead.
    if (!mpfr_regular_p(exact))
        return mpfr_get_d(exact, MPFR_RNDN);
    const format_info fi = info(f);
    const long e = static_cast<long>(mpfr_get_exp(exact)) - 1; // |exact| in [2^e, 2^(e+1))
    if (e > fi.emax)
        return mpfr_signbit(exact) ? -std::numeric_limits<double>::infinity()
                                   : std::numeric_limits<double>::infinity();
    const long bits = e >= fi.emin ? fi.precision : fi.precision - (fi.emin - e);
    if (bits >= 1)
    {
        mp r(bits);
        mpfr_set(r, exact, MPFR_RNDN);
        if (static_cast<long>(mpfr_get_exp(r)) - 1 > fi.emax)
            return mpfr_signbit(exact) ? -std::numeric_limits<double>::infinity()
                                       : std::numeric_limits<double>::infinity();
        return mpfr_get_d(r, MPFR_RNDN); // exact: r has at most p bits in range
    }
    // Below the smallest subnormal m: |exact| in [m/2, m) when bits == 0
    // (rounds to m, or to 0 on the tie m/2), below m/2 otherwise (rounds to 0).
    double mag = 0.0;
    if (bits == 0)
    {
        mp half(8), a(static_cast<long>(mpfr_get_prec(exact)));
        mpfr_set_ui(half, 1, MPFR_RNDN);
        mpfr_mul_2si(half, half, fi.emin - fi.precision, MPFR_RNDN); // m/2
        mpfr_abs(a, exact, MPFR_RNDN);
        if (mpfr_cmp(a, half) > 0)
            mag = fi.min_subnormal;
    }
    return mpfr_signbit(exact) ? -mag : mag;
}

neighbours bracket(mpfr_srcptr exact, format f, int margin_bits)
{
    const double r = round_to(exact, f);
    neighbours nb{r, r, false};
    if (!mpfr_number_p(exact) || std::isinf(r))
        return nb;
    mp rv(64);
    mpfr_set_d(rv, r, MPFR_RNDN);
    const int c = mpfr_cmp(exact, rv);
    if (c == 0)
        return nb;
    const double toward = c > 0 ? std::numeric_limits<double>::infinity() : -std::numeric_limits<double>::infinity();
    nb.other = f == format::binary32 ? static_cast<double>(std::nextafter(static_cast<float>(r), static_cast<float>(toward)))
                                     : std::nextafter(r, toward);
    // midpoint = (r + other) / 2, exact with a few more bits than a double.
    mp mid(64), d(static_cast<long>(mpfr_get_prec(exact)) + 64), bound(64);
    mpfr_set_d(mid, nb.other, MPFR_RNDN);
    mpfr_add(mid, mid, rv, MPFR_RNDN);
    mpfr_div_2ui(mid, mid, 1, MPFR_RNDN);
    mpfr_sub(d, exact, mid, MPFR_RNDN);
    mpfr_abs(d, d, MPFR_RNDN);
    mpfr_abs(bound, exact, MPFR_RNDN);
    mpfr_div_2ui(bound, bound, static_cast<unsigned long>(margin_bits), MPFR_RNDN);
    nb.near_midpoint = mpfr_cmp(d, bound) <= 0;
    return nb;
}

namespace {

double round_loop(evaluator& ev, kernel k, double x, double param, format f)
{
    // The value computed at goal g lies within |v| 2^-g of the exact one: when
    // both ends of that interval round to the same number, so does the exact
    // value.  Values just beside a rounding tie (gelu at an odd subnormal sits
    // 2^-150 * x/2 above one) need goal bits beyond the exponent distance.
    for (int goal = 100; goal <= 8192; goal *= 2)
    {
        mp v(goal + 32), lo(goal + 64), hi(goal + 64);
        ev.eval(k, v, x, param, goal);
        // An exact value (piecewise-linear kernels, specials; v has room for
        // a product of two doubles) may sit on a tie itself: round it once.
        if (!mpfr_regular_p(v) || ev.last_precision() == 0)
            return round_to(v, f);
        mpfr_set(lo, v, MPFR_RNDN);
        mpfr_set(hi, v, MPFR_RNDN);
        mp delta(goal + 64);
        mpfr_abs(delta, v, MPFR_RNDN);
        mpfr_div_2ui(delta, delta, static_cast<unsigned long>(goal - 1), MPFR_RNDN);
        mpfr_sub(lo, lo, delta, MPFR_RNDN);
        mpfr_add(hi, hi, delta, MPFR_RNDN);
        const double rlo = round_to(lo, f), rhi = round_to(hi, f);
        if (same_bits(rlo, rhi))
            return rlo;
    }
    // Not decided at 8192 bits: not expected for any of these kernels.
    std::abort();
}

} // namespace

float evaluator::round_float(kernel k, float x, float param)
{
    return static_cast<float>(round_loop(*this, k, x, param, format::binary32));
}

double evaluator::round_double(kernel k, double x, double param)
{
    return round_loop(*this, k, x, param, format::binary64);
}

double evaluator::round_in(kernel k, double x, double param, format f)
{
    return round_loop(*this, k, x, param, f);
}

double ulp_error(mpfr_srcptr exact, double y, format f)
{
    const double inf = std::numeric_limits<double>::infinity();
    if (mpfr_nan_p(exact))
        return std::isnan(y) ? 0.0 : inf;
    if (std::isnan(y))
        return inf;
    if (mpfr_inf_p(exact))
        return (std::isinf(y) && (y < 0) == (mpfr_sgn(exact) < 0)) ? 0.0 : inf;
    if (std::isinf(y))
        return inf;

    const format_info fi = info(f);
    // Binade of the exact value: |exact| in [2^e, 2^(e+1)).
    long e = fi.emin;
    if (mpfr_regular_p(exact))
        e = std::max<long>(fi.emin, static_cast<long>(mpfr_get_exp(exact)) - 1);
    const long ulp_exp = e - (fi.precision - 1);

    mp diff(static_cast<long>(mpfr_get_prec(exact)) + 64);
    mpfr_set_d(diff, y, MPFR_RNDN);
    mpfr_sub(diff, diff, exact, MPFR_RNDN);
    mpfr_abs(diff, diff, MPFR_RNDN);
    mpfr_mul_2si(diff, diff, -ulp_exp, MPFR_RNDN);
    return mpfr_get_d(diff, MPFR_RNDN);
}

double abs_error(mpfr_srcptr exact, double y)
{
    const double inf = std::numeric_limits<double>::infinity();
    if (mpfr_nan_p(exact))
        return std::isnan(y) ? 0.0 : inf;
    if (std::isnan(y))
        return inf;
    if (mpfr_inf_p(exact))
        return (std::isinf(y) && (y < 0) == (mpfr_sgn(exact) < 0)) ? 0.0 : inf;
    if (std::isinf(y))
        return inf;
    mp diff(static_cast<long>(mpfr_get_prec(exact)) + 64);
    mpfr_set_d(diff, y, MPFR_RNDN);
    mpfr_sub(diff, diff, exact, MPFR_RNDN);
    mpfr_abs(diff, diff, MPFR_RNDN);
    return mpfr_get_d(diff, MPFR_RNDN);
}

namespace {

// Bisection on the sign of the derivative between lo and hi (values of
// opposite signs), in MPFR, to 2^-110 relative; returned rounded to double.
double bisect_root(kernel grad, double lo_d, double hi_d, double param)
{
    evaluator ev;
    mp lo(160), hi(160), mid(160), v(160);
    mpfr_set_d(lo, lo_d, MPFR_RNDN);
    mpfr_set_d(hi, hi_d, MPFR_RNDN);
    ev.eval_mp(grad, v, lo, param, 130);
    const int sign_lo = mpfr_sgn(v.v);
    for (int i = 0; i < 130; ++i)
    {
        mpfr_add(mid, lo, hi, MPFR_RNDN);
        mpfr_div_2ui(mid, mid, 1, MPFR_RNDN);
        ev.eval_mp(grad, v, mid, param, 130);
        if (mpfr_sgn(v.v) == sign_lo)
            mpfr_set(lo, mid, MPFR_RNDN);
        else
            mpfr_set(hi, mid, MPFR_RNDN);
    }
    return mpfr_get_d(lo, MPFR_RNDN);
}

} // namespace

double root_gelu_grad()
{
    static const double r = bisect_root(kernel::gelu_grad, -0.8, -0.7, 0.0);
    return r;
}

double root_gelu_tanh_grad()
{
    static const double r = bisect_root(kernel::gelu_tanh_grad, -0.8, -0.7, 0.0);
    return r;
}

double root_silu_grad()
{
    static const double r = bisect_root(kernel::silu_grad, -1.4, -1.2, 0.0);
    return r;
}

double root_quick_gelu_grad(double alpha)
{
    return bisect_root(kernel::quick_gelu_grad, -1.4 / alpha, -1.2 / alpha, alpha);
}

} // namespace actfn_ref
