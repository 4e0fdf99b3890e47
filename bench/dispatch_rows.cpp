// actfn::dispatch (the run-time dispatched library, <actfn/dispatch.hpp>) as
// bench rows: gelu and gelu_backward, float, once per target this CPU runs,
// each forced with actfn::dispatch::set_target, so that the report shows
// SSE2, AVX2+FMA and AVX-512 side by side and the dispatched call beside the
// header-only rows of the binary's own target.
//
// Compiled apart from actfn's header-only rows (see external.hpp) and
// without target flags: the library brings its own code for each target.
// The target is set when a row is bound to its arrays, outside the timed
// loop; the timed call is the plain dispatched call (one atomic load and one
// indirect call more than the header-only form).

#include "external.hpp"

#include <actfn/dispatch.hpp>

#include <string>
#include <vector>

namespace actfn_bench {
namespace {

class dispatch_call final : public external_call
{
public:
    dispatch_call(bool backward, const float* x, const float* dy, float* y, std::size_t n)
        : backward_(backward), x_(x), dy_(dy), y_(y), n_(n)
    {
    }
    void run() override
    {
        if (backward_)
            actfn::dispatch::gelu_backward(x_, dy_, y_, n_);
        else
            actfn::dispatch::gelu(x_, y_, n_);
    }
    std::string implementation() const override { return actfn::dispatch::active_target(); }

private:
    bool backward_;
    const float* x_;
    const float* dy_;
    float* y_;
    std::size_t n_;
};

} // namespace

external_library dispatch_library()
{
    external_library lib;
    lib.name = "actfn::dispatch";
    // The targets this CPU runs: set_target refuses the others (with a line
    // on stderr each, once, here).
    const std::string first = actfn::dispatch::active_target();
    std::vector<std::string> targets;
    for (const char* t : {"sse2", "avx2_fma", "avx512", "neon", "generic"})
        if (actfn::dispatch::set_target(t))
            targets.push_back(t);
    actfn::dispatch::set_target(first.c_str());
    std::string list;
    for (const std::string& t : targets)
        list += (list.empty() ? "" : ", ") + t;
    lib.description = "actfn::dispatch, chosen target " + first + ", rows for " + list;
    for (const std::string& t : targets)
        for (bool backward : {false, true})
        {
            external_row r;
            r.name = "ref_dispatch_" + t + "_gelu" + (backward ? "_backward" : "");
            r.type = "f32";
            r.backward = backward;
            r.what = "actfn::dispatch::gelu" + std::string(backward ? "_backward" : "") + ", set_target(\"" + t + "\")";
            r.prepare = [t, backward](const float* x, const float* dy, float* y, std::size_t n,
                                      std::string& why) -> std::unique_ptr<external_call> {
                if (!actfn::dispatch::set_target(t.c_str()))
                {
                    why = "this CPU does not run " + t;
                    return nullptr;
                }
                return std::make_unique<dispatch_call>(backward, x, dy, y, n);
            };
            lib.rows.push_back(std::move(r));
        }
    return lib;
}

} // namespace actfn_bench
