# ctest driver of the accuracy-full tests: runs EXE --gtest_filter=FILTER only
# when ACTFN_ACCURACY_FULL is set (and not 0) in the environment; otherwise it
# prints the marker ctest's SKIP_REGULAR_EXPRESSION turns into "skipped".
if("$ENV{ACTFN_ACCURACY_FULL}" STREQUAL "" OR "$ENV{ACTFN_ACCURACY_FULL}" STREQUAL "0")
  message("ACTFN_SKIPPED: the full accuracy sweep runs only with ACTFN_ACCURACY_FULL=1 in the environment")
  return()
endif()
execute_process(COMMAND "${EXE}" "--gtest_filter=${FILTER}" RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${EXE} --gtest_filter=${FILTER} failed (${rc})")
endif()
