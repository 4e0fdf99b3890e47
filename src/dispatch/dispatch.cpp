// The dispatched library's entry points (<actfn/dispatch.hpp>): at the first
// call, the widest target the CPU and the OS support among those built in
// (ACTFN_DISPATCH_WITH_<target>, src/dispatch/CMakeLists.txt), capped by the
// environment variable ACTFN_DISPATCH; then one indirect call per array call.
// Compiled with the baseline flags: nothing here may need more.

#include "kernel_table.hpp"

#include <actfn/dispatch.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#if defined(__x86_64__) || defined(_M_X64)
#include <cpuid.h>
#endif
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#include <stdexcept>
#include <string>
#define ACTFN_DISPATCH_EXCEPTIONS 1
#else
#define ACTFN_DISPATCH_EXCEPTIONS 0
#endif

namespace actfn {
namespace dispatch {
namespace detail {
namespace {

struct choice
{
    const kernel_table* table;
    const char* name;
};

// The targets built in, narrowest first, with whether this CPU runs them.
// GCC's and Clang's __builtin_cpu_supports check the OS's support too (the
// AVX and AVX-512 register state enabled in XCR0).
struct candidate
{
    const char* name;
    const kernel_table& (*table)() noexcept;
    bool (*runs)() noexcept;
};

#if defined(__x86_64__) || defined(_M_X64)
bool always() noexcept { return true; }
// F16C (CPUID leaf 1, ECX bit 29), read directly: Clang 14's
// __builtin_cpu_supports does not know the feature name "f16c".  F16C needs
// the AVX register state, which the avx2 / avx512f checks below cover.
bool cpu_has_f16c() noexcept
{
    unsigned eax = 0, ebx = 0, ecx = 0, edx = 0;
    return __get_cpuid(1, &eax, &ebx, &ecx, &edx) != 0 && (ecx & (1u << 29)) != 0;
}
#if ACTFN_DISPATCH_WITH_AVX2_FMA
bool runs_avx2_fma() noexcept
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && cpu_has_f16c();
}
#endif
#if ACTFN_DISPATCH_WITH_AVX512
bool runs_avx512() noexcept
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("avx512cd") &&
           __builtin_cpu_supports("avx512bw") && __builtin_cpu_supports("avx512dq") &&
           __builtin_cpu_supports("avx512vl") && __builtin_cpu_supports("fma") && cpu_has_f16c();
}
#endif
const candidate candidates[] = {
    {"sse2", &table_sse2, &always},
#if ACTFN_DISPATCH_WITH_AVX2_FMA
    {"avx2_fma", &table_avx2_fma, &runs_avx2_fma},
#endif
#if ACTFN_DISPATCH_WITH_AVX512
    {"avx512", &table_avx512, &runs_avx512},
#endif
};
#elif defined(__aarch64__) || defined(_M_ARM64)
bool always() noexcept { return true; }
const candidate candidates[] = {{"neon", &table_neon, &always}};
#else
bool always() noexcept { return true; }
const candidate candidates[] = {{"generic", &table_generic, &always}};
#endif

choice choose() noexcept
{
    const char* cap = std::getenv("ACTFN_DISPATCH");
    bool cap_known = cap == nullptr || *cap == '\0';
    const candidate* best = &candidates[0];
    for (const candidate& c : candidates)
    {
        if (!c.runs())
            break;
        best = &c;
        if (cap != nullptr && std::strcmp(cap, c.name) == 0)
        {
            cap_known = true;
            break;
        }
    }
    if (!cap_known)
    {
        bool built = false;
        for (const candidate& c : candidates)
            built = built || std::strcmp(cap, c.name) == 0;
        std::fprintf(stderr, "actfn::dispatch: ACTFN_DISPATCH=%s %s; using %s\n", cap,
                     built ? "is not supported by this CPU" : "names no target of this library", best->name);
    }
    return {&best->table(), best->name};
}

const choice& current() noexcept
{
    static const choice c = choose(); // thread-safe, once
    return c;
}

} // namespace

[[noreturn]] void span_size_mismatch(const char* function, const char* name, std::size_t size, const char* first,
                                     std::size_t first_size)
{
#if ACTFN_DISPATCH_EXCEPTIONS
    throw std::invalid_argument(std::string("actfn::dispatch::") + function + ": " + name + " has " +
                                std::to_string(size) + " elements, " + first + " has " + std::to_string(first_size));
#else
    std::fprintf(stderr, "actfn::dispatch::%s: %s has %zu elements, %s has %zu\n", function, name, size, first,
                 first_size);
    std::abort();
#endif
}

} // namespace detail

const char* target() noexcept
{
    return detail::current().name;
}

#define ACTFN_DISPATCH_DEFINE(field, params, fn, args)                                                       \
    void fn params noexcept                                                                                  \
    {                                                                                                        \
        detail::current().table->field args;                                                                 \
    }
ACTFN_DISPATCH_FORMS(ACTFN_DISPATCH_DEFINE)
#undef ACTFN_DISPATCH_DEFINE

} // namespace dispatch
} // namespace actfn
