#pragma once
// The table of array forms that each target's translation unit of the
// dispatched library fills (target.cpp) and the dispatcher picks one of
// (dispatch.cpp).  Internal to the library.
//
// ACTFN_DISPATCH_FORMS(X) lists every form once, as X(name, return-free
// signature, call arguments): the table's fields, the targets' entries and
// the public functions are all generated from it, so the three cannot drift
// apart.  The public declarations are spelled out in <actfn/dispatch.hpp>.

#include <cstddef>

#define ACTFN_DISPATCH_PLAIN(X, name)                                                                        \
    X(name##_f32, (const float* x, float* y, std::size_t n), name, (x, y, n))                                \
    X(name##_f64, (const double* x, double* y, std::size_t n), name, (x, y, n))                              \
    X(name##_backward_f32, (const float* x, const float* dy, float* dx, std::size_t n), name##_backward,     \
      (x, dy, dx, n))                                                                                        \
    X(name##_backward_f64, (const double* x, const double* dy, double* dx, std::size_t n), name##_backward,  \
      (x, dy, dx, n))

#define ACTFN_DISPATCH_PARAM(X, name, p)                                                                      \
    X(name##_f32, (const float* x, float* y, std::size_t n, float p), name, (x, y, n, p))                    \
    X(name##_f64, (const double* x, double* y, std::size_t n, double p), name, (x, y, n, p))                 \
    X(name##_backward_f32, (const float* x, const float* dy, float* dx, std::size_t n, float p),              \
      name##_backward, (x, dy, dx, n, p))                                                                    \
    X(name##_backward_f64, (const double* x, const double* dy, double* dx, std::size_t n, double p),          \
      name##_backward, (x, dy, dx, n, p))

#define ACTFN_DISPATCH_FORMS(X)                                                                               \
    ACTFN_DISPATCH_PLAIN(X, gelu)                                                                            \
    ACTFN_DISPATCH_PLAIN(X, gelu_tanh)                                                                       \
    ACTFN_DISPATCH_PARAM(X, quick_gelu, alpha)                                                               \
    ACTFN_DISPATCH_PLAIN(X, silu)                                                                            \
    ACTFN_DISPATCH_PARAM(X, elu, alpha)                                                                      \
    ACTFN_DISPATCH_PLAIN(X, relu)                                                                            \
    ACTFN_DISPATCH_PARAM(X, leaky_relu, slope)

namespace actfn {
namespace dispatch {
namespace detail {

struct kernel_table
{
#define ACTFN_DISPATCH_FIELD(field, params, fn, args) void(*field) params noexcept;
    ACTFN_DISPATCH_FORMS(ACTFN_DISPATCH_FIELD)
#undef ACTFN_DISPATCH_FIELD
};

// One per target built into the library (target.cpp, ACTFN_DISPATCH_TABLE).
const kernel_table& table_sse2() noexcept;
const kernel_table& table_avx2_fma() noexcept;
const kernel_table& table_avx512() noexcept;
const kernel_table& table_neon() noexcept;
const kernel_table& table_generic() noexcept;

} // namespace detail
} // namespace dispatch
} // namespace actfn
