// Compile-time contract of the kernels: noexcept, accepted only for float,
// double and xsimd batches of them (SFINAE: other types find no kernel), and
// usable on xsimd::batch<T, A> for every architecture A this build supports,
// called directly in a user-style xsimd loop and compared lane by lane with
// the scalar kernel.

#include "support/kernels.hpp"
#include "support/specials.hpp"

#include <gtest/gtest.h>

#include <complex>
#include <cstdint>
#include <iostream>
#include <type_traits>
#include <utility>
#include <vector>

namespace {

using namespace actfn_test;

// ---- noexcept ------------------------------------------------------------

#define ACTFN_TEST_NOEXCEPT(T)                                                                                 \
    static_assert(noexcept(actfn::gelu(T(1))), "gelu");                                                        \
    static_assert(noexcept(actfn::gelu_grad(T(1))), "gelu_grad");                                              \
    static_assert(noexcept(actfn::gelu_tanh(T(1))), "gelu_tanh");                                              \
    static_assert(noexcept(actfn::gelu_tanh_grad(T(1))), "gelu_tanh_grad");                                    \
    static_assert(noexcept(actfn::quick_gelu(T(1))), "quick_gelu");                                            \
    static_assert(noexcept(actfn::quick_gelu(T(1), 1.5)), "quick_gelu(x, alpha)");                             \
    static_assert(noexcept(actfn::quick_gelu_grad(T(1))), "quick_gelu_grad");                                  \
    static_assert(noexcept(actfn::quick_gelu_grad(T(1), 1.5)), "quick_gelu_grad(x, alpha)");                   \
    static_assert(noexcept(actfn::silu(T(1))), "silu");                                                        \
    static_assert(noexcept(actfn::silu_grad(T(1))), "silu_grad");                                              \
    static_assert(noexcept(actfn::elu(T(1))), "elu");                                                          \
    static_assert(noexcept(actfn::elu(T(1), 2)), "elu(x, alpha)");                                             \
    static_assert(noexcept(actfn::elu_grad(T(1))), "elu_grad");                                                \
    static_assert(noexcept(actfn::relu(T(1))), "relu");                                                        \
    static_assert(noexcept(actfn::relu_grad(T(1))), "relu_grad");                                              \
    static_assert(noexcept(actfn::leaky_relu(T(1))), "leaky_relu");                                            \
    static_assert(noexcept(actfn::leaky_relu_grad(T(1), 0.5)), "leaky_relu_grad");

ACTFN_TEST_NOEXCEPT(float)
ACTFN_TEST_NOEXCEPT(double)
#if ACTFN_SIMD
ACTFN_TEST_NOEXCEPT(xsimd::batch<float>)
ACTFN_TEST_NOEXCEPT(xsimd::batch<double>)
#endif

// The array forms are noexcept too (their precondition is an assert).
static_assert(noexcept(actfn::gelu(static_cast<const float*>(nullptr), static_cast<float*>(nullptr), 0)), "");
static_assert(noexcept(actfn::elu_backward(static_cast<const double*>(nullptr), static_cast<const double*>(nullptr),
                                           static_cast<double*>(nullptr), 0, 1.0)),
              "");

// ---- result types ------------------------------------------------------------

static_assert(std::is_same<decltype(actfn::gelu(1.0f)), float>::value, "");
static_assert(std::is_same<decltype(actfn::gelu_grad(1.0)), double>::value, "");
static_assert(std::is_same<decltype(actfn::quick_gelu(1.0f, 1.702f)), float>::value, "");
static_assert(std::is_same<decltype(actfn::leaky_relu_grad(1.0, 0.2)), double>::value, "");
#if ACTFN_SIMD
static_assert(std::is_same<decltype(actfn::silu(xsimd::batch<float>(1.0f))), xsimd::batch<float>>::value, "");
static_assert(std::is_same<decltype(actfn::elu_grad(xsimd::batch<double>(1.0))), xsimd::batch<double>>::value, "");
#endif

// ---- SFINAE: only float, double and their batches ------------------------------

#define ACTFN_TEST_DETECTOR(fn)                                                                                \
    template <class T, class = void>                                                                           \
    struct accepts_##fn : std::false_type                                                                      \
    {                                                                                                          \
    };                                                                                                         \
    template <class T>                                                                                         \
    struct accepts_##fn<T, std::void_t<decltype(actfn::fn(std::declval<T>()))>> : std::true_type               \
    {                                                                                                          \
    };

ACTFN_TEST_DETECTOR(gelu)
ACTFN_TEST_DETECTOR(gelu_grad)
ACTFN_TEST_DETECTOR(gelu_tanh)
ACTFN_TEST_DETECTOR(gelu_tanh_grad)
ACTFN_TEST_DETECTOR(quick_gelu)
ACTFN_TEST_DETECTOR(quick_gelu_grad)
ACTFN_TEST_DETECTOR(silu)
ACTFN_TEST_DETECTOR(silu_grad)
ACTFN_TEST_DETECTOR(elu)
ACTFN_TEST_DETECTOR(elu_grad)
ACTFN_TEST_DETECTOR(relu)
ACTFN_TEST_DETECTOR(relu_grad)
ACTFN_TEST_DETECTOR(leaky_relu)
ACTFN_TEST_DETECTOR(leaky_relu_grad)

template <class T>
constexpr int accepted_by()
{
    return accepts_gelu<T>::value + accepts_gelu_grad<T>::value + accepts_gelu_tanh<T>::value +
           accepts_gelu_tanh_grad<T>::value + accepts_quick_gelu<T>::value + accepts_quick_gelu_grad<T>::value +
           accepts_silu<T>::value + accepts_silu_grad<T>::value + accepts_elu<T>::value + accepts_elu_grad<T>::value +
           accepts_relu<T>::value + accepts_relu_grad<T>::value + accepts_leaky_relu<T>::value +
           accepts_leaky_relu_grad<T>::value;
}

static_assert(accepted_by<float>() == 14, "every kernel takes float");
static_assert(accepted_by<double>() == 14, "every kernel takes double");
static_assert(accepted_by<int>() == 0, "no kernel takes int");
static_assert(accepted_by<unsigned>() == 0, "no kernel takes unsigned");
static_assert(accepted_by<long double>() == 0, "no kernel takes long double");
static_assert(accepted_by<bool>() == 0, "no kernel takes bool");
static_assert(accepted_by<std::int64_t>() == 0, "no kernel takes int64_t");
static_assert(accepted_by<std::complex<float>>() == 0, "no kernel takes complex");
static_assert(accepted_by<float*>() == 0, "a pointer is not a kernel argument");
#if ACTFN_SIMD
static_assert(accepted_by<xsimd::batch<float>>() == 14, "every kernel takes batch<float>");
static_assert(accepted_by<xsimd::batch<double>>() == 14, "every kernel takes batch<double>");
static_assert(accepted_by<xsimd::batch<std::int32_t>>() == 0, "no kernel takes an integer batch");
#endif

TEST(Compile, ContractsHold)
{
    // Everything above is checked by the compiler; this records that the
    // translation unit was built in this configuration.
    std::cout << "ACTFN_SIMD = " << ACTFN_SIMD << ", ACTFN_HAS_FMA = " << ACTFN_HAS_FMA << std::endl;
    SUCCEED();
}

// ---- batch kernels on every architecture ---------------------------------------

#if ACTFN_SIMD

template <class T>
std::vector<T> batch_inputs()
{
    std::vector<T> v = special_points_of<T>();
    for (int i = -2000; i <= 2000; ++i)
        v.push_back(static_cast<T>(i) / T(64));
    while (v.size() % 64 != 0)
        v.push_back(T(0.5));
    return v;
}

// Does xsimd's fma round once on architecture A?  (1 + 2^-12)^2 - (1 + 2^-11)
// is 2^-24 exactly, 0 after rounding the product to float.
template <class A>
bool fma_is_fused()
{
    using B = xsimd::batch<float, A>;
    volatile float va = 1.0f + 0x1p-12f, vc = -(1.0f + 0x1p-11f);
    alignas(64) float out[B::size];
    xsimd::fma(B(va), B(va), B(vc)).store_unaligned(out);
    return out[0] != 0.0f;
}

// What a user writes: load, call the kernel on the batch, store.
template <class T, class A>
void batch_eval(kernel k, const std::vector<T>& x, std::vector<T>& y, param_t<T> p)
{
    using B = xsimd::batch<T, A>;
    constexpr std::size_t W = B::size;
    for (std::size_t i = 0; i + W <= x.size(); i += W)
    {
        const B v = B::load_unaligned(x.data() + i);
        B r;
        switch (k)
        {
        case kernel::gelu: r = actfn::gelu(v); break;
        case kernel::gelu_grad: r = actfn::gelu_grad(v); break;
        case kernel::gelu_tanh: r = actfn::gelu_tanh(v); break;
        case kernel::gelu_tanh_grad: r = actfn::gelu_tanh_grad(v); break;
        case kernel::quick_gelu: r = p.given ? actfn::quick_gelu(v, p.value) : actfn::quick_gelu(v); break;
        case kernel::quick_gelu_grad: r = p.given ? actfn::quick_gelu_grad(v, p.value) : actfn::quick_gelu_grad(v); break;
        case kernel::silu: r = actfn::silu(v); break;
        case kernel::silu_grad: r = actfn::silu_grad(v); break;
        case kernel::elu: r = p.given ? actfn::elu(v, p.value) : actfn::elu(v); break;
        case kernel::elu_grad: r = p.given ? actfn::elu_grad(v, p.value) : actfn::elu_grad(v); break;
        case kernel::relu: r = actfn::relu(v); break;
        case kernel::relu_grad: r = actfn::relu_grad(v); break;
        case kernel::leaky_relu: r = p.given ? actfn::leaky_relu(v, p.value) : actfn::leaky_relu(v); break;
        case kernel::leaky_relu_grad: r = p.given ? actfn::leaky_relu_grad(v, p.value) : actfn::leaky_relu_grad(v); break;
        }
        r.store_unaligned(y.data() + i);
    }
}

// Lanes of architectures whose fma rounds like the scalar path (ACTFN_HAS_FMA)
// must be the scalar kernel's bits; on the others (a 128-bit architecture
// without FMA inside an FMA build) the lanes legitimately differ, and are held
// to the accuracy bounds against MPFR instead.
template <class T, class A>
void check_arch(const std::vector<T>& x, std::size_t& archs)
{
    ++archs;
    const bool bitwise = fma_is_fused<A>() == (ACTFN_HAS_FMA != 0);
    std::cout << "[ batch ] " << A::name() << " " << type_name<T>() << ": batch of " << xsimd::batch<T, A>::size
              << (bitwise ? ", compared bit for bit with the scalar kernel" : ", fma differs from the scalar path: "
                                                                              "compared with MPFR")
              << std::endl;
    std::vector<T> y(x.size());
    for (int ki = 0; ki < actfn_ref::kernel_count; ++ki)
    {
        const kernel k = static_cast<kernel>(ki);
        for (const param_t<T> p : {param_t<T>{}, with_param(T(0.75))})
        {
            if (p.given && !actfn_ref::has_param(k))
                continue;
            batch_eval<T, A>(k, x, y, p);
            if (bitwise)
            {
                std::size_t bad = 0;
                for (std::size_t i = 0; i < x.size(); ++i)
                {
                    const T s = scalar(k, x[i], p);
                    const bool ok = (std::isnan(s) && std::isnan(y[i])) || bits_of(s) == bits_of(y[i]);
                    if (!ok && ++bad <= 5)
                        ADD_FAILURE() << A::name() << " " << actfn_ref::name(k) << "(" << hex(x[i]) << "): lane "
                                      << hex(y[i]) << ", scalar " << hex(s);
                }
                EXPECT_EQ(bad, 0u) << A::name() << " " << actfn_ref::name(k) << " " << type_name<T>();
            }
            else
            {
                const std::vector<double> xd(x.begin(), x.end()), yd(y.begin(), y.end());
                const bound b = bound_for(k, format_of<T>(), level::standard);
                const double pv = static_cast<double>(param_value(k, p));
                const result r = measure(k, pv, format_of<T>(), xd, {&yd}, b)[0];
                EXPECT_TRUE(!b.checked || within(r, b))
                    << A::name() << " " << actfn_ref::name(k) << " " << type_name<T>() << ": "
                    << describe(r, b, format_of<T>());
            }
        }
    }
}

TEST(Compile, BatchKernelsOnEverySupportedArchitecture)
{
    const std::vector<float> xf = batch_inputs<float>();
    const std::vector<double> xd = batch_inputs<double>();
    std::size_t archs = 0;
    xsimd::supported_architectures::for_each([&](auto arch) {
        using A = decltype(arch);
        check_arch<float, A>(xf, archs);
        check_arch<double, A>(xd, archs);
    });
    std::cout << "[ batch ] default architecture of this build: " << xsimd::default_arch::name() << std::endl;
    EXPECT_GE(archs, 2u);
}

#endif

} // namespace
