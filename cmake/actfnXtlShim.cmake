# Included after xsimd has been found, by actfn's CMakeLists.txt and by the
# installed actfnConfig.cmake.
#
# Debian's xsimd 8.1 exports `xsimd` with `xtl` as a link library, but its
# config file never looks for xtl.  Without a target of that name CMake passes
# -lxtl to the linker and every link fails.  actfn uses nothing from xtl, so an
# installed xtl is taken when there is one and an empty stand-in otherwise.
# (list(FIND) rather than IN_LIST: this also runs under a consumer's policies.)
if(TARGET xsimd AND NOT TARGET xtl)
  get_target_property(_actfn_xsimd_links xsimd INTERFACE_LINK_LIBRARIES)
  if(_actfn_xsimd_links)
    list(FIND _actfn_xsimd_links xtl _actfn_xtl_index)
    if(NOT _actfn_xtl_index EQUAL -1)
      find_package(xtl CONFIG QUIET)
      if(NOT TARGET xtl)
        add_library(xtl INTERFACE IMPORTED)
      endif()
    endif()
    unset(_actfn_xtl_index)
  endif()
  unset(_actfn_xsimd_links)
endif()
