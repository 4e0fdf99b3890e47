#pragma once
// Runs a kernel operation (kernel_op.hpp) over contiguous memory: a SIMD body
// on xsimd::batch<T> (the default architecture of the build, fixed at compile
// time) and a last partial batch that goes through a padded stack buffer.
// Lanes that need the operation's slow path are collected in a small stack
// buffer and evaluated together on full batches; every element gets the bits
// of the element kernel whatever n, alignment or in-place use.  No
// allocation, no run-time dispatch.

#include "config.hpp"
#include "kernel_op.hpp"

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

// Elements per chunk of the array loops: slow lanes record 32-bit offsets.
constexpr std::size_t chunk = std::size_t(1) << 30;

inline unsigned lowest_bit(std::uint64_t bits) noexcept
{
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<unsigned>(__builtin_ctzll(bits));
#else
    unsigned k = 0;
    while (!(bits & 1u))
    {
        bits >>= 1;
        ++k;
    }
    return k;
#endif
}

// Lanes waiting for the slow path: their x (and dy), and where they go.
template <class T, bool with_dy>
struct slow_lanes
{
    using B = array_batch<T>;
    static constexpr std::size_t W = B::size;
    // Batches per block of the array loops: their masks are tested together.
    static constexpr std::size_t block = 4;
    static_assert(block == 4, "the array loops test four masks per block");
    // Room for two blocks' lanes; flushed when less than a block's is left.
    static constexpr std::size_t capacity = 2 * block * W;
    alignas(64) T x[capacity + W];
    alignas(64) T dy[with_dy ? capacity + W : 1];
    std::uint32_t offset[capacity + 16]; // element index - first
    std::size_t first = 0;               // the element index offsets count from
    std::size_t count = 0;

    // True when add_lanes() compresses with AVX-512 instead of branching.
    static constexpr bool compress =
#if XSIMD_WITH_AVX512F
        std::is_base_of<xsimd::avx512f, typename B::arch_type>::value;
#else
        false;
#endif

    // True when the next block might not fit: time to flush.
    bool nearly_full() const noexcept { return count > capacity - block * W; }

    // Appends the lanes of v[j] (and d[j]) marked in m[j], j < nb, batch j
    // starting at element base + j W.  Out of line: most blocks need none.
    ACTFN_NOINLINE void add_block(const B* v, const B* d, std::size_t base, const mask_t<B>* m,
                                  std::size_t nb) noexcept
    {
        for (std::size_t j = 0; j < nb; ++j)
            add_lanes(v[j], d[j], base + j * W, m[j]);
    }

    // Appends the lanes of v (and d) marked in m.  AVX-512 compresses them
    // without a branch (then stores a full batch: the buffers keep spare
    // slots); elsewhere a loop over the mask's bits copies them.
    void add_lanes(const B& v, const B& d, std::size_t base, const mask_t<B>& m) noexcept
    {
#if XSIMD_WITH_AVX512F
        if constexpr (compress)
        {
            const __m512i lanes = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(base - first)),
                                                   _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
            unsigned k;
            if constexpr (std::is_same<T, float>::value)
            {
                const __mmask16 km = m;
                k = km;
                _mm512_storeu_ps(x + count, _mm512_maskz_compress_ps(km, v));
                if constexpr (with_dy)
                    _mm512_storeu_ps(dy + count, _mm512_maskz_compress_ps(km, d));
            }
            else
            {
                const __mmask8 km = m;
                k = km;
                _mm512_storeu_pd(x + count, _mm512_maskz_compress_pd(km, v));
                if constexpr (with_dy)
                    _mm512_storeu_pd(dy + count, _mm512_maskz_compress_pd(km, d));
            }
            _mm512_storeu_si512(offset + count, _mm512_maskz_compress_epi32(static_cast<__mmask16>(k), lanes));
            count += static_cast<std::size_t>(_mm_popcnt_u32(k));
        }
        else
#endif
        {
            alignas(64) T xs[W];
            alignas(64) T ds[W];
            v.store_aligned(xs);
            if constexpr (with_dy)
                d.store_aligned(ds);
            add(xs, ds, base, lane_bits(m));
        }
    }

    // Appends the lanes set in bits.
    void add(const T* xs, const T* dys, std::size_t base, std::uint64_t bits) noexcept
    {
        while (bits)
        {
            const unsigned k = lowest_bit(bits);
            bits &= bits - 1;
            x[count] = xs[k];
            if constexpr (with_dy)
                dy[count] = dys[k];
            offset[count++] = static_cast<std::uint32_t>(base - first + k);
        }
    }

    // out[at[j]] = slow(x[j]) (times dy[j] for a derivative).
    template <class Op>
    ACTFN_NOINLINE void flush(const Op& op, T* out) noexcept
    {
        for (std::size_t k = count; k < count + W; ++k)
            x[k] = T(0); // padding: any value the slow path accepts
        alignas(64) T r[W];
        for (std::size_t j = 0; j < count; j += W)
        {
            B v = op.slow(B::load_aligned(x + j));
            if constexpr (with_dy)
                v = B::load_aligned(dy + j) * v;
            v.store_aligned(r);
            for (std::size_t k = 0; k < W && j + k < count; ++k)
                out[first + offset[j + k]] = r[k];
        }
        count = 0;
    }
};
#endif

