#pragma once
// Every row the bench measures, ours and the baselines, as one table shared by
// the Google Benchmark binary and the callgrind driver, so both measure the
// same code.
//
// Each entry is a non-inlined function with one signature, (x, dy, y, n):
// forward rows ignore dy.  Calling through a pointer to an out-of-line function
// costs every row the same few cycles and keeps the compiler from specialising
// one row on the benchmark loop around it, which it could do for the inline
// header-only kernels but not for, say, SLEEF.
//
// Optional baselines are compiled only when CMake found them:
//   ACTFN_BENCH_HAVE_EIGEN  Eigen 3 array expressions (erf from unsupported/SpecialFunctions)
//   ACTFN_BENCH_HAVE_SLEEF  SLEEF's vector erf/tanh, the variant matching the build's ISA

#include <actfn/actfn.hpp>

#include <xsimd/xsimd.hpp>

#include <cmath>
#include <cstddef>
#include <cstring>
#include <string>
#include <vector>

#if defined(ACTFN_BENCH_HAVE_EIGEN)
#include <Eigen/Core>
#include <unsupported/Eigen/SpecialFunctions>
#endif

#if defined(ACTFN_BENCH_HAVE_SLEEF)
#include <sleef.h>
#endif

#if defined(__GNUC__)
#define ACTFN_BENCH_NOINLINE __attribute__((noinline))
#else
#define ACTFN_BENCH_NOINLINE
#endif

// The xsimd baselines need a SIMD target; tested on xsimd's own macro rather
// than on actfn's configuration, which is the library's business.
#if defined(XSIMD_NO_SUPPORTED_ARCHITECTURE)
#define ACTFN_BENCH_XSIMD 0
#else
#define ACTFN_BENCH_XSIMD 1
#endif

// SLEEF: pick the entry points whose register width matches xsimd's default
// batch, so the SLEEF loop runs at the same width as ours.  The names were
// checked with `nm -D libsleef.so` (SLEEF 3.5).
#if defined(ACTFN_BENCH_HAVE_SLEEF) && ACTFN_BENCH_XSIMD
#if defined(__AVX512F__)
#define ACTFN_BENCH_SLEEF_ERFF Sleef_erff16_u10avx512f
#define ACTFN_BENCH_SLEEF_ERFD Sleef_erfd8_u10avx512f
#define ACTFN_BENCH_SLEEF_TANHF Sleef_tanhf16_u10avx512f
#define ACTFN_BENCH_SLEEF_TANHD Sleef_tanhd8_u10avx512f
#define ACTFN_BENCH_SLEEF_WIDTH 64
#elif defined(__AVX2__) && defined(__FMA__)
#define ACTFN_BENCH_SLEEF_ERFF Sleef_erff8_u10avx2
#define ACTFN_BENCH_SLEEF_ERFD Sleef_erfd4_u10avx2
#define ACTFN_BENCH_SLEEF_TANHF Sleef_tanhf8_u10avx2
#define ACTFN_BENCH_SLEEF_TANHD Sleef_tanhd4_u10avx2
#define ACTFN_BENCH_SLEEF_WIDTH 32
#elif defined(__SSE4_1__) && !defined(__AVX__)
#define ACTFN_BENCH_SLEEF_ERFF Sleef_erff4_u10sse4
#define ACTFN_BENCH_SLEEF_ERFD Sleef_erfd2_u10sse4
#define ACTFN_BENCH_SLEEF_TANHF Sleef_tanhf4_u10sse4
#define ACTFN_BENCH_SLEEF_TANHD Sleef_tanhd2_u10sse4
#define ACTFN_BENCH_SLEEF_WIDTH 16
#endif
#endif
#if defined(ACTFN_BENCH_SLEEF_ERFF)
#define ACTFN_BENCH_SLEEF 1
#define ACTFN_BENCH_STR2(s) #s
#define ACTFN_BENCH_STR(s) ACTFN_BENCH_STR2(s)
#else
#define ACTFN_BENCH_SLEEF 0
#endif

namespace actfn_bench {

template <class T>
using kernel_fn = void (*)(const T* x, const T* dy, T* y, std::size_t n);

enum class origin
{
    ours,     // actfn's array functions
    baseline, // what ours is compared with
};

struct kernel
{
    std::string name;  // row name, e.g. "gelu_backward" or "ref_eigen_erf_gelu"
    origin from;
    bool backward;      // reads x and dy, writes dx (3 arrays) instead of 2
    kernel_fn<float> f32;
    kernel_fn<double> f64;
    std::string what;   // one line for the report

