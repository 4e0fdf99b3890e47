#include "accuracy.hpp"

#include <algorithm>
#include <atomic>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <mutex>
#include <thread>

namespace actfn_test {

level level_from_env()
{
    const char* v = std::getenv("ACTFN_ACCURACY");
    if (v == nullptr || *v == '\0' || std::strcmp(v, "standard") == 0 || std::strcmp(v, "default") == 0)
        return level::standard;
    if (std::strcmp(v, "light") == 0)
        return level::light;
    if (std::strcmp(v, "full") == 0)
        return level::full;
    std::fprintf(stderr, "actfn tests: unknown ACTFN_ACCURACY=%s, using standard\n", v);
    return level::standard;
}

const char* level_name(level l)
{
    switch (l)
    {
    case level::light: return "light";
    case level::standard: return "standard";
    case level::full: return "full";
    }
    return "?";
}

unsigned thread_count()
{
    if (const char* v = std::getenv("ACTFN_TEST_THREADS"))
    {
        const long n = std::strtol(v, nullptr, 10);
        if (n >= 1 && n <= 64)
            return static_cast<unsigned>(n);
    }
    return 2;
}

namespace {

// ---- input generation -------------------------------------------------------

// splitmix64: a fixed, portable pseudo-random sequence, so every run and every
// ISA build sweeps the same inputs.
struct rng
{
    std::uint64_t s;
    std::uint64_t next()
    {
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
};

// Monotonic integer keys: every float (double) between two keys lies between
// them, one key per representable value, -0 and +0 sharing 0.
std::int64_t key_of(float f)
{
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return (u & 0x80000000u) ? -static_cast<std::int64_t>(u & 0x7fffffffu) : static_cast<std::int64_t>(u);
}
float float_of(std::int64_t k)
{
    const std::uint32_t u = k < 0 ? (0x80000000u | static_cast<std::uint32_t>(-k)) : static_cast<std::uint32_t>(k);
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}
std::int64_t key_of(double d)
{
    std::uint64_t u;
    std::memcpy(&u, &d, sizeof u);
    const std::int64_t mag = static_cast<std::int64_t>(u & 0x7fffffffffffffffull);
    return (u >> 63) ? -mag : mag;
}
double double_of(std::int64_t k)
{
    const std::uint64_t u = k < 0 ? (0x8000000000000000ull | static_cast<std::uint64_t>(-k)) : static_cast<std::uint64_t>(k);
    double d;
    std::memcpy(&d, &u, sizeof d);
    return d;
}

struct region
{
    double lo, hi;
    double weight; // share of the level's region budget; < 0: every float in it (light: one budget), weight 1 for doubles
};

// Where each family is hard: the tails down to where the result underflows
// (and beyond, where the double result still exists), the derivative's root,
// the shoulder where Phi or sigma saturates, tiny arguments.
std::vector<region> regions_of(kernel fwd, double param)
{
    std::vector<region> r;
    const double root = root_of(actfn_ref::derivative_of(fwd), param);
    auto around_root = [&] {
        r.push_back({root - 1e-3, root + 1e-3, -1});
        r.push_back({root - 0.05, root + 0.05, 1});
    };
    switch (fwd)
    {
    case kernel::gelu:
        // float gelu is -0 below -14.356, double below -38.580 (note).
        r = {{-45, -14, 0.5}, {-14.5, -5, 2}, {-5, -1, 1}, {-1, 1, 1}, {1, 6, 1}, {6, 12, 0.5}};
        around_root();
        break;
    case kernel::gelu_tanh:
        // float -0 below -10.771, double below -21.547.
        r = {{-25, -10.5, 0.5}, {-11, -4, 2}, {-4, -1, 1}, {-1, 1, 1}, {1, 6, 1}, {6, 12, 0.5}};
        around_root();
        break;
    case kernel::quick_gelu:
    case kernel::silu:
    {
        // silu: float -0 below -108.66 (exp(x) subnormal below -87.3), double below -751.76.
        const double a = fwd == kernel::silu ? 1.0 : param;
        r = {{-760 / a, -110 / a, 0.5}, {-112 / a, -15 / a, 2}, {-15 / a, -1 / a, 1}, {-1 / a, 1 / a, 1},
             {1 / a, 20 / a, 1},        {20 / a, 120 / a, 0.5}};
        around_root();
        break;
    }
    case kernel::elu:
        // elu' = alpha e^x: subnormal below -87.3, zero below -103.97 (float).
        r = {{-760, -100, 0.5}, {-110, -80, 1}, {-20, -1, 1}, {-1, 0, 1}, {0, 10, 0.25}};
        break;
    default:
        r = {{-10, 10, 1}};
        break;
    }
    // Subnormal and tiny arguments, both signs.
    r.push_back({-1e-30, 0, 0.25});
    r.push_back({0, 1e-30, 0.25});
    return r;
}

template <class T>
T value_of_key(std::int64_t k)
{
    if constexpr (sizeof(T) == 4)
        return float_of(k);
    else
        return double_of(k);
}

template <class T>
void sample_region(std::vector<T>& out, double lo, double hi, std::size_t count, rng& g)
{
    const std::int64_t klo = key_of(static_cast<T>(lo)), khi = key_of(static_cast<T>(hi));
    // khi - klo can exceed INT64_MAX for doubles of both signs: unsigned arithmetic.
    const std::uint64_t span = static_cast<std::uint64_t>(khi) - static_cast<std::uint64_t>(klo) + 1;
    auto at = [&](std::uint64_t offset) {
        return value_of_key<T>(static_cast<std::int64_t>(static_cast<std::uint64_t>(klo) + offset));
    };
    if (count == 0)
        return;
    if (span <= count)
    {
        for (std::uint64_t o = 0; o < span; ++o)
            out.push_back(at(o));
        return;
    }
    // One point at a pseudo-random place in each of `count` equal slices of the
    // key range: uniform per representable value, with varied low bits.
    const double step = static_cast<double>(span) / static_cast<double>(count);
    for (std::size_t i = 0; i < count; ++i)
    {
        const double base = static_cast<double>(i) * step;
        const double jitter = static_cast<double>(g.next() >> 11) * 0x1p-53 * step;
        const double offset = std::min(base + jitter, static_cast<double>(span - 1));
        out.push_back(at(std::min(static_cast<std::uint64_t>(offset), span - 1)));
    }
}

std::size_t float_region_budget(level l)
{
    switch (l)
    {
    case level::light: return 1u << 11;
    case level::standard: return 1u << 14;
    case level::full: return 1u << 18;
    }
    return 0;
}

std::uint64_t float_stride(level l)
{
    // Odd strides, so that the low mantissa bits vary along the walk.
    switch (l)
    {
    case level::light: return 65521;   // 65,551 points
    case level::standard: return 4093; // 1,049,344 points >= 2^20
    case level::full: return 255;      // 16,843,009 points >= 2^24
    }
    return 4093;
}

std::size_t double_budget(level l)
{
    switch (l)
    {
    case level::light: return 1u << 12;
    case level::standard: return 1u << 16;
    case level::full: return 10000000u;
    }
    return 1u << 16;
}

template <class T>
void add_with_neighbours(std::vector<T>& v, T x, int n)
{
    v.push_back(x);
    T lo = x, hi = x;
    for (int i = 0; i < n; ++i)
    {
        lo = std::nextafter(lo, -std::numeric_limits<T>::infinity());
        hi = std::nextafter(hi, std::numeric_limits<T>::infinity());
        v.push_back(lo);
        v.push_back(hi);
    }
}

template <class T>
std::vector<T> special_points()
{
    using L = std::numeric_limits<T>;
    std::vector<T> v;
    const T tiny = L::denorm_min();
    const T basics[] = {T(0), tiny, 2 * tiny, 3 * tiny, 5 * tiny, 1024 * tiny, L::min() - tiny, L::min(),
                        std::nextafter(L::min(), T(1)), T(0x1p-100), T(0x1p-60), T(0x1p-30), T(0x1p-13),
                        T(0.5), T(1), T(2), T(1e10), T(1e30), L::max(), std::nextafter(L::max(), T(0)),
                        L::infinity()};
    for (T b : basics)
    {
        v.push_back(b);
        v.push_back(-b);
    }
    if constexpr (sizeof(T) == 8)
        for (T b : {T(1e100), T(1e300)})
        {
            v.push_back(b);
            v.push_back(-b);
        }
    v.push_back(L::quiet_NaN());
    v.push_back(-L::quiet_NaN());
    v.push_back(L::signaling_NaN());
    // Thresholds (see gelu-math.md and the reference's own test): where float /
    // double results underflow, where Phi and sigma round to 1, where exp
    // overflows or goes subnormal, and the roots of the derivatives.
    const double thresholds[] = {
        -14.3560679821587, -38.5801402237824, // gelu -> -0
        -10.7708682537461, -21.5470754104360, // gelu_tanh -> -0
        5.41998317491687,  8.29236107581360,  // Phi -> 1
        -108.660303619326, -751.755630413524, // silu -> -0
        -103.278929903432, -87.3365447505531, -88.7228391116729, 88.7228391116729, // exp float: min subnormal, min normal, overflow
        -745.133219101941, -708.396418532264, 709.782712893384,                   // exp double
        -17.3286795139986, -36.7368005696771, // expm1 -> -1 (float, double)
        -0.751791524693564457, -0.752461422071016258, -1.278464542761073795, -0.751154245760795548};
    for (double t : thresholds)
        add_with_neighbours(v, static_cast<T>(t), 8);
    return v;
}

} // namespace

std::vector<float> float_special_points() { return special_points<float>(); }
std::vector<double> double_special_points() { return special_points<double>(); }

std::vector<float> float_inputs(kernel fwd, double param, level l)
{
    std::vector<float> v;
    // A strided walk over all 2^32 bit patterns: every exponent, both signs,
    // subnormals, NaN payloads and the infinities (0x7f800000 and 0xff800000
    // are not multiples of the stride: they come with the special points).
    const std::uint64_t stride = float_stride(l);
    v.reserve(static_cast<std::size_t>((1ull << 32) / stride) + 400000);
    for (std::uint64_t b = 0; b < (1ull << 32); b += stride)
    {
        const std::uint32_t u = static_cast<std::uint32_t>(b);
        float f;
        std::memcpy(&f, &u, sizeof f);
        v.push_back(f);
    }
    const std::vector<float> sp = float_special_points();
    v.insert(v.end(), sp.begin(), sp.end());
    rng g{0x5eed0000u + static_cast<std::uint64_t>(fwd)};
    for (const region& r : regions_of(fwd, param))
    {
        const std::size_t n = r.weight < 0 ? std::numeric_limits<std::size_t>::max()
                                           : static_cast<std::size_t>(r.weight * static_cast<double>(float_region_budget(l)));
        if (r.weight < 0 && l == level::light)
            sample_region<float>(v, r.lo, r.hi, float_region_budget(l), g);
        else
            sample_region<float>(v, r.lo, r.hi, n, g);
    }
    return v;
}

std::vector<double> double_inputs(kernel fwd, double param, level l)
{
    std::vector<double> v;
    const std::size_t total = double_budget(l);
    v.reserve(total + 2000);
    rng g{0xd0b1e000u + static_cast<std::uint64_t>(fwd)};
    // Half the budget over every exponent (subnormals included), both signs,
    // random significands.
    const std::size_t spread = total / 2;
    for (std::size_t i = 0; i < spread; ++i)
    {
        const std::uint64_t e = i % 2047;
        const std::uint64_t sign = (i / 2047) & 1;
        const std::uint64_t u = (sign << 63) | (e << 52) | (g.next() >> 12);
        double d;
        std::memcpy(&d, &u, sizeof d);
        v.push_back(d);
    }
    const std::vector<double> sp = double_special_points();
    v.insert(v.end(), sp.begin(), sp.end());
    // The other half over the hard regions, by weight; root windows get 1/8.
    const std::vector<region> rs = regions_of(fwd, param);
    double weights = 0;
    for (const region& r : rs)
        weights += r.weight < 0 ? 1.0 : r.weight;
    for (const region& r : rs)
    {
        const double w = r.weight < 0 ? 1.0 : r.weight;
        sample_region<double>(v, r.lo, r.hi, static_cast<std::size_t>(w / weights * static_cast<double>(total - spread)), g);
    }
    return v;
}

double root_of(kernel k, double param)
{
    switch (k)
    {
    case kernel::gelu_grad: return actfn_ref::root_gelu_grad();
    case kernel::gelu_tanh_grad: return actfn_ref::root_gelu_tanh_grad();
    case kernel::silu_grad: return actfn_ref::root_silu_grad();
    case kernel::quick_gelu_grad: return actfn_ref::root_quick_gelu_grad(param);
    default: return std::numeric_limits<double>::quiet_NaN();
    }
}

bound bound_for(kernel k, format f, level l, bool fma)
{
    bound b;
    const bool grad = actfn_ref::is_derivative(k);
    const bool has_root = !std::isnan(root_of(k, 1.702));
    if (l == level::full)
    {
        // Issue 3: forward <= 1 ULP (float: gelu, gelu_tanh, quick_gelu,
        // silu, elu; relu and leaky_relu are exact, held to the same 1 ULP),
        // derivatives <= 2 ULP everywhere, roots included; double alike.
        // These are the bounds of targets with an FMA; without one a*b+c
        // rounds twice and the documented bounds are 2 and 4 ULP (measured
        // at this level: up to 1.9 forward, 2.1 derivatives).
        b.checked = true;
        b.max_ulp = fma ? (grad ? 2.0 : 1.0) : (grad ? 4.0 : 2.0);
        return b;
    }
    // Issue 2.
    if (f == format::binary64)
    {
        // Double: forward <= 2 ULP; the derivatives have no bound yet.
        b.checked = !grad;
        b.max_ulp = grad ? 4.0 : 2.0;
        return b;
    }
    b.checked = true;
    b.max_ulp = grad ? 4.0 : 2.0;
    if (grad && has_root)
    {
        b.window = 1e-3;
        b.window_abs = 0x1p-24;
    }
    return b;
}

namespace {

using mpv = actfn_ref::mp_value;

// Larger error wins; on equal errors the earlier index, so that the reported
// argument does not depend on how the work was split between threads.
struct arg_max
{
    double value = 0;
    std::size_t index = std::numeric_limits<std::size_t>::max();
    void offer(double v, std::size_t i)
    {
        if (v > value || (v == value && v > 0 && i < index) || (std::isnan(v) && !std::isnan(value)))
        {
            value = v;
            index = i;
        }
    }
    void merge(const arg_max& o) { offer(o.value, o.index); }
};

struct partial
{
    std::size_t points = 0, window_points = 0, sign_errors = 0, over = 0, nonfinite = 0;
    std::size_t first_sign_error = std::numeric_limits<std::size_t>::max();
    std::size_t first_nonfinite = std::numeric_limits<std::size_t>::max();
    arg_max ulp, abs_window, ulp_window;

