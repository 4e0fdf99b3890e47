#pragma once
// ReLU and leaky ReLU, the baselines GELU is compared with.
//
// relu(x) = max(x, 0); relu(-0) = +0.  leaky_relu(x, s) = x > 0 ? x : s*x.
// Derivatives follow PyTorch at 0 (relu_grad(0) = 0, leaky_relu_grad(0) = s);
// a NaN input gives NaN for the forward value and for the derivative.
// Op count per vector: relu 2 (compare, select), leaky_relu 3 (a mul more),
// the derivatives 4 (two compares, two selects), and a mul by dy in a
// backward pass; on AVX-512 relu and the derivatives are one vfixupimm each
// (simd_ops.hpp).  From L2 on these are limited by memory, not arithmetic.

#include "detail/array_api.hpp"
#include "detail/kernel_op.hpp"

namespace actfn {
namespace detail {

template <class S>
struct relu_forward : slow_path_for_nan_only
{
    explicit relu_forward(op_tag) noexcept {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return positive_part(x);
    }
};

template <class S>
struct relu_derivative : slow_path_for_nan_only
{
    explicit relu_derivative(op_tag) noexcept {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return unit_step(x, T(S(0)));
    }
};

template <class S>
struct leaky_relu_forward : slow_path_for_nan_only
{
    S slope;
    leaky_relu_forward(op_tag, S s) noexcept : slope(s) {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return choose(x > T(S(0)), x, x * T(slope));
    }
};

template <class S>
struct leaky_relu_derivative : slow_path_for_nan_only
{
    S slope;
    leaky_relu_derivative(op_tag, S s) noexcept : slope(s) {}
    template <class T>
    ACTFN_INLINE T fast(const T& x, mask_t<T>& slow) const noexcept
    {
        slow = is_nan(x);
        return unit_step(x, T(slope));
    }
};

} // namespace detail

ACTFN_DEFINE_KERNELS(relu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)
ACTFN_DEFINE_ARRAY_FORMS(relu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)

#define ACTFN_SLOPE_PARAMS(T) , T slope = T(0.01)
#define ACTFN_SLOPE_ARGS() , slope
ACTFN_DEFINE_KERNELS(leaky_relu, ACTFN_SLOPE_PARAMS, ACTFN_SLOPE_ARGS)
ACTFN_DEFINE_ARRAY_FORMS(leaky_relu, ACTFN_SLOPE_PARAMS, ACTFN_SLOPE_ARGS)
#undef ACTFN_SLOPE_PARAMS
#undef ACTFN_SLOPE_ARGS

} // namespace actfn
