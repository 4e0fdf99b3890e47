// actfn_isa_compare FILE...: compares the outputs written by each ISA build's
// IsaOutputs.Write.  Builds whose scalar path and xsimd fma round once (FMA)
// must agree bit for bit with one another, and so must the builds without FMA
// (the scalar and SIMD paths of one build agree by contract, and the no-FMA
// builds run the same scalar code).  Between the two groups results may differ
// (a*b+c rounds twice): how many values differ and by how many ULP is printed,
// and does not fail.  NaNs compare equal whatever their payload.
// Exit status: 0 when every group agrees, 1 otherwise (or on a bad file, or
// fewer than two files).  An absent file (a build the CPU cannot run) is
// reported and left out.

#include "actfn_reference.hpp"

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

namespace {

struct series
{
    std::vector<double> x, y; // widened to double: exact for float
};

struct build
{
    std::string file, header;
    bool fma = false;
    std::vector<series> f32, f64; // per kernel
};

template <class T>
bool read_series(std::FILE* f, series& s)
{
    std::uint64_t n = 0;
    if (std::fread(&n, sizeof n, 1, f) != 1 || n > (1ull << 28))
        return false;
    std::vector<T> x(n), y(n);
    if (std::fread(x.data(), sizeof(T), n, f) != n || std::fread(y.data(), sizeof(T), n, f) != n)
        return false;
    s.x.assign(x.begin(), x.end());
    s.y.assign(y.begin(), y.end());
    return true;
}

bool read_build(const char* path, build& b)
{
    std::FILE* f = std::fopen(path, "rb");
    if (f == nullptr)
        return false;
    b.file = path;
    char line[256] = {};
    if (std::fgets(line, sizeof line, f) == nullptr || std::strncmp(line, "actfn-isa-outputs 1 ", 20) != 0)
    {
        std::fclose(f);
        return false;
    }
    b.header = line;
    while (!b.header.empty() && b.header.back() == '\n')
        b.header.pop_back();
    b.fma = std::strstr(line, " fma=1 ") != nullptr;
    b.f32.resize(actfn_ref::kernel_count);
    b.f64.resize(actfn_ref::kernel_count);
    bool ok = true;
    for (int k = 0; k < actfn_ref::kernel_count && ok; ++k)
        ok = read_series<float>(f, b.f32[k]) && read_series<double>(f, b.f64[k]);
    std::fclose(f);
    return ok;
}

bool same(double a, double b)
{
    return (std::isnan(a) && std::isnan(b)) || (a == b && std::signbit(a) == std::signbit(b));
}

struct diff_stats
{
    std::size_t differ = 0, total = 0;
    double max_ulp = 0, at_x = 0;
};

diff_stats compare(const series& base, const series& other, actfn_ref::format fmt)
{
    diff_stats d;
    mpfr_t e;
    mpfr_init2(e, 64);
    for (std::size_t i = 0; i < base.y.size() && i < other.y.size(); ++i)
    {
        ++d.total;
        if (same(base.y[i], other.y[i]))
            continue;
        ++d.differ;
        // ULP distance, in ULPs of the first build's value.
        mpfr_set_d(e, base.y[i], MPFR_RNDN);
        if (std::isnan(base.y[i]))
            mpfr_set_nan(e);
        const double u = actfn_ref::ulp_error(e, other.y[i], fmt);
        if (u > d.max_ulp || std::isnan(u))
        {
            d.max_ulp = u;
            d.at_x = base.x[i];
        }
    }
    mpfr_clear(e);
    return d;
}

} // namespace

int main(int argc, char** argv)
{
    std::vector<build> builds;
    for (int i = 1; i < argc; ++i)
    {
        build b;
        std::FILE* probe = std::fopen(argv[i], "rb");
        if (probe == nullptr)
        {
            // A build this CPU cannot run writes nothing (its tests are skipped).
            std::printf("%s: absent (build skipped on this CPU?), not compared\n", argv[i]);
            continue;
        }
        std::fclose(probe);
        if (!read_build(argv[i], b))
        {
            std::printf("cannot read %s\n", argv[i]);
            return 1;
        }
        std::printf("%s: %s\n", b.file.c_str(), b.header.c_str());
        builds.push_back(std::move(b));
    }
    if (builds.size() < 2)
    {
        std::printf("need at least two builds\n");
        return 1;
    }
    // Inputs must be identical everywhere, or the comparison means nothing.
    for (const build& b : builds)
        for (int k = 0; k < actfn_ref::kernel_count; ++k)
            if (b.f32[k].x.size() != builds[0].f32[k].x.size() || b.f64[k].x.size() != builds[0].f64[k].x.size() ||
                std::memcmp(b.f32[k].x.data(), builds[0].f32[k].x.data(), b.f32[k].x.size() * sizeof(double)) != 0 ||
                std::memcmp(b.f64[k].x.data(), builds[0].f64[k].x.data(), b.f64[k].x.size() * sizeof(double)) != 0)
            {
                std::printf("%s swept other inputs than %s\n", b.file.c_str(), builds[0].file.c_str());
                return 1;
            }

    int failures = 0;
    const build* first[2] = {nullptr, nullptr}; // [no FMA, FMA]
    for (const build& b : builds)
    {
        const build*& base = first[b.fma ? 1 : 0];
        if (base == nullptr)
        {
            base = &b;
            continue;
        }
        // Same group: bit for bit.
        for (int k = 0; k < actfn_ref::kernel_count; ++k)
            for (int t = 0; t < 2; ++t)
            {
                const actfn_ref::format fmt = t == 0 ? actfn_ref::format::binary32 : actfn_ref::format::binary64;
                const diff_stats d = t == 0 ? compare(base->f32[k], b.f32[k], fmt) : compare(base->f64[k], b.f64[k], fmt);
                if (d.differ != 0)
                {
                    ++failures;
                    std::printf("FAIL %s vs %s, %s %s: %zu of %zu values differ (max %.3g ULP at x = %a)\n",
                                b.file.c_str(), base->file.c_str(), actfn_ref::name(static_cast<actfn_ref::kernel>(k)),
                                t == 0 ? "float" : "double", d.differ, d.total, d.max_ulp, d.at_x);
                }
            }
    }
    if (failures == 0)
        std::printf("every FMA build agrees bit for bit, and so does every build without FMA\n");

    if (first[0] != nullptr && first[1] != nullptr)
    {
        std::printf("\nwithout FMA (%s) vs with FMA (%s), allowed to differ:\n", first[0]->file.c_str(),
                    first[1]->file.c_str());
        std::printf("| kernel | type | values differing | max ULP difference | at x |\n|---|---|---|---|---|\n");
        for (int k = 0; k < actfn_ref::kernel_count; ++k)
            for (int t = 0; t < 2; ++t)
            {
                const actfn_ref::format fmt = t == 0 ? actfn_ref::format::binary32 : actfn_ref::format::binary64;
                const diff_stats d = t == 0 ? compare(first[1]->f32[k], first[0]->f32[k], fmt)
                                            : compare(first[1]->f64[k], first[0]->f64[k], fmt);
                std::printf("| %s | %s | %zu of %zu | %.3g | %a |\n", actfn_ref::name(static_cast<actfn_ref::kernel>(k)),
                            t == 0 ? "float" : "double", d.differ, d.total, d.max_ulp, d.at_x);
            }
    }
    return failures == 0 ? 0 : 1;
}
