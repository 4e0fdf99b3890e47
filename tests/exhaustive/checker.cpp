// actfn_exhaustive: every float input (or a strided sample of them) through
// every float kernel's array API, measured against fast double references
// (fast_reference.hpp); and, with --double, 10^7 doubles per family against
// fast binary128 references (quad_reference.hpp).  MPFR (tests/reference)
// decides every case within 0.05 ULP of a bound, the worst cases of each
// kernel, the derivatives' root windows and the infinities.
//
// Compiled once with baseline flags: the references and the measurement are
// the same machine code in every target build; only isa_main.cpp (which calls
// actfn) changes with the target.  See tests/exhaustive/README.md.

#include "checker.hpp"
#include "fast_reference.hpp"
#include "quad_reference.hpp"

#include "support/accuracy.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cinttypes>
#include <cmath>
#include <cstdarg>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <type_traits>
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

// ---- small helpers -----------------------------------------------------------------

float float_of(std::uint32_t u)
{
    float f;
    std::memcpy(&f, &u, sizeof f);
    return f;
}

double double_of(std::uint64_t u)
{
    double d;
    std::memcpy(&d, &u, sizeof d);
    return d;
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

// The checksums' mixing function: splitmix64's finaliser, a bijection of
// 64-bit words.  Each (x, y) pair contributes one mixed word to a sum modulo
// 2^64, so a checksum depends on the set of pairs only (not on the order or
// the split between threads), and a changed output changes it except with
// probability ~2^-64.  NaN outputs count as the canonical quiet NaN whatever
// their sign and payload (IEEE 754 fixes neither).
inline std::uint64_t mix(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

// float: mix(x_bits << 32 | y_bits).
inline std::uint64_t pair_hash(float x, float y)
{
    std::uint32_t yb = bits_of(y);
    if ((yb & 0x7fffffffu) > 0x7f800000u)
        yb = 0x7fc00000u;
    return mix((static_cast<std::uint64_t>(bits_of(x)) << 32) | yb);
}

// double: mix(x_bits ^ mix(y_bits ^ 0xd1b54a32d192ed03)).
[[maybe_unused]] inline std::uint64_t pair_hash(double x, double y)
{
    std::uint64_t yb = bits_of(y);
    if ((yb & 0x7fffffffffffffffull) > 0x7ff0000000000000ull)
        yb = 0x7ff8000000000000ull;
    return mix(bits_of(x) ^ mix(yb ^ 0xd1b54a32d192ed03ull));
}

// 1/ulp of the binade of r (a reference value standing for the exact one),
// never below the smallest subnormal spacing, and whether r is so close to a
// power of two that the exact value might lie in the binade below (edge 1: its
// ulp would be half, the error twice) or above (edge 2: half the error).
struct float_scale
{
    double inv_ulp;
    int edge;
};

// float results, double reference within 2^-40 (relative) of the exact value.
inline float_scale scale_of(double r)
{
    const std::uint64_t b = bits_of(r) & 0x7fffffffffffffffull;
    const int e_bits = static_cast<int>(b >> 52);
    const int E = e_bits == 0 ? -1075 : e_bits - 1023;
    const int eb = E < -126 ? -126 : E;
    float_scale s;
    s.inv_ulp = double_of(static_cast<std::uint64_t>(23 - eb + 1023) << 52);
    s.edge = 0;
    const std::uint64_t m = b & ((1ull << 52) - 1);
    if (E >= -125 && m < (1ull << 12))
        s.edge = 1;
    else if (E >= -126 && m >= (1ull << 52) - (1ull << 12))
        s.edge = 2;
    return s;
}

std::string show_x(double x, format f)
{
    char buf[96];
    if (f == format::binary32)
        std::snprintf(buf, sizeof buf, "%a (%.9g)", x, x);
    else
        std::snprintf(buf, sizeof buf, "%a (%.17g)", x, x);
    return buf;
}

// An error for the table: 4 decimals, more when they would hide that it
// exceeds the bound (1.00001 is over 1, "1.0000" would not say so).
std::string show_ulp(double e, double bound)
{
    if (std::isinf(e))
        return "inf";
    char buf[40], b[40];
    if (e >= 1e5)
    {
        std::snprintf(buf, sizeof buf, "%.3g", e);
        return buf;
    }
    std::snprintf(buf, sizeof buf, "%.4f", e);
    std::snprintf(b, sizeof b, "%.4f", bound);
    if (e > bound && std::strcmp(buf, b) == 0)
        std::snprintf(buf, sizeof buf, "%.17g", e);
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

std::string hex64(std::uint64_t v)
{
    char buf[24];
    std::snprintf(buf, sizeof buf, "%016" PRIx64, v);
    return buf;
}

double seconds_since(std::chrono::steady_clock::time_point t0)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct text
{
    std::string s;
    void add(const char* fmt, ...) __attribute__((format(printf, 2, 3)))
    {
        char buf[2048];
        va_list ap;
        va_start(ap, fmt);
        std::vsnprintf(buf, sizeof buf, fmt, ap);
        va_end(ap);
        s += buf;
    }
};

bool write_file(const std::string& path, const std::string& t)
{
    std::FILE* f = std::fopen(path.c_str(), "w");
    if (!f)
    {
        std::fprintf(stderr, "cannot write %s\n", path.c_str());
        return false;
    }
    const bool ok = std::fwrite(t.data(), 1, t.size(), f) == t.size();
    return std::fclose(f) == 0 && ok;
}

std::string build_line(const build_info& b)
{
    char buf[256];
    std::snprintf(buf, sizeof buf, "build=%s arch=%s simd=%d fma=%d", b.name, b.arch, b.simd ? 1 : 0, b.fma ? 1 : 0);
    return buf;
}

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

using actfn_ref::mp_value;

struct thread_state
{
    actfn_ref::evaluator ev;
    mp_value exact;
};

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
    bool self_test = false;
    int self_test_per_binade = 64;
    std::vector<std::string> compare;
    std::size_t doubles = 0;   // --double: inputs per family (0: float run)
    std::size_t list_failures = 0; // --list-failures: inputs beyond the bound printed per kernel
};

const char* usage =
    "usage: actfn_exhaustive [options]\n"
    "  (no option)          every float kernel on all 2^32 inputs\n"
    "  --kernels a,b,...    kernels to run (gelu gelu_grad gelu_tanh gelu_tanh_grad quick_gelu\n"
    "                       quick_gelu_grad silu silu_grad elu elu_grad relu relu_grad leaky_relu\n"
    "                       leaky_relu_grad, all); --family gelu = gelu,gelu_grad (and so on)\n"
    "  --stride S           bit patterns 0, S, 2S, ... plus the special points and hard regions\n"
    "  --sample N           the stride giving at least N inputs (odd), plus the regions\n"
    "  --sampled            the CI preset: --stride 251 (17.1 million inputs) plus the regions\n"
    "  --no-regions         the strided walk alone\n"
    "  --double N|full      the double kernels instead: N inputs per family drawn from the test\n"
    "                       suite's accuracy-full set (full: all of it, 10^7 per family), against\n"
    "                       binary128 references with MPFR near the bounds\n"
    "  --threads N          worker threads (default: hardware threads)\n"
    "  --csv FILE           gelu (float) only: max ULP per x bin of actfn and of the naive formulas\n"
    "  --csv-range LO:HI    x range of the bins (default -16:6), --csv-bins N (default 440)\n"
    "  --markdown FILE      also write the result table to FILE\n"
    "  --checksums-out FILE write the per-kernel output checksums (for --compare)\n"
    "  --checksum-only      outputs and checksums only, no reference (fast)\n"
    "  --max-confirm N      cases within 0.05 ULP of a bound re-decided in MPFR, per kernel (default 65536)\n"
    "  --self-test [N]      compare the fast references with MPFR (N points per float binade, default 64)\n"
    "  --compare F1 F2 ...  compare checksum files of several builds\n"
    "  --list-failures N    print the first N inputs beyond the bound of each kernel\n"
    "  --quiet              no progress on stderr\n"
    "exit status: 0 every bound holds, 1 a bound is broken, 2 usage, 3 a fast reference disagrees with MPFR,\n"
    "4 a file could not be written, 77 this CPU cannot run the build\n";

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

bool parse_kernel(const std::string& s, std::vector<kernel>& out)
{
    if (s == "all")
    {
        for (int k = 0; k < kernel_count; ++k)
            out.push_back(static_cast<kernel>(k));
        return true;
    }
    for (int i = 0; i < kernel_count; ++i)
        if (s == actfn_ref::name(static_cast<kernel>(i)))
        {
            out.push_back(static_cast<kernel>(i));
            return true;
        }
    return false;
}

bool parse(int argc, char** argv, options& o)
{
    std::vector<kernel> ks;
    bool no_regions = false;
    for (int i = 1; i < argc; ++i)
    {
        const std::string a = argv[i];
        const char* v = nullptr;
        auto value = [&]() {
            if (i + 1 >= argc)
            {
                std::fprintf(stderr, "%s needs a value\n", a.c_str());
                return false;
            }
            v = argv[++i];
            return true;
        };
        if (a == "--kernels" || a == "--family")
        {
            if (!value())
                return false;
            for (const std::string& n : split(v, ','))
            {
                std::vector<kernel> one;
                if (!parse_kernel(n, one))
                {
                    std::fprintf(stderr, "unknown kernel '%s'\n", n.c_str());
                    return false;
                }
                if (a == "--family")
                    for (std::size_t j = 0, m = one.size(); j < m; ++j)
                        one.push_back(actfn_ref::derivative_of(one[j]));
                ks.insert(ks.end(), one.begin(), one.end());
            }
        }
        else if (a == "--stride")
        {
            if (!value())
                return false;
            o.stride = std::strtoull(v, nullptr, 10);
            if (o.stride < 1 || o.stride > (1ull << 31))
                return false;
            o.regions = o.stride > 1;
        }
        else if (a == "--sample")
        {
            if (!value())
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
        else if (a == "--no-regions")
            no_regions = true;
        else if (a == "--double")
        {
            if (!value())
                return false;
            o.doubles = std::strcmp(v, "full") == 0 ? std::numeric_limits<std::size_t>::max()
                                                     : static_cast<std::size_t>(std::strtoull(v, nullptr, 10));
            if (o.doubles == 0)
                return false;
        }
        else if (a == "--threads")
        {
            if (!value())
                return false;
            o.threads = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
        }
        else if (a == "--csv")
        {
            if (!value())
                return false;
            o.csv = v;
        }
        else if (a == "--csv-range")
        {
            if (!value())
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
            if (!value())
                return false;
            o.csv_bins = std::atoi(v);
            if (o.csv_bins < 1 || o.csv_bins > 100000)
                return false;
        }
        else if (a == "--markdown")
        {
            if (!value())
                return false;
            o.markdown = v;
        }
        else if (a == "--checksums-out")
        {
            if (!value())
                return false;
            o.checksums_out = v;
        }
        else if (a == "--checksum-only")
            o.checksum_only = true;
        else if (a == "--max-confirm")
        {
            if (!value())
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
        else if (a == "--list-failures")
        {
            if (!value())
                return false;
            o.list_failures = static_cast<std::size_t>(std::strtoull(v, nullptr, 10));
        }
        else if (a == "--quiet")
            o.quiet = true;
        else
        {
            std::fprintf(stderr, "unknown option %s\n", a.c_str());
            return false;
        }
    }
    if (no_regions)
        o.regions = false;
    if (ks.empty())
        parse_kernel("all", ks);
    std::sort(ks.begin(), ks.end());
    ks.erase(std::unique(ks.begin(), ks.end()), ks.end());
    o.kernels = ks;
    if (o.threads == 0)
        o.threads = std::max(1u, std::thread::hardware_concurrency());
    return true;
}

// ---- per-kernel statistics ---------------------------------------------------------

struct candidate
{
    std::uint64_t index = 0; // position in the input sequence (float, all inputs: the bit pattern)
    double x = 0, y = 0;
    double e = 0;            // fast error (exact when mpfr)
    double e_lo = 0, e_hi = 0; // the exact error lies in [e_lo, e_hi]
    bool mpfr = false;       // e came from MPFR already
};

bool worse(const candidate& a, const candidate& b)
{
    if (a.e_hi != b.e_hi)
        return a.e_hi > b.e_hi;
    return a.index < b.index;
}

struct top_list
{
    std::vector<candidate> v; // worst first, at most top_k
    double floor() const { return v.size() < static_cast<std::size_t>(top_k) ? -1.0 : v.back().e_hi; }
    void offer(const candidate& c)
    {
        if (v.size() == static_cast<std::size_t>(top_k) && !worse(c, v.back()))
            return;
        v.insert(std::upper_bound(v.begin(), v.end(), c, worse), c);
        if (v.size() > static_cast<std::size_t>(top_k))
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
    std::uint64_t certain_over = 0; // fast error beyond bound + margin whatever the reference's error
    std::uint64_t mpfr_over = 0;    // decided exactly (MPFR, or NaN in and a number out), over the bound
    std::uint64_t undecided = 0;    // within the margin: decided by MPFR after the sweep
    std::uint64_t nonfinite = 0;    // NaN or infinity where the exact value differs
    std::vector<candidate> near;    // the first max_confirm undecided cases
    std::vector<candidate> fails;   // the first --list-failures inputs beyond the bound
    top_list top;
    std::uint64_t sign_errors = 0;
    std::uint64_t first_sign_error = std::numeric_limits<std::uint64_t>::max();
    double first_sign_error_x = 0;
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
        auto by_index = [](const candidate& a, const candidate& b) { return a.index < b.index; };
        near.insert(near.end(), o.near.begin(), o.near.end());
        std::sort(near.begin(), near.end(), by_index);
        if (near.size() > cap)
            near.resize(cap);
        const std::size_t fail_cap = std::max(fails.size(), o.fails.size());
        fails.insert(fails.end(), o.fails.begin(), o.fails.end());
        std::sort(fails.begin(), fails.end(), by_index);
        if (fails.size() > fail_cap)
            fails.resize(fail_cap);
        for (const candidate& c : o.top.v)
            top.offer(c);
        sign_errors += o.sign_errors;
        if (o.first_sign_error < first_sign_error)
        {
            first_sign_error = o.first_sign_error;
            first_sign_error_x = o.first_sign_error_x;
        }
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

struct kernel_setup
{
    kernel k;
    format fmt;
    double param;
    double bound;
    window win;
    sign_rule sign;
    bool exact;
};

kernel_setup setup_of(kernel k, format f)
{
    const double p = default_param(k, f);
#if defined(ACTFN_EXH_HAVE_QUAD)
    const double w = f == format::binary32 ? window_half_width : quad_window_half_width;
#else
    const double w = window_half_width;
#endif
    return {k, f, p, bound_of(k), window_of(k, p, w), sign_rule_of(k), exact_ref(k)};
}

struct kernel_result
{
    kernel_setup setup;
    kstats st;
    std::uint64_t confirmed = 0;       // cases re-decided by MPFR after the sweep
    std::uint64_t confirmed_over = 0;  // of which over the bound
    std::uint64_t changed_bin = 0;     // of which moved to another bin
    std::uint64_t unconfirmed = 0;     // undecided cases beyond --max-confirm
    double max_ulp = 0;
    double max_x = 0, max_y = 0;
    bool pass = false;
};

// ---- measuring one chunk of one kernel ------------------------------------------------

// The naive formulas of the note, in float: what docs/accuracy.svg compares with.
float naive_gelu_erf(float x)
{
    return 0.5f * x * (1.0f + std::erf(x / std::sqrt(2.0f)));
}
float naive_gelu_erfc(float x)
{
    return 0.5f * x * std::erfc(-x / std::sqrt(2.0f));
}

// The error of y against a fast reference r, and the interval it may take
// given the reference's bound: float results, double reference (2^-16 ulp:
// widened by 2^-15), and double results, binary128 reference (2^-11 ulp:
// widened by 2^-10).
struct fast_error
{
    double e, e_lo, e_hi;
};

inline fast_error error_of(float y, double r, bool exact)
{
    const float_scale s = scale_of(r);
    const double e = std::fabs(static_cast<double>(y) - r) * s.inv_ulp;
    if (exact) // y - r exact (Sterbenz, or r == 0): only the product rounds
        return {e, e * (1 - 0x1p-52), e * (1 + 0x1p-52)};
    constexpr double tol = 0x1p-15;
    return {e, (s.edge == 2 ? 0.5 * e : e) - tol, (s.edge == 1 ? 2.0 * e : e) + tol};
}

#if defined(ACTFN_EXH_HAVE_QUAD)
inline fast_error error_of(double y, quad r, bool exact)
{
    const quad a = fabsq(r);
    int E = -1022;
    int edge = 0;
    if (a >= quad(0x1p-1022))
    {
        E = ilogbq(a);
        const quad m = scalbnq(a, -E); // [1, 2)
        if (E > -1022 && m - 1 < quad(0x1p-64))
            edge = 1;
        else if (2 - m < quad(0x1p-64))
            edge = 2;
    }
    const double e = static_cast<double>(fabsq(static_cast<quad>(y) - r) * scalbnq(1, 52 - E));
    if (exact)
        return {e, e * (1 - 0x1p-52), e * (1 + 0x1p-52)};
    constexpr double tol = 0x1p-10;
    return {e, (edge == 2 ? 0.5 * e : e) - tol, (edge == 1 ? 2.0 * e : e) + tol};
}
#endif

template <class T, class Ref>
void measure_chunk(const kernel_setup& ks, const options& o, std::uint64_t first_index, const T* x, const T* y,
                   std::size_t n, kstats& st, thread_state& ts, Ref ref)
{
    const double B = ks.bound;
    const bool want_csv = std::is_same<T, float>::value && !o.csv.empty() && ks.k == kernel::gelu;
    const double csv_scale = o.csv_bins / (o.csv_hi - o.csv_lo);
    for (std::size_t i = 0; i < n; ++i)
    {
        const T xi = x[i];
        const T yi = y[i];
        const std::uint64_t index = first_index + i;
        st.checksum += pair_hash(xi, yi);
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
                if (st.fails.size() < o.list_failures)
                    st.fails.push_back({index, static_cast<double>(xi), static_cast<double>(yi), HUGE_VAL, HUGE_VAL,
                                        HUGE_VAL, true});
                st.top.offer({index, static_cast<double>(xi), static_cast<double>(yi), HUGE_VAL, HUGE_VAL, HUGE_VAL,
                              true});
            }
            continue;
        }
        if (ks.sign != sign_rule::none && !std::isnan(yi) && std::signbit(yi) != std::signbit(xi) &&
            (ks.sign == sign_rule::always || xi != 0))
        {
            if (st.sign_errors++ == 0 || index < st.first_sign_error)
            {
                st.first_sign_error = index;
                st.first_sign_error_x = static_cast<double>(xi);
            }
        }
        double e;
        if (std::isinf(xi) || ks.win.contains(static_cast<double>(xi)))
        {
            // Decided by MPFR directly: the root windows, where the fast
            // formulas cancel, and the limits at +-infinity.
            ts.ev.eval(ks.k, ts.exact.v, static_cast<double>(xi), ks.param, 100);
            e = actfn_ref::ulp_error(ts.exact.v, static_cast<double>(yi), ks.fmt);
            ++st.mpfr_points;
            if (std::isinf(e))
                ++st.nonfinite;
            if (e > B)
            {
                ++st.mpfr_over;
                if (st.fails.size() < o.list_failures)
                    st.fails.push_back({index, static_cast<double>(xi), static_cast<double>(yi), e, e, e, true});
            }
            ++st.bins[bin_of(e)];
            if (e > st.top.floor())
                st.top.offer({index, static_cast<double>(xi), static_cast<double>(yi), e, e, e, true});
        }
        else
        {
            fast_error fe;
            if (!std::isfinite(yi))
            {
                fe = {HUGE_VAL, HUGE_VAL, HUGE_VAL};
                ++st.nonfinite;
            }
            else
                fe = error_of(yi, ref(xi), ks.exact);
            e = fe.e;
            ++st.bins[bin_of(e)];
            if (fe.e_lo > B + margin)
            {
                ++st.certain_over;
                if (st.fails.size() < o.list_failures)
                    st.fails.push_back({index, static_cast<double>(xi), static_cast<double>(yi), e, fe.e_lo, fe.e_hi,
                                        false});
            }
            else if (fe.e_hi >= B - margin)
            {
                ++st.undecided;
                if (st.near.size() < o.max_confirm)
                    st.near.push_back({index, static_cast<double>(xi), static_cast<double>(yi), e, fe.e_lo, fe.e_hi,
                                       false});
            }
            if (fe.e_hi > st.top.floor())
                st.top.offer({index, static_cast<double>(xi), static_cast<double>(yi), e, fe.e_lo, fe.e_hi, false});
        }
        if constexpr (std::is_same<T, float>::value)
        {
            if (want_csv && xi >= o.csv_lo && xi < o.csv_hi)
            {
                const int b = std::min(o.csv_bins - 1, static_cast<int>((xi - o.csv_lo) * csv_scale));
                const double r = ks.win.contains(xi) ? mpfr_get_d(ts.exact.v, MPFR_RNDN) : ref(xi);
                st.csv.points[b] += 1;
                st.csv.actfn[b] = std::max(st.csv.actfn[b], e);
                st.csv.naive_erf[b] = std::max(st.csv.naive_erf[b], error_of(naive_gelu_erf(xi), r, false).e);
                st.csv.naive_erfc[b] = std::max(st.csv.naive_erfc[b], error_of(naive_gelu_erfc(xi), r, false).e);
            }
        }
    }
}

void measure(const kernel_setup& ks, const options& o, std::uint64_t first, const float* x, const float* y,
             std::size_t n, kstats& st, thread_state& ts)
{
    const double p = ks.param;
    auto go = [&](auto ref) { measure_chunk<float>(ks, o, first, x, y, n, st, ts, ref); };
    switch (ks.k)
    {
    case kernel::gelu: go([](float v) { return ref_gelu(v); }); return;
    case kernel::gelu_grad: go([](float v) { return ref_gelu_grad(v); }); return;
    case kernel::gelu_tanh: go([](float v) { return ref_gelu_tanh(v); }); return;
    case kernel::gelu_tanh_grad: go([](float v) { return ref_gelu_tanh_grad(v); }); return;
    case kernel::quick_gelu: go([p](float v) { return ref_quick_gelu(v, p); }); return;
    case kernel::quick_gelu_grad: go([p](float v) { return ref_quick_gelu_grad(v, p); }); return;
    case kernel::silu: go([](float v) { return ref_quick_gelu(v, 1.0); }); return;
    case kernel::silu_grad: go([](float v) { return ref_quick_gelu_grad(v, 1.0); }); return;
    case kernel::elu: go([p](float v) { return ref_elu(v, p); }); return;
    case kernel::elu_grad: go([p](float v) { return ref_elu_grad(v, p); }); return;
    case kernel::relu: go([](float v) { return ref_relu(v); }); return;
    case kernel::relu_grad: go([](float v) { return ref_relu_grad(v); }); return;
    case kernel::leaky_relu: go([p](float v) { return ref_leaky_relu(v, p); }); return;
    case kernel::leaky_relu_grad: go([p](float v) { return ref_leaky_relu_grad(v, p); }); return;
    }
}

#if defined(ACTFN_EXH_HAVE_QUAD)
void measure(const kernel_setup& ks, const options& o, std::uint64_t first, const double* x, const double* y,
             std::size_t n, kstats& st, thread_state& ts)
{
    const quad p = ks.param;
    const kernel k = ks.k;
    measure_chunk<double>(ks, o, first, x, y, n, st, ts, [k, p](double v) { return quad_ref(k, v, p); });
}
#endif

// ---- the inputs -------------------------------------------------------------------

// A sequence of inputs: every float bit pattern in order, or an explicit list.
template <class T>
struct input_set
{
    bool all = false; // float only: all 2^32 bit patterns, the index is the pattern
    std::vector<T> list;
    std::string description;
    std::uint64_t fingerprint = 0; // identifies the set in checksum files

    std::uint64_t size() const { return all ? (1ull << 32) : list.size(); }
    std::size_t chunks() const { return static_cast<std::size_t>((size() + chunk_size - 1) / chunk_size); }
    std::size_t fill(std::size_t c, T* x) const
    {
        const std::uint64_t begin = static_cast<std::uint64_t>(c) * chunk_size;
        const std::uint64_t end = std::min<std::uint64_t>(size(), begin + chunk_size);
        for (std::uint64_t i = begin; i < end; ++i)
        {
            if constexpr (std::is_same<T, float>::value)
                x[i - begin] = all ? float_of(static_cast<std::uint32_t>(i)) : list[static_cast<std::size_t>(i)];
            else
                x[i - begin] = list[static_cast<std::size_t>(i)];
        }
        return static_cast<std::size_t>(end - begin);
    }
};

template <class T>
void fingerprint(input_set<T>& in)
{
    for (T v : in.list)
        in.fingerprint += mix(bits_of(v));
}

constexpr kernel families[] = {kernel::gelu, kernel::gelu_tanh, kernel::quick_gelu, kernel::silu,
                               kernel::elu,  kernel::relu,      kernel::leaky_relu};

input_set<float> float_inputs(const options& o)
{
    input_set<float> in;
    if (o.stride == 1)
    {
        in.all = true;
        in.description = "all 2^32 float bit patterns";
        in.fingerprint = 0x0a110a110a110a11ull;
        return in;
    }
    std::vector<std::uint32_t> v;
    v.reserve(static_cast<std::size_t>((1ull << 32) / o.stride) + 4000000);
    for (std::uint64_t b = 0; b < (1ull << 32); b += o.stride)
        v.push_back(static_cast<std::uint32_t>(b));
    if (o.regions)
    {
        // The tests' special points and, for every family, the hard regions the
        // accuracy suite samples at its `standard` level (tails, shoulders,
        // every float within 1e-3 of each derivative's root): reused from
        // tests/support, not redefined here.
        for (float f : actfn_test::float_special_points())
            v.push_back(bits_of(f));
        for (kernel f : families)
            for (float x : actfn_test::float_inputs(f, default_param(f), actfn_test::level::standard))
                v.push_back(bits_of(x));
    }
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
    in.list.reserve(v.size());
    for (std::uint32_t u : v)
        in.list.push_back(float_of(u));
    fingerprint(in);
    char buf[240];
    std::snprintf(buf, sizeof buf, "bit patterns 0, %" PRIu64 ", %" PRIu64 ", ...%s: %zu distinct inputs", o.stride,
                  2 * o.stride, o.regions ? " plus the special points and hard regions of tests/support" : "",
                  in.list.size());
    in.description = buf;
    return in;
}

// The test suite's accuracy-full double inputs of one family (10^7: half over
// every exponent, both signs, random significands; half in the family's hard
// regions; the special points), reused from tests/support; thinned to about n
// by keeping every k-th (the special points are always kept).
constexpr std::size_t full_double_count = 10000000; // actfn_test's level::full budget

std::size_t double_step(std::size_t n)
{
    return n >= full_double_count ? 1 : (full_double_count + n - 1) / n;
}

[[maybe_unused]] input_set<double> double_inputs(kernel fwd, std::size_t n)
{
    input_set<double> in;
    const std::vector<double> all = actfn_test::double_inputs(fwd, default_param(fwd, format::binary64),
                                                              actfn_test::level::full);
    const std::size_t step = double_step(n);
    for (std::size_t i = 0; i < all.size(); i += step)
        in.list.push_back(all[i]);
    if (step > 1)
        for (double d : actfn_test::double_special_points())
            in.list.push_back(d);
    fingerprint(in);
    char buf[240];
    if (step == 1)
        std::snprintf(buf, sizeof buf, "the test suite's accuracy-full doubles of the family: %zu inputs",
                      in.list.size());
    else
        std::snprintf(buf, sizeof buf,
                      "every %zu-th of the test suite's accuracy-full doubles of the family, plus the special points: "
                      "%zu inputs",
                      step, in.list.size());
    in.description = buf;
    return in;
}

// ---- the sweep ----------------------------------------------------------------------

template <class T, class Compute>
void sweep(const options& o, const input_set<T>& in, std::vector<kernel_result*>& res, Compute compute,
           const char* what)
{
    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::vector<kstats>> per_thread(o.threads, std::vector<kstats>(res.size()));
    if (!o.csv.empty() && std::is_same<T, float>::value)
        for (auto& v : per_thread)
            for (std::size_t j = 0; j < res.size(); ++j)
                if (res[j]->setup.k == kernel::gelu)
                    v[j].csv.init(o.csv_bins);
    std::atomic<std::size_t> next{0}, done{0};
    const std::size_t chunks = in.chunks();
    std::mutex progress_mu;
    parallel(o.threads, [&](unsigned t) {
        thread_state ts;
        std::vector<T> x(chunk_size), y(chunk_size), ones(chunk_size, T(1));
        std::vector<kstats>& mine = per_thread[t];
        for (;;)
        {
            const std::size_t c = next.fetch_add(1);
            if (c >= chunks)
                break;
            const std::size_t n = in.fill(c, x.data());
            const std::uint64_t first = static_cast<std::uint64_t>(c) * chunk_size;
            for (std::size_t j = 0; j < res.size(); ++j)
            {
                const auto tk = std::chrono::steady_clock::now();
                compute(res[j]->setup.k, x.data(), ones.data(), y.data(), n);
                kstats& st = mine[j];
                if (o.checksum_only)
                {
                    for (std::size_t i = 0; i < n; ++i)
                    {
                        st.checksum += pair_hash(x[i], y[i]);
                        st.nan_outputs += std::isnan(y[i]) ? 1 : 0;
                    }
                    st.points += n;
                }
                else
                    measure(res[j]->setup, o, first, x.data(), y.data(), n, st, ts);
                st.seconds += seconds_since(tk);
            }
            const std::size_t d = done.fetch_add(1) + 1;
            if (!o.quiet && chunks >= 1024 && (d % (chunks / 64) == 0 || d == chunks))
            {
                std::lock_guard<std::mutex> lock(progress_mu);
                std::fprintf(stderr, "  %s: %5.1f%%, %.0f s\n", what, 100.0 * static_cast<double>(d) / chunks,
                             seconds_since(t0));
            }
        }
    });
    for (std::size_t j = 0; j < res.size(); ++j)
        for (unsigned t = 0; t < o.threads; ++t)
            res[j]->st.merge(per_thread[t][j], o.max_confirm);
}

// ---- MPFR confirmation --------------------------------------------------------------

// Every undecided case (up to --max-confirm per kernel) and the top_k worst of
// each kernel are evaluated in MPFR.  The MPFR error replaces the fast one; a
// fast error interval that does not contain the MPFR error means the fast
// reference broke its bound, which is counted (the run then exits with 3).
std::uint64_t confirm(const options& o, std::vector<kernel_result>& res, std::size_t& evaluated)
{
    struct item
    {
        std::size_t j;
        candidate c;
        double e_mp;
    };
    std::vector<item> todo;
    for (std::size_t j = 0; j < res.size(); ++j)
    {
        kernel_result& r = res[j];
        r.unconfirmed = r.st.undecided - r.st.near.size();
        std::set<std::uint64_t> seen;
        for (const candidate& c : r.st.near)
        {
            seen.insert(c.index);
            todo.push_back({j, c, 0});
        }
        for (const candidate& c : r.st.top.v)
            if (!c.mpfr && !seen.count(c.index))
                todo.push_back({j, c, 0});
    }
    std::atomic<std::size_t> next{0};
    parallel(o.threads, [&](unsigned) {
        thread_state ts;
        for (;;)
        {
            const std::size_t i = next.fetch_add(1);
            if (i >= todo.size())
                break;
            item& it = todo[i];
            const kernel_setup& ks = res[it.j].setup;
            ts.ev.eval(ks.k, ts.exact.v, it.c.x, ks.param, 100);
            it.e_mp = actfn_ref::ulp_error(ts.exact.v, it.c.y, ks.fmt);
        }
    });
    evaluated = todo.size();
    std::uint64_t disagreements = 0;
    std::map<std::pair<std::size_t, std::uint64_t>, double> exact_err;
    for (const item& it : todo)
    {
        kernel_result& r = res[it.j];
        exact_err[{it.j, it.c.index}] = it.e_mp;
        const bool inside = (it.e_mp >= it.c.e_lo && it.e_mp <= it.c.e_hi) || (std::isinf(it.e_mp) && std::isinf(it.c.e));
        if (!inside)
        {
            ++disagreements;
            std::fprintf(stderr,
                         "REFERENCE DISAGREEMENT: %s at x = %s, y = %a: fast error %.9g (interval [%.9g, %.9g]), MPFR "
                         "%.9g\n",
                         actfn_ref::name(r.setup.k), show_x(it.c.x, r.setup.fmt).c_str(), it.c.y, it.c.e, it.c.e_lo,
                         it.c.e_hi, it.e_mp);
        }
        const bool is_near = it.c.e_hi >= r.setup.bound - margin && it.c.e_lo <= r.setup.bound + margin;
        if (is_near)
        {
            ++r.confirmed;
            if (it.e_mp > r.setup.bound)
                ++r.confirmed_over;
            const int b0 = bin_of(it.c.e), b1 = bin_of(it.e_mp);
            if (b0 != b1)
            {
                --r.st.bins[b0];
                ++r.st.bins[b1];
                ++r.changed_bin;
            }
        }
    }
    for (std::size_t j = 0; j < res.size(); ++j)
    {
        kernel_result& r = res[j];
        bool known = false;
        std::uint64_t at = 0;
        for (const candidate& c : r.st.top.v)
        {
            const auto it = exact_err.find({j, c.index});
            const double e = c.mpfr ? c.e : it != exact_err.end() ? it->second : c.e;
            if (!known || e > r.max_ulp || (e == r.max_ulp && c.index < at))
            {
                r.max_ulp = e;
                r.max_x = c.x;
                r.max_y = c.y;
                at = c.index;
                known = true;
            }
        }
        r.pass = r.st.certain_over == 0 && r.st.mpfr_over == 0 && r.confirmed_over == 0 && r.unconfirmed == 0 &&
                 r.st.sign_errors == 0 && r.max_ulp <= r.setup.bound;
    }
    return disagreements;
}

// ---- reports ------------------------------------------------------------------------

std::string kernel_label(const kernel_setup& ks)
{
    std::string name = actfn_ref::name(ks.k);
    if (actfn_ref::has_param(ks.k))
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, ks.fmt == format::binary32 ? " (%s = %.9gf)" : " (%s = %.17g)",
                      actfn_ref::forward_of(ks.k) == kernel::leaky_relu ? "slope" : "alpha", ks.param);
        name += buf;
    }
    return name;
}

std::string checksum_name(const kernel_setup& ks)
{
    return std::string(actfn_ref::name(ks.k)) + (ks.fmt == format::binary32 ? "" : ".f64");
}

void table(text& md, const std::vector<kernel_result>& res, const std::vector<std::string>& inputs_of)
{
    const bool dbl = !res.empty() && res[0].setup.fmt == format::binary64;
    md.add("| kernel | max ULP | at x | actfn's y there | <= 0.5 | (0.5, 1] | (1, 2] | > 2 | bound | pass |\n");
    md.add("|---|---|---|---|---|---|---|---|---|---|\n");
    for (const kernel_result& r : res)
    {
        const bool any = r.max_ulp > 0;
        char y[64];
        std::snprintf(y, sizeof y, "%a", r.max_y);
        md.add("| %s | %s | %s | %s | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %" PRIu64 " | %g | %s |\n",
               kernel_label(r.setup).c_str(), show_ulp(r.max_ulp, r.setup.bound).c_str(),
               any ? show_x(r.max_x, r.setup.fmt).c_str() : "-", any ? y : "-", r.st.bins[0], r.st.bins[1],
               r.st.bins[2], r.st.bins[3], r.setup.bound, r.pass ? "yes" : "**NO**");
    }
    md.add("\nULP error |y - f(x)| / ulp(f(x)) in f(x)'s binade (never below 2^%d); NaN inputs count as <= 0.5 when the "
           "output is NaN, a NaN or infinity where f(x) differs counts as > 2.  gelu_tanh and the sigma forms are "
           "measured against their own formulas (real constants; alpha = the %s parameter).\n",
           dbl ? -1074 : -149, dbl ? "double" : "float");
    std::uint64_t mp_total = 0, conf_total = 0, changed_total = 0;
    for (const kernel_result& r : res)
    {
        mp_total += r.st.mpfr_points;
        conf_total += r.confirmed;
        changed_total += r.changed_bin;
    }
    md.add("Reference: %s, MPFR %s for %" PRIu64 " points directly (derivative root windows, infinities) and for the "
           "%" PRIu64 " case(s) within %.2f ULP of a bound (%" PRIu64 " moved to another bin); the %d worst cases of each "
           "kernel confirmed in MPFR.\n",
           dbl ? "binary128 (libquadmath)" : "double (glibc)", mpfr_get_version(), mp_total, conf_total, margin,
           changed_total, top_k);
    for (std::size_t j = 0; j < res.size(); ++j)
    {
        const kernel_result& r = res[j];
        const char* n = actfn_ref::name(r.setup.k);
        if (r.st.sign_errors)
            md.add("%s: %" PRIu64 " results with the wrong sign, first at x = %s.\n", n, r.st.sign_errors,
                   show_x(r.st.first_sign_error_x, r.setup.fmt).c_str());
        if (r.unconfirmed)
            md.add("%s: %" PRIu64 " cases within %.2f ULP of the bound left unconfirmed (beyond --max-confirm).\n", n,
                   r.unconfirmed, margin);
        const std::uint64_t over = r.st.certain_over + r.st.mpfr_over + r.confirmed_over;
        if (over)
            md.add("%s: %" PRIu64 " inputs beyond the bound (%" PRIu64 " NaN/infinity mismatches).\n", n, over,
                   r.st.nonfinite);
        for (const candidate& c : r.st.fails)
        {
            char y[64];
            std::snprintf(y, sizeof y, "%a", c.y);
            md.add("  %s beyond the bound: x = %s, y = %s, %s error %s ULP\n", n, show_x(c.x, r.setup.fmt).c_str(), y,
                   c.mpfr ? "MPFR" : "fast", show_ulp(c.e, r.setup.bound).c_str());
        }
    }
    if (!inputs_of.empty())
    {
        md.add("Inputs per family:");
        for (std::size_t i = 0; i < inputs_of.size(); ++i)
            md.add("%s %s", i ? "," : "", inputs_of[i].c_str());
        md.add(".\n");
    }
}

void checksum_table(text& md, const std::vector<kernel_result>& res, const build_info& build)
{
    md.add("Output checksums (sum of splitmix64 mixes of the (x, y) bit patterns mod 2^64, NaN outputs canonical), "
           "%s:\n\n| kernel | checksum | NaN outputs |\n|---|---|---|\n",
           build_line(build).c_str());
    for (const kernel_result& r : res)
        md.add("| %s | %s | %" PRIu64 " |\n", checksum_name(r.setup).c_str(), hex64(r.st.checksum).c_str(),
               r.st.nan_outputs);
}

int run_sweeps(const options& o, const build_info& build, compute_fn compute32, compute_f64_fn compute64)
{
    const auto t0 = std::chrono::steady_clock::now();
    const bool dbl = o.doubles > 0;
    std::vector<kernel_result> res(o.kernels.size());
    for (std::size_t j = 0; j < o.kernels.size(); ++j)
        res[j].setup = setup_of(o.kernels[j], dbl ? format::binary64 : format::binary32);

    std::string description;
    std::vector<std::string> inputs_of;
    std::uint64_t fp = 0;
    if (!dbl)
    {
        const input_set<float> in = float_inputs(o);
        description = in.description;
        fp = in.fingerprint;
        if (!o.quiet)
            std::fprintf(stderr, "actfn_exhaustive: %s; %s; %zu kernels, %u threads%s\n", build_line(build).c_str(),
                         in.description.c_str(), res.size(), o.threads, o.checksum_only ? ", checksums only" : "");
        std::vector<kernel_result*> all;
        for (kernel_result& r : res)
            all.push_back(&r);
        sweep<float>(o, in, all, compute32, "float");
    }
    else
    {
#if defined(ACTFN_EXH_HAVE_QUAD)
        for (kernel f : families)
        {
            std::vector<kernel_result*> mine;
            for (kernel_result& r : res)
                if (actfn_ref::forward_of(r.setup.k) == f)
                    mine.push_back(&r);
            if (mine.empty())
                continue;
            const input_set<double> in = double_inputs(f, o.doubles);
            fp += in.fingerprint * (static_cast<std::uint64_t>(f) + 1);
            inputs_of.push_back(std::string(actfn_ref::name(f)) + " " + std::to_string(in.list.size()));
            if (!o.quiet)
                std::fprintf(stderr, "actfn_exhaustive: %s; %s family, %s; %u threads%s\n", build_line(build).c_str(),
                             actfn_ref::name(f), in.description.c_str(), o.threads,
                             o.checksum_only ? ", checksums only" : "");
            sweep<double>(o, in, mine, compute64, actfn_ref::name(f));
        }
        char buf[200];
        std::snprintf(buf, sizeof buf,
                      "of each family, every %zu-th of the test suite's accuracy-full doubles (half over every "
                      "exponent, half in the family's hard regions) plus the special points",
                      double_step(o.doubles));
        description = o.doubles == std::numeric_limits<std::size_t>::max()
                          ? "of each family, the test suite's accuracy-full doubles (half over every exponent, both "
                            "signs, half in the family's hard regions, and the special points)"
                          : buf;
#else
        (void)compute64;
        std::fprintf(stderr, "--double needs binary128 (__float128 and libquadmath), absent from this build\n");
        return 2;
#endif
    }
    const double sweep_seconds = seconds_since(t0);

    std::uint64_t disagreements = 0;
    std::size_t evaluated = 0;
    if (!o.checksum_only)
        disagreements = confirm(o, res, evaluated);
    const double total_seconds = seconds_since(t0);

    text md;
    const bool all_pass = std::all_of(res.begin(), res.end(), [](const kernel_result& r) { return r.pass; });
    if (!o.checksum_only)
    {
        md.add("actfn %s build, %s kernels through the array API; %s, %s FMA; %s.\n\n", build.name,
               dbl ? "double" : "float", build.arch, build.fma ? "with" : "without", description.c_str());
        table(md, res, inputs_of);
        md.add("\n");
    }
    checksum_table(md, res, build);
    md.add("\n");
    std::printf("%s", md.s.c_str());
    std::printf("time: %.1f s (sweep %.1f s, MPFR confirmation of %zu cases %.1f s), %u threads; thread-seconds per "
                "kernel:",
                total_seconds, sweep_seconds, evaluated, total_seconds - sweep_seconds, o.threads);
    for (const kernel_result& r : res)
        std::printf(" %s %.1f", actfn_ref::name(r.setup.k), r.st.seconds);
    std::printf("\n");
    if (!o.checksum_only)
        std::printf("%s\n", all_pass ? "All bounds hold." : "Some bounds are broken.");
    std::fflush(stdout);

    bool files_ok = true;
    if (!o.markdown.empty())
        files_ok = write_file(o.markdown, md.s) && files_ok;
    if (!o.checksums_out.empty())
    {
        text cs;
        cs.add("actfn-exhaustive-checksums 1\n%s\ninputs %s fingerprint %s\n", build_line(build).c_str(),
               description.c_str(), hex64(fp).c_str());
        for (const kernel_result& r : res)
            cs.add("kernel %s checksum %s nan %" PRIu64 " points %" PRIu64 "\n", checksum_name(r.setup).c_str(),
                   hex64(r.st.checksum).c_str(), r.st.nan_outputs, r.st.points);
        files_ok = write_file(o.checksums_out, cs.s) && files_ok;
    }
    if (!o.csv.empty())
        for (const kernel_result& r : res)
        {
            if (r.setup.k != kernel::gelu || r.st.csv.points.empty())
                continue;
            text c;
            c.add("# max ULP error per x bin of float gelu: actfn (array API, %s), and the naive formulas "
                  "0.5f*x*(1+erff(x/sqrtf(2))) and 0.5f*x*erfcf(-x/sqrtf(2)); %s\n",
                  build_line(build).c_str(), description.c_str());
            c.add("x_lo,x_hi,points,actfn,naive_erf,naive_erfc\n");
            const double w = (o.csv_hi - o.csv_lo) / o.csv_bins;
            for (int b = 0; b < o.csv_bins; ++b)
                c.add("%.6g,%.6g,%" PRIu64 ",%.6g,%.6g,%.6g\n", o.csv_lo + b * w, o.csv_lo + (b + 1) * w,
                      r.st.csv.points[b], r.st.csv.actfn[b], r.st.csv.naive_erf[b], r.st.csv.naive_erfc[b]);
            files_ok = write_file(o.csv, c.s) && files_ok;
        }
    if (disagreements)
    {
        std::printf("%" PRIu64 " disagreements between a fast reference and MPFR: the fast reference is wrong.\n",
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
    double unit() { return static_cast<double>(next() >> 11) * 0x1p-53; }
};

// Points of one kernel: every binade of the format, both signs, random
// significands; dense in [-40, 20]; just outside the root window (where the
// cancellation the window avoids is largest); the tests' special points.
template <class T>
std::vector<T> self_test_points(kernel k, const window& w, int per_binade)
{
    std::vector<T> xs;
    rng g{0x5e1f7e57ull + static_cast<std::uint64_t>(k) + (sizeof(T) == 8 ? 1000 : 0)};
    if constexpr (sizeof(T) == 4)
    {
        for (std::uint32_t sign = 0; sign < 2; ++sign)
            for (std::uint32_t e = 0; e < 255; ++e)
                for (int i = 0; i < per_binade; ++i)
                    xs.push_back(float_of((sign << 31) | (e << 23) | static_cast<std::uint32_t>(g.next() & 0x7fffff)));
    }
    else
    {
        const int n = std::max(2, per_binade / 16);
        for (std::uint64_t sign = 0; sign < 2; ++sign)
            for (std::uint64_t e = 0; e < 2047; ++e)
                for (int i = 0; i < n; ++i)
                    xs.push_back(double_of((sign << 63) | (e << 52) | (g.next() >> 12)));
    }
    for (int i = 0; i < 64 * per_binade; ++i)
        xs.push_back(static_cast<T>(-40.0 + 60.0 * g.unit()));
    if (w.lo <= w.hi)
    {
        const double hw = (w.hi - w.lo) / 2;
        for (int i = 0; i < 16 * per_binade; ++i)
        {
            const double u = g.unit();
            const double d = hw * std::ldexp(1.0, static_cast<int>(u * 8)) * (1 + u);
            xs.push_back(static_cast<T>(w.hi + d));
            xs.push_back(static_cast<T>(w.lo - d));
        }
    }
    if constexpr (sizeof(T) == 4)
        for (float f : actfn_test::float_special_points())
            xs.push_back(f);
    else
        for (double d : actfn_test::double_special_points())
            xs.push_back(d);
    return xs;
}

template <class T>
bool self_test_kernel(const options& o, kernel k)
{
    const format f = sizeof(T) == 4 ? format::binary32 : format::binary64;
    const kernel_setup ks = setup_of(k, f);
#if defined(ACTFN_EXH_HAVE_QUAD)
    const double rel = f == format::binary32 ? rel_bound : quad_rel_bound;
    const long abs_exp = f == format::binary32 ? -1000 : quad_abs_bound_exp;
#else
    const double rel = rel_bound;
    const long abs_exp = -1000;
#endif
    const std::vector<T> xs = self_test_points<T>(k, ks.win, o.self_test_per_binade);
    struct worst
    {
        double rel = 0, ulp = 0, rel_x = 0, ulp_x = 0, bad_x = 0;
        std::size_t bad = 0, points = 0;
    };
    std::vector<worst> ws(o.threads);
    std::atomic<std::size_t> next{0};
    parallel(o.threads, [&](unsigned t) {
        thread_state ts;
        mp_value r_mp, bnd, tiny;
        worst& m = ws[t];
        for (;;)
        {
            const std::size_t i = next.fetch_add(1);
            if (i >= xs.size())
                break;
            const T x = xs[i];
            if (!std::isfinite(x) || ks.win.contains(static_cast<double>(x)))
                continue;
            ++m.points;
            // The reference value, exactly, in MPFR: a double, or a binary128
            // as the sum of two doubles (113 bits fit in 2 x 53).
            if constexpr (sizeof(T) == 4)
                mpfr_set_d(r_mp.v, fast_ref(k, x, ks.param), MPFR_RNDN);
            else
            {
#if defined(ACTFN_EXH_HAVE_QUAD)
                // Scaled to [1, 2) first: a binary128 below the double range
                // would lose its bits in the conversion.
                const quad r = quad_ref(k, x, ks.param);
                const int e = r == 0 ? 0 : ilogbq(r);
                const quad m = scalbnq(r, -e);
                const double hi = static_cast<double>(m);
                const double lo = static_cast<double>(m - static_cast<quad>(hi));
                mpfr_set_d(r_mp.v, hi, MPFR_RNDN);
                mpfr_add_d(r_mp.v, r_mp.v, lo, MPFR_RNDN);
                mpfr_mul_2si(r_mp.v, r_mp.v, e, MPFR_RNDN);
#endif
            }
            ts.ev.eval(k, ts.exact.v, static_cast<double>(x), ks.param, 100);
            mpfr_sub(r_mp.v, r_mp.v, ts.exact.v, MPFR_RNDN);
            mpfr_abs(r_mp.v, r_mp.v, MPFR_RNDN);
            // The claimed bound, in MPFR (2^-1200 is no double).
            mpfr_abs(bnd.v, ts.exact.v, MPFR_RNDN);
            mpfr_mul_d(bnd.v, bnd.v, rel, MPFR_RNDU);
            mpfr_set_ui_2exp(tiny.v, 1, abs_exp, MPFR_RNDN);
            mpfr_add(bnd.v, bnd.v, tiny.v, MPFR_RNDU);
            if (!(mpfr_lessequal_p(r_mp.v, bnd.v)))
            {
                if (m.bad++ == 0)
                    m.bad_x = static_cast<double>(x);
            }
            // Error in ulps of the format at the exact value's binade, and
            // relative error (over values above the absolute term).
            const int e_min = f == format::binary32 ? -126 : -1022;
            const int p = f == format::binary32 ? 24 : 53;
            const long ex = mpfr_regular_p(ts.exact.v) ? std::max<long>(e_min, mpfr_get_exp(ts.exact.v) - 1) : e_min;
            mpfr_mul_2si(bnd.v, r_mp.v, p - 1 - ex, MPFR_RNDN);
            const double ue = mpfr_get_d(bnd.v, MPFR_RNDN);
            double relerr = 0;
            const bool big = mpfr_regular_p(ts.exact.v) && mpfr_cmpabs(ts.exact.v, tiny.v) > 0;
            if (big)
            {
                mpfr_div(bnd.v, r_mp.v, ts.exact.v, MPFR_RNDN);
                relerr = std::fabs(mpfr_get_d(bnd.v, MPFR_RNDN));
            }
            if (relerr > m.rel)
            {
                m.rel = relerr;
                m.rel_x = static_cast<double>(x);
            }
            if (ue > m.ulp)
            {
                m.ulp = ue;
                m.ulp_x = static_cast<double>(x);
            }
        }
    });
    worst all;
    for (const worst& m : ws)
    {
        all.points += m.points;
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
    const bool ok = all.bad == 0;
    std::printf("| %s | %s | %zu | 2^%.1f | %s | %.3g | %s | 2^%.0f | %s |\n", actfn_ref::name(k),
                f == format::binary32 ? "float (double ref)" : "double (binary128 ref)", all.points,
                all.rel > 0 ? std::log2(all.rel) : -HUGE_VAL, show_x(all.rel_x, f).c_str(), all.ulp,
                show_x(all.ulp_x, f).c_str(), std::log2(rel), ok ? "yes" : "**NO**");
    if (!ok)
        std::printf("  %zu points break the claimed bound, first at x = %s\n", all.bad, show_x(all.bad_x, f).c_str());
    std::fflush(stdout);
    return ok;
}

int run_self_test(const options& o)
{
    const auto t0 = std::chrono::steady_clock::now();
    std::printf("Fast references against MPFR.  Claimed: float results |ref - f| <= 2^-40 |f| + 2^-1000 (2^-16 "
                "float ulp); double results (binary128) |ref - f| <= 2^-64 |f| + 2^-1200 (2^-11 double ulp).\n\n");
    std::printf("| kernel | type | points | max relative error | at x | max error in ulps of the type | at x | "
                "claimed | within |\n|---|---|---|---|---|---|---|---|---|\n");
    bool ok = true;
    for (kernel k : o.kernels)
        if (!exact_ref(k))
            ok = self_test_kernel<float>(o, k) && ok;
#if defined(ACTFN_EXH_HAVE_QUAD)
    for (kernel k : o.kernels)
        if (!exact_ref(k))
            ok = self_test_kernel<double>(o, k) && ok;
#else
    std::printf("(no binary128 in this build: the double references are not tested)\n");
#endif
    std::printf("\nRelative error over exact values above the absolute term; points inside the MPFR windows are not "
                "used by the checker and are left out.\n%s (%.1f s)\n",
                ok ? "Every fast reference is within its claimed bound." : "A fast reference breaks its claimed bound.",
                seconds_since(t0));
    return ok ? 0 : 1;
}

// ---- --compare: checksum files of several builds ------------------------------------------

struct checksum_file
{
    std::string path, build, inputs;
    bool fma = false;
    std::map<std::string, std::string> sums; // kernel -> "checksum ... nan ... points ..."
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
    while (ok && std::fgets(line, sizeof line, fp))
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
            std::printf("%s: absent or unreadable (a build this CPU cannot run writes none): left out\n", p.c_str());
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
        if (f.inputs != files[0].inputs || f.sums.size() != files[0].sums.size())
        {
            std::printf("%s ran other inputs or kernels (%s) than %s (%s)\n", f.path.c_str(), f.inputs.c_str(),
                        files[0].path.c_str(), files[0].inputs.c_str());
            ok = false;
        }
    // FMA builds must agree bit for bit, and so must the builds without FMA;
    // between the groups a*b+c rounds twice instead of once: printed, not failed.
    for (int group = 1; group >= 0; --group)
    {
        bool group_ok = true;
        int members = 0;
        const checksum_file* first = nullptr;
        for (const checksum_file& f : files)
        {
            if (f.fma != (group == 1))
                continue;
            ++members;
            if (!first)
            {
                first = &f;
                continue;
            }
            for (const auto& kv : first->sums)
            {
                const auto it = f.sums.find(kv.first);
                if (it == f.sums.end() || it->second != kv.second)
                {
                    std::printf("DIFFERENT: %s: %s has %s, %s has %s\n", kv.first.c_str(), first->path.c_str(),
                                kv.second.c_str(), f.path.c_str(), it == f.sums.end() ? "nothing" : it->second.c_str());
                    group_ok = false;
                }
            }
        }
        if (first)
        {
            std::printf("%s builds (%d): %s\n", group ? "FMA" : "no-FMA", members,
                        members == 1 ? "nothing to compare with" : group_ok ? "identical outputs" : "outputs differ");
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

int run(int argc, char** argv, const build_info& build, compute_fn compute32, compute_f64_fn compute64)
{
    options o;
    if (!parse(argc, argv, o))
    {
        std::fprintf(stderr, "%s", usage);
        return 2;
    }
    int rc;
    if (!o.compare.empty())
        rc = run_compare(o);
    else if (o.self_test)
        rc = run_self_test(o);
    else if (!o.csv.empty() &&
             (o.doubles > 0 || std::find(o.kernels.begin(), o.kernels.end(), kernel::gelu) == o.kernels.end()))
    {
        std::fprintf(stderr, "--csv needs the float gelu kernel among the kernels\n");
        rc = 2;
    }
    else
        rc = run_sweeps(o, build, compute32, compute64);
    mpfr_free_cache();
    return rc;
}

} // namespace actfn_exh
