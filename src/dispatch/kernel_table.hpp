#pragma once
// The table of array forms that each target's translation unit of the
// dispatched library fills (target.cpp) and the dispatcher picks one of
// (dispatch.cpp).  Internal to the library.
//
// ACTFN_DISPATCH_FORMS(X) lists every form once, as X(name, return-free
// signature, call arguments): the table's fields, the targets' entries and
// the public functions are all generated from it, so the three cannot drift
// apart.  The public declarations are spelled out in <actfn/dispatch.hpp>.

#include <actfn/half.hpp>

#include <cstddef>

#define ACTFN_DISPATCH_PLAIN_T(X, name, T, suffix)                                                           \
    X(name##_##suffix, (const T* x, T* y, std::size_t n), name, (x, y, n))                                   \
    X(name##_backward_##suffix, (const T* x, const T* dy, T* dx, std::size_t n), name##_backward,            \
      (x, dy, dx, n))

#define ACTFN_DISPATCH_PLAIN(X, name)                                                                        \
    ACTFN_DISPATCH_PLAIN_T(X, name, float, f32)                                                              \
    ACTFN_DISPATCH_PLAIN_T(X, name, double, f64)                                                             \
    ACTFN_DISPATCH_PLAIN_T(X, name, ::actfn::bfloat16, bf16)                                                 \
    ACTFN_DISPATCH_PLAIN_T(X, name, ::actfn::float16, f16)

#define ACTFN_DISPATCH_PARAM_T(X, name, p, T, P, suffix)                                                      \
    X(name##_##suffix, (const T* x, T* y, std::size_t n, P p), name, (x, y, n, p))                           \
    X(name##_backward_##suffix, (const T* x, const T* dy, T* dx, std::size_t n, P p), name##_backward,       \
      (x, dy, dx, n, p))

// The 16-bit forms take a float parameter, as the header-only ones.
#define ACTFN_DISPATCH_PARAM(X, name, p)                                                                      \
    ACTFN_DISPATCH_PARAM_T(X, name, p, float, float, f32)                                                    \
    ACTFN_DISPATCH_PARAM_T(X, name, p, double, double, f64)                                                  \
    ACTFN_DISPATCH_PARAM_T(X, name, p, ::actfn::bfloat16, float, bf16)                                       \
    ACTFN_DISPATCH_PARAM_T(X, name, p, ::actfn::float16, float, f16)

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
