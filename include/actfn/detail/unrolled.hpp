#pragma once
// unrolled<N>(f): f(k) for k = 0, 1, ..., N - 1, each k a compile-time
// constant (std::integral_constant), expanded by the compiler rather than run
// as a loop.
//
// Why: code that runs once per batch indexes its local arrays only with
// constants.  A loop over a local array lets the loop optimisers address the
// array through an induction variable derived from its address; once the
// enclosing loop body is duplicated (unrolled, peeled), GCC 12 reuses the
// first copy's address in the later copies, after the first copy's
// end-of-scope marker, and its stack-slot sharing, which sees no mention of
// the array in those copies, gives the array the slot of another object that
// is still live there.  With g++ -O1 and -O2 -fno-inline, and with -O1
// -fsanitize=thread, that overwrote the array loops' finished results (24 of
// 32 outputs of a 32-element gelu_backward wrong).  A reproducer without
// actfn is in tests/build_matrix/gcc_stack_slot_reuse.cpp.

#include "config.hpp"

#include <cstddef>
#include <type_traits>
#include <utility>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

template <class F, std::size_t... K>
ACTFN_INLINE void unrolled_impl(F&& f, std::index_sequence<K...>) noexcept
{
    (f(std::integral_constant<std::size_t, K>{}), ...);
}

template <std::size_t N, class F>
ACTFN_INLINE void unrolled(F&& f) noexcept
{
    unrolled_impl(f, std::make_index_sequence<N>{});
}

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
