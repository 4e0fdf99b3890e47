// The probe: instantiates every function of actfn's API for float and
// double in this one translation unit.  threads.no_global_state inspects
// its object file; threads.concurrent_calls calls it from many threads.
#include "probe.hpp"

#include <actfn/actfn.hpp>

namespace actfn_probe
{
namespace
{
template <class T, class F>
void each(const T* x, T* out, std::size_t n, F f)
{
    for (std::size_t i = 0; i < n; ++i)
        out[i] = f(x[i]);
}

template <class T>
void run_t(int f, const T* x, const T* dy, T* y, std::size_t n)
{
    switch (f)
    {
    case 0: actfn::gelu(x, y, n); break;
    case 1: actfn::gelu_backward(x, dy, y, n); break;
    case 2: actfn::gelu_tanh(x, y, n); break;
    case 3: actfn::gelu_tanh_backward(x, dy, y, n); break;
    case 4: actfn::quick_gelu(x, y, n); break;
    case 5: actfn::quick_gelu_backward(x, dy, y, n); break;
    case 6: actfn::silu(x, y, n); break;
    case 7: actfn::silu_backward(x, dy, y, n); break;
    case 8: actfn::elu(x, y, n); break;
    case 9: actfn::elu_backward(x, dy, y, n); break;
    case 10: actfn::relu(x, y, n); break;
    case 11: actfn::relu_backward(x, dy, y, n); break;
    case 12: actfn::leaky_relu(x, y, n); break;
    case 13: actfn::leaky_relu_backward(x, dy, y, n); break;
    case 14: each(x, y, n, [](T v) { return actfn::gelu(v); }); break;
    case 15: each(x, y, n, [](T v) { return actfn::gelu_grad(v); }); break;
    case 16: each(x, y, n, [](T v) { return actfn::gelu_tanh(v); }); break;
    case 17: each(x, y, n, [](T v) { return actfn::gelu_tanh_grad(v); }); break;
    case 18: each(x, y, n, [](T v) { return actfn::quick_gelu(v); }); break;
    case 19: each(x, y, n, [](T v) { return actfn::quick_gelu_grad(v); }); break;
    case 20: each(x, y, n, [](T v) { return actfn::silu(v); }); break;
    case 21: each(x, y, n, [](T v) { return actfn::silu_grad(v); }); break;
    case 22: each(x, y, n, [](T v) { return actfn::elu(v); }); break;
    case 23: each(x, y, n, [](T v) { return actfn::elu_grad(v); }); break;
    case 24: each(x, y, n, [](T v) { return actfn::relu(v); }); break;
    case 25: each(x, y, n, [](T v) { return actfn::relu_grad(v); }); break;
    case 26: each(x, y, n, [](T v) { return actfn::leaky_relu(v); }); break;
    case 27: each(x, y, n, [](T v) { return actfn::leaky_relu_grad(v); }); break;
    default: break;
    }
}
}  // namespace

void run(int f, const float* x, const float* dy, float* out, std::size_t n) { run_t(f, x, dy, out, n); }
void run(int f, const double* x, const double* dy, double* out, std::size_t n) { run_t(f, x, dy, out, n); }
}  // namespace actfn_probe
