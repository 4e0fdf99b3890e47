// The program that tests/build_matrix/run_matrix.sh builds once per compiler,
// optimisation level, target and sanitizer: every array form of actfn against
// its element kernel, bit for bit.  Only actfn and the standard library.
//
// For float and double and for every array form (forward and backward of the
// seven activations; quick_gelu at its default alpha, 0.8 and -3; elu at
// alpha 1 and 0.3; leaky_relu at its default slope and 0.2) it calls the array
// form on every n in [0, 70] and on n = 257, 1000 and 4099, with x and dy at
// offsets of 0 to 16 bytes from a 64-byte boundary (n <= 70: every x offset;
// larger n: the least and the most misaligned) and the output at 0 to 60
// bytes, out of place and in place (y == x; dx == dy; dx == x), and requires
//     y[i]  == actfn::<name>(x[i], params)                 (same bits)
//     dx[i] == dy[i] * actfn::<name>_grad(x[i], params)    (same bits; the
//              product in T, as detail/array.hpp's map_array forms it)
// and that nothing outside [0, n) of the output is written and that the
// inputs of an out-of-place call are left as they were.
//
// Inputs come from two pools:
//   near: |x| < 2, inside every kernel's table range: a value in every binade
//         of both signs down to the subnormals, signed zeros, the smallest
//         and largest subnormals, the derivatives' roots with neighbours,
//         random values;
//   far:  |x| >= 2, from the table bounds (2.49 to 6.78) up: a value in every
//         binade of both signs up to the largest finite value, random values
//         in [2, 8] and [2, 40], infinities, NaNs.  Lanes beyond a kernel's
//         table range are collected by the array loops and evaluated apart
//         (the "tail" lanes), flushed when their buffer nearly fills.
// Each call mixes the pools by one of seven patterns (no far input, 1 in 16,
// 1 in 4, 1 in 2, 3 in 4, all, alternating runs of up to 40 near and up to
// 200 far inputs), so batches hold table and tail lanes together, and the
// calls with n = 1000 and 4099 carry hundreds of tail lanes, more than the
// collecting buffer's 2 * 4 * 16.  dy is random, with 0, -0, +-inf, NaNs,
// subnormals and 1 among its values.  The pools are walked in a shuffled
// order with cursors, so every pool entry is used (the program checks it).
//
// NaN results are compared bit for bit as well, but counted apart: a NaN-bit
// mismatch is one where both results are NaN with different bits.  Every
// mismatch, NaN bits included, makes the exit status 1.  The expected
// backward value follows actfn's NaN rule (README, "Special values"): x
// quieted where x is NaN (the element kernel's derivative is x quieted
// there, and it wins over a NaN dy), otherwise dy * grad, which then has at
// most one NaN operand, so its bits do not depend on the operand order the
// compiler picks.
//
// Size: 1.43 million outputs per run; on the 2-core Zen 4 a run took about
// 2 s of CPU at clang++ -O0 on SSE2 (the slowest), under 1 s with TSan or
// ASan, 0.05-0.5 s optimised.
//
// The build passes its compiler and flags as the string ACTFN_MATRIX_CONFIG.

#include <actfn/actfn.hpp>

#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#ifndef ACTFN_MATRIX_CONFIG
#define ACTFN_MATRIX_CONFIG "(ACTFN_MATRIX_CONFIG not defined)"
#endif

namespace {

// ---- bits -----------------------------------------------------------------

template <class T>
std::uint64_t bits_of(T v)
{
    if constexpr (sizeof(T) == 4)
    {
        std::uint32_t u = 0;
        std::memcpy(&u, &v, sizeof u);
        return u;
    }
    else
    {
        std::uint64_t u = 0;
        std::memcpy(&u, &v, sizeof u);
        return u;
    }
}

template <class T>
T with_bits(std::uint64_t b)
{
    T v;
    if constexpr (sizeof(T) == 4)
    {
        const std::uint32_t u = static_cast<std::uint32_t>(b);
        std::memcpy(&v, &u, sizeof v);
    }
    else
        std::memcpy(&v, &b, sizeof v);
    return v;
}

template <class T>
const char* type_name()
{
    return sizeof(T) == 4 ? "float" : "double";
}

// ---- random numbers (splitmix64) -------------------------------------------

struct rng
{
    std::uint64_t state;

