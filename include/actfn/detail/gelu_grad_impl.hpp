#pragma once
// Derivative of exact GELU, g(x) = Phi(x) + x phi(x).
//
// With a = |x| and D(a) = g(-a) = Q(a) - a phi(a): g = D(a) for x < 0 and
// 1 - D(a) for x > 0.  Table path (tools/gen_gelu_grad.py):
//     g = (0.5 + (d0 ^ sign)) + (W(s) ^ flip),  W ~ D(a) - c0,
// base and flip selecting c0 + W (x < 0) or (1 - c0) - W (x > 0), c0 exact.
// D's root r = -0.75179... (the GELU minimum) lies in a piece expanded about
// the float nearest r with c0 = 0, so g there is W itself, a polynomial whose
// simple zero sits at r: relative accuracy holds next to the root.
// Float op count per vector: 2 + 2 + 2 + 7 lookups + 6 FMA + 4 (base, flip,
// add) + 2 (tail test) = 25.
//
// Tail (|x| >= table bound), in double.  Float: gelu_grad_tail_f32 (below,
// with gelu_tail_f32 in gelu_impl.hpp).  Double: D(a) = -exp(-a^2/2) (a/sqrt(2 pi) -
// M(a)), sharing exp and M with the forward tail; a/sqrt(2 pi) - M is formed
// as a double-double before the single final rounding.

#include "exp_tail.hpp"
#include "gelu_impl.hpp"
#include "lookup.hpp"
#include "piecewise.hpp"
#include "range2.hpp"
#include "simd_ops.hpp"
#include "widen.hpp"

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

template <class T>
inline T gelu_grad_tail_f64(const T& x) noexcept
{
    using Tab = gelu_tail_f64_table;
    using G = gelu_grad_f64_table;
    const T a = absolute(x);
    const T limit(40.0);
    const T ac = choose(a < limit, a, T(39.99));
    const T h = ac * ac;
    const T l = product_error(ac, ac, h);
    const exp_parts<T> e = exp_neg_parts(T(0.5) * h, T(0.5) * l);
    const bits_t<T> mi = shift_right(to_bits(ac), 50);
    const T s = ac - T(lookup16(Tab::c, mi));
    T pm = T(lookup16(Tab::p[Tab::degree - 1], mi));
    for (int k = Tab::degree - 2; k >= 0; --k)
        pm = muladd(pm, s, T(lookup16(Tab::p[k], mi)));
    const T m0 = T(lookup16(Tab::m0, mi));
    // F = a/sqrt(2 pi) - M(a) = f_hi + f_lo, M = m0 + s pm (a k >= 0.99 > 4 M
    // here: Fast2Sum).  s pm is subtracted by an explicit FMA: written as a
    // product then a subtraction, GCC may or may not contract it.
    const T ak = ac * T(G::inv_sqrt_2pi_hi);
    const T ak_err = product_error(ac, T(G::inv_sqrt_2pi_hi), ak);
    const T f_hi = ak - m0;
    const T f_err = (ak - f_hi) - m0;
    const T f_lo = muladd(negate(s), pm, muladd(ac, T(G::inv_sqrt_2pi_lo), ak_err) + f_err);
    // E F 2^K = (two_hi + two_lo)(1 + p)(f_hi + f_lo), rounded once
    const T q = muladd(f_hi, e.p, muladd(f_lo, e.p, f_lo));
    T corr = muladd(e.two_lo, f_hi, e.two_hi * q);
    corr = muladd(e.two_lo, q, corr);
    const T core = muladd(e.two_hi, f_hi, corr);
    const T g = choose(x < T(0), negate(scale_pow2_neg(core, e.n)), scale_pow2_neg_add(core, e.n, T(1.0)));
    return choose(a < limit, g, choose(x < T(0), T(-0.0), T(1.0)));
}

// The float tail (see gelu_tail_f32): g = base -+ E H(a).
template <class T>
inline T gelu_grad_tail_f32(const T& x) noexcept
{
    const gelu_tail_f32_point<T> pt = gelu_tail_f32_locate(x);
    const auto neg = x < T(0.0);
    return muladd(choose(neg, negate(pt.e), pt.e), gelu_tail_f32_poly(gelu_tail_f32_table::h, pt),
                  choose(neg, T(0.0), T(1.0)));
}

// Phi(x) + x phi(x).
template <class S>
struct gelu_derivative : table_fast_path<typename gelu_tables<S>::derivative, table_form::derivative>
{
    // Lanes from the first table's bound on: the second range (float; range2.hpp).
    using second_range_table = typename gelu_tables<S>::derivative_range2;
    static constexpr bool second_range_derivative = true;

    explicit gelu_derivative(op_tag) noexcept {}

    template <tail_lanes L = tail_lanes::all, class T>
    T slow(const T& x) const noexcept
    {
        return tail_in_double<L>(
            x, [](const auto& d) { return gelu_grad_tail_f32(d); }, [](const auto& d) { return gelu_grad_tail_f64(d); });
    }
};

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
