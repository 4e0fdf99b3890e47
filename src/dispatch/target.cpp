// One target's table of array forms for the dispatched library: compiled
// once per target with that target's flags (src/dispatch/CMakeLists.txt), and
// defining detail::ACTFN_DISPATCH_TABLE (table_sse2, table_avx2_fma, ...).
// The header-only functions it calls live in this unit's target namespace
// (detail/config.hpp), so the units of the different targets share no code.

#include "kernel_table.hpp"

#include <actfn/actfn.hpp>

#ifndef ACTFN_DISPATCH_TABLE
#error "compile with -DACTFN_DISPATCH_TABLE=table_<target> (src/dispatch/CMakeLists.txt)"
#endif

namespace actfn {
namespace dispatch {
namespace detail {

const kernel_table& ACTFN_DISPATCH_TABLE() noexcept
{
#define ACTFN_DISPATCH_ENTRY(field, params, fn, args) [] params noexcept { ::actfn::fn args; },
    static constexpr kernel_table table = {ACTFN_DISPATCH_FORMS(ACTFN_DISPATCH_ENTRY)};
#undef ACTFN_DISPATCH_ENTRY
    return table;
}

} // namespace detail
} // namespace dispatch
} // namespace actfn
