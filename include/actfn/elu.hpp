#pragma once
// ELU: x > 0 ? x : alpha*(exp(x) - 1); elu(-inf) = -alpha.
// elu_grad: x > 0 ? 1 : alpha*exp(x), so elu_grad(0) = alpha as in PyTorch.
//
// Both within 1 ulp of the exact values for the given alpha (as a value of the
// working type) on targets with an FMA.  See detail/elu_impl.hpp.

#include "detail/array_api.hpp"
#include "detail/elu_impl.hpp"

namespace actfn {

#define ACTFN_ALPHA_PARAMS(T) , T alpha = T(1)
#define ACTFN_ALPHA_ARGS() , alpha
ACTFN_DEFINE_KERNELS(elu, ACTFN_ALPHA_PARAMS, ACTFN_ALPHA_ARGS)
ACTFN_DEFINE_ARRAY_FORMS(elu, ACTFN_ALPHA_PARAMS, ACTFN_ALPHA_ARGS)
#undef ACTFN_ALPHA_PARAMS
#undef ACTFN_ALPHA_ARGS

} // namespace actfn
