#pragma once
// Calls actfn's kernels and array functions by reference id, and runs a
// family's accuracy sweep.  Header-only: it is compiled into each ISA build,
// so the outputs measured are the ones that build's code computes.

#include "accuracy.hpp"

#include <actfn/actfn.hpp>

#include <cstddef>
#include <cstdio>
#include <string>
#include <type_traits>
#include <vector>

namespace actfn_test {

// A kernel's parameter: left to its default (the overload without it) or given.
template <class T>
struct param_t
{
    bool given = false;
    T value = T(0);
};

template <class T>
param_t<T> with_param(T v)
{
    return {true, v};
}

// The documented defaults as values of the working type: quick_gelu's alpha is
// the T nearest 1.702 (1.702f for float), leaky_relu's slope the T nearest
// 0.01, elu's alpha 1.  The reference is given these values.
template <class T>
T default_param(kernel k)
{
    switch (actfn_ref::forward_of(k))
    {
    case kernel::quick_gelu: return std::is_same<T, float>::value ? T(1.702f) : T(1.702);
    case kernel::leaky_relu: return std::is_same<T, float>::value ? T(0.01f) : T(0.01);
    case kernel::elu: return T(1);
    default: return T(0);
    }
}

template <class T>
T param_value(kernel k, param_t<T> p)
{
    return p.given ? p.value : default_param<T>(k);
}

template <class T>
T scalar(kernel k, T x, param_t<T> p = {})
{
    switch (k)
    {
    case kernel::gelu: return actfn::gelu(x);
    case kernel::gelu_grad: return actfn::gelu_grad(x);
    case kernel::gelu_tanh: return actfn::gelu_tanh(x);
    case kernel::gelu_tanh_grad: return actfn::gelu_tanh_grad(x);
    case kernel::quick_gelu: return p.given ? actfn::quick_gelu(x, p.value) : actfn::quick_gelu(x);
    case kernel::quick_gelu_grad: return p.given ? actfn::quick_gelu_grad(x, p.value) : actfn::quick_gelu_grad(x);
    case kernel::silu: return actfn::silu(x);
    case kernel::silu_grad: return actfn::silu_grad(x);
    case kernel::elu: return p.given ? actfn::elu(x, p.value) : actfn::elu(x);
    case kernel::elu_grad: return p.given ? actfn::elu_grad(x, p.value) : actfn::elu_grad(x);
    case kernel::relu: return actfn::relu(x);
    case kernel::relu_grad: return actfn::relu_grad(x);
    case kernel::leaky_relu: return p.given ? actfn::leaky_relu(x, p.value) : actfn::leaky_relu(x);
    case kernel::leaky_relu_grad: return p.given ? actfn::leaky_relu_grad(x, p.value) : actfn::leaky_relu_grad(x);
    }
    return T(0);
}

// y = f(x) through the array form of fwd (a forward kernel).
template <class T>
void array_forward(kernel fwd, const T* x, T* y, std::size_t n, param_t<T> p = {})
{
    switch (fwd)
    {
    case kernel::gelu: actfn::gelu(x, y, n); return;
    case kernel::gelu_tanh: actfn::gelu_tanh(x, y, n); return;
    case kernel::quick_gelu: p.given ? actfn::quick_gelu(x, y, n, p.value) : actfn::quick_gelu(x, y, n); return;
    case kernel::silu: actfn::silu(x, y, n); return;
    case kernel::elu: p.given ? actfn::elu(x, y, n, p.value) : actfn::elu(x, y, n); return;
    case kernel::relu: actfn::relu(x, y, n); return;
    case kernel::leaky_relu: p.given ? actfn::leaky_relu(x, y, n, p.value) : actfn::leaky_relu(x, y, n); return;
    default: return;
    }
}

// dx = dy * f'(x) through the backward form of fwd (a forward kernel).
template <class T>
void array_backward(kernel fwd, const T* x, const T* dy, T* dx, std::size_t n, param_t<T> p = {})
{
    switch (fwd)
    {
    case kernel::gelu: actfn::gelu_backward(x, dy, dx, n); return;
    case kernel::gelu_tanh: actfn::gelu_tanh_backward(x, dy, dx, n); return;
    case kernel::quick_gelu:
        p.given ? actfn::quick_gelu_backward(x, dy, dx, n, p.value) : actfn::quick_gelu_backward(x, dy, dx, n);
        return;
    case kernel::silu: actfn::silu_backward(x, dy, dx, n); return;
    case kernel::elu: p.given ? actfn::elu_backward(x, dy, dx, n, p.value) : actfn::elu_backward(x, dy, dx, n); return;
    case kernel::relu: actfn::relu_backward(x, dy, dx, n); return;
    case kernel::leaky_relu:
        p.given ? actfn::leaky_relu_backward(x, dy, dx, n, p.value) : actfn::leaky_relu_backward(x, dy, dx, n);
        return;
    default: return;
    }
}

constexpr kernel forward_kernels[] = {kernel::gelu, kernel::gelu_tanh, kernel::quick_gelu, kernel::silu,
                                      kernel::elu,  kernel::relu,      kernel::leaky_relu};

template <class T>
constexpr format format_of()
{
    return std::is_same<T, float>::value ? format::binary32 : format::binary64;
}

template <class T>
const char* type_name()
{
    return std::is_same<T, float>::value ? "float" : "double";
}

// Outcome of one kernel (forward or derivative) of a family sweep: through the
// array API (the SIMD path of this build) and through the scalar kernel.
struct kernel_report
{
    kernel k = kernel::gelu;
    double param = 0;
    format fmt = format::binary32;
    bound b;
    bool measured = false;
    result array, scalar;
};

struct family_report
{
    kernel_report forward, derivative;
};

// Measures fwd and its derivative for type T over the sweep of level l.  The
// derivative goes through fwd_backward with dy = 1 (dx = 1 * f'(x) exactly).
// With measure_unchecked false, a kernel whose bound is not asserted at this
// level (double derivatives outside `full`) is skipped.
template <class T>
family_report run_family(kernel fwd, param_t<T> p, level l, bool measure_unchecked)
{
    const kernel grad = actfn_ref::derivative_of(fwd);
    const T pv = param_value(fwd, p);
    std::vector<T> x;
    if constexpr (std::is_same<T, float>::value)
        x = float_inputs(fwd, pv, l);
    else
        x = double_inputs(fwd, pv, l);
    const std::size_t n = x.size();
    const std::vector<double> xd(x.begin(), x.end());

    family_report rep;
    rep.forward.k = fwd;
    rep.derivative.k = grad;
    for (kernel_report* kr : {&rep.forward, &rep.derivative})
    {
        kr->param = static_cast<double>(pv);
        kr->fmt = format_of<T>();
        kr->b = bound_for(kr->k, format_of<T>(), l, ACTFN_HAS_FMA != 0);
    }

    // Outputs of both kernels first, then one MPFR pass over the points for
    // both (they share Phi or sigma there).
    std::vector<std::vector<double>> outs;
    outs.reserve(4);
    std::vector<job> jobs;
    std::vector<kernel_report*> reports;
    std::vector<T> out(n);
    for (kernel_report* kr : {&rep.forward, &rep.derivative})
    {
        if (!kr->b.checked && !measure_unchecked)
            continue;
        if (kr == &rep.forward)
            array_forward(fwd, x.data(), out.data(), n, p);
        else
        {
            const std::vector<T> ones(n, T(1));
            array_backward(fwd, x.data(), ones.data(), out.data(), n, p);
        }
        outs.emplace_back(out.begin(), out.end());
        outs.emplace_back(n);
        for (std::size_t i = 0; i < n; ++i)
            outs.back()[i] = scalar(kr->k, x[i], p);
        jobs.push_back({kr->k, kr->b, {}});
        reports.push_back(kr);
    }
    for (std::size_t j = 0; j < jobs.size(); ++j)
        jobs[j].outputs = {&outs[2 * j], &outs[2 * j + 1]};
    const std::vector<std::vector<result>> r = measure(jobs, static_cast<double>(pv), format_of<T>(), xd);
    for (std::size_t j = 0; j < jobs.size(); ++j)
    {
        reports[j]->array = r[j][0];
        reports[j]->scalar = r[j][1];
        reports[j]->measured = true;
    }
    return rep;
}

// "elu (alpha = 0.3)", "gelu": a kernel and its parameter, for messages.
template <class T>
std::string label_of(kernel k, param_t<T> p)
{
    std::string s = actfn_ref::name(k);
    if (p.given)
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, " (%s = %a)", actfn_ref::forward_of(k) == kernel::leaky_relu ? "slope" : "alpha",
                      static_cast<double>(p.value));
        s += buf;
    }
    return s;
}

inline std::string label(const kernel_report& kr)
{
    std::string s = actfn_ref::name(kr.k);
    s += kr.fmt == format::binary32 ? " float" : " double";
    if (actfn_ref::has_param(kr.k))
    {
        char buf[64];
        std::snprintf(buf, sizeof buf, " (%s = %.9g)",
                      actfn_ref::forward_of(kr.k) == kernel::leaky_relu ? "slope" : "alpha", kr.param);
        s += buf;
    }
    return s;
}

} // namespace actfn_test
