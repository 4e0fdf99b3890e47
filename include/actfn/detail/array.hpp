#pragma once
// Runs a kernel operation (kernel_op.hpp) over contiguous memory: a SIMD body
// on xsimd::batch<T> (the default architecture of the build, fixed at compile
// time), a last partial batch with its lanes past n zero (masked loads on
// AVX-512, a padded stack buffer elsewhere), and as many elements again
// first when that aligns the body's stores.
// Lanes that need the operation's slow path are collected in a small stack
// buffer and evaluated together on full batches (on AVX-512, calls of at most
// one block gather them in a register instead); every element gets the bits
// of the element kernel whatever n, alignment or in-place use.  No
// allocation, no run-time dispatch.

#include "config.hpp"
#include "kernel_op.hpp"

#include <cfenv>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <type_traits>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

// Whether the current rounding mode is round-to-nearest, which the kernels
// need: their interval and exponent arithmetic assumes it, and under the
// directed modes some results are wrong outright (float gelu(-2.35e-38)
// under FE_UPWARD: -2.9e-6).  Asserted by map_array in debug builds.
inline bool rounds_to_nearest() noexcept
{
#ifdef FE_TONEAREST
    return std::fegetround() == FE_TONEAREST;
#else
    return true;
#endif
}

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

// The number of bits set.
inline std::size_t lane_count(std::uint32_t bits) noexcept
{
#if defined(__GNUC__) || defined(__clang__)
    return static_cast<std::size_t>(__builtin_popcount(bits));
#else
    std::size_t c = 0;
    for (; bits; bits &= bits - 1)
        ++c;
    return c;
#endif
}

#if XSIMD_WITH_AVX512F
// The AVX-512 lane moves of the slow-lane handling, for float and double.
template <class T>
struct avx512_lanes;

template <>
struct avx512_lanes<float>
{
    using reg = __m512;
    using mask = __mmask16;
    // The lanes set in k, packed into the lowest lanes.
    static reg compress(mask k, reg v) noexcept { return _mm512_maskz_compress_ps(k, v); }
    // acc with the lanes set in k replaced by the lowest lanes of v, in order.
    static reg expand_into(reg acc, mask k, reg v) noexcept { return _mm512_mask_expand_ps(acc, k, v); }
    // Lanes pos, pos + 1, ... of v (counted modulo 16), spread over the
    // lanes set in k.
    static reg pick(mask k, reg v, std::size_t pos) noexcept
    {
        const __m512i idx = _mm512_add_epi32(_mm512_set1_epi32(static_cast<int>(pos)),
                                             _mm512_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15));
        return _mm512_maskz_expand_ps(k, _mm512_permutexvar_ps(idx, v));
    }
    static void store(float* p, reg v) noexcept { _mm512_storeu_ps(p, v); }
    static void store(float* p, mask k, reg v) noexcept { _mm512_mask_storeu_ps(p, k, v); }
    // The lanes set in k from p (the others 0, not read).
    static reg load(mask k, const float* p) noexcept { return _mm512_maskz_loadu_ps(k, p); }
};

template <>
struct avx512_lanes<double>
{
    using reg = __m512d;
    using mask = __mmask8;
    static reg compress(mask k, reg v) noexcept { return _mm512_maskz_compress_pd(k, v); }
    static reg expand_into(reg acc, mask k, reg v) noexcept { return _mm512_mask_expand_pd(acc, k, v); }
    static reg pick(mask k, reg v, std::size_t pos) noexcept
    {
        const __m512i idx =
            _mm512_add_epi64(_mm512_set1_epi64(static_cast<long long>(pos)), _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7));
        return _mm512_maskz_expand_pd(k, _mm512_permutexvar_pd(idx, v));
    }
    static void store(double* p, reg v) noexcept { _mm512_storeu_pd(p, v); }
    static void store(double* p, mask k, reg v) noexcept { _mm512_mask_storeu_pd(p, k, v); }
    static reg load(mask k, const double* p) noexcept { return _mm512_maskz_loadu_pd(k, p); }
};
#endif

