// actfn's benchmark suite (Google Benchmark).
//
// Rows are named <type>/<kernel>/<input distribution>/<n>, e.g.
//   f32/gelu/mixed/4096   f64/ref_eigen_erf_gelu/mixed/65536   f32/gelu/u15/16777216
// so --benchmark_filter can pick any slice.  Every row reports items/s (elements)
// and bytes/s (bytes read + written: 2 arrays forward, 3 backward), and the
// counter t_elem = CPU time per element (Google Benchmark prints it with an SI
// prefix: "220p" is 220 ps = 0.22 ns).
//
// bench/report runs this binary and turns its JSON output into the ratio table.

#include "data.hpp"
#include "kernels.hpp"

#include <benchmark/benchmark.h>

#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#ifndef ACTFN_BENCH_FLAGS
#define ACTFN_BENCH_FLAGS "unknown"
#endif
#ifndef ACTFN_BENCH_VARIANT
#define ACTFN_BENCH_VARIANT "native"
#endif

namespace {

using namespace actfn_bench;

// L1, L2, L3 and DRAM-resident working sets on the machine this was written
// for (48 KiB L1d, 2 MiB L2 per core), plus one call's fixed cost at n = 64.
const std::vector<std::size_t> sizes = {64, 4096, 65536, std::size_t(1) << 20, std::size_t(1) << 24};

template <class T>
void finish(benchmark::State& state, const kernel* k, std::size_t n)
{
    // What the row computes, in the console and in the JSON ("label"), where
    // the report picks it up.
    state.SetLabel(k->what);
    const auto iters = static_cast<std::int64_t>(state.iterations());
    state.SetItemsProcessed(iters * static_cast<std::int64_t>(n));
    state.SetBytesProcessed(iters * static_cast<std::int64_t>(n * k->bytes_per_element(sizeof(T))));
    state.counters["t_elem"] = benchmark::Counter(double(n), benchmark::Counter::kIsIterationInvariantRate |
                                                                 benchmark::Counter::kInvert);
}

template <class T>
void run_row(benchmark::State& state, const kernel* k, dist d)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    pool& p = pool::instance();
    const kernel_fn<T> fn = k->get<T>();
    T* y = p.output<T>(n);

    if (d == dist::fresh)
    {
        // A new window of the 2^20-element input (and dy) every call; the
        // output stays put, as an activation buffer in a network would.
        const T* xs = p.input<T>(fresh_pool, dist::mixed);
        const T* dys = p.input<T>(fresh_pool, dist::grad);
        std::size_t at = 0;
        for (auto _ : state)
        {
            fn(xs + at, dys + at, y, n);
            benchmark::DoNotOptimize(y);
            benchmark::ClobberMemory();
            at += n;
            if (at + n > fresh_pool)
                at = 0;
        }
        finish<T>(state, k, n);
        return;
    }

    const bool shifted = d == dist::off16;
    constexpr std::size_t shift = 16 / sizeof(T);
    const T* x = shifted ? p.input_shifted<T>(n, dist::mixed, shift) : p.input<T>(n, d);
    const T* dy = shifted ? p.input_shifted<T>(n, dist::grad, shift) : p.input<T>(n, dist::grad);
    if (shifted)
        y = p.output_shifted<T>(n, shift);
    // One untimed call brings the arrays into cache (when they fit) and the
    // code into the instruction cache, for every row alike.
    fn(x, dy, y, n);
    for (auto _ : state)
    {
        fn(x, dy, y, n);
        // The call is opaque, but the clobber keeps even a whole-program
        // optimiser from treating a repeated identical call as dead.
        benchmark::DoNotOptimize(y);
        benchmark::ClobberMemory();
    }
    finish<T>(state, k, n);
}

template <class T>
void register_type(const char* tname)
{
    for (std::size_t n : sizes)
    {
        for (const kernel& k : kernels())
        {
            std::vector<dist> dists = {dist::mixed};
            // The input-distribution variants: only exact GELU, whose kernel
            // may take a data-dependent fast path for small |x|.
            if (row_name(k) == "gelu" || row_name(k) == "gelu_backward")
                dists.insert(dists.end(), {dist::u6, dist::u15});
            // Unrepeated input where it makes a difference: the in-cache
            // sizes (2^20 and up are not repeated within the predictor's
            // reach anyway), single precision only, to keep the run short.
            if (sizeof(T) == 4 && (n == 4096 || n == 65536))
                dists.push_back(dist::fresh);
            if (sizeof(T) == 4 && (n == 64 || n == 4096 || n == 65536))
                dists.push_back(dist::n1);
            if (sizeof(T) == 4 && n == 4096)
                dists.push_back(dist::off16);
            for (dist d : dists)
            {
                const std::string name = std::string(tname) + "/" + row_name(k) + "/" + dist_name(d);
                benchmark::RegisterBenchmark(name.c_str(), &run_row<T>, &k, d)
                    ->Arg(static_cast<std::int64_t>(n));
            }
        }
    }
}

const char* compiler()
{
#if defined(__clang__)
    return "clang++ " __clang_version__;
#elif defined(__GNUC__)
    return "g++ " __VERSION__;
#else
    return "unknown compiler";
#endif
}

bool has_flag(int argc, char** argv, const char* flag)
{
    const std::size_t len = std::strlen(flag);
    for (int i = 1; i < argc; ++i)
        if (std::strncmp(argv[i], flag, len) == 0 && (argv[i][len] == '=' || argv[i][len] == '\0'))
            return true;
    return false;
}

} // namespace

int main(int argc, char** argv)
{
    // Defaults that keep a full run short on a shared machine: 0.1 s per row
    // is enough for the n <= 2^20 rows, and at 2^24 (a few tens of ms per
    // call) still gives a few timed calls.  A flag given on the command line
    // replaces the default; Google Benchmark keeps the last value it parses.
    std::vector<char*> args(argv, argv + argc);
    std::string min_time = "--benchmark_min_time=0.1";
    if (!has_flag(argc, argv, "--benchmark_min_time"))
        args.insert(args.begin() + 1, &min_time[0]);
    int args_count = static_cast<int>(args.size());
    args.push_back(nullptr);

    register_type<float>("f32");
    register_type<double>("f64");

    benchmark::AddCustomContext("actfn_variant", ACTFN_BENCH_VARIANT);
    benchmark::AddCustomContext("actfn_compiler", compiler());
    benchmark::AddCustomContext("actfn_flags", ACTFN_BENCH_FLAGS);
#if ACTFN_BENCH_XSIMD
    benchmark::AddCustomContext("actfn_simd", std::string("xsimd ") + xsimd::default_arch::name() + ", " +
                                                  std::to_string(xsimd::batch<float>::size) + " floats per batch");
#else
    benchmark::AddCustomContext("actfn_simd", "none (scalar)");
#endif
    benchmark::AddCustomContext("actfn_baselines", baselines_description());
    benchmark::AddCustomContext("actfn_data", dist_description());
    benchmark::AddCustomContext("actfn_bytes", "bytes/s counts bytes read + written: 2n*sizeof(T) forward, "
                                               "3n*sizeof(T) backward");

    benchmark::Initialize(&args_count, args.data());
    if (benchmark::ReportUnrecognizedArguments(args_count, args.data()))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
