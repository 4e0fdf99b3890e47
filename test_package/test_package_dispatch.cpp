// Smoke test of an installed actfn::dispatch (the Conan package made with
// dispatch=True): the compiled library links, runs on some target and agrees
// with gelu(1) = Phi(1).  Needs neither xsimd nor target flags.
#include <actfn/dispatch.hpp>
#include <actfn/version.hpp>

#include <cmath>
#include <cstdio>

namespace {
// The target the library chose for this CPU.  The one place that names the
// function reporting it, should it be renamed.
const char* chosen_target() { return actfn::dispatch::active_target(); }
} // namespace

int main()
{
    const float x[3] = {-1.f, 0.f, 1.f};
    float y[3];
    actfn::dispatch::gelu(x, y, 3);
    const char* target = chosen_target();
    const bool ok = std::fabs(y[2] - 0.8413447f) < 1e-6f && y[1] == 0.f && target != nullptr && target[0] != '\0';
    std::printf("actfn %s, actfn::dispatch on %s (test_package): gelu(1) = %.7f: %s\n", ACTFN_VERSION_STRING,
                target ? target : "(none)", static_cast<double>(y[2]), ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
