# Builds one target that must not compile, and checks why:
#   cmake -DBUILD_DIR=<dir> -DTARGET=<target> -DCONFIG=<config> -DEXPECT=<regex> -P expect_build_failure.cmake
# Passes when the build fails and its output matches EXPECT.
foreach(var BUILD_DIR TARGET EXPECT)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "expect_build_failure.cmake: -D${var}=... is required")
  endif()
endforeach()
set(config_args)
if(CONFIG)
  set(config_args --config ${CONFIG})
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BUILD_DIR} --target ${TARGET} ${config_args}
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
  message(FATAL_ERROR "${TARGET} built, but it must be rejected:\n${out}")
endif()
if(NOT out MATCHES "${EXPECT}")
  message(FATAL_ERROR "${TARGET} failed to build, but not with the expected message (${EXPECT}):\n${out}")
endif()
message(STATUS "${TARGET} rejected as expected")
