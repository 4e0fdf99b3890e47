// The dispatched library's entry points (<actfn/dispatch.hpp>): at the first
// call, the widest target the CPU and the OS support among those built in
// (ACTFN_DISPATCH_WITH_<target>, src/dispatch/CMakeLists.txt), or the one
// the environment variable ACTFN_TARGET names; set_target changes it; then
// one atomic load and one indirect call per array call.
// Compiled with the baseline flags: nothing here may need more.

#include "kernel_table.hpp"

#include <actfn/dispatch.hpp>

#include <atomic>
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

constexpr std::size_t candidate_count = sizeof(candidates) / sizeof(candidates[0]);

// One choice per target built in, made once (each table() is a static).
struct all_choices
{
    choice c[candidate_count];
};
const all_choices& choices() noexcept
{
    static const all_choices all = [] {
        all_choices a{};
        for (std::size_t k = 0; k < candidate_count; ++k)
            a.c[k] = {&candidates[k].table(), candidates[k].name};
        return a;
    }();
    return all;
}

// "sse2, avx2_fma, avx512": the targets this CPU runs, for the messages.
void print_supported(std::FILE* f) noexcept
{
    const char* sep = "";
    for (const candidate& c : candidates)
    {
        if (!c.runs())
            break;
        std::fprintf(f, "%s%s", sep, c.name);
        sep = ", ";
    }
}

// The index of the target called `name`, or candidate_count; whether this
// CPU runs it goes to runs.
std::size_t find_target(const char* name, bool& runs) noexcept
{
    runs = false;
    for (std::size_t k = 0; k < candidate_count; ++k)
    {
        if (std::strcmp(name, candidates[k].name) == 0)
        {
            // The targets are ordered, each needing what the one before needs.
            runs = true;
            for (std::size_t m = 0; m <= k && runs; ++m)
                runs = candidates[m].runs();
            return k;
        }
    }
    return candidate_count;
}

// The first choice: the widest target the CPU runs, or the one
// ACTFN_TARGET names when the CPU runs it (else a line on stderr, and the
// widest).
std::size_t choose() noexcept
{
    std::size_t best = 0;
    while (best + 1 < candidate_count && candidates[best + 1].runs())
        ++best;
    const char* name = std::getenv("ACTFN_TARGET");
    if (name == nullptr || *name == '\0')
        return best;
    bool runs = false;
    const std::size_t k = find_target(name, runs);
    if (k < candidate_count && runs)
        return k;
    std::fprintf(stderr, "actfn::dispatch: ACTFN_TARGET=%s %s; using %s (supported: ", name,
                 k < candidate_count ? "is not supported by this CPU" : "names no target of this library",
                 candidates[best].name);
    print_supported(stderr);
    std::fputs(")\n", stderr);
    return best;
}

// The choice in use: set at the first call, changed only by set_target.
// Each call reads it once, so a call that races with set_target runs wholly
// on the old target or wholly on the new one.
std::atomic<const choice*>& current_choice() noexcept
{
    static std::atomic<const choice*> c{&choices().c[choose()]}; // thread-safe, once
    return c;
}

const choice& current() noexcept
{
    return *current_choice().load(std::memory_order_acquire);
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

const char* active_target() noexcept
{
    return detail::current().name;
}

bool set_target(const char* name) noexcept
{
    if (name == nullptr)
    {
        std::fputs("actfn::dispatch::set_target: null name (supported: ", stderr);
        detail::print_supported(stderr);
        std::fputs(")\n", stderr);
        return false;
    }
    bool runs = false;
    const std::size_t k = detail::find_target(name, runs);
    if (k == detail::candidate_count || !runs)
    {
        std::fprintf(stderr, "actfn::dispatch::set_target(\"%s\"): %s; the target stays %s (supported: ", name,
                     k < detail::candidate_count ? "not supported by this CPU" : "no target of this library",
                     detail::current().name);
        detail::print_supported(stderr);
        std::fputs(")\n", stderr);
        return false;
    }
    detail::current_choice().store(&detail::choices().c[k], std::memory_order_release);
    return true;
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
