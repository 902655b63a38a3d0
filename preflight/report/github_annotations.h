// GitHub Actions workflow commands for code failures: `::error file=F,line=L,title=T::message`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "preflight/report/test_results.h"

namespace preflight {

inline constexpr int kMaxGithubAnnotations = 10;  // Actions shows at most 10 per step

// One `::error` line for each of the first 10 code failures (the step summary lists them all).
std::string GithubAnnotations(const std::vector<TestRecord>& tests);

// `::add-mask::` lines: GitHub masks these values in the job's log from then on. A multi-line
// secret is masked line by line; lines shorter than 3 bytes are not (they would mask everything).
std::string GithubMasks(const std::vector<std::string>& secrets);

// Workflow-command data: % CR LF escaped.
std::string EscapeWorkflowData(std::string_view text);

}  // namespace preflight
