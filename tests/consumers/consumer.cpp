// The program every packaging check compiles: what a new user writes first.
// It must build with nothing but actfn's and xsimd's headers and exit 0.
#include <actfn/actfn.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

static int failures = 0;
static void check(bool ok, const char* what)
{
    if (!ok)
        std::printf("FAIL: %s\n", what), ++failures;
}

int main()
{
    check(std::fabs(actfn::gelu(1.0) - 0.8413447460685429) < 1e-6, "gelu(1)");
    // The limit at -inf is 0 approached from below: -0.
    const double ninf = -std::numeric_limits<double>::infinity();
    check(actfn::gelu(ninf) == 0.0 && std::signbit(actfn::gelu(ninf)), "gelu(-inf) is -0");

    // Array forms over a std::vector: forward, then backward with dy = 2.
    std::vector<float> x{-3.f, -1.f, -0.5f, 0.f, 0.5f, 1.f, 3.f}, y(x.size()), dy(x.size(), 2.f), dx(x.size());
    actfn::gelu(x.data(), y.data(), x.size());
    actfn::gelu_backward(x.data(), dy.data(), dx.data(), x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
    {
        check(std::fabs(y[i] - actfn::gelu(x[i])) <= 1e-6f, "gelu array forward");
        check(std::fabs(dx[i] - 2.f * actfn::gelu_grad(x[i])) <= 1e-5f, "gelu array backward");
    }

    // A kernel applied to the user's own xsimd batch.
    using B = xsimd::batch<float>;
    std::vector<float> in(B::size), out(B::size);
    for (std::size_t i = 0; i < B::size; ++i)
        in[i] = 0.25f * float(i) - 1.f;
    actfn::gelu(B::load_unaligned(in.data())).store_unaligned(out.data());
    for (std::size_t i = 0; i < B::size; ++i)
        check(std::fabs(out[i] - actfn::gelu(in[i])) <= 1e-6f, "gelu on xsimd::batch");

    std::printf("actfn %s consumer (xsimd %d.%d.%d, batch of %zu floats): %s\n", ACTFN_VERSION_STRING,
                XSIMD_VERSION_MAJOR, XSIMD_VERSION_MINOR, XSIMD_VERSION_PATCH, B::size,
                failures ? "FAILED" : "ok");
    return failures == 0 ? 0 : 1;
}
