// The activation of a GEGLU feed-forward block (Stable Diffusion, T5 v1.1):
// the projection gives each token a row of 2 d values, and the block computes
//
//     hidden, gate = proj.chunk(2, dim=-1)
//     out = hidden * gelu(gate)                 (the second half activated)
//
// Framework code does that in two calls (gelu, then a multiply), and the
// backward pass in two or three.  actfn does each in one:
//
//     actfn::geglu_rows(x, y, rows, d, actfn::activated_half::second);
//     actfn::geglu_rows_backward(x, dy, dx, rows, d, actfn::activated_half::second);
//
// This program runs both ways on 256 tokens x 2 x 2048 floats, checks them
// against a long double reference (erfc in long double: about 2^-60
// relative, far below float's 2^-24) and times them.  It exits with 1 if the
// one-call forms are not within their bounds (README, "Gated forms").
#include <actfn/actfn.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace {

long double gelu_ld(long double x)
{
    return 0.5L * x * std::erfc(-x / std::sqrt(2.0L));
}

long double gelu_grad_ld(long double x)
{
    const long double pi = 3.14159265358979323846264338327950288L;
    return 0.5L * std::erfc(-x / std::sqrt(2.0L)) + x * std::exp(-0.5L * x * x) / std::sqrt(2.0L * pi);
}

// |y - exact| in units of the last place of float at exact.
double ulps(float y, long double exact)
{
    const float r = static_cast<float>(exact);
    int e = 0;
    std::frexp(r == 0.0f ? 1e-38f : r, &e);
    const long double ulp = std::ldexp(1.0L, std::max(e - 24, -149));
    return static_cast<double>(std::fabs(static_cast<long double>(y) - exact) / ulp);
}

template <class F>
double best_us(F f)
{
    double best = 1e300;
    for (int rep = 0; rep < 20; ++rep)
    {
        const auto t0 = std::chrono::steady_clock::now();
        f();
        const double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count();
        best = std::min(best, us);
    }
    return best;
}

} // namespace

int main()
{
    const std::size_t rows = 256, d = 2048;
    std::mt19937 gen(42);
    std::normal_distribution<float> normal(0.0f, 1.0f);
    std::vector<float> x(rows * 2 * d), dy(rows * d);
    for (float& v : x)
        v = normal(gen);
    for (float& v : dy)
        v = normal(gen);

    // ---- the framework way: hidden and gate apart, gelu, multiply -------------
    std::vector<float> hidden(rows * d), gate(rows * d), g(rows * d), y_old(rows * d);
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t j = 0; j < d; ++j)
        {
            hidden[r * d + j] = x[r * 2 * d + j];
            gate[r * d + j] = x[r * 2 * d + d + j];
        }
    auto old_forward = [&] {
        actfn::gelu(gate.data(), g.data(), g.size());
        for (std::size_t i = 0; i < g.size(); ++i)
            y_old[i] = hidden[i] * g[i];
    };

    // ---- actfn: one call each way ------------------------------------------------
    std::vector<float> y(rows * d), y_fast(rows * d), dx(rows * 2 * d);
    const auto second = actfn::activated_half::second;
    auto new_forward = [&] { actfn::geglu_rows(x.data(), y.data(), rows, d, second); };
    auto new_forward_fast = [&] {
        actfn::geglu_rows(x.data(), y_fast.data(), rows, d, second, actfn::gated_precision::fast);
    };
    auto new_backward = [&] { actfn::geglu_rows_backward(x.data(), dy.data(), dx.data(), rows, d, second); };

    const double t_old = best_us(old_forward);
    const double t_new = best_us(new_forward);
    const double t_fast = best_us(new_forward_fast);
    const double t_bwd = best_us(new_backward);

    // ---- against the long double reference ----------------------------------------
    double e_old = 0, e_new = 0, e_fast = 0, e_dhidden = 0, e_dgate = 0;
    for (std::size_t r = 0; r < rows; ++r)
        for (std::size_t j = 0; j < d; ++j)
        {
            const std::size_t i = r * d + j;
            const long double h = hidden[i], a = gate[i], up = dy[i];
            const long double exact = gelu_ld(a) * h;
            e_old = std::max(e_old, ulps(y_old[i], exact));
            e_new = std::max(e_new, ulps(y[i], exact));
            e_fast = std::max(e_fast, ulps(y_fast[i], exact));
            // dx's row: d(hidden) in the first half, d(gate) in the second.
            e_dhidden = std::max(e_dhidden, ulps(dx[r * 2 * d + j], up * gelu_ld(a)));
            e_dgate = std::max(e_dgate, ulps(dx[r * 2 * d + d + j], up * h * gelu_grad_ld(a)));
        }

    std::printf("GEGLU activation of a feed-forward block: %zu tokens x 2 x %zu floats, hidden * gelu(gate)\n", rows, d);
    std::printf("  y[0][0..2] = %.7g %.7g %.7g\n", y[0], y[1], y[2]);
    std::printf("  max error against long double, forward:\n");
    std::printf("    gelu then multiply (two calls)          %.3f ulp  %8.1f us\n", e_old, t_old);
    std::printf("    geglu_rows (accurate, the default)      %.3f ulp  %8.1f us\n", e_new, t_new);
    std::printf("    geglu_rows (gated_precision::fast)      %.3f ulp  %8.1f us\n", e_fast, t_fast);
    std::printf("  backward, geglu_rows_backward (one call) %8.1f us: d hidden %.3f ulp, d gate %.3f ulp\n", t_bwd,
                e_dhidden, e_dgate);
    std::printf("  (the two-call forward and the fast form round twice; the accurate form once)\n");

    const bool ok = e_new <= 1.0 && e_dhidden <= 1.0 && e_dgate <= 2.0;
    std::printf("%s\n", ok ? "ok" : "FAILED: outside the README's bounds");
    return ok ? 0 : 1;
}
