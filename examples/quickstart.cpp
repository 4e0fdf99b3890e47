// actfn quick start: the three ways to call an activation.
//
//   1. element kernels on float or double:   actfn::gelu(x), actfn::gelu_grad(x)
//   2. array forms over contiguous memory:   actfn::gelu(x, y, n), actfn::gelu_backward(x, dy, dx, n)
//   3. the same kernels on xsimd batches, inside a loop of your own
//
// Build: link the CMake target actfn::actfn (or add actfn's and xsimd's include
// directories), C++17.  The SIMD width is the one this file is compiled for:
// the first line of output says which (examples/CMakeLists.txt builds it with
// ACTFN_EXAMPLES_ARCH_FLAGS, -march=native by default).
#include <actfn/actfn.hpp>

#include <cstdio>
#include <vector>

#ifndef ACTFN_EXAMPLE_ARCH_FLAGS
#define ACTFN_EXAMPLE_ARCH_FLAGS "unknown"
#endif

int main()
{
    // 0. The target: xsimd's architecture for this translation unit, and
    // whether a*b+c is fused (actfn's accuracy bounds depend on it, README).
#if defined(__FMA__) || defined(__AVX512F__) || defined(__ARM_FEATURE_FMA)
    const char* fma = "with FMA";
#else
    const char* fma = "without FMA: a*b+c rounds twice";
#endif
    std::printf("compiled for xsimd's %s (%zu floats, %zu doubles per batch), %s; target flags: %s\n\n",
                xsimd::default_arch::name(), xsimd::batch<float>::size, xsimd::batch<double>::size, fma,
                ACTFN_EXAMPLE_ARCH_FLAGS);

    // 1. Element kernels.
    std::printf("%6s %12s %12s\n", "x", "gelu(x)", "gelu'(x)");
    for (double x : {-3.0, -1.0, -0.5, 0.0, 0.5, 1.0, 3.0})
        std::printf("%6.2f %12.8f %12.8f\n", x, actfn::gelu(x), actfn::gelu_grad(x));

    // 2. Array forms: a forward pass over a layer's pre-activations, then the
    // backward pass that turns the upstream gradient dL/dy into dL/dx.
    std::vector<float> x = {-2.f, -1.f, 0.f, 1.f, 2.f, 3.f, 4.f, 5.f, 6.f, 7.f};
    std::vector<float> y(x.size()), dy(x.size(), 0.5f), dx(x.size());
    actfn::gelu(x.data(), y.data(), x.size());
    actfn::gelu_backward(x.data(), dy.data(), dx.data(), x.size());
    std::printf("\nforward and backward over %zu floats (dL/dy = 0.5):\n", x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        std::printf("  x = %5.1f   y = %10.6f   dL/dx = %9.6f\n", x[i], y[i], dx[i]);

    // 3. Your own SIMD loop: bias + GELU fused in one pass, y = gelu(x + b).
    // The kernel takes an xsimd::batch as it takes a float; the tail of the
    // vector goes through the scalar kernel.
    using batch = xsimd::batch<float>;
    const float bias = 0.5f;
    std::vector<float> z(x.size());
    std::size_t i = 0;
    for (; i + batch::size <= x.size(); i += batch::size)
        actfn::gelu(batch::load_unaligned(&x[i]) + batch(bias)).store_unaligned(&z[i]);
    for (; i < x.size(); ++i)
        z[i] = actfn::gelu(x[i] + bias);
    std::printf("\ngelu(x + %.1f) in a loop of xsimd::batch<float> (%zu lanes):\n ", bias, batch::size);
    for (float v : z)
        std::printf(" %.4f", v);
    std::printf("\n");
}
