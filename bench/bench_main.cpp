// actfn's benchmark suite (Google Benchmark).
//
// Rows are named <type>/<kernel>/<input distribution>/<n>, e.g.
//   f32/gelu/n1/4096   f64/ref_eigen_erf_gelu/mixed/65536   bf16/ref_onednn_gelu/t3/65536
// so --benchmark_filter can pick any slice.  At n = 4096 and 65536 every row
// runs on the five distributions of data.hpp's `matrix`; the rows of oneDNN
// and PyTorch (external.hpp) are in the binary when it was built with them.
// Every row reports items/s (elements) and bytes/s (bytes read + written: 2
// arrays forward, 3 backward), and the counter t_elem = CPU time per element
// (Google Benchmark prints it with an SI prefix: "220p" is 220 ps = 0.22 ns).
//
// bench/report runs this binary and turns its JSON output into the ratio table.
//
//   actfn_bench --actfn_threads    instead of benchmarks: runs each oneDNN and
//                                  PyTorch row for a moment and prints how many
//                                  of the process's threads got CPU time (Linux)

#include "data.hpp"
#include "external.hpp"
#include "kernels.hpp"

#include <benchmark/benchmark.h>

#include <chrono>
#include <cstddef>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <memory>
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

// The sizes of the oneDNN and PyTorch rows: the two of the matrix and DRAM.
const std::vector<std::size_t> external_sizes = {4096, 65536, std::size_t(1) << 24};

void finish(benchmark::State& state, const std::string& what, std::size_t n, std::size_t bytes_per_element)
{
    // What the row computes, in the console and in the JSON ("label"), where
    // the report picks it up.
    state.SetLabel(what);
    const auto iters = static_cast<std::int64_t>(state.iterations());
    state.SetItemsProcessed(iters * static_cast<std::int64_t>(n));
    state.SetBytesProcessed(iters * static_cast<std::int64_t>(n * bytes_per_element));
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
        finish(state, k->what, n, k->bytes_per_element(sizeof(T)));
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
    finish(state, k->what, n, k->bytes_per_element(sizeof(T)));
}

// A oneDNN or PyTorch row: bound to the float arrays of distribution d (the
// same arrays as the f32 rows of ours), outside the timed loop.
void run_external(benchmark::State& state, const external_row* r, dist d)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    pool& p = pool::instance();
    std::string why;
    const std::unique_ptr<external_call> call =
        r->prepare(p.input<float>(n, d), p.input<float>(n, dist::grad), p.output<float>(n), n, why);
    if (!call)
    {
        state.SkipWithError(why.c_str());
        return;
    }
    call->run();
    for (auto _ : state)
    {
        call->run();
        benchmark::ClobberMemory();
    }
    const std::string impl = call->implementation();
    const std::size_t elem = r->type == "bf16" ? 2 : 4;
    finish(state, impl.empty() ? r->what : r->what + " [" + impl + "]", n, (r->backward ? 3 : 2) * elem);
}

