// The fused bias forms (include/actfn/bias.hpp): name_bias and
// name_bias_backward for the seven activations.
//
// Bits (suite Bias): y and dx must be the bits of the unfused computation,
// an add in T followed by the activation's array form, for every shape
// (rows, cols from 0 to 67 and 1000-odd columns, unaligned rows), in place,
// and with NaN and infinite biases.  dbias (suite BiasAccuracy): within 1 ulp
// of the exact sum of the dx values as written, the exact sum taken in MPFR
// at 2000 bits (exact for these magnitudes: never the code under test),
// including sums that cancel by 2^20; the same bits when the rows are
// processed in a different grouping (rows split across two calls is not a
// contract, so this compares against the exact sum only) and on every target
// (tests/CMakeLists.txt builds this file for several).

#include "actfn_reference.hpp"

#include <actfn/actfn.hpp>

#include <gtest/gtest.h>

#include <mpfr.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

namespace actfn_test_bias {

template <class T>
std::uint64_t bits(T v)
{
    std::uint64_t u = 0;
    std::memcpy(&u, &v, sizeof(T));
    return u;
}

enum class act
{
    gelu,
    gelu_tanh,
    quick_gelu,
    silu,
    relu,
    leaky_relu,
    elu
};
constexpr act all_acts[] = { act::gelu, act::gelu_tanh, act::quick_gelu, act::silu, act::relu, act::leaky_relu, act::elu };
const char* name(act a)
{
    const char* n[] = { "gelu", "gelu_tanh", "quick_gelu", "silu", "relu", "leaky_relu", "elu" };
    return n[static_cast<int>(a)];
}

// The unfused forms, with non-default parameters where there are any.
template <class T>
void plain(act a, const T* s, T* y, std::size_t n)
{
    switch (a)
    {
    case act::gelu: return actfn::gelu(s, y, n);
    case act::gelu_tanh: return actfn::gelu_tanh(s, y, n);
    case act::quick_gelu: return actfn::quick_gelu(s, y, n, T(1.5));
    case act::silu: return actfn::silu(s, y, n);
    case act::relu: return actfn::relu(s, y, n);
    case act::leaky_relu: return actfn::leaky_relu(s, y, n, T(0.2));
    case act::elu: return actfn::elu(s, y, n, T(0.7));
    }
}
template <class T>
void plain_backward(act a, const T* s, const T* dy, T* dx, std::size_t n)
{
    switch (a)
    {
    case act::gelu: return actfn::gelu_backward(s, dy, dx, n);
    case act::gelu_tanh: return actfn::gelu_tanh_backward(s, dy, dx, n);
    case act::quick_gelu: return actfn::quick_gelu_backward(s, dy, dx, n, T(1.5));
    case act::silu: return actfn::silu_backward(s, dy, dx, n);
    case act::relu: return actfn::relu_backward(s, dy, dx, n);
    case act::leaky_relu: return actfn::leaky_relu_backward(s, dy, dx, n, T(0.2));
    case act::elu: return actfn::elu_backward(s, dy, dx, n, T(0.7));
    }
}
template <class T>
void fused(act a, const T* x, const T* bias, T* y, std::size_t r, std::size_t c)
{
    switch (a)
    {
    case act::gelu: return actfn::gelu_bias(x, bias, y, r, c);
    case act::gelu_tanh: return actfn::gelu_tanh_bias(x, bias, y, r, c);
    case act::quick_gelu: return actfn::quick_gelu_bias(x, bias, y, r, c, T(1.5));
    case act::silu: return actfn::silu_bias(x, bias, y, r, c);
    case act::relu: return actfn::relu_bias(x, bias, y, r, c);
    case act::leaky_relu: return actfn::leaky_relu_bias(x, bias, y, r, c, T(0.2));
    case act::elu: return actfn::elu_bias(x, bias, y, r, c, T(0.7));
    }
}
template <class T>
void fused_backward(act a, const T* x, const T* bias, const T* dy, T* dx, T* db, std::size_t r, std::size_t c)
{
    switch (a)
    {
    case act::gelu: return actfn::gelu_bias_backward(x, bias, dy, dx, db, r, c);
    case act::gelu_tanh: return actfn::gelu_tanh_bias_backward(x, bias, dy, dx, db, r, c);
    case act::quick_gelu: return actfn::quick_gelu_bias_backward(x, bias, dy, dx, db, r, c, T(1.5));
    case act::silu: return actfn::silu_bias_backward(x, bias, dy, dx, db, r, c);
    case act::relu: return actfn::relu_bias_backward(x, bias, dy, dx, db, r, c);
    case act::leaky_relu: return actfn::leaky_relu_bias_backward(x, bias, dy, dx, db, r, c, T(0.2));
    case act::elu: return actfn::elu_bias_backward(x, bias, dy, dx, db, r, c, T(0.7));
    }
}

// The exact sum of v, rounded to T (MPFR at 2200 bits holds any sum of up to
// 2^20 doubles exactly: their span is at most 2^2098).
template <class T>
double exact_sum_ulp_error(const std::vector<T>& v, T got)
{
    mpfr_t s;
    mpfr_init2(s, 2200);
    mpfr_set_zero(s, 1);
    for (T e : v)
        mpfr_add_d(s, s, static_cast<double>(e), MPFR_RNDN);
    const double err = actfn_ref::ulp_error(s, static_cast<double>(got),
                                            sizeof(T) == 4 ? actfn_ref::format::binary32 : actfn_ref::format::binary64);
    mpfr_clear(s);
    return err;
}

template <class T>
void check_shape(act a, std::size_t rows, std::size_t cols, std::size_t off, std::mt19937_64& g, double& worst_dbias)
{
    std::normal_distribution<double> normal(0.0, 2.0);
    const std::size_t n = rows * cols;
    std::vector<T> xs(n + off), dys(n + off), bias(cols + off);
    for (auto& v : xs)
        v = static_cast<T>(normal(g));
    for (auto& v : dys)
        v = static_cast<T>(normal(g));
    for (auto& v : bias)
        v = static_cast<T>(normal(g));
    const T* x = xs.data() + off;
    const T* dy = dys.data() + off;
    const T* b = bias.data() + off;

    // Unfused: s = x + bias, then the array forms.
    std::vector<T> s(n), y_ref(n), dx_ref(n);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t c = 0; c < cols; ++c)
            s[r * cols + c] = x[r * cols + c] + b[c];
    plain(a, s.data(), y_ref.data(), n);
    plain_backward(a, s.data(), dy, dx_ref.data(), n);

