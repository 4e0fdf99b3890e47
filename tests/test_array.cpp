// The array forms (detail/array.hpp): for every forward and backward function,
// float and double, every n in [0, 257] and every start misalignment of 0-15
// elements (ACTFN_TEST_ARRAY_SHIFTS may name fewer: the -O0 sanitizer build
// samples them, see shifts()), out of place and in place, the outputs must be
// the scalar kernel's bits (backward: dy[i] * grad(x[i]) with the scalar
// kernel), and nothing outside [0, n) may be written.  array.hpp promises
// "every element gets the same bits whatever n, alignment or in-place use"
// and config.hpp that scalar and SIMD lanes agree bit for bit.
//
// NaN results are compared bit for bit too: every kernel returns a NaN x
// quieted, and a backward form x quieted, else dy quieted (README, "Special
// values"; expected_backward in support/specials.hpp).

#include "support/kernels.hpp"
#include "support/specials.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

namespace {

using namespace actfn_test;

constexpr std::size_t max_n = 257;
constexpr std::size_t max_shift = 16;
constexpr std::size_t guard = 16;
constexpr std::size_t buffer_len = guard + max_shift + max_n + guard + 16;

// The start misalignments to run: all of 0 .. max_shift - 1, or those listed
// in the environment variable ACTFN_TEST_ARRAY_SHIFTS (comma-separated, e.g.
// "0,1,2,3,9": the ASan+UBSan preset's, whose -O0 build took 200 s for all 16;
// its SSE2 batches of 4 floats and 2 doubles see every misalignment class in
// 0-3).  A malformed list fails the test rather than run less than asked.
inline std::vector<std::size_t> shifts()
{
    std::vector<std::size_t> all;
    for (std::size_t s = 0; s < max_shift; ++s)
        all.push_back(s);
    const char* env = std::getenv("ACTFN_TEST_ARRAY_SHIFTS");
    if (env == nullptr || *env == '\0')
        return all;
    std::vector<std::size_t> listed;
    std::stringstream in(env);
    std::string item;
    while (std::getline(in, item, ','))
    {
        char* end = nullptr;
        const unsigned long v = std::strtoul(item.c_str(), &end, 10);
        if (item.empty() || *end != '\0' || v >= max_shift)
        {
            ADD_FAILURE() << "ACTFN_TEST_ARRAY_SHIFTS=\"" << env << "\": '" << item
                          << "' is not a misalignment in 0.." << max_shift - 1 << "; running all of them";
            return all;
        }
        listed.push_back(v);
    }
    return listed;
}

// Inputs that reach every region: the sweep's special points (NaNs,
// infinities, zeros, subnormals, extremes, every threshold and root with
// neighbours), the tails of each family, and a spread of ordinary values.
template <class T>
std::vector<T> input_pool()
{
    std::vector<T> pool = special_points_of<T>();
    for (double x : {-700.0, -100.0, -60.0, -30.0, -13.5, -12.0, -9.0, -6.5, -5.0, -3.0, -2.0, -1.5, -1.0, -0.6,
                     -0.3, -1e-3, 1e-3, 0.3, 0.6, 1.0, 1.5, 2.0, 3.0, 5.0, 6.5, 9.0, 12.0, 30.0, 100.0})
        pool.push_back(static_cast<T>(x));
    std::uint64_t s = 0xa11a7ull;
    for (int i = 0; i < 160; ++i)
    {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        pool.push_back(static_cast<T>(static_cast<double>(s >> 11) * 0x1p-53 * 40.0 - 25.0));
    }
    return pool;
}

// Upstream gradients, a length coprime with the pool's so that every (x, dy)
// pairing varies: ones, signs, scales, a zero, an infinity, a subnormal.
template <class T>
std::vector<T> dy_pool()
{
    using L = std::numeric_limits<T>;
    return {T(1),         T(-1),           T(0.5),           T(3),
            T(-0.0),      T(1e-3),         L::denorm_min(),  T(2.5),
            T(-7),        L::infinity(),   T(0.125),         from_bits<T>(sizeof(T) == 4 ? 0xffc01234ull : 0xfff8000000001234ull),
            T(-2),        L::signaling_NaN(), T(0.75)};
}

// 64-byte aligned storage, so that `shift` elements from its start is an
// exactly known misalignment.
template <class T>
struct buffer
{
    alignas(64) T v[buffer_len];
    T* at(std::size_t shift) { return v + guard + shift; }
};

template <class T>
T sentinel()
{
    // A quiet NaN with a payload no kernel produces.
    return from_bits<T>(sizeof(T) == 4 ? 0x7fd0beefull : 0x7ff8dead0000beefull);
}

template <class T>
struct checker
{
    const char* what;
    std::size_t failures = 0;

