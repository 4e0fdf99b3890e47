# ctest driver of actfn_exhaustive runs.
#   EXE          the checker executable
#   ARGS         its arguments (a ;-list)
#   OUT          optional: --checksums-out file (removed first, so that a
#                skipped build leaves no stale file for the comparison)
#   REQUIRE_ENV  optional: run only when this environment variable is set and
#                not 0; otherwise print the marker ctest turns into "skipped"
if(DEFINED REQUIRE_ENV AND ("$ENV{${REQUIRE_ENV}}" STREQUAL "" OR "$ENV{${REQUIRE_ENV}}" STREQUAL "0"))
  message("ACTFN_SKIPPED: runs only with ${REQUIRE_ENV}=1 in the environment")
  return()
endif()
set(cmd "${EXE}" ${ARGS})
if(DEFINED OUT)
  file(REMOVE "${OUT}")
  list(APPEND cmd --checksums-out "${OUT}")
endif()
execute_process(COMMAND ${cmd} RESULT_VARIABLE rc)
if(rc EQUAL 77)
  message("ACTFN_SKIPPED: this CPU cannot run ${EXE}")
  return()
endif()
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} ${ARGS} failed (${rc})")
endif()