#if XSIMD_WITH_AVX2
// The AVX2 lane moves of the slow-lane handling: AVX2 has no compress or
// expand, so a lane mask selects a vpermps index vector from a table.  The
// loops over the mask's bits they replace mispredicted on every batch whose
// number of slow lanes changed.  T lanes of 4 (double) or 8 (float) bytes in
// a 256-bit register; the indices count 32-bit elements.
template <class T>
struct avx2_lanes
{
    static constexpr int W = 32 / sizeof(T);
    static constexpr int per = sizeof(T) / 4; // 32-bit elements per lane
    struct tables
    {
        alignas(32) std::int32_t compress[1 << W][8]; // lanes set in the mask, in order, first
        alignas(32) std::int32_t expand[1 << W][8];   // lane k takes the rank of k among them
        alignas(32) std::int32_t select[1 << W][8];   // -1 in the elements of lanes set
    };
    static constexpr tables make() noexcept
    {
        tables t{};
        for (int m = 0; m < (1 << W); ++m)
        {
            int rank = 0;
            for (int k = 0; k < W; ++k)
            {
                const bool set = (m >> k) & 1;
                for (int e = 0; e < per; ++e)
                {
                    if (set)
                        t.compress[m][rank * per + e] = k * per + e;
                    t.expand[m][k * per + e] = (set ? rank : 0) * per + e;
                    t.select[m][k * per + e] = set ? -1 : 0;
                }
                rank += set;
            }
        }
        return t;
    }
    static const tables& get() noexcept
    {
        static constexpr tables t = make();
        return t;
    }
    static __m256 as_ps(__m256 v) noexcept { return v; }
    static __m256 as_ps(__m256d v) noexcept { return _mm256_castpd_ps(v); }
    static __m256i row(const std::int32_t (&r)[8]) noexcept
    {
        return _mm256_load_si256(reinterpret_cast<const __m256i*>(r));
    }
    // Stores the lanes of v set in bits, in order, at p (8 elements written).
    static void compress_store(T* p, __m256 v, std::uint32_t bits) noexcept
    {
        _mm256_storeu_ps(reinterpret_cast<float*>(p), _mm256_permutevar8x32_ps(v, row(get().compress[bits])));
    }
    // dst's lanes set in bits take src[0], src[1], ... in order; the others
    // are rewritten unchanged (a full batch that the caller owns).
    static void expand_store(T* dst, const T* src, std::uint32_t bits) noexcept
    {
        float* d = reinterpret_cast<float*>(dst);
        const __m256 spread =
            _mm256_permutevar8x32_ps(_mm256_loadu_ps(reinterpret_cast<const float*>(src)), row(get().expand[bits]));
        _mm256_storeu_ps(d, _mm256_blendv_ps(_mm256_loadu_ps(d), spread, _mm256_castsi256_ps(row(get().select[bits]))));
    }
};
#endif

// Lanes waiting for the slow path: their x (and dy), gathered in order, and
// a record per batch that has any: where the batch starts and which lanes.
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
    // Record j: batch at element first + at[j], its slow lanes in lanes[j].
    // Every record has a lane, so there are at most `capacity`, and one spare
    // slot takes the unkept records of lane-free batches.
    std::uint32_t at[capacity + 1];
    std::uint32_t lanes[capacity + 1];
    std::size_t first = 0; // the element index records count from
    std::size_t count = 0; // lanes
    std::size_t records = 0;

    // True when AVX-512 compresses the lanes in and expands the results out
    // instead of looping over the mask's bits.
    static constexpr bool compress =
#if XSIMD_WITH_AVX512F
        std::is_base_of<xsimd::avx512f, typename B::arch_type>::value;
#else
        false;