    void expect(bool ok, std::size_t n, std::size_t shift, const char* mode, std::size_t i, T got, T want)
    {
        if (ok)
            return;
        if (++failures <= 8)
            ADD_FAILURE() << what << " " << mode << ": n = " << n << ", shift = " << shift << ", element " << i
                          << ": got " << hex(got) << ", expected " << hex(want);
    }
};

template <class T>
void check_forward(kernel fwd)
{
    const std::vector<T> pool = input_pool<T>();
    const std::size_t P = pool.size();
    // The expected bits: the scalar kernel at every pool entry.
    std::vector<T> want(P);
    for (std::size_t j = 0; j < P; ++j)
        want[j] = scalar(fwd, pool[j]);

    buffer<T> xb, yb;
    checker<T> c{actfn_ref::name(fwd)};
    const std::vector<std::size_t> shift_list = shifts();
    for (std::size_t n = 0; n <= max_n; ++n)
        for (std::size_t shift : shift_list)
        {
            // Element i of a call sees pool[(shift + i + n) % P]: each (n, shift)
            // puts different values in different lanes.
            auto pool_at = [&](std::size_t i) { return (shift + i + 3 * n) % P; };
            // Out of place, y misaligned differently from x.
            const std::size_t yshift = (shift * 7 + 3) % max_shift;
            for (std::size_t k = 0; k < buffer_len; ++k)
            {
                xb.v[k] = pool[(k + 3 * n + P - guard % P) % P];
                yb.v[k] = sentinel<T>();
            }
            T* x = xb.at(shift);
            for (std::size_t i = 0; i < n; ++i)
                x[i] = pool[pool_at(i)];
            const buffer<T> xsaved = xb;
            array_forward(fwd, static_cast<const T*>(x), yb.at(yshift), n);
            const T* y = yb.at(yshift);
            for (std::size_t i = 0; i < n; ++i)
                c.expect(same_bits(y[i], want[pool_at(i)]), n, shift, "out of place", i, y[i], want[pool_at(i)]);
            for (std::size_t k = 0; k < buffer_len; ++k)
            {
                const bool inside = yb.v + k >= y && yb.v + k < y + n;
                if (!inside)
                    c.expect(bits_of(yb.v[k]) == bits_of(sentinel<T>()), n, shift, "out of place: guard written",
                             k, yb.v[k], sentinel<T>());
                c.expect(bits_of(xb.v[k]) == bits_of(xsaved.v[k]), n, shift, "out of place: input modified", k,
                         xb.v[k], xsaved.v[k]);
            }

            // In place.
            array_forward(fwd, static_cast<const T*>(x), x, n);
            for (std::size_t i = 0; i < n; ++i)
                c.expect(same_bits(x[i], want[pool_at(i)]), n, shift, "in place", i, x[i], want[pool_at(i)]);
            for (std::size_t k = 0; k < buffer_len; ++k)
                if (!(xb.v + k >= x && xb.v + k < x + n))
                    c.expect(bits_of(xb.v[k]) == bits_of(xsaved.v[k]), n, shift, "in place: outside written", k,
                             xb.v[k], xsaved.v[k]);
        }
    EXPECT_EQ(c.failures, 0u) << c.what << ": " << c.failures << " mismatches";
}

template <class T>
void check_backward(kernel fwd)
{
    const kernel grad = actfn_ref::derivative_of(fwd);
    const std::vector<T> pool = input_pool<T>(), dys = dy_pool<T>();
    const std::size_t P = pool.size(), Q = dys.size();
    std::vector<T> g(P);
    for (std::size_t j = 0; j < P; ++j)
        g[j] = scalar(grad, pool[j]);

    buffer<T> xb, db, ob;
    checker<T> c{actfn_ref::name(grad)};
    const std::vector<std::size_t> shift_list = shifts();
    for (std::size_t n = 0; n <= max_n; ++n)
        for (std::size_t shift : shift_list)
        {
            auto xi = [&](std::size_t i) { return (shift + i + 5 * n) % P; };
            auto di = [&](std::size_t i) { return (i + n + shift) % Q; };
            auto want = [&](std::size_t i) { return expected_backward(dys[di(i)], g[xi(i)], pool[xi(i)]); };
            const std::size_t dshift = (shift * 5 + 1) % max_shift, oshift = (shift * 11 + 7) % max_shift;
            for (std::size_t k = 0; k < buffer_len; ++k)
            {
                xb.v[k] = pool[(k * 3 + n) % P];
                db.v[k] = dys[(k + 2 * n) % Q];
                ob.v[k] = sentinel<T>();
            }
            T* x = xb.at(shift);
            T* dy = db.at(dshift);
            for (std::size_t i = 0; i < n; ++i)
            {
                x[i] = pool[xi(i)];
                dy[i] = dys[di(i)];
            }
            const buffer<T> xsaved = xb, dsaved = db;

            // Out of place, three different misalignments.
            T* dx = ob.at(oshift);
            array_backward(fwd, static_cast<const T*>(x), static_cast<const T*>(dy), dx, n);
            for (std::size_t i = 0; i < n; ++i)
                c.expect(same_bits(dx[i], want(i)), n, shift, "out of place", i, dx[i], want(i));
            for (std::size_t k = 0; k < buffer_len; ++k)
            {
                if (!(ob.v + k >= dx && ob.v + k < dx + n))
                    c.expect(bits_of(ob.v[k]) == bits_of(sentinel<T>()), n, shift, "out of place: guard written",
                             k, ob.v[k], sentinel<T>());
                c.expect(bits_of(xb.v[k]) == bits_of(xsaved.v[k]) && bits_of(db.v[k]) == bits_of(dsaved.v[k]), n,
                         shift, "out of place: an input was modified", k, xb.v[k], xsaved.v[k]);
            }

            // dx == dy.
            array_backward(fwd, static_cast<const T*>(x), static_cast<const T*>(dy), dy, n);
            for (std::size_t i = 0; i < n; ++i)
                c.expect(same_bits(dy[i], want(i)), n, shift, "dx == dy", i, dy[i], want(i));
            for (std::size_t k = 0; k < buffer_len; ++k)
                if (!(db.v + k >= dy && db.v + k < dy + n))
                    c.expect(bits_of(db.v[k]) == bits_of(dsaved.v[k]), n, shift, "dx == dy: outside written", k,
                             db.v[k], dsaved.v[k]);

            // dx == x (dy restored first).
            db = dsaved;
            array_backward(fwd, static_cast<const T*>(x), static_cast<const T*>(dy), x, n);
            for (std::size_t i = 0; i < n; ++i)
                c.expect(same_bits(x[i], want(i)), n, shift, "dx == x", i, x[i], want(i));
            for (std::size_t k = 0; k < buffer_len; ++k)
                if (!(xb.v + k >= x && xb.v + k < x + n))
                    c.expect(bits_of(xb.v[k]) == bits_of(xsaved.v[k]), n, shift, "dx == x: outside written", k,
                             xb.v[k], xsaved.v[k]);
        }
    EXPECT_EQ(c.failures, 0u) << c.what << ": " << c.failures << " mismatches";
}

class ArrayBits : public ::testing::TestWithParam<kernel>
{
};

TEST_P(ArrayBits, ForwardFloat) { check_forward<float>(GetParam()); }
TEST_P(ArrayBits, ForwardDouble) { check_forward<double>(GetParam()); }
TEST_P(ArrayBits, BackwardFloat) { check_backward<float>(GetParam()); }
TEST_P(ArrayBits, BackwardDouble) { check_backward<double>(GetParam()); }

INSTANTIATE_TEST_SUITE_P(Array, ArrayBits, ::testing::ValuesIn(forward_kernels),
                         [](const ::testing::TestParamInfo<kernel>& i) { return std::string(actfn_ref::name(i.param)); });

TEST(Array, ZeroLengthTouchesNothing)
{
    // n = 0 with null pointers is a valid empty range.
    actfn::gelu(static_cast<const float*>(nullptr), static_cast<float*>(nullptr), 0);
    actfn::gelu_backward(static_cast<const double*>(nullptr), static_cast<const double*>(nullptr),
                         static_cast<double*>(nullptr), 0);
    SUCCEED();
}

TEST(Array, ExplicitParametersReachEveryElement)
{
    // The parameter of an array call must be the one each element sees.
    std::vector<float> x(100), y(100), dx(100), dy(100, 2.0f);
    for (std::size_t i = 0; i < x.size(); ++i)
        x[i] = -5.0f + 0.1f * static_cast<float>(i);
    actfn::elu(x.data(), y.data(), x.size(), 0.5f);
    actfn::quick_gelu_backward(x.data(), dy.data(), dx.data(), x.size(), 3.0f);
    for (std::size_t i = 0; i < x.size(); ++i)
    {
        EXPECT_TRUE(same_bits(y[i], actfn::elu(x[i], 0.5f))) << i;
        EXPECT_TRUE(same_bits(dx[i], 2.0f * actfn::quick_gelu_grad(x[i], 3.0f))) << i;
    }
}

} // namespace
