#pragma once
// The gated forms' loops (gated.hpp): y = act(a) b and its backward pass,
// block by block through the activation's own array form.
//
// Why double for float: act(a) from the float kernel is already rounded (up
// to 1 ulp), and rounding its product with b once more gave up to 1.63 ulp
// of act(a) b (2.18 without an FMA; tests/test_gated.cpp).  The float forms'
// default (gated_precision::accurate) therefore evaluates act(a) with the
// double array form (relative error < 2^-51; act' < 2^-50), multiply by b in double (a
// float b converts exactly; the product rounds once, 2^-53) and round that
// to float once: the result is within 1/2 + 2^-25 ulp of the exact act(a) b,
// i.e. correctly rounded but in rare near-midpoint cases.  Float a whose
// act(a) underflows in float but not in double keep their value there, so
// act(a) b is right for large b too (down to act(a) ~ 1e-300: far below any
// float product).  The double forms have no wider type: act(a) rounds in
// double, then the product once more (the README states the measured error).
//
// Every element's bits depend on a[i] and b[i] only (the array forms give
// the element kernel's bits whatever n and alignment; the products here are
// the same in the SIMD body and the scalar tail), so blocking, n and
// alignment never change a result.

#include "activation_arrays.hpp"
#include "array.hpp"
#include "array_api.hpp"
#include "config.hpp"
#include "widen.hpp"

#include <cmath>
#include <cstddef>
#include <functional>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {

/// Which half of each row of 2 d values the row forms put through the
/// activation (gated.hpp): `first` computes act(x[0, d)) * x[d, 2d), as ggml's
/// GEGLU/SWIGLU/REGLU and the fused gate_up projections of LLaMA-style MLPs
/// (`gate, up = x.chunk(2, -1); act(gate) * up`); `second` computes
/// x[0, d) * act(x[d, 2d)), as the GEGLU of common diffusion code
/// (`hidden, gate = x.chunk(2, -1); hidden * gelu(gate)`).
enum class activated_half
{
    first,
    second
};

/// How the float gated forms evaluate act(a) (gated.hpp): `accurate` (the
/// default) in double, each product rounded once to float (<= 1/2 ulp +
/// 2^-25 of the exact act(a) b), at the double kernels' cost (about 11x the
/// float array form); `fast` with the float kernels, the product rounded once
/// more (measured up to 1.63 ulp forward, 2.41 backward with an FMA).  The
/// double forms have one way only (the second).
enum class gated_precision
{
    fast,
    accurate
};

