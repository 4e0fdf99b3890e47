// actfn inside PyTorch (libtorch, the C++ API): a custom autograd function
// whose forward and backward passes are actfn's GELU array forms,
//
//   actfn::gelu(const T* x, T* y, std::size_t n)
//   actfn::gelu_backward(const T* x, const T* dy, T* dx, std::size_t n)
//
// on contiguous float or double CPU tensors.  The program checks it against
// PyTorch's own at::gelu and the gradient autograd computes for it, then shows
// both beside the exact values in the negative tail, where PyTorch's formula
// 0.5*x*(1 + erf(x/sqrt(2))) cancels.  It exits non-zero when a check fails.
//
// Build: examples/CMakeLists.txt, when find_package(Torch) finds libtorch
// (Debian: libtorch-dev); ctest runs it as example.torch_gelu.
#include <actfn/actfn.hpp>

#include <ATen/ATen.h>
#include <torch/csrc/autograd/custom_function.h>
#include <torch/version.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <type_traits>

#ifndef ACTFN_EXAMPLE_ARCH_FLAGS
#define ACTFN_EXAMPLE_ARCH_FLAGS "unknown"
#endif

namespace
{
// The tensors actfn's array forms take: CPU, float or double, contiguous
// (made so if they are not: a copy).
at::Tensor array_of(const at::Tensor& t, const char* what)
{
    TORCH_CHECK(t.device().is_cpu(), "ActfnGelu: ", what, " must be a CPU tensor");
    TORCH_CHECK(t.scalar_type() == at::kFloat || t.scalar_type() == at::kDouble,
                "ActfnGelu: ", what, " must be float or double, not ", t.scalar_type());
    return t.contiguous();
}

// y = gelu(x), elementwise, by actfn.
struct ActfnGelu : torch::autograd::Function<ActfnGelu>
{
    static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& x_in)
    {
        const at::Tensor x = array_of(x_in, "x");
        at::Tensor y = at::empty_like(x);
        const auto n = static_cast<std::size_t>(x.numel());
        if (x.scalar_type() == at::kFloat)
            actfn::gelu(x.data_ptr<float>(), y.data_ptr<float>(), n);
        else
            actfn::gelu(x.data_ptr<double>(), y.data_ptr<double>(), n);
        ctx->save_for_backward({x});
        return y;
    }

    // dL/dx = dL/dy * gelu'(x).
    static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx,
                                                   torch::autograd::variable_list grad_outputs)
    {
        const at::Tensor x = ctx->get_saved_variables()[0];
        const at::Tensor dy = array_of(grad_outputs[0].to(x.scalar_type()), "dL/dy");
        at::Tensor dx = at::empty_like(x);
        const auto n = static_cast<std::size_t>(x.numel());
        if (x.scalar_type() == at::kFloat)
            actfn::gelu_backward(x.data_ptr<float>(), dy.data_ptr<float>(), dx.data_ptr<float>(), n);
        else
            actfn::gelu_backward(x.data_ptr<double>(), dy.data_ptr<double>(), dx.data_ptr<double>(), n);
        return {dx};
    }
};

at::Tensor actfn_gelu(const at::Tensor& x) { return ActfnGelu::apply(x); }

int failures = 0;

// ActfnGelu against at::gelu (exact form, approximate="none"), forward and
// backward through autograd, on 4001 points of [-8, 8] with a varying dL/dy.
// Tolerance: torch.testing.assert_close's defaults for the type, which is how
// PyTorch's own tests compare two computations of the same function:
// |ours - torch| <= atol + rtol*|torch|, float rtol 1.3e-6 atol 1e-5, double
// rtol 1e-7 atol 1e-7.  Where 1 + erf(x/sqrt2) cancels (x < 0), PyTorch's
// error is absolute, of the order of |x|*eps, which atol covers; the printed
// maxima show how far inside the tolerance the two are.
void compare(at::ScalarType type, const char* name, double rtol, double atol)
{
    const at::Tensor x0 = at::linspace(-8.0, 8.0, 4001, at::TensorOptions().dtype(type));
    const at::Tensor dy = at::cos(3.0 * x0) + 0.5;

    const at::Tensor x1 = x0.clone().requires_grad_(true);
    const at::Tensor y1 = actfn_gelu(x1);
    y1.backward(dy);
    const at::Tensor x2 = x0.clone().requires_grad_(true);
    const at::Tensor y2 = at::gelu(x2);
    y2.backward(dy);

    const bool fwd_ok = at::allclose(y1, y2, rtol, atol);
    const bool bwd_ok = at::allclose(x1.grad(), x2.grad(), rtol, atol);
    const double fwd = (y1 - y2).abs().max().item<double>();
    const double bwd = (x1.grad() - x2.grad()).abs().max().item<double>();
    std::printf("  %-7s %9.2e %9.2e   %-7g %-7g   %s\n", name, fwd, bwd, atol, rtol, fwd_ok && bwd_ok ? "yes" : "NO");
    failures += !(fwd_ok && bwd_ok);
}

// |y - exact| in units in the last place of exact in T's format.
template <class T>
double ulps(T y, long double exact)
{
    int e = 0;
    std::frexp(exact, &e);  // |exact| = m * 2^e, m in [0.5, 1)
    const long double ulp = std::ldexp(1.0L, e - std::numeric_limits<T>::digits);
    return static_cast<double>(std::fabs(static_cast<long double>(y) - exact) / ulp);
}

