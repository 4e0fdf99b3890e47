#pragma once
// The fused bias forms' loops (bias.hpp): y = act(x + bias) and its backward
// pass with the bias gradient, one pass over x, dy and dx.
//
// Forward: each row's sum x + bias is formed in T in a stack block (rounded
// once, as a separate add would round it) and the activation's array form
// writes y from there: the bits of an add followed by the array form,
// whatever the blocking (the array forms give the element kernel's bits for
// any n and alignment).
//
// Backward: dx = dy act'(x + bias) the same way, and dbias[c] = sum over r of
// dx[r][c] accumulated in double-double (Knuth's two-sum on a double sum and
// a double compensation, Ogita-Rump-Oishi's Sum2): error below 2^-53 |sum| +
// (rows 2^-53)^2 sum |dx| before the final rounding to T, so dbias is within
// 1 ulp of the exact sum of the dx values unless the sum cancels by more than
// about 2^50 / rows^2.  The rows are added in order, column by column, by the
// same adds in the SIMD body and the scalar tail: the same bits on every
// target, for any alignment.  The columns go in blocks of bias_block, each
// block over all rows (its accumulators stay on the stack: no allocation).

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
namespace detail {

// Columns per block.  Forward: a block of sums on the stack (16 KiB of
// float, 32 of double); 4096 x 4096 floats took the same time with blocks of
// 1024 and 4096.  Backward: the sums and two blocks of double accumulators
// (40 KiB for float, 48 for double): each block goes over all rows, reading
// k values of each row, and wider blocks read memory in longer runs
// (gelu_bias_backward on 4096 x 4096 floats, AVX2+FMA, median of 3: 43 ms
// with 1024 columns, 37-39 ms with 2048; gelu_backward alone 23 ms).
constexpr std::size_t bias_block = 4096;
constexpr std::size_t bias_grad_block = 2048;

// True when [p, p + np) and [q, q + nq) do not overlap (or one is empty).
template <class T>
inline bool disjoint(const T* p, std::size_t np, const T* q, std::size_t nq) noexcept
{
    if (np == 0 || nq == 0)
        return true;
    const std::less<const T*> before;
    return !before(q, p + np) || !before(p, q + nq);
}

// s[j] = x[j] + bias[j], rounded once in T.
template <class T>
ACTFN_NOINLINE void add_block(const T* x, const T* bias, T* s, std::size_t k) noexcept
{
    std::size_t j = 0;
#if ACTFN_SIMD
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    for (; j + W <= k; j += W)
        (B::load_unaligned(x + j) + B::load_unaligned(bias + j)).store_unaligned(s + j);
#endif
    for (; j < k; ++j)
        s[j] = x[j] + bias[j];
}

// Software prefetch of the k values at p (the block after the current one),
// on arrays past the size the array forms prefetch from (array.hpp, which
// also turns it off where ACTFN_ARRAY_PREFETCH is 0): the sums are read from
// the stack, so the array form's own prefetch sees only them.  Not measured:
// the development machine's -march=native build (Zen 3) has it off.  The
// backward pass has none.
template <class T>
ACTFN_INLINE void prefetch_block(const T* p, std::size_t k, bool for_write) noexcept
{
    constexpr std::size_t line = 64 / sizeof(T);
    for (std::size_t j = 0; j < k; j += line)
    {
        if (for_write)
            ACTFN_PREFETCH(p + j, true);
        else
            ACTFN_PREFETCH(p + j, false);
    }
}

// y[r][c] = act(x[r][c] + bias[c]).
template <class T, class Act>
ACTFN_NOINLINE void bias_forward(const T* x, const T* bias, T* y, std::size_t rows, std::size_t cols, const Act& act) noexcept
{
    ACTFN_ASSERT(same_or_disjoint(x, static_cast<const T*>(y), rows * cols) &&
                     disjoint(bias, cols, static_cast<const T*>(y), rows * cols),
                 "actfn: y must be x itself or must not overlap x, and must not overlap bias");
    alignas(64) T s[bias_block];
    const std::size_t n = rows * cols;
    const bool prefetch = n * sizeof(T) > prefetch_from;
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; c += bias_block)
        {
            const std::size_t k = cols - c < bias_block ? cols - c : bias_block;
            const std::size_t at = r * cols + c;
            if (prefetch && at + 2 * k <= n)
            {
                // The next block starts at at + k, row-major.
                prefetch_block(x + at + k, k, false);
                prefetch_block(y + at + k, k, true);
            }
            add_block(x + at, bias + c, s, k);
            act.forward(s, y + at, k);
        }
}

// hi + lo += v exactly but for the rounding of lo (two-sum, 6 adds).
inline void two_sum_add(double& hi, double& lo, double v) noexcept
{
    const double s = hi + v;
    const double b = s - hi;
    lo += (hi - (s - b)) + (v - b);
    hi = s;
}

#if ACTFN_SIMD
template <class A>
inline void two_sum_add(xsimd::batch<double, A>& hi, xsimd::batch<double, A>& lo,
                        const xsimd::batch<double, A>& v) noexcept
{
    const xsimd::batch<double, A> s = hi + v;
    const xsimd::batch<double, A> b = s - hi;
    lo += (hi - (s - b)) + (v - b);
    hi = s;
}
#endif

