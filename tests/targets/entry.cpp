// One "target entry" of a program that dispatches by hand, the way users do:
// this file is compiled for SSE2, AVX2+FMA and AVX-512, each copy defining
// its own entry function (ACTFN_TEST_ENTRY), and the copies are linked into
// one program (tests/CMakeLists.txt, "target namespaces").  Each entry calls
// every array form (directly and through function pointers) and element
// kernels of actfn on the same inputs and
// returns a hash of the output bits, which must equal the hash of a program
// that links that entry alone: if the linker had merged actfn's functions
// across the two objects, one entry would run the other's code (and the
// SSE2 entry would execute AVX-512 instructions on an older CPU).  Plain
// arrays, no std::vector: the standard library's own templates instantiated
// in both objects would be merged by the linker just the same (that is the
// program's business, not actfn's), and would blur what this test checks.

#include <actfn/actfn.hpp>

#include <cstdint>
#include <cstddef>
#include <cstring>

#ifndef ACTFN_TEST_ENTRY
#error "define ACTFN_TEST_ENTRY to the entry's name"
#endif

namespace {

struct hasher
{
    std::uint64_t h = 1469598103934665603ull;
    template <class T, std::size_t N>
    void add(const T (&v)[N])
    {
        for (T x : v)
        {
            std::uint64_t b = 0;
            std::memcpy(&b, &x, sizeof x);
            h = (h ^ b) * 1099511628211ull;
        }
    }
};

template <class T>
void run(hasher& hs)
{
    constexpr std::size_t n = 1000;
    static T x[n], dy[n], y[n];
    for (std::size_t i = 0; i < n; ++i)
    {
        // Every region: ordinary values, the tails, tiny and huge values.
        x[i] = static_cast<T>((static_cast<double>(i % 97) - 48.0) * 0.37) *
               (i % 11 == 0 ? T(7) : T(1)) * (i % 101 == 0 ? T(1e-30) : T(1));
        dy[i] = static_cast<T>(1.0 + 0.01 * static_cast<double>(i % 13));
    }
    actfn::gelu(x, y, n), hs.add(y);
    actfn::gelu_backward(x, dy, y, n), hs.add(y);
    actfn::gelu_tanh(x, y, n), hs.add(y);
    actfn::gelu_tanh_backward(x, dy, y, n), hs.add(y);
    actfn::quick_gelu(x, y, n), hs.add(y);
    actfn::quick_gelu_backward(x, dy, y, n, T(0.75)), hs.add(y);
    actfn::silu(x, y, n), hs.add(y);
    actfn::silu_backward(x, dy, y, n), hs.add(y);
    actfn::elu(x, y, n, T(0.5)), hs.add(y);
    actfn::elu_backward(x, dy, y, n), hs.add(y);
    actfn::relu(x, y, n), hs.add(y);
    actfn::leaky_relu_backward(x, dy, y, n), hs.add(y);
    for (std::size_t i = 0; i < n; ++i)
        y[i] = actfn::gelu(x[i]) + actfn::silu_grad(x[i]) + actfn::elu(x[i], T(2)) + actfn::gelu_tanh_grad(x[i]);
    hs.add(y);

    // Every array form once more through a table of function pointers, as a
    // dispatcher holds them: taking the functions' addresses keeps the
    // compiler from making them local clones (g++ -O2 merged such functions
    // across objects before the target namespaces).
    using forward = void (*)(const T*, T*, std::size_t) noexcept;
    using forward_p = void (*)(const T*, T*, std::size_t, T) noexcept;
    using backward = void (*)(const T*, const T*, T*, std::size_t) noexcept;
    using backward_p = void (*)(const T*, const T*, T*, std::size_t, T) noexcept;
    static const forward forwards[] = {&actfn::gelu, &actfn::gelu_tanh, &actfn::silu, &actfn::relu};
    static const forward_p forwards_p[] = {&actfn::quick_gelu, &actfn::elu, &actfn::leaky_relu};
    static const backward backwards[] = {&actfn::gelu_backward, &actfn::gelu_tanh_backward, &actfn::silu_backward,
                                         &actfn::relu_backward};
    static const backward_p backwards_p[] = {&actfn::quick_gelu_backward, &actfn::elu_backward,
                                             &actfn::leaky_relu_backward};
    for (forward f : forwards)
        f(x, y, n), hs.add(y);
    for (forward_p f : forwards_p)
        f(x, y, n, T(0.75)), hs.add(y);
    for (backward f : backwards)
        f(x, dy, y, n), hs.add(y);
    for (backward_p f : backwards_p)
        f(x, dy, y, n, T(0.75)), hs.add(y);
}

// The 16-bit forms the same way (their conversions are forced inline and
// their drivers live in the target namespace: no shared symbol either).
template <class H>
void run_half(hasher& hs)
{
    constexpr std::size_t n = 700;
    static H x[n], dy[n], y[n];
    for (std::size_t i = 0; i < n; ++i)
    {
        x[i] = H(static_cast<float>((static_cast<double>(i % 89) - 44.0) * 0.41) * (i % 13 == 0 ? 9.0f : 1.0f));
        dy[i] = H::from_bits(static_cast<std::uint16_t>(0x3C00u + i % 17)); // near 1 in float16, tiny in bfloat16
    }
    std::uint16_t bits[n];
    auto add = [&] {
        for (std::size_t i = 0; i < n; ++i)
            bits[i] = y[i].to_bits();
        hs.add(bits);
    };
    actfn::gelu(x, y, n), add();
    actfn::gelu_backward(x, dy, y, n), add();
    actfn::silu_backward(x, dy, y, n), add();
    actfn::elu(x, y, n, 0.5f), add();
    using forward = void (*)(const H*, H*, std::size_t) noexcept;
    using backward_p = void (*)(const H*, const H*, H*, std::size_t, float) noexcept;
    static const forward forwards[] = {&actfn::gelu, &actfn::gelu_tanh, &actfn::silu, &actfn::relu};
    static const backward_p backwards_p[] = {&actfn::quick_gelu_backward, &actfn::elu_backward,
                                             &actfn::leaky_relu_backward};
    for (forward f : forwards)
        f(x, y, n), add();
    for (backward_p f : backwards_p)
        f(x, dy, y, n, 0.75f), add();
}

} // namespace

std::uint64_t ACTFN_TEST_ENTRY() noexcept
{
    hasher hs;
    run<float>(hs);
    run<double>(hs);
    run_half<actfn::bfloat16>(hs);
    run_half<actfn::float16>(hs);
    return hs.h;
}
