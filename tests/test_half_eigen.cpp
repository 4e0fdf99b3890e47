// Eigen's 16-bit types hold the same bits as actfn's (README, "16-bit
// data"): a buffer of Eigen::bfloat16 or Eigen::half goes to the array forms
// by a cast, without a copy, and gives the bits actfn's own types get; Eigen
// reads the results back as the same values.  (libeigen3-dev; built only
// where Eigen is found.)

#include <actfn/actfn.hpp>

#include <Eigen/Core>
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <random>
#include <vector>

namespace {

template <class E, class H>
void check_interop()
{
    static_assert(sizeof(E) == sizeof(H), "same size");
    std::mt19937 rng(7);
    std::normal_distribution<float> normal(0.0f, 2.5f);
    const std::size_t n = 1000;
    std::vector<E> ex(n), edy(n), ey(n), edx(n);
    std::vector<H> hx(n), hdy(n), hy(n), hdx(n);
    for (std::size_t i = 0; i < n; ++i)
    {
        ex[i] = E(normal(rng)); // Eigen's own rounding from float
        edy[i] = E(normal(rng));
        std::memcpy(&hx[i], &ex[i], 2);
        std::memcpy(&hdy[i], &edy[i], 2);
        // Same value through either type.
        ASSERT_EQ(static_cast<float>(ex[i]), static_cast<float>(hx[i])) << i;
    }
    actfn::gelu(reinterpret_cast<const H*>(ex.data()), reinterpret_cast<H*>(ey.data()), n);
    actfn::gelu(hx.data(), hy.data(), n);
    actfn::silu_backward(reinterpret_cast<const H*>(ex.data()), reinterpret_cast<const H*>(edy.data()),
                         reinterpret_cast<H*>(edx.data()), n);
    actfn::silu_backward(hx.data(), hdy.data(), hdx.data(), n);
    for (std::size_t i = 0; i < n; ++i)
    {
        std::uint16_t a, b;
        std::memcpy(&a, &ey[i], 2);
        std::memcpy(&b, &edx[i], 2);
        EXPECT_EQ(a, hy[i].to_bits()) << i;
        EXPECT_EQ(b, hdx[i].to_bits()) << i;
        // Eigen reads actfn's result as the value actfn wrote.  Eigen's
        // own rounding of the float form's value f agrees with it, except
        // where f lies within a few float ulps of the midpoint between two
        // 16-bit numbers (there actfn decides with the double kernel).
        EXPECT_EQ(static_cast<float>(ey[i]), static_cast<float>(hy[i])) << i;
        const float f = actfn::gelu(static_cast<float>(ex[i]));
        const float got = static_cast<float>(ey[i]);
        const float rounded = static_cast<float>(E(f));
        if (got != rounded)
        {
            const float mid = 0.5f * (got + rounded);
            const float float_ulp = std::nextafter(std::abs(f), 1e30f) - std::abs(f);
            EXPECT_LE(std::abs(f - mid), 16 * float_ulp) << i << ": " << f << " " << got << " " << rounded;
        }
    }
    // In place on Eigen's buffer.
    std::vector<E> inplace(ex);
    actfn::gelu(reinterpret_cast<const H*>(inplace.data()), reinterpret_cast<H*>(inplace.data()), n);
    EXPECT_EQ(std::memcmp(inplace.data(), ey.data(), n * 2), 0);
}

TEST(HalfEigen, Bfloat16Buffers) { check_interop<Eigen::bfloat16, actfn::bfloat16>(); }

TEST(HalfEigen, HalfBuffers) { check_interop<Eigen::half, actfn::float16>(); }

} // namespace
