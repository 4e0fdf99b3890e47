// actfn_accuracy_table [--level light|standard|full] [--threads N]
//
// Prints, per kernel and type, the measured maximum ULP error against the MPFR
// reference, where it occurs and the bound, as a Markdown table.  The numbers
// come from the code the tests run (support/kernels.hpp run_family and
// support/accuracy.cpp measure) on the same inputs for the same level; it
// also measures the double derivatives, which the default suite only prints.
// Exit status 1 when a bound of the level is broken.

#include "support/kernels.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

using namespace actfn_test;

std::string cell_ulp(const result& r)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3g", r.max_ulp);
    return buf;
}

std::string cell_x(double x, format f)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, f == format::binary32 ? "%.9g" : "%.17g", x);
    return buf;
}

std::string cell_bound(const bound& b)
{
    if (!b.checked)
        return "- (reported)";
    char buf[96];
    if (b.window > 0)
        std::snprintf(buf, sizeof buf, "%g ULP; \\|err\\| <= 2^-24 within %g of the root", b.max_ulp, b.window);
    else
        std::snprintf(buf, sizeof buf, "%g ULP", b.max_ulp);
    return buf;
}

std::string cell_window(const result& r)
{
    if (r.window_points == 0)
        return "";
    char buf[96];
    std::snprintf(buf, sizeof buf, "%.3g; max %.3g ULP", r.max_abs_window, r.max_ulp_window);
    return buf;
}

std::string cell_count(std::size_t a, std::size_t b)
{
    return std::to_string(a) + (a == b ? "" : " / " + std::to_string(b) + " scalar");
}

bool row(const kernel_report& kr)
{
    const bool ok = within(kr.array, kr.b) && within(kr.scalar, kr.b);
    // The argument is meaningless when no point had an error.
    const std::string at = kr.array.max_ulp > 0 ? cell_x(kr.array.max_ulp_x, kr.fmt) : "";
    std::printf("| %s | %s | %s | %s | %s | %s | %s | %s | %zu | %s |\n", label(kr).c_str(),
                cell_ulp(kr.array).c_str(), at.c_str(), cell_ulp(kr.scalar).c_str(), cell_window(kr.array).c_str(),
                cell_bound(kr.b).c_str(), cell_count(kr.array.nonfinite, kr.scalar.nonfinite).c_str(),
                cell_count(kr.array.sign_errors, kr.scalar.sign_errors).c_str(), kr.array.points,
                !kr.b.checked ? "" : ok ? "yes" : "**NO**");
    return ok;
}

} // namespace

int main(int argc, char** argv)
{
    level l = level_from_env();
    for (int i = 1; i < argc; ++i)
    {
        if (std::strcmp(argv[i], "--level") == 0 && i + 1 < argc)
        {
            const char* v = argv[++i];
            l = std::strcmp(v, "light") == 0 ? level::light : std::strcmp(v, "full") == 0 ? level::full : level::standard;
        }
        else if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc)
        {
#if defined(_WIN32)
            _putenv_s("ACTFN_TEST_THREADS", argv[++i]);
#else
            setenv("ACTFN_TEST_THREADS", argv[++i], 1);
#endif
        }
        else
        {
            std::printf("usage: %s [--level light|standard|full] [--threads N]\n", argv[0]);
            return 2;
        }
    }

#if ACTFN_SIMD
    const char* arch = xsimd::default_arch::name();
#else
    const char* arch = "scalar (ACTFN_DISABLE_SIMD)";
#endif
    std::printf("actfn %s accuracy, level %s, array path %s, FMA %s; reference MPFR %s\n\n", ACTFN_VERSION_STRING,
                level_name(l), arch, ACTFN_HAS_FMA ? "yes" : "no", mpfr_get_version());
    std::printf("| kernel | max ULP (array) | at x | max ULP (scalar) | near root: max \\|err\\| | bound | NaN/inf "
                "mismatches | sign errors | points | within |\n");
    std::printf("|---|---|---|---|---|---|---|---|---|---|\n");
    bool ok = true;
    for (kernel fwd : forward_kernels)
    {
        const family_report f = run_family<float>(fwd, {}, l, true);
        ok = row(f.forward) && ok;
        ok = row(f.derivative) && ok;
    }
    for (kernel fwd : forward_kernels)
    {
        const family_report d = run_family<double>(fwd, {}, l, true);
        ok = row(d.forward) && ok;
        ok = row(d.derivative) && ok;
    }
    std::printf("\nmax ULP: largest finite error outside the root window, array path (the SIMD path of this "
                "build) and scalar kernel; near root: absolute error within the window, where the bound is "
                "absolute.\n%s\n",
                ok ? "All bounds of this level hold." : "Some bounds of this level are broken.");
    return ok ? 0 : 1;
}
