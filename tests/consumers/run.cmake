# Driver of the consumer tests: builds one tiny consumer project from scratch
# and runs it.  Invoked by ctest (see CMakeLists.txt beside this file) as
#
#   cmake -DMODE=<mode> -DSOURCE_DIR=<actfn checkout> -DWORK_DIR=<scratch dir>
#         -DCXX=<compiler> [-DPREFIX_PATH=<dirs separated by |>]
#         [-DGENERATOR=<generator>] [-DWERROR=ON] [-DXSIMD_INCLUDE_DIR=<dir>]
#         [-DXSIMD_VERSION=<x.y.z>] [-DPKG_CONFIG=<pkg-config>]
#         [-DCTEST=<ctest> -DBUILD_DIR=<this build>] -P run.cmake
#
# When XSIMD_VERSION is given, each consumer must report that it was compiled
# against that xsimd, i.e. the same one as the build that registered the test.
#
# MODE is one of
#   install           configure actfn alone (no tests, benchmarks, examples:
#                     the options the vcpkg and Conan recipes use) for one
#                     prefix, install it to another, check actfn.pc's prefix=,
#                     then move the prefix to prove the CMake package files
#                     relocatable; the other modes that need an install use
#                     WORK_DIR/prefix
#   find_package      consumer 1: find_package(actfn CONFIG REQUIRED)
#   add_subdirectory  consumer 2: add_subdirectory(<checkout>)
#   fetchcontent      consumer 3: FetchContent_MakeAvailable
#   export            consumer 6: a library of the user's own vendors actfn
#                     (add_subdirectory, ACTFN_INSTALL=ON) and installs and
#                     exports itself; a second project find_package()s it
#   plain             consumer 4: one compiler command, no CMake
#   pkgconfig         consumer 5: flags from pkg-config
#   dispatch          actfn installed with its dispatched library, consumed
#                     through find_package (actfn::dispatch) and pkg-config
#                     (actfn-dispatch.pc), for a prefix installed
#                     in place and (--define-prefix) for the moved one; the
#                     modes *_dispatch below use its WORK_DIR/dispatch-prefix
#   options           no build: every ACTFN_ cache option is in the README
#   presets           no build: every build and test preset runs parallel jobs
#   readme            the README's FetchContent tag, copy-the-headers command
#                     (compiled and run), skipped tests; no issue numbers
#   recipes           no build: the fields of conanfile.py, test_package/ and
#                     ports/actfn/vcpkg.json that Conan and vcpkg expect
#   conan_test_package  the Conan recipe's test_package/, built with plain
#                     find_package against the install (Conan itself is not
#                     available here; its package() runs the same install)
#   conan_cmakedeps   test_package against a stand-in for the target Conan's
#                     CMakeDeps generates, with the recipe's C++17 build module,
#                     in a project that asks for C++14
#   conan_test_package_dispatch  test_package/ as Conan builds it for a
#                     package made with dispatch=True (TEST_PACKAGE_DISPATCH=ON):
#                     test_package_dispatch links actfn::dispatch
#   conan_cmakedeps_dispatch  conan_cmakedeps with the components of a package
#                     made with dispatch=True (actfn::actfn, actfn::dispatch)
cmake_minimum_required(VERSION 3.15)

foreach(var MODE SOURCE_DIR WORK_DIR CXX)
  if(NOT DEFINED ${var} OR "${${var}}" STREQUAL "")
    message(FATAL_ERROR "run.cmake: -D${var}=... is required")
  endif()
endforeach()
string(REPLACE "|" ";" PREFIX_PATH "${PREFIX_PATH}")
set(here ${CMAKE_CURRENT_LIST_DIR})
set(prefix ${WORK_DIR}/prefix)
set(dispatch_prefix ${WORK_DIR}/dispatch-prefix)   # MODE dispatch's install
set(warnings -Wall -Wextra -Wpedantic)
if(WERROR)
  list(APPEND warnings -Werror)
endif()
set(gen)
if(GENERATOR)
  set(gen -G ${GENERATOR})
endif()

# Runs a command, echoing it, and stops the test when it fails.
function(step)
  execute_process(COMMAND ${ARGN} COMMAND_ECHO STDOUT RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer ${MODE}: command failed (${rc})")
  endif()
endfunction()

# Runs a built consumer and checks which xsimd it was compiled against and,
# when a second argument is given, that its output matches that regex.
function(run_consumer exe)
  message(STATUS "consumer ${MODE}: running ${exe}")
  execute_process(COMMAND ${exe} OUTPUT_VARIABLE out RESULT_VARIABLE rc)
  message("${out}")
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "consumer ${MODE}: the program failed (${rc})")
  endif()
  if(XSIMD_VERSION AND NOT out MATCHES "xsimd ${XSIMD_VERSION},")
    message(FATAL_ERROR "consumer ${MODE}: built against another xsimd than ${XSIMD_VERSION}")
  endif()
  if(ARGC GREATER 1 AND NOT out MATCHES "${ARGV1}")
    message(FATAL_ERROR "consumer ${MODE}: the output of ${exe} does not match '${ARGV1}'")
  endif()
endfunction()

# CMAKE_PREFIX_PATH reaches the configure steps through an initial-cache
# script (-C): a ;-list on the command line would be split into arguments.
function(write_initial_cache file)
  file(WRITE ${file} "set(CMAKE_PREFIX_PATH [==[${PREFIX_PATH}]==] CACHE STRING \"\")\n")
endfunction()

# Configures, builds and runs a consumer project under WORK_DIR/<MODE>, with
# the test-only dependencies made unfindable.  Its program is named
# ${exe_name} ("consumer" unless set).
set(exe_name consumer)
function(cmake_consumer project_dir)
  set(build ${WORK_DIR}/${MODE})
  file(REMOVE_RECURSE ${build})
  write_initial_cache(${build}-init.cmake)
  string(REPLACE ";" " " flags "${warnings}")
  # --no-warn-unused-cli: the CMAKE_DISABLE_FIND_PACKAGE_* go unused when all is well.
  step(${CMAKE_COMMAND} -C ${build}-init.cmake -S ${project_dir} -B ${build} ${gen} --no-warn-unused-cli
       -DCMAKE_BUILD_TYPE=Release
       -DCMAKE_CXX_COMPILER=${CXX}
       "-DCMAKE_CXX_FLAGS=${flags}"
       -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON
       -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON
       -DCMAKE_DISABLE_FIND_PACKAGE_MPFR=ON
       ${ARGN})
  step(${CMAKE_COMMAND} --build ${build})
  run_consumer(${build}/${exe_name})