#endif

    // True when 256-bit AVX2 moves lanes by permutes from avx2_lanes' tables.
    static constexpr bool permute =
#if XSIMD_WITH_AVX2
        !compress && std::is_base_of<xsimd::avx2, typename B::arch_type>::value && sizeof(B) == 32;
#else
        false;
#endif

    // True when the next block might not fit: time to flush.
    bool nearly_full() const noexcept { return count > capacity - block * W; }

    // Appends the lanes marked in m[j] of the batch at element base + j W of
    // xs (and ds), j < NB.  It reads the batches from memory, so the array
    // loops call it before they store the block's results (out may be x or
    // dy) and keep no copies of the inputs: copies on the stack cost two
    // stores per batch of a backward pass, made whether a block had slow
    // lanes or not.  The running counts stay in locals: the intrinsics'
    // stores may alias any member, so member counts would be stored and
    // reloaded after each of them.
    template <std::size_t NB>
    void add_block(const T* xs, const T* ds, std::size_t base, const mask_t<B> (&m)[NB]) noexcept
    {
        std::size_t n = count, r = records;
        unrolled<NB>([&](auto j) ACTFN_LAMBDA_INLINE {
            const std::uint32_t bits = static_cast<std::uint32_t>(lane_bits(m[j]));
            at[r] = static_cast<std::uint32_t>(base + j * W - first);
            lanes[r] = bits;
            r += bits != 0;
            const std::size_t at_j = base + j * W;
            const B v = B::load_unaligned(xs + at_j);
            n = add_lanes(v, with_dy ? B::load_unaligned(ds + at_j) : v, bits, n);
        });
        count = n;
        records = r;
    }

    // Appends the lanes of v (and d) set in bits after the first n; returns
    // the new count.  AVX-512 (vcompressps) and AVX2 (vpermps from a table)
    // pack them without a branch, then store a full batch (the buffers keep
    // spare slots); other targets loop over the bits.
    std::size_t add_lanes(const B& v, const B& d, std::uint32_t bits, std::size_t n) noexcept
    {
#if XSIMD_WITH_AVX512F
        if constexpr (compress)
        {
            using L = avx512_lanes<T>;
            const typename L::mask km = static_cast<typename L::mask>(bits);
            L::store(x + n, L::compress(km, v));
            if constexpr (with_dy)
                L::store(dy + n, L::compress(km, d));
            return n + lane_count(bits);
        }
        else
#endif
#if XSIMD_WITH_AVX2
            if constexpr (permute)
        {
            using L = avx2_lanes<T>;
            L::compress_store(x + n, L::as_ps(v), bits);
            if constexpr (with_dy)
                L::compress_store(dy + n, L::as_ps(d), bits);
            return n + lane_count(bits);
        }
        else
#endif
        {
            alignas(64) T xs[W];
            alignas(64) T ds[W];
            v.store_aligned(xs);
            if constexpr (with_dy)
                d.store_aligned(ds);
            while (bits)
            {
                const unsigned k = lowest_bit(bits);
                bits &= bits - 1;
                x[n] = xs[k];
                if constexpr (with_dy)
                    dy[n] = ds[k];
                ++n;
            }
            return n;
        }
    }

    // flush's evaluation for an operation with a second range: the second
    // range on every gathered batch, and slow() only on the lanes it does not
    // cover, gathered once more (the tail costs about ten times the second
    // range per batch, and a batch of lanes gathered on Student-t input held
    // a lane beyond the second range 9 times in 10).
    template <class Op>
    void evaluate_with_second_range(const Op& op) noexcept
    {
        alignas(64) T rest_x[capacity + W];
        alignas(64) T rest_dy[with_dy ? capacity + W : 1];
        std::uint32_t rest_at[capacity + W];
        alignas(64) T lane_x[W];
        std::size_t rest = 0;
        for (std::size_t j = 0; j < count; j += W)
        {
            const B xv = B::load_aligned(x + j);
            if (!any_lane(second_range_covers<typename Op::second_range_table>(xv)))
            {
                // None covered (as after the array loops' own second range
                // on a block): slow() on the batch.
                B v = slow_result(op, xv);
                if constexpr (with_dy)
                    v = times_dy(B::load_aligned(dy + j), v, xv);
                v.store_aligned(x + j);
                continue;
            }
            using Tab = typename Op::second_range_table;
            B v = second_range<Tab, Op::second_range_derivative>(xv);
            if constexpr (with_dy)
                v = backward_product(B::load_aligned(dy + j), v);
            const mask_t<B> left = second_range_leaves<Tab>(xv);
            std::uint64_t bits = lane_bits(left);
            if (count - j < W)
                bits &= (std::uint64_t(1) << (count - j)) - 1; // not the padding
            if (bits != 0)
            {
                xv.store_aligned(lane_x);
                while (bits)
                {
                    const unsigned k = lowest_bit(bits);
                    bits &= bits - 1;
                    rest_x[rest] = lane_x[k];
                    if constexpr (with_dy)
                        rest_dy[rest] = dy[j + k];
                    rest_at[rest] = static_cast<std::uint32_t>(j + k);
                    ++rest;
                }
            }
            v.store_aligned(x + j);
        }
        for (std::size_t k = rest; k < rest + W; ++k)
        {
            rest_x[k] = T(0); // padding, as above
            if constexpr (with_dy)
                rest_dy[k] = T(0);
        }
        for (std::size_t j = 0; j < rest; j += W)
        {
            const B xv = B::load_aligned(rest_x + j);
            B v = slow_result(op, xv);
            if constexpr (with_dy)
                v = times_dy(B::load_aligned(rest_dy + j), v, xv);
            v.store_aligned(lane_x);
            const std::size_t m = rest - j < W ? rest - j : W;
            for (std::size_t k = 0; k < m; ++k)
                x[rest_at[j + k]] = lane_x[k];
        }
    }

    // Evaluates the gathered lanes (slow(x), times dy for a derivative) and
    // puts each result where its lane came from.  All results are computed
    // and stored first; then each record reads its run of them back from the
    // buffer.  AVX-512 expands the run over the record's lanes and writes it
    // with one masked store, AVX2 permutes it into place and rewrites the
    // batch with a blend; elsewhere a loop over the record's bits writes it.
    // No branch depends on the data: keeping the results in two registers
    // instead, and moving to the next when a record passed its end, cost
    // gelu 3-5% on 'mixed' input at n = 4096 and 65536 (AVX-512), from
    // mispredicting that move.
    template <class Op>
    ACTFN_NOINLINE void flush(const Op& op, T* out) noexcept
    {
        if (count == 0)
            return;
        for (std::size_t k = count; k < count + W; ++k)
            x[k] = T(0); // padding: any value the slow path accepts
        if constexpr (has_second_range<Op, B>::value)
            evaluate_with_second_range(op);
        else
        {
            for (std::size_t j = 0; j < count; j += W)
            {
                const B xv = B::load_aligned(x + j);
                B v = slow_result(op, xv);
                if constexpr (with_dy)
                    v = times_dy(B::load_aligned(dy + j), v, xv);
                v.store_aligned(x + j);
            }
        }
        // A record reads up to W results past its own: the buffer's spare
        // slots, which hold results or padding.
        T* const dst = out + first;
        std::size_t pos = 0;
        for (std::size_t r = 0; r < records; ++r)
        {
            std::uint32_t bits = lanes[r];
#if XSIMD_WITH_AVX512F
            if constexpr (compress)
            {
                using L = avx512_lanes<T>;
                const typename L::mask km = static_cast<typename L::mask>(bits);
                L::store(dst + at[r], km, L::expand_into(B(T(0)), km, B::load_unaligned(x + pos)));
                pos += lane_count(bits);
                continue;
            }
#endif
#if XSIMD_WITH_AVX2
            if constexpr (permute)
            {
                avx2_lanes<T>::expand_store(dst + at[r], x + pos, bits);
                pos += lane_count(bits);
                continue;
            }
#endif
            while (bits)
            {
                const unsigned k = lowest_bit(bits);
                bits &= bits - 1;
                dst[at[r] + k] = x[pos++];
            }
        }
        count = 0;
        records = 0;
    }
};
#endif