    std::uint64_t next()
    {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ull);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
        return z ^ (z >> 31);
    }
    // Uniform in [0, 1).
    double unit() { return static_cast<double>(next() >> 11) * 0x1p-53; }
    // Uniform in [0, k).
    std::size_t below(std::size_t k) { return static_cast<std::size_t>(next() % k); }
    bool coin() { return (next() >> 63) != 0; }
};

template <class V>
void shuffle(std::vector<V>& v, rng& r)
{
    for (std::size_t i = v.size(); i > 1; --i)
    {
        const std::size_t j = r.below(i);
        const V t = v[i - 1];
        v[i - 1] = v[j];
        v[j] = t;
    }
}

// ---- input pools -------------------------------------------------------------

template <class T>
struct pools
{
    std::vector<T> near, far, dy;
};

// v and its k nearest neighbours on each side.
template <class T>
void push_with_neighbours(std::vector<T>& out, T v, int k)
{
    out.push_back(v);
    T up = v, down = v;
    for (int i = 0; i < k; ++i)
    {
        up = std::nextafter(up, std::numeric_limits<T>::infinity());
        down = std::nextafter(down, -std::numeric_limits<T>::infinity());
        out.push_back(up);
        out.push_back(down);
    }
}

template <class T>
pools<T> make_pools()
{
    using L = std::numeric_limits<T>;
    pools<T> p;
    rng r{sizeof(T) == 4 ? 0x5eedf10a7ull : 0x5eedd0ab1eull};
    // Every binade [2^e, 2^(e+1)) at a random point, both signs, from the
    // smallest subnormal up; the subnormal binades also at 2^e.
    for (int e = L::min_exponent - L::digits; e < L::max_exponent; ++e)
    {
        for (int sign = 0; sign < 2; ++sign)
        {
            T mant = static_cast<T>(1.0 + r.unit());
            if (!(mant < T(2)))
                mant = T(1.5); // rounded up to 2: would leave the binade (and overflow at the top one)
            std::vector<T> vs = {std::ldexp(mant, e)};
            if (e < L::min_exponent - 1)
                vs.push_back(std::ldexp(T(1), e));
            for (T v : vs)
                (std::fabs(v) < T(2) ? p.near : p.far).push_back(sign ? -v : v);
        }
    }
    // Random subnormals, the extremes of the subnormal range, zeros.
    const std::uint64_t sub_mask = sizeof(T) == 4 ? 0x7fffffull : 0xfffffffffffffull;
    const std::uint64_t sign_bit = sizeof(T) == 4 ? 0x80000000ull : 0x8000000000000000ull;
    for (int i = 0; i < 8; ++i)
    {
        const std::uint64_t m = (r.next() & sub_mask) | 1u;
        p.near.push_back(with_bits<T>(m));
        p.near.push_back(with_bits<T>(m | sign_bit));
    }
    for (T v : {T(0), T(-0.0), L::denorm_min(), -L::denorm_min(), L::min(), -L::min(),
                with_bits<T>(sub_mask), with_bits<T>(sub_mask | sign_bit), T(1), T(-1)})
        p.near.push_back(v);
    // The derivatives' roots (gelu, gelu_tanh, silu; quick_gelu's is silu's
    // divided by alpha) with 4 neighbours each side.
    for (double root : {-0.7517915, -0.7524614, -1.2784645, -1.2784645 / 1.702, -1.2784645 / 0.8,
                        -1.2784645 / -3.0})
        push_with_neighbours(p.near, static_cast<T>(root), 4);
    for (int i = 0; i < 600; ++i)
        p.near.push_back(static_cast<T>(r.unit() * 4.0 - 2.0));
    for (int i = 0; i < 200; ++i)
        p.near.push_back(static_cast<T>((r.unit() * 2.0 - 1.0) * std::ldexp(1.0, -static_cast<int>(r.below(30)))));

    // Beyond the tables.
    for (int i = 0; i < 200; ++i)
        p.far.push_back(static_cast<T>((2.0 + 6.0 * r.unit()) * (r.coin() ? -1.0 : 1.0)));
    for (int i = 0; i < 400; ++i)
        p.far.push_back(static_cast<T>((2.0 + 38.0 * r.unit()) * (r.coin() ? -1.0 : 1.0)));
    const std::uint64_t quiet = sizeof(T) == 4 ? 0x7fc00000ull : 0x7ff8000000000000ull;
    const std::uint64_t signalling = sizeof(T) == 4 ? 0x7f800001ull : 0x7ff0000000000001ull;
    for (T v : {T(2), T(-2), L::infinity(), -L::infinity(), L::max(), -L::max(), with_bits<T>(quiet),
                with_bits<T>(quiet | sign_bit), with_bits<T>(quiet | 0x1234u), with_bits<T>(signalling)})
        p.far.push_back(v);

    // dy: random magnitudes in [2^-8, 2^9) of both signs, and the specials.
    for (int i = 0; i < 116; ++i)
        p.dy.push_back(static_cast<T>(std::ldexp(1.0 + r.unit(), static_cast<int>(r.below(17)) - 8) *
                                      (r.coin() ? -1.0 : 1.0)));
    for (T v : {T(0), T(-0.0), L::infinity(), -L::infinity(), with_bits<T>(quiet), with_bits<T>(quiet | sign_bit | 0x99u),
                L::denorm_min(), -with_bits<T>(sub_mask), T(1), T(1), T(-1), L::min()})
        p.dy.push_back(v);

    shuffle(p.near, r);
    shuffle(p.far, r);
    shuffle(p.dy, r);
    return p;
}

