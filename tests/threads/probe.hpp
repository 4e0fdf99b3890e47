// Every public function of actfn behind one non-template entry point per
// type, so that the probe's object file holds all of them (threads.*).
#pragma once

#include <cstddef>

namespace actfn_probe
{
// The 7 families' array forms (forward, backward), then their element
// kernels (value, derivative) applied in a loop: 28 functions.
constexpr int function_count = 28;

// out[0..n) = function f of x (and dy, for the backward array forms).
void run(int f, const float* x, const float* dy, float* out, std::size_t n);
void run(int f, const double* x, const double* dy, double* out, std::size_t n);
}  // namespace actfn_probe