// Array loops on more than this many bytes of x prefetch every stream
// `prefetch_ahead` bytes ahead, the output for writing, unless
// ACTFN_ARRAY_PREFETCH is 0 (config.hpp: the default on AMD Zen).  On an
// Intel Xeon, gelu at n = 2^24 (DRAM, AVX-512, 5% tails) took 0.77-0.85
// ns/element without the hints and 0.51-0.65 with them, relu 0.52-0.60 and
// 0.38-0.50: the output's read-for-ownership misses were not prefetched early
// enough by the hardware behind a loop this long.  Below 32 KiB, where the
// data sits in L1, the hints cost relu 15% and gain nothing.
constexpr std::size_t prefetch_from = ACTFN_ARRAY_PREFETCH ? 32768 : ~std::size_t(0);
constexpr std::size_t prefetch_ahead = 4096;

#if ACTFN_SIMD
// The fast path on the batch at element `at` (times dy's batch for a
// backward pass), not yet stored; `staged`: the lanes' row offsets stored a
// block earlier (op.stage), for operations that stage them.  A function
// forced inline, not a lambda: GCC 12 left such a lambda out of line in a
// unit with many array functions.
template <bool with_dy, class B, class T, class Op, class... Staged>
ACTFN_INLINE B fast_batch(const Op& op, const T* x, const T* dy, std::size_t at, mask_t<B>& slow,
                          const Staged&... staged) noexcept
{
    B r = op.fast(B::load_unaligned(x + at), slow, staged...);
    if constexpr (with_dy)
        r = backward_product(B::load_unaligned(dy + at), r);
    return r;
}

