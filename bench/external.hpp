#pragma once
// Rows from the libraries users would otherwise call: oneDNN's eltwise
// primitives (onednn_rows.cpp) and PyTorch's ATen operators (torch_rows.cpp).
//
// Each library's code lives in its own translation unit, compiled with that
// library's flags and definitions and without the bench's target flags (both
// libraries pick their code paths at run time).  This header is all that
// bench_main.cpp sees of them, and it includes neither library, so the
// translation unit that holds actfn's rows is compiled the same way whether
// the bench is built with oneDNN and PyTorch or without.  Which libraries are
// in a binary is decided by external.cpp, the only file compiled with
// ACTFN_BENCH_HAVE_ONEDNN / ACTFN_BENCH_HAVE_TORCH.

#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <new>
#include <string>
#include <vector>

namespace actfn_bench {

// One row bound to its arrays: primitives built, tensors wrapped, outputs
// allocated.  run() is the timed part: one call of the library.
class external_call
{
public:
    virtual ~external_call() = default;
    virtual void run() = 0;
    // What actually runs, when the library can tell (oneDNN's implementation
    // name, e.g. "jit:avx512_core"); empty otherwise.
    virtual std::string implementation() const { return {}; }
};

// Binds float arrays of n elements: x and dy are the bench's inputs, y an
// output buffer of n floats that f32 rows write to.  bf16 rows round x and dy
// to bf16 here, once, and write to a bf16 buffer of their own.  Returns null
// and sets `why` when the library has no implementation for this row on this
// machine (oneDNN limited to AVX2 has no bf16 eltwise, for one).
using external_prepare =
    std::function<std::unique_ptr<external_call>(const float* x, const float* dy, float* y, std::size_t n,
                                                 std::string& why)>;

struct external_row
{
    std::string name;   // e.g. "ref_onednn_gelu_erf_backward"
    std::string type;   // "f32" or "bf16"
    bool backward;      // reads x and dy, writes dx
    std::string what;   // one line for the report
    external_prepare prepare;
};

struct external_library
{
    std::string name;        // "oneDNN", "PyTorch"
    std::string description; // version, threading, ISA: one line for the bench context
    std::vector<external_row> rows;
};

// The libraries this binary was built with, each already pinned to one
// thread (external.cpp).  The first call initialises them.
const std::vector<external_library>& external_libraries();

// Per library (onednn_rows.cpp, torch_rows.cpp): pins the library to one
// thread and lists its rows.
external_library onednn_library();
external_library torch_library();
external_library dispatch_library(); // actfn::dispatch (dispatch_rows.cpp)

// A 64-byte aligned array of bf16 values (as the bench's own arrays are), for
// the bf16 rows' converted inputs and their outputs.
struct bf16_array
{
    explicit bf16_array(std::size_t n)
        : data(static_cast<unsigned short*>(std::aligned_alloc(64, (n * 2 + 63) / 64 * 64)))
    {
        if (!data)
            throw std::bad_alloc();
        std::memset(data, 0, (n * 2 + 63) / 64 * 64);
    }
    ~bf16_array() { std::free(data); }
    bf16_array(const bf16_array&) = delete;
    bf16_array& operator=(const bf16_array&) = delete;
    unsigned short* data;
};

// Round to nearest even, NaN kept quiet: the bf16 rows' inputs.
inline unsigned short to_bf16(float f)
{
    unsigned int u = 0;
    static_assert(sizeof(u) == sizeof(f), "32-bit float");
    std::memcpy(&u, &f, sizeof(u));
    if ((u & 0x7fffffffu) > 0x7f800000u)
        return static_cast<unsigned short>((u >> 16) | 0x40u);
    u += 0x7fffu + ((u >> 16) & 1u);
    return static_cast<unsigned short>(u >> 16);
}

} // namespace actfn_bench
