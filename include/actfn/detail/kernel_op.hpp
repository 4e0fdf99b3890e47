#pragma once
// Kernels as operation objects.  Each activation (and each derivative) is a
// small struct whose fast(x, slow) evaluates the common case for every lane
// -- the table path -- and marks the lanes that need slow(x), the tails
// evaluated in double.  evaluate() combines both for an element or a batch;
// the array functions (array.hpp) instead collect the marked lanes across many
// batches and run slow() on full batches of them, so a tail lane costs about
// one lane of slow() rather than a whole batch of it.  Both routes give the
// same bits: slow() is the same function either way.

#include "range2.hpp"
#include "simd_ops.hpp"
#include "unrolled.hpp"

#include <cstdint>
#include <type_traits>
#include <utility>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

// Constructor tag of the operation structs (their parameters follow it).
struct op_tag
{
};

template <class T>
using mask_t = decltype(std::declval<const T&>() < std::declval<const T&>());

// The lanes whose slow() results a caller uses: all of them, or only the
// lower half of a float batch, when the caller has gathered at most W/2
// lanes there; the float kernels' tails then evaluate only the lower of the
// two double batches (widen.hpp), and the upper lanes repeat the lower ones.
enum class tail_lanes
{
    all,
    low_half
};

// Base of the operations whose fast() covers every input but NaN: fast()
// marks the NaN lanes (is_nan) and slow() has nothing to compute for them,
// since slow_result puts x quieted there.
struct slow_path_for_nan_only
{
    template <tail_lanes L = tail_lanes::all, class T>
    T slow(const T& x) const noexcept
    {
        return x;
    }
};

// The result of a lane that fast() marked as slow: op.slow(x), or x quieted
// where x is NaN (simd_ops.hpp, "NaN").
template <tail_lanes L = tail_lanes::all, class Op, class T>
inline T slow_result(const Op& op, const T& x) noexcept
{
    return choose(is_nan(x), quieted(x), op.template slow<L>(x));
}

// dy g, the product of a backward pass where x is not NaN: IEEE's, in which
// a NaN dy comes back quieted (the only NaN operand), and (+-inf) * 0 gives
// the default NaN of x86, the negative quiet NaN 0xffc00000 /
// 0xfff8000000000000.  ARM's default NaN is positive: there that one case is
// given x86's, so that the bits agree across targets (2 more operations per
// vector on AArch64 only).
template <class T>
ACTFN_INLINE T backward_product(const T& dy, const T& g) noexcept
{
    const T r = dy * g;
#if defined(__aarch64__) || defined(_M_ARM64) || defined(__arm__) || defined(_M_ARM)
    using S = scalar_t<T>;
    const T x86_default(from_bits(std::is_same<S, float>::value ? bits_t<S>(0xffc00000u)
                                                                : bits_t<S>(0xfff8000000000000ull)));
    return choose(is_nan(r) & !is_nan(dy), x86_default, r); // g is never NaN here
#else
    return r;
#endif
}

// dy g for a backward pass, g being the derivative at x: g itself where x is
// NaN (g is x quieted there), so that a NaN x wins over a NaN dy whatever
// operand order the target or the compiler picks for the product; otherwise
// backward_product.  Only the slow lanes need the NaN x case: fast() marks
// every NaN x as slow.
template <class T>
inline T times_dy(const T& dy, const T& g, const T& x) noexcept
{
    return choose(is_nan(x), g, backward_product(dy, g));
}

// What an operation may compute for a batch a block ahead of the batch's
// evaluation (op.stage(x, o), then op.fast(x, slow, o); piecewise.hpp): the
// byte offsets of the lanes' table rows, two 32-bit lanes per element.
template <class T>
struct row_offsets
{
    alignas(32) std::uint64_t pairs[(sizeof(T) + 7) / 8];
};

// Whether Op stages T batches that way (it has both steps).
template <class Op, class T, class = void>
struct stages_rows : std::false_type
{
};
template <class Op, class T>
struct stages_rows<Op, T,
                   std::void_t<decltype(std::declval<const Op&>().stage(std::declval<const T&>(),
                                                                        std::declval<row_offsets<T>&>())),
                               decltype(std::declval<const Op&>().fast(std::declval<const T&>(),
                                                                       std::declval<mask_t<T>&>(),
                                                                       std::declval<const row_offsets<T>&>()))>>
    : std::true_type
{
};

