// actfn_bench_fused: the gated and fused bias forms (issue 20) beside what
// they replace, in one binary so that the ratios come from one run.
//
// Rows <type>/<what>/n1/<size>, inputs N(0, 1) (data.hpp's n1; b, dy and
// bias from its grad distribution), single thread:
//   gated, n = 65536:  gelu, geglu (accurate), geglu_fast, silu, swiglu,
//                      swiglu_fast, gelu_backward, geglu_backward(_fast);
//                      f64 gelu, geglu, silu, swiglu
//   bias, 4096 x 4096: gelu on the sums x + bias (the same values the fused
//                      form sees), add_then_gelu (a bias-add loop, then
//                      actfn::gelu), gelu_bias; gelu_backward on the sums,
//                      add_then_gelu_backward_then_colsum (add loop,
//                      actfn::gelu_backward, a column-sum loop in double),
//                      gelu_bias_backward
//   PyTorch (when built with libtorch, fused_torch_rows.cpp): at::gelu(a) * b,
//   at::silu(a) * b, at::gelu(x + bias), and at::gelu_backward(dy, x + bias)
//   with .sum(0), each as the framework code computes them.
//
// Ratios: bench/fused_ratios.py reads this binary's JSON output.

#include "data.hpp"

#include <actfn/actfn.hpp>

#include <benchmark/benchmark.h>

#include <cstddef>
#include <vector>

#ifdef ACTFN_BENCH_FUSED_TORCH
void actfn_bench_register_torch_fused_rows();
#endif

