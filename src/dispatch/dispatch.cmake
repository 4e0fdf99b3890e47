# actfn::dispatch: the array forms compiled once per target, the best the CPU
# runs chosen at the first call (include/actfn/dispatch.hpp).  Included from
# the top-level CMakeLists.txt (include()) when ACTFN_BUILD_DISPATCH is ON.
#
# target.cpp is compiled once per target, as an object library with that
# target's flags; dispatch.cpp, with the baseline flags, holds the entry
# points and the choice.  The units share no actfn code: each one's
# header-only functions live in its own target namespace.

set(actfn_dispatch_targets "")
if(CMAKE_SYSTEM_PROCESSOR MATCHES "x86_64|AMD64|amd64")
  list(APPEND actfn_dispatch_targets sse2 avx2_fma avx512)
  set(actfn_dispatch_flags_sse2 -msse2)
  set(actfn_dispatch_flags_avx2_fma -mavx2 -mfma -mf16c)
  set(actfn_dispatch_flags_avx512 -mavx512f -mavx512cd -mavx512bw -mavx512dq -mavx512vl -mfma -mf16c)
elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "aarch64|arm64|ARM64")
  list(APPEND actfn_dispatch_targets neon)
  set(actfn_dispatch_flags_neon "")
else()
  list(APPEND actfn_dispatch_targets generic)
  set(actfn_dispatch_flags_generic "")
endif()

add_library(actfn_dispatch ${CMAKE_CURRENT_LIST_DIR}/dispatch.cpp)
add_library(actfn::dispatch ALIAS actfn_dispatch)
set_target_properties(actfn_dispatch PROPERTIES
  OUTPUT_NAME actfn_dispatch
  POSITION_INDEPENDENT_CODE ON
  EXPORT_NAME dispatch
  VERSION ${PROJECT_VERSION}
  SOVERSION ${PROJECT_VERSION_MAJOR}.${PROJECT_VERSION_MINOR})
target_compile_features(actfn_dispatch PUBLIC cxx_std_17)
# The public header needs no xsimd: consumers get only actfn's include directory.
target_include_directories(actfn_dispatch PUBLIC
  $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>
  $<INSTALL_INTERFACE:${CMAKE_INSTALL_INCLUDEDIR}>)
if(NOT ACTFN_DISPATCH_IN_ALL)
  set_target_properties(actfn_dispatch PROPERTIES EXCLUDE_FROM_ALL ON)
endif()

foreach(target IN LISTS actfn_dispatch_targets)
  add_library(actfn_dispatch_${target} OBJECT ${CMAKE_CURRENT_LIST_DIR}/target.cpp)
  target_link_libraries(actfn_dispatch_${target} PRIVATE actfn)
  target_compile_definitions(actfn_dispatch_${target} PRIVATE ACTFN_DISPATCH_TABLE=table_${target})
  target_compile_options(actfn_dispatch_${target} PRIVATE ${actfn_dispatch_flags_${target}})
  set_target_properties(actfn_dispatch_${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
  if(NOT ACTFN_DISPATCH_IN_ALL)
    set_target_properties(actfn_dispatch_${target} PROPERTIES EXCLUDE_FROM_ALL ON)
  endif()
  target_sources(actfn_dispatch PRIVATE $<TARGET_OBJECTS:actfn_dispatch_${target}>)
  string(TOUPPER ${target} upper)
  target_compile_definitions(actfn_dispatch PRIVATE ACTFN_DISPATCH_WITH_${upper}=1)
endforeach()
# actfn's own builds check the library's warnings; a consumer's build is left alone.
if(ACTFN_IS_TOP_LEVEL AND CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
  set(actfn_dispatch_warnings -Wall -Wextra -Wpedantic)
  if(ACTFN_WARNINGS_AS_ERRORS)
    list(APPEND actfn_dispatch_warnings -Werror)
  endif()
  target_compile_options(actfn_dispatch PRIVATE ${actfn_dispatch_warnings})
  foreach(target IN LISTS actfn_dispatch_targets)
    target_compile_options(actfn_dispatch_${target} PRIVATE ${actfn_dispatch_warnings})
  endforeach()
endif()

message(STATUS "actfn: run-time dispatched library actfn::dispatch with targets: ${actfn_dispatch_targets}")
