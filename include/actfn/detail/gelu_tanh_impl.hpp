#pragma once
// tanh-GELU: y = 0.5 x (1 + tanh(u)) = x sigma(z), z = 2u = k1 x + k3 x^3 with
// k1 = 2 sqrt(2/pi), k3 = 0.044715 k1 (the real constants), and its derivative
// g = sigma(z) + x sigma(z) sigma(-z) z'(x).
//
// Table paths (tools/gen_gelu_tanh.py) as for exact GELU: the V form for y,
// a root piece about the derivative's root -0.7524614... for g.  Tails in
// double: z is formed as a double-double (a^2 and the products split
// exactly), because in the far tail |z| reaches hundreds and a rounded z would
// cost that many ulps; then the sigmoid tails of sigmoid_tail.hpp.

#include "piecewise.hpp"
#include "sigmoid_tail.hpp"
#include "simd_ops.hpp"
#include "tables/gelu_tanh_f32.hpp"
#include "tables/gelu_tanh_f64.hpp"
#include "tables/gelu_tanh_grad_f32.hpp"
#include "tables/gelu_tanh_grad_f64.hpp"
#include "widen.hpp"

namespace actfn {
namespace detail {

template <class S>
struct gelu_tanh_tables;
template <>
struct gelu_tanh_tables<float>
{
    using forward = gelu_tanh_f32_table;
    using derivative = gelu_tanh_grad_f32_table;
};
template <>
struct gelu_tanh_tables<double>
{
    using forward = gelu_tanh_f64_table;
    using derivative = gelu_tanh_grad_f64_table;
};

// z(a) = k1 a + k3 a^3 = z_hi + z_lo to about 2^-100 relative, for a >= 0.
template <class T>
inline void gelu_tanh_z(const T& a, T& z_hi, T& z_lo) noexcept
{
    using K = gelu_tanh_f64_table;
    const T h = a * a;
    const T l = product_error(a, a, h);
    const T p = a * h; // a^3 = p + pe + a l
    const T pe = product_error(a, h, p);
    const T q = T(K::k3_hi) * p;
    const T qe = product_error(T(K::k3_hi), p, q);
    const T m = T(K::k1_hi) * a;
    const T me = product_error(T(K::k1_hi), a, m);
    // TwoSum(m, q)
    const T sum = m + q;
    const T bv = sum - m;
    const T err = (m - (sum - bv)) + (q - bv);
    T rest = muladd(T(K::k1_lo), a, me + qe);
    rest = muladd(T(K::k3_hi), muladd(a, l, pe), rest);
    rest = muladd(T(K::k3_lo), p, rest);
    const T lo = err + rest;
    z_hi = sum + lo;
    z_lo = lo - (z_hi - sum);
}

// The tails need finite, moderate |x|: from |x| = 30 on (z > 1900) the results
// are the limits x (x > 0) and -0 (x < 0) for float and double alike.
template <class T>
inline T gelu_tanh_tail_f64(const T& x) noexcept
{
    const T a = absolute(x);
    const T sign = bit_xor(x, a);
    const T lim(30.0);
    const T ac = choose(a < lim, a, lim);
    T z_hi, z_lo;
    gelu_tanh_z(ac, z_hi, z_lo);
    const T xc = bit_xor(ac, sign);
    const T y = sigmoid_mul_tail_f64(xc, bit_xor(z_hi, sign), bit_xor(z_lo, sign));
    return choose(a < lim, y, choose(x < T(0.0), T(-0.0), x));
}

template <class T>
inline T gelu_tanh_grad_tail_f64(const T& x) noexcept
{
    using K = gelu_tanh_f64_table;
    const T a = absolute(x);
    const T sign = bit_xor(x, a);
    const T lim(30.0);
    const T ac = choose(a < lim, a, lim);
    T z_hi, z_lo;
    gelu_tanh_z(ac, z_hi, z_lo);
    // m = a z'(a) = a (k1 + 3 k3 a^2), rounded: F = m (1 - S) - 1 needs only ~2^-50
    const T m = ac * muladd(T(3.0 * K::k3_hi) * ac, ac, T(K::k1_hi));
    const T g = sigmoid_grad_tail_f64(bit_xor(z_hi, sign), bit_xor(z_lo, sign), m, T(0.0));
    return choose(a < lim, g, choose(x < T(0.0), T(-0.0), T(1.0)));
}

template <class T>
inline T gelu_tanh_kernel(const T& x) noexcept
{
    using Tab = typename gelu_tanh_tables<scalar_t<T>>::forward;
    const T a = absolute(x);
    T y = forward_v<Tab>(x, a);
    const auto tail = a >= T(Tab::bound);
    if (any_lane(tail))
        y = choose(tail, in_double(x, [](const auto& d) { return gelu_tanh_tail_f64(d); }), y);
    return y;
}

template <class T>
inline T gelu_tanh_grad_kernel(const T& x) noexcept
{
    using Tab = typename gelu_tanh_tables<scalar_t<T>>::derivative;
    const T a = absolute(x);
    T g = derivative_table<Tab>(x, a);
    const auto tail = a >= T(Tab::bound);
    if (any_lane(tail))
        g = choose(tail, in_double(x, [](const auto& d) { return gelu_tanh_grad_tail_f64(d); }), g);
    return g;
}

} // namespace detail
} // namespace actfn
