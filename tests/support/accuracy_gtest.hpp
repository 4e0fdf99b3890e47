#pragma once
// GoogleTest side of the accuracy sweep: runs a family, prints every measured
// maximum (stdout and the test's XML properties) and asserts the level's bounds.

#include "kernels.hpp"

#include <gtest/gtest.h>

#include <iostream>
#include <string>

namespace actfn_test {

inline void report_and_check(const kernel_report& kr)
{
    if (!kr.measured)
        return;
    const std::string base = label(kr);
    const std::pair<const char*, const result*> paths[] = {{"array", &kr.array}, {"scalar", &kr.scalar}};
    for (const auto& pr : paths)
    {
        const std::string what = base + " [" + pr.first + "]";
        const std::string text = describe(*pr.second, kr.b, kr.fmt);
        std::cout << "[ accuracy ] " << what << ": " << text << std::endl;
        std::string key = std::string(actfn_ref::name(kr.k)) + "_" + (kr.fmt == format::binary32 ? "float" : "double") +
                          "_" + pr.first;
        ::testing::Test::RecordProperty(key + "_max_ulp", std::to_string(pr.second->max_ulp));
        ::testing::Test::RecordProperty(key + "_max_ulp_x", show(pr.second->max_ulp_x, kr.fmt));
        if (pr.second->window_points > 0)
            ::testing::Test::RecordProperty(key + "_root_window_max_abs", std::to_string(pr.second->max_abs_window));
        EXPECT_TRUE(within(*pr.second, kr.b)) << what << ": " << text;
    }
}

// The family sweep of fwd for type T at the level chosen by ACTFN_ACCURACY.
// A secondary sweep (non-default parameters) runs one level lower: light in
// the default suite, standard in the full one, light in the light one.
template <class T>
void check_family(kernel fwd, param_t<T> p = {}, bool secondary = false)
{
    const level env = level_from_env();
    const level l = !secondary ? env : env == level::full ? level::standard : level::light;
    std::cout << "[ accuracy ] level " << level_name(l) << ", " << thread_count() << " threads" << std::endl;
    const family_report rep = run_family<T>(fwd, p, l, false);
    report_and_check(rep.forward);
    report_and_check(rep.derivative);
}

} // namespace actfn_test
