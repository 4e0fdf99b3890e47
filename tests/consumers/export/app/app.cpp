// Uses the installed mylib: its compiled function and its inline use of actfn.
#include <mylib/mylib.hpp>

#include <cmath>
#include <cstdio>

int main()
{
    const float x[4] = {-1.5f, -0.5f, 0.5f, 1.5f};
    float y[4];
    mylib::bias_gelu(x, 0.5f, y, 4);
    bool ok = true;
    for (int i = 0; i < 4; ++i)
        ok = ok && std::fabs(y[i] - actfn::gelu(x[i] + 0.5f)) <= 1e-6f;
    ok = ok && std::fabs(mylib::gelu(1.0) - 0.8413447460685429) < 1e-12;
    std::printf("mylib app (actfn %s, xsimd %d.%d.%d, batch of %zu floats): %s\n", ACTFN_VERSION_STRING,
                XSIMD_VERSION_MAJOR, XSIMD_VERSION_MINOR, XSIMD_VERSION_PATCH, xsimd::batch<float>::size,
                ok ? "ok" : "FAILED");
    return ok ? 0 : 1;
}
