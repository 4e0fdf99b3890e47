// What a user of the dispatched library writes first: no xsimd, no target
// flags, one call.  Built by the "dispatch" consumer test through the CMake
// package and through pkg-config (actfn-dispatch.pc).
#include <actfn/dispatch.hpp>

#include <cmath>
#include <cstdio>
#include <cstring>

int main()
{
    const float x[5] = {-6.0f, -1.0f, 0.0f, 1.0f, 3.0f};
    float y[5], dx[5];
    const float dy[5] = {1.0f, 1.0f, 1.0f, 1.0f, 1.0f};
    actfn::dispatch::gelu(x, y, 5);
    actfn::dispatch::gelu_backward(x, dy, dx, 5);
    std::printf("actfn::dispatch on %s: gelu(-6, -1, 0, 1, 3) = %.9g %.9g %.9g %.9g %.9g\n", actfn::dispatch::active_target(),
                static_cast<double>(y[0]), static_cast<double>(y[1]), static_cast<double>(y[2]),
                static_cast<double>(y[3]), static_cast<double>(y[4]));
    // gelu(1) = Phi(1) = 0.841344746..., gelu(-6) = -5.9200...e-9, gelu'(0) = 1/2.
    const bool ok = std::fabs(y[3] - 0.84134475f) < 1e-6f && y[0] < 0.0f && std::fabs(y[0] + 5.9200e-9f) < 1e-12f &&
                    std::fabs(dx[2] - 0.5f) < 1e-7f && std::strlen(actfn::dispatch::active_target()) > 0;
    return ok ? 0 : 1;
}
