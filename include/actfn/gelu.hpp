#pragma once
// Exact GELU: x*Phi(x) = 0.5*x*erfc(-x/sqrt(2)), and its derivative Phi(x) + x*phi(x).
//
// gelu is within 1 ulp and gelu_grad within 2 ulp of the exact values for every
// float and double input on targets with an FMA (without one: 2 and 4 ulp),
// including the negative tail down to where gelu underflows to -0 and next to
// gelu_grad's root at x = -0.7517915...  See detail/gelu_impl.hpp.

#include "detail/array_api.hpp"
#include "detail/gelu_grad_impl.hpp"
#include "detail/gelu_impl.hpp"

namespace actfn {

ACTFN_DEFINE_KERNELS(gelu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)
ACTFN_DEFINE_ARRAY_FORMS(gelu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)

} // namespace actfn
