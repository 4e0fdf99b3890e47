// Built with -ffast-math by tests/CMakeLists.txt.  Without ACTFN_ALLOW_FAST_MATH
// the include must stop the build with detail/config.hpp's #error (test
// fast_math.rejected builds it and expects that message); with it the program
// builds and runs (fast_math.allowed), with no claim on its results.

#include <actfn/actfn.hpp>

#include <cstdio>

int main()
{
    const float x[3] = {-1.0f, 0.0f, 1.0f};
    float y[3];
    actfn::gelu(x, y, 3);
    std::printf("gelu(-1, 0, 1) with -ffast-math: %g %g %g\n", static_cast<double>(y[0]), static_cast<double>(y[1]),
                static_cast<double>(y[2]));
    return 0;
}
