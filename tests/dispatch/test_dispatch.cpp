// The dispatched library (include/actfn/dispatch.hpp).  Run by ctest with
// ACTFN_TARGET unset (the widest target the CPU supports), set to each
// target, and set to a name that is no target, natively and under qemu's
// older CPUs (tests/CMakeLists.txt); ACTFN_TEST_EXPECT_TARGET names the target
// the run must end up on.  Compiled with the baseline flags, like any
// program that ships one binary.
//  - active_target() is the expected one;
//  - set_target() switches to every target the CPU runs (each then gives its
//    reference's bits) and refuses null, unknown and unsupported names,
//    keeping the target;
//  - every form gives the bits of the header-only form compiled for that
//    target (reference.cpp, built once per target; only the chosen target's
//    reference is run, so the test runs on CPUs without the others);
//  - the span overloads report a size mismatch.

#include "forms_hash.hpp"

#include <actfn/dispatch.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>
#if defined(__x86_64__)
#include <cpuid.h>
#endif

namespace actfn_dispatch_test {

ACTFN_TEST_API(dispatch_api, ::actfn::dispatch)

#if ACTFN_TEST_HAS_SSE2
std::uint64_t reference_sse2() noexcept;
#endif
#if ACTFN_TEST_HAS_AVX2_FMA
std::uint64_t reference_avx2_fma() noexcept;
#endif
#if ACTFN_TEST_HAS_AVX512
std::uint64_t reference_avx512() noexcept;
#endif
#if ACTFN_TEST_HAS_NEON
std::uint64_t reference_neon() noexcept;
#endif

bool reference_of(const std::string& target, std::uint64_t& h)
{
#if ACTFN_TEST_HAS_SSE2
    if (target == "sse2")
        return h = reference_sse2(), true;
#endif
#if ACTFN_TEST_HAS_AVX2_FMA
    if (target == "avx2_fma")
        return h = reference_avx2_fma(), true;
#endif
#if ACTFN_TEST_HAS_AVX512
    if (target == "avx512")
        return h = reference_avx512(), true;
#endif
#if ACTFN_TEST_HAS_NEON
    if (target == "neon")
        return h = reference_neon(), true;
#endif
    (void)target;
    (void)h;
    return false;
}

// The widest target this CPU supports, by the test's own reading of CPUID
// (GCC's and Clang's builtins), for ACTFN_TEST_EXPECT_TARGET=best.
std::string best_target()
{
#if defined(__x86_64__)
    __builtin_cpu_init();
    const bool avx512 = __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
                        __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
                        __builtin_cpu_supports("avx512vl");
    // F16C by CPUID leaf 1, ECX bit 29: Clang 14's builtin lacks "f16c".
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    const bool f16c = __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0 && (ecx & (1u << 29)) != 0;
    const bool avx2 = __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && f16c;
    return avx512 && avx2 ? "avx512" : avx2 ? "avx2_fma" : "sse2";
#elif defined(__aarch64__)
    return "neon";
#else
    return "generic";
#endif
}

// Whether the CPU runs target t (a target narrower than the best one).
bool cpu_runs(const std::string& t)
{
    static const char* const order[] = {"sse2", "avx2_fma", "avx512"};
    const std::string best = best_target();
    int it = -1, ib = -1;
    for (int i = 0; i < 3; ++i)
    {
        it = t == order[i] ? i : it;
        ib = best == order[i] ? i : ib;
    }
    return it < 0 || ib < 0 ? t == best : it <= ib;
}

} // namespace actfn_dispatch_test

