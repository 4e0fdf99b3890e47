#pragma once
// What the public headers' array forms share: the std::span size check, and
// the contract every array form follows (each header's declarations refer to
// it):
//
//   forward   y[i] = f(x[i]) for i < n
//   backward  dx[i] = dy[i] * f'(x[i]) for i < n (x quieted where x is NaN)
//
//   - exactly the bits of the element kernel, whatever n (0 too), alignment
//     or in-place use;
//   - y may be x, and dx may be x or dy; otherwise the ranges must not
//     overlap (checked by assert in debug builds);
//   - the rounding mode must be round-to-nearest (asserted in debug builds);
//   - no allocation, no global state: any number of threads may call them.
//
// The std::span overloads (C++20) check that the sizes agree, in every
// build: a mismatch throws std::invalid_argument naming the function and the
// sizes, or, where exceptions are disabled (-fno-exceptions), prints that
// message to stderr and calls std::abort(); it is never truncated silently.

#include "array.hpp"
#include "kernel_op.hpp"
#include "simd_ops.hpp"

#include <cstddef>

#if defined(__cpp_lib_span) || (__cplusplus >= 202002L && __has_include(<span>))
#include <span>
#define ACTFN_HAS_SPAN 1
#else
#define ACTFN_HAS_SPAN 0
#endif

#if ACTFN_HAS_SPAN
#if defined(__cpp_exceptions) || defined(__EXCEPTIONS) || defined(_CPPUNWIND)
#define ACTFN_HAS_EXCEPTIONS 1
#include <stdexcept>
#include <string>
#else
#define ACTFN_HAS_EXCEPTIONS 0
#include <cstdio>
#include <cstdlib>
#endif
#endif

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

#if ACTFN_HAS_SPAN
// "actfn::gelu_backward: dx has 9 elements, x has 10".
[[noreturn]] inline void span_size_mismatch(const char* function, const char* name, std::size_t size,
                                            const char* first, std::size_t first_size)
{
#if ACTFN_HAS_EXCEPTIONS
    throw std::invalid_argument(std::string("actfn::") + function + ": " + name + " has " + std::to_string(size) +
                                " elements, " + first + " has " + std::to_string(first_size));
#else
    std::fprintf(stderr, "actfn::%s: %s has %zu elements, %s has %zu\n", function, name, size, first, first_size);
    std::abort();
#endif
}

inline void check_span_sizes(const char* function, const char* first, std::size_t first_size, const char* name,
                             std::size_t size)
{
    if (size != first_size)
        span_size_mismatch(function, name, size, first, first_size);
}
#endif

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
