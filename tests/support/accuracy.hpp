#pragma once
// The accuracy harness shared by the per-kernel tests and the table printer:
// which inputs are swept, which bounds apply, and the measurement of computed
// outputs against the MPFR reference.  Nothing here includes actfn: outputs are
// computed by the callers (compiled once per ISA target), measured here
// (compiled once).
//
// Levels (environment variable ACTFN_ACCURACY):
//   light     smaller sweep for the extra ISA builds (2^16 strided floats plus
//             the hard regions, 2^12 doubles); bounds of `standard`.
//   standard  the default suite, issue 2: >= 2^20 strided floats over every
//             exponent plus dense hard regions and the special points; float
//             forward <= 2 ULP, derivatives <= 4 ULP except within 1e-3 of a
//             derivative's root where |error| <= 2^-24; double forward <= 2 ULP
//             on 2^16 points (double derivatives are measured and printed only).
//   full      the next issue's "fast sampled" variant: >= 2^24 floats, 10^7
//             doubles; forward <= 1 ULP, derivatives <= 2 ULP everywhere.

#include "actfn_reference.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace actfn_test {

using actfn_ref::format;
using actfn_ref::kernel;

enum class level
{
    light,
    standard,
    full,
};

// ACTFN_ACCURACY=light|standard|full (default: standard).
level level_from_env();
const char* level_name(level l);

// Worker threads for the MPFR evaluations: ACTFN_TEST_THREADS, default 2.
unsigned thread_count();

// Inputs of a sweep for the family of `fwd` (its forward kernel and its
// derivative share them).  param is the kernel's parameter (it moves
// quick_gelu's root and tail).
std::vector<float> float_inputs(kernel fwd, double param, level l);
std::vector<double> double_inputs(kernel fwd, double param, level l);

// The special points every sweep contains (NaNs, infinities, signed zeros,
// subnormals, extremes, every threshold of the note and its neighbours).
std::vector<float> float_special_points();
std::vector<double> double_special_points();

// The same for T = float or double.
template <class T>
std::vector<T> special_points_of()
{
    if constexpr (sizeof(T) == 4)
        return float_special_points();
    else
        return double_special_points();
}

struct bound
{
    bool checked = false;      // false: measured and printed, not asserted
    double max_ulp = 0;        // outside the root window
    double window = 0;         // half-width of the window around the derivative's root (0: none)
    double window_abs = 0;     // absolute error bound inside that window
};

// fma: whether the kernels under test were built with an FMA (ACTFN_HAS_FMA);
// the full level's bounds are those of FMA targets, doubled without one.
bound bound_for(kernel k, format f, level l, bool fma = true);

// Where k's derivative vanishes (NaN when k has no root).
double root_of(kernel k, double param);

struct result
{
    std::size_t points = 0;
    double max_ulp = 0;          // finite errors, over the points outside the window
    double max_ulp_x = 0;
    double max_ulp_y = 0;
    std::size_t window_points = 0;
    double max_abs_window = 0;   // absolute error inside the window
    double max_abs_window_x = 0;
    double max_ulp_window = 0;   // ULP error inside the window (reported)
    double max_ulp_window_x = 0;
    std::size_t sign_errors = 0; // forward only: sign bit unlike the exact value's sign
    double sign_error_x = 0;
    std::size_t nonfinite = 0;   // NaN or infinity where the exact value differs (or the reverse)
    double nonfinite_x = 0;
    double nonfinite_y = 0;
    std::size_t over_bound = 0;  // points breaking the bound
};

// One kernel to measure: outputs[j][i] is a computed value of k at x[i]
// (widened to double), measured against bound b.
struct job
{
    kernel k;
    bound b;
    std::vector<const std::vector<double>*> outputs;
};

// Measures every job's outputs against the reference; result [j][o] is job j's
// output o.  Each point is evaluated once per job in MPFR (a forward kernel and
// its derivative at the same point share the work) and compared with every
// output.  Runs thread_count() threads.
std::vector<std::vector<result>> measure(const std::vector<job>& jobs, double param, format f,
                                         const std::vector<double>& x);

// A single kernel: one result per output vector.
std::vector<result> measure(kernel k, double param, format f, const std::vector<double>& x,
                            const std::vector<const std::vector<double>*>& outputs, const bound& b);

// True when r satisfies b.
bool within(const result& r, const bound& b);

// One line describing r against b ("max 0.51 ULP at x = ..., bound 2 ULP, ...").
std::string describe(const result& r, const bound& b, format f);

// Hex-float and decimal text of x, for messages.
std::string show(double x, format f);

} // namespace actfn_test