endfunction()

if(MODE STREQUAL "install")
  set(build ${WORK_DIR}/actfn-build)
  set(staging ${WORK_DIR}/staging)
  # Configured for one prefix and installed to another, as the README does
  # (cmake --install build --prefix ...): nothing may keep the configured one.
  set(configured ${WORK_DIR}/configured-prefix)
  file(REMOVE_RECURSE ${build} ${staging} ${prefix})
  write_initial_cache(${build}-init.cmake)
  step(${CMAKE_COMMAND} -C ${build}-init.cmake -S ${SOURCE_DIR} -B ${build} ${gen}
       -DCMAKE_CXX_COMPILER=${CXX}
       -DCMAKE_INSTALL_PREFIX=${configured}
       -DACTFN_BUILD_TESTS=OFF -DACTFN_BUILD_BENCHMARKS=OFF -DACTFN_BUILD_EXAMPLES=OFF
       -DACTFN_INSTALL=ON -DACTFN_BUILD_DISPATCH=OFF)
  step(${CMAKE_COMMAND} --install ${build} --prefix ${staging})
  # The layout the README, vcpkg and Conan rely on: every header of the
  # source tree, and the package files.
  foreach(f share/actfn/cmake/actfnConfig.cmake share/actfn/cmake/actfnConfigVersion.cmake
            share/actfn/cmake/actfnTargets.cmake share/pkgconfig/actfn.pc)
    if(NOT EXISTS ${staging}/${f})
      message(FATAL_ERROR "consumer install: ${f} missing from the install prefix")
    endif()
  endforeach()
  file(GLOB_RECURSE source_headers RELATIVE ${SOURCE_DIR}/include ${SOURCE_DIR}/include/*)
  file(GLOB_RECURSE installed_headers RELATIVE ${staging}/include ${staging}/include/*)
  list(SORT source_headers)
  list(SORT installed_headers)
  if(NOT source_headers STREQUAL installed_headers)
    message(FATAL_ERROR "consumer install: installed headers differ from include/:\n"
                        "  source:    ${source_headers}\n  installed: ${installed_headers}")
  endif()
  # actfn.pc names the prefix it was installed to (pkg-config prints paths as
  # written: a prefix relative to the file would show as .../share/pkgconfig/../..);
  # pkg-config --define-prefix relocates it (consumer.pkgconfig).
  file(STRINGS ${staging}/share/pkgconfig/actfn.pc pc_prefix REGEX "^prefix=")
  if(NOT pc_prefix STREQUAL "prefix=${staging}")
    message(FATAL_ERROR "consumer install: actfn.pc has '${pc_prefix}', expected 'prefix=${staging}'")
  endif()
  # Package managers move prefixes: consumers only ever see the moved copy.
  # The CMake package files must work from anywhere, so none may name a prefix.
  file(RENAME ${staging} ${prefix})
  file(GLOB_RECURSE installed_text ${prefix}/share/*)
  foreach(f IN LISTS installed_text)
    file(READ ${f} text)
    foreach(p IN ITEMS ${configured} ${staging})
      string(FIND "${text}" "${p}" at)
      if(NOT at EQUAL -1 AND NOT (f MATCHES "/actfn[.]pc$" AND p STREQUAL staging))
        message(FATAL_ERROR "consumer install: ${f} hard-codes the prefix ${p}")
      endif()
    endforeach()
  endforeach()
  message(STATUS "consumer install: relocatable prefix at ${prefix}")

elseif(MODE STREQUAL "dispatch")
  # actfn installed with its dispatched library (ACTFN_BUILD_DISPATCH, the
  # default of a top-level build; the recipes leave it out), then consumed
  # through the CMake package and through pkg-config's actfn-dispatch.pc.
  set(build ${WORK_DIR}/dispatch-actfn-build)
  set(dprefix ${dispatch_prefix})
  file(REMOVE_RECURSE ${build} ${dprefix})
  write_initial_cache(${build}-init.cmake)
  step(${CMAKE_COMMAND} -C ${build}-init.cmake -S ${SOURCE_DIR} -B ${build} ${gen}
       -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release
       -DACTFN_BUILD_TESTS=OFF -DACTFN_BUILD_BENCHMARKS=OFF -DACTFN_BUILD_EXAMPLES=OFF
       -DACTFN_INSTALL=ON -DACTFN_BUILD_DISPATCH=ON)
  step(${CMAKE_COMMAND} --build ${build})
  step(${CMAKE_COMMAND} --install ${build} --prefix ${dprefix})
  set(XSIMD_VERSION "")  # the dispatched library's users never see xsimd
  list(PREPEND PREFIX_PATH ${dprefix})
  cmake_consumer(${here}/dispatch)
  if(PKG_CONFIG)
    set(ENV{PKG_CONFIG_PATH} "${dprefix}/share/pkgconfig")
    execute_process(COMMAND ${PKG_CONFIG} --cflags --libs actfn-dispatch
                    OUTPUT_VARIABLE pc OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "consumer dispatch: pkg-config cannot find actfn-dispatch")
    endif()
    message(STATUS "consumer dispatch: pkg-config --cflags --libs actfn-dispatch: '${pc}'")
    separate_arguments(pc_flags UNIX_COMMAND "${pc}")
    step(${CXX} -std=c++17 -O2 ${warnings} ${here}/dispatch_consumer.cpp ${pc_flags} -o ${WORK_DIR}/dispatch/consumer-pc)
    run_consumer(${WORK_DIR}/dispatch/consumer-pc)
  endif()

elseif(MODE STREQUAL "find_package")
  list(PREPEND PREFIX_PATH ${prefix})
  cmake_consumer(${here}/find_package)

elseif(MODE STREQUAL "conan_test_package")
  list(PREPEND PREFIX_PATH ${prefix})
  set(exe_name test_package)
  cmake_consumer(${SOURCE_DIR}/test_package)

elseif(MODE STREQUAL "conan_cmakedeps")
  set(exe_name test_package)
  cmake_consumer(${here}/conan_cmakedeps -DACTFN_SOURCE_DIR=${SOURCE_DIR} -DCMAKE_CXX_STANDARD=14)

# The package made with dispatch=True, stood in for by the "dispatch" test's
# install (the same CMake install that the recipe's package() runs).  The
# first program is test_package as above; the second, test_package_dispatch,
# reports the target the library chose and needs no xsimd.
elseif(MODE STREQUAL "conan_test_package_dispatch")
  list(PREPEND PREFIX_PATH ${dispatch_prefix})
  set(exe_name test_package)
  cmake_consumer(${SOURCE_DIR}/test_package -DTEST_PACKAGE_DISPATCH=ON)
  set(XSIMD_VERSION "")
  run_consumer(${WORK_DIR}/${MODE}/test_package_dispatch "actfn::dispatch on [a-z0-9_]+ [(]test_package[)].*: ok")

elseif(MODE STREQUAL "conan_cmakedeps_dispatch")
  set(exe_name test_package)
  cmake_consumer(${here}/conan_cmakedeps -DACTFN_SOURCE_DIR=${SOURCE_DIR} -DCMAKE_CXX_STANDARD=14
                 -DACTFN_DISPATCH_PREFIX=${dispatch_prefix})
  set(XSIMD_VERSION "")
  run_consumer(${WORK_DIR}/${MODE}/test_package_dispatch "actfn::dispatch on [a-z0-9_]+ [(]test_package[)].*: ok")

elseif(MODE STREQUAL "add_subdirectory")
  cmake_consumer(${here}/add_subdirectory -DACTFN_SOURCE_DIR=${SOURCE_DIR})

elseif(MODE STREQUAL "export")
  # mylib (export/mylib) vendors actfn with add_subdirectory and sets
  # ACTFN_INSTALL, installs itself with install(EXPORT), and export/app
  # find_package()s the installed mylib.
  set(lib_build ${WORK_DIR}/export-mylib)
  set(lib_prefix ${WORK_DIR}/export-prefix)
  file(REMOVE_RECURSE ${lib_build} ${lib_build}-unset ${lib_prefix})
  write_initial_cache(${lib_build}-init.cmake)
  string(REPLACE ";" " " flags "${warnings}")
  set(lib_configure ${CMAKE_COMMAND} -C ${lib_build}-init.cmake -S ${here}/export/mylib ${gen}
      --no-warn-unused-cli -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_COMPILER=${CXX} "-DCMAKE_CXX_FLAGS=${flags}"
      -DCMAKE_DISABLE_FIND_PACKAGE_GTest=ON -DCMAKE_DISABLE_FIND_PACKAGE_benchmark=ON
      -DCMAKE_DISABLE_FIND_PACKAGE_MPFR=ON
      -DACTFN_SOURCE_DIR=${SOURCE_DIR} -DCMAKE_INSTALL_PREFIX=${lib_prefix})
  # Without ACTFN_INSTALL, CMake refuses mylib's export: the error this mode
  # exists for (so a pass below means the option made the difference).
  execute_process(COMMAND ${lib_configure} -B ${lib_build}-unset -DMYLIB_LEAVE_ACTFN_INSTALL_UNSET=ON
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(rc EQUAL 0 OR NOT err MATCHES "requires target \"actfn\" that is not in any export set")
    message(FATAL_ERROR "consumer export: without ACTFN_INSTALL the export should fail with "
                        "'requires target \"actfn\" that is not in any export set'; got (${rc}):\n${err}")
  endif()
  message(STATUS "consumer export: without ACTFN_INSTALL, CMake refuses mylib's export, as expected")
  file(REMOVE_RECURSE ${lib_build}-unset)
  step(${lib_configure} -B ${lib_build})
  step(${CMAKE_COMMAND} --build ${lib_build})
  step(${CMAKE_COMMAND} --install ${lib_build})
  foreach(f include/mylib/mylib.hpp include/actfn/actfn.hpp share/actfn/cmake/actfnConfig.cmake
            share/actfn/cmake/actfnTargets.cmake)
    if(NOT EXISTS ${lib_prefix}/${f})
      message(FATAL_ERROR "consumer export: ${f} missing from mylib's install prefix")
    endif()
  endforeach()
  list(PREPEND PREFIX_PATH ${lib_prefix})
  cmake_consumer(${here}/export/app)

elseif(MODE STREQUAL "fetchcontent")
  # A clean checkout is fetched with git at its current commit, as a release
  # tag would be; uncommitted changes can only be seen through SOURCE_DIR.
  find_package(Git QUIET)
  set(fetch -DACTFN_SOURCE_DIR=${SOURCE_DIR})
  if(GIT_FOUND)
    execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} rev-parse HEAD
                    OUTPUT_VARIABLE head OUTPUT_STRIP_TRAILING_WHITESPACE
                    RESULT_VARIABLE rc_head ERROR_QUIET)
    execute_process(COMMAND ${GIT_EXECUTABLE} -C ${SOURCE_DIR} status --porcelain --untracked-files=no
                    OUTPUT_VARIABLE dirty RESULT_VARIABLE rc_status ERROR_QUIET)
    if(rc_head EQUAL 0 AND rc_status EQUAL 0 AND dirty STREQUAL "")
      set(fetch -DACTFN_GIT_REPOSITORY=file://${SOURCE_DIR} -DACTFN_GIT_TAG=${head})
      message(STATUS "consumer fetchcontent: git clone of ${SOURCE_DIR} at ${head}")
    endif()
  endif()
  if(fetch MATCHES "SOURCE_DIR")
    message(STATUS "consumer fetchcontent: SOURCE_DIR ${SOURCE_DIR} (not a clean git checkout)")
  endif()
  cmake_consumer(${here}/fetchcontent ${fetch})

elseif(MODE STREQUAL "plain")
  set(build ${WORK_DIR}/plain)
  file(REMOVE_RECURSE ${build})
  file(MAKE_DIRECTORY ${build})
  # xsimd as a system directory, as installed headers are, so that -Werror
  # judges actfn's headers and not xsimd's; none when it is the compiler's own.
  set(xsimd_flags)
  if(XSIMD_INCLUDE_DIR)
    set(xsimd_flags -isystem ${XSIMD_INCLUDE_DIR})
  endif()
  step(${CXX} -std=c++17 -O2 ${warnings} -I ${SOURCE_DIR}/include ${xsimd_flags}
       ${here}/consumer.cpp -o ${build}/consumer)
  run_consumer(${build}/consumer)

elseif(MODE STREQUAL "pkgconfig")
  if(NOT PKG_CONFIG)
    message(FATAL_ERROR "consumer pkgconfig: no pkg-config executable")
  endif()
  set(build ${WORK_DIR}/pkgconfig)
  file(REMOVE_RECURSE ${build})
  file(MAKE_DIRECTORY ${build})
  # A prefix of its own, installed from the "install" test's build tree, and
  # used where it was installed: what the README tells a user to do.
  set(own_prefix ${build}/prefix)
  step(${CMAKE_COMMAND} --install ${WORK_DIR}/actfn-build --prefix ${own_prefix})
  # xsimd.pc from wherever xsimd came from.
  set(xsimd_pc_path)
  foreach(p IN LISTS PREFIX_PATH)
    list(APPEND xsimd_pc_path ${p}/share/pkgconfig ${p}/lib/pkgconfig)
  endforeach()
  if(DEFINED ENV{PKG_CONFIG_PATH} AND NOT "$ENV{PKG_CONFIG_PATH}" STREQUAL "")
    list(APPEND xsimd_pc_path $ENV{PKG_CONFIG_PATH})
  endif()

  # pkg_config_cflags(<out> <actfn prefix> [pkg-config options]): pkg-config's
  # --cflags for actfn with PKG_CONFIG_PATH=<actfn prefix>/share/pkgconfig, as
  # the README says, checked: every flag free of '..' components and
  # -I<actfn prefix>/include among them, a directory with actfn/actfn.hpp.
  function(pkg_config_cflags out actfn_prefix)
    set(pc_path ${actfn_prefix}/share/pkgconfig ${xsimd_pc_path})
    string(REPLACE ";" ":" pc_path "${pc_path}")
    set(ENV{PKG_CONFIG_PATH} "${pc_path}")
    execute_process(COMMAND ${PKG_CONFIG} ${ARGN} --modversion actfn
                    OUTPUT_VARIABLE version OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "consumer pkgconfig: pkg-config ${ARGN} cannot find actfn (PKG_CONFIG_PATH=${pc_path})")
    endif()
    execute_process(COMMAND ${PKG_CONFIG} ${ARGN} --cflags actfn
                    OUTPUT_VARIABLE cflags OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "consumer pkgconfig: pkg-config ${ARGN} --cflags actfn failed")
    endif()
    message(STATUS "consumer pkgconfig: pkg-config ${ARGN} --cflags actfn (actfn ${version}): '${cflags}'")
    separate_arguments(flags UNIX_COMMAND "${cflags}")
    foreach(flag IN LISTS flags)
      string(REGEX REPLACE "^-I" "" path "${flag}")
      if(path MATCHES "(^|/)[.][.]?(/|$)")
        message(FATAL_ERROR "consumer pkgconfig: '${flag}' has a '.' or '..' component")
      endif()
    endforeach()
    if(NOT "-I${actfn_prefix}/include" IN_LIST flags)
      message(FATAL_ERROR "consumer pkgconfig: no -I${actfn_prefix}/include in '${cflags}'")
    endif()
    if(NOT EXISTS ${actfn_prefix}/include/actfn/actfn.hpp)
      message(FATAL_ERROR "consumer pkgconfig: ${actfn_prefix}/include has no actfn/actfn.hpp")
    endif()
    set(${out} ${flags} PARENT_SCOPE)
  endfunction()

  # Installed in place: plain pkg-config.
  pkg_config_cflags(cflags ${own_prefix})
  # pkg-config hands out xsimd's directory with -I, so xsimd's own -Wpedantic
  # warnings would show here: no -Werror in this mode (the others cover it).
  step(${CXX} -std=c++17 -O2 -Wall -Wextra ${cflags} ${here}/consumer.cpp -o ${build}/consumer)
  run_consumer(${build}/consumer)

  # The moved prefix of the "install" test: --define-prefix (pkgconf, and
  # pkg-config 0.29 and later) derives the prefix from where actfn.pc is found.
  pkg_config_cflags(cflags ${prefix} --define-prefix)
  step(${CXX} -std=c++17 -O2 -Wall -Wextra ${cflags} ${here}/consumer.cpp -o ${build}/consumer-moved)
  run_consumer(${build}/consumer-moved)

elseif(MODE STREQUAL "options")
  # Every cache option of the project (option() or set(... CACHE ...) of an
  # ACTFN_ name in any CMakeLists.txt or .cmake file) is documented in the
  # README's table, as `NAME`.
  file(GLOB_RECURSE lists RELATIVE ${SOURCE_DIR}
       ${SOURCE_DIR}/CMakeLists.txt ${SOURCE_DIR}/*/CMakeLists.txt ${SOURCE_DIR}/*.cmake)
  list(FILTER lists EXCLUDE REGEX "^(build|out)/")
  file(READ ${SOURCE_DIR}/README.md readme)
  set(options)
  set(missing)
  foreach(f IN LISTS lists)
    file(READ ${SOURCE_DIR}/${f} text)
    string(REGEX MATCHALL "option\\([ \t\r\n]*ACTFN_[A-Za-z0-9_]+" found "${text}")
    string(REGEX MATCHALL "set\\([ \t\r\n]*ACTFN_[A-Za-z0-9_]+[^)]*[ \t\r\n]CACHE[ \t\r\n]" found_cache "${text}")
    foreach(m IN LISTS found found_cache)
      string(REGEX MATCH "ACTFN_[A-Za-z0-9_]+" name "${m}")
      list(APPEND options ${name})
      string(FIND "${readme}" "`${name}`" at)
      if(at EQUAL -1)
        list(APPEND missing "${name} (${f})")
      endif()
    endforeach()
  endforeach()
  list(REMOVE_DUPLICATES options)
  list(LENGTH options count)
  if(count LESS 10)
    message(FATAL_ERROR "consumer options: found only ${count} options (${options}): is the pattern broken?")
  endif()
  if(missing)
    list(REMOVE_DUPLICATES missing)
    string(REPLACE ";" "\n  " missing "${missing}")
    message(FATAL_ERROR "consumer options: not documented in README.md (as `NAME`):\n  ${missing}")
  endif()
  message(STATUS "consumer options: all ${count} documented in README.md: ${options}")

elseif(MODE STREQUAL "recipes")  # CMake 3.19 or later (string(JSON))
  # Neither Conan nor vcpkg can run here: this reads their recipes instead, so
  # that the fields ConanCenter and the vcpkg registry expect cannot silently
  # disappear, and checks that they agree with each other and with CMakeLists.txt.
  set(problems)
  # expect("<if() condition>" "<message when false>")
  function(expect cond what)
    cmake_language(EVAL CODE "if(NOT (${cond}))\n  set(failed TRUE)\nendif()")
    if(failed)
      set(problems ${problems} "${what}" PARENT_SCOPE)
    endif()
  endfunction()
  file(STRINGS ${SOURCE_DIR}/CMakeLists.txt project_line REGEX "^project\\(actfn VERSION ")
  string(REGEX MATCH "VERSION ([0-9.]+)" _ "${project_line}")
  set(version "${CMAKE_MATCH_1}")

  # The version macros (README: release tags are v<version>).
  file(STRINGS ${SOURCE_DIR}/include/actfn/version.hpp version_string REGEX "#define ACTFN_VERSION_STRING ")
  expect("version_string MATCHES \"\\\"${version}\\\"\"" "include/actfn/version.hpp: '${version_string}', CMakeLists.txt ${version}")

  # The repository: ports/actfn/portfile.cmake's REPO (vcpkg_from_github).
  file(READ ${SOURCE_DIR}/ports/actfn/portfile.cmake portfile)
  string(REGEX MATCH "\n[ \t]*REPO[ \t]+([A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+)" _ "${portfile}")
  set(repo_url "https://github.com/${CMAKE_MATCH_1}")
  expect("NOT CMAKE_MATCH_1 STREQUAL \"\"" "portfile.cmake: no REPO owner/name")

  # conanfile.py: class attributes (four spaces in) and method bodies.
  file(READ ${SOURCE_DIR}/conanfile.py conanfile)
  foreach(attr name url homepage license description)
    string(REGEX MATCH "\n    ${attr} = \"([^\"]*)\"" _ "${conanfile}")
    set(conan_${attr} "${CMAKE_MATCH_1}")
    expect("NOT conan_${attr} STREQUAL \"\"" "conanfile.py: no ${attr} = \"...\"")
  endforeach()
  expect("conan_name STREQUAL \"actfn\"" "conanfile.py: name is '${conan_name}', not 'actfn'")
  expect("conan_url STREQUAL repo_url" "conanfile.py: url '${conan_url}' is not the repository ${repo_url}")
  expect("conan_homepage STREQUAL repo_url" "conanfile.py: homepage '${conan_homepage}' is not ${repo_url}")
  expect("conan_license STREQUAL \"MIT\"" "conanfile.py: license '${conan_license}' is not MIT")
  string(REGEX MATCH "\n    topics = \\(([^)]*)\\)" _ "${conanfile}")
  set(topics "${CMAKE_MATCH_1}")
  expect("topics MATCHES \"\\\"header-only\\\"\" AND topics MATCHES \"\\\"gelu\\\"\""
         "conanfile.py: topics missing or without \"header-only\" and \"gelu\"")
  expect("conanfile MATCHES \"\n    package_type = \\\"header-library\\\"\"" "conanfile.py: package_type is not header-library")
  # def <name>(self): ... up to the next method or the end of the class.
  foreach(method configure validate generate build package package_id package_info)
    string(REGEX MATCH "\n    def ${method}\\(self\\):\n(        [^\n]*\n|[ \t]*\n)*" body "${conanfile}")
    set(conan_${method} "${body}")
    expect("NOT body STREQUAL \"\"" "conanfile.py: no ${method}(self)")
  endforeach()
  expect("conan_validate MATCHES \"check_min_cppstd\\\\(self, 17\\\\)\"" "conanfile.py: validate() does not call check_min_cppstd(self, 17)")
  expect("conanfile MATCHES \"\nfrom conan.tools.build import [^\n]*check_min_cppstd\""
         "conanfile.py: check_min_cppstd is not imported from conan.tools.build")
  # The C++17 requirement of CMakeDeps' target: a build module from cmake/.
  string(REGEX MATCH "\"(actfn-conan-[a-z0-9-]+[.]cmake)\"" _ "${conanfile}")
  set(module "${CMAKE_MATCH_1}")
  expect("NOT module STREQUAL \"\" AND EXISTS \"${SOURCE_DIR}/cmake/${module}\""
         "conanfile.py: names no build module cmake/actfn-conan-*.cmake that exists")
  expect("conan_package_info MATCHES \"cmake_build_modules\"" "conanfile.py: package_info() sets no cmake_build_modules")
  expect("conan_package MATCHES \"_build_module\"" "conanfile.py: package() does not copy the build module")
  if(module)
    file(READ ${SOURCE_DIR}/cmake/${module} module_text)
    expect("module_text MATCHES \"INTERFACE_COMPILE_FEATURES[^\n]*cxx_std_17\""
           "cmake/${module}: does not add cxx_std_17 to INTERFACE_COMPILE_FEATURES")
  endif()

  # test_package/CMakeLists.txt: C++17 asked for, as a consumer should.
  file(READ ${SOURCE_DIR}/test_package/CMakeLists.txt test_package)
  expect("test_package MATCHES \"target_compile_features\\\\(test_package PRIVATE cxx_std_17\\\\)\""
         "test_package/CMakeLists.txt: no target_compile_features(test_package PRIVATE cxx_std_17)")

  # ports/actfn/vcpkg.json.
  file(READ ${SOURCE_DIR}/ports/actfn/vcpkg.json manifest)
  foreach(field name version homepage description license)
    string(JSON vcpkg_${field} ERROR_VARIABLE err GET "${manifest}" ${field})
    expect("NOT err AND NOT vcpkg_${field} STREQUAL \"\"" "vcpkg.json: no ${field}")
  endforeach()
  expect("vcpkg_name STREQUAL \"actfn\"" "vcpkg.json: name is '${vcpkg_name}'")
  expect("vcpkg_version STREQUAL version" "vcpkg.json: version ${vcpkg_version}, CMakeLists.txt ${version}")
  expect("vcpkg_homepage STREQUAL repo_url" "vcpkg.json: homepage '${vcpkg_homepage}' is not ${repo_url}")
  expect("vcpkg_license STREQUAL \"MIT\"" "vcpkg.json: license '${vcpkg_license}' is not MIT")
  expect("vcpkg_description STREQUAL conan_description" "vcpkg.json and conanfile.py: descriptions differ")
  string(JSON deps ERROR_VARIABLE err GET "${manifest}" dependencies)
  expect("deps MATCHES \"\\\"name\\\" : \\\"xsimd\\\"\"" "vcpkg.json: no dependency on xsimd")

  # ---- the dispatched library (actfn::dispatch) in both recipes ----
  # expect_match(<variable> <regex> <message when it does not match>), and
  # expect_no_match: the same, for what must not be there.
  function(expect_match var regex what)
    if(NOT ${var} MATCHES "${regex}")
      set(problems ${problems} "${what}" PARENT_SCOPE)
    endif()
  endfunction()
  function(expect_no_match var regex what)
    if(${var} MATCHES "${regex}")
      set(problems ${problems} "${what}" PARENT_SCOPE)
    endif()
  endfunction()
  # What the build installs: libactfn_dispatch (OUTPUT_NAME), exported as
  # actfn::dispatch, described by actfn-dispatch.pc.
  file(READ ${SOURCE_DIR}/src/dispatch/dispatch.cmake dispatch_cmake)
  string(REGEX MATCH "OUTPUT_NAME ([A-Za-z0-9_]+)" _ "${dispatch_cmake}")
  set(dispatch_lib "${CMAKE_MATCH_1}")
  expect("NOT dispatch_lib STREQUAL \"\"" "src/dispatch/dispatch.cmake: no OUTPUT_NAME")
  expect_match(dispatch_cmake "EXPORT_NAME dispatch\n" "src/dispatch/dispatch.cmake: EXPORT_NAME is not dispatch (actfn::dispatch)")
  file(READ ${SOURCE_DIR}/cmake/actfn-dispatch.pc.in dispatch_pc)
  expect_match(dispatch_pc "-l${dispatch_lib}( |\n|$)" "cmake/actfn-dispatch.pc.in: Libs has no -l${dispatch_lib}")

  # vcpkg: a feature "dispatch", mapped by vcpkg_check_features to
  # ACTFN_BUILD_DISPATCH (no other setting of it), one configuration only
  # without it, actfn-dispatch.pc moved to lib/pkgconfig for vcpkg's checks.
  string(JSON feature_description ERROR_VARIABLE err GET "${manifest}" features dispatch description)
  expect("NOT err AND NOT feature_description STREQUAL \"\"" "vcpkg.json: no feature \"dispatch\" with a description")
  string(REGEX REPLACE "#[^\n]*" "" portfile_code "${portfile}")
  expect_match(portfile_code "vcpkg_check_features\\([^)]*OUT_FEATURE_OPTIONS[ \t\r\n]+FEATURE_OPTIONS[^)]*[ \t\r\n]FEATURES[ \t\r\n][^)]*dispatch[ \t]+ACTFN_BUILD_DISPATCH[ \t\r\n)]"
               "portfile.cmake: vcpkg_check_features() does not map the feature dispatch to ACTFN_BUILD_DISPATCH")
  expect_match(portfile_code "vcpkg_cmake_configure\\([^)]*\\\${FEATURE_OPTIONS}"
               "portfile.cmake: vcpkg_cmake_configure() is not given \${FEATURE_OPTIONS}")
  expect_no_match(portfile_code "-DACTFN_BUILD_DISPATCH"
                  "portfile.cmake: sets ACTFN_BUILD_DISPATCH itself (only the feature may)")
  string(REGEX MATCHALL "set\\(VCPKG_BUILD_TYPE" build_type_sets "${portfile_code}")
  list(LENGTH build_type_sets build_type_sets)
  expect("build_type_sets EQUAL 1" "portfile.cmake: set(VCPKG_BUILD_TYPE ...) ${build_type_sets} times, expected once")
  expect_match(portfile_code "if\\(NOT (\"dispatch\" IN_LIST FEATURES|ACTFN_BUILD_DISPATCH)\\)[ \t\r\n]*set\\(VCPKG_BUILD_TYPE release\\)"
               "portfile.cmake: VCPKG_BUILD_TYPE release is not limited to the header-only port (feature dispatch off)")
  foreach(pc_dir lib/pkgconfig debug/lib/pkgconfig)
    expect_match(portfile_code "\\\${CURRENT_PACKAGES_DIR}/${pc_dir}/actfn-dispatch[.]pc"
                 "portfile.cmake: actfn-dispatch.pc is not moved to ${pc_dir} (it has Libs:)")
  endforeach()
  string(FIND "${portfile_code}" "actfn-dispatch.pc" last_move REVERSE)
  string(FIND "${portfile_code}" "vcpkg_fixup_pkgconfig(" fixup_at REVERSE)
  expect("fixup_at GREATER last_move" "portfile.cmake: vcpkg_fixup_pkgconfig() does not come after the .pc moves")
  file(READ ${SOURCE_DIR}/ports/actfn/usage usage)
  expect_match(usage "actfn::dispatch" "ports/actfn/usage: does not mention actfn::dispatch")
  expect_match(usage "actfn\\[dispatch\\]" "ports/actfn/usage: does not mention actfn[dispatch]")

  # Conan: an option dispatch, off by default; ACTFN_BUILD_DISPATCH and the
  # build only with it; header-only (package_id cleared) without it; the
  # components actfn (actfn::actfn) and dispatch (actfn::dispatch).
  expect_match(conanfile "\n    options = {[^}\n]*\"dispatch\": \\[True, False\\]"
               "conanfile.py: no option \"dispatch\": [True, False]")
  expect_match(conanfile "\n    default_options = {[^}\n]*\"dispatch\": False"
               "conanfile.py: the option dispatch is not False by default")
  expect_match(conanfile "\n    exports_sources = [^\n]*\"src/[*]\"" "conanfile.py: exports_sources has no \"src/*\"")
  expect_match(conan_configure "if self[.]options[.]dispatch:\n +self[.]package_type = \"library\""
               "conanfile.py: configure() does not make the package a library with dispatch")
  expect_match(conan_generate "cache_variables\\[\"ACTFN_BUILD_DISPATCH\"\\] = [^\n]*self[.]options[.]dispatch"
               "conanfile.py: generate() does not set ACTFN_BUILD_DISPATCH from the option dispatch")
  expect_no_match(conan_generate "ACTFN_BUILD_DISPATCH\"\\] = (True|\"ON\")"
                  "conanfile.py: generate() sets ACTFN_BUILD_DISPATCH on regardless of the option")
  expect_match(conan_build "if self[.]options[.]dispatch:\n +[^\n]*[.]build\\(\\)"
               "conanfile.py: build() does not compile under the option dispatch")
  expect_match(conan_package_id "if not self[.]info[.]options[.]dispatch:\n +self[.]info[.]clear\\(\\)"
               "conanfile.py: package_id() does not clear the package id (header-only) exactly when dispatch is off")
  expect_match(conan_package_info "components\\[\"actfn\"\\]" "conanfile.py: no component actfn")
  expect_match(conan_package_info "components\\[\"dispatch\"\\]" "conanfile.py: no component dispatch")
  foreach(value "\"cmake_target_name\", \"actfn::actfn\"" "\"cmake_target_name\", \"actfn::dispatch\""
                "\"pkg_config_name\", \"actfn-dispatch\"" "libs = \\[\"${dispatch_lib}\"\\]"
                "requires = \\[\"actfn\"\\]" "requires = \\[\"xsimd::xsimd\"\\]")
    expect_match(conan_package_info "${value}" "conanfile.py: package_info() has no ${value}")
  endforeach()
  # The package's own target requires every component: named actfn::actfn,
  # it would make the header-only target link the library.
  expect_no_match(conan_package_info "self[.]cpp_info[.]set_property\\(\"cmake_target_name\", \"actfn::actfn\"\\)"
                  "conanfile.py: the package's target is actfn::actfn, which would then link every component")

  # test_package/: test_package_dispatch, built and run with dispatch=True.
  expect_match(test_package "if\\(TEST_PACKAGE_DISPATCH\\)[^\n]*\n[^\n]*add_executable\\(test_package_dispatch "
               "test_package/CMakeLists.txt: no test_package_dispatch under if(TEST_PACKAGE_DISPATCH)")
  expect_match(test_package "target_link_libraries\\(test_package_dispatch PRIVATE actfn::dispatch\\)"
               "test_package/CMakeLists.txt: test_package_dispatch does not link actfn::dispatch")
  file(READ ${SOURCE_DIR}/test_package/conanfile.py test_conanfile)
  expect_match(test_conanfile "cache_variables\\[\"TEST_PACKAGE_DISPATCH\"\\]"
               "test_package/conanfile.py: does not set TEST_PACKAGE_DISPATCH")
  expect_match(test_conanfile "options[.]get_safe\\(\"dispatch\"\\)"
               "test_package/conanfile.py: does not read the option dispatch of the package under test")
  expect_match(test_conanfile "self[.]run\\([^\n]*\"test_package_dispatch\"" "test_package/conanfile.py: does not run test_package_dispatch")
  set(test_dispatch_cpp "")
  if(EXISTS ${SOURCE_DIR}/test_package/test_package_dispatch.cpp)
    file(READ ${SOURCE_DIR}/test_package/test_package_dispatch.cpp test_dispatch_cpp)
  endif()
  expect_match(test_dispatch_cpp "actfn::dispatch::gelu\\(" "test_package/test_package_dispatch.cpp: missing, or no call of actfn::dispatch::gelu")

  if(problems)
    string(REPLACE ";" "\n  " problems "${problems}")
    message(FATAL_ERROR "consumer recipes:\n  ${problems}")
  endif()
  message(STATUS "consumer recipes: conanfile.py (url, homepage ${repo_url}, topics, validate() "
                 "with check_min_cppstd(self, 17), build module cmake/${module}, option dispatch and "
                 "components actfn, dispatch), test_package (cxx_std_17, test_package_dispatch), "
                 "vcpkg.json (${vcpkg_name} ${vcpkg_version}, homepage, feature dispatch) and "
                 "portfile.cmake (feature dispatch) as expected")

elseif(MODE STREQUAL "presets")  # CMake 3.19 or later (string(JSON))
  # Every build preset runs parallel jobs by default, and every test preset
  # parallel tests (README: the presets build with two jobs, test two at a
  # time): a build preset sets MAKEFLAGS=-j<n> in its environment, n >= 2, or
  # inherits it (not "jobs", which would override CMAKE_BUILD_PARALLEL_LEVEL,
  # and never "jobs": 0, which lets make start every job at once).
  file(READ ${SOURCE_DIR}/CMakePresets.json presets)
  set(problems)
  foreach(kind buildPresets testPresets)
    string(JSON count LENGTH "${presets}" ${kind})
    math(EXPR last "${count} - 1")
    # name -> JSON object, for the inherits lookups
    foreach(i RANGE ${last})
      string(JSON object GET "${presets}" ${kind} ${i})
      string(JSON name GET "${object}" name)
      set(${kind}_${name} "${object}")
    endforeach()
    foreach(i RANGE ${last})
      string(JSON object GET "${presets}" ${kind} ${i})
      string(JSON name GET "${object}" name)
      string(JSON hidden ERROR_VARIABLE e GET "${object}" hidden)
      if(hidden STREQUAL "ON")
        continue()
      endif()
      # The preset and the presets it inherits from (one level is all there
      # is here), as variable names: the objects may hold semicolons.
      set(chain ${kind}_${name})
      string(JSON parents ERROR_VARIABLE e GET "${object}" inherits)
      if(NOT e)
        string(JSON n_parents LENGTH "${parents}")
        math(EXPR last_parent "${n_parents} - 1")
        foreach(j RANGE ${last_parent})
          string(JSON parent GET "${parents}" ${j})
          list(APPEND chain ${kind}_${parent})
        endforeach()
      endif()
      set(parallel 0)
      foreach(var IN LISTS chain)
        set(o "${${var}}")
        if(kind STREQUAL "buildPresets")
          string(JSON jobs ERROR_VARIABLE e GET "${o}" jobs)
          if(NOT e)
            list(APPEND problems "build preset ${name}: \"jobs\": ${jobs} (overrides CMAKE_BUILD_PARALLEL_LEVEL)")
          endif()
          string(JSON makeflags ERROR_VARIABLE e GET "${o}" environment MAKEFLAGS)
          if(NOT e AND makeflags MATCHES "^-j([0-9]+)( |$)" AND CMAKE_MATCH_1 GREATER_EQUAL 2)
            set(parallel ${CMAKE_MATCH_1})
          endif()
        else()
          string(JSON jobs ERROR_VARIABLE e GET "${o}" execution jobs)
          if(NOT e AND jobs GREATER_EQUAL 2)
            set(parallel ${jobs})
          endif()
        endif()
      endforeach()
      if(parallel LESS 2)
        list(APPEND problems "${kind} ${name}: runs one job at a time")
      endif()
    endforeach()
  endforeach()
  if(problems)
    list(REMOVE_DUPLICATES problems)
    string(REPLACE ";" "\n  " problems "${problems}")
    message(FATAL_ERROR "consumer presets:\n  ${problems}")
  endif()
  message(STATUS "consumer presets: every build and test preset runs parallel jobs")

elseif(MODE STREQUAL "readme")
  # What the README tells a new user, checked where it can be: the
  # FetchContent snippet pins the release tag of this version, no internal
  # issue numbers, the copy-the-headers command as written compiles and runs
  # consumer.cpp, and every test that is skipped unless asked for (labels
  # accuracy-full and exhaustive) is named where the README explains them.
  file(READ ${SOURCE_DIR}/README.md readme)
  file(STRINGS ${SOURCE_DIR}/CMakeLists.txt project_line REGEX "^project\\(actfn VERSION ")
  string(REGEX MATCH "VERSION ([0-9.]+)" _ "${project_line}")
  set(version "${CMAKE_MATCH_1}")
  set(problems)
  string(FIND "${readme}" "GIT_TAG v${version})" at)
  if(at EQUAL -1)
    list(APPEND problems "no FetchContent_Declare(... GIT_TAG v${version})")
  endif()
  if(readme MATCHES "GIT_TAG (main|master)")
    list(APPEND problems "a FetchContent snippet pins a branch (${CMAKE_MATCH_0})")
  endif()
  if(readme MATCHES "[Ii]ssue [0-9]+")
    list(APPEND problems "'${CMAKE_MATCH_0}': an internal issue number means nothing to a reader")
  endif()
  if(readme MATCHES "`include/actfn/` on your include path")
    list(APPEND problems "the include path to add is include/, not include/actfn/")
  endif()
  # The copy-the-headers command: `g++ -std=c++17 ... app.cpp`.
  string(REGEX MATCH "`g\\+\\+ -std=c\\+\\+17 [^`]* app[.]cpp`" command "${readme}")
  if(command STREQUAL "")
    list(APPEND problems "no `g++ -std=c++17 ... app.cpp` command")
  elseif(command MATCHES "-I */usr/include")
    list(APPEND problems "${command}: -I /usr/include is the compiler's own directory")
  endif()

  # The skipped tests.
  if(CTEST AND BUILD_DIR)
    execute_process(COMMAND ${CTEST} --test-dir ${BUILD_DIR} -N -L "^(accuracy-full|exhaustive)$"
                    OUTPUT_VARIABLE listing RESULT_VARIABLE rc)
    string(REGEX MATCHALL "Test +#[0-9]+: [^\n]+" found "${listing}")
    set(names)
    foreach(line IN LISTS found)
      string(REGEX REPLACE "^Test +#[0-9]+: " "" name "${line}")
      string(STRIP "${name}" name)
      list(APPEND names ${name})
      string(FIND "${readme}" "`${name}`" at)
      if(at EQUAL -1)
        list(APPEND problems "the skipped test ${name} is not named in the README")
      endif()
    endforeach()
    list(LENGTH names n_skipped)
    message(STATUS "consumer readme: ${n_skipped} tests skipped unless asked for, all named: ${names}")
  endif()

  if(problems)
    string(REPLACE ";" "\n  " problems "${problems}")
    message(FATAL_ERROR "consumer readme:\n  ${problems}")
  endif()

  # The command itself, on consumer.cpp, with this compiler and xsimd.
  string(REGEX REPLACE "^`g\\+\\+ |`$" "" args "${command}")
  separate_arguments(args UNIX_COMMAND "${args}")
  list(TRANSFORM args REPLACE "^actfn/include$" "${SOURCE_DIR}/include")
  list(TRANSFORM args REPLACE "^app[.]cpp$" "${here}/consumer.cpp")
  set(build ${WORK_DIR}/readme)
  file(REMOVE_RECURSE ${build})
  file(MAKE_DIRECTORY ${build})
  set(xsimd_flags)
  if(XSIMD_INCLUDE_DIR)
    set(xsimd_flags -isystem ${XSIMD_INCLUDE_DIR})
  endif()
  step(${CXX} ${args} ${xsimd_flags} -o ${build}/app)
  run_consumer(${build}/app)

else()
  message(FATAL_ERROR "run.cmake: unknown MODE '${MODE}'")
endif()