    template <class T>
    kernel_fn<T> get() const;

    // Bytes read + written per element (write-allocate traffic not counted).
    std::size_t bytes_per_element(std::size_t elem) const { return (backward ? 3 : 2) * elem; }
};

template <>
inline kernel_fn<float> kernel::get<float>() const { return f32; }
template <>
inline kernel_fn<double> kernel::get<double>() const { return f64; }

// ---- ours ------------------------------------------------------------------

// Explicit parameters rather than defaults, so a change of default in the
// library is a visible change here rather than a silent change of workload.
// ARGS is the parenthesised tail of the argument list, e.g. (, T(1.702)); a
// variadic macro would need an empty __VA_ARGS__, which -Wpedantic rejects in C++17.
#define ACTFN_BENCH_EXPAND(...) __VA_ARGS__
#define ACTFN_BENCH_OURS(name, ARGS)                                                             \
    template <class T>                                                                          \
    ACTFN_BENCH_NOINLINE void ours_##name(const T* x, const T*, T* y, std::size_t n)            \
    {                                                                                           \
        actfn::name(x, y, n ACTFN_BENCH_EXPAND ARGS);                                           \
    }                                                                                           \
    template <class T>                                                                          \
    ACTFN_BENCH_NOINLINE void ours_##name##_backward(const T* x, const T* dy, T* dx, std::size_t n) \
    {                                                                                           \
        actfn::name##_backward(x, dy, dx, n ACTFN_BENCH_EXPAND ARGS);                           \
    }

ACTFN_BENCH_OURS(gelu, ())
ACTFN_BENCH_OURS(gelu_tanh, ())
ACTFN_BENCH_OURS(quick_gelu, (, T(1.702)))
ACTFN_BENCH_OURS(silu, ())
ACTFN_BENCH_OURS(elu, (, T(1)))
ACTFN_BENCH_OURS(relu, ())
ACTFN_BENCH_OURS(leaky_relu, (, T(0.01)))
#undef ACTFN_BENCH_OURS
#undef ACTFN_BENCH_EXPAND

// ---- baselines -------------------------------------------------------------

// Plain scalar loops over libm, the code one writes without a SIMD library.
// Without -ffast-math the compilers do not vectorise std::erf / std::tanh, so
// these stay scalar, as a naive loop would be.
template <class T>
ACTFN_BENCH_NOINLINE void ref_naive_erf_gelu(const T* x, const T*, T* y, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
        y[i] = T(0.5) * x[i] * (T(1) + std::erf(x[i] * T(0.70710678118654752440)));
}

template <class T>
ACTFN_BENCH_NOINLINE void ref_naive_tanh_gelu(const T* x, const T*, T* y, std::size_t n)
{
    for (std::size_t i = 0; i < n; ++i)
    {
        const T v = x[i];
        y[i] = T(0.5) * v * (T(1) + std::tanh(T(0.79788456080286535588) * (v + T(0.044715) * v * v * v)));
    }
}

// The floor for any elementwise kernel: moving the bytes, nothing computed.
template <class T>
ACTFN_BENCH_NOINLINE void ref_copy(const T* x, const T*, T* y, std::size_t n)
{
    std::memcpy(y, x, n * sizeof(T));
}

#if ACTFN_BENCH_XSIMD
// "Naive but vectorised" x / (1 + exp(-a*x)) with xsimd::exp: the target for
// quick_gelu (a = 1.702) and silu (a = 1).
template <class T>
inline void xsimd_sigmoid_gate(const T* x, T* y, std::size_t n, T a)
{
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    const B ba(a);
    const B one(T(1));
    std::size_t i = 0;
    for (; i + W <= n; i += W)
    {
        const B v = B::load_unaligned(x + i);
        (v / (one + xsimd::exp(-(ba * v)))).store_unaligned(y + i);
    }
    for (; i < n; ++i)
        y[i] = x[i] / (T(1) + std::exp(-(a * x[i])));
}

template <class T>
ACTFN_BENCH_NOINLINE void ref_xsimd_quick_gelu(const T* x, const T*, T* y, std::size_t n)
{
    xsimd_sigmoid_gate(x, y, n, T(1.702));
}

template <class T>
ACTFN_BENCH_NOINLINE void ref_xsimd_silu(const T* x, const T*, T* y, std::size_t n)
{
    xsimd_sigmoid_gate(x, y, n, T(1));
}
#endif

#if defined(ACTFN_BENCH_HAVE_EIGEN)
// The Eigen expressions as a user would write them over mapped memory.
template <class T>
using eigen_in = Eigen::Map<const Eigen::Array<T, Eigen::Dynamic, 1>>;
template <class T>
using eigen_out = Eigen::Map<Eigen::Array<T, Eigen::Dynamic, 1>>;

template <class T>
ACTFN_BENCH_NOINLINE void ref_eigen_erf_gelu(const T* x, const T*, T* y, std::size_t n)
{
    const eigen_in<T> X(x, Eigen::Index(n));
    eigen_out<T> Y(y, Eigen::Index(n));
    Y = T(0.5) * X * (T(1) + (X * T(0.70710678118654752440)).erf());
}

template <class T>
ACTFN_BENCH_NOINLINE void ref_eigen_tanh_gelu(const T* x, const T*, T* y, std::size_t n)
{
    const eigen_in<T> X(x, Eigen::Index(n));
    eigen_out<T> Y(y, Eigen::Index(n));
    Y = T(0.5) * X * (T(1) + (T(0.79788456080286535588) * (X + T(0.044715) * X.cube())).tanh());
}
#endif

#if ACTFN_BENCH_SLEEF
// SLEEF's vector erf/tanh inside the obvious GELU loop; arithmetic around the
// call in xsimd, whose batches convert to and from the intrinsic registers.
inline xsimd::batch<float> sleef_erf(const xsimd::batch<float>& v) { return ACTFN_BENCH_SLEEF_ERFF(v); }
inline xsimd::batch<double> sleef_erf(const xsimd::batch<double>& v) { return ACTFN_BENCH_SLEEF_ERFD(v); }
inline xsimd::batch<float> sleef_tanh(const xsimd::batch<float>& v) { return ACTFN_BENCH_SLEEF_TANHF(v); }
inline xsimd::batch<double> sleef_tanh(const xsimd::batch<double>& v) { return ACTFN_BENCH_SLEEF_TANHD(v); }
static_assert(sizeof(xsimd::batch<float>) == ACTFN_BENCH_SLEEF_WIDTH,
              "the SLEEF variant must match xsimd's default batch width");

template <class T>
ACTFN_BENCH_NOINLINE void ref_sleef_erf_gelu(const T* x, const T*, T* y, std::size_t n)
{
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    const B half(T(0.5)), one(T(1)), rsqrt2(T(0.70710678118654752440));
    std::size_t i = 0;
    for (; i + W <= n; i += W)
    {
        const B v = B::load_unaligned(x + i);
        (half * v * (one + sleef_erf(v * rsqrt2))).store_unaligned(y + i);
    }
    for (; i < n; ++i)
        y[i] = T(0.5) * x[i] * (T(1) + std::erf(x[i] * T(0.70710678118654752440)));
}

template <class T>
ACTFN_BENCH_NOINLINE void ref_sleef_tanh_gelu(const T* x, const T*, T* y, std::size_t n)
{
    using B = xsimd::batch<T>;
    constexpr std::size_t W = B::size;
    const B half(T(0.5)), one(T(1)), k0(T(0.79788456080286535588)), k1(T(0.044715));
    std::size_t i = 0;
    for (; i + W <= n; i += W)
    {
        const B v = B::load_unaligned(x + i);
        (half * v * (one + sleef_tanh(k0 * (v + k1 * v * v * v)))).store_unaligned(y + i);
    }
    for (; i < n; ++i)
    {
        const T v = x[i];
        y[i] = T(0.5) * v * (T(1) + std::tanh(T(0.79788456080286535588) * (v + T(0.044715) * v * v * v)));
    }
}
#endif

// ---- the table -------------------------------------------------------------

// Order matters twice: the bench registers rows in this order, and the report
// and chart list them in it, each of ours beside the baselines it is compared with.
inline const std::vector<kernel>& kernels()
{
#define ACTFN_BENCH_ROW(name, from, bwd, what) \
    kernel{#name, origin::from, bwd, &name<float>, &name<double>, what}
    static const std::vector<kernel> table = {
        ACTFN_BENCH_ROW(ours_gelu, ours, false, "actfn::gelu (exact, x*Phi(x))"),
        ACTFN_BENCH_ROW(ours_gelu_backward, ours, true, "actfn::gelu_backward"),
        ACTFN_BENCH_ROW(ref_naive_erf_gelu, baseline, false, "scalar loop 0.5*x*(1+std::erf(x/sqrt2))"),
#if defined(ACTFN_BENCH_HAVE_EIGEN)
        ACTFN_BENCH_ROW(ref_eigen_erf_gelu, baseline, false, "Eigen 0.5*X*(1+(X*rsqrt2).erf())"),
#endif
#if ACTFN_BENCH_SLEEF
        ACTFN_BENCH_ROW(ref_sleef_erf_gelu, baseline, false,
                        "GELU loop around SLEEF " ACTFN_BENCH_STR(ACTFN_BENCH_SLEEF_ERFF) "/"
                        ACTFN_BENCH_STR(ACTFN_BENCH_SLEEF_ERFD)),
#endif
        ACTFN_BENCH_ROW(ours_gelu_tanh, ours, false, "actfn::gelu_tanh"),
        ACTFN_BENCH_ROW(ours_gelu_tanh_backward, ours, true, "actfn::gelu_tanh_backward"),
        ACTFN_BENCH_ROW(ref_naive_tanh_gelu, baseline, false, "scalar loop with std::tanh"),
#if defined(ACTFN_BENCH_HAVE_EIGEN)
        ACTFN_BENCH_ROW(ref_eigen_tanh_gelu, baseline, false, "Eigen tanh-form GELU expression"),
#endif
#if ACTFN_BENCH_SLEEF
        ACTFN_BENCH_ROW(ref_sleef_tanh_gelu, baseline, false,
                        "tanh-GELU loop around SLEEF " ACTFN_BENCH_STR(ACTFN_BENCH_SLEEF_TANHF) "/"
                        ACTFN_BENCH_STR(ACTFN_BENCH_SLEEF_TANHD)),
#endif
        ACTFN_BENCH_ROW(ours_quick_gelu, ours, false, "actfn::quick_gelu, alpha = 1.702"),
        ACTFN_BENCH_ROW(ours_quick_gelu_backward, ours, true, "actfn::quick_gelu_backward"),
#if ACTFN_BENCH_XSIMD
        ACTFN_BENCH_ROW(ref_xsimd_quick_gelu, baseline, false, "x/(1+xsimd::exp(-1.702x)) on xsimd batches"),
#endif
        ACTFN_BENCH_ROW(ours_silu, ours, false, "actfn::silu"),
        ACTFN_BENCH_ROW(ours_silu_backward, ours, true, "actfn::silu_backward"),
#if ACTFN_BENCH_XSIMD
        ACTFN_BENCH_ROW(ref_xsimd_silu, baseline, false, "x/(1+xsimd::exp(-x)) on xsimd batches"),
#endif
        ACTFN_BENCH_ROW(ours_elu, ours, false, "actfn::elu, alpha = 1"),
        ACTFN_BENCH_ROW(ours_elu_backward, ours, true, "actfn::elu_backward"),
        ACTFN_BENCH_ROW(ours_relu, ours, false, "actfn::relu"),
        ACTFN_BENCH_ROW(ours_relu_backward, ours, true, "actfn::relu_backward"),
        ACTFN_BENCH_ROW(ours_leaky_relu, ours, false, "actfn::leaky_relu, slope = 0.01"),
        ACTFN_BENCH_ROW(ours_leaky_relu_backward, ours, true, "actfn::leaky_relu_backward"),
        ACTFN_BENCH_ROW(ref_copy, baseline, false, "std::memcpy x -> y (bandwidth floor)"),
    };
#undef ACTFN_BENCH_ROW
    return table;
}

// Row names drop the "ours_" prefix: ours are named as in the API.
inline std::string row_name(const kernel& k)
{
    return k.name.rfind("ours_", 0) == 0 ? k.name.substr(5) : k.name;
}

inline const kernel* find_kernel(const std::string& row)
{
    for (const kernel& k : kernels())
        if (row_name(k) == row)
            return &k;
    return nullptr;
}

// Which optional baselines this binary has, for the bench context.
inline std::string baselines_description()
{
    std::string s;
#if defined(ACTFN_BENCH_HAVE_EIGEN)
    s += "Eigen " + std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
         std::to_string(EIGEN_MINOR_VERSION);
#else
    s += "Eigen: not found";
#endif
#if ACTFN_BENCH_SLEEF
    s += "; SLEEF " ACTFN_BENCH_STR(ACTFN_BENCH_SLEEF_ERFF) ", " ACTFN_BENCH_STR(ACTFN_BENCH_SLEEF_TANHF);
#elif defined(ACTFN_BENCH_HAVE_SLEEF)
    s += "; SLEEF found but no variant for this ISA";
#else
    s += "; SLEEF: not found";
#endif
#if !ACTFN_BENCH_XSIMD
    s += "; xsimd has no SIMD target: no xsimd baselines";
#endif
    return s;
}

} // namespace actfn_bench
