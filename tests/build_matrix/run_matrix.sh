#!/usr/bin/env bash
# The build matrix of actfn's array forms: builds tests/build_matrix/array_vs_element.cpp
# once per configuration (compiler x optimisation level x inlining x x86 target,
# and the sanitizer builds), runs each binary and reports PASS / FAIL / SKIP per
# configuration with its compile and run times.  See tests/README.md.
#
#   tests/build_matrix/run_matrix.sh [--ci | --full | --quick] [-j N] [--cxx "g++ clang++"]
#                                    [--flags "EXTRA FLAGS"] [--out DIR] [--list]
#                                    [--skip-unrunnable]
#
# Sets (configurations for the default two compilers):
#   --full   {g++, clang++} x {-O0 -O1 -O2 -O3 -Os -Og} x {inlining on, -fno-inline}
#            x {SSE2, AVX2+FMA, AVX-512}                                   72 builds
#            + {g++, clang++} x {-O1 TSan, -O1 ASan} x the 3 targets        12 builds
#   --ci     (default) the CI subset, 8 builds per compiler (16): each compiler at
#            every level, with and without -fno-inline, on every target, with
#            TSan and with ASan; see ci_set below
#   --quick  4 builds for a quick local check, see quick_set below
# Options:
#   -j N        builds (and runs) at a time, default 2
#   --cxx LIST  compilers to use (space or comma separated), default "g++ clang++";
#               in the --ci and --quick sets a compiler whose name contains
#               "clang" gets clang++'s picks, any other g++'s
#   --flags F   extra flags appended to every build (also ACTFN_MATRIX_FLAGS),
#               e.g. --flags -DACTFN_DISABLE_SIMD
#   --out DIR   where binaries and logs go, default build/matrix under the repo
#   --list      print the configurations and exit
#   --skip-unrunnable  do not even build the configurations of a target this
#               CPU lacks (SKIP, "not built"); .ci/run passes it on a CPU
#               without AVX-512, where those 5 builds took ~100 s of the CI
#               step's wall time and ran nothing (tests/targets and the
#               dispatched library compile the AVX-512 code with -Werror)
# Every build: -std=c++17 -I<repo>/include -Wall -Wextra -Wpedantic -Werror, xsimd
# from the compiler's default include path.  A target the CPU cannot run is built
# (warnings still fail) but not run, and reported as SKIP.  ASan binaries run with
# ASAN_OPTIONS=detect_stack_use_after_return=1.
# Exit status: 0 when nothing failed, 1 when a build or a run failed, 2 on bad usage.
set -uo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
# The program: array_vs_element.cpp, with half_gated_bias.hpp (the 16-bit,
# gated and bias forms) included.
src="$here/array_vs_element.cpp"

set_name=ci
jobs=2
cxx_list="g++ clang++"
extra_flags=${ACTFN_MATRIX_FLAGS:-}
out_dir="$repo/build/matrix"
list_only=0
skip_unrunnable=0

usage() {
  sed -n '2,36p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
}

while (($#)); do
  case $1 in
    --ci) set_name=ci ;;
    --full) set_name=full ;;
    --quick) set_name=quick ;;
    -j) jobs=${2:?-j needs a number}; shift ;;
    -j*) jobs=${1#-j} ;;
    --cxx) cxx_list=${2:?--cxx needs a list}; shift ;;
    --cxx=*) cxx_list=${1#--cxx=} ;;
    --flags) extra_flags=${2?--flags needs a value}; shift ;;
    --flags=*) extra_flags=${1#--flags=} ;;
    --out) out_dir=${2:?--out needs a directory}; shift ;;
    --out=*) out_dir=${1#--out=} ;;
    --list) list_only=1 ;;
    --skip-unrunnable) skip_unrunnable=1 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "run_matrix.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done
if ! [[ $jobs =~ ^[1-9][0-9]*$ ]]; then
  echo "run_matrix.sh: -j needs a positive number, got '$jobs'" >&2
  exit 2