// hi[j] + lo[j] += dx[j], j < k.
ACTFN_NOINLINE inline void accumulate_block(const double* dx, double* hi, double* lo, std::size_t k) noexcept
{
    std::size_t j = 0;
#if ACTFN_SIMD
    using D = xsimd::batch<double>;
    constexpr std::size_t W = D::size;
    for (; j + W <= k; j += W)
    {
        D h = D::load_aligned(hi + j), l = D::load_aligned(lo + j);
        two_sum_add(h, l, D::load_unaligned(dx + j));
        h.store_aligned(hi + j);
        l.store_aligned(lo + j);
    }
#endif
    for (; j < k; ++j)
        two_sum_add(hi[j], lo[j], dx[j]);
}

ACTFN_NOINLINE inline void accumulate_block(const float* dx, double* hi, double* lo, std::size_t k) noexcept
{
    std::size_t j = 0;
#if ACTFN_SIMD
    using F = xsimd::batch<float>;
    using D = xsimd::batch<double>;
    constexpr std::size_t W = F::size;
    for (; j + W <= k; j += W)
    {
        const auto v = widen(F::load_unaligned(dx + j));
        D h0 = D::load_aligned(hi + j), l0 = D::load_aligned(lo + j);
        D h1 = D::load_aligned(hi + j + W / 2), l1 = D::load_aligned(lo + j + W / 2);
        two_sum_add(h0, l0, v.lo);
        two_sum_add(h1, l1, v.hi);
        h0.store_aligned(hi + j);
        l0.store_aligned(lo + j);
        h1.store_aligned(hi + j + W / 2);
        l1.store_aligned(lo + j + W / 2);
    }
#endif
    for (; j < k; ++j)
        two_sum_add(hi[j], lo[j], static_cast<double>(dx[j]));
}

// The sum hi + lo rounded to T: hi alone where it is not finite (an infinite
// or NaN dx made lo NaN) or lo is zero (keeps the sign of a sum of -0s).
template <class T>
inline T finish_sum(double hi, double lo) noexcept
{
    if (!std::isfinite(hi) || !(lo < 0.0 || lo > 0.0))
        return static_cast<T>(hi);
    return static_cast<T>(hi + lo);
}

// dx[r][c] = dy[r][c] act'(x[r][c] + bias[c]), dbias[c] = sum over r of dx[r][c].
template <class T, class Act>
ACTFN_NOINLINE void bias_backward(const T* x, const T* bias, const T* dy, T* dx, T* dbias, std::size_t rows, std::size_t cols,
                          const Act& act) noexcept
{
    const std::size_t n = rows * cols;
    (void)n; // the assert's only
    ACTFN_ASSERT(same_or_disjoint(x, static_cast<const T*>(dx), n) && same_or_disjoint(dy, static_cast<const T*>(dx), n) &&
                     disjoint(bias, cols, static_cast<const T*>(dx), n) &&
                     disjoint(static_cast<const T*>(dbias), cols, x, n) &&
                     disjoint(static_cast<const T*>(dbias), cols, dy, n) &&
                     disjoint(static_cast<const T*>(dbias), cols, static_cast<const T*>(dx), n) &&
                     disjoint(static_cast<const T*>(dbias), cols, bias, cols),
                 "actfn: dx must be x or dy itself or overlap neither, nor bias; dbias must overlap nothing");
    alignas(64) T s[bias_grad_block];
    alignas(64) double hi[bias_grad_block];
    alignas(64) double lo[bias_grad_block];
    for (std::size_t c = 0; c < cols; c += bias_grad_block)
    {
        const std::size_t k = cols - c < bias_grad_block ? cols - c : bias_grad_block;
        for (std::size_t j = 0; j < k; ++j)
        {
            hi[j] = -0.0; // -0 + v is v for every v, +0 included
            lo[j] = 0.0;
        }
        for (std::size_t r = 0; r < rows; ++r)
        {
            const std::size_t at = r * cols + c;
            add_block(x + at, bias + c, s, k);
            act.backward(s, dy + at, dx + at, k);
            accumulate_block(dx + at, hi, lo, k);
        }
        for (std::size_t j = 0; j < k; ++j)
            dbias[c + j] = rows == 0 ? T(0) : finish_sum<T>(hi[j], lo[j]);
    }
}

#if ACTFN_HAS_SPAN
// The number of rows of a bias form's spans: x (and the others named) hold
// rows x cols values, bias cols; any other shape is reported.
inline std::size_t check_bias_shape(const char* function, std::size_t x_size, std::size_t bias_size)
{
    const bool fits = bias_size == 0 ? x_size == 0 : x_size % bias_size == 0;
    if (!fits)
    {
#if ACTFN_HAS_EXCEPTIONS
        throw std::invalid_argument(std::string("actfn::") + function + ": x has " + std::to_string(x_size) +
                                    " elements, not a multiple of bias's " + std::to_string(bias_size));
#else
        std::fprintf(stderr, "actfn::%s: x has %zu elements, not a multiple of bias's %zu\n", function, x_size,
                     bias_size);
        std::abort();
#endif
    }
    return bias_size == 0 ? 0 : x_size / bias_size;
}
#endif

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
