// The first thing a test executable built for an instruction set runs: if
// this CPU lacks one the executable was compiled for, it says so and exits
// with 77 (ctest: skipped) before any static initializer of the other
// files runs.  Those are compiled with the target's flags, and the compiler
// may use the wider instructions anywhere in them: GoogleTest's test
// registration in actfn_tests_avx512 died with SIGILL on an AVX2-only CPU
// before main() could check.  This file is compiled without target flags;
// the features to check come as definitions (ACTFN_GATE_<FEATURE>=1,
// tests/CMakeLists.txt), and the check runs in a constructor of priority
// 101, which the linker orders before the default-priority ones.

#include <cstdio>
#include <cstdlib>

#if defined(__x86_64__) || defined(__i386__)
#include <cpuid.h>
#endif

namespace {

const char* missing_feature()
{
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    __builtin_cpu_init();
#if ACTFN_GATE_AVX512F
    if (!__builtin_cpu_supports("avx512f"))
        return "avx512f";
#endif
#if ACTFN_GATE_AVX512CD
    if (!__builtin_cpu_supports("avx512cd"))
        return "avx512cd";
#endif
#if ACTFN_GATE_AVX512DQ
    if (!__builtin_cpu_supports("avx512dq"))
        return "avx512dq";
#endif
#if ACTFN_GATE_AVX512BW
    if (!__builtin_cpu_supports("avx512bw"))
        return "avx512bw";
#endif
#if ACTFN_GATE_AVX512VL
    if (!__builtin_cpu_supports("avx512vl"))
        return "avx512vl";
#endif
#if ACTFN_GATE_AVX2
    if (!__builtin_cpu_supports("avx2"))
        return "avx2";
#endif
#if ACTFN_GATE_FMA
    if (!__builtin_cpu_supports("fma") || !__builtin_cpu_supports("avx"))
        return "fma";
#endif
#if ACTFN_GATE_SSE4_1
    if (!__builtin_cpu_supports("sse4.1"))
        return "sse4.1";
#endif
#if ACTFN_GATE_F16C
    {
        // CPUID leaf 1, ECX bit 29 (Clang 14's builtin lacks "f16c").
        unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
        if (__get_cpuid(1, &eax, &ebx, &ecx, &edx) == 0 || (ecx & (1u << 29)) == 0)
            return "f16c";
    }
#endif
#endif
    return nullptr;
}

__attribute__((constructor(101))) void skip_if_cpu_lacks_features()
{
    if (const char* feature = missing_feature())
    {
        std::printf("This CPU lacks %s, which this test executable was compiled for: skipped.\n", feature);
        // No outputs from this build: drop a stale file so that the
        // cross-build comparison does not read an old run's.
        if (const char* out = std::getenv("ACTFN_ISA_OUTPUT"))
            std::remove(out);
        std::fflush(stdout);
        std::_Exit(77);
    }
}

} // namespace
