// main() of the kernel test executables: GoogleTest, after checking that this
// CPU runs the instruction sets the executable was compiled for.  An ISA build
// the CPU cannot run exits with 77, which ctest reports as skipped (not passed).

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>

namespace {

const char* missing_isa()
{
#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
    __builtin_cpu_init();
#if defined(__AVX512F__)
    if (!__builtin_cpu_supports("avx512f"))
        return "avx512f";
#endif
#if defined(__AVX512DQ__)
    if (!__builtin_cpu_supports("avx512dq"))
        return "avx512dq";
#endif
#if defined(__AVX512BW__)
    if (!__builtin_cpu_supports("avx512bw"))
        return "avx512bw";
#endif
#if defined(__AVX512VL__)
    if (!__builtin_cpu_supports("avx512vl"))
        return "avx512vl";
#endif
#if defined(__AVX2__)
    if (!__builtin_cpu_supports("avx2"))
        return "avx2";
#endif
#if defined(__FMA__)
    if (!__builtin_cpu_supports("fma"))
        return "fma";
#endif
#if defined(__AVX__)
    if (!__builtin_cpu_supports("avx"))
        return "avx";
#endif
#if defined(__SSE4_1__)
    if (!__builtin_cpu_supports("sse4.1"))
        return "sse4.1";
#endif
#endif
    return nullptr;
}

} // namespace

int main(int argc, char** argv)
{
    if (const char* isa = missing_isa())
    {
        std::printf("This CPU lacks %s, which this test executable was compiled for: skipped.\n", isa);
        // No outputs from this build: drop a stale file so that the
        // cross-build comparison does not read an old run's.
        if (const char* out = std::getenv("ACTFN_ISA_OUTPUT"))
            std::remove(out);
        return 77;
    }
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