// The second range (kernel_op.hpp, take_second_range) on the batch at
// element `at`, whose fast-path result (times dy) is r and slow lanes slow.
// It runs on the batch in registers, where a block has many slow lanes:
// gathered with the lanes beyond it, its lanes cost the gathering and shared
// batches of the double tail (gelu on U[-15, 15], AVX-512, n = 4096: 1.38x
// the time without a second range that way, 0.91x in registers).
template <bool with_dy, class B, class T, class Op>
ACTFN_INLINE void second_range_batch(const Op& op, const T* x, const T* dy, std::size_t at, B& r,
                                     mask_t<B>& slow) noexcept
{
    const B xv = B::load_unaligned(x + at);
    if constexpr (with_dy)
        take_second_range(op, xv, B::load_unaligned(dy + at), r, slow);
    else
        take_second_range(op, xv, r, slow);
}

// The number of slow lanes in a block's masks.
template <class M, std::size_t NB>
ACTFN_INLINE std::size_t slow_lane_count(const M (&slow)[NB]) noexcept
{
    std::size_t c = 0;
    unrolled<NB>([&](auto j) ACTFN_LAMBDA_INLINE { c += lane_count(static_cast<std::uint32_t>(lane_bits(slow[j]))); });
    return c;
}

// From this many slow lanes in a block of four batches of W lanes on, the
// array loops evaluate the second range on the block in registers rather
// than gather the lanes.
template <std::size_t W>
constexpr std::size_t in_register_from = W / 2;

// The row offsets of the batches of one block, for operations that stage
// them (stages_rows), else nothing.
template <class B, std::size_t NB, bool staged>
struct staged_block
{
    row_offsets<B> o[NB];
};
template <class B, std::size_t NB>
struct staged_block<B, NB, false>
{
};

