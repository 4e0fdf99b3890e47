// Smoke test of an installed actfn: a scalar kernel, the array form and a
// kernel on an xsimd batch must all compile, link and agree.
#include <actfn/actfn.hpp>

#include <cmath>
#include <cstdio>

int main()
{
    float x[3] = {-1.f, 0.f, 1.f};
    float y[3];
    actfn::gelu(x, y, 3);
    const float z = actfn::gelu(xsimd::batch<float>(1.f)).get(0);
    const bool ok = std::fabs(y[2] - 0.8413447f) < 1e-6f && y[1] == 0.f && std::fabs(z - y[2]) < 1e-6f;
    std::printf("actfn %s (xsimd %d.%d.%d, test_package): gelu(1) = %.7f, on a batch %.7f: %s\n",
                ACTFN_VERSION_STRING, XSIMD_VERSION_MAJOR, XSIMD_VERSION_MINOR, XSIMD_VERSION_PATCH, y[2], z,
                ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