    void merge(const partial& p)
    {
        points += p.points;
        window_points += p.window_points;
        sign_errors += p.sign_errors;
        over += p.over;
        nonfinite += p.nonfinite;
        first_sign_error = std::min(first_sign_error, p.first_sign_error);
        first_nonfinite = std::min(first_nonfinite, p.first_nonfinite);
        ulp.merge(p.ulp);
        abs_window.merge(p.abs_window);
        ulp_window.merge(p.ulp_window);
    }
};

struct job_setup
{
    double root;
    bool use_window;
    bool check_sign;
    // Also the sign of an exact zero: x * (a CDF) is +-0 at +-0 and -0 in the
    // underflowed negative tail.  elu and leaky_relu at -0 are zeros whose sign
    // no document fixes.
    bool check_zero_sign;
};

} // namespace

std::vector<std::vector<result>> measure(const std::vector<job>& jobs, double param, format f,
                                         const std::vector<double>& x)
{
    const std::size_t n = x.size();
    std::vector<job_setup> setup;
    for (const job& jb : jobs)
    {
        const double root = root_of(jb.k, param);
        // Forward kernels keep the sign of x (relu's +0 for x <= 0 excepted).
        setup.push_back({root, jb.b.window > 0 && !std::isnan(root),
                         !actfn_ref::is_derivative(jb.k) && jb.k != kernel::relu,
                         jb.k == kernel::gelu || jb.k == kernel::gelu_tanh || jb.k == kernel::quick_gelu ||
                             jb.k == kernel::silu});
    }

    std::vector<std::vector<partial>> total(jobs.size());
    for (std::size_t j = 0; j < jobs.size(); ++j)
        total[j].resize(jobs[j].outputs.size());
    std::mutex mu;
    std::atomic<std::size_t> next{0};
    constexpr std::size_t chunk = 512;

    auto work = [&] {
        actfn_ref::evaluator ev;
        mpv exact;
        std::vector<std::vector<partial>> mine(jobs.size());
        for (std::size_t j = 0; j < jobs.size(); ++j)
            mine[j].resize(jobs[j].outputs.size());
        for (;;)
        {
            const std::size_t begin = next.fetch_add(chunk);
            if (begin >= n)
                break;
            const std::size_t end = std::min(n, begin + chunk);
            for (std::size_t i = begin; i < end; ++i)
                for (std::size_t j = 0; j < jobs.size(); ++j)
                {
                    const job& jb = jobs[j];
                    const job_setup& st = setup[j];
                    ev.eval(jb.k, exact.v, x[i], param, 100);
                    const bool in_window = st.use_window && std::fabs(x[i] - st.root) <= jb.b.window;
                    for (std::size_t o = 0; o < jb.outputs.size(); ++o)
                    {
                        const double y = (*jb.outputs[o])[i];
                        partial& p = mine[j][o];
                        ++p.points;
                        const double e = actfn_ref::ulp_error(exact.v, y, f);
                        bool bad = false;
                        if (std::isinf(e))
                        {
                            ++p.nonfinite;
                            p.first_nonfinite = std::min(p.first_nonfinite, i);
                            bad = true;
                        }
                        else if (in_window)
                        {
                            ++p.window_points;
                            const double a = actfn_ref::abs_error(exact.v, y);
                            p.abs_window.offer(a, i);
                            p.ulp_window.offer(e, i);
                            bad = !(a <= jb.b.window_abs);
                        }
                        else
                        {
                            p.ulp.offer(e, i);
                            bad = !(e <= jb.b.max_ulp);
                        }
                        if (st.check_sign && !mpfr_nan_p(exact.v) && !std::isnan(y) &&
                            (st.check_zero_sign || !mpfr_zero_p(exact.v)) &&
                            (mpfr_signbit(exact.v) != 0) != std::signbit(y))
                        {
                            ++p.sign_errors;
                            p.first_sign_error = std::min(p.first_sign_error, i);
                            bad = true;
                        }
                        p.over += bad ? 1 : 0;
                    }
                }
        }
        {
            std::lock_guard<std::mutex> lock(mu);
            for (std::size_t j = 0; j < jobs.size(); ++j)
                for (std::size_t o = 0; o < total[j].size(); ++o)
                    total[j][o].merge(mine[j][o]);
        }
    };

    const unsigned threads = std::max(1u, std::min<unsigned>(thread_count(), static_cast<unsigned>(n / chunk + 1)));
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back([&] {
            work();
            // MPFR keeps per-thread caches (constants, exp tables, a pool of
            // integers) that a thread must free before it ends.
            mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE);
        });
    work();
    for (std::thread& t : pool)
        t.join();

