# The short benchmark of `cmake --workflow --preset examples`, summarised.
#
#   cmake -DBENCH=<actfn_bench> -DOUT_DIR=<dir> -P bench_summary.cmake
#
# Runs every row of actfn_bench at n = 4096 (--benchmark_min_time=0.05, about
# 10-20 s), keeps Google Benchmark's own output in OUT_DIR/short.txt and its
# JSON in OUT_DIR/short.json, and prints one table line per float function:
# ns per element on N(0, 1) input and on the default input with 5% tails, and
# beside it the baseline the README's Speed section compares it with (its own
# forward pass for a backward row).  CMake only, so the examples preset needs
# nothing else; CMake has no floating point, so times are handled as integer
# femtoseconds.
cmake_minimum_required(VERSION 3.19)   # string(JSON)

foreach(var BENCH OUT_DIR)
  if(NOT ${var})
    message(FATAL_ERROR "bench_summary.cmake: -D${var}=... is required")
  endif()
endforeach()
set(n 4096)
file(MAKE_DIRECTORY ${OUT_DIR})
set(txt ${OUT_DIR}/short.txt)
set(json_file ${OUT_DIR}/short.json)

message("actfn: running the short benchmark (every row at n = ${n}, about 10-20 s) ...")
execute_process(COMMAND ${BENCH} "--benchmark_filter=/${n}$" --benchmark_min_time=0.05
                        --benchmark_out=${json_file} --benchmark_out_format=json
                OUTPUT_FILE ${txt} ERROR_FILE ${txt}.stderr RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  file(READ ${txt}.stderr err)
  message(FATAL_ERROR "actfn_bench failed (${rc}):\n${err}")
endif()
file(READ ${json_file} json)

# fs(<out> <number>): a JSON number of nanoseconds (plain or with an
# exponent, as CMake re-serialises it) as integer femtoseconds, truncated.
function(fs out number)
  if(NOT number MATCHES "^([0-9]+)([.]([0-9]*))?([eE]([-+]?[0-9]+))?$")
    message(FATAL_ERROR "bench_summary.cmake: cannot read the number '${number}'")
  endif()
  set(digits "${CMAKE_MATCH_1}${CMAKE_MATCH_3}")
  string(LENGTH "${CMAKE_MATCH_3}" frac)
  set(exp "${CMAKE_MATCH_5}")
  if(exp STREQUAL "")
    set(exp 0)
  endif()
  string(REGEX REPLACE "^[+]" "" exp "${exp}")
  math(EXPR shift "${exp} - ${frac} + 6")   # ns -> fs
  string(REGEX REPLACE "^0+([0-9])" "\\1" digits "${digits}")
  if(shift LESS 0)
    math(EXPR keep "-(${shift})")
    string(LENGTH "${digits}" len)
    if(len LESS_EQUAL keep)
      set(digits 0)
    else()
      math(EXPR len "${len} - ${keep}")
      string(SUBSTRING "${digits}" 0 ${len} digits)
    endif()
  elseif(shift GREATER 0)
    string(REPEAT "0" ${shift} zeros)
    string(APPEND digits "${zeros}")
  endif()
  set(${out} "${digits}" PARENT_SCOPE)
endfunction()

# decimal(<out> <value> <scale> <places>): value / scale with <places> decimals.
function(decimal out value scale places)
  string(REPEAT "0" ${places} zeros)
  math(EXPR scaled "(${value} * 1${zeros} + ${scale} / 2) / ${scale}")
  math(EXPR whole "${scaled} / 1${zeros}")
  math(EXPR part "${scaled} % 1${zeros}")
  string(LENGTH "${part}" len)
  math(EXPR pad "${places} - ${len}")
  if(pad GREATER 0)
    string(REPEAT "0" ${pad} lead)
    set(part "${lead}${part}")
  endif()
  set(${out} "${whole}.${part}" PARENT_SCOPE)
endfunction()

# ns(<out> <fs>): femtoseconds per element as ns, 3 significant digits or 3 decimals.
function(ns out value)
  if(value GREATER_EQUAL 10000000)        # >= 10 ns
    decimal(s ${value} 1000000 1)
  elseif(value GREATER_EQUAL 1000000)     # >= 1 ns
    decimal(s ${value} 1000000 2)
  else()
    decimal(s ${value} 1000000 3)
  endif()
  set(${out} "${s}" PARENT_SCOPE)
endfunction()

# pad(<out> <text> <width> [LEFT]): right-aligned unless LEFT.
function(pad out text width)
  string(LENGTH "${text}" len)
  math(EXPR fill "${width} - ${len}")
  set(spaces "")
  if(fill GREATER 0)
    string(REPEAT " " ${fill} spaces)
  endif()
  if(ARGN STREQUAL "LEFT")
    set(${out} "${text}${spaces}" PARENT_SCOPE)
  else()
    set(${out} "${spaces}${text}" PARENT_SCOPE)
  endif()
endfunction()

# Per-element CPU time of every float row at n, by "<function>/<input>".
string(JSON count LENGTH "${json}" benchmarks)
math(EXPR last "${count} - 1")
set(rows 0)    # every row run, float and double
foreach(i RANGE ${last})
  string(JSON row GET "${json}" benchmarks ${i})
  string(JSON name GET "${row}" name)
  string(JSON type ERROR_VARIABLE no_type GET "${row}" run_type)
  if(NOT no_type AND NOT type STREQUAL "iteration")
    continue()
  endif()
  math(EXPR rows "${rows} + 1")
  if(NOT name MATCHES "^f32/([a-z0-9_]+)/([a-z0-9]+)/${n}$")
    continue()
  endif()
  set(key "${CMAKE_MATCH_1}/${CMAKE_MATCH_2}")
  string(JSON unit GET "${row}" time_unit)
  string(JSON cpu GET "${row}" cpu_time)
  fs(call_fs "${cpu}")
  if(unit STREQUAL "us")
    string(APPEND call_fs "000")
  elseif(NOT unit STREQUAL "ns")
    message(FATAL_ERROR "bench_summary.cmake: time unit '${unit}' of ${name}")
  endif()
  math(EXPR t_${key} "${call_fs} / ${n}")
endforeach()

string(JSON simd ERROR_VARIABLE e GET "${json}" context actfn_simd)
string(JSON flags ERROR_VARIABLE e GET "${json}" context actfn_flags)
string(JSON compiler ERROR_VARIABLE e GET "${json}" context actfn_compiler)
string(JSON cpus ERROR_VARIABLE e GET "${json}" context num_cpus)
string(JSON load ERROR_VARIABLE e GET "${json}" context load_avg 0)
string(JSON build_type ERROR_VARIABLE e GET "${json}" context library_build_type)
string(REGEX REPLACE "([.][0-9])[0-9]*$" "\\1" load "${load}")

# What each function is compared with: the README's baselines, in order of
# preference (Eigen and SLEEF are optional); backward rows with their forward.
set(vs_gelu ref_eigen_erf_gelu ref_naive_erf_gelu)
set(vs_gelu_tanh ref_eigen_tanh_gelu ref_naive_tanh_gelu)
set(vs_quick_gelu ref_xsimd_quick_gelu)
set(vs_silu ref_xsimd_silu)
set(vs_relu ref_copy)
set(label_ref_eigen_erf_gelu "Eigen 0.5*x*(1+erf(x/sqrt2))")
set(label_ref_naive_erf_gelu "std::erf loop")
set(label_ref_eigen_tanh_gelu "Eigen tanh-form GELU")
set(label_ref_naive_tanh_gelu "std::tanh loop")
set(label_ref_xsimd_quick_gelu "xsimd x/(1+exp(-1.702x))")
set(label_ref_xsimd_silu "xsimd x/(1+exp(-x))")
set(label_ref_copy "memcpy")

pad(h1 "float, n = ${n}" 20 LEFT)
set(lines
  ""
  "==== short benchmark: ns per element (CPU time), lower is better"
  "     ${simd}, ${compiler} ${flags}"
  "     ${cpus} CPUs, load average ${load} when it ran (on a busy machine the times vary)"
  ""
  "${h1}  N(0,1)  5% tails   compared with (5% tails)           its time   ratio")
set(shown 0)
foreach(f gelu gelu_backward gelu_tanh gelu_tanh_backward quick_gelu quick_gelu_backward
          silu silu_backward elu elu_backward relu relu_backward leaky_relu leaky_relu_backward)
  if(NOT DEFINED t_${f}/mixed)
    continue()
  endif()
  ns(tails ${t_${f}/mixed})
  set(normal "-")
  if(DEFINED t_${f}/n1)
    ns(normal ${t_${f}/n1})
  endif()
  set(ref "")
  set(ref_label "")
  if(f MATCHES "^(.*)_backward$")
    set(ref "${CMAKE_MATCH_1}")
    set(ref_label "${CMAKE_MATCH_1} (its forward pass)")
  else()
    foreach(candidate IN LISTS vs_${f})
      if(DEFINED t_${candidate}/mixed AND ref STREQUAL "")
        set(ref ${candidate})
        set(ref_label "${label_${candidate}}")
      endif()
    endforeach()
  endif()
  set(ref_time "")
  set(ratio "")
  if(NOT ref STREQUAL "" AND DEFINED t_${ref}/mixed)
    ns(ref_time ${t_${ref}/mixed})
    decimal(ratio ${t_${f}/mixed} ${t_${ref}/mixed} 2)
    set(ratio "${ratio}x")
  endif()
  pad(c1 "${f}" 20 LEFT)
  pad(c2 "${normal}" 8)
  pad(c3 "${tails}" 10)
  pad(c4 "${ref_label}" 34 LEFT)
  pad(c5 "${ref_time}" 8)
  pad(c6 "${ratio}" 8)
  list(APPEND lines "${c1}${c2}${c3}   ${c4}${c5}${c6}")
  math(EXPR shown "${shown} + 1")
endforeach()
if(shown EQUAL 0)
  message(FATAL_ERROR "bench_summary.cmake: no float rows at n = ${n} in ${json_file}")
endif()
# (No semicolons in these lines: they would split the CMake list.)
list(APPEND lines
  ""
  "N(0,1): standard normal x. 5% tails: 95% N(0, 1.75^2) + 5% uniform in [-15, 15], the default"
  "input, where actfn's GELU forms evaluate their tails in double to stay within 1 ULP (Eigen's erf"
  "GELU is off by millions of ULPs below x = -5). ratio: the row's time over the compared row's."
  "All ${rows} rows run (float and double), as Google Benchmark printed them and as JSON:"
  "  ${txt}"
  "  ${json_file}"
  "The README's Speed section and bench/report give the full comparison.")
if(build_type STREQUAL "debug")
  list(APPEND lines
    "Google Benchmark's '***WARNING*** Library was built as DEBUG' (in short.txt) is about the"
    "benchmark library itself (Debian's libbenchmark is compiled without NDEBUG), not actfn: the"
    "timed loops are actfn_bench's own code, compiled ${flags}.")
endif()
string(REPLACE ";" "\n" text "${lines}")
message("${text}\n")
