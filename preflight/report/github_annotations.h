// GitHub Actions workflow commands for code failures: `::error file=F,line=L,title=T::message`.
#pragma once

#include <string>
#include <vector>

#include "preflight/report/test_results.h"

namespace preflight {

inline constexpr int kMaxGithubAnnotations = 10;  // Actions shows at most 10 per step

// One `::error` line for each of the first 10 code failures (the step summary lists them all).
std::string GithubAnnotations(const std::vector<TestRecord>& tests);

}  // namespace preflight