// op.stage on the NB batches of the block at xs, into block.
template <class B, std::size_t NB, class T, class Op>
ACTFN_INLINE void stage_block(const Op& op, const T* xs, staged_block<B, NB, true>& block) noexcept
{
    unrolled<NB>([&](auto j) ACTFN_LAMBDA_INLINE { op.stage(B::load_unaligned(xs + j * B::size), block.o[j]); });
}

// out[i + k] for k < count < W: the last partial batch, and the head that
// aligns the stores.  The lanes past count hold 0, which every kernel takes,
// and are dropped.  AVX-512 loads and stores them masked; other targets go
// through a padded stack buffer (xsimd has no masked loads before 14).
template <bool with_dy, class T, class Op>
inline void partial_batch(const Op& op, const T* x, const T* dy, T* out, std::size_t i, std::size_t count) noexcept
{
    using B = array_batch<T>;
#if XSIMD_WITH_AVX512F
    if constexpr (slow_lanes<T, with_dy>::compress)
    {
        using L = avx512_lanes<T>;
        const typename L::mask k = static_cast<typename L::mask>((1u << count) - 1);
        const B xv = L::load(k, x + i);
        B r = evaluate(op, xv);
        if constexpr (with_dy)
            r = times_dy(B(L::load(k, dy + i)), r, xv);
        L::store(out + i, k, r);
    }
    else
#endif
    {
        T bx[B::size] = {};
        T bdy[B::size] = {};
        for (std::size_t k = 0; k < count; ++k)
        {
            bx[k] = x[i + k];
            if constexpr (with_dy)
                bdy[k] = dy[i + k];
        }
        const B xv = B::load_unaligned(bx);
        B r = evaluate(op, xv);
        if constexpr (with_dy)
            r = times_dy(B::load_unaligned(bdy), r, xv);
        r.store_unaligned(bx);
        for (std::size_t k = 0; k < count; ++k)
            out[i + k] = bx[k];
    }
}
#endif

