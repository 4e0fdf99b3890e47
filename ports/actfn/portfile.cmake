# vcpkg port of actfn (header-only).
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

# Nothing is compiled: one configuration is enough, and no debug tree is made.
set(VCPKG_BUILD_TYPE release)

vcpkg_cmake_configure(
  SOURCE_PATH "${SOURCE_PATH}"
  OPTIONS
    -DACTFN_BUILD_TESTS=OFF
    -DACTFN_BUILD_BENCHMARKS=OFF
    -DACTFN_BUILD_EXAMPLES=OFF
    -DACTFN_INSTALL=ON
    # Header-only port: the compiled, run-time dispatched library is left out.
    -DACTFN_BUILD_DISPATCH=OFF)
vcpkg_cmake_install()

# actfn installs its package files to share/actfn/cmake; vcpkg wants share/actfn.
vcpkg_cmake_config_fixup(CONFIG_PATH share/actfn/cmake)
vcpkg_fixup_pkgconfig()

# Header-only: should any debug files appear, the headers already came with
# the release tree.
file(REMOVE_RECURSE "${CURRENT_PACKAGES_DIR}/debug")

file(INSTALL "${CMAKE_CURRENT_LIST_DIR}/usage" DESTINATION "${CURRENT_PACKAGES_DIR}/share/${PORT}")
vcpkg_install_copyright(FILE_LIST "${SOURCE_PATH}/LICENSE")