// One tail value: actfn and PyTorch (at::gelu, and its autograd gradient for
// the derivative) beside the exact value.  actfn must be within its bounds,
// 1 ULP forward and 2 ULP derivative (README, Accuracy).
template <class T>
void tail_row(const char* type, const char* what, double x, bool derivative, long double exact)
{
    const auto options = at::TensorOptions().dtype(std::is_same<T, float>::value ? at::kFloat : at::kDouble);
    const at::Tensor xt = at::full({1}, x, options).requires_grad_(true);
    const at::Tensor yt = at::gelu(xt);
    T ours, theirs;
    if (derivative)
    {
        yt.backward(at::ones_like(yt));
        theirs = xt.grad().item<T>();
        ours = actfn::gelu_grad(static_cast<T>(x));
    }
    else
    {
        theirs = yt.item<T>();
        ours = actfn::gelu(static_cast<T>(x));
    }
    const int digits = std::numeric_limits<T>::max_digits10;
    const int width = digits + 6;
    char e[40], a[40], p[40];
    std::snprintf(e, sizeof e, "%.*Le", digits - 1, exact);
    std::snprintf(a, sizeof a, "%.*e", digits - 1, static_cast<double>(ours));
    if (theirs == T(0))
        std::snprintf(p, sizeof p, "%s", std::signbit(theirs) ? "-0" : "0");
    else
        std::snprintf(p, sizeof p, "%.*e", digits - 1, static_cast<double>(theirs));
    std::printf("  %-6s %-10s  %-*s  %-*s %7.2g  %-*s %7.2g\n", type, what, width, e, width, a, ulps(ours, exact),
                width, p, ulps(theirs, exact));
    failures += ulps(ours, exact) > (derivative ? 2.0 : 1.0);
}
}  // namespace

int main()
{
#if defined(__FMA__) || defined(__AVX512F__) || defined(__ARM_FEATURE_FMA)
    const char* fma = "with FMA";
#else
    const char* fma = "without FMA: a*b+c rounds twice";
#endif
    std::printf("compiled for xsimd's %s (%zu floats, %zu doubles per batch), %s; target flags: %s\n",
                xsimd::default_arch::name(), xsimd::batch<float>::size, xsimd::batch<double>::size, fma,
                ACTFN_EXAMPLE_ARCH_FLAGS);
    std::printf("libtorch %d.%d.%d (torch/version.h); actfn's gelu as a torch::autograd::Function, ActfnGelu\n\n",
                TORCH_VERSION_MAJOR, TORCH_VERSION_MINOR, TORCH_VERSION_PATCH);

    std::printf("ActfnGelu against at::gelu and its autograd gradient, 4001 points in [-8, 8]; tolerance\n"
                "|ours - torch| <= atol + rtol*|torch|, torch.testing's defaults for the type:\n");
    std::printf("  %-7s %-19s   %-7s %-7s   %s\n", "", "max |ours - torch|", "atol", "rtol", "within");
    std::printf("  %-7s %9s %9s\n", "", "forward", "backward");
    compare(at::kFloat, "float", 1.3e-6, 1e-5);
    compare(at::kDouble, "double", 1e-7, 1e-7);

    // Exact values: mpmath 1.3.0 at 50 digits, gelu(x) = x/2*erfc(-x/sqrt2),
    // gelu'(x) = erfc(-x/sqrt2)/2 + x*exp(-x^2/2)/sqrt(2*pi) (long double
    // literals; on x86-64 they keep 64 bits, enough to measure a double's ULP).
    const long double gelu_m6 = -5.91952587022618884420518479439e-9L;
    const long double gelu_m10 = -7.6198530241605260659733432516e-23L;
    const long double grad_m6 = -3.54687094539020147812769823117e-8L;
    const long double grad_m10 = -7.61840009646481408567930014753e-22L;
    std::printf("\nThe negative tail, where PyTorch's 0.5*x*(1+erf(x/sqrt2)) cancels; ulp: the error in units\n"
                "in the last place of the exact value (actfn's bounds: 1 forward, 2 for the derivative):\n");
    std::printf("  %-17s  %-15s  %-15s %7s  %-15s %7s\n", "", "exact (mpmath)", "actfn", "ulp", "PyTorch", "ulp");
    tail_row<float>("float", "gelu(-6)", -6.0, false, gelu_m6);
    tail_row<float>("float", "gelu(-10)", -10.0, false, gelu_m10);
    tail_row<float>("float", "gelu'(-6)", -6.0, true, grad_m6);
    tail_row<float>("float", "gelu'(-10)", -10.0, true, grad_m10);
    std::printf("  %-17s  %-23s  %-23s %7s  %-23s %7s\n", "", "exact (mpmath)", "actfn", "ulp", "PyTorch", "ulp");
    tail_row<double>("double", "gelu(-6)", -6.0, false, gelu_m6);
    tail_row<double>("double", "gelu(-10)", -10.0, false, gelu_m10);
    tail_row<double>("double", "gelu'(-6)", -6.0, true, grad_m6);
    tail_row<double>("double", "gelu'(-10)", -10.0, true, grad_m10);

    std::printf("\n%s\n", failures ? "FAILED" : "ok");
    return failures ? 1 : 0;
}
