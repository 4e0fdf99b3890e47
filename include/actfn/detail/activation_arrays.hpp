#pragma once
// The array forms of the seven activations as small objects, so that the
// gated forms (gated_impl.hpp) and the fused bias forms (bias_impl.hpp) can
// take "which activation" as one template argument.  forward<W> and
// backward<W> call the public array forms on W = float or double; a
// parameter (quick_gelu's and elu's alpha, leaky_relu's slope) is held in
// the caller's type P and converted to W, which is exact when P is float and
// W double: the float gated forms evaluate in double at the float parameter's
// exact value, so they compute the same function as the float kernels.

#include "../elu.hpp"
#include "../gelu.hpp"
#include "../gelu_tanh.hpp"
#include "../quick_gelu.hpp"
#include "../relu.hpp"
#include "../silu.hpp"

#include <cstddef>

namespace actfn {
inline namespace ACTFN_TARGET_NAMESPACE {
namespace detail {

struct gelu_arrays
{
    template <class W>
    void forward(const W* x, W* y, std::size_t n) const noexcept
    {
        actfn::gelu(x, y, n);
    }
    template <class W>
    void backward(const W* x, const W* dy, W* dx, std::size_t n) const noexcept
    {
        actfn::gelu_backward(x, dy, dx, n);
    }
};

struct gelu_tanh_arrays
{
    template <class W>
    void forward(const W* x, W* y, std::size_t n) const noexcept
    {
        actfn::gelu_tanh(x, y, n);
    }
    template <class W>
    void backward(const W* x, const W* dy, W* dx, std::size_t n) const noexcept
    {
        actfn::gelu_tanh_backward(x, dy, dx, n);
    }
};

template <class P>
struct quick_gelu_arrays
{
    P alpha;
    template <class W>
    void forward(const W* x, W* y, std::size_t n) const noexcept
    {
        actfn::quick_gelu(x, y, n, static_cast<W>(alpha));
    }
    template <class W>
    void backward(const W* x, const W* dy, W* dx, std::size_t n) const noexcept
    {
        actfn::quick_gelu_backward(x, dy, dx, n, static_cast<W>(alpha));
    }
};

struct silu_arrays
{
    template <class W>
    void forward(const W* x, W* y, std::size_t n) const noexcept
    {
        actfn::silu(x, y, n);
    }
    template <class W>
    void backward(const W* x, const W* dy, W* dx, std::size_t n) const noexcept
    {
        actfn::silu_backward(x, dy, dx, n);
    }
};

struct relu_arrays
{
    template <class W>
    void forward(const W* x, W* y, std::size_t n) const noexcept
    {
        actfn::relu(x, y, n);
    }
    template <class W>
    void backward(const W* x, const W* dy, W* dx, std::size_t n) const noexcept
    {
        actfn::relu_backward(x, dy, dx, n);
    }
};

template <class P>
struct leaky_relu_arrays
{
    P slope;
    template <class W>
    void forward(const W* x, W* y, std::size_t n) const noexcept
    {
        actfn::leaky_relu(x, y, n, static_cast<W>(slope));
    }
    template <class W>
    void backward(const W* x, const W* dy, W* dx, std::size_t n) const noexcept
    {
        actfn::leaky_relu_backward(x, dy, dx, n, static_cast<W>(slope));
    }
};

template <class P>
struct elu_arrays
{
    P alpha;
    template <class W>
    void forward(const W* x, W* y, std::size_t n) const noexcept
    {
        actfn::elu(x, y, n, static_cast<W>(alpha));
    }
    template <class W>
    void backward(const W* x, const W* dy, W* dx, std::size_t n) const noexcept
    {
        actfn::elu_backward(x, dy, dx, n, static_cast<W>(alpha));
    }
};

} // namespace detail
} // namespace ACTFN_TARGET_NAMESPACE
} // namespace actfn