// out[i] = op(x[i]), times dy[i] when with_dy (a derivative's backward
// pass), for i < n: the loops of both array forms.
template <bool with_dy, class T, class Op>
inline void map_array(const T* x, const T* dy, T* out, std::size_t n, const Op& op) noexcept
{
#if ACTFN_SIMD
    using B = array_batch<T>;
    constexpr std::size_t W = B::size;
    // The fast path on the batch at element `at`, stored; v, d and slow keep
    // what the slow lanes need.  Every load precedes the store, so out may be
    // x or dy.
    auto batch_at = [&](std::size_t at, B& v, B& d, mask_t<B>& slow) {
        v = B::load_unaligned(x + at);
        B r = op.fast(v, slow);
        if constexpr (with_dy)
        {
            d = B::load_unaligned(dy + at);
            r = d * r;
        }
        else
            d = v;
        r.store_unaligned(out + at);
    };
    slow_lanes<T, with_dy> pending;
    std::size_t i = 0;
    // Chunks of 2^30 elements keep the slow lanes' offsets within 32 bits.
    for (std::size_t end = 0; end + W <= n; pending.flush(op, out), pending.first = i)
    {
        end = n - i > chunk ? i + chunk : n;
        // Blocks of 4 batches with one test of their masks: the branch is
        // predictable both where slow lanes are rare (the block has none) and
        // where they are common (nearly every block has one); one test per
        // batch mispredicted about every other batch at 5% slow inputs.
        constexpr std::size_t NB = decltype(pending)::block;
        for (; i + NB * W <= end; i += NB * W)
        {
            B v[NB], d[NB];
            mask_t<B> slow[NB];
            for (std::size_t j = 0; j < NB; ++j)
                batch_at(i + j * W, v[j], d[j], slow[j]);
            if (any_lane((slow[0] | slow[1]) | (slow[2] | slow[3])))
            {
                pending.add_block(v, d, i, slow, NB);
                if (pending.nearly_full())
                    pending.flush(op, out);
            }
        }
        for (; i + W <= end; i += W)
        {
            B v, d;
            mask_t<B> slow;
            batch_at(i, v, d, slow);
            if (any_lane(slow))
            {
                pending.add_block(&v, &d, i, &slow, 1);
                if (pending.nearly_full())
                    pending.flush(op, out);
            }
        }
    }
    if (i < n)
    {
        T bx[W] = {};
        T bdy[W] = {};
        for (std::size_t k = 0; k < n - i; ++k)
        {
            bx[k] = x[i + k];
            if constexpr (with_dy)
                bdy[k] = dy[i + k];
        }
        B r = evaluate(op, B::load_unaligned(bx));
        if constexpr (with_dy)
            r = B::load_unaligned(bdy) * r;
        r.store_unaligned(bx);
        for (std::size_t k = 0; k < n - i; ++k)
            out[i + k] = bx[k];
    }
#else
    for (std::size_t i = 0; i < n; ++i)
    {
        T r = evaluate(op, x[i]);
        if constexpr (with_dy)
            r = dy[i] * r;
        out[i] = r;
    }
#endif
}

// y[i] = op(x[i]) for i < n.
template <class T, class Op>
inline void map_forward(const T* x, T* y, std::size_t n, const Op& op) noexcept
{
    ACTFN_ASSERT(same_or_disjoint(x, y, n), "actfn: y must be x itself or must not overlap x");
    map_array<false>(x, static_cast<const T*>(nullptr), y, n, op);
}

// dx[i] = dy[i] * op(x[i]) for i < n, op being a derivative.
template <class T, class Op>
inline void map_backward(const T* x, const T* dy, T* dx, std::size_t n, const Op& op) noexcept
{
    ACTFN_ASSERT(same_or_disjoint(x, dx, n) && same_or_disjoint(dy, dx, n),
                 "actfn: dx must be x or dy itself or must overlap neither");
    map_array<true>(x, dy, dx, n, op);
}

} // namespace detail
} // namespace actfn
