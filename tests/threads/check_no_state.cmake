# threads.no_global_state: run as
#   cmake -DNM=<nm> -DPROBE=<probe.o> -DCONTROL=<stateful_control.o> -P check_no_state.cmake
#
# Reads the symbol tables (nm -C -f sysv) of the probe, the translation unit
# that instantiates every function of actfn for float and double, and fails
# when it finds state: a defined object in a writable or thread-local section
# (.data, .bss, .tdata, .tbss; .data.rel.ro is read-only), a TLS symbol, a
# guard variable or a call into the guarded-initialisation and TLS runtime
# (function-local statics, thread_local), or a static initialiser
# (_GLOBAL__sub_I_*: something run at start-up).  Compiler and sanitizer
# helpers (DW.ref.*, __odr_asan*, __asan*, __ubsan*) are not state of actfn's.
# The same check must find every kind of state in the control object first.
foreach(var NM PROBE CONTROL)
  if(NOT ${var})
    message(FATAL_ERROR "check_no_state.cmake: -D${var}=... is required")
  endif()
endforeach()

# state_of(<out> <object>): one line per finding.
function(state_of out object)
  execute_process(COMMAND ${NM} -C -f sysv ${object} OUTPUT_VARIABLE table RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${NM} -C -f sysv ${object} failed (${rc})")
  endif()
  string(REPLACE ";" "," table "${table}")
  string(REPLACE "\n" ";" lines "${table}")
  set(found)
  foreach(line IN LISTS lines)
    if(NOT line MATCHES "^([^|]*)[|]([^|]*)[|]([^|]*)[|]([^|]*)[|]([^|]*)[|]([^|]*)[|](.*)$")
      continue()
    endif()
    string(STRIP "${CMAKE_MATCH_1}" name)
    string(STRIP "${CMAKE_MATCH_3}" class)
    string(STRIP "${CMAKE_MATCH_4}" type)
    string(STRIP "${CMAKE_MATCH_7}" section)
    if(name MATCHES "^(DW[.]ref[.]|__odr_asan|__asan|___asan|__ubsan)")
      continue()
    endif()
    if(class STREQUAL "U")
      if(name MATCHES "^(__cxa_guard_acquire|__tls_get_addr|__cxa_thread_atexit(_impl)?|pthread_once|__emutls_get_address)$")
        list(APPEND found "uses ${name}")
      endif()
    elseif(type STREQUAL "TLS")
      list(APPEND found "thread-local ${name} (${section})")
    elseif(name MATCHES "^guard variable for ")
      list(APPEND found "${name}")
    elseif(name MATCHES "^_GLOBAL__sub_I_")
      list(APPEND found "static initialiser ${name}")
    elseif(section MATCHES "^[.](data|bss|tdata|tbss)" AND NOT section MATCHES "^[.]data[.]rel[.]ro")
      list(APPEND found "writable ${name} (${section})")
    endif()
  endforeach()
  set(${out} "${found}" PARENT_SCOPE)
endfunction()

state_of(control_state ${CONTROL})
foreach(kind "writable" "thread-local" "static initialiser" "(guard variable|uses __cxa_guard_acquire)")
  set(seen FALSE)
  foreach(f IN LISTS control_state)
    if(f MATCHES "^${kind}")
      set(seen TRUE)
    endif()
  endforeach()
  if(NOT seen)
    string(REPLACE ";" "\n  " shown "${control_state}")
    message(FATAL_ERROR "the check misses state of kind '${kind}' in the control ${CONTROL}; it found:\n  ${shown}")
  endif()
endforeach()
list(LENGTH control_state n_control)
message(STATUS "control: ${n_control} findings, every kind seen")

state_of(probe_state ${PROBE})
if(probe_state)
  string(REPLACE ";" "\n  " shown "${probe_state}")
  message(FATAL_ERROR "state in the probe (every function of actfn, float and double):\n  ${shown}")
endif()
message(STATUS "probe: no writable or thread-local data, no guarded or start-up initialisation")
