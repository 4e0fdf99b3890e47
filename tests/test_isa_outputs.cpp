// Writes this build's array-API outputs of every kernel (forward, and the
// derivative through backward with dy = 1) on a fixed sample, for
// actfn_isa_compare to compare across the ISA builds.  The file starts with a
// text line naming the build (SIMD on or off, FMA or not, xsimd architecture).

#include "support/kernels.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

using namespace actfn_test;

template <class T>
bool write_kernel(std::FILE* f, kernel k)
{
    const kernel fwd = actfn_ref::forward_of(k);
    std::vector<T> x;
    if constexpr (sizeof(T) == 4)
        x = float_inputs(fwd, default_param<T>(fwd), level::light);
    else
        x = double_inputs(fwd, default_param<T>(fwd), level::light);
    std::vector<T> y(x.size());
    if (actfn_ref::is_derivative(k))
    {
        const std::vector<T> ones(x.size(), T(1));
        array_backward(fwd, x.data(), ones.data(), y.data(), x.size());
    }
    else
        array_forward(fwd, x.data(), y.data(), x.size());
    const std::uint64_t n = x.size();
    return std::fwrite(&n, sizeof n, 1, f) == 1 && std::fwrite(x.data(), sizeof(T), x.size(), f) == x.size() &&
           std::fwrite(y.data(), sizeof(T), y.size(), f) == y.size();
}

TEST(IsaOutputs, Write)
{
    const char* path = std::getenv("ACTFN_ISA_OUTPUT");
    if (path == nullptr || *path == '\0')
        GTEST_SKIP() << "ACTFN_ISA_OUTPUT names the output file (set by ctest)";
#if ACTFN_SIMD
    const std::string arch = xsimd::default_arch::name();
#else
    const std::string arch = "scalar";
#endif
    std::FILE* f = std::fopen(path, "wb");
    ASSERT_NE(f, nullptr) << path;
    std::fprintf(f, "actfn-isa-outputs 1 simd=%d fma=%d arch=%s\n", ACTFN_SIMD, ACTFN_HAS_FMA, arch.c_str());
    bool ok = true;
    for (int ki = 0; ki < actfn_ref::kernel_count; ++ki)
    {
        ok = ok && write_kernel<float>(f, static_cast<kernel>(ki));
        ok = ok && write_kernel<double>(f, static_cast<kernel>(ki));
    }
    ok = std::fclose(f) == 0 && ok;
    EXPECT_TRUE(ok) << "writing " << path;
    std::cout << "wrote " << path << " (simd " << ACTFN_SIMD << ", fma " << ACTFN_HAS_FMA << ", " << arch << ")"
              << std::endl;
}

} // namespace
