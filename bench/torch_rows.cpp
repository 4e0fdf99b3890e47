// PyTorch's ATen operators as bench rows: at::gelu (approximate "none" and
// "tanh"), at::silu, at::elu, ReLU and their backward functions, f32, plus
// at::gelu on bf16 tensors, forward and backward, and QuickGELU composed of
// ATen operators (ATen has no QuickGELU).
//
// Compiled apart from actfn's rows (see external.hpp): ATen's headers come
// with their own definitions and options.  Every row calls the operator's
// out= form on tensors that wrap the bench's arrays (at::from_blob), so
// nothing is allocated in the timed call; the call still goes through ATen's
// dispatcher, as a user's call does.  at::set_num_threads(1) pins ATen (and
// the OpenMP runtime it shares with oneDNN) to one thread.  Which vector code
// ATen's kernels run is ATen's choice at start-up (ATEN_CPU_CAPABILITY=avx2 /
// avx512 / default overrides it); the library description names it.
//
// In a libtorch built with MKL-DNN (Debian's is) at::gelu with approximate
// "none" and its backward, float and bf16, do not run an ATen kernel: ATen
// hands them to oneDNN's eltwise_gelu_erf through ideep, one primitive per
// call (ONEDNN_VERBOSE=1 shows them; about 6 us per call on the Zen 4 at any n,
// against under 1 us of dispatch for at::clamp_min_out).  The other rows run
// ATen's own kernels.

#include "external.hpp"

#include <ATen/Context.h>
#include <ATen/Parallel.h>
#include <ATen/Version.h>
#include <ATen/core/Tensor.h>
#include <ATen/ops/clamp_min.h>
#include <ATen/ops/elu.h>
#include <ATen/ops/elu_backward.h>
#include <ATen/ops/empty.h>
#include <ATen/ops/from_blob.h>
#include <ATen/ops/gelu.h>
#include <ATen/ops/gelu_backward.h>
#include <ATen/ops/mul.h>
#include <ATen/ops/scalar_tensor.h>
#include <ATen/ops/sigmoid.h>
#include <ATen/ops/silu.h>
#include <ATen/ops/silu_backward.h>
#include <ATen/ops/threshold_backward.h>
#include <torch/version.h>

#include <sstream>
#include <string>
#include <utility>

namespace actfn_bench {
namespace {

// The tensors of one row: x, dy (backward rows), the output y and, for the
// composed QuickGELU, a preallocated temporary.
struct torch_tensors
{
    at::Tensor x, dy, y, tmp;
};

using torch_op = void (*)(torch_tensors& t);

class torch_call final : public external_call
{
public:
    torch_call(torch_op op, at::ScalarType type, bool temporary, const float* x, const float* dy, float* y,
               std::size_t n)
        : op_(op)
    {
        const auto len = static_cast<std::int64_t>(n);
        const at::TensorOptions f32 = at::TensorOptions().dtype(at::kFloat);
        // Wrapped, not copied: the tensors read and write the bench's arrays.
        at::Tensor xf = at::from_blob(const_cast<float*>(x), {len}, f32);
        at::Tensor dyf = at::from_blob(const_cast<float*>(dy), {len}, f32);
        if (type == at::kFloat)
        {
            t_.x = xf;
            t_.dy = dyf;
            t_.y = at::from_blob(y, {len}, f32);
        }
        else
        {
            // Converted once, here (ATen rounds to nearest even); ATen's CPU
            // allocator aligns to 64 bytes like the bench's own arrays.
            t_.x = xf.to(type);
            t_.dy = dyf.to(type);
            t_.y = at::empty({len}, at::TensorOptions().dtype(type));
        }
        if (temporary)
            t_.tmp = at::empty({len}, at::TensorOptions().dtype(type));
    }

