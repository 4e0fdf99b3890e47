// actfn_exhaustive: every float input (or a strided sample of them) through
// every float kernel's array API, measured against fast double references
// (fast_reference.hpp), with MPFR deciding every case near a bound, the worst
// cases, the derivatives' root windows and the infinities.
//
// Compiled once with baseline flags: the references and the measurement are
// the same machine code in every target build; only isa_main.cpp (which calls
// actfn) changes with the target.  See tests/exhaustive/README.md.

#include "checker.hpp"
#include "fast_reference.hpp"

#include "support/accuracy.hpp"

#include <algorithm>
#include <atomic>
#include <cstdarg>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace actfn_exh {

namespace {

using actfn_ref::format;

constexpr int kernel_count = actfn_ref::kernel_count;
constexpr std::size_t chunk_size = 1u << 16;
constexpr int top_k = 16;
// The band: every case whose fast error lies within 0.05 ulp of its
// bound is decided by MPFR.
constexpr double margin = 0.05;
// The fast reference is within 2^-16 ulp of the exact value (fast_reference.hpp);
// intervals of possible errors are widened by twice that.
constexpr double ref_tol = 0x1p-15;
constexpr std::uint32_t canonical_nan = 0x7fc00000u;

// ---- small helpers -----------------------------------------------------------------

float float_of(std::uint32_t u)
{
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

std::uint32_t bits_of(float f)
{
    std::uint32_t u;
    std::memcpy(&u, &f, sizeof u);
    return u;
}

std::uint64_t bits_of(double d)
{
    std::uint64_t u;
    std::memcpy(&u, &d, sizeof u);
    return u;
}

double double_of(std::uint64_t u)
{
    double d;
    std::memcpy(&d, &u, sizeof d);
    return d;
}

// The checksum's mixing function: splitmix64's finaliser, a bijection of
// 64-bit words.  Each (x, y) pair contributes mix(x_bits << 32 | y_bits) to a
// sum modulo 2^64, so the checksum depends on the set of pairs only (not on
// the order or the split between threads) and any changed output changes it
// except with probability ~2^-64.  NaN outputs count as 0x7fc00000 whatever
// their sign and payload (IEEE 754 fixes neither).
inline std::uint64_t mix(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

inline std::uint64_t pair_hash(std::uint32_t xb, float y)
{
    std::uint32_t yb = bits_of(y);
    if ((yb & 0x7fffffffu) > 0x7f800000u)
        yb = canonical_nan;
    return mix((static_cast<std::uint64_t>(xb) << 32) | yb);
}

// 1/ulp of the binade of r (a finite double standing for an exact value), in
// float, never below the smallest subnormal spacing: 2^(23 - max(E, -126)),
// |r| in [2^E, 2^(E+1)).  edge says whether r is within 2^-40 (relative) of a
// power of two, so that the exact value might lie in the binade below
// (edge 1: its ulp would be half, the error twice) or above (edge 2).
struct ulp_scale
{
    double inv_ulp;
    int edge;
};

inline ulp_scale scale_of(double r)
{
    const std::uint64_t b = bits_of(r) & 0x7fffffffffffffffull;
    const int e_bits = static_cast<int>(b >> 52);
    const int E = e_bits == 0 ? -1075 : e_bits - 1023;
    const int eb = E < -126 ? -126 : E;
    ulp_scale s;
    s.inv_ulp = double_of(static_cast<std::uint64_t>(23 - eb + 1023) << 52);
    s.edge = 0;
    const std::uint64_t m = b & ((1ull << 52) - 1);
    if (E >= -125 && m < (1ull << 12))
        s.edge = 1;
    else if (E >= -126 && m >= (1ull << 52) - (1ull << 12))
        s.edge = 2;
    return s;
}

std::string show_x(float x)
{
    char buf[80];
    std::snprintf(buf, sizeof buf, "%a (%.9g)", static_cast<double>(x), static_cast<double>(x));
    return buf;
}

std::string show_ulp(double e)
{
    if (std::isinf(e))
        return "inf";
    char buf[40];
    if (e < 1e5)
        std::snprintf(buf, sizeof buf, "%.4f", e);
    else
        std::snprintf(buf, sizeof buf, "%.3g", e);
    return buf;
}

double bound_of(kernel k)
{
    return actfn_ref::is_derivative(k) ? 2.0 : 1.0;
}

int bin_of(double e)
{
    return e <= 0.5 ? 0 : e <= 1.0 ? 1 : e <= 2.0 ? 2 : 3;
}

// Forward kernels whose result carries the sign of x: x times a CDF (even a
// zero: -0 in the underflowed tail), and elu, leaky_relu for x != 0.
enum class sign_rule
{
    none,
    always,
    nonzero,
};

sign_rule sign_rule_of(kernel k)
{
    switch (k)
    {
    case kernel::gelu:
    case kernel::gelu_tanh:
    case kernel::quick_gelu:
    case kernel::silu: return sign_rule::always;
    case kernel::elu:
    case kernel::leaky_relu: return sign_rule::nonzero;
    default: return sign_rule::none;
    }
}

// ---- options ----------------------------------------------------------------------

struct options
{
    std::vector<kernel> kernels;
    std::uint64_t stride = 1;  // 1: all 2^32 bit patterns
    bool regions = false;      // add the special points and hard regions (sampled runs)
    unsigned threads = 0;
    bool checksum_only = false;
    std::string csv, markdown, checksums_out;
    double csv_lo = -16, csv_hi = 6;
    int csv_bins = 440;
    std::size_t max_confirm = 1u << 16;
    bool quiet = false;
    // --self-test
    bool self_test = false;
    int self_test_per_binade = 24;
    // --compare
    std::vector<std::string> compare;
};

const char* usage =
    "usage: actfn_exhaustive [options]\n"
    "  (no option)          every float kernel on all 2^32 inputs\n"
    "  --kernels a,b,...    kernels to run (gelu gelu_grad gelu_tanh gelu_tanh_grad quick_gelu\n"
    "                       quick_gelu_grad silu silu_grad elu elu_grad relu relu_grad leaky_relu\n"
    "                       leaky_relu_grad); --family gelu = gelu,gelu_grad (and so on)\n"
    "  --stride S           bit patterns 0, S, 2S, ... plus the special points and hard regions\n"
    "  --sample N           the stride giving at least N inputs (odd), plus the regions\n"
    "  --sampled            the CI preset: --stride 251 (17.1 million inputs) plus the regions\n"
    "  --threads N          worker threads (default: hardware threads)\n"
    "  --csv FILE           gelu only: max ULP per x bin of actfn and of the naive formulas\n"
    "  --csv-range LO:HI    x range of the bins (default -16:6), --csv-bins N (default 440)\n"
    "  --markdown FILE      also write the result table to FILE\n"
    "  --checksums-out FILE write the per-kernel output checksums (for --compare)\n"
    "  --checksum-only      outputs and checksums only, no reference (fast)\n"
    "  --max-confirm N      cases within 0.05 ULP of a bound confirmed in MPFR, per kernel (default 65536)\n"
    "  --self-test [N]      compare the fast references with MPFR (N points per binade, default 24)\n"
    "  --compare F1 F2 ...  compare checksum files of several builds\n";

bool parse_kernel(const std::string& s, std::vector<kernel>& out)
{
    for (int i = 0; i < kernel_count; ++i)
        if (s == actfn_ref::name(static_cast<kernel>(i)))
        {
            out.push_back(static_cast<kernel>(i));
            return true;
        }
    return false;
}

std::vector<std::string> split(const std::string& s, char sep)
{
    std::vector<std::string> v;
    std::size_t b = 0;
    for (;;)
    {
        const std::size_t e = s.find(sep, b);
        v.push_back(s.substr(b, e == std::string::npos ? std::string::npos : e - b));
        if (e == std::string::npos)
            return v;
        b = e + 1;
    }
}

bool parse(int argc, char** argv, options& o)
{
    std::vector<kernel> ks;
    for (int i = 1; i < argc; ++i)
    {
        const std::string a = argv[i];
        auto value = [&](const char* what) -> const char* {
            if (i + 1 >= argc)
            {
                std::fprintf(stderr, "%s needs %s\n", a.c_str(), what);
                return nullptr;
            }
            return argv[++i];
        };
        if (a == "--kernels" || a == "--family")
        {
            const char* v = value("a list");
            if (!v)
                return false;
            for (const std::string& n : split(v, ','))
            {
                std::vector<kernel> one;
                if (n == "all")
                    for (int k = 0; k < kernel_count; ++k)
                        one.push_back(static_cast<kernel>(k));
                else if (!parse_kernel(n, one))
                {
                    std::fprintf(stderr, "unknown kernel '%s'\n", n.c_str());
                    return false;
                }
                if (a == "--family")
                    one.push_back(actfn_ref::derivative_of(one[0]));
                ks.insert(ks.end(), one.begin(), one.end());
            }
        }
        else if (a == "--stride")
        {
            const char* v = value("a stride");
            if (!v)
                return false;
            o.stride = std::strtoull(v, nullptr, 10);
            if (o.stride < 1 || o.stride > (1ull << 31))
                return false;
            o.regions = o.stride > 1;
        }
        else if (a == "--sample")
        {
            const char* v = value("a count");
            if (!v)
                return false;
            const std::uint64_t n = std::strtoull(v, nullptr, 10);
            if (n < 1)
                return false;
            std::uint64_t s = std::max<std::uint64_t>(1, (1ull << 32) / n);
            if (s > 1 && s % 2 == 0)
                --s;
            o.stride = s;
            o.regions = s > 1;
        }
        else if (a == "--sampled")
        {
            o.stride = 251;
            o.regions = true;
        }
        else if (a == "--threads")
        {
            const char* v = value("a count");
            if (!v)
                return false;
            o.threads = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
        }
        else if (a == "--csv")
        {
            const char* v = value("a file");
            if (!v)
                return false;
            o.csv = v;
        }
        else if (a == "--csv-range")
        {
            const char* v = value("LO:HI");
            if (!v)
                return false;
            const std::vector<std::string> p = split(v, ':');
            if (p.size() != 2)
                return false;
            o.csv_lo = std::strtod(p[0].c_str(), nullptr);
            o.csv_hi = std::strtod(p[1].c_str(), nullptr);
            if (!(o.csv_lo < o.csv_hi))
                return false;
        }
        else if (a == "--csv-bins")
        {
            const char* v = value("a count");
            if (!v)
                return false;
            o.csv_bins = std::atoi(v);
            if (o.csv_bins < 1 || o.csv_bins > 100000)
                return false;
        }
        else if (a == "--markdown")
        {
            const char* v = value("a file");
            if (!v)
                return false;
            o.markdown = v;
        }
        else if (a == "--checksums-out")
        {
            const char* v = value("a file");
            if (!v)
                return false;
            o.checksums_out = v;
        }
        else if (a == "--checksum-only")
            o.checksum_only = true;
        else if (a == "--max-confirm")
        {
            const char* v = value("a count");
            if (!v)
                return false;
            o.max_confirm = static_cast<std::size_t>(std::strtoull(v, nullptr, 10));
        }
        else if (a == "--self-test")
        {
            o.self_test = true;
            if (i + 1 < argc && argv[i + 1][0] != '-')
                o.self_test_per_binade = std::max(1, std::atoi(argv[++i]));
        }
        else if (a == "--compare")
        {
            while (i + 1 < argc)
                o.compare.push_back(argv[++i]);
            if (o.compare.empty())
                return false;
        }
        else if (a == "--quiet")
            o.quiet = true;
        else
        {
            std::fprintf(stderr, "unknown option %s\n", a.c_str());
            return false;
        }
    }
    if (ks.empty())
        for (int k = 0; k < kernel_count; ++k)
            ks.push_back(static_cast<kernel>(k));
    // Each kernel once, in the reference's order.
    std::sort(ks.begin(), ks.end());
    ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
    o.kernels = ks;
    if (o.threads == 0)
        o.threads = std::max(1u, std::thread::hardware_concurrency());
    return true;
}

// ---- the inputs -------------------------------------------------------------------

// Either all 2^32 bit patterns (chunk c = patterns [c 2^16, (c+1) 2^16)) or
// an explicit sorted list of patterns.  Both in increasing bit-pattern order,
// which is the order the per-kernel lists below keep.
struct input_set
{
    bool all = true;
    std::vector<std::uint32_t> list;
    std::string description;
    std::uint64_t fingerprint = 0; // sum of mix(pattern): the same set in every build

    std::uint64_t size() const { return all ? (1ull << 32) : list.size(); }
    std::size_t chunks() const { return static_cast<std::size_t>((size() + chunk_size - 1) / chunk_size); }
    // Fills xb with chunk c's patterns; returns the count.
    std::size_t fill(std::size_t c, std::uint32_t* xb) const
    {
        const std::uint64_t begin = static_cast<std::uint64_t>(c) * chunk_size;
        const std::uint64_t end = std::min<std::uint64_t>(size(), begin + chunk_size);
        for (std::uint64_t i = begin; i < end; ++i)
            xb[i - begin] = all ? static_cast<std::uint32_t>(i) : list[static_cast<std::size_t>(i)];
        return static_cast<std::size_t>(end - begin);
    }
};

input_set make_inputs(const options& o)
{
    input_set in;
    if (o.stride == 1)
    {
        in.all = true;
        in.description = "all 2^32 float bit patterns";
        // sum of mix(u) over every u < 2^32: not needed to compare builds that
        // all run the full set; a fixed tag does.
        in.fingerprint = 0xa11a11a11a11a11ull;
        return in;
    }
    in.all = false;
    std::vector<std::uint32_t>& v = in.list;
    v.reserve(static_cast<std::size_t>((1ull << 32) / o.stride) + 4000000);
    for (std::uint64_t b = 0; b < (1ull << 32); b += o.stride)
        v.push_back(static_cast<std::uint32_t>(b));
    std::size_t extra = 0;
    if (o.regions)
    {
        // The tests' special points and, for every family, the hard regions the
        // accuracy suite samples at its `standard` level (tails, shoulders,
        // every float within 1e-3 of each derivative's root): reused from
        // tests/support, not redefined here.
        const std::size_t before = v.size();
        for (float f : actfn_test::float_special_points())
            v.push_back(bits_of(f));
        const kernel families[] = {kernel::gelu, kernel::gelu_tanh, kernel::quick_gelu, kernel::silu,
                                   kernel::elu,  kernel::relu,      kernel::leaky_relu};
        for (kernel f : families)
            for (float x : actfn_test::float_inputs(f, default_param(f), actfn_test::level::standard))
                v.push_back(bits_of(x));
        extra = v.size() - before;
    }
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    for (std::uint32_t u : v)
        in.fingerprint += mix(u);
    char buf[200];
    std::snprintf(buf, sizeof buf, "bit patterns 0, %" PRIu64 ", %" PRIu64 ", ...%s: %zu distinct inputs", o.stride,
                  2 * o.stride, o.regions ? " plus the special points and hard regions of tests/support" : "",
                  v.size());
    in.description = buf;
    (void)extra;
    return in;
}

// ---- per-kernel statistics ---------------------------------------------------------

struct candidate
{
    std::uint32_t xb = 0;
    float y = 0;
    double e = 0;      // fast error (or exact, mpfr)
    double e_lo = 0;   // the exact error lies in [e_lo, e_hi]
    double e_hi = 0;
    bool mpfr = false; // e came from MPFR already
};

bool worse(const candidate& a, const candidate& b)
{
    if (a.e_hi != b.e_hi)
        return a.e_hi > b.e_hi;
    return a.xb < b.xb;
}

struct top_list
{
    std::vector<candidate> v; // sorted, worst first, at most top_k
    double floor() const { return v.size() < top_k ? -1.0 : v.back().e_hi; }
    void offer(const candidate& c)
    {
        if (v.size() == top_k && !worse(c, v.back()))
            return;
        v.insert(std::upper_bound(v.begin(), v.end(), c, worse), c);
        if (v.size() > top_k)
            v.pop_back();
    }
};

struct csv_bins
{
    std::vector<double> actfn, naive_erf, naive_erfc;
    std::vector<std::uint64_t> points;
    void init(int n)
    {
        actfn.assign(n, 0);
        naive_erf.assign(n, 0);
        naive_erfc.assign(n, 0);
        points.assign(n, 0);
    }
};

struct kstats
{
    std::uint64_t points = 0, nan_inputs = 0, mpfr_points = 0;
    std::uint64_t bins[4] = {0, 0, 0, 0};
    std::uint64_t certain_over = 0; // fast error beyond bound + margin
    std::uint64_t mpfr_over = 0;    // MPFR-evaluated points over the bound
    std::uint64_t undecided = 0;    // within the margin: to be decided by MPFR
    std::uint64_t nonfinite = 0;    // NaN or infinity where the exact value differs
    std::vector<candidate> near;    // the first max_confirm undecided cases
    top_list top;
    std::uint64_t sign_errors = 0;
    std::uint32_t first_sign_error = 0xffffffffu;
    std::uint64_t checksum = 0, nan_outputs = 0;
    double seconds = 0;
    csv_bins csv;

    void merge(const kstats& o, std::size_t cap)
    {
        points += o.points;
        nan_inputs += o.nan_inputs;
        mpfr_points += o.mpfr_points;
        for (int i = 0; i < 4; ++i)
            bins[i] += o.bins[i];
        certain_over += o.certain_over;
        mpfr_over += o.mpfr_over;
        undecided += o.undecided;
        nonfinite += o.nonfinite;
        near.insert(near.end(), o.near.begin(), o.near.end());
        std::sort(near.begin(), near.end(), [](const candidate& a, const candidate& b) { return a.xb < b.xb; });
        if (near.size() > cap)
            near.resize(cap);
        for (const candidate& c : o.top.v)
            top.offer(c);
        sign_errors += o.sign_errors;
        first_sign_error = std::min(first_sign_error, o.first_sign_error);
        checksum += o.checksum;
        nan_outputs += o.nan_outputs;
        seconds += o.seconds;
        if (!o.csv.points.empty())
        {
            if (csv.points.empty())
                csv.init(static_cast<int>(o.csv.points.size()));
            for (std::size_t i = 0; i < csv.points.size(); ++i)
            {
                csv.points[i] += o.csv.points[i];
                csv.actfn[i] = std::max(csv.actfn[i], o.csv.actfn[i]);
                csv.naive_erf[i] = std::max(csv.naive_erf[i], o.csv.naive_erf[i]);
                csv.naive_erfc[i] = std::max(csv.naive_erfc[i], o.csv.naive_erfc[i]);
            }
        }
    }
};

// What the sweep of one kernel needs to know.
struct kernel_setup
{
    kernel k;
    double param;
    double bound;
    window win;
    sign_rule sign;
    bool exact;
};

struct mp_value
{
    mpfr_t v;
    mp_value() { mpfr_init2(v, 128); }
    ~mp_value() { mpfr_clear(v); }
    mp_value(const mp_value&) = delete;
    mp_value& operator=(const mp_value&) = delete;
};

// The naive formulas of the note, in float: what docs/accuracy.svg compares with.
float naive_gelu_erf(float x)
{
    return 0.5f * x * (1.0f + std::erf(x / std::sqrt(2.0f)));
}
float naive_gelu_erfc(float x)
{
    return 0.5f * x * std::erfc(-x / std::sqrt(2.0f));
}

inline double fast_error(float y, double r)
{
    return std::fabs(static_cast<double>(y) - r) * scale_of(r).inv_ulp;
}

// ---- the sweep of one chunk for one kernel ---------------------------------------------

struct thread_state
{
    actfn_ref::evaluator ev;
    mp_value exact;
};

template <class Ref>
void measure_chunk(const kernel_setup& ks, const options& o, const std::uint32_t* xb, const float* x, const float* y,
                   std::size_t n, kstats& st, thread_state& ts, Ref ref)
{
    const double B = ks.bound;
    const bool want_csv = !o.csv.empty() && ks.k == kernel::gelu;
    const double csv_scale = o.csv_bins / (o.csv_hi - o.csv_lo);
    for (std::size_t i = 0; i < n; ++i)
    {
        const float xi = x[i];
        const float yi = y[i];
        st.checksum += pair_hash(xb[i], yi);
        ++st.points;
        if (std::isnan(yi))
            ++st.nan_outputs;
        if (std::isnan(xi))
        {
            ++st.nan_inputs;
            if (std::isnan(yi))
                ++st.bins[0];
            else
            {
                ++st.bins[3];
                ++st.nonfinite;
                ++st.mpfr_over; // decided exactly: NaN in, a number out
                st.top.offer({xb[i], yi, HUGE_VAL, HUGE_VAL, HUGE_VAL, true});
            }
            continue;
        }
        if (ks.sign != sign_rule::none && !std::isnan(yi) && std::signbit(yi) != std::signbit(xi) &&
            (ks.sign == sign_rule::always || xi != 0))
        {
            ++st.sign_errors;
            st.first_sign_error = std::min(st.first_sign_error, xb[i]);
        }
        double e;
        if (std::isinf(xi) || ks.win.contains(xi))
        {
            // Decided by MPFR directly: the root windows, where the double
            // formulas cancel, and the limits at +-infinity.
            ts.ev.eval(ks.k, ts.exact.v, xi, ks.param, 100);
            e = actfn_ref::ulp_error(ts.exact.v, yi, format::binary32);
            ++st.mpfr_points;
            if (std::isinf(e))
                ++st.nonfinite;
            if (e > B)
                ++st.mpfr_over;
            ++st.bins[bin_of(e)];
            if (e > st.top.floor())
                st.top.offer({xb[i], yi, e, e, e, true});
        }
        else
        {
            const double r = ref(static_cast<double>(xi));
            double e_lo, e_hi;
            if (!std::isfinite(yi))
            {
                e = e_lo = e_hi = HUGE_VAL;
                ++st.nonfinite;
            }
            else
            {
                const ulp_scale s = scale_of(r);
                e = std::fabs(static_cast<double>(yi) - r) * s.inv_ulp;
                if (ks.exact)
                {
                    // Only the final double operations round (y - r is exact by
                    // Sterbenz or trivially): a hair of slack.
                    e_lo = e - 1e-12;
                    e_hi = e + 1e-12;
                }
                else
                {
                    e_lo = (s.edge == 2 ? 0.5 * e : e) - ref_tol;
                    e_hi = (s.edge == 1 ? 2.0 * e : e) + ref_tol;
                }
            }
            ++st.bins[bin_of(e)];
            if (e_lo > B + margin)
                ++st.certain_over;
            else if (e_hi >= B - margin)
            {
                ++st.undecided;
                if (st.near.size() < o.max_confirm)
                    st.near.push_back({xb[i], yi, e, e_lo, e_hi, false});
            }
            if (e_hi > st.top.floor())
                st.top.offer({xb[i], yi, e, e_lo, e_hi, ks.exact});
        }
        if (want_csv && xi >= o.csv_lo && xi < o.csv_hi)
        {
            const int b = std::min(o.csv_bins - 1, static_cast<int>((xi - o.csv_lo) * csv_scale));
            const double r = ks.win.contains(xi) ? mpfr_get_d(ts.exact.v, MPFR_RNDN) : ref(static_cast<double>(xi));
            st.csv.points[b] += 1;
            st.csv.actfn[b] = std::max(st.csv.actfn[b], e);
            st.csv.naive_erf[b] = std::max(st.csv.naive_erf[b], fast_error(naive_gelu_erf(xi), r));
            st.csv.naive_erfc[b] = std::max(st.csv.naive_erfc[b], fast_error(naive_gelu_erfc(xi), r));
        }
    }
}

void measure_dispatch(const kernel_setup& ks, const options& o, const std::uint32_t* xb, const float* x, const float* y,
                      std::size_t n, kstats& st, thread_state& ts)
{
    const double p = ks.param;
    switch (ks.k)
    {
    case kernel::gelu: measure_chunk(ks, o, xb, x, y, n, st, ts, [](double v) { return ref_gelu(v); }); return;
    case kernel::gelu_grad: measure_chunk(ks, o, xb, x, y, n, st, ts, [](double v) { return ref_gelu_grad(v); }); return;
    case kernel::gelu_tanh: measure_chunk(ks, o, xb, x, y, n, st, ts, [](double v) { return ref_gelu_tanh(v); }); return;
    case kernel::gelu_tanh_grad:
        measure_chunk(ks, o, xb, x, y, n, st, ts, [](double v) { return ref_gelu_tanh_grad(v); });
        return;
    case kernel::quick_gelu:
        measure_chunk(ks, o, xb, x, y, n, st, ts, [p](double v) { return ref_quick_gelu(v, p); });
        return;
    case kernel::quick_gelu_grad:
        measure_chunk(ks, o, xb, x, y, n, st, ts, [p](double v) { return ref_quick_gelu_grad(v, p); });
        return;
    case kernel::silu: measure_chunk(ks, o, xb, x, y, n, st, ts, [](double v) { return ref_quick_gelu(v, 1.0); }); return;
    case kernel::silu_grad:
        measure_chunk(ks, o, xb, x, y, n, st, ts, [](double v) { return ref_quick_gelu_grad(v, 1.0); });
        return;
    case kernel::elu: measure_chunk(ks, o, xb, x, y, n, st, ts, [p](double v) { return ref_elu(v, p); }); return;
    case kernel::elu_grad: measure_chunk(ks, o, xb, x, y, n, st, ts, [p](double v) { return ref_elu_grad(v, p); }); return;
    case kernel::relu: measure_chunk(ks, o, xb, x, y, n, st, ts, [](double v) { return ref_relu(v); }); return;
    case kernel::relu_grad: measure_chunk(ks, o, xb, x, y, n, st, ts, [](double v) { return ref_relu_grad(v); }); return;
    case kernel::leaky_relu:
        measure_chunk(ks, o, xb, x, y, n, st, ts, [p](double v) { return ref_leaky_relu(v, p); });
        return;
    case kernel::leaky_relu_grad:
        measure_chunk(ks, o, xb, x, y, n, st, ts, [p](double v) { return ref_leaky_relu_grad(v, p); });
        return;
    }
}

// ---- the run ------------------------------------------------------------------------

struct confirmation
{
    std::size_t kernel_index;
    candidate c;
    double e_mp = 0;
};

struct kernel_result
{
    kernel_setup setup;
    kstats st;
    std::uint64_t confirmed = 0;       // cases re-decided by MPFR after the sweep
    std::uint64_t confirmed_over = 0;  // of which over the bound
    std::uint64_t changed_bin = 0;     // of which moved to another bin
    std::uint64_t unconfirmed = 0;     // undecided cases beyond --max-confirm
    double max_ulp = 0;
    std::uint32_t max_xb = 0;
    float max_y = 0;
    bool max_known = false;
    bool pass = false;
};

template <class F>
void parallel(unsigned threads, F f)
{
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t)
        pool.emplace_back([&f, t] {
            f(t);
            // MPFR keeps per-thread caches a thread must free before it ends.
            mpfr_free_cache2(MPFR_FREE_LOCAL_CACHE);
        });
    f(0);
    for (std::thread& t : pool)
        t.join();
}

double seconds_since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

std::string hex64(std::uint64_t v)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
    return buf;
}

struct report_text
{
    std::string s;
    void add(const char* fmt, ...) __attribute__((format(printf, 2, 3)))
    {
        char buf[1024];
        va_list ap;
        va_start(ap, fmt);
        std::vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        s += buf;
    }
};

bool write_file(const std::string& path, const std::string& text)
{
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f)
    {
        std::fprintf(stderr, "cannot write %s\n", path.c_str());
        return false;
    }
    const bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
    return std::fclose(f) == 0 && ok;
}

