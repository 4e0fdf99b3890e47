// threads.concurrent_calls: every function of actfn (probe.cpp), float and
// double, called from 8 threads at once on shared inputs, each thread writing
// its own output, must give the bits of the serial call.  With no state in
// actfn there is nothing to race on; this would catch a lazily built table,
// a cache or a scratch buffer shared between calls.
#include "probe.hpp"

#include <atomic>
#include <cmath>
#include <cstdio>
#include <cstdint>
#include <cstring>
#include <limits>
#include <thread>
#include <vector>

namespace
{
const char* const names[actfn_probe::function_count] = {
    "gelu(x, y, n)",       "gelu_backward",       "gelu_tanh(x, y, n)", "gelu_tanh_backward",
    "quick_gelu(x, y, n)", "quick_gelu_backward", "silu(x, y, n)",      "silu_backward",
    "elu(x, y, n)",        "elu_backward",        "relu(x, y, n)",      "relu_backward",
    "leaky_relu(x, y, n)", "leaky_relu_backward", "gelu(x)",            "gelu_grad(x)",
    "gelu_tanh(x)",        "gelu_tanh_grad(x)",   "quick_gelu(x)",      "quick_gelu_grad(x)",
    "silu(x)",             "silu_grad(x)",        "elu(x)",             "elu_grad(x)",
    "relu(x)",             "relu_grad(x)",        "leaky_relu(x)",      "leaky_relu_grad(x)"};

constexpr std::size_t n = 16387;  // long enough for calls to overlap; a SIMD body and a tail on every target
constexpr int threads = 8;
constexpr int rounds = 4;

// x: a deterministic spread over [-12, 12] (table paths and the far tails
// alike) with the special values in it; dy: values around 1.
template <class T>
void fill(std::vector<T>& x, std::vector<T>& dy)
{
    x.resize(n);
    dy.resize(n);
    std::uint32_t s = 12345u;
    for (std::size_t i = 0; i < n; ++i)
    {
        s = s * 1664525u + 1013904223u;
        x[i] = static_cast<T>(-12.0 + 24.0 * (s >> 8) / 16777216.0);
        dy[i] = static_cast<T>(0.5 + (s & 0xff) / 256.0);
    }
    x[0] = std::numeric_limits<T>::quiet_NaN();
    x[1] = std::numeric_limits<T>::infinity();
    x[2] = -std::numeric_limits<T>::infinity();
    x[3] = T(0);
    x[4] = -T(0);
    x[5] = std::numeric_limits<T>::denorm_min();
}

template <class T>
struct case_data
{
    std::vector<T> x, dy;
    std::vector<std::vector<T>> expected;  // per function, from a serial call
    case_data()
    {
        fill(x, dy);
        expected.resize(actfn_probe::function_count);
        for (int f = 0; f < actfn_probe::function_count; ++f)
        {
            expected[f].resize(n);
            actfn_probe::run(f, x.data(), dy.data(), expected[f].data(), n);
        }
    }
};

std::atomic<long> mismatches{0};
std::atomic<long> calls{0};
std::atomic<int> ready{0};

template <class T>
void hammer(const case_data<T>& c, std::vector<T>& out, int thread)
{
    for (int r = 0; r < rounds; ++r)
        for (int k = 0; k < actfn_probe::function_count; ++k)
        {
            const int f = (k + thread * 5) % actfn_probe::function_count;  // threads in different functions
            actfn_probe::run(f, c.x.data(), c.dy.data(), out.data(), n);
            calls.fetch_add(1, std::memory_order_relaxed);
            if (std::memcmp(out.data(), c.expected[f].data(), n * sizeof(T)) != 0 &&
                mismatches.fetch_add(1) < 10)
                std::printf("MISMATCH: %s, %s, thread %d, round %d\n", names[f],
                            sizeof(T) == 4 ? "float" : "double", thread, r);
        }
}
}  // namespace

int main()
{
    const case_data<float> f32;
    const case_data<double> f64;
    std::vector<std::thread> pool;
    for (int t = 0; t < threads; ++t)
        pool.emplace_back([&, t] {
            std::vector<float> yf(n);
            std::vector<double> yd(n);
            // All threads start together, so that their calls overlap.
            ready.fetch_add(1);
            while (ready.load() < threads)
                std::this_thread::yield();
            hammer(f32, yf, t);
            hammer(f64, yd, t);
        });
    for (auto& t : pool)
        t.join();
    std::printf("%d functions x {float, double}, %d threads x %d rounds at once on shared inputs (n = %zu): "
                "%ld calls, %ld differ from the serial results\n",
                actfn_probe::function_count, threads, rounds, n, calls.load(), mismatches.load());
    return mismatches.load() == 0 ? 0 : 1;
}
