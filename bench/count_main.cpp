// Driver for instruction counts under callgrind: calls one kernel of the bench
// table a fixed number of times on the bench's own input data.
//
//   actfn_bench_count --list                  rows, one per line
//   actfn_bench_count --info                  compiler, flags and SIMD target
//   actfn_bench_count f32|f64 ROW N REPS [DIST]    DIST: mixed (default), n1, t3, u6, u15
//
// Only actfn_bench_measured() should be counted:
//   valgrind --tool=callgrind --toggle-collect=actfn_bench_measured actfn_bench_count f32 gelu 65536 20
// so data generation, allocation and start-up are left out and the count is
// REPS * N element evaluations plus REPS calls.  bench/report --callgrind runs
// this for every row.

#include "data.hpp"
#include "kernels.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace actfn_bench;

// extern "C" so that callgrind's --toggle-collect can name it without mangling;
// noinline so that it exists as a function for the toggle to catch.
extern "C" ACTFN_BENCH_NOINLINE void actfn_bench_measured(void (*body)(const void*), const void* ctx)
{
    body(ctx);
}

namespace {

template <class T>
struct job
{
    kernel_fn<T> fn;
    const T* x;
    const T* dy;
    T* y;
    std::size_t n;
    long reps;
};

template <class T>
void run_job(const void* p)
{
    const job<T>& j = *static_cast<const job<T>*>(p);
    for (long r = 0; r < j.reps; ++r)
        j.fn(j.x, j.dy, j.y, j.n);
}

template <class T>
int run(const kernel& k, std::size_t n, long reps, dist d)
{
    pool& p = pool::instance();
    job<T> j{k.get<T>(), p.input<T>(n, d), p.input<T>(n, dist::grad), p.output<T>(n), n, reps};
    actfn_bench_measured(&run_job<T>, &j);
    // Print something computed so the calls have an observable effect.
    double sum = 0.0;
    for (std::size_t i = 0; i < n; ++i)
        sum += double(j.y[i]);
    std::printf("%s %zu x %ld: checksum %.17g\n", row_name(k).c_str(), n, reps, sum);
    return 0;
}

} // namespace

int main(int argc, char** argv)
{
    if (argc == 2 && std::string(argv[1]) == "--list")
    {
        for (const kernel& k : kernels())
            std::printf("%s\n", row_name(k).c_str());
        return 0;
    }
    if (argc == 2 && std::string(argv[1]) == "--info")
    {
#if defined(__clang__)
        std::printf("compiler: clang++ %s\n", __clang_version__);
#elif defined(__GNUC__)
        std::printf("compiler: g++ %s\n", __VERSION__);
#endif
#if defined(ACTFN_BENCH_FLAGS)
        std::printf("flags: %s\n", ACTFN_BENCH_FLAGS);
#endif
#if ACTFN_BENCH_XSIMD
        std::printf("simd: xsimd %s, %zu floats per batch\n", xsimd::default_arch::name(),
                    std::size_t(xsimd::batch<float>::size));
#else
        std::printf("simd: none (scalar)\n");
#endif
        std::printf("baselines: %s\n", baselines_description().c_str());
        return 0;
    }
    if (argc < 5)
    {
        std::fprintf(stderr, "usage: %s --list | --info | f32|f64 ROW N REPS [mixed|n1|t3|u6|u15]\n", argv[0]);
        return 2;
    }
    const std::string type = argv[1];
    const kernel* k = find_kernel(argv[2]);
    const std::size_t n = std::strtoull(argv[3], nullptr, 10);
    const long reps = std::strtol(argv[4], nullptr, 10);
    dist d = dist::mixed;
    const bool dist_ok = argc <= 5 || dist_from_name(argv[5], d);
    if (!k || n == 0 || reps <= 0 || (type != "f32" && type != "f64") || !dist_ok)
    {
        std::fprintf(stderr, "%s: bad arguments (unknown row, type, distribution, n or reps)\n", argv[0]);
        return 2;
    }
    return type == "f32" ? run<float>(*k, n, reps, d) : run<double>(*k, n, reps, d);
}
