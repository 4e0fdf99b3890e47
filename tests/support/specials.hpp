#pragma once
// Special values, tiny inputs and large finite inputs, checked on the scalar
// kernel and through the array API (the specials sit at varied positions of a
// 37-element array, so both the SIMD body and the tail see them).  Expected
// values are limits and conventions from the note and the headers' comments,
// or the MPFR reference's correct rounding.

#include "kernels.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

namespace actfn_test {

template <class T>
std::uint64_t bits_of(T v)
{
    if constexpr (sizeof(T) == 4)
    {
        std::uint32_t u;
        std::memcpy(&u, &v, sizeof u);
        return u;
    }
    else
    {
        std::uint64_t u;
        std::memcpy(&u, &v, sizeof u);
        return u;
    }
}

template <class T>
T from_bits(std::uint64_t b)
{
    T v;
    if constexpr (sizeof(T) == 4)
    {
        const std::uint32_t u = static_cast<std::uint32_t>(b);
        std::memcpy(&v, &u, sizeof v);
    }
    else
        std::memcpy(&v, &b, sizeof v);
    return v;
}

// The same bits, or both NaN: IEEE 754 leaves the payload and sign of a
// propagated NaN unspecified.
template <class T>
bool same_or_both_nan(T a, T b)
{
    return (std::isnan(a) && std::isnan(b)) || bits_of(a) == bits_of(b);
}

// The same bits, NaNs included.
template <class T>
bool same_bits(T a, T b)
{
    return bits_of(a) == bits_of(b);
}

// v with the quiet-NaN bit set: what every kernel returns for a NaN input v
// (README, "Special values").
template <class T>
T quieted_nan(T v)
{
    return from_bits<T>(bits_of(v) | (sizeof(T) == 4 ? 0x00400000ull : 0x0008000000000000ull));
}

// What a backward form must give for x, dy and g = f'(x) from the scalar
// kernel (README, "Special values"): x quieted when x is NaN (g is then x
// quieted too), otherwise the IEEE product dy * g, in which a NaN dy comes
// back quieted, and (+-inf) * 0 gives x86's default NaN, the negative quiet
// NaN, on every target.  With g not NaN the product has at most one NaN
// operand, so its bits do not depend on the operand order a compiler picks.
template <class T>
T expected_backward(T dy, T g, T x)
{
    if (std::isnan(x))
        return quieted_nan(x);
    const T r = dy * g;
    if (std::isnan(r) && !std::isnan(dy))
        return from_bits<T>(sizeof(T) == 4 ? 0xffc00000ull : 0xfff8000000000000ull);
    return r;
}

template <class T>
std::string hex(T v)
{
    char buf[64];
    std::snprintf(buf, sizeof buf, "%a", static_cast<double>(v));
    return buf;
}

// k(x) on the scalar kernel and at position `slot` of an array call; both are
// returned (array first).
template <class T>
std::pair<T, T> both_paths(kernel k, T x, param_t<T> p, std::size_t slot = 5)
{
    constexpr std::size_t n = 37;
    std::vector<T> in(n, T(0.25)), out(n, T(-7)), dy(n, T(1));
    in[slot % n] = x;
    const kernel fwd = actfn_ref::forward_of(k);
    if (actfn_ref::is_derivative(k))
        array_backward(fwd, in.data(), dy.data(), out.data(), n, p);
    else
        array_forward(fwd, in.data(), out.data(), n, p);
    return {out[slot % n], scalar(k, x, p)};
}

// Expects k(x) to be exactly `want` (bits: the sign of zero and a NaN's sign
// and payload count) on both paths, at several array positions.
template <class T>
void expect_exact(kernel k, T x, T want, param_t<T> p = {})
{
    for (std::size_t slot : {0u, 5u, 17u, 34u, 36u})
    {
        const std::pair<T, T> r = both_paths(k, x, p, slot);
        const T got[2] = {r.first, r.second};
        for (int j = 0; j < 2; ++j)
        {
            EXPECT_TRUE(same_bits(got[j], want))
                << actfn_ref::name(k) << "(" << hex(x) << ") = " << hex(got[j]) << ", expected " << hex(want)
                << (j == 0 ? " [array" : " [scalar") << ", slot " << slot << "]";
        }
    }
}

// Expects k(x) to be a zero of either sign: elu(-0) and leaky_relu(-0) are
// zeros, but no document fixes their sign (alpha*expm1(-0) is -0,
// alpha*(exp(-0) - 1) is +0).
template <class T>
void expect_zero(kernel k, T x, param_t<T> p = {})
{
    for (std::size_t slot : {0u, 17u})
    {
        const std::pair<T, T> r = both_paths(k, x, p, slot);
        EXPECT_EQ(r.first, T(0)) << actfn_ref::name(k) << "(" << hex(x) << ") [array]";
        EXPECT_EQ(r.second, T(0)) << actfn_ref::name(k) << "(" << hex(x) << ") [scalar]";
    }
}

template <class T>
std::vector<T> nan_inputs()
{
    using L = std::numeric_limits<T>;
    std::vector<T> v = {L::quiet_NaN(), -L::quiet_NaN(), L::signaling_NaN(), -L::signaling_NaN()};
    // Quiet and signalling NaNs with payloads, of both signs, and the
    // all-ones pattern.
    if constexpr (sizeof(T) == 4)
        for (std::uint64_t b : {0x7fc12345ull, 0xffc9c69eull, 0x7f800001ull, 0xff812345ull, 0x7fbfffffull,
                                0xffffffffull})
            v.push_back(from_bits<T>(b));
    else
        for (std::uint64_t b : {0x7ff8000000012345ull, 0xfff9c69e00000001ull, 0x7ff0000000000001ull,
                                0xfff0000012345678ull, 0x7ff7ffffffffffffull, 0xffffffffffffffffull})
            v.push_back(from_bits<T>(b));
    return v;
}

// Limits and conventions of one family, forward and derivative.
template <class T>
void check_specials(kernel fwd, param_t<T> p = {})
{
    const T inf = std::numeric_limits<T>::infinity();
    const T pv = param_value(fwd, p);
    const kernel grad = actfn_ref::derivative_of(fwd);
    for (T n : nan_inputs<T>())
    {
        expect_exact(fwd, n, quieted_nan(n), p);
        expect_exact(grad, n, quieted_nan(n), p);
    }
    switch (fwd)
    {
    case kernel::gelu:
    case kernel::gelu_tanh:
    case kernel::quick_gelu:
    case kernel::silu:
        // x * (a CDF): +inf -> +inf, -inf -> -0 (sign bit set), +-0 -> +-0;
        // derivative 1 at +inf, 0 at -inf, exactly 1/2 at 0 (Phi(0) = sigma(0) = 1/2).
        expect_exact(fwd, inf, inf, p);
        expect_exact(fwd, -inf, T(-0.0), p);
        expect_exact(fwd, T(0), T(0), p);
        expect_exact(fwd, T(-0.0), T(-0.0), p);
        expect_exact(grad, inf, T(1), p);
        for (std::size_t slot : {0u, 17u})
        {
            const std::pair<T, T> r = both_paths(grad, -inf, p, slot);
            EXPECT_EQ(r.first, T(0)) << actfn_ref::name(grad) << "(-inf) [array]";
            EXPECT_EQ(r.second, T(0)) << actfn_ref::name(grad) << "(-inf) [scalar]";
        }
        expect_exact(grad, T(0), T(0.5), p);
        expect_exact(grad, T(-0.0), T(0.5), p);
        break;
    case kernel::elu:
        // alpha (e^x - 1): -inf -> -alpha; derivative alpha e^x, alpha at 0 (PyTorch).
        expect_exact(fwd, inf, inf, p);
        expect_exact(fwd, -inf, -pv, p);
        expect_exact(fwd, T(0), T(0), p);
        expect_zero(fwd, T(-0.0), p);
        expect_exact(grad, inf, T(1), p);
        expect_exact(grad, T(0), pv, p);
        expect_exact(grad, T(-0.0), pv, p);
        for (std::size_t slot : {0u, 17u})
        {
            const std::pair<T, T> r = both_paths(grad, -inf, p, slot);
            EXPECT_EQ(r.first, T(0)) << "elu_grad(-inf) [array]";
            EXPECT_EQ(r.second, T(0)) << "elu_grad(-inf) [scalar]";
        }
        break;
    case kernel::relu:
        // relu.hpp: relu(-0) = +0; relu'(0) = 0 (PyTorch).
        expect_exact(fwd, inf, inf, p);
        expect_exact(fwd, -inf, T(0), p);
        expect_exact(fwd, T(0), T(0), p);
        expect_exact(fwd, T(-0.0), T(0), p);
        expect_exact(grad, inf, T(1), p);
        expect_exact(grad, -inf, T(0), p);
        expect_exact(grad, T(0), T(0), p);
        expect_exact(grad, T(-0.0), T(0), p);
        break;
    case kernel::leaky_relu:
        // x > 0 ? x : slope x; leaky'(0) = slope (PyTorch).
        expect_exact(fwd, inf, inf, p);
        expect_exact(fwd, -inf, -inf, p);
        expect_exact(fwd, T(0), T(0), p);
        expect_zero(fwd, T(-0.0), p);
        expect_exact(grad, inf, T(1), p);
        expect_exact(grad, -inf, pv, p);
        expect_exact(grad, T(0), pv, p);
        expect_exact(grad, T(-0.0), pv, p);
        break;
    default:
        FAIL() << "not a forward kernel";
    }
}

// Tiny arguments (subnormals and |x| <= 2^-60): the result must be the exact
// value correctly rounded, as given by MPFR.  One exception: where the exact
// value lies within 2^-60 (relative) of a rounding midpoint (x/2 + O(x^2) for
// odd subnormal x in gelu, gelu_tanh, silu, quick_gelu; alpha x + O(x^2) in
// elu when alpha x is a tie), a kernel computing in the working precision
// cannot see which side it is on, and either neighbour of the midpoint is
// accepted (both are within 1/2 ULP + 2^-36 ULP).
template <class T>
void check_tiny(kernel fwd, param_t<T> p = {})
{
    using L = std::numeric_limits<T>;
    const T tiny = L::denorm_min();
    std::vector<T> xs;
    for (int k = 1; k <= 64; ++k)
        xs.push_back(T(k) * tiny);
    xs.push_back(L::min() - tiny);
    xs.push_back(L::min() - 2 * tiny);
    xs.push_back(L::min());
    xs.push_back(std::nextafter(L::min(), T(1)));
    xs.push_back(L::min() / 3);
    xs.push_back(T(0x1p-100));
    xs.push_back(T(0x1.234568p-80));
    xs.push_back(T(0x1p-61));
    std::uint64_t s = 12345;
    for (int i = 0; i < 64; ++i)
    {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        const std::uint64_t mant = sizeof(T) == 4 ? (s >> 41) : (s >> 12);
        xs.push_back(from_bits<T>(mant)); // a subnormal with random bits
    }
    const std::size_t half = xs.size();
    for (std::size_t i = 0; i < half; ++i)
        xs.push_back(-xs[i]);

    actfn_ref::evaluator ev;
    const T pv = param_value(fwd, p);
    for (kernel k : {fwd, actfn_ref::derivative_of(fwd)})
    {
        // Whole array at once as well as scalar.
        std::vector<T> via_array(xs.size()), ones(xs.size(), T(1));
        if (actfn_ref::is_derivative(k))
            array_backward(fwd, xs.data(), ones.data(), via_array.data(), xs.size(), p);
        else
            array_forward(fwd, xs.data(), via_array.data(), xs.size(), p);
        for (std::size_t i = 0; i < xs.size(); ++i)
        {
            const T x = xs[i];
            mpfr_t v;
            mpfr_init2(v, 480);
            ev.eval(k, v, static_cast<double>(x), static_cast<double>(pv), 440);
            const actfn_ref::neighbours nb = actfn_ref::bracket(v, format_of<T>(), 60);
            mpfr_clear(v);
            T want;
            if constexpr (sizeof(T) == 4)
                want = ev.round_float(k, x, pv);
            else
                want = ev.round_double(k, x, pv);
            const bool near_tie = nb.near_midpoint;
            const T got[2] = {via_array[i], scalar(k, x, p)};
            for (int j = 0; j < 2; ++j)
            {
                bool ok = bits_of(got[j]) == bits_of(want);
                if (near_tie)
                    ok = ok || bits_of(got[j]) == bits_of(static_cast<T>(nb.nearest)) ||
                         bits_of(got[j]) == bits_of(static_cast<T>(nb.other));
                EXPECT_TRUE(ok) << actfn_ref::name(k) << "(" << hex(x) << ") = " << hex(got[j])
                                << ", correctly rounded " << hex(want) << (j == 0 ? " [array]" : " [scalar]");
            }
        }
    }
}

// Finite inputs of every binade up to the largest: every kernel is finite
// there (NaN or inf would be wrong), and forward kernels keep the sign of x.
template <class T>
void check_large_finite(kernel fwd, param_t<T> p = {})
{
    using L = std::numeric_limits<T>;
    std::vector<T> xs = {L::max(), std::nextafter(L::max(), T(0)), T(1e30), T(3.4e37)};
    for (int e = L::min_exponent - 1; e < L::max_exponent; e += 1)
        for (T m : {T(1), T(1.5), T(2) - L::epsilon()})
            xs.push_back(std::ldexp(m, e));
    const std::size_t half = xs.size();
    for (std::size_t i = 0; i < half; ++i)
        xs.push_back(-xs[i]);
    for (kernel k : {fwd, actfn_ref::derivative_of(fwd)})
    {
        std::vector<T> via_array(xs.size()), ones(xs.size(), T(1));
        if (actfn_ref::is_derivative(k))
            array_backward(fwd, xs.data(), ones.data(), via_array.data(), xs.size(), p);
        else
            array_forward(fwd, xs.data(), via_array.data(), xs.size(), p);
        std::size_t bad = 0;
        for (std::size_t i = 0; i < xs.size(); ++i)
        {
            const T got[2] = {via_array[i], scalar(k, xs[i], p)};
            for (int j = 0; j < 2; ++j)
            {
                bool ok = std::isfinite(got[j]);
                if (!actfn_ref::is_derivative(k) && fwd != kernel::relu)
                    ok = ok && std::signbit(got[j]) == std::signbit(xs[i]);
                if (!ok && ++bad <= 10)
                    ADD_FAILURE() << actfn_ref::name(k) << "(" << hex(xs[i]) << ") = " << hex(got[j])
                                  << (j == 0 ? " [array]" : " [scalar]")
                                  << ": expected a finite value with the sign of x";
            }
        }
        EXPECT_EQ(bad, 0u) << actfn_ref::name(k) << ": " << bad << " bad results over " << 2 * xs.size();
    }
}

} // namespace actfn_test