// ---- the forms ---------------------------------------------------------------

template <class T>
struct form
{
    std::string name;
    void (*forward)(const T*, T*, std::size_t);              // null for a backward form
    void (*backward)(const T*, const T*, T*, std::size_t);   // null for a forward form
    T (*element)(T);                                          // the element kernel or derivative
};

// The forward and backward forms of actfn::NAME at its default parameters ...
#define MATRIX_FORMS(NAME)                                                                          \
    v.push_back({#NAME, [](const T* x, T* y, std::size_t n) { actfn::NAME(x, y, n); }, nullptr,      \
                 [](T x) -> T { return actfn::NAME(x); }});                                         \
    v.push_back({#NAME "_backward", nullptr,                                                        \
                 [](const T* x, const T* dy, T* dx, std::size_t n) { actfn::NAME##_backward(x, dy, dx, n); }, \
                 [](T x) -> T { return actfn::NAME##_grad(x); }})

// ... and with the parameter P (a literal, converted to T).
#define MATRIX_FORMS_WITH(NAME, PNAME, P)                                                           \
    v.push_back({#NAME "(" PNAME "=" #P ")",                                                        \
                 [](const T* x, T* y, std::size_t n) { actfn::NAME(x, y, n, static_cast<T>(P)); }, nullptr, \
                 [](T x) -> T { return actfn::NAME(x, static_cast<T>(P)); }});                     \
    v.push_back({#NAME "_backward(" PNAME "=" #P ")", nullptr,                                      \
                 [](const T* x, const T* dy, T* dx, std::size_t n) {                                \
                     actfn::NAME##_backward(x, dy, dx, n, static_cast<T>(P));                       \
                 },                                                                                 \
                 [](T x) -> T { return actfn::NAME##_grad(x, static_cast<T>(P)); }})

template <class T>
std::vector<form<T>> all_forms()
{
    std::vector<form<T>> v;
    MATRIX_FORMS(gelu);
    MATRIX_FORMS(gelu_tanh);
    MATRIX_FORMS(quick_gelu);
    MATRIX_FORMS_WITH(quick_gelu, "alpha", 0.8);
    MATRIX_FORMS_WITH(quick_gelu, "alpha", -3.0);
    MATRIX_FORMS(silu);
    MATRIX_FORMS(elu);
    MATRIX_FORMS_WITH(elu, "alpha", 0.3);
    MATRIX_FORMS(relu);
    MATRIX_FORMS(leaky_relu);
    MATRIX_FORMS_WITH(leaky_relu, "slope", 0.2);
    return v;
}

#undef MATRIX_FORMS
#undef MATRIX_FORMS_WITH

// ---- the sweep ----------------------------------------------------------------

constexpr std::size_t large_ns[] = {257, 1000, 4099};
constexpr std::size_t max_small_n = 70;
constexpr std::size_t max_n = 4099;
constexpr int patterns = 7;
// More far inputs than the AVX-512 float loop's buffer of tail lanes holds
// (2 blocks of 4 batches of 16).
constexpr std::size_t busy = 2 * 4 * 16;

enum class mode
{
    out_of_place,
    in_place,    // forward: y == x
    dx_is_dy,    // backward
    dx_is_x      // backward
};

const char* mode_name(mode m)
{
    switch (m)
    {
    case mode::out_of_place:
        return "out of place";
    case mode::in_place:
        return "y == x";
    case mode::dx_is_dy:
        return "dx == dy";
    case mode::dx_is_x:
        return "dx == x";
    }
    return "?";
}

// Storage with a 64-byte aligned origin and room for a guard zone of one
// 64-byte line on each side of any window used.
template <class T>
struct buffer
{
    static constexpr std::size_t line = 64 / sizeof(T);
    std::vector<T> store;
    T* origin;

    buffer() : store(max_n + 4 * line)
    {
        const std::uintptr_t a = reinterpret_cast<std::uintptr_t>(store.data() + line);
        origin = reinterpret_cast<T*>((a + 63) & ~std::uintptr_t(63));
    }
};

template <class T>
T sentinel()
{
    // A quiet NaN with a payload no kernel produces.
    return with_bits<T>(sizeof(T) == 4 ? 0x7fd5a5a5ull : 0x7ffa5a5a5a5a5a5aull);
}

struct mismatch
{
    const char* what;
    mode m;
    std::size_t n, i, ox, od, oo;
    int pattern;
    std::uint64_t x, dy, got, want;
};

struct tally
{
    std::size_t cases = 0, calls = 0, wrong = 0, nan_bits = 0, stray = 0, most_far = 0, busy_calls = 0;
    std::vector<mismatch> first;

    void note(const mismatch& m)
    {
        if (first.size() < 4)
            first.push_back(m);
    }
};

// Which pool element i of a call draws from, by pattern.
struct chooser
{
    int pattern;
    rng r;
    std::size_t run_left = 0;
    bool run_far = false;

    bool far()
    {
        switch (pattern)
        {
        case 0:
            return false;
        case 1:
            return r.below(16) == 0;
        case 2:
            return r.below(4) == 0;
        case 3:
            return r.coin();
        case 4:
            return r.below(4) != 0;
        case 5:
            return true;
        default:
            if (run_left == 0)
            {
                run_far = !run_far;
                run_left = 1 + r.below(run_far ? 200 : 40);
            }
            --run_left;
            return run_far;
        }
    }
};

template <class T>
struct sweep
{
    const pools<T>& p;
    // The element kernel's result for every pool entry.
    std::vector<T> near_want, far_want;
    std::vector<std::size_t> near_hits, far_hits, dy_hits;
    std::size_t near_cursor = 0, far_cursor = 0, dy_cursor = 0;
    buffer<T> xb, db, ob;
    // Per element of the current call: the pool index (far ones offset by
    // near.size()) and the dy index.
    std::vector<std::size_t> xi, di;

    explicit sweep(const pools<T>& pl) : p(pl), xi(max_n), di(max_n) {}

    T x_value(std::size_t k) const { return k < p.near.size() ? p.near[k] : p.far[k - p.near.size()]; }
    T want_of(std::size_t k) const
    {
        return k < p.near.size() ? near_want[k] : far_want[k - p.near.size()];
    }

    void run(const form<T>& f, tally& t)
    {
        near_want.clear();
        far_want.clear();
        for (T v : p.near)
            near_want.push_back(f.element(v));
        for (T v : p.far)
            far_want.push_back(f.element(v));
        near_hits.assign(p.near.size(), 0);
        far_hits.assign(p.far.size(), 0);
        dy_hits.assign(p.dy.size(), 0);
        near_cursor = far_cursor = dy_cursor = 0;

        const bool backward = f.backward != nullptr;
        constexpr std::size_t offsets = 16 / sizeof(T) + 1; // x and dy: 0, 4, ..., 16 bytes
        constexpr std::size_t line = buffer<T>::line;      // out: 0 .. 60 bytes
        std::vector<std::size_t> ns;
        for (std::size_t n = 0; n <= max_small_n; ++n)
            ns.push_back(n);
        for (std::size_t n : large_ns)
            ns.push_back(n);
        // Small n: out of place at every x offset (dy and the output at
        // offsets that rotate with n), then each in-place use once.  Large n:
        // out of place at the least and the most misaligned x, then each
        // in-place use; their patterns come from their own rotation, which
        // starts with the ones that gather the most tail lanes (half far,
        // runs, all far), so that n = 257, 1000 and 4099 all see those.
        constexpr int large_patterns[patterns] = {3, 6, 5, 1, 2, 4, 0};
        std::size_t small_calls = 0, large_calls = 0;
        for (std::size_t n : ns)
        {
            const bool large = n > max_small_n;
            auto pattern = [&]() {
                return large ? large_patterns[large_calls++ % patterns] : static_cast<int>(small_calls++ % patterns);
            };
            const std::size_t oop_calls = large ? 2 : offsets;
            for (std::size_t v = 0; v < oop_calls; ++v)
            {
                const std::size_t ox = large ? v * (offsets - 1) : v;
                const std::size_t od = (ox + n + 1) % offsets, oo = (ox * 5 + n * 3 + 1) % line;
                call(f, t, n, mode::out_of_place, ox, od, oo, pattern());
            }
            const std::size_t s1 = (n * 3 + 1) % line, s2 = (n * 5 + 2) % line;
            if (!backward)
                call(f, t, n, mode::in_place, s1, 0, s1, pattern());
            else
            {
                call(f, t, n, mode::dx_is_dy, n % offsets, s1, s1, pattern());
                call(f, t, n, mode::dx_is_x, s2, (n + 2) % offsets, s2, pattern());
            }
        }
    }

    void call(const form<T>& f, tally& t, std::size_t n, mode m, std::size_t ox, std::size_t od, std::size_t oo,
              int pattern)
    {
        const bool backward = f.backward != nullptr;
        constexpr std::size_t g = buffer<T>::line;
        T* const x = xb.origin + ox;
        T* const dy = db.origin + od;
        T* out = ob.origin + oo;
        if (m == mode::in_place || m == mode::dx_is_x)
            out = x;
        else if (m == mode::dx_is_dy)
            out = dy;

        chooser c{pattern, rng{0x1000u * n + 16u * static_cast<unsigned>(pattern) + ox + 7u * oo}};
        std::size_t far_count = 0;
        for (std::size_t i = 0; i < n; ++i)
        {
            if (c.far())
            {
                ++far_hits[far_cursor];
                xi[i] = p.near.size() + far_cursor;
                far_cursor = (far_cursor + 1) % p.far.size();
                ++far_count;
            }
            else
            {
                ++near_hits[near_cursor];
                xi[i] = near_cursor;
                near_cursor = (near_cursor + 1) % p.near.size();
            }
            if (backward)
            {
                ++dy_hits[dy_cursor];
                di[i] = dy_cursor;
                dy_cursor = (dy_cursor + 1) % p.dy.size();
            }
        }
        if (far_count > t.most_far)
            t.most_far = far_count;
        t.busy_calls += far_count > busy;

        // Guard zones around every window, then the inputs.
        for (T* w : {x, dy, out})
            for (T* q = w - g; q < w + n + g; ++q)
                *q = sentinel<T>();
        for (std::size_t i = 0; i < n; ++i)
        {
            x[i] = x_value(xi[i]);
            if (backward)
                dy[i] = p.dy[di[i]];
        }

        if (backward)
            f.backward(x, dy, out, n);
        else
            f.forward(x, out, n);
        ++t.calls;

        auto report = [&](const char* what, std::size_t i, T got, T want) {
            t.note({what, m, n, i, ox, od, oo, pattern, i < n ? bits_of(x_value(xi[i])) : 0,
                    backward && i < n ? bits_of(p.dy[di[i]]) : 0, bits_of(got), bits_of(want)});
        };
        for (std::size_t i = 0; i < n; ++i)
        {
            const T got = out[i];
            T want = want_of(xi[i]);
            if (backward && !std::isnan(x_value(xi[i])))
            {
                want = p.dy[di[i]] * want;
                // (+-inf) * 0: x86's default NaN on every target (README).
                if (std::isnan(want) && !std::isnan(p.dy[di[i]]))
                    want = with_bits<T>(sizeof(T) == 4 ? 0xffc00000ull : 0xfff8000000000000ull);
            }
            ++t.cases;
            if (bits_of(got) == bits_of(want))
                continue;
            if (std::isnan(got) && std::isnan(want))
                ++t.nan_bits;
            else
                ++t.wrong;
            report("result", i, got, want);
        }
        // Nothing outside [0, n) written; the inputs of an out-of-place call
        // (and the input that is not the output) unchanged.
        for (T* w : {x, dy, out})
            for (std::size_t k = 0; k < g; ++k)
                for (T* q : {w - 1 - k, w + n + k})
                    if (bits_of(*q) != bits_of(sentinel<T>()))
                    {
                        ++t.stray;
                        report("write outside [0, n)", q < w ? 0 : n, *q, sentinel<T>());
                    }
        for (std::size_t i = 0; i < n; ++i)
        {
            if (x != out && bits_of(x[i]) != bits_of(x_value(xi[i])))
            {
                ++t.stray;
                report("x modified", i, x[i], x_value(xi[i]));
            }
            if (backward && dy != out && bits_of(dy[i]) != bits_of(p.dy[di[i]]))
            {
                ++t.stray;
                report("dy modified", i, dy[i], p.dy[di[i]]);
            }
        }
    }

    // The least number of times any pool entry (x; dy for a backward form)
    // was used by the last form run.
    std::size_t least_hits(bool backward) const
    {
        std::size_t least = ~std::size_t(0);
        for (const auto* h : {&near_hits, &far_hits, &dy_hits})
            if (h != &dy_hits || backward)
                for (std::size_t c : *h)
                    least = c < least ? c : least;
        return least;
    }
};

template <class T>
std::string hex_bits(std::uint64_t b)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, sizeof(T) == 4 ? "0x%08llx" : "0x%016llx", static_cast<unsigned long long>(b));
    return buf;
}

struct totals
{
    int failing = 0; // forms (and pool coverage failures)
    std::size_t cases = 0, wrong = 0, nan_bits = 0, stray = 0;
};

// Runs every form for T, adding to `all`.
template <class T>
void check_type(totals& all)
{
    const pools<T> p = make_pools<T>();
    std::printf("%s: pools of %zu near (|x| < 2), %zu far (|x| >= 2, inf, NaN) inputs and %zu dy values\n",
                type_name<T>(), p.near.size(), p.far.size(), p.dy.size());
    sweep<T> s(p);
    std::size_t least = ~std::size_t(0), most_far = 0, busy_calls = ~std::size_t(0);
    for (const form<T>& f : all_forms<T>())
    {
        tally t;
        s.run(f, t);
        const std::size_t l = s.least_hits(f.backward != nullptr);
        least = l < least ? l : least;
        most_far = t.most_far > most_far ? t.most_far : most_far;
        busy_calls = t.busy_calls < busy_calls ? t.busy_calls : busy_calls;
        const bool ok = t.wrong == 0 && t.nan_bits == 0 && t.stray == 0;
        all.failing += !ok;
        all.cases += t.cases;
        all.wrong += t.wrong;
        all.nan_bits += t.nan_bits;
        all.stray += t.stray;
        std::printf("%-6s %-32s cases %7zu  calls %5zu  mismatches %6zu  NaN-bit mismatches %6zu  stray writes %4zu  %s\n",
                    type_name<T>(), f.name.c_str(), t.cases, t.calls, t.wrong, t.nan_bits, t.stray,
                    ok ? "ok" : "FAIL");
        for (const mismatch& m : t.first)
            std::printf("    %s: n %zu, %s, offsets x %zu dy %zu out %zu, pattern %d, element %zu: x %s%s%s, got %s, want %s\n",
                        m.what, m.n, mode_name(m.m), m.ox, m.od, m.oo, m.pattern, m.i, hex_bits<T>(m.x).c_str(),
                        f.backward ? ", dy " : "", f.backward ? hex_bits<T>(m.dy).c_str() : "",
                        hex_bits<T>(m.got).c_str(), hex_bits<T>(m.want).c_str());
    }
    std::printf("%s: every pool entry used at least %zu times per form; each form made at least %zu calls with more "
                "than %zu far inputs, at most %zu in one call\n",
                type_name<T>(), least, busy_calls, busy, most_far);
    if (least == 0 || busy_calls == 0)
    {
        std::printf("%s: FAIL: the sweep left a pool entry unused or made no call with many far inputs\n",
                    type_name<T>());
        ++all.failing;
    }
}

} // namespace

// The 16-bit, gated and bias forms: written against this file's bits_of,
// with_bits, type_name and rng, so included after them.
#include "half_gated_bias.hpp"

int main()
{
    const auto start = std::chrono::steady_clock::now();
    std::printf("actfn array forms vs element kernels, bit for bit\n");
    std::printf("config:   %s\n", ACTFN_MATRIX_CONFIG);
#if defined(__clang__)
    std::printf("compiler: clang %s\n", __clang_version__);
#elif defined(__GNUC__)
    std::printf("compiler: GCC %s\n", __VERSION__);
#endif
    std::printf("target:   xsimd %d.%d.%d default_arch %s, batch<float> %zu lanes, batch<double> %zu lanes, ACTFN_SIMD %d\n",
                XSIMD_VERSION_MAJOR, XSIMD_VERSION_MINOR, XSIMD_VERSION_PATCH, xsimd::default_arch::name(),
                static_cast<std::size_t>(xsimd::batch<float>::size),
                static_cast<std::size_t>(xsimd::batch<double>::size), ACTFN_SIMD);
    std::printf("macros:  ");
#ifdef __SSE2__
    std::printf(" __SSE2__");
#endif
#ifdef __AVX2__
    std::printf(" __AVX2__");
#endif
#ifdef __FMA__
    std::printf(" __FMA__");
#endif
#ifdef __AVX512F__
    std::printf(" __AVX512F__");
#endif
#ifdef __OPTIMIZE__
    std::printf(" __OPTIMIZE__");
#endif
#ifdef __NO_INLINE__
    std::printf(" __NO_INLINE__");
#endif
#ifdef NDEBUG
    std::printf(" NDEBUG");
#endif
#ifdef ACTFN_DISABLE_SIMD
    std::printf(" ACTFN_DISABLE_SIMD");
#endif
    std::printf("\n");

    totals all;
    check_type<float>(all);
    check_type<double>(all);
    const matrix_extra::outcome extra = matrix_extra::check_half_gated_bias();
    all.failing += extra.failing;
    all.cases += extra.cases;
    all.wrong += extra.wrong;
    all.stray += extra.stray;
    // Read by run_matrix.sh, which requires the same value from every build of
    // a group: the kernels give the same bits on every FMA target and the same
    // bits on every target without FMA (README, Accuracy), not across the two.
    std::printf("hash of the 16-bit, gated and bias results (%s): %016llx\n",
                ACTFN_HAS_FMA ? "FMA builds" : "builds without FMA", static_cast<unsigned long long>(extra.hash));
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    // The last line, read by run_matrix.sh.
    std::printf("%s: %d failing form(s); %zu cases, %zu mismatches, %zu NaN-bit mismatches, %zu stray writes; %.2f s\n",
                all.failing ? "FAIL" : "PASS", all.failing, all.cases, all.wrong, all.nan_bits, all.stray, seconds);
    return all.failing ? 1 : 0;
}
