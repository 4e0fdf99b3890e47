#pragma once
// A hash of the output bits of every array form, float, double, bfloat16 and
// float16, on inputs that reach every region (ordinary values, the tails, tiny and huge values,
// zeros, infinities, NaN), through an API given as a struct of calls: the
// header-only functions compiled for one target (reference_*.cpp) or the
// dispatched library (test_dispatch.cpp).  Equal hashes: equal bits.

#include <actfn/half.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>

namespace actfn_dispatch_test {

struct hasher
{
    std::uint64_t h = 1469598103934665603ull;
    template <class T>
    void add(const T* v, std::size_t n)
    {
        for (std::size_t i = 0; i < n; ++i)
        {
            std::uint64_t b = 0;
            std::memcpy(&b, &v[i], sizeof(T));
            h = (h ^ b) * 1099511628211ull;
        }
    }
};

template <class T, class Api>
void hash_type(hasher& hs)
{
    using P = typename std::conditional<sizeof(T) == 2, float, T>::type;
    constexpr std::size_t n = 1037;
    static T x[n], dy[n], y[n];
    for (std::size_t i = 0; i < n; ++i)
    {
        const double v = (static_cast<double>(i % 113) - 56.0) * 0.29;
        x[i] = static_cast<T>(static_cast<P>(i % 17 == 0 ? v * 9.0 : i % 29 == 0 ? v * 1e-35 : v));
        // Exact, so that no unit's a * b + c contraction moves the inputs.
        dy[i] = static_cast<T>(static_cast<P>(static_cast<double>(16 + i % 31) / 32.0));
    }
    x[7] = static_cast<T>(std::numeric_limits<P>::infinity());
    x[8] = static_cast<T>(-std::numeric_limits<P>::infinity());
    x[9] = static_cast<T>(std::numeric_limits<P>::quiet_NaN());
    x[10] = static_cast<T>(P(-0.0));
    const P p[] = {P(0.75), P(-2.5)};
    Api::gelu(x, y, n), hs.add(y, n);
    Api::gelu_backward(x, dy, y, n), hs.add(y, n);
    Api::gelu_tanh(x, y, n), hs.add(y, n);
    Api::gelu_tanh_backward(x, dy, y, n), hs.add(y, n);
    Api::silu(x, y, n), hs.add(y, n);
    Api::silu_backward(x, dy, y, n), hs.add(y, n);
    Api::relu(x, y, n), hs.add(y, n);
    Api::relu_backward(x, dy, y, n), hs.add(y, n);
    Api::quick_gelu(x, y, n), hs.add(y, n);
    Api::quick_gelu_backward(x, dy, y, n), hs.add(y, n);
    Api::elu(x, y, n), hs.add(y, n);
    Api::elu_backward(x, dy, y, n), hs.add(y, n);
    Api::leaky_relu(x, y, n), hs.add(y, n);
    Api::leaky_relu_backward(x, dy, y, n), hs.add(y, n);
    for (P a : p)
    {
        Api::quick_gelu(x, y, n, a), hs.add(y, n);
        Api::quick_gelu_backward(x, dy, y, n, a), hs.add(y, n);
        Api::elu(x, y, n, a), hs.add(y, n);
        Api::elu_backward(x, dy, y, n, a), hs.add(y, n);
        Api::leaky_relu(x, y, n, a), hs.add(y, n);
        Api::leaky_relu_backward(x, dy, y, n, a), hs.add(y, n);
    }
}

template <class Api>
std::uint64_t hash_all()
{
    hasher hs;
    hash_type<float, Api>(hs);
    hash_type<double, Api>(hs);
    hash_type<actfn::bfloat16, Api>(hs);
    hash_type<actfn::float16, Api>(hs);
    return hs.h;
}

// The calls of one API, spelled once: ACTFN_TEST_API(ns) defines a struct
// whose static functions forward to ns::gelu etc.
#define ACTFN_TEST_API(name, ns)                                                                              \
    struct name                                                                                              \
    {                                                                                                        \
        template <class... A> static void gelu(A... a) { ns::gelu(a...); }                                   \
        template <class... A> static void gelu_backward(A... a) { ns::gelu_backward(a...); }                 \
        template <class... A> static void gelu_tanh(A... a) { ns::gelu_tanh(a...); }                         \
        template <class... A> static void gelu_tanh_backward(A... a) { ns::gelu_tanh_backward(a...); }       \
        template <class... A> static void silu(A... a) { ns::silu(a...); }                                   \
        template <class... A> static void silu_backward(A... a) { ns::silu_backward(a...); }                 \
        template <class... A> static void relu(A... a) { ns::relu(a...); }                                   \
        template <class... A> static void relu_backward(A... a) { ns::relu_backward(a...); }                 \
        template <class... A> static void quick_gelu(A... a) { ns::quick_gelu(a...); }                       \
        template <class... A> static void quick_gelu_backward(A... a) { ns::quick_gelu_backward(a...); }     \
        template <class... A> static void elu(A... a) { ns::elu(a...); }                                     \
        template <class... A> static void elu_backward(A... a) { ns::elu_backward(a...); }                   \
        template <class... A> static void leaky_relu(A... a) { ns::leaky_relu(a...); }                       \
        template <class... A> static void leaky_relu_backward(A... a) { ns::leaky_relu_backward(a...); }     \
    };

} // namespace actfn_dispatch_test
