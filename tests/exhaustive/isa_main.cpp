// main() of actfn_exhaustive and its per-target builds (actfn_exhaustive_<isa>):
// the only translation unit compiled with the target's flags.  It runs actfn's
// array API (the SIMD path of this build) through the tests' own dispatcher
// (support/kernels.hpp) and hands the outputs to the checker.

#include "checker.hpp"

#include "support/kernels.hpp"

#include <cstdio>
#include <string>

#ifndef ACTFN_EXH_BUILD_NAME
#define ACTFN_EXH_BUILD_NAME "default"
#endif

namespace {

template <class T>
void compute(actfn_ref::kernel k, const T* x, const T* ones, T* y, std::size_t n)
{
    const actfn_ref::kernel fwd = actfn_ref::forward_of(k);
    if (actfn_ref::is_derivative(k))
        actfn_test::array_backward<T>(fwd, x, ones, y, n);
    else
        actfn_test::array_forward<T>(fwd, x, y, n);
}

// The instruction sets this executable was compiled for that the CPU lacks
// (such a build cannot run here: exit 77, which ctest reports as skipped).
const char* missing_isa()
{
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    __builtin_cpu_init();
    struct need
    {
        bool compiled;
        const char* name;
    };
    const need needs[] = {
#if defined(__AVX512F__)
        {true, "avx512f"},
#endif
#if defined(__AVX512DQ__)
        {true, "avx512dq"},
#endif
#if defined(__AVX512BW__)
        {true, "avx512bw"},
#endif
#if defined(__AVX512VL__)
        {true, "avx512vl"},
#endif
#if defined(__AVX512CD__)
        {true, "avx512cd"},
#endif
#if defined(__AVX2__)
        {true, "avx2"},
#endif
#if defined(__FMA__)
        {true, "fma"},
#endif
#if defined(__AVX__)
        {true, "avx"},
#endif
#if defined(__SSE4_1__)
        {true, "sse4.1"},
#endif
        {false, ""}};
    // __builtin_cpu_supports needs a string literal: test each name here.
    for (const need& n : needs)
    {
        if (!n.compiled)
            continue;
        const std::string s = n.name;
        const bool ok = s == "avx512f"    ? __builtin_cpu_supports("avx512f")
                        : s == "avx512dq" ? __builtin_cpu_supports("avx512dq")
                        : s == "avx512bw" ? __builtin_cpu_supports("avx512bw")
                        : s == "avx512vl" ? __builtin_cpu_supports("avx512vl")
                        : s == "avx512cd" ? __builtin_cpu_supports("avx512cd")
                        : s == "avx2"     ? __builtin_cpu_supports("avx2")
                        : s == "fma"      ? __builtin_cpu_supports("fma")
                        : s == "avx"      ? __builtin_cpu_supports("avx")
                                          : __builtin_cpu_supports("sse4.1");
        if (!ok)
            return n.name;
    }
#endif
    return nullptr;
}

} // namespace

int main(int argc, char** argv)
{
    if (const char* isa = missing_isa())
    {
        std::printf("This CPU lacks %s, which this build (%s) was compiled for: skipped.\n", isa, ACTFN_EXH_BUILD_NAME);
        return 77;
    }
#if ACTFN_SIMD
    const char* arch = xsimd::default_arch::name();
#else
    const char* arch = "scalar";
#endif
    const actfn_exh::build_info build{ACTFN_EXH_BUILD_NAME, arch, ACTFN_SIMD != 0, ACTFN_HAS_FMA != 0};
    return actfn_exh::run(argc, argv, build, compute<float>, compute<double>);
}
