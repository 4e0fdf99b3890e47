// NaN results (detail/simd_ops.hpp, "NaN"; README, "Special values"), bit for
// bit, for every kernel, float and double, element kernels and array forms:
//   forward:  f(NaN x) = x quieted (sign and payload kept, quiet bit set);
//   backward: x quieted when x is NaN, whatever dy is; else dy quieted when dy
//             is NaN; else dy * f'(x), whose only NaN is (+-inf) * 0: x86's
//             default NaN (0xffc00000 / 0xfff8000000000000) on every target.
// Expected values are written from that rule, not taken from the kernels.

#include "support/kernels.hpp"
#include "support/specials.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <vector>

namespace {

using namespace actfn_test;

// Parameters each family is checked with: the default and others.
template <class T>
std::vector<param_t<T>> nan_params_of(kernel fwd)
{
    switch (fwd)
    {
    case kernel::quick_gelu: return {{}, with_param(T(1)), with_param(T(-3.25))};
    case kernel::elu: return {{}, with_param(T(0.3))};
    case kernel::leaky_relu: return {{}, with_param(T(0.2))};
    default: return {{}};
    }
}

// n elements, NaNs at every third position, ordinary and tail values between.
template <class T>
std::vector<T> nan_mixed(std::size_t n, T nan)
{
    std::vector<T> x(n);
    const T others[] = {T(0.5), T(-20), T(3), T(-1.25), T(40), T(-0.0)};
    for (std::size_t i = 0; i < n; ++i)
        x[i] = i % 3 == 0 ? nan : others[i % 6];
    return x;
}

// k a forward kernel or a derivative (through the backward form, dy = 1).
template <class T>
void check_nan_forward(kernel k)
{
    const kernel fwd = actfn_ref::forward_of(k);
    for (param_t<T> p : nan_params_of<T>(fwd))
        for (T nan : nan_inputs<T>())
        {
            const T want = quieted_nan(nan);
            EXPECT_TRUE(same_bits(scalar(k, nan, p), want))
                << actfn_ref::name(k) << "(" << std::hex << bits_of(nan) << ") element: " << bits_of(scalar(k, nan, p));
            for (std::size_t n : {1u, 7u, 37u, 300u})
            {
                const std::vector<T> x = nan_mixed(n, nan), ones(n, T(1));
                std::vector<T> y(n);
                if (actfn_ref::is_derivative(k))
                    array_backward(fwd, x.data(), ones.data(), y.data(), n, p);
                else
                    array_forward(fwd, x.data(), y.data(), n, p);
                for (std::size_t i = 0; i < n; i += 3)
                    EXPECT_TRUE(same_bits(y[i], want)) << actfn_ref::name(k) << " array n = " << n << ", element "
                                                        << i << ": " << std::hex << bits_of(y[i]) << " for "
                                                        << bits_of(nan);
            }
        }
}

template <class T>
void check_nan_backward(kernel fwd)
{
    using L = std::numeric_limits<T>;
    const T dy_nan = from_bits<T>(sizeof(T) == 4 ? 0xff812345ull : 0xfff0000000abcdefull); // signalling
    for (param_t<T> p : nan_params_of<T>(fwd))
        for (T nan : nan_inputs<T>())
            for (std::size_t n : {1u, 7u, 37u, 300u})
            {
                // x NaN: x quieted, whatever dy (a NaN of another sign and payload, or a number).
                const std::vector<T> x = nan_mixed(n, nan);
                std::vector<T> dy(n), dx(n);
                for (std::size_t i = 0; i < n; ++i)
                    dy[i] = i % 2 ? dy_nan : T(2);
                array_backward(fwd, x.data(), dy.data(), dx.data(), n, p);
                for (std::size_t i = 0; i < n; i += 3)
                    EXPECT_TRUE(same_bits(dx[i], quieted_nan(nan)))
                        << actfn_ref::name(fwd) << "_backward, x NaN, dy " << (i % 2 ? "NaN" : "2") << ", n = " << n
                        << ", element " << i << ": " << std::hex << bits_of(dx[i]);
                // x a number, dy NaN: dy quieted.
                std::vector<T> xs(n, T(-0.5)), dys(n, nan);
                array_backward(fwd, xs.data(), dys.data(), dx.data(), n, p);
                for (std::size_t i = 0; i < n; ++i)
                    EXPECT_TRUE(same_bits(dx[i], quieted_nan(nan)))
                        << actfn_ref::name(fwd) << "_backward, dy NaN, n = " << n << ", element " << i << ": "
                        << std::hex << bits_of(dx[i]);
            }
    // (+-inf) * 0: x86's default NaN, on every target (ARM's own default NaN
    // is positive).  relu' and the sigma forms' derivatives are exactly 0 at
    // x = -inf (and relu' at x = -1).
    if (fwd == kernel::relu || fwd == kernel::gelu || fwd == kernel::silu)
    {
        const T want = from_bits<T>(sizeof(T) == 4 ? 0xffc00000ull : 0xfff8000000000000ull);
        for (T xv : {-L::infinity(), T(-1)})
        {
            if (fwd != kernel::relu && xv == T(-1))
                continue;
            std::vector<T> x(37, xv), dy(37, L::infinity()), dx(37);
            array_backward(fwd, x.data(), dy.data(), dx.data(), x.size());
            for (T v : dx)
                EXPECT_TRUE(same_bits(v, want)) << actfn_ref::name(fwd) << "_backward(inf * 0): " << std::hex << bits_of(v);
        }
    }
}

class NanBits : public ::testing::TestWithParam<kernel>
{
};

TEST_P(NanBits, ForwardFloat) { check_nan_forward<float>(GetParam()); }
TEST_P(NanBits, ForwardDouble) { check_nan_forward<double>(GetParam()); }
TEST_P(NanBits, DerivativeFloat) { check_nan_forward<float>(actfn_ref::derivative_of(GetParam())); }
TEST_P(NanBits, DerivativeDouble) { check_nan_forward<double>(actfn_ref::derivative_of(GetParam())); }
TEST_P(NanBits, BackwardFloat) { check_nan_backward<float>(GetParam()); }
TEST_P(NanBits, BackwardDouble) { check_nan_backward<double>(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Nan, NanBits, ::testing::ValuesIn(forward_kernels),
                         [](const ::testing::TestParamInfo<kernel>& i) { return std::string(actfn_ref::name(i.param)); });

} // namespace