std::string build_line(const build_info& b)
{
    char buf[256];
    std::snprintf(buf, sizeof buf, "build=%s arch=%s simd=%d fma=%d", b.name, b.arch, b.simd ? 1 : 0, b.fma ? 1 : 0);
    return buf;
}

int run_sweep(const options& o, const build_info& build, compute_fn compute)
{
    const auto t_start = std::chrono::steady_clock::now();
    const input_set in = make_inputs(o);
    std::vector<kernel_result> res(o.kernels.size());
    for (std::size_t j = 0; j < o.kernels.size(); ++j)
    {
        const kernel k = o.kernels[j];
        const double p = default_param(k);
        res[j].setup = {k, p, bound_of(k), window_of(k, p), sign_rule_of(k), exact_ref(k)};
    }
    if (!o.quiet)
    {
        std::fprintf(stderr, "actfn_exhaustive: %s; %s; %zu kernels, %u threads%s\n", build_line(build).c_str(),
                     in.description.c_str(), o.kernels.size(), o.threads,
                     o.checksum_only ? ", checksums only" : "");
    }

    std::vector<std::vector<kstats>> per_thread(o.threads, std::vector<kstats>(o.kernels.size()));
    if (!o.csv.empty())
        for (auto& v : per_thread)
            for (std::size_t j = 0; j < o.kernels.size(); ++j)
                if (o.kernels[j] == kernel::gelu)
                    v[j].csv.init(o.csv_bins);
    std::atomic<std::size_t> next{0};
    std::atomic<std::size_t> done{0};
    const std::size_t chunks = in.chunks();
    std::mutex progress_mu;

    parallel(o.threads, [&](unsigned t) {
        thread_state ts;
        std::vector<std::uint32_t> xb(chunk_size);
        std::vector<float> x(chunk_size), y(chunk_size), ones(chunk_size, 1.0f);
        std::vector<kstats>& mine = per_thread[t];
        for (;;)
        {
            const std::size_t c = next.fetch_add(1);
            if (c >= chunks)
                break;
            const std::size_t n = in.fill(c, xb.data());
            for (std::size_t i = 0; i < n; ++i)
                x[i] = float_of(xb[i]);
            for (std::size_t j = 0; j < o.kernels.size(); ++j)
            {
                const auto t0 = std::chrono::steady_clock::now();
                compute(o.kernels[j], x.data(), ones.data(), y.data(), n);
                kstats& st = mine[j];
                if (o.checksum_only)
                {
                    for (std::size_t i = 0; i < n; ++i)
                    {
                        st.checksum += pair_hash(xb[i], y[i]);
                        st.nan_outputs += std::isnan(y[i]) ? 1 : 0;
                    }
                    st.points += n;
                }
                else
                    measure_dispatch(res[j].setup, o, xb.data(), x.data(), y.data(), n, st, ts);
                st.seconds += seconds_since(t0);
            }
            const std::size_t d = done.fetch_add(1) + 1;
            if (!o.quiet && (d % 4096 == 0 || d == chunks) && chunks >= 4096)
            {
                std::lock_guard<std::mutex> lock(progress_mu);
                std::fprintf(stderr, "  %5.1f%% of the inputs, %.0f s\n", 100.0 * static_cast<double>(d) / chunks,
                             seconds_since(t_start));
            }
        }
    });
    for (std::size_t j = 0; j < o.kernels.size(); ++j)
        for (unsigned t = 0; t < o.threads; ++t)
            res[j].st.merge(per_thread[t][j], o.max_confirm);
    per_thread.clear();
    const double sweep_seconds = seconds_since(t_start);

    // ---- MPFR confirmation: every undecided case (up to --max-confirm per
    // kernel) and the top_k worst of each kernel.  The MPFR error replaces the
    // fast one; a fast error outside [e_lo, e_hi] of the MPFR one means the
    // fast reference broke its bound: the run stops with status 3.
    std::uint64_t disagreements = 0;
    std::vector<confirmation> todo;
    if (!o.checksum_only)
    {
        for (std::size_t j = 0; j < res.size(); ++j)
        {
            kernel_result& r = res[j];
            r.unconfirmed = r.st.undecided - r.st.near.size();
            std::map<std::uint32_t, bool> seen;
            for (const candidate& c : r.st.near)
            {
                seen[c.xb] = true;
                todo.push_back({j, c, 0});
            }
            for (const candidate& c : r.st.top.v)
                if (!c.mpfr && !seen.count(c.xb))
                    todo.push_back({j, c, 0});
        }
        std::atomic<std::size_t> ci{0};
        parallel(o.threads, [&](unsigned) {
            thread_state ts;
            for (;;)
            {
                const std::size_t i = ci.fetch_add(1);
                if (i >= todo.size())
                    break;
                confirmation& cf = todo[i];
                const kernel_setup& ks = res[cf.kernel_index].setup;
                ts.ev.eval(ks.k, ts.exact.v, float_of(cf.c.xb), ks.param, 100);
                cf.e_mp = actfn_ref::ulp_error(ts.exact.v, cf.c.y, format::binary32);
            }
        });
        for (const confirmation& cf : todo)
        {
            kernel_result& r = res[cf.kernel_index];
            const bool is_near = cf.c.e_hi >= r.setup.bound - margin && cf.c.e_lo <= r.setup.bound + margin;
            if (!(cf.e_mp >= cf.c.e_lo && cf.e_mp <= cf.c.e_hi) && !(std::isinf(cf.e_mp) && std::isinf(cf.c.e)))
            {
                ++disagreements;
                std::fprintf(stderr,
                             "REFERENCE DISAGREEMENT: %s at x = %s, y = %a: fast error %.9g (interval [%.9g, %.9g]), "
                             "MPFR %.9g\n",
                             actfn_ref::name(r.setup.k), show_x(float_of(cf.c.xb)).c_str(), static_cast<double>(cf.c.y),
                             cf.c.e, cf.c.e_lo, cf.c.e_hi, cf.e_mp);
            }
            if (is_near)
            {
                ++r.confirmed;
                if (cf.e_mp > r.setup.bound)
                    ++r.confirmed_over;
                const int b0 = bin_of(cf.c.e), b1 = bin_of(cf.e_mp);
                if (b0 != b1)
                {
                    --r.st.bins[b0];
                    ++r.st.bins[b1];
                    ++r.changed_bin;
                }
            }
        }
        // The worst case of each kernel, by MPFR.
        std::map<std::pair<std::size_t, std::uint32_t>, double> exact_err;
        for (const confirmation& cf : todo)
            exact_err[{cf.kernel_index, cf.c.xb}] = cf.e_mp;
        for (std::size_t j = 0; j < res.size(); ++j)
        {
            kernel_result& r = res[j];
            for (const candidate& c : r.st.top.v)
            {
                const auto it = exact_err.find({j, c.xb});
                const double e = c.mpfr ? c.e : it != exact_err.end() ? it->second : c.e;
                if (!r.max_known || e > r.max_ulp || (e == r.max_ulp && c.xb < r.max_xb))
                {
                    r.max_ulp = e;
                    r.max_xb = c.xb;
                    r.max_y = c.y;
                    r.max_known = true;
                }
            }
            r.pass = r.st.certain_over == 0 && r.st.mpfr_over == 0 && r.confirmed_over == 0 && r.unconfirmed == 0 &&
                     r.st.sign_errors == 0 && r.max_ulp <= r.setup.bound;
        }
    }
    const double total_seconds = seconds_since(t_start);

    // ---- output
    report_text md;
    const bool all_pass = std::all_of(res.begin(), res.end(), [](const kernel_result& r) { return r.pass; });
    if (!o.checksum_only)
    {
        md.add("actfn %s, float kernels through the array API; %s, %s FMA; %s.\n\n", build.name, build.arch,
               build.fma ? "with" : "without", in.description.c_str());
        md.add("| kernel | max ULP | at x | <= 0.5 | <= 1 | <= 2 | > 2 | bound | pass |\n");
        md.add("|---|---|---|---|---|---|---|---|---|\n");
        for (const kernel_result& r : res)
        {
            std::string name = actfn_ref::name(r.setup.k);
            if (actfn_ref::has_param(r.setup.k))
            {
                char buf[64];
                std::snprintf(buf, sizeof buf, " (%s = %.9gf)",
                              actfn_ref::forward_of(r.setup.k) == kernel::leaky_relu ? "slope" : "alpha", r.setup.param);
                name += buf;
            }
            const std::string at = r.max_ulp > 0 ? show_x(float_of(r.max_xb)) : "-";
            md.add("| %s | %s | %s | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %g | %s |\n", name.c_str(),
                   show_ulp(r.max_ulp).c_str(), at.c_str(), r.st.bins[0], r.st.bins[1], r.st.bins[2], r.st.bins[3],
                   r.setup.bound, r.pass ? "yes" : "**NO**");
        }
        md.add("\nULP error |y - f(x)| / ulp(f(x)) in f(x)'s binade (never below 2^-149); NaN inputs count as <= 0.5 "
               "when the output is NaN, a NaN or infinity where f(x) differs counts as > 2.  gelu_tanh and the sigma "
               "forms are measured against their own formulas (real constants; alpha = the float parameter).\n");
        std::uint64_t mp_total = 0, conf_total = 0, changed_total = 0;
        for (const kernel_result& r : res)
        {
            mp_total += r.st.mpfr_points;
            conf_total += r.confirmed;
            changed_total += r.changed_bin;
        }
        md.add("MPFR (%s): %" PRIu64 " points evaluated directly (derivative root windows, infinities); %" PRIu64
               " cases within %.2f ULP of a bound re-decided (%" PRIu64 " moved to another bin); the %d worst "
               "cases of each kernel confirmed.\n",
               mpfr_get_version(), mp_total, conf_total, margin, changed_total, top_k);
        for (const kernel_result& r : res)
        {
            if (r.st.sign_errors)
                md.add("%s: %" PRIu64 " results with the wrong sign, first at x = %s.\n", actfn_ref::name(r.setup.k),
                       r.st.sign_errors, show_x(float_of(r.st.first_sign_error)).c_str());
            if (r.unconfirmed)
                md.add("%s: %" PRIu64 " cases within %.2f ULP of the bound left unconfirmed (over --max-confirm).\n",
                       actfn_ref::name(r.setup.k), r.unconfirmed, margin);
            if (r.st.certain_over + r.st.mpfr_over + r.confirmed_over)
                md.add("%s: %" PRIu64 " inputs beyond the bound (%" PRIu64 " NaN/infinity mismatches).\n",
                       actfn_ref::name(r.setup.k), r.st.certain_over + r.st.mpfr_over + r.confirmed_over,
                       r.st.nonfinite);
        }
        md.add("\n");
    }
    md.add("Checksums of the outputs (sum of splitmix64(x_bits << 32 | y_bits) mod 2^64, NaN outputs as 0x7fc00000), "
           "%s:\n\n| kernel | checksum | NaN outputs |\n|---|---|---|\n",
           build_line(build).c_str());
    for (const kernel_result& r : res)
        md.add("| %s | %s | %" PRIu64 " |\n", actfn_ref::name(r.setup.k), hex64(r.st.checksum).c_str(), r.st.nan_outputs);
    md.add("\n");

    std::printf("%s", md.s.c_str());
    std::printf("time: %.1f s (sweep %.1f s, MPFR confirmation of %zu cases %.1f s), %u threads; thread-seconds per "
                "kernel:",
                total_seconds, sweep_seconds, todo.size(), total_seconds - sweep_seconds, o.threads);
    for (const kernel_result& r : res)
        std::printf(" %s %.1f", actfn_ref::name(r.setup.k), r.st.seconds);
    std::printf("\n");
    if (!o.checksum_only)
        std::printf("%s\n", all_pass ? "All bounds hold." : "Some bounds are broken.");

    bool files_ok = true;
    if (!o.markdown.empty())
        files_ok = write_file(o.markdown, md.s) && files_ok;
    if (!o.checksums_out.empty())
    {
        report_text cs;
        cs.add("actfn-exhaustive-checksums 1\n%s\ninputs %s fingerprint %s\n", build_line(build).c_str(),
               in.description.c_str(), hex64(in.fingerprint).c_str());
        for (const kernel_result& r : res)
            cs.add("kernel %s checksum %s nan %" PRIu64 " points %" PRIu64 "\n", actfn_ref::name(r.setup.k),
                   hex64(r.st.checksum).c_str(), r.st.nan_outputs, r.st.points);
        files_ok = write_file(o.checksums_out, cs.s) && files_ok;
    }
    if (!o.csv.empty())
    {
        for (const kernel_result& r : res)
        {
            if (r.setup.k != kernel::gelu || r.st.csv.points.empty())
                continue;
            report_text c;
            c.add("# max ULP error per x bin of float gelu: actfn (array API, %s), and the naive formulas "
                  "0.5f*x*(1+erff(x/sqrtf(2))) and 0.5f*x*erfcf(-x/sqrtf(2)); %s\n",
                  build_line(build).c_str(), in.description.c_str());
            c.add("x_lo,x_hi,points,actfn,naive_erf,naive_erfc\n");
            const double w = (o.csv_hi - o.csv_lo) / o.csv_bins;
            for (int b = 0; b < o.csv_bins; ++b)
                c.add("%.6g,%.6g,%" PRIu64 ",%.6g,%.6g,%.6g\n", o.csv_lo + b * w, o.csv_lo + (b + 1) * w,
                      r.st.csv.points[b], r.st.csv.actfn[b], r.st.csv.naive_erf[b], r.st.csv.naive_erfc[b]);
            files_ok = write_file(o.csv, c.s) && files_ok;
        }
    }
    if (disagreements)
    {
        std::printf("%" PRIu64 " disagreements between the fast reference and MPFR: the reference is wrong.\n",
                    disagreements);
        return 3;
    }
    if (!files_ok)
        return 4;
    return o.checksum_only || all_pass ? 0 : 1;
}