// out[i] = op(x[i]), times dy[i] when with_dy (a derivative's backward
// pass), for i < n: the loops of both array forms.  Never inlined into the
// caller: a call costs a few cycles against the ~20 ns of a 64-element
// array, and inlined into a caller that passes a constant n, GCC 12 warned
// (-Warray-bounds) about loads in the loops that such an n never runs.
template <bool with_dy, class T, class Op>
ACTFN_NOINLINE void map_array(const T* x, const T* dy, T* out, std::size_t n, const Op& op) noexcept
{
    ACTFN_ASSERT(rounds_to_nearest(), "actfn: the rounding mode must be round-to-nearest (FE_TONEAREST)");
#if ACTFN_SIMD
    using B = array_batch<T>;
    constexpr std::size_t W = B::size;
    using pending_lanes = slow_lanes<T, with_dy>;
    constexpr std::size_t NB = pending_lanes::block;
    std::size_t i = 0;
    bool one_block = false;
#if XSIMD_WITH_AVX512F
    if constexpr (pending_lanes::compress)
    {
        one_block = n <= NB * W;
        if (one_block)
        {
            // One block at most: its slow lanes are gathered in a register
            // rather than in pending's buffer.  Read back from the buffer, the
            // lanes of several overlapping stores cannot be forwarded from the
            // store buffer, so the slow path waited until those stores retired,
            // i.e. until the whole fast path had: gelu on 64 floats with 5%
            // tail inputs took 46 ns, and takes 35 this way (31 with at most
            // 8 slow lanes evaluated as one double batch, the usual case).
            using L = avx512_lanes<T>;
            const std::size_t nb = n / W;
            B v[NB], d[NB];
            typename L::mask lanes[NB];
            std::size_t pos[NB];
            std::uint32_t any = 0;
            for (std::size_t j = 0; j < nb; ++j)
            {
                // v and d are kept for the slow lanes (the compiler shares
                // their loads with fast_batch's).  Every load precedes the
                // store, so out may be x or dy.
                mask_t<B> slow;
                v[j] = B::load_unaligned(x + j * W);
                d[j] = with_dy ? B::load_unaligned(dy + j * W) : v[j];
                B r = fast_batch<with_dy, B>(op, x, dy, j * W, slow);
                if constexpr (has_second_range<Op, B>::value)
                {
                    if (any_lane(slow))
                    {
                        if constexpr (with_dy)
                            take_second_range(op, v[j], d[j], r, slow);
                        else
                            take_second_range(op, v[j], r, slow);
                    }
                }
                r.store_unaligned(out + j * W);
                lanes[j] = slow;
                any |= lanes[j];
            }
            if (any != 0)
            {
                // Each batch's lanes go after those gathered so far.
                typename L::reg gx = B(T(0));
                std::size_t count = 0;
                for (std::size_t j = 0; j < nb; ++j)
                {
                    pos[j] = count;
                    const typename L::mask after =
                        count < W ? static_cast<typename L::mask>(~0u << count) : typename L::mask(0);
                    gx = L::expand_into(gx, after, L::compress(lanes[j], v[j]));
                    count += lane_count(lanes[j]);
                }
                if (count <= W)
                {
                    // At most W/2 lanes (the usual case): half the tail's work.
                    // dy multiplies the results once they are back in their
                    // batches: gathering dy as well cost 2-4 ns per call.
                    const B r = count <= W / 2 ? slow_result<tail_lanes::low_half>(op, B(gx)) : slow_result(op, B(gx));
                    for (std::size_t j = 0; j < nb; ++j)
                    {
                        B rj = L::pick(lanes[j], r, pos[j]);
                        if constexpr (with_dy)
                            rj = times_dy(d[j], rj, v[j]);
                        L::store(out + j * W, lanes[j], rj);
                    }
                }
                else
                {
                    // More slow lanes than a batch holds: each batch's own.
                    for (std::size_t j = 0; j < nb; ++j)
                    {
                        B r = slow_result(op, v[j]);
                        if constexpr (with_dy)
                            r = times_dy(d[j], r, v[j]);
                        L::store(out + j * W, lanes[j], r);
                    }
                }
            }
            i = nb * W;
        }
    }
#endif
    if (!one_block)
    {
        // A head of fewer than W elements when out is not aligned to a
        // batch, so that the body's stores are (and its loads, when x and dy
        // are aligned as out is).  std::vector's 16-byte alignment is the
        // usual case; split loads and stores took ReLU at n = 4096 (L1,
        // AVX-512, harness) from 0.021 to 0.047 ns/element, relu_backward
        // from 0.035 to 0.063; with the head 0.021 and 0.033.  Beyond L1
        // and for the GELU forms the difference was within noise.
        const std::size_t misaligned = reinterpret_cast<std::uintptr_t>(out) % sizeof(B);
        if (misaligned != 0 && misaligned % sizeof(T) == 0 && n >= 2 * W)
        {
            i = (sizeof(B) - misaligned) / sizeof(T);
            partial_batch<with_dy>(op, x, dy, out, 0, i);
        }
        pending_lanes pending;
        pending.first = i;
        // Operations that stage their row offsets (stages_rows) store each
        // block's during the block before (rows[cur ^ 1]) and read them back
        // during their own (rows[cur]).
        constexpr bool staged = stages_rows<Op, B>::value;
        staged_block<B, NB, staged> rows[2];
        std::size_t cur = 0;
        (void)rows;
        (void)cur;
        const bool prefetch = n * sizeof(T) > prefetch_from;
        constexpr std::size_t ahead = prefetch_ahead / sizeof(T);
        constexpr std::size_t line = 64 / sizeof(T) < NB * W ? 64 / sizeof(T) : NB * W;
        // Chunks of 2^30 elements keep the slow lanes' offsets within 32 bits.
        for (std::size_t end = 0; end + W <= n; pending.flush(op, out), pending.first = i)
        {
            end = n - i > chunk ? i + chunk : n;
            // Blocks of 4 batches with one test of their masks: the branch is
            // predictable both where slow lanes are rare (the block has none) and
            // where they are common (nearly every block has one); one test per
            // batch mispredicted about every other batch at 5% slow inputs.
            if constexpr (staged)
            {
                if (i + NB * W <= end)
                    stage_block<B>(op, x + i, rows[cur]);
            }
            for (; i + NB * W <= end; i += NB * W)
            {
                if (prefetch && i + ahead + NB * W <= n)
                {
                    for (std::size_t k = 0; k < NB * W; k += line)
                    {
                        ACTFN_PREFETCH(x + i + ahead + k, false);
                        if constexpr (with_dy)
                            ACTFN_PREFETCH(dy + i + ahead + k, false);
                        ACTFN_PREFETCH(out + i + ahead + k, true);
                    }
                }
                B r[NB];
                mask_t<B> slow[NB];
                if constexpr (staged)
                {
                    // The next block's offsets (when there is a next block),
                    // then this block's batches on the offsets stored before.
                    if (i + 2 * NB * W <= end)
                        stage_block<B>(op, x + i + NB * W, rows[cur ^ 1]);
                    const auto& offsets = rows[cur];
                    unrolled<NB>([&](auto j) ACTFN_LAMBDA_INLINE {
                        r[j] = fast_batch<with_dy, B>(op, x, dy, i + j * W, slow[j], offsets.o[j]);
                    });
                    cur ^= 1;
                }
                else
                {
                    unrolled<NB>([&](auto j) ACTFN_LAMBDA_INLINE {
                        r[j] = fast_batch<with_dy, B>(op, x, dy, i + j * W, slow[j]);
                    });
                }
                bool any = any_lane((slow[0] | slow[1]) | (slow[2] | slow[3]));
                if constexpr (has_second_range<Op, B>::value)
                {
                    // Many slow lanes: the second range on all four batches
                    // in registers (a branch per batch mispredicted where
                    // about every other batch has a lane beyond the table).
                    // A few: they are gathered (flush applies the second
                    // range there), which costs less than four batches of it.
                    if (any && slow_lane_count(slow) >= in_register_from<W>)
                    {
                        unrolled<NB>([&](auto j) ACTFN_LAMBDA_INLINE {
                            second_range_batch<with_dy>(op, x, dy, i + j * W, r[j], slow[j]);
                        });
                        any = any_lane((slow[0] | slow[1]) | (slow[2] | slow[3]));
                    }
                }
                if (any)
                    pending.add_block(x, dy, i, slow);
                unrolled<NB>([&](auto j) ACTFN_LAMBDA_INLINE { r[j].store_unaligned(out + i + j * W); });
                if (any && pending.nearly_full())
                    pending.flush(op, out);
            }
            for (; i + W <= end; i += W)
            {
                mask_t<B> slow[1];
                B r = fast_batch<with_dy, B>(op, x, dy, i, slow[0]);
                bool any = any_lane(slow[0]);
                if constexpr (has_second_range<Op, B>::value)
                {
                    if (any)
                    {
                        second_range_batch<with_dy>(op, x, dy, i, r, slow[0]);
                        any = any_lane(slow[0]);
                    }
                }
                if (any)
                    pending.add_block(x, dy, i, slow);
                r.store_unaligned(out + i);
                if (any && pending.nearly_full())
                    pending.flush(op, out);
            }
        }
    }
    if (i < n)
        partial_batch<with_dy>(op, x, dy, out, i, n - i);
#else
    for (std::size_t i = 0; i < n; ++i)
    {
        T r = evaluate(op, x[i]);
        if constexpr (with_dy)
            r = times_dy(dy[i], r, x[i]);
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
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
