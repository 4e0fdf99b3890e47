# vcpkg port of actfn: header-only (actfn::actfn), plus, with the feature
# "dispatch" (vcpkg install actfn[dispatch]), the compiled, run-time
# dispatched library actfn::dispatch.
#
# From an actfn checkout, this directory works as an overlay port that builds
# the checkout itself:  vcpkg install actfn --overlay-ports=<checkout>/ports
# vcpkg does not hash the checkout, only this directory: add
# --no-binarycaching after changing the sources, or an older package is reused.
#
# Copied alone into a registry, it builds the release tag v<version> instead:
# REPO below is a placeholder until the project's public repository exists,
# and SHA512 is filled in per release (vcpkg prints the right one when run
# with a wrong one).
if(EXISTS "${CURRENT_PORT_DIR}/../../include/actfn/actfn.hpp")
  get_filename_component(SOURCE_PATH "${CURRENT_PORT_DIR}/../.." ABSOLUTE)
else()
  vcpkg_from_github(
    OUT_SOURCE_PATH SOURCE_PATH
    REPO actfn/actfn
    REF "v${VERSION}"
    SHA512 0
    HEAD_REF main)
endif()

# The feature "dispatch" builds actfn::dispatch (libactfn_dispatch, static or
# shared as the triplet says); without it, ACTFN_BUILD_DISPATCH=OFF and the
# port is the header-only library alone.
vcpkg_check_features(OUT_FEATURE_OPTIONS FEATURE_OPTIONS
  FEATURES
    dispatch ACTFN_BUILD_DISPATCH)

if(NOT "dispatch" IN_LIST FEATURES)
  # Nothing is compiled: one configuration is enough, and no debug tree is made.
  set(VCPKG_BUILD_TYPE release)
endif()

vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    -DACTFN_BUILD_TESTS=OFF
    -DACTFN_BUILD_BENCHMARKS=OFF
    -DACTFN_BUILD_EXAMPLES=OFF
    -DACTFN_INSTALL=ON
    # -DACTFN_BUILD_DISPATCH=ON with the feature "dispatch", OFF without it.
    ${FEATURE_OPTIONS})
vcpkg_cmake_install()

# actfn installs its package files to share/actfn/cmake; vcpkg wants share/actfn.
# With the library, this also merges the debug tree's actfnTargets-debug.cmake.
vcpkg_cmake_config_fixup(CONFIG_PATH share/actfn/cmake)

if("dispatch" IN_LIST FEATURES)
  # actfn installs both .pc files to share/pkgconfig.  actfn.pc names no
  # library and stays there; actfn-dispatch.pc names one (Libs:), so each
  # configuration's copy goes to its own lib/pkgconfig, where vcpkg's checks
  # and its pkg-config search path (debug/lib/pkgconfig for debug) expect it.
  file(MAKE_DIRECTORY "${CURRENT_PACKAGES_DIR}/lib/pkgconfig")
  file(RENAME "${CURRENT_PACKAGES_DIR}/share/pkgconfig/actfn-dispatch.pc"
              "${CURRENT_PACKAGES_DIR}/lib/pkgconfig/actfn-dispatch.pc")
  if(NOT VCPKG_BUILD_TYPE)
    file(MAKE_DIRECTORY "${CURRENT_PACKAGES_DIR}/debug/lib/pkgconfig")
    file(RENAME "${CURRENT_PACKAGES_DIR}/debug/share/pkgconfig/actfn-dispatch.pc"
                "${CURRENT_PACKAGES_DIR}/debug/lib/pkgconfig/actfn-dispatch.pc")
  endif()
  # The debug tree keeps only its libraries (and its actfn-dispatch.pc): the
  # headers and the package files come with the release tree.
  file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug/include" "${CURRENT_PACKAGES_DIR}/debug/share")
else()
  # Header-only: should any debug files appear, the headers already came with
  # the release tree.
  file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug")
endif()

# After the moves above: rewrites prefix= of actfn.pc and, with the feature,
# of both copies of actfn-dispatch.pc (the debug one's includedir then points
# at the release tree's include/).
vcpkg_fixup_pkgconfig()

file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
