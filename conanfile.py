# Conan 2 recipe for actfn: header-only, plus, with the option dispatch
# (-o "actfn/*:dispatch=True"), the compiled, run-time dispatched library
# actfn::dispatch.  From a checkout:  conan create .  [-o "actfn/*:dispatch=True"]
import os
import re

from conan import ConanFile
from conan.errors import ConanInvalidConfiguration
from conan.tools.build import check_min_cppstd
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout
from conan.tools.files import copy, load, rmdir

required_conan_version = ">=2.0"


class ActfnConan(ConanFile):
    name = "actfn"
    description = "Header-only C++17 activation functions built around GELU, for float, double and xsimd batches"
    license = "MIT"
    # The project's repository, where this recipe lives too; the same as
    # ports/actfn/vcpkg.json's homepage and portfile.cmake's REPO (the
    # consumer test "recipes" checks that they agree).
    url = "https://github.com/actfn/actfn"
    homepage = "https://github.com/actfn/actfn"
    topics = ("activation-functions", "gelu", "simd", "xsimd", "header-only")
    # Header-only unless dispatch=True, when configure() makes it a library
    # (static or shared, from the option shared).
    package_type = "header-library"
    # Header-only, the settings only drive the CMake configure that installs
    # the headers and package_id() drops them, so one package serves every
    # configuration; with dispatch=True they describe the compiled library.
    settings = "os", "arch", "compiler", "build_type"
    # dispatch: also build and package actfn::dispatch (libactfn_dispatch),
    # the array forms for every target of the architecture, chosen at run
    # time.  shared only exists with it.  No fPIC: the library is always
    # compiled as position-independent code (src/dispatch/dispatch.cmake).
    options = {"dispatch": [True, False], "shared": [True, False]}
    default_options = {"dispatch": False, "shared": False}
    exports_sources = "CMakeLists.txt", "cmake/*", "include/*", "src/*", "LICENSE"
    no_copy_source = True

    def set_version(self):
        # One source of truth for the version: project() in CMakeLists.txt.
        text = load(self, os.path.join(self.recipe_folder, "CMakeLists.txt"))
        self.version = self.version or re.search(r"project\(actfn VERSION ([0-9.]+)", text).group(1)

    # Included by the actfn-config.cmake that CMakeDeps writes (package_info).
    _build_module = "actfn-conan-cxx17.cmake"

    def configure(self):
        if self.options.dispatch:
            self.package_type = "library"
        else:
            self.options.rm_safe("shared")

    def requirements(self):
        # actfn works with xsimd 8.1 to 14.x; ConanCenter has 13.x and 14.x.
        self.requires("xsimd/[>=13.0.0 <15]")

    def layout(self):
        cmake_layout(self)

    def validate(self):
        # As ConanCenter's header-only recipes do: a profile without
        # compiler.cppstd is not refused (the build module below still asks
        # CMake for C++17).
        if self.settings.compiler.get_safe("cppstd"):
            check_min_cppstd(self, 17)
        # The per-target units are compiled with GCC's and Clang's -m flags.
        if self.options.dispatch and str(self.settings.compiler) not in ("gcc", "clang", "apple-clang"):
            raise ConanInvalidConfiguration(
                f"{self.ref}: dispatch=True needs GCC or Clang, not {self.settings.compiler}")

    def generate(self):
        CMakeDeps(self).generate()
        toolchain = CMakeToolchain(self)
        # The same options as the vcpkg port and the consumer test "install".
        toolchain.cache_variables["ACTFN_BUILD_TESTS"] = False
        toolchain.cache_variables["ACTFN_BUILD_BENCHMARKS"] = False
        toolchain.cache_variables["ACTFN_BUILD_EXAMPLES"] = False
        toolchain.cache_variables["ACTFN_INSTALL"] = True
        # The compiled, run-time dispatched library (actfn::dispatch) only
        # with dispatch=True; otherwise the package is the headers alone.
        toolchain.cache_variables["ACTFN_BUILD_DISPATCH"] = bool(self.options.dispatch)
        toolchain.generate()

    def build(self):
        cmake = CMake(self)
        # Header-only, nothing to compile: configuring generates the install rules.
        cmake.configure()
        if self.options.dispatch:
            cmake.build()

    def package(self):
        copy(self, "LICENSE", src=self.source_folder, dst=os.path.join(self.package_folder, "licenses"))
        CMake(self).install()
        # Conan writes its own actfn-config.cmake and .pc files for consumers
        # (CMakeDeps, PkgConfigDeps) from package_info(); the installed copies
        # (actfn.pc and, with dispatch, actfn-dispatch.pc, all under share/)
        # would be a second, conflicting description of the same package.
        rmdir(self, os.path.join(self.package_folder, "share"))
        copy(self, self._build_module, src=os.path.join(self.source_folder, "cmake"),
             dst=os.path.join(self.package_folder, "lib", "cmake"))

    def package_id(self):
        # Header-only: one package for every configuration.  With dispatch,
        # the settings and the option shared tell the binaries apart.
        if not self.info.options.dispatch:
            self.info.clear()

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "actfn")
        # CMakeDeps and PkgConfigDeps also make a target and a .pc file for the
        # whole package, which require every component: they take the names of
        # the topmost component (actfn::dispatch and actfn-dispatch with
        # dispatch, actfn::actfn and actfn otherwise), so that the header-only
        # actfn::actfn never links the compiled library.
        top = "dispatch" if self.options.dispatch else "actfn"
        self.cpp_info.set_property("cmake_target_name", f"actfn::{top}")
        self.cpp_info.set_property("pkg_config_name", "actfn-dispatch" if self.options.dispatch else "actfn")
        # CMakeDeps has no property for compile features, and package() drops
        # actfn's own actfnTargets.cmake (which has cxx_std_17): this module
        # adds C++17 to CMakeDeps' actfn::actfn.  (CMakeDeps reads build
        # modules from the package, not from its components.)
        self.cpp_info.set_property("cmake_build_modules", [os.path.join("lib", "cmake", self._build_module)])

        # actfn::actfn: the header-only library, as the package always was.
        headers = self.cpp_info.components["actfn"]
        headers.set_property("cmake_target_name", "actfn::actfn")
        headers.set_property("pkg_config_name", "actfn")
        headers.requires = ["xsimd::xsimd"]
        headers.bindirs = []
        headers.libdirs = []

        # actfn::dispatch: the compiled library; its header needs no xsimd.
        if self.options.dispatch:
            dispatch = self.cpp_info.components["dispatch"]
            dispatch.set_property("cmake_target_name", "actfn::dispatch")
            dispatch.set_property("pkg_config_name", "actfn-dispatch")
            dispatch.libs = ["actfn_dispatch"]
            dispatch.requires = ["actfn"]
            # Its kernels call libm (ldexp, ilogb).
            if self.settings.os in ("Linux", "FreeBSD"):
                dispatch.system_libs = ["m"]
