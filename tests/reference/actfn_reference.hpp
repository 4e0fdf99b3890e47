#pragma once
// MPFR reference for actfn's kernels and derivatives, and the ULP-error metric.
//
// Independent of actfn's headers on purpose: the values come from the
// definitions in shared/notes/gelu-math.md, evaluated in multiple precision,
// never from the code under test.  Reusable by any checker (the accuracy tests
// here, an exhaustive 2^32 float checker later).
//
// Conventions
//  - Inputs and parameters are values of the working type (float or double),
//    passed as double: every float converts to double exactly.
//  - quick_gelu's alpha, elu's alpha and leaky_relu's slope are the values the
//    kernel receives (1.702f for float quick_gelu is the float nearest 1.702,
//    not 1.702), so the reference measures the kernel, not the constant.
//  - At +-inf the reference is the limit (gelu(-inf) = -0, elu(-inf) = -alpha);
//    NaN gives NaN.  At 0 the derivatives follow PyTorch: relu'(0) = 0,
//    leaky_relu'(0) = slope, elu'(0) = alpha.
//  - Working precision starts at goal_bits + 16 (at least 128 bits) and grows
//    with the bits a sum loses to cancellation (near a derivative's root) and
//    with the conditioning of large arguments, so the returned value has a
//    relative error below 2^-goal_bits.

#include <mpfr.h>

#include <cstddef>

namespace actfn_ref {

enum class kernel : int
{
    gelu,
    gelu_grad,
    gelu_tanh,
    gelu_tanh_grad,
    quick_gelu,
    quick_gelu_grad,
    silu,
    silu_grad,
    elu,
    elu_grad,
    relu,
    relu_grad,
    leaky_relu,
    leaky_relu_grad,
};
constexpr int kernel_count = 14;

const char* name(kernel k) noexcept;
bool is_derivative(kernel k) noexcept;
// The forward kernel of a derivative, or k itself.
kernel forward_of(kernel k) noexcept;
// The derivative of a forward kernel, or k itself.
kernel derivative_of(kernel k) noexcept;
// quick_gelu and elu take alpha, leaky_relu takes slope; the others ignore param.
bool has_param(kernel k) noexcept;

// An MPFR number at 128 bits that frees itself (scratch values of the harnesses).
struct mp_value
{
    mpfr_t v;
    mp_value() { mpfr_init2(v, 128); }
    ~mp_value() { mpfr_clear(v); }
    mp_value(const mp_value&) = delete;
    mp_value& operator=(const mp_value&) = delete;
};

enum class format : int
{
    binary32,
    binary64,
    bfloat16, // 8 significand bits, float's exponent range
    binary16, // IEEE binary16: 11 significand bits, normals from 2^-14
};

struct format_info
{
    int precision;        // significand bits, hidden bit included
    int emin;             // exponent of the smallest normal: 2^emin
    int emax;             // exponent of the largest binade
    double min_subnormal; // 2^(emin - precision + 1)
};
format_info info(format f) noexcept;

// Evaluates the kernels in MPFR.  Holds its temporaries, so keep one per
// thread and reuse it; not thread-safe itself.
class evaluator
{
public:
    evaluator();
    ~evaluator();
    evaluator(const evaluator&) = delete;
    evaluator& operator=(const evaluator&) = delete;

    // out = k(x) (param as described above) rounded to out's precision, with
    // a relative error below 2^-goal_bits before that rounding.
    void eval(kernel k, mpfr_ptr out, double x, double param, int goal_bits = 100);
    // Same at an input of any precision (finite or not).
    void eval_mp(kernel k, mpfr_ptr out, mpfr_srcptr x, double param, int goal_bits = 100);

    // k(x) correctly rounded to nearest-even in the format, subnormals
    // included: precision is raised until the rounding is decided (a Ziv loop).
    float round_float(kernel k, float x, float param);
    double round_double(kernel k, double x, double param);
    // k(x) correctly rounded to nearest-even in any format (bfloat16 and
    // binary16 results are returned as the double of the same value).
    double round_in(kernel k, double x, double param, format f);

    // Working precision of the last evaluation (for tests of the loop itself);
    // 0 when the value was exact (specials, zeros, the piecewise-linear kernels).
    long last_precision() const noexcept { return last_prec_; }

private:
    struct impl;
    impl* p_;
    long last_prec_ = 0;
};

// |y - exact| / ulp(exact) in format f, with ulp taken at the binade of the
// exact value and never below the smallest subnormal spacing.  An exact zero
// (or a value that underflows MPFR's exponent range) has the smallest
// subnormal spacing as ulp.  Both NaN: 0.  One NaN: +inf.  Infinite exact
// value: 0 if y is the same infinity, +inf otherwise.  Finite exact value and
// infinite y: +inf.
double ulp_error(mpfr_srcptr exact, double y, format f);

// |y - exact| as a double (+inf on a NaN mismatch or an infinity, 0 when both NaN).
double abs_error(mpfr_srcptr exact, double y);

// exact rounded to nearest-even in format f with subnormals (returned as double).
double round_to(mpfr_srcptr exact, format f);

// The two representable neighbours of exact in format f (nearest first; both
// equal when exact is representable), and whether exact lies within
// |exact| 2^-margin_bits of the midpoint between them: there, a kernel
// computing in the target precision cannot tell which way the exact value
// rounds, and either neighbour is within 1/2 + 2^-(margin_bits-precision) ULP.
struct neighbours
{
    double nearest;
    double other;
    bool near_midpoint;
};
neighbours bracket(mpfr_srcptr exact, format f, int margin_bits);

// Points where the derivative of a kernel changes sign, computed in MPFR (to
// 2^-100) from the definitions; alpha is quick_gelu's parameter.
double root_gelu_grad();
double root_gelu_tanh_grad();
double root_silu_grad();
// Root of quick_gelu' for this alpha: root_silu_grad_z / alpha, alpha > 0.
double root_quick_gelu_grad(double alpha);

} // namespace actfn_ref
