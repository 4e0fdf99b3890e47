#include "fast_reference.hpp"

namespace actfn_exh {

double default_param(kernel k, actfn_ref::format f)
{
    const bool single = f == actfn_ref::format::binary32;
    switch (actfn_ref::forward_of(k))
    {
    case kernel::quick_gelu: return single ? static_cast<double>(1.702f) : 1.702;
    case kernel::leaky_relu: return single ? static_cast<double>(0.01f) : 0.01;
    case kernel::elu: return 1.0;
    default: return 0.0;
    }
}

window window_of(kernel k, double param, double half_width)
{
    double root;
    switch (k)
    {
    case kernel::gelu_grad: root = actfn_ref::root_gelu_grad(); break;
    case kernel::gelu_tanh_grad: root = actfn_ref::root_gelu_tanh_grad(); break;
    case kernel::silu_grad: root = actfn_ref::root_silu_grad(); break;
    case kernel::quick_gelu_grad: root = actfn_ref::root_quick_gelu_grad(param); break;
    default: return {};
    }
    return {root - half_width, root + half_width};
}

} // namespace actfn_exh
