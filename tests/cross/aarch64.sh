#!/usr/bin/env bash
# AArch64 (NEON) through a cross compiler and qemu-user: what the x86 test
# suite checks about targets, for the one ARM target.
#   1. the build-matrix program (tests/build_matrix/array_vs_element.cpp):
#      array forms = element kernels bit for bit, NaN bits included, and the
#      16-bit, gated and bias forms (half_gated_bias.hpp; its hash is printed:
#      the x86 FMA builds of run_matrix.sh print the same);
#   2. the dispatched library built for AArch64 (its one target, "neon") runs
#      and matches the header-only forms (tests/dispatch/test_dispatch.cpp);
#   3. the hash of every form's outputs (tests/dispatch/forms_hash.hpp) equals
#      the x86 AVX2+FMA build's (the FMA targets give the same bits everywhere).
# Needs g++-aarch64-linux-gnu and qemu-user (Debian); xsimd's headers are
# architecture-independent and are copied beside the build so that the
# cross compiler does not read the host's /usr/include.
# Usage: tests/cross/aarch64.sh [build dir] (default build/aarch64)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
out=${1:-build/aarch64}
mkdir -p "$out/xsimd-include"
# The directory holding xsimd/ (XSIMD_INCLUDE_DIR, or where the host's g++ finds it).
xsimd_dir=${XSIMD_INCLUDE_DIR:-}
if [[ -z $xsimd_dir ]]; then
  headers=$(echo '#include <xsimd/xsimd.hpp>' | g++ -std=c++17 -x c++ -E -H -o /dev/null - 2>&1 || true)
  xsimd_dir=$(sed -nE 's#^\.+ (.*)/xsimd/xsimd\.hpp$#\1#p' <<<"$headers" | head -n 1)
fi
[[ -f $xsimd_dir/xsimd/xsimd.hpp ]] || { echo "xsimd not found (set XSIMD_INCLUDE_DIR)" >&2; exit 1; }
cp -r "$xsimd_dir/xsimd" "$out/xsimd-include/"
cxx=aarch64-linux-gnu-g++
run=(qemu-aarch64 -L /usr/aarch64-linux-gnu)
flags=(-std=c++17 -O2 -Wall -Wextra -Wpedantic -Werror -Iinclude -isystem "$out/xsimd-include")

# Five compilations, two at a time (each takes 10-30 s).
echo "==> compiling for AArch64"
$cxx "${flags[@]}" tests/build_matrix/array_vs_element.cpp -o "$out/array_vs_element" &
$cxx "${flags[@]}" -DACTFN_DISPATCH_TABLE=table_neon -c src/dispatch/target.cpp -o "$out/target_neon.o" &
wait
$cxx "${flags[@]}" -DACTFN_TEST_REFERENCE=reference_neon -Itests/dispatch -c tests/dispatch/reference.cpp \
     -o "$out/reference_neon.o" &
$cxx "${flags[@]}" -c src/dispatch/dispatch.cpp -o "$out/dispatch.o" &
wait
$cxx "${flags[@]}" -std=c++20 -DACTFN_TEST_HAS_NEON=1 -Itests/dispatch tests/dispatch/test_dispatch.cpp \
     "$out/target_neon.o" "$out/dispatch.o" "$out/reference_neon.o" -o "$out/test_dispatch"

echo "==> build matrix program, AArch64 -O2"
"${run[@]}" "$out/array_vs_element" | grep -E '^(hash of|PASS|FAIL)'

echo "==> the dispatched library for AArch64 (target neon)"
log=$(ACTFN_TEST_EXPECT_TARGET=neon "${run[@]}" "$out/test_dispatch")
echo "$log"

echo "==> every form's bits: AArch64 against x86 AVX2+FMA"
cat > "$out/hash.cpp" <<'CPP'
#include "forms_hash.hpp"
#include <actfn/actfn.hpp>
#include <cstdio>
namespace { ACTFN_TEST_API(header_only, ::actfn) }
int main() { std::printf("%016llx\n", static_cast<unsigned long long>(actfn_dispatch_test::hash_all<header_only>())); }
CPP
g++ -std=c++17 -O2 -mavx2 -mfma -Iinclude -Itests/dispatch "$out/hash.cpp" -o "$out/hash_x86"
x86=$("$out/hash_x86")
arm=$(sed -nE 's/.*header-only for neon ([0-9a-f]+).*/\1/p' <<<"$log")
echo "AArch64 $arm, x86 AVX2+FMA $x86"
[[ -n $arm && $arm == "$x86" ]] || { echo "FAIL: AArch64 and x86 FMA outputs differ" >&2; exit 1; }
echo "==> AArch64: ok"
