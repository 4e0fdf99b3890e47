#pragma once
// Interface between the checker (checker.cpp, compiled once with baseline
// flags, so that the references and the measurement are the same code in every
// build) and the translation unit that runs actfn's kernels (isa_main.cpp,
// compiled once per target instruction set).

#include "actfn_reference.hpp"

#include <cstddef>

namespace actfn_exh {

// What the kernel translation unit was compiled for.
struct build_info
{
    const char* name;   // the build's target name (native, sse41_fma, ...)
    const char* arch;   // xsimd's default architecture, or "scalar"
    bool simd;          // the array API runs xsimd batches
    bool fma;           // ACTFN_HAS_FMA: fused multiply-add in the kernels
};

// y[i] = k(x[i]) for i < n through actfn's array API with the kernel's default
// parameter: the forward form for a forward kernel, the backward form with
// dy = ones (dx = 1 * f'(x), exactly f'(x)) for a derivative.  ones holds n 1.0f.
using compute_fn = void (*)(actfn_ref::kernel k, const float* x, const float* ones, float* y, std::size_t n);
// The same for the double kernels.
using compute_f64_fn = void (*)(actfn_ref::kernel k, const double* x, const double* ones, double* y, std::size_t n);

// The program: parses argv, runs, prints; returns the exit status.
int run(int argc, char** argv, const build_info& build, compute_fn compute32, compute_f64_fn compute64);

} // namespace actfn_exh