namespace {

using actfn_bench::dist;
using actfn_bench::pool;

constexpr std::size_t gated_n = 65536;
constexpr std::size_t bias_rows = 4096, bias_cols = 4096;

void per_element(benchmark::State& state, std::size_t n)
{
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
    state.counters["t_elem"] =
        benchmark::Counter(double(n), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

// ---- gated --------------------------------------------------------------------

template <class T, class F>
void gated_row(benchmark::State& state, F f)
{
    const std::size_t n = gated_n;
    pool& p = pool::instance();
    const T* a = p.input<T>(n, dist::n1);
    const T* b = p.input<T>(n, dist::grad);
    const T* dy = p.input_shifted<T>(n, dist::grad, 16);
    T* y = p.output<T>(n, 0);
    T* z = p.output<T>(n, 1);
    for (auto _ : state)
    {
        f(a, b, dy, y, z, n);
        benchmark::ClobberMemory();
    }
    per_element(state, n);
}

#define ACTFN_GATED_ROW(T, name, body)                                                                                \
    benchmark::RegisterBenchmark(#T "/" #name "/n1/65536", [](benchmark::State& state) {                              \
        gated_row<T>(state, [](const T* a, const T* b, const T* dy, T* y, T* z, std::size_t n) {                      \
            (void)a, (void)b, (void)dy, (void)y, (void)z;                                                            \
            body;                                                                                                    \
        });                                                                                                          \
    })

using f32 = float;
using f64 = double;
constexpr auto fast = actfn::gated_precision::fast;

void register_gated_rows()
{
    ACTFN_GATED_ROW(f32, gelu, actfn::gelu(a, y, n));
    ACTFN_GATED_ROW(f32, geglu, actfn::geglu(a, b, y, n));
    ACTFN_GATED_ROW(f32, geglu_fast, actfn::geglu(a, b, y, n, fast));
    ACTFN_GATED_ROW(f32, silu, actfn::silu(a, y, n));
    ACTFN_GATED_ROW(f32, swiglu, actfn::swiglu(a, b, y, n));
    ACTFN_GATED_ROW(f32, swiglu_fast, actfn::swiglu(a, b, y, n, fast));
    ACTFN_GATED_ROW(f32, gelu_backward, actfn::gelu_backward(a, dy, y, n));
    ACTFN_GATED_ROW(f32, geglu_backward, actfn::geglu_backward(a, b, dy, y, z, n));
    ACTFN_GATED_ROW(f32, geglu_backward_fast, actfn::geglu_backward(a, b, dy, y, z, n, fast));
    ACTFN_GATED_ROW(f64, gelu, actfn::gelu(a, y, n));
    ACTFN_GATED_ROW(f64, geglu, actfn::geglu(a, b, y, n));
    ACTFN_GATED_ROW(f64, silu, actfn::silu(a, y, n));
    ACTFN_GATED_ROW(f64, swiglu, actfn::swiglu(a, b, y, n));
}

// ---- bias ---------------------------------------------------------------------

struct bias_data
{
    const float* x;
    const float* bias;
    const float* dy;
    std::vector<float> sums; // x + bias, for the rows that time the activation alone
    float* y;
    float* tmp;
    std::vector<float> dbias;
    std::vector<double> acc;

    static bias_data& get()
    {
        static bias_data d = make();
        return d;
    }
    static bias_data make()
    {
        pool& p = pool::instance();
        const std::size_t n = bias_rows * bias_cols;
        bias_data d{ p.input<float>(n, dist::n1), p.input<float>(bias_cols, dist::grad), p.input<float>(n, dist::grad),
                     std::vector<float>(n), p.output<float>(n, 2), p.output<float>(n, 3),
                     std::vector<float>(bias_cols), std::vector<double>(bias_cols) };
        for (std::size_t r = 0; r < bias_rows; ++r)
            for (std::size_t c = 0; c < bias_cols; ++c)
                d.sums[r * bias_cols + c] = d.x[r * bias_cols + c] + d.bias[c];
        return d;
    }
};

template <class F>
void bias_row(benchmark::State& state, F f)
{
    bias_data& d = bias_data::get();
    for (auto _ : state)
    {
        f(d);
        benchmark::ClobberMemory();
    }
    per_element(state, bias_rows * bias_cols);
}

void add_bias(const bias_data& d, float* out)
{
    for (std::size_t r = 0; r < bias_rows; ++r)
        for (std::size_t c = 0; c < bias_cols; ++c)
            out[r * bias_cols + c] = d.x[r * bias_cols + c] + d.bias[c];
}

#define ACTFN_BIAS_ROW(name, body)                                                                                    \
    benchmark::RegisterBenchmark("f32/" #name "/n1/4096x4096", [](benchmark::State& state) {                         \
        bias_row(state, [](bias_data& d) {                                                                           \
            constexpr std::size_t R = bias_rows, C = bias_cols;                                                      \
            (void)R, (void)C;                                                                                        \
            body;                                                                                                    \
        });                                                                                                          \
    })->Unit(benchmark::kMillisecond)

void colsum(bias_data& d)
{
    for (std::size_t c = 0; c < bias_cols; ++c)
        d.acc[c] = 0;
    for (std::size_t r = 0; r < bias_rows; ++r)
        for (std::size_t c = 0; c < bias_cols; ++c)
            d.acc[c] += d.y[r * bias_cols + c];
    for (std::size_t c = 0; c < bias_cols; ++c)
        d.dbias[c] = static_cast<float>(d.acc[c]);
}

void register_bias_rows()
{
    ACTFN_BIAS_ROW(gelu_on_sums, actfn::gelu(d.sums.data(), d.y, R * C));
    ACTFN_BIAS_ROW(add_then_gelu, (add_bias(d, d.tmp), actfn::gelu(d.tmp, d.y, R * C)));
    ACTFN_BIAS_ROW(gelu_bias, actfn::gelu_bias(d.x, d.bias, d.y, R, C));
    ACTFN_BIAS_ROW(gelu_backward_on_sums, actfn::gelu_backward(d.sums.data(), d.dy, d.y, R * C));
    ACTFN_BIAS_ROW(add_then_gelu_backward_then_colsum,
                   (add_bias(d, d.tmp), actfn::gelu_backward(d.tmp, d.dy, d.y, R * C), colsum(d)));
    ACTFN_BIAS_ROW(gelu_bias_backward, actfn::gelu_bias_backward(d.x, d.bias, d.dy, d.y, d.dbias.data(), R, C));
}

} // namespace

int main(int argc, char** argv)
{
    register_gated_rows();
    register_bias_rows();
#ifdef ACTFN_BENCH_FUSED_TORCH
    actfn_bench_register_torch_fused_rows();
#endif
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv))
        return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
