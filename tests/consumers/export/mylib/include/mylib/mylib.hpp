// mylib: a user's library that exposes actfn in its own header.
#pragma once

#include <actfn/actfn.hpp>

#include <cstddef>

namespace mylib
{
// y[i] = gelu(x[i] + bias), compiled into libmylib.
void bias_gelu(const float* x, float bias, float* y, std::size_t n);

// Inline, so mylib's users compile actfn's headers themselves and need
// actfn's include directory and xsimd through mylib's exported target.
inline double gelu(double x) { return actfn::gelu(x); }
}  // namespace mylib
