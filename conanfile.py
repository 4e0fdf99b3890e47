# Conan 2 recipe for actfn (header-only).  From a checkout:  conan create .
import os
import re

from conan import ConanFile
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
    package_type = "header-library"
    # The settings only drive the CMake configure that installs the headers;
    # package_id() drops them, so one package serves every configuration.
    settings = "os", "arch", "compiler", "build_type"
    exports_sources = "CMakeLists.txt", "cmake/*", "include/*", "LICENSE"
    no_copy_source = True

    def set_version(self):
        # One source of truth for the version: project() in CMakeLists.txt.
        text = load(self, os.path.join(self.recipe_folder, "CMakeLists.txt"))
        self.version = self.version or re.search(r"project\(actfn VERSION ([0-9.]+)", text).group(1)

    # Included by the actfn-config.cmake that CMakeDeps writes (package_info).
    _build_module = "actfn-conan-cxx17.cmake"

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

    def generate(self):
        CMakeDeps(self).generate()
        toolchain = CMakeToolchain(self)
        # The same options as the vcpkg port and the consumer test "install".
        toolchain.cache_variables["ACTFN_BUILD_TESTS"] = False
        toolchain.cache_variables["ACTFN_BUILD_BENCHMARKS"] = False
        toolchain.cache_variables["ACTFN_BUILD_EXAMPLES"] = False
        toolchain.cache_variables["ACTFN_INSTALL"] = True
        # The package is the header-only library; the compiled, run-time
        # dispatched one (actfn::dispatch) is not packaged by this recipe.
        toolchain.cache_variables["ACTFN_BUILD_DISPATCH"] = False
        toolchain.generate()

    def build(self):
        # Nothing to compile: configuring generates the install rules.
        CMake(self).configure()

    def package(self):
        copy(self, "LICENSE", src=self.source_folder, dst=os.path.join(self.package_folder, "licenses"))
        CMake(self).install()
        # Conan writes its own actfn-config.cmake and actfn.pc for consumers
        # (CMakeDeps, PkgConfigDeps) from package_info(); the installed copies
        # would be a second, conflicting description of the same package.
        rmdir(self, os.path.join(self.package_folder, "share"))
        copy(self, self._build_module, src=os.path.join(self.source_folder, "cmake"),
             dst=os.path.join(self.package_folder, "lib", "cmake"))

    def package_id(self):
        self.info.clear()

    def package_info(self):
        self.cpp_info.set_property("cmake_file_name", "actfn")
        self.cpp_info.set_property("cmake_target_name", "actfn::actfn")
        self.cpp_info.set_property("pkg_config_name", "actfn")
        # CMakeDeps has no property for compile features, and package() drops
        # actfn's own actfnTargets.cmake (which has cxx_std_17): this module
        # adds C++17 to CMakeDeps' actfn::actfn.
        self.cpp_info.set_property("cmake_build_modules", [os.path.join("lib", "cmake", self._build_module)])
        self.cpp_info.bindirs = []
        self.cpp_info.libdirs = []
