// Preconditions of the array forms.  Built as its own executable, from this
// one translation unit, so that NDEBUG is off for every instantiation of the
// array functions in it (mixing NDEBUG settings across translation units
// would give one inline function two definitions).
//  - Debug builds: partially overlapping input and output ranges trip the
//    assert in detail/array.hpp (death tests); identical or disjoint ranges do
//    not.
//  - Debug builds: a rounding mode other than round-to-nearest trips the
//    array forms' assert.
//  - C++20: the std::span overloads throw std::invalid_argument when sizes
//    differ, in every build, naming the function, the arrays and their sizes
//    (without exceptions they abort with that message: compile_checks/).
#undef NDEBUG

#include <actfn/actfn.hpp>

#include <gtest/gtest.h>

#include <cfenv>
#include <cstring>
#include <stdexcept>
#include <vector>

namespace {

constexpr const char* overlap_forward = "y must be x itself or must not overlap x";
constexpr const char* overlap_backward = "dx must be x or dy itself or must overlap neither";

TEST(PreconditionDeathTest, ForwardOutputOverlappingInputAsserts)
{
    float f[64] = {};
    double d[64] = {};
    EXPECT_DEATH(actfn::gelu(f, f + 1, 32), overlap_forward);
    EXPECT_DEATH(actfn::gelu(f + 1, f, 32), overlap_forward);
    EXPECT_DEATH(actfn::silu(d + 31, d, 32), overlap_forward);
    EXPECT_DEATH(actfn::leaky_relu(d, d + 8, 9, 0.5), overlap_forward);
}

TEST(PreconditionDeathTest, BackwardOutputOverlappingAnInputAsserts)
{
    float x[64] = {}, dy[64] = {}, dx[64] = {};
    EXPECT_DEATH(actfn::gelu_backward(x, dy, x + 3, 16), overlap_backward);  // dx overlaps x
    EXPECT_DEATH(actfn::gelu_backward(x, dy, dy + 15, 16), overlap_backward); // dx overlaps dy
    EXPECT_DEATH(actfn::elu_backward(x + 2, dy, x, 16, 1.0f), overlap_backward);
    (void)dx;
}

// The gated forms (gated.hpp): y may be a or b, da and db each a, b or dy,
// not each other; the row forms' y may be x (results at its start), dx may
// be x.  The bias forms (bias.hpp): y may be x, dx x or dy; bias and dbias
// overlap nothing.  Anything else asserts.
TEST(PreconditionDeathTest, GatedAndBiasOverlapsAssert)
{
    float f[256] = {};
    double d[256] = {};
    const auto first = actfn::activated_half::first;
    EXPECT_DEATH(actfn::geglu(f, f + 64, f + 1, 32), "y must be a or b itself or must overlap neither");
    EXPECT_DEATH(actfn::swiglu(d, d + 64, d + 65, 32), "y must be a or b itself or must overlap neither");
    EXPECT_DEATH(actfn::geglu_backward(f, f + 64, f + 128, f + 1, f + 192, 32), "da and db must each be");
    EXPECT_DEATH(actfn::reglu_backward(d, d + 64, d + 128, d + 192, d + 192, 32), "da and db must each be");
    EXPECT_DEATH(actfn::geglu_rows(f, f + 1, 2, 8, first), "y must be x itself or must not overlap x");
    EXPECT_DEATH(actfn::geglu_rows_backward(f, f + 64, f + 66, 2, 8, first), "dx must be x itself");
    EXPECT_DEATH(actfn::gelu_bias(f, f + 64, f + 60, 2, 8), "y must be x itself or must not overlap x");
    EXPECT_DEATH(actfn::silu_bias_backward(f, f + 64, f + 100, f + 150, f + 152, 2, 8), "dbias must overlap nothing");
}

TEST(Precondition, GatedAndBiasInPlaceIsAccepted)
{
    std::vector<float> a(40, 0.5f), b(40, 2.0f), dy(40, 1.0f), x(80, 0.25f);
    actfn::geglu(a.data(), b.data(), a.data(), 40);
    actfn::geglu(a.data(), b.data(), b.data(), 40);
    actfn::swiglu_backward(a.data(), b.data(), dy.data(), dy.data(), b.data(), 40);
    actfn::swiglu_backward(a.data(), b.data(), dy.data(), a.data(), dy.data(), 40);
    actfn::geglu_rows(x.data(), x.data(), 4, 10, actfn::activated_half::second);
    actfn::reglu_rows_backward(x.data(), dy.data(), x.data(), 4, 10, actfn::activated_half::first);
    std::vector<float> bias(10, 0.5f), db(10);
    actfn::gelu_bias(x.data(), bias.data(), x.data(), 8, 10);
    actfn::gelu_bias_backward(x.data(), bias.data(), dy.data(), dy.data(), db.data(), 4, 10);
    actfn::gelu_bias_backward(x.data(), bias.data(), dy.data(), x.data(), db.data(), 4, 10);
    SUCCEED();
}

TEST(PreconditionDeathTest, DirectedRoundingAsserts)
{
    constexpr const char* rounding = "the rounding mode must be round-to-nearest";
    float x[16] = {}, y[16];
    double dx[5] = {}, dy[5] = {};
    // Each statement runs in the death test's child process; the parent's
    // mode stays round-to-nearest.
    EXPECT_DEATH(
        {
            std::fesetround(FE_UPWARD);
            actfn::gelu(x, y, 16);
        },
        rounding);
    EXPECT_DEATH(
        {
            std::fesetround(FE_TOWARDZERO);
            actfn::silu_backward(dx, dy, dx, 5);
        },
        rounding);
    EXPECT_EQ(std::fegetround(), FE_TONEAREST);
    actfn::gelu(x, y, 16); // round-to-nearest: accepted
}

TEST(Precondition, IdenticalOrDisjointRangesAreAccepted)
{
    // In place, adjacent ranges and ranges sharing nothing must not assert.
    std::vector<float> v(64, 0.5f);
    actfn::gelu(v.data(), v.data(), 32);
    actfn::gelu(v.data(), v.data() + 32, 32);
    actfn::gelu(v.data() + 32, v.data(), 32);
    std::vector<double> x(32, -1.0), dy(32, 2.0), dx(32);
    actfn::silu_backward(x.data(), dy.data(), dx.data(), 32);
    actfn::silu_backward(x.data(), dy.data(), dy.data(), 32);
    actfn::silu_backward(x.data(), dy.data(), x.data(), 32);
    SUCCEED();
}

#if ACTFN_HAS_SPAN

// fwd / bwd call one activation's span overloads, fwd_ptr / bwd_ptr its
// pointer forms (with the same parameters).
template <class T, class Fwd, class FwdPtr, class Bwd, class BwdPtr>
void expect_span_case(const char* name, Fwd fwd, FwdPtr fwd_ptr, Bwd bwd, BwdPtr bwd_ptr)
{
    SCOPED_TRACE(name);
    std::vector<T> x = {T(-2), T(-0.5), T(0), T(1), T(3)}, y(5), y_ptr(5), dy(5, T(2)), dx(5), dx_ptr(5);
    // Sizes the optimizer cannot see: with constants, GCC 12 follows the
    // (throwing, never taken) mismatch path into the array loop and warns
    // -Warray-bounds about the short vector.
    static volatile std::size_t short_n = 4, long_n = 6;
    std::vector<T> shorter(short_n, T(7)), longer(long_n, T(7));
    // Matching sizes: the pointer form's result.
    fwd(std::span<const T>(x), std::span<T>(y));
    fwd_ptr(x.data(), y_ptr.data(), x.size());
    EXPECT_EQ(0, std::memcmp(y.data(), y_ptr.data(), sizeof(T) * y.size()));
    bwd(std::span<const T>(x), std::span<const T>(dy), std::span<T>(dx));
    bwd_ptr(x.data(), dy.data(), dx_ptr.data(), x.size());
    EXPECT_EQ(0, std::memcmp(dx.data(), dx_ptr.data(), sizeof(T) * dx.size()));
    // Any size mismatch throws, and writes nothing.
    EXPECT_THROW(fwd(std::span<const T>(x), std::span<T>(shorter)), std::invalid_argument);
    EXPECT_THROW(fwd(std::span<const T>(x), std::span<T>(longer)), std::invalid_argument);
    EXPECT_THROW(bwd(std::span<const T>(x), std::span<const T>(shorter), std::span<T>(dx)), std::invalid_argument);
    EXPECT_THROW(bwd(std::span<const T>(x), std::span<const T>(dy), std::span<T>(shorter)), std::invalid_argument);
    EXPECT_THROW(bwd(std::span<const T>(shorter), std::span<const T>(dy), std::span<T>(dx)), std::invalid_argument);
    EXPECT_THROW(bwd(std::span<const T>(x), std::span<const T>(dy), std::span<T>(longer)), std::invalid_argument);
    for (T v : shorter)
        EXPECT_EQ(v, T(7));
    for (T v : longer)
        EXPECT_EQ(v, T(7));
    // The message names the function, the arrays and their sizes.
    try
    {
        bwd(std::span<const T>(x), std::span<const T>(dy), std::span<T>(shorter));
        ADD_FAILURE() << "no exception";
    }
    catch (const std::invalid_argument& e)
    {
        EXPECT_NE(std::strstr(e.what(), "_backward: dx has 4 elements, x has 5"), nullptr) << e.what();
        EXPECT_EQ(std::strncmp(e.what(), "actfn::", 7), 0) << e.what();
    }
}

// The span and pointer forms of fn, with extra arguments ARGS (empty or ", p").
#define ACTFN_SPAN_CASE(T, fn, ARGS)                                                                         \
    expect_span_case<T>(                                                                                     \
        #fn #ARGS, [](std::span<const T> x, std::span<T> y) { actfn::fn(x, y ARGS); },                      \
        [](const T* x, T* y, std::size_t n) { actfn::fn(x, y, n ARGS); },                                   \
        [](std::span<const T> x, std::span<const T> dy, std::span<T> dx) { actfn::fn##_backward(x, dy, dx ARGS); }, \
        [](const T* x, const T* dy, T* dx, std::size_t n) { actfn::fn##_backward(x, dy, dx, n ARGS); })

#define ACTFN_NO_EXTRA
#define ACTFN_EXTRA , T(0.375)

template <class T>
void expect_span_forms()
{
    ACTFN_SPAN_CASE(T, gelu, ACTFN_NO_EXTRA);
    ACTFN_SPAN_CASE(T, gelu_tanh, ACTFN_NO_EXTRA);
    ACTFN_SPAN_CASE(T, quick_gelu, ACTFN_NO_EXTRA);
    ACTFN_SPAN_CASE(T, quick_gelu, ACTFN_EXTRA);
    ACTFN_SPAN_CASE(T, silu, ACTFN_NO_EXTRA);
    ACTFN_SPAN_CASE(T, elu, ACTFN_NO_EXTRA);
    ACTFN_SPAN_CASE(T, elu, ACTFN_EXTRA);
    ACTFN_SPAN_CASE(T, relu, ACTFN_NO_EXTRA);
    ACTFN_SPAN_CASE(T, leaky_relu, ACTFN_NO_EXTRA);
    ACTFN_SPAN_CASE(T, leaky_relu, ACTFN_EXTRA);
    // Containers convert to the spans directly.
    std::vector<T> x = {T(-1), T(1)}, y(2);
    actfn::silu(x, y);
    EXPECT_EQ(y[1], actfn::silu(T(1)));
}

TEST(Precondition, SpanOverloadsThrowOnSizeMismatch)
{
    expect_span_forms<float>();
    expect_span_forms<double>();
}

#else

TEST(Precondition, SpanOverloadsNeedCxx20)
{
    GTEST_SKIP() << "std::span overloads exist from C++20 on; this build is C++" << __cplusplus;
}

#endif

} // namespace
