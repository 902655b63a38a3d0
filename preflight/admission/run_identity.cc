// The run's name for application_name.
#include "preflight/admission/run_identity.h"

#include <fmt/format.h>

namespace preflight {

std::string RunIdentity(const VariableReader& variable, std::string_view host) {
  auto get = [&](std::string_view name) { return variable(name).value_or(""); };
  std::string job = get("PREFLIGHT_RUN_NAME");
  if (job.empty() && !get("CI_JOB_ID").empty()) job = "ci-" + get("CI_JOB_ID");
  if (job.empty() && !get("GITHUB_RUN_ID").empty())
    job = fmt::format("gh-{}{}", get("GITHUB_RUN_ID"),
                      get("GITHUB_JOB").empty() ? "" : "-" + get("GITHUB_JOB"));
  if (job.empty() && !get("BUILDKITE_JOB_ID").empty()) job = "bk-" + get("BUILDKITE_JOB_ID");
  if (job.empty() && !get("BUILD_TAG").empty()) job = get("BUILD_TAG");  // Jenkins
  if (job.empty()) job = get("USER").empty() ? "run" : get("USER");
  std::string branch = get("CI_COMMIT_REF_NAME");
  for (const char* name : {"GITHUB_HEAD_REF", "GITHUB_REF_NAME", "BUILDKITE_BRANCH", "BRANCH_NAME"})
    if (branch.empty()) branch = get(name);
  std::string identity =
      fmt::format("preflight {}{}{} {}", job, branch.empty() ? "" : " ", branch, host);
  // PostgreSQL cuts application_name at 63 bytes; cut on a character boundary ourselves.
  if (identity.size() > 63) {
    size_t cut = 63;
    while (cut > 0 && (static_cast<unsigned char>(identity[cut]) & 0xC0) == 0x80) --cut;
    identity.resize(cut);
  }
  return identity;
}

}  // namespace preflight
