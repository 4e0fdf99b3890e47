#pragma once
// Runs an element kernel over contiguous memory: a SIMD body on
// xsimd::batch<T> (the default architecture of the build) and a tail that goes
// through the same batch kernel via a padded stack buffer, so every element
// gets the same bits whatever n, alignment or in-place use.  No allocation, no
// run-time dispatch.

#include "config.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>

namespace actfn {
namespace detail {

// True when [out, out+n) is [in, in+n) itself or does not overlap it.
template <class T>
inline bool same_or_disjoint(const T* in, const T* out, std::size_t n) noexcept
{
    if (in == out || n == 0)
        return true;
    const std::less<const T*> before;
    return !before(out, in + n) || !before(in, out + n);
}

#if ACTFN_SIMD
template <class T>
using array_batch = xsimd::batch<T>;
#endif

// y[i] = f(x[i]) for i < n.
template <class T, class F>
inline void map_forward(const T* x, T* y, std::size_t n, F f) noexcept
{
    ACTFN_ASSERT(same_or_disjoint(x, y, n),
                 "actfn: y must be x itself or must not overlap x");
#if ACTFN_SIMD
    using B = array_batch<T>;
    constexpr std::size_t W = B::size;
    std::size_t i = 0;
    for (; i + W <= n; i += W)
        f(B::load_unaligned(x + i)).store_unaligned(y + i);
    if (i < n)
    {
        T buf[W] = {};
        for (std::size_t k = 0; k < n - i; ++k)
            buf[k] = x[i + k];
        f(B::load_unaligned(buf)).store_unaligned(buf);
        for (std::size_t k = 0; k < n - i; ++k)
            y[i + k] = buf[k];
    }
#else
    for (std::size_t i = 0; i < n; ++i)
        y[i] = f(x[i]);
#endif
}

// dx[i] = dy[i] * g(x[i]) for i < n, where g is the derivative kernel.
template <class T, class G>
inline void map_backward(const T* x, const T* dy, T* dx, std::size_t n, G g) noexcept
{
    ACTFN_ASSERT(same_or_disjoint(x, dx, n) && same_or_disjoint(dy, dx, n),
                 "actfn: dx must be x or dy itself or must overlap neither");
#if ACTFN_SIMD
    using B = array_batch<T>;
    constexpr std::size_t W = B::size;
    std::size_t i = 0;
    for (; i + W <= n; i += W)
        (B::load_unaligned(dy + i) * g(B::load_unaligned(x + i))).store_unaligned(dx + i);
    if (i < n)
    {
        T bx[W] = {};
        T bdy[W] = {};
        for (std::size_t k = 0; k < n - i; ++k)
        {
            bx[k] = x[i + k];
            bdy[k] = dy[i + k];
        }
        (B::load_unaligned(bdy) * g(B::load_unaligned(bx))).store_unaligned(bx);
        for (std::size_t k = 0; k < n - i; ++k)
            dx[i + k] = bx[k];
    }
#else
    for (std::size_t i = 0; i < n; ++i)
        dx[i] = dy[i] * g(x[i]);
#endif
}

} // namespace detail
} // namespace actfn
