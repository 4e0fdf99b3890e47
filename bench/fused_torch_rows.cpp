// PyTorch's rows of actfn_bench_fused (fused_rows.cpp): the gated and bias
// computations as framework code writes them, with ATen operators on tensors
// that wrap the bench's arrays (at::from_blob), single-threaded
// (at::set_num_threads(1)).  The intermediate tensors (gelu(a), x + bias) are
// allocated by ATen in each call, as in the framework; the outputs go to
// preallocated tensors through the out= forms where ATen has them.
//
//   f32/torch_geglu:      at::mul_out(y, at::gelu(a), b)
//   f32/torch_swiglu:     at::mul_out(y, at::silu(a), b)
//   f32/torch_gelu_bias:  at::gelu_out(y, x + bias)
//   f32/torch_gelu_bias_backward: at::gelu_backward_out(dx, dy, x + bias), at::sum_out(dbias, dx, 0)

#include "data.hpp"

#include <ATen/Parallel.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/add.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/gelu.h>
#include <ATen/ops/gelu_backward.h>
#include <ATen/ops/mul.h>
#include <ATen/ops/silu.h>
#include <ATen/ops/sum.h>

#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

namespace {

using actfn_bench::dist;
using actfn_bench::pool;

at::Tensor wrap(const float* p, std::vector<std::int64_t> shape)
{
    return at::from_blob(const_cast<float*>(p), shape, at::TensorOptions().dtype(at::kFloat));
}

void per_element(benchmark::State& state, std::size_t n)
{
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * static_cast<std::int64_t>(n));
    state.counters["t_elem"] =
        benchmark::Counter(double(n), benchmark::Counter::kIsIterationInvariantRate | benchmark::Counter::kInvert);
}

void gated(benchmark::State& state, bool swiglu)
{
    const std::int64_t n = 65536;
    pool& p = pool::instance();
    const at::Tensor a = wrap(p.input<float>(n, dist::n1), { n });
    const at::Tensor b = wrap(p.input<float>(n, dist::grad), { n });
    at::Tensor y = wrap(p.output<float>(n, 0), { n });
    for (auto _ : state)
    {
        at::mul_out(y, swiglu ? at::silu(a) : at::gelu(a), b);
        benchmark::ClobberMemory();
    }
    per_element(state, n);
}

void bias(benchmark::State& state, bool backward)
{
    const std::int64_t rows = 4096, cols = 4096, n = rows * cols;
    pool& p = pool::instance();
    const at::Tensor x = wrap(p.input<float>(n, dist::n1), { rows, cols });
    const at::Tensor b = wrap(p.input<float>(cols, dist::grad), { cols });
    const at::Tensor dy = wrap(p.input<float>(n, dist::grad), { rows, cols });
    at::Tensor y = wrap(p.output<float>(n, 2), { rows, cols });
    std::vector<float> db_store(cols);
    at::Tensor db = wrap(db_store.data(), { cols });
    for (auto _ : state)
    {
        if (backward)
        {
            at::gelu_backward_out(y, dy, at::add(x, b));
            at::sum_out(db, y, { 0 });
        }
        else
            at::gelu_out(y, at::add(x, b));
        benchmark::ClobberMemory();
    }
    per_element(state, n);
}

} // namespace

void actfn_bench_register_torch_fused_rows()
{
    at::set_num_threads(1);
    benchmark::RegisterBenchmark("f32/torch_geglu/n1/65536", gated, false);
    benchmark::RegisterBenchmark("f32/torch_swiglu/n1/65536", gated, true);
    benchmark::RegisterBenchmark("f32/torch_gelu_bias/n1/4096x4096", bias, false)->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark("f32/torch_gelu_bias_backward/n1/4096x4096", bias, true)
        ->Unit(benchmark::kMillisecond);
}