    std::vector<T> y(n + off, T(9)), dx(n + off, T(9)), db(cols + 1, T(9));
    fused(a, x, b, y.data() + off, rows, cols);
    fused_backward(a, x, b, dy, dx.data() + off, db.data(), rows, cols);
    for (std::size_t i = 0; i < n; ++i)
    {
        ASSERT_EQ(bits(y[off + i]), bits(y_ref[i])) << name(a) << " y, rows " << rows << " cols " << cols << " i " << i;
        ASSERT_EQ(bits(dx[off + i]), bits(dx_ref[i])) << name(a) << " dx, rows " << rows << " cols " << cols << " i " << i;
    }
    ASSERT_EQ(db[cols], T(9)) << "dbias written past cols";
    for (std::size_t c = 0; c < cols; ++c)
    {
        std::vector<T> column(rows);
        for (std::size_t r = 0; r < rows; ++r)
            column[r] = dx_ref[r * cols + c];
        const double e = exact_sum_ulp_error(column, db[c]);
        worst_dbias = std::max(worst_dbias, e);
        ASSERT_LE(e, 1.0) << name(a) << " dbias[" << c << "], rows " << rows << " cols " << cols;
    }

    // In place: y = x; dx = x; dx = dy.
    std::vector<T> w(xs);
    fused(a, w.data() + off, b, w.data() + off, rows, cols);
    for (std::size_t i = 0; i < n; ++i)
        ASSERT_EQ(bits(w[off + i]), bits(y_ref[i])) << name(a) << " y = x, i " << i;
    std::vector<T> db2(cols);
    w = xs;
    fused_backward(a, w.data() + off, b, dy, w.data() + off, db2.data(), rows, cols);
    for (std::size_t i = 0; i < n; ++i)
        ASSERT_EQ(bits(w[off + i]), bits(dx_ref[i])) << name(a) << " dx = x, i " << i;
    for (std::size_t c = 0; c < cols; ++c)
        ASSERT_EQ(bits(db2[c]), bits(db[c])) << "dbias in place";
    w = dys;
    fused_backward(a, x, b, w.data() + off, w.data() + off, db2.data(), rows, cols);
    for (std::size_t i = 0; i < n; ++i)
        ASSERT_EQ(bits(w[off + i]), bits(dx_ref[i])) << name(a) << " dx = dy, i " << i;
}

