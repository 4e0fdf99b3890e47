#pragma once
// The build-matrix program's second part, included by array_vs_element.cpp,
// whose main calls check_half_gated_bias: the array forms that came after the
// first part was written, under the same compilers, levels, -fno-inline,
// sanitizers and targets.  One translation unit: the activations' float and
// double array forms, which both parts instantiate, are compiled once (as two
// files, g++ -O1 -fsanitize=address took 146 + 178 s to compile them; as one,
// 165 s).  It uses array_vs_element.cpp's bits_of, with_bits, type_name and
// rng, and is included after them.
//
// 16-bit forms (bfloat16 and float16; the seven activations, quick_gelu at
// alpha 1.702 and 0.8, elu at 1 and 0.3, leaky_relu at 0.01 and 0.2; forward
// and backward): each of the 65536 inputs x (backward: each with one dy; the
// dy values are the 65536 patterns, shuffled) gets an expected result that
// does not come from the 16-bit code: the element kernel's float value
// (within 1 ulp forward, 2 ulp for derivatives) brackets the exact value,
// and where both ends of the bracket round to the same 16-bit number (RNE is
// monotone) that number is the correctly rounded result.  Where they do not,
// the double element kernel's tighter bracket decides.  The inputs left are
// compared with a one-element call only; each form's line counts them (a few
// hundred forward at most; backward up to a quarter of the pairs, mostly
// where the derivative is 0 or subnormal in float and double).  NaN x gives
// x quieted, else a NaN dy gives dy quieted (the kernels' rule); 0 * inf
// gives some NaN.  Then every array call (n from 0 to 40 and at block edges
// up to 4099; start offsets of 0 to 15 elements, 0, 6 and 12 for n > 64; out
// of place and in place) must give those bits and write nothing outside
// [0, n).
//
// Gated forms (float with both precisions, and double): the split forms over
// triples of a, b and dy from three pools, on every n and offset of the
// schedule (offsets 0, 7 and 14 for n > 64), in place (y == a, y == b;
// da == dy, db == dy) and out of place, against one-element calls of the
// same form; the row forms with both halves against the split forms'
// one-element results.
//
// Bias forms (float and double, the seven activations): y and dx against the
// element kernels on T(x + bias) (the defined result: an add rounded in T,
// then the array form; dx = dy * grad in T), and dbias[c] against the same
// form called on column c alone (cols = 1): the same sums in the same order.
//
// Every expected value (and the one-element results) goes into a hash, NaNs
// as one value, which run_matrix.sh requires to be the same in every build of
// a group: the kernels give the same bits on every target with FMA, and on
// every target without (README, Accuracy), whatever the compiler or level.

#include <actfn/actfn.hpp>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <functional>
#include <limits>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace matrix_extra {

struct outcome
{
    int failing = 0; // forms with a mismatch or a stray write
    std::size_t cases = 0, wrong = 0, stray = 0;
    std::size_t undecided = 0;                   // 16-bit inputs checked against a one-element call only
    std::uint64_t hash = 0xcbf29ce484222325ull; // FNV-1a of every expected result
};

