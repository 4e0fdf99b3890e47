// actfn::dispatch against the header-only forms of this binary's own target
// (issue 17, item 5): gelu and gelu_backward, float and double, n = 64 and
// 65536, N(0,1) input.  Each round times every pair back to back (header,
// dispatched, then the reverse order in the next round), so both see the
// same machine state; the medians of the rounds are compared.  Printed: ns
// per call at n = 64 (target: dispatched at most 2 ns slower) and ns per
// element at n = 65536 with the ratio dispatched / header (target: <= 1.05).
//
//   build/bench/bench/actfn_dispatch_parity [rounds]   (default 15)
//
// Compiled with -march=native like actfn_bench, linked with actfn::dispatch
// (whose target is the widest this CPU runs, printed first).

#include <actfn/actfn.hpp>
#include <actfn/dispatch.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

namespace {

template <class F>
double seconds_per_call(F&& call, long calls)
{
    const auto start = std::chrono::steady_clock::now();
    for (long i = 0; i < calls; ++i)
        call();
    const auto end = std::chrono::steady_clock::now();
    return std::chrono::duration<double>(end - start).count() / static_cast<double>(calls);
}

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

template <class T>
void compare(const char* type, std::size_t n, bool backward, int rounds)
{
    std::mt19937 rng(42);
    std::normal_distribution<T> normal(T(0), T(1));
    std::vector<T> x(n), dy(n), y(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        x[i] = normal(rng);
        dy[i] = normal(rng);
    }
    auto header = [&] {
        if (backward)
            actfn::gelu_backward(x.data(), dy.data(), y.data(), n);
        else
            actfn::gelu(x.data(), y.data(), n);
    };
    auto dispatched = [&] {
        if (backward)
            actfn::dispatch::gelu_backward(x.data(), dy.data(), y.data(), n);
        else
            actfn::dispatch::gelu(x.data(), y.data(), n);
    };
    // About 20 ms per timing.
    header();
    dispatched();
    const double one = seconds_per_call(header, 10);
    const long calls = std::max(10L, static_cast<long>(0.02 / std::max(one, 1e-9)));
    std::vector<double> th, td;
    for (int r = 0; r < rounds; ++r)
    {
        if (r % 2 == 0)
        {
            th.push_back(seconds_per_call(header, calls));
            td.push_back(seconds_per_call(dispatched, calls));
        }
        else
        {
            td.push_back(seconds_per_call(dispatched, calls));
            th.push_back(seconds_per_call(header, calls));
        }
    }
    const double h = median(th), d = median(td);
    const char* fn = backward ? "gelu_backward" : "gelu";
    if (n <= 64)
        std::printf("%-6s %-14s n = %6zu: header %7.2f ns/call, dispatched %7.2f ns/call, difference %+6.2f ns\n",
                    type, fn, n, h * 1e9, d * 1e9, (d - h) * 1e9);
    else
        std::printf("%-6s %-14s n = %6zu: header %6.3f ns/element, dispatched %6.3f ns/element, ratio %.3f\n", type,
                    fn, n, h * 1e9 / static_cast<double>(n), d * 1e9 / static_cast<double>(n), d / h);
}

} // namespace

int main(int argc, char** argv)
{
    const int rounds = argc > 1 ? std::max(1, std::atoi(argv[1])) : 15;
    std::printf("actfn::dispatch target %s; header-only forms compiled for this binary's target; medians of %d "
                "interleaved rounds, N(0,1)\n",
                actfn::dispatch::active_target(), rounds);
    for (std::size_t n : {std::size_t(64), std::size_t(65536)})
        for (bool backward : {false, true})
        {
            compare<float>("float", n, backward, rounds);
            compare<double>("double", n, backward, rounds);
        }
    return 0;
}