// ---- --self-test: the fast references against MPFR ------------------------------------

struct rng
{
    std::uint64_t s;
    std::uint64_t next() { return mix(s += 0x9e3779b97f4a7c15ull); }
};

int run_self_test(const options& o)
{
    const auto t0 = std::chrono::steady_clock::now();
    std::printf("Fast references against MPFR (claimed: |ref - f| <= 2^-40 |f| + 2^-1000, i.e. <= 2^-16 float ulp)\n\n");
    std::printf("| kernel | points | max relative error | at x | max error in float ulps | at x | within |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    bool ok = true;
    for (kernel k : o.kernels)
    {
        if (exact_ref(k))
            continue;
        const double p = default_param(k);
        const window w = window_of(k, p);
        std::vector<float> xs;
        rng g{0x5e1f7e57ull + static_cast<std::uint64_t>(k)};
        // Every binade, both signs, random significands (subnormals included).
        for (int sign = 0; sign < 2; ++sign)
            for (std::uint32_t e = 0; e < 255; ++e)
                for (int i = 0; i < o.self_test_per_binade; ++i)
                    xs.push_back(float_of((static_cast<std::uint32_t>(sign) << 31) | (e << 23) |
                                          static_cast<std::uint32_t>(g.next() & 0x7fffff)));
        // The region where everything happens, densely.
        for (int i = 0; i < 64 * o.self_test_per_binade; ++i)
            xs.push_back(static_cast<float>(-40.0 + 60.0 * static_cast<double>(g.next() >> 11) * 0x1p-53));
        // Just outside the root window: where the cancellation is largest.
        if (w.lo <= w.hi)
            for (int i = 0; i < 16 * o.self_test_per_binade; ++i)
            {
                const double u = static_cast<double>(g.next() >> 11) * 0x1p-53;
                const double d = window_half_width * std::ldexp(1.0, static_cast<int>(u * 4)) * (1 + u);
                xs.push_back(static_cast<float>(w.hi + d));
                xs.push_back(static_cast<float>(w.lo - d));
            }
        for (float f : actfn_test::float_special_points())
            xs.push_back(f);
        struct worst
        {
            double rel = 0, ulp = 0;
            float rel_x = 0, ulp_x = 0;
            std::size_t bad = 0;
            float bad_x = 0;
        };
        std::vector<worst> ws(o.threads);
        std::atomic<std::size_t> next{0};
        std::atomic<std::size_t> counted{0};
        parallel(o.threads, [&](unsigned t) {
            thread_state ts;
            mp_value diff;
            worst& m = ws[t];
            for (;;)
            {
                const std::size_t i = next.fetch_add(1);
                if (i >= xs.size())
                    break;
                const float x = xs[i];
                if (!std::isfinite(x) || w.contains(x))
                    continue;
                ++counted;
                const double r = fast_ref(k, x, p);
                ts.ev.eval(k, ts.exact.v, x, p, 100);
                const double ue = actfn_ref::ulp_error(ts.exact.v, r, format::binary32);
                const double ae = actfn_ref::abs_error(ts.exact.v, r);
                const double mag = std::fabs(mpfr_get_d(ts.exact.v, MPFR_RNDN));
                const double rel = mag > 0 ? ae / mag : (ae > 0 ? HUGE_VAL : 0);
                if (!(ae <= rel_bound * mag + abs_bound))
                {
                    if (m.bad++ == 0)
                        m.bad_x = x;
                }
                if (mag > 0x1p-1000 && rel > m.rel)
                {
                    m.rel = rel;
                    m.rel_x = x;
                }
                if (ue > m.ulp)
                {
                    m.ulp = ue;
                    m.ulp_x = x;
                }
            }
        });
        worst all;
        for (const worst& m : ws)
        {
            if (m.rel > all.rel)
            {
                all.rel = m.rel;
                all.rel_x = m.rel_x;
            }
            if (m.ulp > all.ulp)
            {
                all.ulp = m.ulp;
                all.ulp_x = m.ulp_x;
            }
            if (m.bad && !all.bad)
                all.bad_x = m.bad_x;
            all.bad += m.bad;
        }
        const bool k_ok = all.bad == 0;
        ok = ok && k_ok;
        std::printf("| %s | %zu | 2^%.1f | %s | %.3g | %s | %s |\n", actfn_ref::name(k), counted.load(),
                    all.rel > 0 ? std::log2(all.rel) : -HUGE_VAL, show_x(all.rel_x).c_str(), all.ulp,
                    show_x(all.ulp_x).c_str(), k_ok ? "yes" : "**NO**");
        if (!k_ok)
            std::printf("  %zu points break the claimed bound, first at x = %s\n", all.bad, show_x(all.bad_x).c_str());
    }
    std::printf("\n(relative error over results above 2^-1000; points inside the MPFR windows are not used by the "
                "checker and are left out)\n%s (%.1f s)\n",
                ok ? "Every fast reference is within its claimed bound." : "A fast reference breaks its claimed bound.",
                seconds_since(t0));
    return ok ? 0 : 1;
}

// ---- --compare: checksum files of several builds ------------------------------------------

struct checksum_file
{
    std::string path, build, inputs;
    bool fma = false;
    std::map<std::string, std::string> sums; // kernel -> "checksum nan points"
};

bool read_checksums(const std::string& path, checksum_file& f)
{
    std::FILE* fp = std::fopen(path.c_str(), "r");
    if (!fp)
        return false;
    f.path = path;
    char line[1024];
    int n = 0;
    bool ok = true;
    while (std::fgets(line, sizeof line, fp))
    {
        std::string s = line;
        while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
            s.pop_back();
        if (n == 0)
            ok = s == "actfn-exhaustive-checksums 1";
        else if (n == 1)
        {
            f.build = s;
            f.fma = s.find(" fma=1") != std::string::npos;
        }
        else if (n == 2)
            f.inputs = s;
        else if (s.rfind("kernel ", 0) == 0)
        {
            const std::size_t sp = s.find(' ', 7);
            f.sums[s.substr(7, sp - 7)] = s.substr(sp + 1);
        }
        ++n;
        if (!ok)
            break;
    }
    std::fclose(fp);
    return ok && n >= 3;
}

int run_compare(const options& o)
{
    std::vector<checksum_file> files;
    for (const std::string& p : o.compare)
    {
        checksum_file f;
        if (!read_checksums(p, f))
        {
            std::printf("%s: absent or unreadable (a build this CPU cannot run is skipped and writes none): left out\n",
                        p.c_str());
            continue;
        }
        std::printf("%s: %s\n", p.c_str(), f.build.c_str());
        files.push_back(f);
    }
    if (files.size() < 2)
    {
        std::printf("fewer than two checksum files: nothing to compare\n");
        return 1;
    }
    bool ok = true;
    for (const checksum_file& f : files)
        if (f.inputs != files[0].inputs)
        {
            std::printf("%s ran other inputs (%s) than %s (%s)\n", f.path.c_str(), f.inputs.c_str(),
                        files[0].path.c_str(), files[0].inputs.c_str());
            ok = false;
        }
    // FMA builds must agree bit for bit, and so must the builds without FMA;
    // between the groups a*b+c rounds twice instead of once: printed, not failed.
    for (int group = 1; group >= 0; --group)
    {
        bool group_ok = true;
        const checksum_file* first = nullptr;
        for (const checksum_file& f : files)
        {
            if (f.fma != (group == 1))
                continue;
            if (!first)
            {
                first = &f;
                continue;
            }
            for (const auto& kv : first->sums)
            {
                const auto it = f.sums.find(kv.first);
                if (it == f.sums.end())
                    continue;
                if (it->second != kv.second)
                {
                    std::printf("DIFFERENT: %s: %s has %s, %s has %s\n", kv.first.c_str(), first->path.c_str(),
                                kv.second.c_str(), f.path.c_str(), it->second.c_str());
                    group_ok = false;
                }
            }
        }
        if (first)
        {
            std::printf("%s builds: %s\n", group ? "FMA" : "no-FMA", group_ok ? "identical outputs" : "outputs differ");
            ok = ok && group_ok;
        }
    }
    const checksum_file* with = nullptr;
    const checksum_file* without = nullptr;
    for (const checksum_file& f : files)
    {
        if (f.fma && !with)
            with = &f;
        if (!f.fma && !without)
            without = &f;
    }
    if (with && without)
    {
        std::printf("with FMA (%s) vs without (%s), not required to agree:", with->path.c_str(), without->path.c_str());
        for (const auto& kv : with->sums)
        {
            const auto it = without->sums.find(kv.first);
            if (it != without->sums.end())
                std::printf(" %s %s;", kv.first.c_str(), it->second == kv.second ? "same" : "differs");
        }
        std::printf("\n");
    }
    std::printf("%s\n", ok ? "checksums agree" : "checksums DIFFER");
    return ok ? 0 : 1;
}

} // namespace

int run(int argc, char** argv, const build_info& build, compute_fn compute)
{
    options o;
    if (!parse(argc, argv, o))
    {
        std::fprintf(stderr, "%s", usage);
        return 2;
    }
    if (!o.compare.empty())
        return run_compare(o);
    if (o.self_test)
        return run_self_test(o);
    if (!o.csv.empty() && std::find(o.kernels.begin(), o.kernels.end(), kernel::gelu) == o.kernels.end())
    {
        std::fprintf(stderr, "--csv needs gelu among the kernels\n");
        return 2;
    }
    const int rc = run_sweep(o, build, compute);
    mpfr_free_cache();
    return rc;
}

} // namespace actfn_exh
