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
  # Beside the header-only library, the dispatched library (actfn_dispatch and
  # its per-target objects) may be defined, but out of the consumer's "all":
  # built only when the consumer links actfn::dispatch.
  set(others ${targets})
  list(REMOVE_ITEM others actfn)
  set(unexpected "")
  foreach(t IN LISTS others)
    get_property(excluded TARGET ${t} PROPERTY EXCLUDE_FROM_ALL)
    if(NOT t MATCHES "^actfn_dispatch(_[a-z0-9_]+)?$" OR NOT excluded)
      list(APPEND unexpected ${t})
    endif()
  endforeach()
  if(subdirs OR tests OR unexpected OR NOT "actfn" IN_LIST targets)
    message(FATAL_ERROR "actfn as a subproject must define only its library targets (the dispatched library "
                        "out of 'all'), got\n"
                        "  subdirectories: ${subdirs}\n  targets: ${targets} (unexpected: ${unexpected})\n"
                        "  tests: ${tests}")
  endif()
  message(STATUS "consumer: actfn subproject defines only '${targets}', no subdirectories, no tests")
endfunction()
