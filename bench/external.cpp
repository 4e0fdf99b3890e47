// Which of the other libraries' rows this binary has: the one file compiled
// with ACTFN_BENCH_HAVE_ONEDNN / ACTFN_BENCH_HAVE_TORCH (once with them for
// actfn_bench and actfn_bench_avx2, once without for actfn_bench_core), so
// that bench_main.cpp, which holds actfn's rows, never depends on them.

#include "external.hpp"

namespace actfn_bench {

const std::vector<external_library>& external_libraries()
{
    static const std::vector<external_library> libraries = [] {
        std::vector<external_library> v;
#if defined(ACTFN_BENCH_HAVE_ONEDNN)
        v.push_back(onednn_library());
#endif
#if defined(ACTFN_BENCH_HAVE_TORCH)
        v.push_back(torch_library());
#endif
#if defined(ACTFN_BENCH_HAVE_DISPATCH)
        v.push_back(dispatch_library());
#endif
        return v;
    }();
    return libraries;
}

} // namespace actfn_bench
