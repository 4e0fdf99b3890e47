# `conan create .` builds and runs this against the package it just created;
# with -o "actfn/*:dispatch=True", test_package_dispatch too.
import os

from conan import ConanFile
from conan.tools.build import can_run
from conan.tools.cmake import CMake, CMakeDeps, CMakeToolchain, cmake_layout


class ActfnTestConan(ConanFile):
    settings = "os", "arch", "compiler", "build_type"

    def requirements(self):
        self.requires(self.tested_reference_str)

    def layout(self):
        cmake_layout(self)

    @property
    def _with_dispatch(self):
        # The option of the package under test (get_safe: None on a package
        # without it).
        return bool(self.dependencies[self.tested_reference_str].options.get_safe("dispatch"))

    def generate(self):
        CMakeDeps(self).generate()
        toolchain = CMakeToolchain(self)
        toolchain.cache_variables["TEST_PACKAGE_DISPATCH"] = self._with_dispatch
        toolchain.generate()

    def build(self):
        cmake = CMake(self)
        cmake.configure()
        cmake.build()

    def test(self):
        if can_run(self):
            self.run(os.path.join(self.cpp.build.bindir, "test_package"), env="conanrun")
            if self._with_dispatch:
                self.run(os.path.join(self.cpp.build.bindir, "test_package_dispatch"), env="conanrun")
