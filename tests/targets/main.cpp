// The program around tests/targets/entry.cpp: prints the hash of the entry
// named on the command line (sse2, avx2 or avx512), or exits 77 (skipped) when the
// CPU cannot run it.  Compiled with the baseline flags; the entries are
// linked in the order CMake lists them.

#include <cstdint>
#include <cstdio>
#include <cstring>

#if ACTFN_TEST_HAS_SSE2
std::uint64_t entry_sse2() noexcept;
#endif
#if ACTFN_TEST_HAS_AVX2
std::uint64_t entry_avx2() noexcept;
#endif
#if ACTFN_TEST_HAS_AVX512
std::uint64_t entry_avx512() noexcept;
#endif

int main(int argc, char** argv)
{
    if (argc < 2)
        return 2;
#if ACTFN_TEST_HAS_SSE2
    if (std::strcmp(argv[1], "sse2") == 0)
    {
        std::printf("%016llx\n", static_cast<unsigned long long>(entry_sse2()));
        return 0;
    }
#endif
#if ACTFN_TEST_HAS_AVX2
    if (std::strcmp(argv[1], "avx2") == 0)
    {
        __builtin_cpu_init();
        if (!__builtin_cpu_supports("avx2") || !__builtin_cpu_supports("fma"))
        {
            std::puts("no AVX2 and FMA on this CPU");
            return 77;
        }
        std::printf("%016llx\n", static_cast<unsigned long long>(entry_avx2()));
        return 0;
    }
#endif
#if ACTFN_TEST_HAS_AVX512
    if (std::strcmp(argv[1], "avx512") == 0)
    {
        __builtin_cpu_init();
        if (!__builtin_cpu_supports("avx512f") || !__builtin_cpu_supports("avx512bw") ||
            !__builtin_cpu_supports("avx512dq") || !__builtin_cpu_supports("avx512vl"))
        {
            std::puts("no AVX-512 on this CPU");
            return 77;
        }
        std::printf("%016llx\n", static_cast<unsigned long long>(entry_avx512()));
        return 0;
    }
#endif
    return 2;
}