template <class T>
void register_type(const char* tname)
{
    for (std::size_t n : sizes)
    {
        // No double rows at 2^20: the report shows double at the other sizes.
        if (sizeof(T) == 8 && n == (std::size_t(1) << 20))
            continue;
        for (const kernel& k : kernels())
        {
            std::vector<dist> dists = {dist::mixed};
            if (n == 4096 || n == 65536)
            {
                // The distribution matrix: every row in single precision, our
                // rows in double too (the baselines' double rows on 'mixed'
                // only, to keep the run short).
                if (sizeof(T) == 4 || k.from == origin::ours)
                    dists.assign(std::begin(matrix), std::end(matrix));
                // Unrepeated input where it makes a difference: the in-cache
                // sizes (2^20 and up are not repeated within the predictor's
                // reach anyway), single precision only.
                if (sizeof(T) == 4)
                    dists.push_back(dist::fresh);
            }
            if (sizeof(T) == 4 && n == 64)
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

void register_external()
{
    for (std::size_t n : external_sizes)
        for (const external_library& lib : external_libraries())
            for (const external_row& r : lib.rows)
            {
                std::vector<dist> dists = {dist::mixed};
                if (n == 4096 || n == 65536)
                    dists.assign(std::begin(matrix), std::end(matrix));
                for (dist d : dists)
                {
                    const std::string name = r.type + "/" + r.name + "/" + dist_name(d);
                    benchmark::RegisterBenchmark(name.c_str(), &run_external, &r, d)
                        ->Arg(static_cast<std::int64_t>(n));
                }
            }
}

// The 16-bit rows (issue 19): actfn's bfloat16 and float16 array forms on
// the float inputs of distribution d rounded to the format, beside the f32
// rows of the same function, size and input.
template <class H>
void run_half_row(benchmark::State& state, int which, dist d)
{
    const auto n = static_cast<std::size_t>(state.range(0));
    pool& p = pool::instance();
    const float* xf = p.input<float>(n, d);
    const float* dyf = p.input<float>(n, dist::grad);
    std::vector<H> x(n), dy(n), y(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        x[i] = H(xf[i]);
        dy[i] = H(dyf[i]);
    }
    auto call = [&] {
        switch (which)
        {
        case 0: actfn::gelu(x.data(), y.data(), n); break;
        case 1: actfn::gelu_backward(x.data(), dy.data(), y.data(), n); break;
        case 2: actfn::silu(x.data(), y.data(), n); break;
        default: actfn::silu_backward(x.data(), dy.data(), y.data(), n); break;
        }
    };
    call();
    for (auto _ : state)
    {
        call();
        benchmark::DoNotOptimize(y.data());
        benchmark::ClobberMemory();
    }
    finish(state, "actfn 16-bit array form, correctly rounded", n, (which % 2 == 1 ? 3 : 2) * sizeof(H));
}

void register_half()
{
    const char* names[] = {"gelu", "gelu_backward", "silu", "silu_backward"};
    for (std::size_t n : {std::size_t(4096), std::size_t(65536), std::size_t(1) << 24})
        for (int which = 0; which < 4; ++which)
            for (dist d : {dist::n1, dist::mixed})
            {
                const std::string tail = std::string(names[which]) + "/" + dist_name(d);
                // The float row beside them at 2^24 on n1 (the main matrix
                // has 'mixed' only there).
                const kernel* fk = find_kernel(names[which]);
                if (fk != nullptr && n == (std::size_t(1) << 24) && d == dist::n1)
                    benchmark::RegisterBenchmark(("f32/" + tail).c_str(), &run_row<float>, fk, d)
                        ->Arg(static_cast<std::int64_t>(n));
                benchmark::RegisterBenchmark(("bf16/" + tail).c_str(), &run_half_row<actfn::bfloat16>, which, d)
                    ->Arg(static_cast<std::int64_t>(n));
                benchmark::RegisterBenchmark(("f16/" + tail).c_str(), &run_half_row<actfn::float16>, which, d)
                    ->Arg(static_cast<std::int64_t>(n));
            }
}

// CPU time of each thread of this process so far, in ns (Linux: the first
// field of /proc/self/task/<tid>/schedstat); empty where that is missing.
std::map<std::string, double> thread_times()
{
    std::map<std::string, double> times;
    std::error_code ec;
    for (const auto& task : std::filesystem::directory_iterator("/proc/self/task", ec))
    {
        std::ifstream in(task.path() / "schedstat");
        double ns = 0;
        if (in >> ns)
            times[task.path().filename().string()] = ns;
    }
    return times;
}

// --actfn_threads: each oneDNN and PyTorch row, n = 65536 ('mixed'), called
// for 0.2 s; the threads that got more than 1 ms of CPU time meanwhile.
int check_threads()
{
    const std::size_t n = 65536;
    pool& p = pool::instance();
    if (thread_times().empty())
    {
        std::printf("threads: /proc/self/task/*/schedstat not readable here, no check\n");
        return 0;
    }
    if (external_libraries().empty())
        std::printf("threads: this binary has no oneDNN or PyTorch rows\n");
    for (const external_library& lib : external_libraries())
        for (const external_row& r : lib.rows)
        {
            std::string why;
            const std::unique_ptr<external_call> call =
                r.prepare(p.input<float>(n, dist::mixed), p.input<float>(n, dist::grad), p.output<float>(n), n, why);
            if (!call)
            {
                std::printf("threads: %s/%s: not run (%s)\n", r.type.c_str(), r.name.c_str(), why.c_str());
                continue;
            }
            call->run();
            const auto before = thread_times();
            const auto start = std::chrono::steady_clock::now();
            long calls = 0;
            while (std::chrono::steady_clock::now() - start < std::chrono::milliseconds(200))
            {
                call->run();
                ++calls;
            }
            const auto after = thread_times();
            int ran = 0;
            std::string busy;
            for (const auto& t : after)
            {
                const auto b = before.find(t.first);
                const double ms = (t.second - (b == before.end() ? 0.0 : b->second)) * 1e-6;
                if (ms > 1.0)
                {
                    ++ran;
                    busy += " " + t.first + ":" + std::to_string(static_cast<long>(ms)) + "ms";
                }
            }
            std::printf("threads: %s/%s: %d of the process's %zu threads ran during %ld calls (%s )\n",
                        r.type.c_str(), r.name.c_str(), ran, after.size(), calls, busy.c_str());
        }
    return 0;
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
    // (bench/report passes its own, 0.05 s.)
    if (has_flag(argc, argv, "--actfn_threads"))
        return check_threads();

    std::vector<char*> args(argv, argv + argc);
    std::string min_time = "--benchmark_min_time=0.1";
    if (!has_flag(argc, argv, "--benchmark_min_time"))
        args.insert(args.begin() + 1, &min_time[0]);
    int args_count = static_cast<int>(args.size());
    args.push_back(nullptr);

    register_type<float>("f32");
    register_type<double>("f64");
    register_half();
    register_external();

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
    std::string libraries;
    for (const external_library& lib : external_libraries())
    {
        libraries += (libraries.empty() ? "" : ", ") + lib.name;
        benchmark::AddCustomContext("actfn_external_" + lib.name, lib.description);
    }
    benchmark::AddCustomContext("actfn_external",
                                libraries.empty() ? "none (built without oneDNN and PyTorch rows)" : libraries);
    benchmark::AddCustomContext("actfn_bytes", "bytes/s counts bytes read + written: 2n*sizeof(T) forward, "
                                               "3n*sizeof(T) backward");

    benchmark::Initialize(&args_count, args.data());
    if (benchmark::ReportUnrecognizedArguments(args_count, args.data()))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
