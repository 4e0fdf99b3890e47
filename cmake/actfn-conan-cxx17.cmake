# Shipped by the Conan recipe (conanfile.py) and included by the actfn-config.cmake
# that Conan's CMakeDeps generates, after it has defined actfn::actfn: that
# target carries include directories and xsimd but no compile features, so a
# consumer compiled for an older standard would get errors from inside actfn's
# headers.  actfn's own CMake package says the same in actfnTargets.cmake
# (target_compile_features(actfn INTERFACE cxx_std_17)).
# (list(FIND) rather than IN_LIST: this runs under the consumer's policies.)
if(TARGET actfn::actfn)
  get_target_property(_actfn_features actfn::actfn INTERFACE_COMPILE_FEATURES)
  if(NOT _actfn_features)
    set(_actfn_features "")
  endif()
  list(FIND _actfn_features cxx_std_17 _actfn_index)
  if(_actfn_index EQUAL -1)
    set_property(TARGET actfn::actfn APPEND PROPERTY INTERFACE_COMPILE_FEATURES cxx_std_17)
  endif()
  unset(_actfn_index)
  unset(_actfn_features)
endif()