template <class T>
void check_shapes()
{
    std::mt19937_64 g(sizeof(T));
    for (act a : all_acts)
    {
        double worst = 0;
        for (std::size_t cols = 0; cols <= 67; ++cols)
            check_shape<T>(a, cols % 4 + 1, cols, cols % 3, g, worst);
        for (std::size_t rows : { 0u, 1u, 2u, 7u })
            check_shape<T>(a, rows, 1, 1, g, worst);
        check_shape<T>(a, 3, 4100, 1, g, worst); // more than a block of columns, both ways
        check_shape<T>(a, 300, 17, 0, g, worst);
        std::printf("%s_bias %s: bits of add + %s; dbias within %.4f ulp of the exact sum\n", name(a),
                    sizeof(T) == 4 ? "float" : "double", name(a), worst);
    }
}

TEST(Bias, BitsOfTheUnfusedFormsFloat) { check_shapes<float>(); }
TEST(Bias, BitsOfTheUnfusedFormsDouble) { check_shapes<double>(); }

TEST(Bias, RowsZeroGivesZeroDbias)
{
    float db[3] = { 5, 5, 5 };
    actfn::gelu_bias_backward(static_cast<const float*>(nullptr), db, nullptr, nullptr, db + 0, 0, 0);
    const float bias[3] = { 1, 2, 3 };
    actfn::silu_bias_backward(static_cast<const float*>(nullptr), bias, nullptr, nullptr, db, 0, 3);
    for (float v : db)
        EXPECT_EQ(bits(v), bits(0.0f));
    actfn::gelu_bias(static_cast<const double*>(nullptr), nullptr, nullptr, 5, 0);
}

TEST(Bias, NonFiniteBiasPropagatesAsUnfused)
{
    const double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
    const double bias[4] = { inf, -inf, nan, 1.0 };
    const double x[8] = { 1, 2, 3, 4, -inf, inf, 0, nan };
    const double dy[8] = { 1, 1, 1, 1, 1, 1, 1, 1 };
    for (act a : all_acts)
    {
        double y[8], dx[8], db[4];
        fused(a, x, bias, y, 2, 4);
        fused_backward(a, x, bias, dy, dx, db, 2, 4);
        double s[8], y_ref[8], dx_ref[8];
        for (int i = 0; i < 8; ++i)
            s[i] = x[i] + bias[i % 4];
        plain(a, s, y_ref, 8);
        plain_backward(a, s, dy, dx_ref, 8);
        for (int i = 0; i < 8; ++i)
        {
            EXPECT_EQ(bits(y[i]), bits(y_ref[i])) << name(a) << " i " << i;
            EXPECT_EQ(bits(dx[i]), bits(dx_ref[i])) << name(a) << " i " << i;
        }
        // dbias: the plain sum's non-finite value where a dx is not finite.
        for (int c = 0; c < 4; ++c)
        {
            const double plain_sum = dx_ref[c] + dx_ref[4 + c];
            if (std::isnan(plain_sum))
                EXPECT_TRUE(std::isnan(db[c])) << name(a) << " c " << c;
            else
                EXPECT_EQ(db[c], plain_sum) << name(a) << " c " << c;
        }
    }
}