namespace {

void mix(outcome& o, std::uint64_t v)
{
    for (int i = 0; i < 8; ++i)
    {
        o.hash ^= (v >> (8 * i)) & 0xffu;
        o.hash *= 0x100000001b3ull;
    }
}

// The bits for the hash: a NaN as one value.  Where both operands of a
// product are NaN (act(a) * b with a and b NaN, dy * act'(x + bias) with dy and
// x NaN), which NaN comes out depends on the operand order the compiler picks;
// the forms promise a NaN there, not which.
template <class T>
std::uint64_t hash_bits(T v)
{
    return std::isnan(v) ? 0x7ff8ull : bits_of(v);
}

// The call schedule of the array checks: every n from 0 to 40, then lengths
// around the SIMD blocks and the 16-bit and gated blocks of 512.
const std::vector<std::size_t>& lengths()
{
    static const std::vector<std::size_t> ns = [] {
        std::vector<std::size_t> v;
        for (std::size_t n = 0; n <= 40; ++n)
            v.push_back(n);
        for (std::size_t n : {63u, 64u, 65u, 255u, 511u, 512u, 513u, 1000u, 1537u, 4099u})
            v.push_back(n);
        return v;
    }();
    return ns;
}

constexpr std::size_t max_offset = 16; // start offsets 0 .. 15 elements
constexpr std::size_t guard = 8;

// A buffer of n elements at offset `off` with `guard` sentinels each side.
template <class T>
struct guarded
{
    std::vector<T> v;
    std::size_t off;
    guarded(std::size_t n, std::size_t off_, T sentinel) : v(guard + off_ + n + guard, sentinel), off(off_) {}
    T* data() { return v.data() + guard + off; }
};

template <class T>
std::size_t stray_writes(const std::vector<T>& v, std::size_t start, std::size_t n, T sentinel)
{
    std::size_t bad = 0;
    for (std::size_t k = 0; k < v.size(); ++k)
        if ((k < start || k >= start + n) && std::memcmp(&v[k], &sentinel, sizeof(T)) != 0)
            ++bad;
    return bad;
}

// One form's counts.  checked(ok) counts a compared element and says whether
// to print it: a mismatch among the first six.
struct counts
{
    std::size_t cases = 0, wrong = 0, stray = 0, shown = 0, undecided = 0;
    bool checked(bool ok)
    {
        ++cases;
        if (ok)
            return false;
        ++wrong;
        return shown++ < 6;
    }
};

void report(outcome& o, const std::string& name, const counts& c)
{
    const bool ok = c.wrong == 0 && c.stray == 0;
    o.failing += !ok;
    o.cases += c.cases;
    o.wrong += c.wrong;
    o.stray += c.stray;
    o.undecided += c.undecided;
    // The running hash's low half: where two builds' hashes differ, the first
    // line where these differ names the form.
    std::printf("%-40s cases %8zu  mismatches %6zu  stray writes %4zu  hash %08x  %s", name.c_str(), c.cases, c.wrong,
                c.stray, static_cast<unsigned>(o.hash & 0xffffffffu), ok ? "ok" : "FAIL");
    if (c.undecided)
        std::printf("  (%zu against a one-element call only)", c.undecided);
    std::printf("\n");
}

// ---- 16-bit forms ----------------------------------------------------------------

template <class H>
const char* half_name()
{
    return std::is_same<H, actfn::bfloat16>::value ? "bfloat16" : "float16";
}

template <class H>
std::uint16_t quiet_bit()
{
    return std::is_same<H, actfn::bfloat16>::value ? 0x0040 : 0x0200;
}

template <class H>
bool is_nan16(std::uint16_t b)
{
    return std::is_same<H, actfn::bfloat16>::value ? (b & 0x7fff) > 0x7f80 : (b & 0x7fff) > 0x7c00;
}

// The 16-bit rounding of a float (actfn's own conversion: half.hpp is the
// reference for float -> 16 bits, tested against a search of the sorted
// 16-bit values in tests/test_half.cpp).
template <class H>
std::uint16_t round16(float v)
{
    return H(v).to_bits();
}

// The float at or below (down) / above (up) the double v.
float float_down(double v)
{
    float f = static_cast<float>(v);
    if (static_cast<double>(f) > v)
        f = std::nextafter(f, -std::numeric_limits<float>::infinity());
    return f;
}
float float_up(double v)
{
    float f = static_cast<float>(v);
    if (static_cast<double>(f) < v)
        f = std::nextafter(f, std::numeric_limits<float>::infinity());
    return f;
}

// The 16-bit result if every value in [lo, hi] rounds to it; else `decided` false.
template <class H>
std::uint16_t round16_bracket(float lo, float hi, bool& decided)
{
    const std::uint16_t a = round16<H>(lo), b = round16<H>(hi);
    decided = a == b;
    return a;
}

template <class T>
T step_away(T v, int k, bool up)
{
    for (int i = 0; i < k; ++i)
        v = std::nextafter(v, up ? std::numeric_limits<T>::infinity() : -std::numeric_limits<T>::infinity());
    return v;
}

// An element kernel pair: the value in float and in double.
struct element_fn
{
    std::function<float(float)> f;
    std::function<double(double)> d;
};

template <class H>
struct half_form
{
    std::string name;
    element_fn fwd, grad;
    std::function<void(const H*, H*, std::size_t)> forward;
    std::function<void(const H*, const H*, H*, std::size_t)> backward;
};

template <class H>
std::vector<half_form<H>> half_forms()
{
    std::vector<half_form<H>> v;
    // The default alpha/slope forms call the parameterless overloads.
#define ACTFN_MATRIX_PLAIN(fn)                                                                                       \
    v.push_back({#fn, {[](float x) { return actfn::fn(x); }, [](double x) { return actfn::fn(x); }},                \
                 {[](float x) { return actfn::fn##_grad(x); }, [](double x) { return actfn::fn##_grad(x); }},       \
                 [](const H* x, H* y, std::size_t n) { actfn::fn(x, y, n); },                                        \
                 [](const H* x, const H* dy, H* dx, std::size_t n) { actfn::fn##_backward(x, dy, dx, n); }})
#define ACTFN_MATRIX_PARAM(fn, p)                                                                                    \
    v.push_back({#fn "(" #p ")",                                                                                     \
                 {[](float x) { return actfn::fn(x, float(p)); }, [](double x) { return actfn::fn(x, double(float(p))); }}, \
                 {[](float x) { return actfn::fn##_grad(x, float(p)); },                                             \
                  [](double x) { return actfn::fn##_grad(x, double(float(p))); }},                                   \
                 [](const H* x, H* y, std::size_t n) { actfn::fn(x, y, n, float(p)); },                              \
                 [](const H* x, const H* dy, H* dx, std::size_t n) { actfn::fn##_backward(x, dy, dx, n, float(p)); }})
    ACTFN_MATRIX_PLAIN(gelu);
    ACTFN_MATRIX_PLAIN(gelu_tanh);
    // The 16-bit forms' default alpha is float(1.702): the double element
    // kernel's own default (1.702 in double) is another function.
    ACTFN_MATRIX_PARAM(quick_gelu, 1.702);
    v.back().name = "quick_gelu";
    v.back().forward = [](const H* x, H* y, std::size_t n) { actfn::quick_gelu(x, y, n); };
    v.back().backward = [](const H* x, const H* dy, H* dx, std::size_t n) { actfn::quick_gelu_backward(x, dy, dx, n); };
    ACTFN_MATRIX_PARAM(quick_gelu, 0.8);
    ACTFN_MATRIX_PLAIN(silu);
    ACTFN_MATRIX_PLAIN(elu);
    ACTFN_MATRIX_PARAM(elu, 0.3);
    ACTFN_MATRIX_PLAIN(relu);
    ACTFN_MATRIX_PLAIN(leaky_relu);
    ACTFN_MATRIX_PARAM(leaky_relu, 0.2);
#undef ACTFN_MATRIX_PLAIN
#undef ACTFN_MATRIX_PARAM
    return v;
}

// Expected forward bits of x (see the file comment); decided false: none found.
template <class H>
std::uint16_t expected_forward16(const element_fn& fn, std::uint16_t xb, bool& decided)
{
    decided = true;
    if (is_nan16<H>(xb))
        return static_cast<std::uint16_t>(xb | quiet_bit<H>());
    const float x = static_cast<float>(H::from_bits(xb));
    const float y = fn.f(x);
    if (y == 0.0f || std::isinf(y))
        return round16<H>(y); // exact zeros and the infinite limits
    std::uint16_t r = round16_bracket<H>(step_away(y, 1, false), step_away(y, 1, true), decided);
    if (decided)
        return r;
    const double yd = fn.d(static_cast<double>(x));
    return round16_bracket<H>(float_down(step_away(yd, 1, false)), float_up(step_away(yd, 1, true)), decided);
}

template <class H>
std::uint16_t expected_backward16(const element_fn& grad, std::uint16_t xb, std::uint16_t db, bool& decided)
{
    decided = true;
    if (is_nan16<H>(xb))
        return static_cast<std::uint16_t>(xb | quiet_bit<H>());
    if (is_nan16<H>(db))
        return static_cast<std::uint16_t>(db | quiet_bit<H>());
    const float x = static_cast<float>(H::from_bits(xb)), dy = static_cast<float>(H::from_bits(db));
    const float g = grad.f(x);
    const double p = static_cast<double>(dy) * static_cast<double>(g); // exact
    if (std::isnan(p))
        return 0xffff; // 0 * inf: any NaN (compared as NaN)
    if (dy == 0.0f || std::isinf(dy) || std::isinf(g))
        return round16<H>(static_cast<float>(p));
    // g within 2 ulp of the derivative: the product lies between dy times
    // g's neighbours two steps away (exact in double).
    const double e1 = static_cast<double>(dy) * static_cast<double>(step_away(g, 2, false));
    const double e2 = static_cast<double>(dy) * static_cast<double>(step_away(g, 2, true));
    std::uint16_t r = round16_bracket<H>(float_down(std::fmin(e1, e2)), float_up(std::fmax(e1, e2)), decided);
    if (decided)
        return r;
    // Double: the derivative within 2 ulp, the product rounded (1 more).
    const double gd = grad.d(static_cast<double>(x));
    if (!(std::fabs(gd) >= std::numeric_limits<double>::min()))
    {
        decided = false; // the bracket's products could underflow in double
        return 0;
    }
    const double f1 = static_cast<double>(dy) * step_away(gd, 3, false);
    const double f2 = static_cast<double>(dy) * step_away(gd, 3, true);
    return round16_bracket<H>(float_down(std::fmin(f1, f2)), float_up(std::fmax(f1, f2)), decided);
}

// Runs `call(x, dy, out, n)` over the schedule; want(i) is element i's
// expected bits (0xffff with nan_any: any NaN).
template <class H, class Call>
void sweep16(const std::vector<H>& xs, const std::vector<H>& dys, const std::vector<std::uint16_t>& want, bool backward,
             const Call& call, counts& c, const std::string& name)
{
    const std::size_t P = xs.size();
    const H sentinel = H::from_bits(0x7ead); // a NaN no form writes
    std::size_t cursor = 0;
    for (std::size_t n : lengths())
        for (std::size_t off = 0; off < max_offset; off += (n > 64 ? 6 : 1)) // n > 64: offsets 0, 6, 12
            for (int mode = 0; mode < (backward ? 3 : 2); ++mode) // out of place; in place on x; (dx == dy)
            {
                const std::size_t base = cursor;
                cursor = (cursor + n + 17) % P;
                guarded<H> x(n, off, sentinel), d(n, (off * 5 + 1) % max_offset, sentinel),
                    out(n, (off * 7 + 3) % max_offset, sentinel);
                for (std::size_t i = 0; i < n; ++i)
                {
                    x.data()[i] = xs[(base + i) % P];
                    d.data()[i] = dys[(base + i) % P];
                }
                H* target = mode == 0 ? out.data() : mode == 1 ? x.data() : d.data();
                call(x.data(), d.data(), target, n);
                for (std::size_t i = 0; i < n; ++i)
                {
                    const std::uint16_t got = target[i].to_bits(), w = want[(base + i) % P];
                    if (c.checked(w == 0xffff ? is_nan16<H>(got) : got == w))
                        std::printf("    %s %s: n %zu, offset %zu, mode %d, element %zu: x 0x%04x, dy 0x%04x, got "
                                    "0x%04x, want 0x%04x\n",
                                    half_name<H>(), name.c_str(), n, off, mode, i,
                                    static_cast<unsigned>(xs[(base + i) % P].to_bits()),
                                    static_cast<unsigned>(dys[(base + i) % P].to_bits()), static_cast<unsigned>(got),
                                    static_cast<unsigned>(w));
                }
                guarded<H>& written = mode == 0 ? out : mode == 1 ? x : d;
                c.stray += stray_writes(written.v, guard + written.off, n, sentinel);
            }
}

template <class H>
void check_half(outcome& o)
{
    // Every 16-bit pattern once, shuffled; dy: every pattern too, shuffled
    // differently (subnormals, infinities and NaNs included).
    std::vector<H> xs(65536), dys(65536);
    for (std::uint32_t b = 0; b < 65536; ++b)
    {
        xs[b] = H::from_bits(static_cast<std::uint16_t>(b));
        dys[b] = H::from_bits(static_cast<std::uint16_t>(b));
    }
    rng r{0x16b175ull};
    for (std::size_t i = xs.size() - 1; i > 0; --i)
    {
        std::swap(xs[i], xs[r.next() % (i + 1)]);
        std::swap(dys[i], dys[r.next() % (i + 1)]);
    }
    for (const half_form<H>& f : half_forms<H>())
    {
        for (int backward = 0; backward < 2; ++backward)
        {
            std::vector<std::uint16_t> want(xs.size());
            counts c;
            for (std::size_t i = 0; i < xs.size(); ++i)
            {
                bool decided;
                want[i] = backward ? expected_backward16<H>(f.grad, xs[i].to_bits(), dys[i].to_bits(), decided)
                                   : expected_forward16<H>(f.fwd, xs[i].to_bits(), decided);
                if (!decided)
                {
                    // Left to a one-element call (its bits enter the hash).
                    H one;
                    if (backward)
                        f.backward(&xs[i], &dys[i], &one, 1);
                    else
                        f.forward(&xs[i], &one, 1);
                    want[i] = one.to_bits();
                    ++c.undecided;
                }
                mix(o, want[i] == 0xffff ? 0x7fff : want[i]);
            }
            const std::string name = f.name + (backward ? "_backward" : "");
            if (backward)
                sweep16<H>(xs, dys, want, true,
                           [&](const H* x, const H* dy, H* out, std::size_t n) { f.backward(x, dy, out, n); }, c,
                           name);
            else
                sweep16<H>(xs, dys, want, false, [&](const H* x, const H*, H* out, std::size_t n) { f.forward(x, out, n); },
                           c, name);
            report(o, std::string(half_name<H>()) + " " + name, c);
        }
    }
}

// ---- gated forms -----------------------------------------------------------------

template <class T>
std::vector<T> gated_pool(std::uint64_t seed)
{
    using L = std::numeric_limits<T>;
    std::vector<T> v = {T(0), T(-0.0), T(1), T(-1), L::infinity(), -L::infinity(), L::quiet_NaN(),
                        L::denorm_min(), -L::denorm_min(), L::min(), L::max(), -L::max(), T(-5.5), T(-9), T(-12.5),
                        T(-30), T(-100), T(4), T(7), T(20)};
    rng r{seed};
    while (v.size() < 997) // prime: the a, b and dy pools drift against each other
    {
        // One draw per statement: the order of a call's arguments is the
        // compiler's choice, and the pool must be the same in every build.
        const double u = r.unit();
        const double m = r.unit();
        const int e = static_cast<int>(r.next() % 40) - 30;
        const double centre = r.unit();
        const double mag = std::ldexp(1.0 + m, e);
        v.push_back(static_cast<T>(u < 0.7 ? (centre * 2 - 1) * 4 : (u < 0.85 ? mag : -mag)));
    }
    return v;
}

template <class T>
struct gated_form
{
    std::string name;
    std::function<void(const T*, const T*, T*, std::size_t)> forward;
    std::function<void(const T*, const T*, const T*, T*, T*, std::size_t)> backward;
    std::function<void(const T*, T*, std::size_t, std::size_t, actfn::activated_half)> rows;
    std::function<void(const T*, const T*, T*, std::size_t, std::size_t, actfn::activated_half)> rows_backward;
};

// A gated form's four calls with the trailing arguments `extra` (alpha,
// precision) appended to each.
template <class T, class Extra, class F, class B, class R, class RB>
gated_form<T> make_gated(std::string name, Extra extra, F f, B b, R r, RB rb)
{
    gated_form<T> g;
    g.name = std::move(name);
    g.forward = [=](const T* a, const T* bb, T* y, std::size_t n) {
        std::apply(f, std::tuple_cat(std::make_tuple(a, bb, y, n), extra));
    };
    g.backward = [=](const T* a, const T* bb, const T* dy, T* da, T* db, std::size_t n) {
        std::apply(b, std::tuple_cat(std::make_tuple(a, bb, dy, da, db, n), extra));
    };
    g.rows = [=](const T* x, T* y, std::size_t rows, std::size_t d, actfn::activated_half h) {
        std::apply(r, std::tuple_cat(std::make_tuple(x, y, rows, d, h), extra));
    };
    g.rows_backward = [=](const T* x, const T* dy, T* dx, std::size_t rows, std::size_t d, actfn::activated_half h) {
        std::apply(rb, std::tuple_cat(std::make_tuple(x, dy, dx, rows, d, h), extra));
    };
    return g;
}

#define ACTFN_MATRIX_GATED(label, fn, extra)                                                                         \
    v.push_back(make_gated<T>(                                                                                       \
        label, extra, [](auto... args) { actfn::fn(args...); }, [](auto... args) { actfn::fn##_backward(args...); }, \
        [](auto... args) { actfn::fn##_rows(args...); }, [](auto... args) { actfn::fn##_rows_backward(args...); }))

std::vector<gated_form<float>> gated_forms_of(float)
{
    using T = float;
    std::vector<gated_form<T>> v;
    for (actfn::gated_precision p : {actfn::gated_precision::accurate, actfn::gated_precision::fast})
    {
        const std::string s = p == actfn::gated_precision::fast ? " (fast)" : " (accurate)";
        ACTFN_MATRIX_GATED("geglu" + s, geglu, std::make_tuple(p));
        ACTFN_MATRIX_GATED("geglu_tanh" + s, geglu_tanh, std::make_tuple(p));
        ACTFN_MATRIX_GATED("geglu_quick" + s, geglu_quick, std::make_tuple(1.702f, p));
        ACTFN_MATRIX_GATED("geglu_quick(0.8)" + s, geglu_quick, std::make_tuple(0.8f, p));
        ACTFN_MATRIX_GATED("swiglu" + s, swiglu, std::make_tuple(p));
        ACTFN_MATRIX_GATED("reglu" + s, reglu, std::make_tuple(p));
    }
    return v;
}

std::vector<gated_form<double>> gated_forms_of(double)
{
    using T = double;
    std::vector<gated_form<T>> v;
    ACTFN_MATRIX_GATED("geglu", geglu, std::make_tuple());
    ACTFN_MATRIX_GATED("geglu_tanh", geglu_tanh, std::make_tuple());
    ACTFN_MATRIX_GATED("geglu_quick", geglu_quick, std::make_tuple(1.702));
    ACTFN_MATRIX_GATED("geglu_quick(0.8)", geglu_quick, std::make_tuple(0.8));
    ACTFN_MATRIX_GATED("swiglu", swiglu, std::make_tuple());
    ACTFN_MATRIX_GATED("reglu", reglu, std::make_tuple());
    return v;
}
#undef ACTFN_MATRIX_GATED

template <class T>
std::vector<gated_form<T>> gated_forms()
{
    return gated_forms_of(T());
}

template <class T>
bool same_or_nan(T got, T want)
{
    return bits_of(got) == bits_of(want) || (std::isnan(got) && std::isnan(want));
}

template <class T>
void check_gated(outcome& o)
{
    // Triples (as[k], bs[k], dys[k]): three pools drawn apart, so that a, b
    // and dy vary independently; element i of a call gets the triple
    // k = (base + i) % A, with a base that moves between calls.
    const std::vector<T> as = gated_pool<T>(0xa11ull), bs = gated_pool<T>(0xb22ull), dys = gated_pool<T>(0xd33ull);
    const std::size_t A = as.size();
    const T sentinel = with_bits<T>(sizeof(T) == 4 ? 0x7fd0beefull : 0x7ff8dead0000beefull);
    for (const gated_form<T>& f : gated_forms<T>())
    {
        counts c;
        // The one-element results of every triple.
        std::vector<T> y1(A), da1(A), db1(A);
        for (std::size_t k = 0; k < A; ++k)
        {
            f.forward(&as[k], &bs[k], &y1[k], 1);
            f.backward(&as[k], &bs[k], &dys[k], &da1[k], &db1[k], 1);
            mix(o, hash_bits(y1[k]));
            mix(o, hash_bits(da1[k]) ^ (hash_bits(db1[k]) << 1));
        }
        auto note = [&](bool ok, const char* what, std::size_t n, std::size_t off, T got, T want) {
            if (c.checked(ok))
                std::printf("    %s %s %s: n %zu, offset %zu: got 0x%llx, want 0x%llx\n", type_name<T>(),
                            f.name.c_str(), what, n, off, static_cast<unsigned long long>(bits_of(got)),
                            static_cast<unsigned long long>(bits_of(want)));
        };
        std::size_t cursor = 0;
        for (std::size_t n : lengths())
            for (std::size_t off = 0; off < max_offset; off += (n > 64 ? 7 : 1)) // n > 64: offsets 0, 7, 14
            {
                const std::size_t base = cursor;
                cursor = (cursor + n + 13) % A;
                auto at = [&](std::size_t i) { return (base + i) % A; };
                // Forward: out of place, y == a, y == b.
                for (int mode = 0; mode < 3; ++mode)
                {
                    guarded<T> ga(n, off, sentinel), gb(n, (off + 3) % max_offset, sentinel),
                        gy(n, (off * 7 + 2) % max_offset, sentinel);
                    for (std::size_t i = 0; i < n; ++i)
                    {
                        ga.data()[i] = as[at(i)];
                        gb.data()[i] = bs[at(i)];
                    }
                    guarded<T>& out = mode == 0 ? gy : mode == 1 ? ga : gb;
                    f.forward(ga.data(), gb.data(), out.data(), n);
                    for (std::size_t i = 0; i < n; ++i)
                        note(same_or_nan(out.data()[i], y1[at(i)]), mode == 0 ? "y" : mode == 1 ? "y (== a)" : "y (== b)",
                             n, off, out.data()[i], y1[at(i)]);
                    c.stray += stray_writes(out.v, guard + out.off, n, sentinel);
                }
                // Backward: out of place, da == dy, db == dy.
                for (int mode = 0; mode < 3; ++mode)
                {
                    guarded<T> ga(n, off, sentinel), gb(n, (off + 5) % max_offset, sentinel),
                        gd(n, (off * 3 + 1) % max_offset, sentinel), gda(n, (off * 5 + 4) % max_offset, sentinel),
                        gdb(n, (off * 11 + 6) % max_offset, sentinel);
                    for (std::size_t i = 0; i < n; ++i)
                    {
                        ga.data()[i] = as[at(i)];
                        gb.data()[i] = bs[at(i)];
                        gd.data()[i] = dys[at(i)];
                    }
                    T* da = mode == 1 ? gd.data() : gda.data();
                    T* db = mode == 2 ? gd.data() : gdb.data();
                    f.backward(ga.data(), gb.data(), gd.data(), da, db, n);
                    for (std::size_t i = 0; i < n; ++i)
                    {
                        note(same_or_nan(da[i], da1[at(i)]), "da", n, off, da[i], da1[at(i)]);
                        note(same_or_nan(db[i], db1[at(i)]), "db", n, off, db[i], db1[at(i)]);
                    }
                    c.stray += stray_writes(gd.v, guard + gd.off, n, sentinel);
                    if (mode != 1)
                        c.stray += stray_writes(gda.v, guard + gda.off, n, sentinel);
                    if (mode != 2)
                        c.stray += stray_writes(gdb.v, guard + gdb.off, n, sentinel);
                }
            }
        // Row forms, rows x 2 d, both halves: element (r, j) of the activated
        // half, the other half and dy hold triple k = (base + r d + j) % A.
        for (std::size_t d : {1u, 3u, 17u, 70u, 600u})
            for (std::size_t rows : {1u, 2u, 5u})
                for (actfn::activated_half h : {actfn::activated_half::first, actfn::activated_half::second})
                {
                    const std::size_t base = cursor;
                    cursor = (cursor + rows * d + 11) % A;
                    std::vector<T> x(rows * 2 * d), dy(rows * d), y(rows * d), dx(rows * 2 * d);
                    const bool first = h == actfn::activated_half::first;
                    auto index_a = [&](std::size_t r0, std::size_t j) { return r0 * 2 * d + (first ? j : d + j); };
                    auto index_b = [&](std::size_t r0, std::size_t j) { return r0 * 2 * d + (first ? d + j : j); };
                    for (std::size_t r0 = 0; r0 < rows; ++r0)
                        for (std::size_t j = 0; j < d; ++j)
                        {
                            const std::size_t k = (base + r0 * d + j) % A;
                            x[index_a(r0, j)] = as[k];
                            x[index_b(r0, j)] = bs[k];
                            dy[r0 * d + j] = dys[k];
                        }
                    f.rows(x.data(), y.data(), rows, d, h);
                    f.rows_backward(x.data(), dy.data(), dx.data(), rows, d, h);
                    for (std::size_t r0 = 0; r0 < rows; ++r0)
                        for (std::size_t j = 0; j < d; ++j)
                        {
                            const std::size_t k = (base + r0 * d + j) % A;
                            note(same_or_nan(y[r0 * d + j], y1[k]), "rows y", rows, d, y[r0 * d + j], y1[k]);
                            note(same_or_nan(dx[index_a(r0, j)], da1[k]), "rows d(activated)", rows, d,
                                 dx[index_a(r0, j)], da1[k]);
                            note(same_or_nan(dx[index_b(r0, j)], db1[k]), "rows d(other)", rows, d, dx[index_b(r0, j)],
                                 db1[k]);
                        }
                }
        report(o, std::string(type_name<T>()) + " " + f.name, c);
    }
}

// ---- bias forms ------------------------------------------------------------------

template <class T>
struct bias_form
{
    std::string name;
    std::function<T(T)> fwd, grad;
    std::function<void(const T*, const T*, T*, std::size_t, std::size_t)> forward;
    std::function<void(const T*, const T*, const T*, T*, T*, std::size_t, std::size_t)> backward;
};

template <class T>
std::vector<bias_form<T>> bias_forms()
{
    std::vector<bias_form<T>> v;
#define ACTFN_MATRIX_BIAS(fn)                                                                                        \
    v.push_back({#fn "_bias", [](T x) { return actfn::fn(x); }, [](T x) { return actfn::fn##_grad(x); },            \
                 [](const T* x, const T* b, T* y, std::size_t r, std::size_t c) { actfn::fn##_bias(x, b, y, r, c); }, \
                 [](const T* x, const T* b, const T* dy, T* dx, T* db, std::size_t r, std::size_t c) {              \
                     actfn::fn##_bias_backward(x, b, dy, dx, db, r, c);                                              \
                 }})
    ACTFN_MATRIX_BIAS(gelu);
    ACTFN_MATRIX_BIAS(gelu_tanh);
    ACTFN_MATRIX_BIAS(quick_gelu);
    ACTFN_MATRIX_BIAS(silu);
    ACTFN_MATRIX_BIAS(elu);
    ACTFN_MATRIX_BIAS(relu);
    ACTFN_MATRIX_BIAS(leaky_relu);
#undef ACTFN_MATRIX_BIAS
    return v;
}

template <class T>
void check_bias(outcome& o)
{
    const std::vector<T> pool = gated_pool<T>(0xb1a5ull), dys = gated_pool<T>(0xd1a5ull);
    const std::size_t P = pool.size();
    for (const bias_form<T>& f : bias_forms<T>())
    {
        counts c;
        std::size_t cursor = 0;
        auto note = [&](bool ok, const char* what, std::size_t rows, std::size_t cols, std::size_t k, T got, T want) {
            if (c.checked(ok))
                std::printf("    %s %s %s: rows %zu, cols %zu, element %zu: got 0x%llx, want 0x%llx\n", type_name<T>(),
                            f.name.c_str(), what, rows, cols, k, static_cast<unsigned long long>(bits_of(got)),
                            static_cast<unsigned long long>(bits_of(want)));
        };
        const std::size_t shapes[][2] = {{0, 5}, {3, 0}, {1, 1}, {7, 1}, {5, 3}, {4, 17}, {33, 70}, {2, 4099}, {3, 4100}, {2, 9000}};
        for (const auto& shape : shapes)
        {
            const std::size_t rows = shape[0], cols = shape[1], n = rows * cols;
            const std::size_t base = cursor;
            cursor = (cursor + n + cols + 7) % P;
            std::vector<T> x(n), dy(n), bias(cols), y(n), dx(n), dbias(cols + 1, T(9));
            for (std::size_t c = 0; c < cols; ++c)
                bias[c] = pool[(base + 17 * c + 3) % P] * T(0.25);
            for (std::size_t k = 0; k < n; ++k)
            {
                x[k] = pool[(base + k) % P];
                dy[k] = dys[(base + 3 * k) % P];
            }
            f.forward(x.data(), bias.data(), y.data(), rows, cols);
            f.backward(x.data(), bias.data(), dy.data(), dx.data(), dbias.data(), rows, cols);
            for (std::size_t k = 0; k < n; ++k)
            {
                const T s = x[k] + bias[k % cols];
                const T wy = f.fwd(s), wdx = dy[k] * f.grad(s);
                note(same_or_nan(y[k], wy), "y", rows, cols, k, y[k], wy);
                note(same_or_nan(dx[k], wdx), "dx", rows, cols, k, dx[k], wdx);
                mix(o, hash_bits(wy) ^ (hash_bits(wdx) << 1));
            }
            c.stray += bits_of(dbias[cols]) != bits_of(T(9));
            for (std::size_t c = 0; c < cols; ++c)
            {
                // Column c alone: the same dx values summed in the same order.
                std::vector<T> xc(rows), dyc(rows), dxc(rows);
                for (std::size_t r0 = 0; r0 < rows; ++r0)
                {
                    xc[r0] = x[r0 * cols + c];
                    dyc[r0] = dy[r0 * cols + c];
                }
                T db1 = T(7);
                f.backward(xc.data(), &bias[c], dyc.data(), dxc.data(), &db1, rows, 1);
                note(same_or_nan(dbias[c], db1), "dbias", rows, cols, c, dbias[c], db1);
                mix(o, hash_bits(db1));
            }
        }
        report(o, std::string(type_name<T>()) + " " + f.name, c);
    }
}

} // namespace

// Checks the 16-bit, gated and bias array forms, printing a line per form.
inline outcome check_half_gated_bias()
{
    outcome o;
    auto timed = [&](const char* what, void (*part)(outcome&)) {
        const auto start = std::chrono::steady_clock::now();
        part(o);
        std::printf("%s: %.2f s\n", what,
                    std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    };
    timed("bfloat16 forms", check_half<actfn::bfloat16>);
    timed("float16 forms", check_half<actfn::float16>);
    timed("float gated forms", check_gated<float>);
    timed("double gated forms", check_gated<double>);
    timed("float bias forms", check_bias<float>);
    timed("double bias forms", check_bias<double>);
    return o;
}

} // namespace matrix_extra
