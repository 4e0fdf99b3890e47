// oneDNN's eltwise primitives as bench rows: what a user of oneDNN calls for
// GELU (erf and tanh forms), SiLU and QuickGELU (eltwise_swish with alpha 1
// and 1.702), ELU and ReLU, forward and backward, f32, plus bf16 GELU (erf).
//
// Compiled apart from actfn's rows (see external.hpp).  Each row builds its
// primitive once, outside the timed loop, on one CPU engine and stream shared
// by all rows; the timed call is execute() and stream::wait().  The ISA is
// oneDNN's choice at run time: ONEDNN_MAX_CPU_ISA=AVX2 (or DNNL_MAX_CPU_ISA,
// both honoured by oneDNN 2.6) limits it, and each row's label names the
// implementation that ran (e.g. "jit:avx512_core").

#include "external.hpp"

#include <oneapi/dnnl/dnnl.hpp>

#include <dlfcn.h>

#include <string>
#include <unordered_map>
#include <utility>

namespace actfn_bench {
namespace {

using dnnl_dt = dnnl::memory::data_type;

struct onednn_context
{
    dnnl::engine engine{dnnl::engine::kind::cpu, 0};
    dnnl::stream stream{engine};
};

onednn_context& context()
{
    static onednn_context c;
    return c;
}

class onednn_call final : public external_call
{
public:
    onednn_call(dnnl::algorithm alg, float alpha, bool backward, dnnl_dt type, const float* x, const float* dy,
                float* y, std::size_t n)
        : x16_(type == dnnl_dt::bf16 ? n : 0), dy16_(type == dnnl_dt::bf16 && backward ? n : 0),
          y16_(type == dnnl_dt::bf16 ? n : 0)
    {
        onednn_context& c = context();
        void* xp = const_cast<float*>(x); // read only: the primitive's source
        void* dyp = const_cast<float*>(dy);
        void* yp = y;
        if (type == dnnl_dt::bf16)
        {
            for (std::size_t i = 0; i < n; ++i)
                x16_.data[i] = to_bf16(x[i]);
            if (backward)
                for (std::size_t i = 0; i < n; ++i)
                    dy16_.data[i] = to_bf16(dy[i]);
            xp = x16_.data;
            dyp = dy16_.data;
            yp = y16_.data;
        }
        const dnnl::memory::desc md({static_cast<dnnl::memory::dim>(n)}, type, dnnl::memory::format_tag::a);
        const dnnl::memory src(md, c.engine, xp);
        const dnnl::memory out(md, c.engine, yp);
        // Forward rows use forward_inference; a backward primitive needs the
        // forward_training descriptor as its hint (same kernel for eltwise).
        const dnnl::eltwise_forward::primitive_desc fwd(
            dnnl::eltwise_forward::desc(backward ? dnnl::prop_kind::forward_training
                                                 : dnnl::prop_kind::forward_inference,
                                        alg, md, alpha, 0.f),
            c.engine);
        if (!backward)
        {
            primitive_ = dnnl::eltwise_forward(fwd);
            implementation_ = fwd.impl_info_str();
            args_ = {{DNNL_ARG_SRC, src}, {DNNL_ARG_DST, out}};
        }
        else
        {
            const dnnl::eltwise_backward::primitive_desc bwd(dnnl::eltwise_backward::desc(alg, md, md, alpha, 0.f),
                                                             c.engine, fwd);
            primitive_ = dnnl::eltwise_backward(bwd);
            implementation_ = bwd.impl_info_str();
            args_ = {{DNNL_ARG_SRC, src},
                     {DNNL_ARG_DIFF_DST, dnnl::memory(md, c.engine, dyp)},
                     {DNNL_ARG_DIFF_SRC, out}};
        }
    }

    void run() override
    {
        onednn_context& c = context();
        primitive_.execute(c.stream, args_);
        c.stream.wait();
    }