    const double nan = std::numeric_limits<double>::quiet_NaN();
    auto at = [&](std::size_t i) { return i < n ? x[i] : nan; };
    std::vector<std::vector<result>> out(jobs.size());
    for (std::size_t j = 0; j < jobs.size(); ++j)
        for (std::size_t o = 0; o < total[j].size(); ++o)
        {
            const partial& p = total[j][o];
            const std::vector<double>& y = *jobs[j].outputs[o];
            result r;
            r.points = p.points;
            r.window_points = p.window_points;
            r.sign_errors = p.sign_errors;
            r.over_bound = p.over;
            r.max_ulp = p.ulp.value;
            r.max_ulp_x = at(p.ulp.index);
            r.max_ulp_y = p.ulp.index < n ? y[p.ulp.index] : nan;
            r.max_abs_window = p.abs_window.value;
            r.max_abs_window_x = at(p.abs_window.index);
            r.max_ulp_window = p.ulp_window.value;
            r.max_ulp_window_x = at(p.ulp_window.index);
            r.sign_error_x = at(p.first_sign_error);
            r.nonfinite = p.nonfinite;
            r.nonfinite_x = at(p.first_nonfinite);
            r.nonfinite_y = p.first_nonfinite < n ? y[p.first_nonfinite] : nan;
            out[j].push_back(r);
        }
    return out;
}

std::vector<result> measure(kernel k, double param, format f, const std::vector<double>& x,
                            const std::vector<const std::vector<double>*>& outputs, const bound& b)
{
    return measure(std::vector<job>{{k, b, outputs}}, param, f, x)[0];
}

bool within(const result& r, const bound& b)
{
    if (!b.checked)
        return true;
    return r.over_bound == 0 && r.nonfinite == 0 && r.max_ulp <= b.max_ulp &&
           (r.window_points == 0 || r.max_abs_window <= b.window_abs) && r.sign_errors == 0;
}

std::string show(double x, format f)
{
    char buf[96];
    if (f == format::binary32)
        std::snprintf(buf, sizeof buf, "%a (%.9g)", x, x);
    else
        std::snprintf(buf, sizeof buf, "%a (%.17g)", x, x);
    return buf;
}

std::string describe(const result& r, const bound& b, format f)
{
    char buf[512];
    std::string s;
    std::snprintf(buf, sizeof buf, "max %.4g ULP (finite errors) at x = %s (y = %s)", r.max_ulp, show(r.max_ulp_x, f).c_str(),
                  show(r.max_ulp_y, f).c_str());
    s += buf;
    if (b.checked)
        std::snprintf(buf, sizeof buf, "; bound %g ULP", b.max_ulp);
    else
        std::snprintf(buf, sizeof buf, "; no bound (reported only)");
    s += buf;
    if (r.window_points > 0)
    {
        std::snprintf(buf, sizeof buf,
                      "; within %g of the root (%zu points): max |error| %.3g at x = %s, bound %.3g (max %.3g ULP "
                      "there, at x = %s)",
                      b.window, r.window_points, r.max_abs_window, show(r.max_abs_window_x, f).c_str(),
                      b.window_abs, r.max_ulp_window, show(r.max_ulp_window_x, f).c_str());
        s += buf;
    }
    if (r.nonfinite > 0)
    {
        std::snprintf(buf, sizeof buf, "; %zu NaN/infinity mismatches, first y = %s at x = %s", r.nonfinite,
                      show(r.nonfinite_y, f).c_str(), show(r.nonfinite_x, f).c_str());
        s += buf;
    }
    if (r.sign_errors > 0)
    {
        std::snprintf(buf, sizeof buf, "; %zu results with the wrong sign, first at x = %s", r.sign_errors,
                      show(r.sign_error_x, f).c_str());
        s += buf;
    }
    std::snprintf(buf, sizeof buf, "; %zu points, %zu beyond the bound", r.points, r.over_bound);
    s += buf;
    return s;
}

} // namespace actfn_test