    void run() override { op_(t_); }

private:
    torch_op op_;
    torch_tensors t_;
};

struct torch_spec
{
    const char* row; // ref_torch_<row>
    bool backward;
    torch_op op;
    const char* what;
    bool temporary;
};

void gelu_fwd(torch_tensors& t) { at::gelu_out(t.y, t.x, "none"); }
void gelu_bwd(torch_tensors& t) { at::gelu_backward_out(t.y, t.dy, t.x, "none"); }
void gelu_tanh_fwd(torch_tensors& t) { at::gelu_out(t.y, t.x, "tanh"); }
void gelu_tanh_bwd(torch_tensors& t) { at::gelu_backward_out(t.y, t.dy, t.x, "tanh"); }
void silu_fwd(torch_tensors& t) { at::silu_out(t.y, t.x); }
void silu_bwd(torch_tensors& t) { at::silu_backward_out(t.y, t.dy, t.x); }
void elu_fwd(torch_tensors& t) { at::elu_out(t.y, t.x, 1, 1, 1); }
void elu_bwd(torch_tensors& t) { at::elu_backward_out(t.y, t.dy, 1, 1, 1, false, t.x); }
// at::relu is at::clamp_min(x, 0) in ATen 1.13 (at::native::relu calls it),
// and relu's out= form is a generated wrapper that computes into a new tensor
// and copies; clamp_min_out runs the same kernel into y.
void relu_fwd(torch_tensors& t) { at::clamp_min_out(t.y, t.x, 0); }
void relu_bwd(torch_tensors& t) { at::threshold_backward_out(t.y, t.dy, t.x, 0); }
// QuickGELU x * sigmoid(1.702 x), three operators into a preallocated
// temporary: what a C++ user of ATen can write without allocating.
void quick_gelu_fwd(torch_tensors& t)
{
    static const at::Tensor alpha = at::scalar_tensor(1.702, at::TensorOptions().dtype(at::kFloat));
    at::mul_out(t.tmp, t.x, alpha);
    at::sigmoid_out(t.tmp, t.tmp);
    at::mul_out(t.y, t.x, t.tmp);
}

std::string capability()
{
    // at::show_config() has a line "  - CPU capability usage: AVX2".
    std::istringstream config(at::show_config());
    std::string line;
    const std::string key = "CPU capability usage: ";
    while (std::getline(config, line))
    {
        const auto pos = line.find(key);
        if (pos != std::string::npos)
            return line.substr(pos + key.size());
    }
    return "?";
}

} // namespace

external_library torch_library()
{
    at::set_num_threads(1);
    external_library lib;
    lib.name = "PyTorch";
    const char* forced = std::getenv("ATEN_CPU_CAPABILITY");
    const bool mkldnn = at::hasMKLDNN() && at::globalContext().userEnabledMkldnn();
    lib.description = std::string("PyTorch ") + TORCH_VERSION + " ATen, CPU capability " + capability() +
                      (forced ? std::string(" (ATEN_CPU_CAPABILITY=") + forced + ")"
                              : std::string(" (ATen's default)")) +
                      ", at::set_num_threads(1): at::get_num_threads() = " + std::to_string(at::get_num_threads()) +
                      (mkldnn ? ", MKL-DNN enabled (at::gelu \"none\" and its backward run oneDNN's eltwise_gelu_erf)"
                              : ", MKL-DNN not enabled");

    const torch_spec specs[] = {
        {"gelu", false, gelu_fwd, "at::gelu_out(y, x, \"none\") (oneDNN inside ATen when MKL-DNN is enabled)", false},
        {"gelu", true, gelu_bwd,
         "at::gelu_backward_out(dx, dy, x, \"none\") (oneDNN inside ATen when MKL-DNN is enabled)", false},
        {"gelu_tanh", false, gelu_tanh_fwd, "at::gelu_out(y, x, \"tanh\")", false},
        {"gelu_tanh", true, gelu_tanh_bwd, "at::gelu_backward_out(dx, dy, x, \"tanh\")", false},
        {"quick_gelu_composed", false, quick_gelu_fwd,
         "x * sigmoid(1.702 x) composed: at::mul_out, at::sigmoid_out, at::mul_out into a preallocated temporary",
         true},
        {"silu", false, silu_fwd, "at::silu_out(y, x)", false},
        {"silu", true, silu_bwd, "at::silu_backward_out(dx, dy, x)", false},
        {"elu", false, elu_fwd, "at::elu_out(y, x, 1, 1, 1)", false},
        {"elu", true, elu_bwd, "at::elu_backward_out(dx, dy, 1, 1, 1, false, x)", false},
        {"relu", false, relu_fwd, "at::clamp_min_out(y, x, 0), the kernel of at::relu", false},
        {"relu", true, relu_bwd, "at::threshold_backward_out(dx, dy, x, 0)", false},
    };
    auto add = [&lib](const torch_spec& s, at::ScalarType type) {
        external_row r;
        r.name = std::string("ref_torch_") + s.row + (s.backward ? "_backward" : "");
        r.type = type == at::kBFloat16 ? "bf16" : "f32";
        r.backward = s.backward;
        r.what = std::string(s.what) + (type == at::kBFloat16 ? " on bf16 tensors" : "");
        const torch_op op = s.op;
        const bool temporary = s.temporary;
        r.prepare = [op, type, temporary](const float* x, const float* dy, float* y, std::size_t n,
                                          std::string& why) -> std::unique_ptr<external_call> {
            try
            {
                return std::make_unique<torch_call>(op, type, temporary, x, dy, y, n);
            }
            catch (const std::exception& e)
            {
                why = std::string("PyTorch: ") + e.what();
                return nullptr;
            }
        };
        lib.rows.push_back(std::move(r));
    };
    for (const torch_spec& s : specs)
        add(s, at::kFloat);
    // at::gelu on bf16 tensors, forward and backward: for a later issue.
    add(specs[0], at::kBFloat16);
    add(specs[1], at::kBFloat16);
    return lib;
}

} // namespace actfn_bench
