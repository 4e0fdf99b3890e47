// The header-only forms compiled for one target (ACTFN_TEST_REFERENCE names
// the function, tests/CMakeLists.txt the flags): what the dispatched library
// must reproduce bit for bit when it runs that target.

#include "forms_hash.hpp"

#include <actfn/actfn.hpp>

#include <cstdint>

namespace actfn_dispatch_test {

// In an unnamed namespace: each target's unit must keep its own
// instantiations of the hashing templates (same names in every unit would
// let the linker keep one of them for all targets).
namespace {
ACTFN_TEST_API(header_only_api, ::actfn)
} // namespace

std::uint64_t ACTFN_TEST_REFERENCE() noexcept
{
    return hash_all<header_only_api>();
}

} // namespace actfn_dispatch_test