// Whether Op has a second range (range2.hpp) for T: a float kernel whose
// operation names its table (second_range_table, not void) and whether it is
// a derivative's (second_range_derivative).
template <class Op, class T, class = void>
struct has_second_range : std::false_type
{
};
template <class Op, class T>
struct has_second_range<Op, T, std::void_t<typename Op::second_range_table>>
    : std::integral_constant<bool, !std::is_void<typename Op::second_range_table>::value &&
                                       std::is_same<scalar_t<T>, float>::value>
{
};

// The slow lanes that Op's second range covers: their values (times dy for
// a backward pass, as backward_product gives it: x is not NaN there) go into
// y and the lanes leave slow.  Nothing for an operation without one.
template <class Op, class T>
ACTFN_INLINE void take_second_range(const Op& op, const T& x, T& y, mask_t<T>& slow) noexcept
{
    (void)op;
    if constexpr (has_second_range<Op, T>::value)
    {
        using Tab = typename Op::second_range_table;
        const T v = second_range<Tab, Op::second_range_derivative>(x);
        const mask_t<T> leaves = second_range_leaves<Tab>(x);
        y = choose(slow, choose(leaves, y, v), y);
        slow = slow & leaves;
    }
}
template <class Op, class T>
ACTFN_INLINE void take_second_range(const Op& op, const T& x, const T& dy, T& y, mask_t<T>& slow) noexcept
{
    (void)op;
    (void)dy;
    if constexpr (has_second_range<Op, T>::value)
    {
        using Tab = typename Op::second_range_table;
        const T v = backward_product(dy, second_range<Tab, Op::second_range_derivative>(x));
        const mask_t<T> leaves = second_range_leaves<Tab>(x);
        y = choose(slow, choose(leaves, y, v), y);
        slow = slow & leaves;
    }
}

// op(x): the fast path, the second range on the lanes it marked (where the
// operation has one), slow() on those left.  The array loops (array.hpp) take
// the same three steps, so their bits are these.
template <class Op, class T>
inline T evaluate(const Op& op, const T& x) noexcept
{
    mask_t<T> slow;
    T y = op.fast(x, slow);
    if (any_lane(slow))
    {
        take_second_range(op, x, y, slow);
        if (any_lane(slow))
            y = choose(slow, slow_result(op, x), y);
    }
    return y;
}

// Bit k set when lane k of the mask is.
inline std::uint64_t lane_bits(bool m) noexcept
{
    return m ? 1u : 0u;
}

#if ACTFN_XSIMD_BATCH
template <class T, class A>
inline std::uint64_t lane_bits(const xsimd::batch_bool<T, A>& m) noexcept
{
    constexpr std::size_t W = xsimd::batch<T, A>::size;
#if XSIMD_WITH_AVX512F
    if constexpr (std::is_base_of<xsimd::avx512f, A>::value)
    {
        using R = typename xsimd::batch_bool<T, A>::register_type;
        return static_cast<std::uint64_t>(static_cast<R>(m));
    }
    else
#endif
#if XSIMD_WITH_AVX
        if constexpr (sizeof(xsimd::batch<T, A>) == 32 && std::is_base_of<xsimd::avx, A>::value)
    {
        if constexpr (std::is_same<T, float>::value)
            return static_cast<std::uint64_t>(_mm256_movemask_ps(m));
        else
            return static_cast<std::uint64_t>(_mm256_movemask_pd(m));
    }
    else
#endif
#if XSIMD_WITH_SSE2
        if constexpr (sizeof(xsimd::batch<T, A>) == 16 && std::is_base_of<xsimd::sse2, A>::value)
    {
        if constexpr (std::is_same<T, float>::value)
            return static_cast<std::uint64_t>(_mm_movemask_ps(m));
        else
            return static_cast<std::uint64_t>(_mm_movemask_pd(m));
    }
    else
#endif
    {
        alignas(64) T v[W];
        xsimd::select(m, xsimd::batch<T, A>(T(1)), xsimd::batch<T, A>(T(0))).store_unaligned(v);
        std::uint64_t bits = 0;
        unrolled<W>([&](auto k) ACTFN_LAMBDA_INLINE { bits |= static_cast<std::uint64_t>(v[k] != T(0)) << k; });
        return bits;
    }
}
#endif

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