int main()
{
    using namespace actfn_dispatch_test;
    int failures = 0;
    const std::string target = actfn::dispatch::active_target();
    const char* env = std::getenv("ACTFN_TEST_EXPECT_TARGET");
    std::string expect = env != nullptr ? env : "";
    if (expect == "best")
        expect = best_target();
    std::printf("actfn::dispatch::active_target() = %s (ACTFN_TARGET=%s)\n", target.c_str(),
                std::getenv("ACTFN_TARGET") ? std::getenv("ACTFN_TARGET") : "unset");
    if (!expect.empty() && !cpu_runs(expect))
    {
        std::printf("this CPU does not run %s: skipped\n", expect.c_str());
        return 77;
    }
    if (!expect.empty() && target != expect)
    {
        std::printf("FAIL: expected target %s\n", expect.c_str());
        ++failures;
    }
    std::uint64_t want = 0;
    if (!reference_of(target, want))
    {
        std::printf("FAIL: no reference for target %s\n", target.c_str());
        return 1;
    }
#if ACTFN_TEST_HAS_AVX2_FMA && ACTFN_TEST_HAS_AVX512
    // The FMA targets give the same bits (README, "Accuracy"): checked
    // wherever the CPU runs both.
    if (cpu_runs("avx512"))
    {
        const std::uint64_t a = reference_avx2_fma(), b = reference_avx512();
        if (a != b)
        {
            std::printf("FAIL: header-only avx2_fma %016llx and avx512 %016llx differ\n",
                        static_cast<unsigned long long>(a), static_cast<unsigned long long>(b));
            ++failures;
        }
    }
#endif
    const std::uint64_t got = hash_all<dispatch_api>();
    std::printf("hash of every form: dispatched %016llx, header-only for %s %016llx\n",
                static_cast<unsigned long long>(got), target.c_str(), static_cast<unsigned long long>(want));
    if (got != want)
    {
        std::puts("FAIL: the dispatched forms differ from the header-only forms of their target");
        ++failures;
    }
    // set_target: every target of the architecture, then names it refuses.
    static const char* const targets[] = {"sse2", "avx2_fma", "avx512", "neon", "generic"};
    for (const char* t : targets)
    {
        // The reference runs its target's code: only on a CPU that runs it.
        std::uint64_t ref = 0;
        const bool runs = cpu_runs(t) && reference_of(t, ref);
        const std::string before = actfn::dispatch::active_target();
        const bool accepted = actfn::dispatch::set_target(t);
        const std::string now = actfn::dispatch::active_target();
        if (accepted != runs || now != (runs ? std::string(t) : before))
        {
            std::printf("FAIL: set_target(\"%s\") returned %d, target %s (built and run by this CPU: %d)\n", t,
                        int(accepted), now.c_str(), int(runs));
            ++failures;
            continue;
        }
        if (runs)
        {
            const std::uint64_t h = hash_all<dispatch_api>();
            std::printf("set_target(\"%s\"): hash %016llx\n", t, static_cast<unsigned long long>(h));
            if (h != ref)
            {
                std::printf("FAIL: after set_target(\"%s\") the forms differ from its header-only forms\n", t);
                ++failures;
            }
        }
    }
    for (const char* bad : {static_cast<const char*>(nullptr), "avx9000", "", "AVX512"})
    {
        const std::string before = actfn::dispatch::active_target();
        if (actfn::dispatch::set_target(bad) || before != actfn::dispatch::active_target())
        {
            std::printf("FAIL: set_target(%s) was accepted or changed the target\n", bad ? bad : "nullptr");
            ++failures;
        }
    }
    actfn::dispatch::set_target(target.c_str());

#if ACTFN_DISPATCH_HAS_SPAN
    std::vector<float> x(10, 0.5f), y(9);
    try
    {
        actfn::dispatch::gelu(std::span<const float>(x), std::span<float>(y));
        std::puts("FAIL: span size mismatch not reported");
        ++failures;
    }
    catch (const std::invalid_argument& e)
    {
        if (std::strcmp(e.what(), "actfn::dispatch::gelu: y has 9 elements, x has 10") != 0)
        {
            std::printf("FAIL: span message '%s'\n", e.what());
            ++failures;
        }
    }
#endif
    std::puts(failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
