#pragma once
// SiLU (swish): x*sigma(x), and its derivative sigma(x)*(1 + x*(1 - sigma(x))).
//
// Within 1 ulp (forward) and 2 ulp (derivative, including next to its root at
// x = -1.2784645...) on targets with an FMA.  See detail/sigmoid_impl.hpp.

#include "detail/array_api.hpp"
#include "detail/sigmoid_impl.hpp"

namespace actfn {

ACTFN_DEFINE_KERNELS(silu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)
ACTFN_DEFINE_ARRAY_FORMS(silu, ACTFN_NO_PARAMS, ACTFN_NO_ARGS)

} // namespace actfn
