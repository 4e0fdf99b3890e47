# Runs a program that must fail, and checks why:
#   cmake -DEXE=<program> [-DARGS=<arg>] -DEXPECT=<regex> -P expect_failure.cmake
# Passes when the program exits non-zero (an abort included) and its output
# matches EXPECT.
foreach(var EXE EXPECT)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "expect_failure.cmake: -D${var}=... is required")
  endif()
endforeach()
execute_process(COMMAND ${EXE} ${ARGS} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "${EXE} succeeded, but it must fail:\n${out}")
endif()
if(NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "${EXE} failed (${rc}), but not with the expected message (${EXPECT}):\n${out}")
endif()
message(STATUS "${EXE} failed as expected (${rc}): ${out}")