TEST(BiasAccuracy, DbiasWithinOneUlpUnderCancellation)
{
    // Columns whose dx values cancel: dy = +-1 alternating with a tiny
    // offset, so that the exact sum is 2^-20 of the sum of magnitudes.  A
    // plain float (or double) running sum loses every digit there.
    for (int type = 0; type < 2; ++type)
    {
        const std::size_t rows = 4096, cols = 40;
        std::mt19937_64 g(7);
        std::uniform_real_distribution<double> u(0.5, 1.0);
        auto run = [&](auto zero) {
            using T = decltype(zero);
            std::vector<T> x(rows * cols, T(30)), dy(rows * cols), dx(rows * cols), db(cols);
            const std::vector<T> bias(cols, T(0));
            // relu'(30) = 1: dx = dy exactly.  Pairs v, -v + t with v of
            // magnitude 2^-10 .. 2^20 and t below 2^-8: the exact column sum
            // is small and needs bits that no T partial sum keeps.
            std::uniform_int_distribution<int> e(-10, 20);
            for (std::size_t r = 0; r < rows; r += 2)
                for (std::size_t c = 0; c < cols; ++c)
                {
                    const T v = static_cast<T>(std::ldexp(u(g), e(g)));
                    dy[r * cols + c] = v;
                    dy[(r + 1) * cols + c] = -v + static_cast<T>(std::ldexp(u(g), -8 - e(g) % 8));
                }
            actfn::relu_bias_backward(x.data(), bias.data(), dy.data(), dx.data(), db.data(), rows, cols);
            double worst = 0, worst_plain = 0;
            for (std::size_t c = 0; c < cols; ++c)
            {
                std::vector<T> column(rows);
                T plain_sum = T(0);
                for (std::size_t r = 0; r < rows; ++r)
                {
                    column[r] = dx[r * cols + c];
                    plain_sum += column[r];
                }
                worst = std::max(worst, exact_sum_ulp_error(column, db[c]));
                worst_plain = std::max(worst_plain, exact_sum_ulp_error(column, plain_sum));
            }
            std::printf("dbias %s, %zu rows of cancelling values: %.4f ulp of the exact sum "
                        "(a running sum in T: %.4g ulp)\n",
                        sizeof(T) == 4 ? "float" : "double", rows, worst, worst_plain);
            EXPECT_LE(worst, 1.0);
            // The test can tell: a running sum in T fails it.
            EXPECT_GT(worst_plain, 1.0);
        };
        if (type == 0)
            run(0.0f);
        else
            run(0.0);
    }
}

#if ACTFN_HAS_SPAN
TEST(Bias, SpanShapesChecked)
{
    std::vector<float> x(12, 1.0f), bias(5, 0.0f), y(12);
    EXPECT_THROW(actfn::gelu_bias(std::span<const float>(x), std::span<const float>(bias), std::span<float>(y)),
                 std::invalid_argument);
    std::vector<float> bias4(4, 0.5f), y11(11);
    EXPECT_THROW(actfn::gelu_bias(std::span<const float>(x), std::span<const float>(bias4), std::span<float>(y11)),
                 std::invalid_argument);
    actfn::gelu_bias(std::span<const float>(x), std::span<const float>(bias4), std::span<float>(y));
    EXPECT_EQ(y[11], actfn::gelu(1.5f));
    std::vector<float> dx(12), db3(3);
    EXPECT_THROW(actfn::silu_bias_backward(std::span<const float>(x), std::span<const float>(bias4),
                                           std::span<const float>(x), std::span<float>(dx), std::span<float>(db3)),
                 std::invalid_argument);
}
#endif

} // namespace actfn_test_bias
