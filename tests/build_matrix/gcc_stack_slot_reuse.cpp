// A GCC 12 wrong-code defect, reduced from actfn's array loops; nothing here
// uses actfn and the program has no undefined behaviour.
//
//   g++ -O2 -fno-inline gcc_stack_slot_reuse.cpp && ./a.out   # 24 of 32 wrong (GCC 12.2)
//   g++ -O1 -fno-inline ...                                    # 24 of 32 wrong
//   g++ -O2 ..., g++ -O2 -fno-inline -fstack-reuse=none ...,
//   g++ -O2 -fno-inline -fno-ivopts ..., clang++ (any level)   # 0 wrong
//
// What happens (-fdump-tree-optimized, -fdump-rtl-expand): the four copies of
// rows() made by unrolling run()'s inner loop share one local array `r`.
// The loop optimisers address `r` through an induction variable whose start,
// (unsigned long) &r, is computed in the first copy; the later copies reuse
// that value instead of naming `r` again, after the first copy's
// end-of-scope clobber of `r`.  Stack-slot sharing (cfgexpand's
// add_scope_conflicts) treats a variable as live from a mention of its name
// to its clobber, so it sees `r` dead in copies 2-4 and gives it the slot of
// `out4`, whose first three elements are live there: rows() of copies 2-4
// overwrite them.  actfn's fetch_row had this shape (a local array of rows,
// filled and transposed in loops, inside the unrolled loop over a block's
// four batches); actfn now indexes local arrays only with compile-time
// constants in per-batch code (include/actfn/detail/unrolled.hpp).
#include <xmmintrin.h>

#include <cstdio>

struct Row
{
    __m128 v[8];
};

static inline __attribute__((always_inline)) Row rows(const float* table, const unsigned* off)
{
    __m128 r[2][4];
    for (int j = 0; j < 4; ++j)
    {
        const float* p = table + off[j];
        for (int g = 0; g < 2; ++g)
            r[g][j] = _mm_loadu_ps(p + 4 * g);
    }
    Row row;
    for (int g = 0; g < 2; ++g)
    {
        const __m128 t0 = _mm_unpacklo_ps(r[g][0], r[g][1]), t1 = _mm_unpackhi_ps(r[g][0], r[g][1]);
        const __m128 t2 = _mm_unpacklo_ps(r[g][2], r[g][3]), t3 = _mm_unpackhi_ps(r[g][2], r[g][3]);
        auto assign = [&](int k, __m128 v) { row.v[k] = v; };
        assign(4 * g + 0, _mm_movelh_ps(t0, t2));
        assign(4 * g + 1, _mm_movehl_ps(t2, t0));
        assign(4 * g + 2, _mm_movelh_ps(t1, t3));
        assign(4 * g + 3, _mm_movehl_ps(t3, t1));
    }
    return row;
}

static inline __attribute__((always_inline)) __m128 sum(const Row& row)
{
    __m128 s = row.v[7];
    for (int k = 6; k >= 0; --k)
        s = _mm_add_ps(s, row.v[k]);
    return s;
}

// out[16 i + 4 j + k] = the sum of the 8 floats at table + off[16 i + 4 j + k].
__attribute__((noinline)) void run(const float* table, const unsigned* off, float* out, int blocks)
{
    for (int i = 0; i < blocks; ++i)
    {
        __m128 out4[4];
#pragma GCC unroll 4
        for (int j = 0; j < 4; ++j)
            out4[j] = sum(rows(table, off + 16 * i + 4 * j));
        for (int j = 0; j < 4; ++j)
            _mm_storeu_ps(out + 16 * i + 4 * j, out4[j]);
    }
}

int main()
{
    float table[64];
    for (int i = 0; i < 64; ++i)
        table[i] = float(i);
    unsigned off[32];
    for (int i = 0; i < 32; ++i)
        off[i] = 8 * static_cast<unsigned>((i * 5) % 7);
    float out[32];
    run(table, off, out, 2);
    int wrong = 0;
    for (int b = 0; b < 32; ++b)
    {
        float expect = 0;
        for (int k = 0; k < 8; ++k)
            expect += table[off[b] + k];
        wrong += out[b] != expect;
    }
    std::printf("%d of 32 wrong\n", wrong);
    return wrong != 0;
}