namespace detail {

// Elements per block: up to three blocks of T (or two of double) on the
// stack, at most 12 KiB.  256 took geglu 1.23-1.30x gelu's time at
// n = 65536 (-march=native on a Zen 3: AVX2+FMA, N(0, 1)), 512 1.17-1.21x: a call of the array
// form per block costs its head and tail; larger blocks gained nothing more.
constexpr std::size_t gated_block = 512;

// True when the ranges [p, p+n) and [q, q+n) are the same or disjoint.
template <class T>
inline bool gated_ok(const T* p, const T* q, std::size_t n) noexcept
{
    return same_or_disjoint(p, q, n);
}

#if ACTFN_SIMD
using gated_fb = xsimd::batch<float>;
using gated_db = xsimd::batch<double>;
#endif

// w[j] = a[j] for j < k (exact).
inline void widen_block(const float* a, double* w, std::size_t k) noexcept
{
    std::size_t j = 0;
#if ACTFN_SIMD
    constexpr std::size_t W = gated_fb::size;
    for (; j + W <= k; j += W)
    {
        const auto v = widen(gated_fb::load_unaligned(a + j));
        v.lo.store_aligned(w + j);
        v.hi.store_aligned(w + j + W / 2);
    }
#endif
    for (; j < k; ++j)
        w[j] = static_cast<double>(a[j]);
}

// p[j] = dy[j] b[j] in double (exact for float operands: 48 significant bits).
inline void widen_product_block(const float* dy, const float* b, double* p, std::size_t k) noexcept
{
    std::size_t j = 0;
#if ACTFN_SIMD
    constexpr std::size_t W = gated_fb::size;
    for (; j + W <= k; j += W)
    {
        const auto d = widen(gated_fb::load_unaligned(dy + j));
        const auto v = widen(gated_fb::load_unaligned(b + j));
        (d.lo * v.lo).store_aligned(p + j);
        (d.hi * v.hi).store_aligned(p + j + W / 2);
    }
#endif
    for (; j < k; ++j)
        p[j] = static_cast<double>(dy[j]) * static_cast<double>(b[j]);
}

// p[j] = dy[j] b[j], rounded once in double.
inline void product_block(const double* dy, const double* b, double* p, std::size_t k) noexcept
{
    std::size_t j = 0;
#if ACTFN_SIMD
    constexpr std::size_t W = gated_db::size;
    for (; j + W <= k; j += W)
        (gated_db::load_unaligned(dy + j) * gated_db::load_unaligned(b + j)).store_aligned(p + j);
#endif
    for (; j < k; ++j)
        p[j] = dy[j] * b[j];
}

// y[j] = float(f[j] b[j]): the product in double, rounded once to float.
// b is read before y is written, element by element: y may be b.
inline void gated_store(const double* f, const float* b, float* y, std::size_t k) noexcept
{
    std::size_t j = 0;
#if ACTFN_SIMD
    constexpr std::size_t W = gated_fb::size;
    for (; j + W <= k; j += W)
    {
        const auto v = widen(gated_fb::load_unaligned(b + j));
        narrow(gated_db::load_aligned(f + j) * v.lo, gated_db::load_aligned(f + j + W / 2) * v.hi)
            .store_unaligned(y + j);
    }
#endif
    for (; j < k; ++j)
        y[j] = static_cast<float>(f[j] * static_cast<double>(b[j]));
}

// y[j] = f[j] b[j] in double; y may be b.
inline void gated_store(const double* f, const double* b, double* y, std::size_t k) noexcept
{
    std::size_t j = 0;
#if ACTFN_SIMD
    constexpr std::size_t W = gated_db::size;
    for (; j + W <= k; j += W)
        (gated_db::load_aligned(f + j) * gated_db::load_unaligned(b + j)).store_unaligned(y + j);
#endif
    for (; j < k; ++j)
        y[j] = f[j] * b[j];
}

// da[j] = float(g[j]), db[j] = float(f[j] dy[j]) (the product in double).
// dy is read before da and db are written: either may be dy.
inline void gated_backward_store(const double* g, const double* f, const float* dy, float* da, float* db,
                                 std::size_t k) noexcept
{
    std::size_t j = 0;
#if ACTFN_SIMD
    constexpr std::size_t W = gated_fb::size;
    for (; j + W <= k; j += W)
    {
        const auto d = widen(gated_fb::load_unaligned(dy + j));
        const gated_fb vb = narrow(gated_db::load_aligned(f + j) * d.lo, gated_db::load_aligned(f + j + W / 2) * d.hi);
        const gated_fb va = narrow(gated_db::load_aligned(g + j), gated_db::load_aligned(g + j + W / 2));
        va.store_unaligned(da + j);
        vb.store_unaligned(db + j);
    }
#endif
    for (; j < k; ++j)
    {
        const float vb = static_cast<float>(f[j] * static_cast<double>(dy[j]));
        da[j] = static_cast<float>(g[j]);
        db[j] = vb;
    }
}

// da[j] = g[j], db[j] = f[j] dy[j]; da or db may be dy.
inline void gated_backward_store(const double* g, const double* f, const double* dy, double* da, double* db,
                                 std::size_t k) noexcept
{
    std::size_t j = 0;
#if ACTFN_SIMD
    constexpr std::size_t W = gated_db::size;
    for (; j + W <= k; j += W)
    {
        const gated_db vb = gated_db::load_aligned(f + j) * gated_db::load_unaligned(dy + j);
        gated_db::load_aligned(g + j).store_unaligned(da + j);
        vb.store_unaligned(db + j);
    }
#endif
    for (; j < k; ++j)
    {
        const double vb = f[j] * dy[j];
        da[j] = g[j];
        db[j] = vb;
    }
}

// The loops below (gated_forward and the others) are never inlined, as
// array.hpp's map_array: inlined into a caller with a constant n, GCC 12
// warned (-Waggressive-loop-optimizations) about tail iterations such an n
// never runs (tests/compile_checks, all_forms.cpp).

// y[j] = f[j] b[j] rounded once in T; y may be b.
template <class T>
inline void multiply_block(const T* f, const T* b, T* y, std::size_t k) noexcept
{
    std::size_t j = 0;
#if ACTFN_SIMD
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    for (; j + W <= k; j += W)
        (B::load_aligned(f + j) * B::load_unaligned(b + j)).store_unaligned(y + j);
#endif
    for (; j < k; ++j)
        y[j] = f[j] * b[j];
}

// dy b g with dy b exact: for float in double (48 bits), the product with g
// rounded in double and then to float (the second rounding moves the result
// by at most 2^-29 ulp); for double, dy b = p + e exactly by an FMA
// (p = dy b rounded, e = fma(dy, b, -p)) and p g + e g rounded once by a
// second FMA.  Without an FMA (SSE2) double takes (dy b) g, two roundings.
inline float dy_b_times(float dy, float b, float g) noexcept
{
    return static_cast<float>(static_cast<double>(dy) * static_cast<double>(b) * static_cast<double>(g));
}
// Where dy b overflows (or is NaN) the product is taken as dy (b g), which
// stays finite when the exact value is (|act'| < 1.2: b g does not overflow
// where dy b g is finite) and gives NaN for 0 * inf.
inline double dy_b_times(double dy, double b, double g) noexcept
{
    const double p = dy * b;
    if (!std::isfinite(p))
        return dy * (b * g);
#if ACTFN_HAS_FMA
    return std::fma(p, g, std::fma(dy, b, -p) * g);
#else
    return p * g;
#endif
}
#if ACTFN_SIMD
template <class A>
inline xsimd::batch<float, A> dy_b_times(const xsimd::batch<float, A>& dy, const xsimd::batch<float, A>& b,
                                         const xsimd::batch<float, A>& g) noexcept
{
    const auto d = widen(dy);
    const auto v = widen(b);
    const auto w = widen(g);
    return narrow(d.lo * v.lo * w.lo, d.hi * v.hi * w.hi);
}
template <class A>
inline xsimd::batch<double, A> dy_b_times(const xsimd::batch<double, A>& dy, const xsimd::batch<double, A>& b,
                                          const xsimd::batch<double, A>& g) noexcept
{
    const xsimd::batch<double, A> p = dy * b;
#if ACTFN_HAS_FMA
    const xsimd::batch<double, A> r = xsimd::fma(p, g, xsimd::fma(dy, b, -p) * g);
#else
    const xsimd::batch<double, A> r = p * g;
#endif
    return xsimd::select(xsimd::isfinite(p), r, dy * (b * g));
}
#endif

// da[j] = dy_b_times(dy[j], b[j], g[j]), db[j] = f[j] dy[j] rounded once;
// b and dy are read before da and db are written.
template <class T>
inline void gated_backward_finish(const T* g, const T* f, const T* b, const T* dy, T* da, T* db,
                                  std::size_t k) noexcept
{
    std::size_t j = 0;
#if ACTFN_SIMD
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    for (; j + W <= k; j += W)
    {
        const B d = B::load_unaligned(dy + j);
        const B va = dy_b_times(d, B::load_unaligned(b + j), B::load_aligned(g + j));
        const B vb = B::load_aligned(f + j) * d;
        va.store_unaligned(da + j);
        vb.store_unaligned(db + j);
    }
#endif
    for (; j < k; ++j)
    {
        const T d = dy[j];
        const T va = dy_b_times(d, b[j], g[j]);
        const T vb = f[j] * d;
        da[j] = va;
        db[j] = vb;
    }
}

// y[i] = act(a[i]) b[i], float, act in double (gated_precision::accurate).
template <class Act>
ACTFN_NOINLINE void gated_forward_in_double(const float* a, const float* b, float* y, std::size_t n, const Act& act) noexcept
{
    ACTFN_ASSERT(gated_ok(a, y, n) && gated_ok(b, y, n), "actfn: y must be a or b itself or must overlap neither");
    alignas(64) double f[gated_block];
    for (std::size_t i = 0; i < n; i += gated_block)
    {
        const std::size_t k = n - i < gated_block ? n - i : gated_block;
        widen_block(a + i, f, k);
        act.forward(f, f, k);
        gated_store(f, b + i, y + i, k);
    }
}

// y[i] = act(a[i]) b[i] with act(a) from T's own array form, the product
// rounded once in T (gated_precision::fast, and every double form).
template <class T, class Act>
ACTFN_NOINLINE void gated_forward(const T* a, const T* b, T* y, std::size_t n, const Act& act) noexcept
{
    ACTFN_ASSERT(gated_ok(a, y, n) && gated_ok(b, y, n), "actfn: y must be a or b itself or must overlap neither");
    alignas(64) T f[gated_block];
    for (std::size_t i = 0; i < n; i += gated_block)
    {
        const std::size_t k = n - i < gated_block ? n - i : gated_block;
        act.forward(a + i, f, k);
        multiply_block(f, b + i, y + i, k);
    }
}

// The forms by precision (float), or the one double form.
template <class Act>
inline void gated_forward_with(const float* a, const float* b, float* y, std::size_t n, const Act& act,
                               gated_precision p) noexcept
{
    if (p == gated_precision::accurate)
        gated_forward_in_double(a, b, y, n, act);
    else
        gated_forward(a, b, y, n, act);
}
template <class Act>
inline void gated_forward_with(const double* a, const double* b, double* y, std::size_t n, const Act& act,
                               gated_precision) noexcept
{
    gated_forward(a, b, y, n, act);
}

// The outputs of a backward pass may each be one of the inputs (or none of
// them), not each other.
template <class T>
inline bool gated_backward_ok(const T* a, const T* b, const T* dy, const T* da, const T* db, std::size_t n) noexcept
{
    return n == 0 || (da != db && gated_ok(a, da, n) && gated_ok(b, da, n) && gated_ok(dy, da, n) &&
                      gated_ok(a, db, n) && gated_ok(b, db, n) && gated_ok(dy, db, n) && gated_ok(da, db, n));
}

// da[i] = dy[i] b[i] act'(a[i]), db[i] = dy[i] act(a[i]), float, act and
// act' in double (gated_precision::accurate): dy b exact in double, times
// act'(a) rounded once in double by the backward array form, then to float;
// act(a) dy likewise.
template <class Act>
ACTFN_NOINLINE void gated_backward_in_double(const float* a, const float* b, const float* dy, float* da, float* db,
                                     std::size_t n, const Act& act) noexcept
{
    ACTFN_ASSERT(gated_backward_ok(a, b, dy, da, db, n),
                 "actfn: da and db must each be a, b or dy itself or overlap none of them, and not each other");
    alignas(64) double f[gated_block];
    alignas(64) double g[gated_block];
    for (std::size_t i = 0; i < n; i += gated_block)
    {
        const std::size_t k = n - i < gated_block ? n - i : gated_block;
        widen_block(a + i, f, k);
        widen_product_block(dy + i, b + i, g, k);
        act.backward(f, g, g, k);
        act.forward(f, f, k);
        gated_backward_store(g, f, dy + i, da + i, db + i, k);
    }
}

// The backward pass with act and act' from T's own array forms
// (gated_precision::fast, and every double form): act'(a) alone (the
// backward array form with dy = 1, whose product 1 g is exact), then
// da = (dy b) act'(a) with dy b kept exact (dy_b_times) and one rounding,
// db = act(a) dy rounded once.
template <class T, class Act>
ACTFN_NOINLINE void gated_backward(const T* a, const T* b, const T* dy, T* da, T* db, std::size_t n, const Act& act) noexcept
{
    ACTFN_ASSERT(gated_backward_ok(a, b, dy, da, db, n),
                 "actfn: da and db must each be a, b or dy itself or overlap none of them, and not each other");
    if (n == 0)
        return;
    alignas(64) T f[gated_block];
    alignas(64) T g[gated_block];
    alignas(64) T ones[gated_block];
    for (std::size_t j = 0; j < gated_block; ++j)
        ones[j] = T(1);
    for (std::size_t i = 0; i < n; i += gated_block)
    {
        const std::size_t k = n - i < gated_block ? n - i : gated_block;
        act.backward(a + i, ones, g, k);
        act.forward(a + i, f, k);
        gated_backward_finish(g, f, b + i, dy + i, da + i, db + i, k);
    }
}

template <class Act>
inline void gated_backward_with(const float* a, const float* b, const float* dy, float* da, float* db,
                                std::size_t n, const Act& act, gated_precision p) noexcept
{
    if (p == gated_precision::accurate)
        gated_backward_in_double(a, b, dy, da, db, n, act);
    else
        gated_backward(a, b, dy, da, db, n, act);
}
template <class Act>
inline void gated_backward_with(const double* a, const double* b, const double* dy, double* da, double* db,
                                std::size_t n, const Act& act, gated_precision) noexcept
{
    gated_backward(a, b, dy, da, db, n, act);
}

// True when [q, q + nq) is [p, p + np) from its start, or they are disjoint.
template <class T>
inline bool same_start_or_disjoint(const T* p, std::size_t np, const T* q, std::size_t nq) noexcept
{
    if (p == q || np == 0 || nq == 0)
        return true;
    const std::less<const T*> before;
    return !before(q, p + np) || !before(p, q + nq);
}

// The row forms: row r of x (2 d values) holds a and b, the halves gate
// names; y's row r (d values) gets act(a) b.  Rows go in order, so y may be
// x itself: row r's outputs [r d, r d + d) lie at or before the start of
// row r's inputs [2 r d, 2 r d + 2 d), and where they overlap them (row 0)
// they are a or b exactly, which the split form allows.
template <class T, class Act>
inline void gated_rows_forward(const T* x, T* y, std::size_t rows, std::size_t d, activated_half gate,
                               const Act& act, gated_precision p) noexcept
{
    ACTFN_ASSERT(same_start_or_disjoint(x, 2 * rows * d, y, rows * d), "actfn: y must be x itself or must not overlap x");
    const std::size_t a_at = gate == activated_half::first ? 0 : d;
    const std::size_t b_at = d - a_at;
    for (std::size_t r = 0; r < rows; ++r)
    {
        const T* row = x + 2 * r * d;
        gated_forward_with(row + a_at, row + b_at, y + r * d, d, act, p);
    }
}

// dx's row r (2 d values) gets da in a's half and db in b's; dx may be x
// (da is then a, db is b, which the split form allows); dy (rows x d) must
// not overlap dx.
template <class T, class Act>
inline void gated_rows_backward(const T* x, const T* dy, T* dx, std::size_t rows, std::size_t d, activated_half gate,
                                const Act& act, gated_precision p) noexcept
{
    ACTFN_ASSERT(same_or_disjoint(x, static_cast<const T*>(dx), 2 * rows * d) &&
                     same_start_or_disjoint(static_cast<const T*>(dx), 2 * rows * d, dy, rows * d) &&
                     (rows * d == 0 || static_cast<const T*>(dx) != dy),
                 "actfn: dx must be x itself or must not overlap x, and must not overlap dy");
    const std::size_t a_at = gate == activated_half::first ? 0 : d;
    const std::size_t b_at = d - a_at;
    for (std::size_t r = 0; r < rows; ++r)
    {
        const T* row = x + 2 * r * d;
        T* out = dx + 2 * r * d;
        gated_backward_with(row + a_at, row + b_at, dy + r * d, out + a_at, out + b_at, d, act, p);
    }
}

#if ACTFN_HAS_SPAN
// The number of rows of a row form's spans: x holds rows x 2 d values and
// the other span (name) rows x d.  Any other shape is reported as
// span_size_mismatch reports sizes (an exception, or a message and abort).
inline std::size_t check_row_shape(const char* function, std::size_t x_size, const char* name, std::size_t size,
                                   std::size_t d)
{
    const bool fits = 2 * size == x_size && (d == 0 ? size == 0 : size % d == 0);
    if (!fits)
    {
#if ACTFN_HAS_EXCEPTIONS
        throw std::invalid_argument(std::string("actfn::") + function + ": x has " + std::to_string(x_size) +
                                    " elements and " + name + " " + std::to_string(size) +
                                    ", not rows x 2d and rows x d with d = " + std::to_string(d));
#else
        std::fprintf(stderr, "actfn::%s: x has %zu elements and %s %zu, not rows x 2d and rows x d with d = %zu\n",
                     function, x_size, name, size, d);
        std::abort();
#endif
    }
    return d == 0 ? 0 : size / d;
}
#endif

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