    std::string implementation() const override { return implementation_; }

private:
    bf16_array x16_, dy16_, y16_;
    dnnl::primitive primitive_;
    std::unordered_map<int, dnnl::memory> args_;
    std::string implementation_;
};

// oneDNN with the OpenMP runtime takes omp_get_max_threads() threads.  The
// call has to reach the OpenMP library libdnnl itself uses (a program built
// with clang++ -fopenmp would bring a second one), so it is looked up among
// libdnnl's own dependencies; it sets the calling thread's count, and the
// benchmarks run on the thread that calls this.
std::string pin_one_thread()
{
#if DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_OMP
    const std::string soname = "libdnnl.so." + std::to_string(DNNL_VERSION_MAJOR);
    void* lib = dlopen(soname.c_str(), RTLD_NOW | RTLD_NOLOAD);
    void* set = dlsym(lib ? lib : RTLD_DEFAULT, "omp_set_num_threads");
    void* get = dlsym(lib ? lib : RTLD_DEFAULT, "omp_get_max_threads");
    std::string result;
    if (set && get)
    {
        reinterpret_cast<void (*)(int)>(set)(1);
        result = "OpenMP runtime, omp_set_num_threads(1) in " + std::string(lib ? soname : "the process") +
                 "'s OpenMP: omp_get_max_threads() = " + std::to_string(reinterpret_cast<int (*)()>(get)());
    }
    else
        result = "OpenMP runtime, but omp_set_num_threads not found: NOT pinned (set OMP_NUM_THREADS=1)";
    if (lib)
        dlclose(lib);
    return result;
#elif DNNL_CPU_THREADING_RUNTIME == DNNL_RUNTIME_SEQ
    return "sequential runtime (one thread)";
#else
    return "threading runtime " + std::to_string(DNNL_CPU_THREADING_RUNTIME) +
           ": NOT pinned by the bench (limit its threads in the environment)";
#endif
}

std::string isa_name(dnnl::cpu_isa isa)
{
    switch (isa)
    {
    case dnnl::cpu_isa::sse41: return "sse41";
    case dnnl::cpu_isa::avx: return "avx";
    case dnnl::cpu_isa::avx2: return "avx2";
    case dnnl::cpu_isa::avx2_vnni: return "avx2_vnni";
    case dnnl::cpu_isa::avx512_core: return "avx512_core";
    case dnnl::cpu_isa::avx512_core_vnni: return "avx512_core_vnni";
    case dnnl::cpu_isa::avx512_core_bf16: return "avx512_core_bf16";
    case dnnl::cpu_isa::avx512_core_amx: return "avx512_core_amx";
    default: return "cpu_isa " + std::to_string(static_cast<int>(isa));
    }
}

struct onednn_spec
{
    const char* row; // our kernel's name: ref_onednn_<row>
    dnnl::algorithm alg;
    float alpha;
    const char* what;
};

} // namespace

external_library onednn_library()
{
    external_library lib;
    lib.name = "oneDNN";
    const dnnl_version_t* v = dnnl_version();
    const std::string threads = pin_one_thread();
    // The ISA oneDNN dispatches to, and whether ONEDNN_/DNNL_MAX_CPU_ISA is set.
    const char* limit = std::getenv("ONEDNN_MAX_CPU_ISA");
    if (!limit)
        limit = std::getenv("DNNL_MAX_CPU_ISA");
    lib.description = "oneDNN " + std::to_string(v->major) + "." + std::to_string(v->minor) + "." +
                      std::to_string(v->patch) + " (" + std::string(v->hash ? v->hash : "?") + "), " + threads +
                      ", effective ISA " + isa_name(dnnl::get_effective_cpu_isa()) +
                      (limit ? std::string(" (MAX_CPU_ISA=") + limit + ")" : std::string(" (no ISA limit set)"));

    const onednn_spec specs[] = {
        {"gelu", dnnl::algorithm::eltwise_gelu_erf, 0.f, "eltwise_gelu_erf"},
        {"gelu_tanh", dnnl::algorithm::eltwise_gelu_tanh, 0.f, "eltwise_gelu_tanh"},
        {"quick_gelu", dnnl::algorithm::eltwise_swish, 1.702f, "eltwise_swish, alpha = 1.702 (QuickGELU)"},
        {"silu", dnnl::algorithm::eltwise_swish, 1.f, "eltwise_swish, alpha = 1 (SiLU)"},
        {"elu", dnnl::algorithm::eltwise_elu, 1.f, "eltwise_elu, alpha = 1"},
        {"relu", dnnl::algorithm::eltwise_relu, 0.f, "eltwise_relu, alpha = 0"},
    };
    auto add = [&lib](const onednn_spec& s, bool backward, dnnl_dt type) {
        external_row r;
        r.name = std::string("ref_onednn_") + s.row + (backward ? "_backward" : "");
        r.type = type == dnnl_dt::bf16 ? "bf16" : "f32";
        r.backward = backward;
        r.what = std::string("oneDNN ") + s.what + (backward ? ", backward_data" : ", forward_inference") +
                 (type == dnnl_dt::bf16 ? ", bf16 memory" : "");
        const dnnl::algorithm alg = s.alg;
        const float alpha = s.alpha;
        r.prepare = [alg, alpha, backward, type](const float* x, const float* dy, float* y, std::size_t n,
                                                 std::string& why) -> std::unique_ptr<external_call> {
            try
            {
                return std::make_unique<onednn_call>(alg, alpha, backward, type, x, dy, y, n);
            }
            catch (const dnnl::error& e)
            {
                why = std::string("oneDNN: ") + e.what();
                return nullptr;
            }
        };
        lib.rows.push_back(std::move(r));
    };
    for (const onednn_spec& s : specs)
    {
        add(s, false, dnnl_dt::f32);
        add(s, true, dnnl_dt::f32);
    }
    // bf16 GELU (erf), forward and backward: for a later issue's comparison.
    add(specs[0], false, dnnl_dt::bf16);
    add(specs[0], true, dnnl_dt::bf16);
    return lib;
}

} // namespace actfn_bench
