# Fails the configure step if actfn, brought in as a subproject, defined more
# than its library: no tests, benchmarks or examples, no ctest entries.  The
# driver also configures these consumers with GTest, benchmark and MPFR made
# unfindable, so any find_package of them would have failed already.
function(actfn_expect_library_only actfn_dir)
  get_property(subdirs DIRECTORY ${actfn_dir} PROPERTY SUBDIRECTORIES)
  # An xsimd that actfn had to fetch is a subdirectory of actfn's, legitimately.
  get_directory_property(fetched_xsimd DIRECTORY ${actfn_dir} DEFINITION xsimd_SOURCE_DIR)
  if(fetched_xsimd)
    list(REMOVE_ITEM subdirs ${fetched_xsimd})
  endif()
  get_property(targets DIRECTORY ${actfn_dir} PROPERTY BUILDSYSTEM_TARGETS)
  get_property(tests DIRECTORY ${actfn_dir} PROPERTY TESTS)
  if(subdirs OR tests OR NOT targets STREQUAL "actfn")
    message(FATAL_ERROR "actfn as a subproject must define only its library target, got\n"
                        "  subdirectories: ${subdirs}\n  targets: ${targets}\n  tests: ${tests}")
  endif()
  message(STATUS "consumer: actfn subproject defines only '${targets}', no subdirectories, no tests")
endfunction()