fi
read -r -a compilers <<<"${cxx_list//,/ }"
if ((${#compilers[@]} == 0)); then
  echo "run_matrix.sh: --cxx names no compiler" >&2
  exit 2
fi

# ---- the axes ------------------------------------------------------------------
levels=(-O0 -O1 -O2 -O3 -Os -Og)
declare -A target_flags=(
  [sse2]="-msse2"
  [avx2]="-mavx2 -mfma"
  [avx512]="-mavx512f -mavx512cd -mavx512dq -mavx512bw -mavx512vl -mfma"
)
# /proc/cpuinfo flags a target needs to run.
declare -A target_cpu=(
  [sse2]="sse2"
  [avx2]="avx2 fma"
  [avx512]="avx512f avx512cd avx512dq avx512bw avx512vl fma"
)
targets=(sse2 avx2 avx512)
declare -A variant_flags=(
  [inline]=""
  [noinline]="-fno-inline"
  [tsan]="-fsanitize=thread"
  [asan]="-fsanitize=address -fno-omit-frame-pointer"
)

# A configuration is "compiler level variant target"; sanitizer builds use -O1.
configs=()
add() { configs+=("$1 $2 $3 $4"); }

# Builds start in list order, -j at a time: the sets list the slowest builds
# first (GCC's ASan builds, then the other sanitizer builds), so that no long
# build starts last.
full_set() {
  local c l v t
  for c in "${compilers[@]}"; do
    for t in "${targets[@]}"; do add "$c" -O1 asan "$t"; done
  done
  for c in "${compilers[@]}"; do
    for t in "${targets[@]}"; do add "$c" -O1 tsan "$t"; done
  done
  for c in "${compilers[@]}"; do
    for t in "${targets[@]}"; do
      for l in "${levels[@]}"; do
        for v in inline noinline; do add "$c" "$l" "$v" "$t"; done
      done
    done
  done
}

# Which of the two compiler slots a compiler takes in the hand-picked sets.
is_clang() { [[ $1 == *clang* ]]; }

# The CI subset: 8 builds per compiler, 16 with g++ and clang++.  Each
# compiler is built at every level (-O0 -O1 -O2 -O3 -Os -Og), with and
# without -fno-inline, for every target (SSE2, AVX2+FMA, AVX-512), and with
# TSan and ASan: 6 levels + 2 sanitizers is the least number of builds that
# gives one compiler every value of every axis, and the targets and the
# inlining state rotate over them.  For GCC the -fno-inline builds are the
# three levels at which GCC 12 shared a stack slot between live values of the
# array loops (-O1, -O2, -Os; -O3 and -Og did not), on SSE2 and AVX2+FMA (the
# targets that showed it; AVX-512 did not), and TSan runs on SSE2, where it
# showed it too.  GCC's ASan build, the most expensive by far (76, 83 and 90
# CPU seconds for SSE2, AVX2+FMA and AVX-512 here; most other builds take
# 5-30), is the SSE2 one.  Left out against --full: 68 of its 84 builds.
# The picks are per compiler slot (g++-like, clang++-like), so any --cxx list
# gets them.
ci_set() {
  local c
  for c in "${compilers[@]}"; do
    if is_clang "$c"; then
      add "$c" -O1 asan avx2
    else
      add "$c" -O1 asan sse2
    fi
  done
  for c in "${compilers[@]}"; do
    if is_clang "$c"; then
      add "$c" -O1 tsan avx512
      add "$c" -O2 inline avx512
      add "$c" -Os inline sse2
      add "$c" -O3 noinline avx2
      add "$c" -O1 noinline sse2
      add "$c" -Og noinline avx512
      add "$c" -O0 inline avx2
    else
      add "$c" -O1 tsan sse2
      add "$c" -O1 noinline sse2
      add "$c" -O2 noinline avx2
      add "$c" -Os noinline avx2
      add "$c" -O3 inline avx512
      add "$c" -Og inline sse2
      add "$c" -O0 inline avx512
    fi
  done
}

# A quick local check (4 builds with g++ and clang++): GCC's -O2 -fno-inline on
# SSE2 and -O1 TSan on AVX2+FMA (both failed on GCC 12 before the stack-slot
# fix), clang++ -O2 on AVX-512 and -O0 on SSE2.
quick_set() {
  local c
  for c in "${compilers[@]}"; do
    if is_clang "$c"; then
      add "$c" -O2 inline avx512
      add "$c" -O0 inline sse2
    else
      add "$c" -O1 tsan avx2
      add "$c" -O2 noinline sse2
    fi
  done
}

"${set_name}_set"

config_label() {
  local c=$1 l=$2 v=$3 t=$4
  local f="$l"
  [[ -n ${variant_flags[$v]} ]] && f+=" ${variant_flags[$v]}"
  printf '%s %s %s' "$c" "$f" "${target_flags[$t]}"
}

if ((list_only)); then
  for cfg in "${configs[@]}"; do
    # shellcheck disable=SC2086
    config_label $cfg
    echo
  done
  echo "${#configs[@]} configurations ($set_name)"
  exit 0
fi

mkdir -p "$out_dir" || exit 1
cpu_flags=" $(grep -m1 '^flags' /proc/cpuinfo 2>/dev/null | cut -d: -f2) "

# run_one INDEX COMPILER LEVEL VARIANT TARGET: builds and runs one
# configuration; writes $out_dir/<name>.result as
#   STATUS BUILD_WALL BUILD_CPU RUN_WALL NOTE...
# (seconds; CPU = user + system of the compiler, which the other jobs on a
# shared machine do not inflate as they do the wall time) and keeps the
# compiler and program output beside it (.build.log, .run.log).
run_one() {
  local idx=$1 c=$2 l=$3 v=$4 t=$5
  local name
  name=$(printf '%03d-%s%s-%s-%s' "$idx" "${c//[^A-Za-z0-9]/_}" "$l" "$v" "$t")
  local bin="$out_dir/$name" label
  label=$(config_label "$c" "$l" "$v" "$t")
  local -a flags=(-std=c++17 "-I$repo/include" -Wall -Wextra -Wpedantic -Werror "$l")
  # shellcheck disable=SC2206
  flags+=(${variant_flags[$v]} ${target_flags[$t]} $extra_flags)
  flags+=("-DACTFN_MATRIX_CONFIG=\"$label${extra_flags:+ $extra_flags}\"")
  local status note build_s build_cpu run_s=0.0 rc=0 brc=0
  local TIMEFORMAT='%R %U %S'
  # The instruction sets the target needs and this CPU lacks.
  local missing="" f
  for f in ${target_cpu[$t]}; do
    [[ $cpu_flags == *" $f "* ]] || missing+=" $f"
  done
  if ((skip_unrunnable)) && [[ -n $missing ]]; then
    printf 'SKIP 0.0 0.0 0.0 not built; this CPU lacks%s\n' "$missing" >"$out_dir/$name.result"
    printf '%-4s build %6ss (CPU %6ss) run %5ss  %-72s %s\n' SKIP 0.0 0.0 0.0 "$label" "not built; this CPU lacks$missing"
    return 0
  fi
  { time "$c" "${flags[@]}" "$src" -o "$bin" >"$bin.build.log" 2>&1; } 2>"$bin.build.time" || brc=$?
  read -r build_s build_cpu < <(awk '{ printf "%.1f %.1f", $1, $2 + $3 }' "$bin.build.time")
  if ((brc == 0)); then
    if [[ -n $missing ]]; then
      status=SKIP
      note="built; this CPU lacks$missing"
    else
      local t1=$EPOCHREALTIME
      ASAN_OPTIONS=detect_stack_use_after_return=1${ASAN_OPTIONS:+:$ASAN_OPTIONS} \
        timeout 600 "$bin" >"$bin.run.log" 2>&1 || rc=$?
      run_s=$(elapsed "$t1")
      note=$(grep -E '^(PASS|FAIL): ' "$bin.run.log" | tail -n 1)
      if ((rc == 0)) && [[ $note == PASS:* ]]; then
        status=PASS
      else
        status=FAIL
        [[ -n $note ]] || note="no summary line"
        ((rc == 1)) || note="exit $rc; $note"
        grep -qE '^(WARNING: ThreadSanitizer|==[0-9]+==ERROR: AddressSanitizer)' "$bin.run.log" &&
          note="sanitizer report; $note"
      fi
    fi
  else
    status=FAIL
    note="build failed: $(grep -m1 -E 'error|warning' "$bin.build.log" | cut -c1-200)"
  fi
  printf '%s %s %s %s %s\n' "$status" "$build_s" "$build_cpu" "$run_s" "$note" >"$out_dir/$name.result"
  printf '%-4s build %6ss (CPU %6ss) run %5ss  %-72s %s\n' "$status" "$build_s" "$build_cpu" "$run_s" "$label" \
    "${note#PASS: }"
}

# Seconds since the $EPOCHREALTIME value $1, to 0.1 s.
elapsed() {
  local now=$EPOCHREALTIME
  local a=${1/[.,]/} b=${now/[.,]/}
  local d=$(((b - a) / 100000))
  printf '%d.%d' $((d / 10)) $((d % 10))
}

echo "==> actfn build matrix ($set_name): ${#configs[@]} configurations, $jobs at a time; logs in $out_dir"
echo "==> compilers: $(for c in "${compilers[@]}"; do printf '%s [%s]; ' "$c" "$("$c" --version 2>/dev/null | head -n1)"; done)"
[[ -n $extra_flags ]] && echo "==> extra flags: $extra_flags"
rm -f "$out_dir"/*.result "$out_dir"/*.run.log
start=$EPOCHREALTIME
idx=0
running=0
for cfg in "${configs[@]}"; do
  idx=$((idx + 1))
  if ((running >= jobs)); then
    wait -n
    running=$((running - 1))
  fi
  # shellcheck disable=SC2086
  run_one "$idx" $cfg &
  running=$((running + 1))
done
wait

# ---- summary ---------------------------------------------------------------------
pass=0 fail=0 skip=0 build_total=0 cpu_total=0 run_total=0
failed=()
idx=0
for cfg in "${configs[@]}"; do
  idx=$((idx + 1))
  # shellcheck disable=SC2086
  set -- $cfg
  name=$(printf '%03d-%s%s-%s-%s' "$idx" "${1//[^A-Za-z0-9]/_}" "$2" "$3" "$4")
  # shellcheck disable=SC2086
  label=$(config_label $cfg)
  if [[ ! -f $out_dir/$name.result ]]; then
    fail=$((fail + 1)); failed+=("$label: no result")
    continue
  fi
  read -r status cs cc rs note <"$out_dir/$name.result"
  build_total=$(awk -v a="$build_total" -v b="$cs" 'BEGIN { printf "%.1f", a + b }')
  cpu_total=$(awk -v a="$cpu_total" -v b="$cc" 'BEGIN { printf "%.1f", a + b }')
  run_total=$(awk -v a="$run_total" -v b="$rs" 'BEGIN { printf "%.1f", a + b }')
  case $status in
    PASS) pass=$((pass + 1)) ;;
    SKIP) skip=$((skip + 1)) ;;
    *) fail=$((fail + 1)); failed+=("$label: $note") ;;
  esac
done
# Every build that ran must print the same hash of the 16-bit, gated and bias
# results as the other builds of its group (with FMA, without FMA): the forms
# promise the same bits on every target of a group.
hashes=$(cat "$out_dir"/*.run.log 2>/dev/null | sed -n 's/^hash of the 16-bit, gated and bias results (\(.*\)): /\1 /p' | sort | uniq -c)
if [[ -n $hashes ]]; then
  while read -r group; do
    values=$(grep -c " $group " <<<"$hashes" || true)
    if ((values > 1)); then
      fail=$((fail + 1))
      failed+=("$group: the builds' hashes of the 16-bit, gated and bias results differ")
      grep -H "^hash of the 16-bit" "$out_dir"/*.run.log | sed 's/^/    /'
    else
      echo "==> $group that ran: one hash of the 16-bit, gated and bias results, $(grep " $group " <<<"$hashes" | awk '{ print $NF }')"
    fi
  done < <(awk '{ $1 = ""; $NF = ""; sub(/^ /, ""); sub(/ $/, ""); print }' <<<"$hashes" | sort -u)
fi
echo
echo "==> summary ($set_name): ${#configs[@]} configurations: $pass PASS, $fail FAIL, $skip SKIP;" \
     "wall $(elapsed "$start") s with -j $jobs; summed: builds ${build_total} s (CPU ${cpu_total} s), runs ${run_total} s"
if ((fail)); then
  echo "==> FAILED:"
  printf '    %s\n' "${failed[@]}"
  # The first mismatches of three failing configurations, for the CI log:
  # first those with more than NaN-bit mismatches (a build that failed, a
  # sanitizer report, wrong non-NaN results), then the others.
  shown=0
  picks=()
  for pass in 1 2; do
    for r in "$out_dir"/*.result; do
      read -r status _ _ _ note <"$r"
      [[ $status == FAIL ]] || continue
      nan_only=0
      [[ $note == *" 0 mismatches, "*" 0 stray writes"* && $note != exit* && $note != sanitizer* ]] && nan_only=1
      if { ((pass == 1)) && ((!nan_only)); } || { ((pass == 2)) && ((nan_only)); }; then
        picks+=("$r")
      fi
    done
  done
  for r in "${picks[@]}"; do
    ((shown < 3)) || break
    shown=$((shown + 1))
    base=${r%.result}
    echo
    echo "---- ${base##*/}"
    if [[ -s $base.run.log ]]; then
      grep -E '^(config|target|macros):|FAIL|^    ' "$base.run.log" | head -n 20
      grep -E 'Sanitizer' "$base.run.log" | head -n 5
    else
      head -n 20 "$base.build.log"
    fi
  done
  exit 1
fi
